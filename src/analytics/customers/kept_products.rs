//! The products the customers table priced, kept by the process with the products' version
//! they were read at (`products_version`, which moves in the same transaction as every change
//! to `products`, `product_meters` or `meters`, whoever makes it). A view whose session
//! statement read that same version, and whose subscriptions' products are all kept, prices
//! with them without reading the products again: they are then exactly what its session's
//! snapshot held. Otherwise the page's products are read with the version in one statement.

use std::collections::HashMap;
use std::sync::Arc;

use crate::charges::{self, ProductLines};
use crate::db::Conn;
use crate::error::AppError;
use crate::kept::AtVersion;

/// Products kept at most; past it, the memory holds only the last page's.
const MAX_PRODUCTS: usize = 10_000;

type Products = Arc<HashMap<String, ProductLines>>;

/// The products last read, with the version they were read at.
#[derive(Default)]
pub struct KeptProducts(AtVersion<HashMap<String, ProductLines>>);

impl KeptProducts {
    /// The products of `ids` at version `seen` (as the request's session statement read it).
    pub fn of(&self, conn: &mut Conn, ids: &[String], seen: Option<i64>) -> Result<Products, AppError> {
        if let Some(products) = self.0.at(seen)
            && ids.iter().all(|id| products.contains_key(id))
        {
            return Ok(products);
        }
        let (version, read) = charges::load_products_versioned(conn, ids)?;
        let Some(version) = version else {
            return Ok(Arc::new(read));
        };
        // Products read at the kept version join the kept ones; at any other, they replace them.
        let products = match self.0.kept() {
            Some((v, products)) if v == version && products.len() + read.len() <= MAX_PRODUCTS => {
                let mut all = (*products).clone();
                all.extend(read);
                all
            }
            _ => read,
        };
        let products = Arc::new(products);
        self.0.keep(version, products.clone());
        Ok(products)
    }
}
