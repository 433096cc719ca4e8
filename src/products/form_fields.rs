//! The product form's price fields: their labels, a billing refusal worded with them, and
//! which tier rows were left blank (spares, not tiers).

use crate::billing::TierInput;

/// A tier row with nothing typed in it.
pub fn blank_tier(t: &TierInput) -> bool {
    t.up_to.as_deref().is_none_or(|u| u.trim().is_empty())
        && t.unit_price.trim().is_empty()
        && t.flat_fee.trim().is_empty()
}

/// The words of a price field on the form: `price.tiers[1].up_to` → `Tier 2 up to`.
pub fn field_label(field: &str) -> String {
    match field {
        "price" | "price.model" => "Pricing model".into(),
        "price.unit_price" => "Unit price".into(),
        "price.package_size" => "Package size".into(),
        "price.package_price" => "Package price".into(),
        "price.round" => "Rounding".into(),
        "price.tiers" => "Tiers".into(),
        _ => {
            let tier = field
                .strip_prefix("price.tiers[")
                .and_then(|r| r.split_once(']'))
                .and_then(|(t, rest)| Some((t.parse::<usize>().ok()? + 1, rest)));
            match tier {
                Some((n, "")) => format!("Tier {n}"),
                Some((n, ".up_to")) => format!("Tier {n} up to"),
                Some((n, ".unit_price")) => format!("Tier {n} unit price"),
                Some((n, ".flat_fee")) => format!("Tier {n} flat fee"),
                _ => field.to_owned(),
            }
        }
    }
}

/// A billing refusal worded for the form: `Tier 2 up to: must be greater than 0.` — the
/// API's words, with the form's names for what the JSON calls `null` and `up_to`.
pub fn form_message(field: &str, message: &str) -> String {
    let message = message
        .replace(
            "must be null: the last tier has no upper bound",
            "leave it empty: the last tier you use has no upper bound",
        )
        .replace("give this one an up_to", "give this one an upper bound")
        .replace("(null only for the last tier)", "(empty only for the last tier)")
        .replace("the last one has up_to null", "leave up to empty on the last one");
    let end = if message.ends_with('.') { "" } else { "." };
    format!("{}: {message}{end}", field_label(field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_messages_use_the_form_words() {
        assert_eq!(
            form_message(
                "price.tiers[1].up_to",
                "must be greater than the tier before (1000)"
            ),
            "Tier 2 up to: must be greater than the tier before (1000)."
        );
        assert_eq!(
            form_message(
                "price.tiers[0].up_to",
                "only the last tier has no upper bound; give this one an up_to greater than 0"
            ),
            "Tier 1 up to: only the last tier has no upper bound; give this one an upper bound greater than 0."
        );
        assert_eq!(
            form_message("price.package_size", "must be greater than 0"),
            "Package size: must be greater than 0."
        );
        assert_eq!(field_label("price.tiers[9].flat_fee"), "Tier 10 flat fee");
    }
}
