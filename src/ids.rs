//! Object ids: `cus_…`, `mtr_…`, `prod_…`, `sub_…` — a prefix and 16 random base-62 characters,
//! in the style operators know from Stripe and Dodo Payments.

use crate::crypto;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A new random id with this prefix, e.g. `new_id("mtr")` → `mtr_4fZk0Q9xv2LmA7cD`.
pub fn new_id(prefix: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + 17);
    id.push_str(prefix);
    id.push('_');
    // Rejection sampling keeps every character equally likely.
    while id.len() < prefix.len() + 17 {
        for b in crypto::random_bytes(24) {
            if (b as usize) < 248 && id.len() < prefix.len() + 17 {
                id.push(BASE62[b as usize % 62] as char);
            }
        }
    }
    id
}

/// An id chosen by the operator or generated: 1–255 of `A–Z a–z 0–9 _ . : -`, so Stripe's
/// `cus_QMJJtcu70R1x46` and most external ids fit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct CustomerId(String);

impl CustomerId {
    pub fn parse(raw: &str) -> Result<CustomerId, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("Enter a customer id, or leave it empty to have one generated.");
        }
        if s.len() > 255 {
            return Err("A customer id has at most 255 characters.");
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
        {
            return Err("A customer id may use letters, digits and _ . : - only (no spaces).");
        }
        Ok(CustomerId(s.to_string()))
    }

    pub fn generate() -> CustomerId {
        CustomerId(new_id("cus"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for CustomerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_sixteen_base62_characters() {
        let id = new_id("mtr");
        assert!(id.starts_with("mtr_"));
        assert_eq!(id.len(), 20);
        assert!(id[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(id, new_id("mtr"));
    }

    #[test]
    fn customer_ids_accept_stripe_ids_and_refuse_spaces() {
        assert!(CustomerId::parse("cus_QMJJtcu70R1x46").is_ok());
        assert!(CustomerId::parse("acme:eu-1.prod").is_ok());
        assert!(CustomerId::parse("has space").is_err());
        assert!(CustomerId::parse("").is_err());
        assert!(CustomerId::parse(&"x".repeat(256)).is_err());
        assert_eq!(CustomerId::parse("  id_1 ").map(|c| c.0), Ok("id_1".into()));
    }
}
