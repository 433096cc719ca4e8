//! The language and time zone a page is rendered in, and what templates call for their text,
//! numbers, money and times: `ctx.t("nav-meters")`, `ctx.t1("flash-product-created", "name",
//! f.arg.as_str())`, `ctx.qty(x)`, `ctx.money(amount, currency)`, `ctx.datetime(t)`.
//!
//! Text comes from the Fluent catalogues (`src/i18n/locales/`), loaded once into the
//! application state; numbers and money from `i18n::number` (the language's grouping: Indian
//! `12,34,567.50` in Hindi, `1 234,50 €` in French); times from `i18n::dates`, in the zone with
//! its offset (`2026-11-30 15:04 +05:30`).

use std::fmt::Display;
use std::sync::Arc;

use actix_web::HttpRequest;
use actix_web::http::header;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::filters::AsDateTime;
use crate::i18n::{Arg, Catalog, Lang, dates, number};
use crate::metering::Currency;
use crate::state::AppState;
use crate::tz::{self, Tz};

tokio::task_local! {
    /// The signed-in page's locale while its handler runs, for what renders without the request
    /// at hand (error pages).
    pub static REQUEST_LOCALE: Locale;
}

/// The locale of the page being handled; English and UTC outside a signed-in page.
pub fn current_locale() -> Locale {
    REQUEST_LOCALE
        .try_with(Clone::clone)
        .unwrap_or_else(|_| Locale::new(crate::i18n::shared_catalog(), Lang::En, tz::DEFAULT_ZONE))
}

/// A currency, however many references askama wraps around it.
pub trait AsCurrency {
    fn as_currency(&self) -> Currency;
}

impl AsCurrency for Currency {
    fn as_currency(&self) -> Currency {
        *self
    }
}

impl<T: AsCurrency + ?Sized> AsCurrency for &T {
    fn as_currency(&self) -> Currency {
        (**self).as_currency()
    }
}

/// A page's language and time zone, with the catalogue to speak it.
#[derive(Clone)]
pub struct Locale {
    pub lang: Lang,
    pub tz: Tz,
    catalog: Arc<Catalog>,
}

impl std::fmt::Debug for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locale")
            .field("lang", &self.lang)
            .field("tz", &self.tz)
            .finish_non_exhaustive()
    }
}

/// The `Accept-Language` header of a request, if readable.
pub fn accept_language(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

pub use crate::text::escape_html;

/// A decimal from whatever a template holds (`Decimal`, `&Decimal`, an integer).
fn decimal_of(n: impl Display) -> Result<Decimal, String> {
    let text = n.to_string();
    text.parse::<Decimal>().map_err(|_| text)
}

impl Locale {
    pub fn new(catalog: Arc<Catalog>, lang: Lang, tz: Tz) -> Locale {
        Locale { lang, tz, catalog }
    }

    /// For a page anyone may see (sign-in): the browser's language, UTC.
    pub fn public(req: &HttpRequest) -> Locale {
        Locale::new(
            catalog_of(req),
            crate::i18n::negotiate(None, accept_language(req)),
            tz::DEFAULT_ZONE,
        )
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn code(&self) -> &'static str {
        self.lang.code()
    }

    /// Message `id` (or `id.attribute`).
    pub fn t(&self, id: &str) -> String {
        self.catalog.text(self.lang, id)
    }

    /// Whether the catalogues have message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.catalog.has(Lang::En, id)
    }

    /// Message `id` with one argument.
    pub fn t1<'a>(&self, id: &str, name: &str, value: impl Into<Arg<'a>>) -> String {
        self.catalog.t(self.lang, id, &[(name, value.into())])
    }

    /// Message `id` with two arguments.
    pub fn t2<'a, 'b>(
        &self,
        id: &str,
        n1: &str,
        v1: impl Into<Arg<'a>>,
        n2: &str,
        v2: impl Into<Arg<'b>>,
    ) -> String {
        let (v1, v2): (Arg, Arg) = (v1.into(), v2.into());
        self.catalog.t(self.lang, id, &[(n1, v1), (n2, v2)])
    }

    /// Message `id` with any arguments.
    pub fn t_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.catalog.t(self.lang, id, args)
    }

    /// Message `id` as HTML: its text escaped, then each `(name, html)` argument inserted as is
    /// (markup the template builds from constants and escaped values: a link, a `<code>`).
    /// Output it with `|safe`.
    pub fn html(&self, id: &str, args: &[(&str, &str)]) -> String {
        // Private-use characters stand for the arguments while the text is escaped.
        let marks: Vec<String> = (0..args.len()).map(|i| format!("\u{E000}{i}\u{E001}")).collect();
        let fluent: Vec<(&str, Arg)> = args
            .iter()
            .zip(&marks)
            .map(|((name, _), mark)| (*name, Arg::from(mark.as_str())))
            .collect();
        let mut out = escape_html(&self.catalog.t(self.lang, id, &fluent));
        for ((_, html), mark) in args.iter().zip(&marks) {
            out = out.replace(mark.as_str(), html);
        }
        out
    }

    /// [`Locale::html`] with one argument.
    pub fn html1(&self, id: &str, name: &str, html: &str) -> String {
        self.html(id, &[(name, html)])
    }

    /// A link whose text is message `id`, as HTML.
    pub fn link(&self, href: &str, id: &str) -> String {
        format!(
            "<a href=\"{}\">{}</a>",
            escape_html(href),
            escape_html(&self.t(id))
        )
    }

    /// The sentence of a one-shot notice; an unknown code shows its argument as it is.
    pub fn flash_text(&self, flash: &super::flash::Flash) -> String {
        let id = format!("flash-{}", flash.code);
        if !self.catalog.has(Lang::En, &id) {
            return flash.arg.clone();
        }
        match (flash.code.as_str(), flash.arg.parse::<i64>()) {
            ("usage_recorded", Ok(count)) => self.t1(&id, "count", count),
            _ => self.t1(&id, "arg", flash.arg.as_str()),
        }
    }

    /// A role's name in the page's language.
    pub fn role_name(&self, role: impl Display) -> String {
        self.t(&format!("role-{role}"))
    }

    /// A count with the language's grouping: `12,34,567` (hi), `1 234 567` (fr).
    pub fn int(&self, n: impl Into<i64>) -> String {
        number::integer(self.lang, n.into())
    }

    /// A quantity, exact, with the language's separators.
    pub fn qty(&self, n: impl Display) -> String {
        match decimal_of(n) {
            Ok(d) => number::quantity(self.lang, d),
            Err(text) => text,
        }
    }

    /// A number with exactly `dp` decimal places.
    pub fn decimal(&self, n: impl Display, dp: u32) -> String {
        match decimal_of(n) {
            Ok(d) => number::decimal(self.lang, d, dp),
            Err(text) => text,
        }
    }

    /// An amount rounded to the currency's minor unit: `₹12,34,567.50`, `1 234,50 €`.
    pub fn money(&self, amount: impl Display, currency: impl AsCurrency) -> String {
        match decimal_of(amount) {
            Ok(d) => number::money(self.lang, d, currency.as_currency()),
            Err(text) => text,
        }
    }

    /// A price, exact (every significant digit kept).
    pub fn price(&self, amount: impl Display, currency: impl AsCurrency) -> String {
        match decimal_of(amount) {
            Ok(d) => number::price(self.lang, d, currency.as_currency()),
            Err(text) => text,
        }
    }

    /// `2026-11-30 15:04 +05:30`, in the page's zone.
    pub fn datetime(&self, t: impl AsDateTime) -> String {
        dates::datetime(t.as_datetime(), self.tz)
    }

    /// `2026-11-30 15:04:09 +05:30`, in the page's zone.
    pub fn datetime_seconds(&self, t: impl AsDateTime) -> String {
        dates::datetime_seconds(t.as_datetime(), self.tz)
    }

    /// RFC 3339 with the zone's offset, for `<time datetime>`.
    pub fn iso(&self, t: impl AsDateTime) -> String {
        dates::rfc3339(t.as_datetime(), self.tz)
    }

    /// "3 minutes ago", in the page's language, for hover titles.
    pub fn ago(&self, t: impl AsDateTime) -> String {
        self.ago_at(t, Utc::now())
    }

    /// [`Locale::ago`] as seen at `now`.
    pub fn ago_at(&self, t: impl AsDateTime, now: DateTime<Utc>) -> String {
        self.catalog.relative_time(self.lang, t.as_datetime(), now)
    }
}

