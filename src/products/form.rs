//! The product form's side of the input: reading its fields and buttons, its spare tier rows,
//! and the values of an existing product (its price fields' words: `form_fields`).
//!
//! Field names: `meters[N].meter_id`, `meters[N].free_threshold`, `meters[N].price.model`,
//! `meters[N].price.unit_price`, `meters[N].price.package_size`, `meters[N].price.package_price`,
//! `meters[N].price.round`, `meters[N].price.tiers[T].up_to` / `.unit_price` / `.flat_fee`.
//! A blank `up_to` is no upper bound; tier rows left entirely blank are spares.

use std::collections::BTreeMap;

use super::input::{LinePrice, MeterLineInput, ProductInput};
use super::model::{Product, ProductMeterView};
use crate::billing::{MAX_TIERS, PriceInput, TierInput};
use crate::metering::{Currency, Interval};

/// Tier rows a form line shows at least, so tiers are built without JavaScript.
pub const FORM_TIER_ROWS: usize = 4;

/// What a product form's submit button asks for. Nothing is saved but with `Save`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    Save,
    /// Re-render with one more empty meter row.
    AddMeter,
    /// Re-render without the row at this index.
    RemoveMeter(usize),
    /// Re-render with one more tier row in this meter row.
    AddTier(usize),
    /// Re-render without this tier row (meter row, tier row).
    RemoveTier(usize, usize),
}

impl FormAction {
    /// `save`, `add_meter`, `remove:N`, `add_tier:N`, `remove_tier:N:T`; anything else saves
    /// (Enter in a field of an old browser sends no button).
    fn parse(value: &str) -> FormAction {
        let index = |s: &str| s.parse::<usize>().ok();
        if value == "add_meter" {
            return FormAction::AddMeter;
        }
        if let Some(i) = value.strip_prefix("remove:").and_then(index) {
            return FormAction::RemoveMeter(i);
        }
        if let Some(i) = value.strip_prefix("add_tier:").and_then(index) {
            return FormAction::AddTier(i);
        }
        if let Some((i, t)) = value.strip_prefix("remove_tier:").and_then(|r| r.split_once(':')) {
            if let (Some(i), Some(t)) = (index(i), index(t)) {
                return FormAction::RemoveTier(i, t);
            }
        }
        FormAction::Save
    }
}

/// `meters[12].meter_id` → (12, "meter_id").
fn parse_row_key(key: &str) -> Option<(usize, &str)> {
    let rest = key.strip_prefix("meters[")?;
    let (index, field) = rest.split_once("].")?;
    Some((small_index(index, 3)?, field))
}

