//! Product page structs and what they show: prices with their currency, free thresholds with
//! their unit, and a worked example per meter.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;

use crate::metering::money::{currencies, format_price, singular};
use crate::metering::{Interval, format_quantity, line_charge, numeral};
use crate::products::model::{MAX_METERS, Product, ProductInput, ProductMeterView, row_key};
use crate::validation::FieldErrors;
use crate::web::chrome::PageCtx;
use crate::web::filters;

/// One row of the list page.
pub struct ProductRow {
    pub product: Product,
    pub meter_count: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "products/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub products: Vec<ProductRow>,
    pub next: Option<String>,
    pub first_page: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "products/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    /// `None` when creating.
    pub editing: Option<String>,
    pub form: ProductInput,
    pub errors: FieldErrors,
    /// Active meters: (id, name, unit), by name.
    pub meter_choices: Vec<(String, String, String)>,
}

impl FormPage {
    /// The form key of a meter row's field, e.g. `meters[2].price_per_unit`.
    pub fn key(&self, index: &usize, field: &str) -> String {
        row_key(*index, field)
    }

    pub fn row_error(&self, index: &usize, field: &str) -> Option<&str> {
        self.errors.get(&row_key(*index, field))
    }

    /// Whether this meter id is among the active meters offered (an archived or unknown one
    /// is still shown, selected, so the operator sees what the error is about).
    pub fn is_choice(&self, meter_id: &str) -> bool {
        let id = meter_id.trim();
        id.is_empty() || self.meter_choices.iter().any(|(c, _, _)| c == id)
    }

    pub fn can_add(&self) -> bool {
        self.form.meters.len() < MAX_METERS
    }

    pub fn max_meters(&self) -> usize {
        MAX_METERS
    }

    pub fn currency_codes(&self) -> Vec<&'static str> {
        currencies().map(|c| c.code).collect()
    }

    /// The currency typed is not one offered (only from a hand-made request).
    pub fn currency_unlisted(&self) -> bool {
        let c = self.form.currency.trim();
        !c.is_empty() && !currencies().any(|k| k.code == c)
    }

    /// Whether an option's value is the one in the form (for `selected`).
    pub fn is_selected(&self, option: &str, value: &str) -> bool {
        option == value.trim()
    }

    /// The interval typed is not one offered (only from a hand-made request).
    pub fn interval_unlisted(&self) -> bool {
        let i = self.form.billing_interval.trim();
        !i.is_empty() && Interval::parse(i).is_none()
    }

    pub fn intervals(&self) -> [&'static str; 2] {
        Interval::ALL.map(Interval::as_str)
    }

    pub fn action(&self) -> String {
        match &self.editing {
            Some(id) => format!("/products/{id}"),
            None => "/products".into(),
        }
    }
}

/// One meter of a product as the product page shows it.
pub struct MeterLine {
    pub view: ProductMeterView,
    /// `$0.50`
    pub price: String,
    /// `call`
    pub unit_one: String,
    /// `100`
    pub threshold: String,
    /// The usage of the worked example, as typed (`usage_N` in the query) or the default.
    pub usage_input: String,
    /// `250`, when the usage is a number ≥ 0.
    pub usage: Option<String>,
    /// `$75.00`, or `None` when the usage is not usable or the charge overflows.
    pub charge: Option<String>,
    pub usage_error: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "products/show.html")]
pub struct ShowPage {
    pub ctx: PageCtx,
    pub product: Product,
    pub meters: Vec<MeterLine>,
}

impl ShowPage {
    /// `query` may hold `usage_<row>` values for the worked examples; the default usage is
    /// twice the free threshold, or 1,000 when nothing is free.
    pub fn new(
        ctx: PageCtx,
        product: Product,
        meters: Vec<ProductMeterView>,
        query: &HashMap<String, String>,
    ) -> ShowPage {
        let currency = product.currency();
        let meters = meters
            .into_iter()
            .enumerate()
            .map(|(i, view)| {
                let default = if view.free_threshold.is_zero() {
                    Decimal::ONE_THOUSAND
                } else {
                    view.free_threshold * Decimal::TWO
                };
                let typed = query.get(&format!("usage_{i}")).map(|s| s.trim().to_string());
                let usage_input = typed.clone().unwrap_or_else(|| default.normalize().to_string());
                let usage = match typed {
                    Some(t) => numeral(&t).filter(|u| !u.is_sign_negative() || u.is_zero()),
                    None => Some(default),
                };
                let charge = usage.and_then(|u| {
                    line_charge(u, view.free_threshold, view.price_per_unit, currency)
                        .ok()
                        .map(|l| crate::metering::format_money(l.charge, currency))
                });
                MeterLine {
                    price: format_price(view.price_per_unit, currency),
                    unit_one: singular(&view.unit).to_string(),
                    threshold: format_quantity(view.free_threshold),
                    usage_error: usage.is_none(),
                    usage: usage.map(format_quantity),
                    usage_input,
                    charge,
                    view,
                }
            })
            .collect();
        ShowPage { ctx, product, meters }
    }
}
