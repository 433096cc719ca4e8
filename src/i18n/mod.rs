//! The portal's languages: English (the source), French, Simplified Chinese and Hindi.
//!
//! - [`lang`]: the [`Lang`] enum and choosing one for a request ([`negotiate`]: the operator's
//!   preference, else `Accept-Language`, else English).
//! - [`catalog`]: Project Fluent message catalogues embedded from `src/i18n/locales/`,
//!   [`Catalog::t`] with CLDR plural rules and an English fallback, relative times.
//! - [`check`]: what makes the catalogues complete, as a list of problems (the tests assert
//!   there are none).
//! - [`number`]: numbers, quantities, money and percentages per language (CLDR conventions,
//!   exact decimals).
//! - [`dates`]: instants in the operator's zone with their offset, chart labels per language.
//!
//! How pages use it: the server loads one [`Catalog`] at start-up ([`shared_catalog`], kept in
//! `AppState`); each request resolves a [`Lang`] and the operator's zone into a
//! `web::locale::Locale`, which `PageCtx` derefs to, so templates call `ctx.t("id")`,
//! `ctx.t1(..)`, `ctx.qty(x)`, `ctx.money(a, c)`, `ctx.datetime(t)`. Converted so far: the
//! chrome (base, public, error pages, flash, form macros), sign-in and password, settings and
//! products; the other pages still use the English filters of `web::filters`.
//!
//! The API and machine-readable exports stay in English; nothing here touches them.
//! `src/i18n/GLOSSARY.md` is the vocabulary translations follow (terms from Stripe's and Dodo
//! Payments' own French, Chinese and Hindi pages).

pub mod catalog;
pub mod check;
pub mod dates;
pub mod lang;
pub mod number;
pub mod span;
mod worded;

pub use catalog::{Arg, Catalog, CatalogError, LoadError, Source, embedded_sources};
pub use lang::{Lang, from_accept_language, negotiate};

/// The embedded catalogues, loaded once per process and shared. A catalogue that does not load
/// is a build defect the catalogue tests catch; should one ship anyway, the pages fall back to
/// message ids rather than fail.
pub fn shared_catalog() -> std::sync::Arc<Catalog> {
    static SHARED: std::sync::OnceLock<std::sync::Arc<Catalog>> = std::sync::OnceLock::new();
    SHARED
        .get_or_init(|| {
            let catalog = Catalog::load().or_else(|e| {
                tracing::error!("{e}");
                Catalog::from_sources(&[])
            });
            std::sync::Arc::new(catalog.unwrap_or_else(|_| unreachable!("no sources, no errors")))
        })
        .clone()
}
