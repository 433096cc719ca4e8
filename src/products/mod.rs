//! Usage-based products: meters with a price per unit and a free threshold.

use crate::web::router::Router;

pub fn register(_r: &mut Router<'_>) {}
