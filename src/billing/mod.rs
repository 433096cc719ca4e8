//! The one home of pricing: a product line's [`Price`] (SPEC "Pricing models") and the pricing
//! of a line for a cycle ([`price_line`]), which every reader of a charge comes to through
//! [`crate::charges`] (subscriptions' cycles priced from stored usage). Pure: no I/O, no
//! database, no web types; money rounding and currencies come from [`crate::metering::money`].
//!
//! - [`price`]: the models (`per_unit`, `package`, `graduated`, `volume`), valid by
//!   construction, and refusals that name the field and the fix.
//! - [`input`]: a price as text (forms; the API JSON once its structure is checked) and its
//!   validation, one set of rules for both.
//! - [`json`]: the price JSON of the API and of storage, both ways.
//! - [`line`](mod@line): consumed → free → chargeable → the per-tier breakdown → the charge, rounded
//!   once, half-up, to the currency's minor unit.
//! - [`examples`]: three usage values per line for the product page's worked examples.
//!
//! # Properties (tested with proptest in `tests/properties.rs`)
//!
//! Issue 12 asks for four; two hold as written, two do not and are tested in their true form:
//!
//! - **One tier = per unit** (as written): a graduated or volume price with one unbounded
//!   tier (no flat fee) charges exactly what `per_unit` at that price charges.
//! - **A free threshold = a first tier at price 0, for graduated** (as written): free `F` on
//!   tiers `T` charges what free 0 on `[{up_to: F, unit_price: 0}] ++ T shifted by F` does
//!   (also with flat fees).
//! - **A charge never decreases when usage grows**: true for `per_unit`, `package` (up and
//!   down) and `graduated` — *not* for every model as the issue says. A `volume` charge can
//!   fall when usage crosses into a cheaper tier: Stripe's own tiers (5.00 + 10.00 flat up to
//!   5, 4.00 + 20.00 up to 10, 3.00 + 30.00 up to 15, 2.00 + 40.00 up to 20, then 1.00 +
//!   50.00) charge 15 units 75.00 and 16 units 72.00. Volume is monotone when unit prices and
//!   flat fees do not fall from tier to tier; that is what is tested, with the counter-example
//!   pinned.
//! - **Graduated vs volume**: the issue's "graduated ≤ volume when unit prices fall with the
//!   tiers" is reversed. When unit prices do not rise, `volume ≤ graduated` (volume prices
//!   every unit at the current, lowest price; graduated pays at least that for each unit and
//!   its fees include the current tier's) — with or without flat fees. When unit prices do
//!   not fall and there are no flat fees, `graduated ≤ volume`. Stripe's "Typographic" tiers
//!   (7.00, 6.50, 6.00) give 6 units: volume 39.00, graduated 41.50.

mod exact;
pub mod examples;
pub mod input;
pub mod json;
pub mod line;
pub mod price;
mod refusal;

pub use examples::{ExampleKind, WorkedExample, worked_examples};
pub use input::{PriceInput, TierInput};
pub use line::{PricedLine, TierLine, price_line};
pub use price::{MAX_TIERS, Model, Package, Price, PriceError, PriceErrors, Rounding, Tier};
pub use refusal::PricingError;

#[cfg(test)]
mod tests;