/// A decimal index of at most `digits` digits.
fn small_index(s: &str, digits: usize) -> Option<usize> {
    if s.is_empty() || s.len() > digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A tier row as typed.
#[derive(Default)]
struct TierText {
    up_to: String,
    unit_price: String,
    flat_fee: String,
}

/// A meter row as typed, tiers by row index.
#[derive(Default)]
struct RowText {
    meter_id: String,
    free_threshold: String,
    price: PriceInput,
    tiers: BTreeMap<usize, TierText>,
}

impl RowText {
    fn set(&mut self, field: &str, value: String) {
        match field {
            "meter_id" => self.meter_id = value,
            "free_threshold" => self.free_threshold = value,
            "price.model" => self.price.model = value,
            "price.unit_price" => self.price.unit_price = value,
            "price.package_size" => self.price.package_size = value,
            "price.package_price" => self.price.package_price = value,
            "price.round" => self.price.round = value,
            _ => {
                let Some((t, name)) = field
                    .strip_prefix("price.tiers[")
                    .and_then(|r| r.split_once("]."))
                else {
                    return;
                };
                // More rows than a price takes are never offered: ignore them.
                let Some(t) = small_index(t, 2).filter(|&t| t < MAX_TIERS) else {
                    return;
                };
                let tier = self.tiers.entry(t).or_default();
                match name {
                    "up_to" => tier.up_to = value,
                    "unit_price" => tier.unit_price = value,
                    "flat_fee" => tier.flat_fee = value,
                    _ => {}
                }
            }
        }
    }

    fn into_line(mut self) -> MeterLineInput {
        self.price.tiers = self
            .tiers
            .into_values()
            .map(|t| TierInput::from_form(&t.up_to, &t.unit_price, &t.flat_fee))
            .collect();
        MeterLineInput {
            meter_id: self.meter_id,
            free_threshold: self.free_threshold,
            price: LinePrice::Form(self.price),
        }
    }
}

impl ProductInput {
    /// A new product's form: USD, monthly, one empty per-unit meter row.
    pub fn blank() -> Self {
        ProductInput {
            currency: Currency::USD.code.to_string(),
            billing_interval: Interval::Monthly.as_str().to_string(),
            meters: vec![MeterLineInput::default()],
            ..Default::default()
        }
    }

    /// Reads a urlencoded product form (fields as in this module's doc), rows taken in index
    /// order (gaps closed), and the button pressed (`action`).
    pub fn from_form(pairs: Vec<(String, String)>) -> (ProductInput, FormAction) {
        let mut input = ProductInput::default();
        let mut action = FormAction::Save;
        let mut rows: BTreeMap<usize, RowText> = BTreeMap::new();
        for (key, value) in pairs {
            match key.as_str() {
                "name" => input.name = value,
                "description" => input.description = value,
                "currency" => input.currency = value,
                "billing_interval" => input.billing_interval = value,
                "action" => action = FormAction::parse(&value),
                _ => {
                    if let Some((index, field)) = parse_row_key(&key) {
                        rows.entry(index).or_default().set(field, value);
                    }
                }
            }
        }
        input.meters = rows.into_values().map(RowText::into_line).collect();
        (input, action)
    }

    /// Adds a tier row to meter row `row` (after the spare rows shown); false when the row
    /// already has [`MAX_TIERS`].
    pub fn add_tier(&mut self, row: usize) -> bool {
        let Some(LinePrice::Form(p)) = self.meters.get_mut(row).map(|m| &mut m.price) else {
            return true;
        };
        pad_tiers(p);
        if p.tiers.len() >= MAX_TIERS {
            return false;
        }
        p.tiers.push(TierInput::default());
        true
    }

    /// Removes tier row `tier` of meter row `row`, if there is one.
    pub fn remove_tier(&mut self, row: usize, tier: usize) {
        if let Some(LinePrice::Form(p)) = self.meters.get_mut(row).map(|m| &mut m.price) {
            if tier < p.tiers.len() {
                p.tiers.remove(tier);
            }
        }
    }
}

/// At least [`FORM_TIER_ROWS`] tier rows, the added ones blank.
pub fn pad_tiers(p: &mut PriceInput) {
    while p.tiers.len() < FORM_TIER_ROWS {
        p.tiers.push(TierInput::default());
    }
}

/// The form's values for an existing product: prices as the API writes them in the
/// product's currency (`0.50`).
pub fn input_of(product: &Product, meters: &[ProductMeterView]) -> ProductInput {
    let currency = product.currency();
    ProductInput {
        name: product.name.clone(),
        description: product.description.clone(),
        currency: product.currency.clone(),
        billing_interval: product.billing_interval.clone(),
        meters: meters
            .iter()
            .map(|m| {
                let price = PriceInput::from_json(&m.price.to_json_in(currency))
                    .unwrap_or_else(|_| PriceInput::from_price(&m.price));
                MeterLineInput {
                    meter_id: m.meter_id.clone(),
                    free_threshold: crate::metering::money::quantity_text(m.free_threshold),
                    price: LinePrice::Form(price),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn form_rows_tiers_and_actions() {
        let (i, a) = ProductInput::from_form(pairs(&[
            ("name", "X"),
            ("meters[3].meter_id", "b"),
            ("meters[0].meter_id", "a"),
            ("meters[0].price.model", "per_unit"),
            ("meters[0].price.unit_price", "1"),
            ("meters[3].free_threshold", "5"),
            ("meters[3].price.model", "graduated"),
            ("meters[3].price.tiers[1].unit_price", "0.5"),
            ("meters[3].price.tiers[0].up_to", "100"),
            ("meters[3].price.tiers[0].unit_price", "1"),
            ("meters[3].price.tiers[10].unit_price", "ignored"),
            ("meters[x].meter_id", "ignored"),
            ("action", "remove:1"),
        ]));
        assert_eq!(a, FormAction::RemoveMeter(1));
        assert_eq!(i.meters.len(), 2);
        assert_eq!(i.meters[0].price.form().unit_price, "1");
        let p = i.meters[1].price.form();
        assert_eq!(p.model, "graduated");
        assert_eq!(
            p.tiers,
            vec![
                TierInput::from_form("100", "1", ""),
                TierInput::from_form("", "0.5", "")
            ]
        );
        for (value, action) in [
            ("add_meter", FormAction::AddMeter),
            ("add_tier:2", FormAction::AddTier(2)),
            ("remove_tier:2:3", FormAction::RemoveTier(2, 3)),
            ("remove_tier:2", FormAction::Save),
            ("save", FormAction::Save),
        ] {
            assert_eq!(FormAction::parse(value), action, "{value}");
        }
        let (i, _) = ProductInput::from_form(pairs(&[
            ("meters[0].meter_id", ""),
            ("meters[0].price.model", "volume"),
            ("meters[0].price.round", "up"),
            ("meters[0].price.tiers[0].up_to", " "),
        ]));
        assert!(i.without_blank_rows().meters.is_empty());
    }

    #[test]
    fn tiers_are_added_up_to_the_most_a_price_takes() {
        let mut i = ProductInput::blank();
        assert!(i.add_tier(0));
        assert_eq!(i.meters[0].price.form().tiers.len(), FORM_TIER_ROWS + 1);
        while i.add_tier(0) {}
        assert_eq!(i.meters[0].price.form().tiers.len(), MAX_TIERS);
        i.remove_tier(0, 0);
        assert_eq!(i.meters[0].price.form().tiers.len(), MAX_TIERS - 1);
    }
}
