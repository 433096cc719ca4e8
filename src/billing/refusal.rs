//! Why a line could not be priced.

use crate::metering::MoneyError;

/// Why a line could not be priced. A [`Price`](super::Price) is valid by construction, so only the
/// quantities can be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("the free threshold cannot be negative")]
    NegativeThreshold,
    #[error("the consumed quantity and the free threshold take at most 12 decimal places")]
    TooManyDecimals,
    /// Internal: a negative amount reached the exact sum (prices and units are ≥ 0 here).
    #[error("a negative amount cannot be priced")]
    Negative,
    #[error("the charge is too large to compute")]
    Overflow,
}

impl From<MoneyError> for PricingError {
    fn from(e: MoneyError) -> Self {
        match e {
            MoneyError::NegativeThreshold => PricingError::NegativeThreshold,
            MoneyError::NegativePrice => PricingError::Negative,
            // `line_charge` returns no currency error; the rest is overflow.
            _ => PricingError::Overflow,
        }
    }
}
