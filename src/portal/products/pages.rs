//! Product page structs: the list, the form with its meter lines and tier rows, and a
//! product's page with each line's price in words and its worked examples.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use rust_decimal::Decimal;

use crate::billing::{
    Model, PriceInput, PricedLine, PricingError, Rounding, TierInput, WorkedExample, price_line,
    worked_examples,
};
use crate::i18n::Arg;
use crate::metering::money::{currencies, singular};
use crate::metering::{Currency, Interval, numeral};
use crate::products::form::pad_tiers;
use crate::products::input::{ProductInput, row_key};
use crate::products::model::{MAX_METERS, Product, ProductMeterView};
use crate::validation::FieldErrors;
use crate::web::chrome::PageCtx;

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

/// A tier row of the form, as typed.
pub struct FormTier {
    pub up_to: String,
    pub unit_price: String,
    pub flat_fee: String,
}

/// A meter line of the form, as typed, with at least the spare tier rows.
pub struct FormLine {
    pub meter_id: String,
    pub free_threshold: String,
    pub price: PriceInput,
    pub tiers: Vec<FormTier>,
}

impl FormLine {
    fn new(meter_id: String, free_threshold: String, mut price: PriceInput) -> FormLine {
        pad_tiers(&mut price);
        let tiers = price
            .tiers
            .iter()
            .map(|t: &TierInput| FormTier {
                up_to: t.up_to.clone().unwrap_or_default(),
                unit_price: t.unit_price.clone(),
                flat_fee: t.flat_fee.clone(),
            })
            .collect();
        FormLine {
            meter_id,
            free_threshold,
            price,
            tiers,
        }
    }

    /// Whether this model is the line's (for `selected`); a blank model is per unit.
    pub fn has_model(&self, model: &str) -> bool {
        match self.price.model.trim() {
            "" => model == Model::PerUnit.as_str(),
            m => m == model,
        }
    }

    /// The model typed is not one offered (only from a hand-made request).
    pub fn model_unlisted(&self) -> bool {
        let m = self.price.model.trim();
        !m.is_empty() && Model::parse(m).is_none()
    }

    pub fn rounds_down(&self) -> bool {
        self.price.round.trim() == "down"
    }

    pub fn can_add_tier(&self) -> bool {
        self.tiers.len() < crate::billing::MAX_TIERS
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "products/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    /// `None` when creating.
    pub editing: Option<String>,
    pub form: ProductInput,
    pub lines: Vec<FormLine>,
    pub errors: FieldErrors,
    /// Active meters: (id, name, unit), by name.
    pub meter_choices: Vec<(String, String, String)>,
}

impl FormPage {
    /// Meter row `i`'s number, in the span the form's script renumbers.
    pub fn row_number(&self, i: &usize) -> String {
        format!("<span data-row-number>{}</span>", i + 1)
    }

    /// Tier row `t`'s number, in the span the form's script renumbers.
    pub fn tier_number(&self, t: &usize) -> String {
        format!("<span data-tier-number>{}</span>", t + 1)
    }

    pub fn new(
        ctx: PageCtx,
        editing: Option<String>,
        form: ProductInput,
        errors: FieldErrors,
        meter_choices: Vec<(String, String, String)>,
    ) -> FormPage {
        let lines = form
            .meters
            .iter()
            .map(|m| FormLine::new(m.meter_id.clone(), m.free_threshold.clone(), m.price.form()))
            .collect();
        FormPage {
            ctx,
            editing,
            form,
            lines,
            errors,
            meter_choices,
        }
    }

    /// The form key of a meter row's field, e.g. `meters[2].price.unit_price`.
    pub fn key(&self, index: &usize, field: &str) -> String {
        row_key(*index, field)
    }

    /// The form key of a tier row's field, e.g. `meters[2].price.tiers[1].up_to`.
    pub fn tier_key(&self, index: &usize, tier: &usize, field: &str) -> String {
        row_key(*index, &format!("price.tiers[{tier}].{field}"))
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

    pub fn max_tiers(&self) -> usize {
        crate::billing::MAX_TIERS
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

/// The range a tier covers, for the worked example's column headings.
pub struct TierHead {
    /// The previous tier's bound (0 for the first).
    pub from: Decimal,
    /// `None`: no upper bound.
    pub up_to: Option<Decimal>,
}

/// A row of a worked example: a usage and its priced line (or why it could not be priced:
/// only a charge too large for a decimal).
pub struct ExampleRow {
    pub usage: Decimal,
    /// Typed into the page's calculator rather than picked by [`worked_examples`].
    pub typed: bool,
    pub line: Result<PricedLine, PricingError>,
}

/// One meter of a product as the product page shows it.
pub struct MeterLine {
    pub view: ProductMeterView,
    /// `call`
    pub unit_one: String,
    /// The tiers' ranges (graduated and volume only).
    pub tier_heads: Vec<TierHead>,
    /// Three usage values priced by [`worked_examples`], then the calculator's usage when
    /// one was typed.
    pub rows: Vec<ExampleRow>,
    /// The calculator's usage as typed (`usage_N` in the query), else empty.
    pub usage_input: String,
    /// A usage was typed that is not a number ≥ 0.
    pub usage_error: bool,
}

impl MeterLine {
    /// Graduated or volume.
    pub fn tiered(&self) -> bool {
        self.view.price.model().is_tiered()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "products/show.html")]
pub struct ShowPage {
    pub ctx: PageCtx,
    pub product: Product,
    pub currency: Currency,
    pub meters: Vec<MeterLine>,
}

impl ShowPage {
    /// The words of a package price, by how it counts a started package.
    pub fn package_id(&self, round: &Rounding) -> &'static str {
        match round {
            Rounding::Down => "product-package-down",
            Rounding::Up => "product-package-up",
        }
    }

    /// `query` may hold `usage_<row>` values: a usage to price on top of the worked examples.
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
                let usage_input = query
                    .get(&format!("usage_{i}"))
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default();
                let typed = (!usage_input.is_empty())
                    .then(|| numeral(&usage_input).filter(|u| !u.is_sign_negative() || u.is_zero()));
                let mut rows: Vec<ExampleRow> = worked_examples(&view.price, view.free_threshold, currency)
                    .into_iter()
                    .map(|e: WorkedExample| ExampleRow {
                        usage: e.usage,
                        typed: false,
                        line: e.line,
                    })
                    .collect();
                if let Some(usage) = typed.flatten() {
                    rows.push(ExampleRow {
                        usage,
                        typed: true,
                        line: price_line(&view.price, view.free_threshold, usage, currency),
                    });
                }
                let mut from = Decimal::ZERO;
                let tier_heads = view
                    .price
                    .tiers()
                    .iter()
                    .map(|t| {
                        let head = TierHead { from, up_to: t.up_to };
                        from = t.up_to.unwrap_or(from);
                        head
                    })
                    .collect();
                MeterLine {
                    unit_one: singular(&view.unit).to_string(),
                    tier_heads,
                    rows,
                    usage_error: typed.is_some_and(|t| t.is_none()),
                    usage_input,
                    view,
                }
            })
            .collect();
        ShowPage {
            ctx,
            product,
            currency,
            meters,
        }
    }
}