/// The catalogue in the application state (loaded once at start-up).
pub fn catalog_of(req: &HttpRequest) -> Arc<Catalog> {
    match req.app_data::<actix_web::web::Data<AppState>>() {
        Some(state) => state.catalog.clone(),
        // Only a request outside the app (none in practice) lands here.
        None => crate::i18n::shared_catalog(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(lang: Lang, tz: Tz) -> Locale {
        Locale::new(crate::i18n::shared_catalog(), lang, tz)
    }

    #[test]
    fn html_messages_escape_their_text_and_keep_their_markup() {
        let fr = locale(Lang::Fr, tz::DEFAULT_ZONE);
        let link = fr.link("/products/new?a=1&b=2", "products-empty-link");
        assert_eq!(
            link,
            "<a href=\"/products/new?a=1&amp;b=2\">créez un produit facturé à l’utilisation</a>"
        );
        let html = fr.html1("products-empty-editor", "link", &link);
        assert!(
            html.starts_with("Aucun produit pour l’instant — <a href="),
            "{html}"
        );
        assert!(!html.contains('\u{E000}'));
        // The arguments are inserted as they are: the caller passes markup it built.
        let en = locale(Lang::En, tz::DEFAULT_ZONE);
        assert_eq!(
            en.html(
                "api-keys-lead",
                &[("header", "<code>H</code>"), ("path", "<b>&</b>")]
            ),
            "Your product sends usage with <code>H</code> to <b>&</b>."
        );
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
        );
    }

    #[test]
    fn numbers_money_and_times_follow_the_language_and_zone() {
        let hi = locale(Lang::Hi, Tz::Asia__Kolkata);
        let inr = crate::metering::currency("INR").unwrap();
        assert_eq!(hi.qty("1234567.5"), "12,34,567.5");
        assert_eq!(hi.money("1234567.5", inr), "₹12,34,567.50");
        assert_eq!(hi.int(1_234_567), "12,34,567");
        let fr = locale(Lang::Fr, Tz::Europe__Paris);
        let eur = crate::metering::currency("EUR").unwrap();
        assert_eq!(fr.money("1234.5", eur), "1\u{202F}234,50\u{A0}€");
        assert_eq!(fr.qty("not a number"), "not a number");
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-30T09:34:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(hi.datetime(t), "2026-11-30 15:04 +05:30");
        assert_eq!(hi.iso(t), "2026-11-30T15:04:00+05:30");
        assert_eq!(fr.datetime(t), "2026-11-30 10:34 +01:00");
        assert_eq!(hi.role_name("admin"), "व्यवस्थापक");
    }
}
