//! The product form's refusals in the operator's language. The rules (`products/`, `billing/`,
//! shared with the API, which keeps their English) give each refusal a [`Rule`]; this names
//! the field or line it is about and says the rule from the catalogue (`product-rule-…`).

use crate::i18n::Arg;
use crate::validation::{FieldErrors, Rule, RuleArg};
use crate::web::locale::Locale;

/// `errors` with every coded message said in `loc`'s language (others as they are).
pub fn localized(loc: &Locale, errors: &FieldErrors) -> FieldErrors {
    errors.reworded(|field, message, rule| match rule {
        Some(rule) => refusal(loc, field, rule),
        None => message.to_owned(),
    })
}

/// The rule's sentence, after the words of the line's field it is about.
fn refusal(loc: &Locale, field: &str, rule: &Rule) -> String {
    let id = format!("product-rule-{}", rule.code);
    if !loc.has(&id) {
        return rule.code.to_owned();
    }
    let args: Vec<(&str, Arg)> = rule
        .args
        .iter()
        .map(|(name, value)| {
            let arg = match value {
                RuleArg::Text(t) => Arg::from(t.as_str()),
                RuleArg::Number(d) => Arg::from(*d),
                RuleArg::Count(n) => Arg::from(*n),
            };
            (*name, arg)
        })
        .collect();
    let text = loc.t_args(&id, &args);
    match line_field(field).and_then(|f| field_label(loc, f)) {
        Some(label) => loc.t2("product-refusal", "field", label, "rule", text),
        None => text,
    }
}

/// `meters[2].price.unit_price` → `price.unit_price`.
fn line_field(field: &str) -> Option<&str> {
    field.strip_prefix("meters[")?.split_once("].").map(|(_, f)| f)
}

/// The form's words for a line's field: `price.tiers[1].up_to` → "Tier 2 up to"; `None` for
/// a field whose rule names it already (the meter).
fn field_label(loc: &Locale, field: &str) -> Option<String> {
    let id = match field {
        "free_threshold" => "product-field-free-threshold",
        "price" | "price.model" => "product-field-model",
        "price.unit_price" => "product-field-unit-price",
        "price.package_size" => "product-field-package-size",
        "price.package_price" => "product-field-package-price",
        "price.round" => "product-field-round",
        "price.tiers" => "product-field-tiers",
        _ => {
            let (tier, rest) = field
                .strip_prefix("price.tiers[")?
                .split_once(']')
                .and_then(|(t, rest)| Some((t.parse::<usize>().ok()? + 1, rest)))?;
            let id = match rest {
                "" => "product-field-tier",
                ".up_to" => "product-field-tier-up-to",
                ".unit_price" => "product-field-tier-unit-price",
                ".flat_fee" => "product-field-tier-flat-fee",
                _ => return None,
            };
            return Some(loc.t1(id, "n", tier));
        }
    };
    Some(loc.t(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use rust_decimal::Decimal;

    fn locale(lang: Lang) -> Locale {
        Locale::new(crate::i18n::shared_catalog(), lang, crate::tz::DEFAULT_ZONE)
    }

    #[test]
    fn refusals_name_the_field_and_the_fix_in_each_language() {
        let mut e = FieldErrors::new();
        e.add_rule(
            "meters[0].price.tiers[1].up_to",
            "english",
            Rule::new("up-to-not-ascending").number("previous", Decimal::from(1_234_567)),
        );
        e.add_rule("meters[0].meter_id", "english", Rule::new("meter-choose"));
        e.add("name", "kept");
        let en = localized(&locale(Lang::En), &e);
        assert_eq!(
            en.get("meters[0].price.tiers[1].up_to"),
            Some("Tier 2 up to: must be greater than the tier before (1,234,567).")
        );
        assert_eq!(en.get("meters[0].meter_id"), Some("Choose a meter."));
        assert_eq!(en.get("name"), Some("kept"));
        let hi = localized(&locale(Lang::Hi), &e);
        let text = hi.get("meters[0].price.tiers[1].up_to").unwrap();
        assert!(text.contains("12,34,567"), "{text}");
        assert!(text.starts_with("स्तर 2"), "{text}");
        let fr = localized(&locale(Lang::Fr), &e);
        assert!(
            fr.get("meters[0].price.tiers[1].up_to")
                .unwrap()
                .contains("1\u{202F}234\u{202F}567")
        );
    }
}
