//! Message catalogues: Project Fluent files embedded in the binary, loaded once at start-up.
//!
//! Files live in `src/i18n/locales/<lang>/<area>.ftl` (`en` is the source of truth; `fr`,
//! `zh-CN`, `hi` translate it). [`Catalog::t`] formats a message with its arguments and the
//! language's CLDR plural rules (`[one]` / `[other]` variants), falls back to English when a
//! translation lacks the message (and logs it), and never panics: an id missing everywhere
//! comes back as the id itself. Parse errors and duplicate ids are load errors, which the
//! catalogue tests (see `check`) turn into test failures long before a server starts.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use intl_memoizer::concurrent::IntlLangMemoizer;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

use super::span::{RelativeSpan, relative_span};
use super::worded::Worded;
use super::{Lang, number};

#[derive(RustEmbed)]
#[folder = "src/i18n/locales/"]
struct Embedded;

/// One catalogue file and its text: `fr/auth.ftl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: String,
    pub text: String,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
        }
    }

    /// The language of the folder the file is in.
    pub fn lang(&self) -> Option<Lang> {
        self.path
            .split_once('/')
            .and_then(|(dir, _)| Lang::from_code(dir))
    }

    /// The file name within its language folder: `auth.ftl`.
    pub fn file_name(&self) -> &str {
        self.path.split_once('/').map_or(&self.path, |(_, name)| name)
    }
}

/// The catalogue files compiled into the binary (`*.ftl` only), sorted by path.
pub fn embedded_sources() -> Result<Vec<Source>, CatalogError> {
    let mut paths: Vec<String> = Embedded::iter()
        .filter(|p| p.ends_with(".ftl"))
        .map(Cow::into_owned)
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| Embedded::get(&path).map(|file| (path, file.data)))
        .map(|(path, data)| match String::from_utf8(data.into_owned()) {
            Ok(text) => Ok(Source { path, text }),
            Err(_) => Err(CatalogError::NotUtf8 { file: path }),
        })
        .collect()
}

/// Why a catalogue file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("{file}: line {line}: {message}")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: \"{id}\" is defined twice in this language")]
    Duplicate { file: String, id: String },
    #[error("{file}: not in a language folder (en, fr, zh-CN, hi)")]
    UnknownLanguage { file: String },
    #[error("{file}: not UTF-8")]
    NotUtf8 { file: String },
    #[error("{file}: {message}")]
    Other { file: String, message: String },
}

/// Every error found while loading the catalogues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError(pub Vec<CatalogError>);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the message catalogues have {} error(s):", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// A count: selects plural variants and is written with the language's grouping.
    Int(i64),
    /// A quantity, exact. A whole number behaves like [`Arg::Int`]; a fraction is written
    /// exactly with the language's separators, and selects the default (`*[…]`) variant, since
    /// Fluent's plural rules read numbers as floats.
    Decimal(Decimal),
    /// Text, inserted as is (HTML escaping is the template's job).
    Text(Cow<'a, str>),
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

impl From<i32> for Arg<'_> {
    fn from(n: i32) -> Self {
        Arg::Int(i64::from(n))
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Int(i64::from(n))
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<Decimal> for Arg<'_> {
    fn from(d: Decimal) -> Self {
        Arg::Decimal(d)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

/// Integers up to 2^53 are exact in Fluent's `f64` numbers.
const EXACT_IN_F64: i64 = 1 << 53;

impl<'a> Arg<'a> {
    fn to_fluent(&self, lang: Lang) -> FluentValue<'a> {
        match self {
            Arg::Int(n) if n.unsigned_abs() <= EXACT_IN_F64.unsigned_abs() => FluentValue::from(*n),
            Arg::Int(n) => FluentValue::from(number::integer(lang, *n)),
            Arg::Decimal(d) => match d.normalize() {
                w if w.scale() == 0 => match w.to_i64() {
                    Some(n) => Arg::Int(n).to_fluent(lang),
                    None => FluentValue::from(number::quantity(lang, w)),
                },
                w => FluentValue::from(number::quantity(lang, w)),
            },
            Arg::Text(s) => FluentValue::String(s.clone()),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// All four languages' messages, ready to format. Load once ([`Catalog::load`]) and share
/// (`Send + Sync`: the bundles memoize plural rules behind a mutex).
pub struct Catalog {
    bundles: Vec<Bundle>,
    /// Messages without arguments and relative times, as worded before.
    worded: Worded,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog").finish_non_exhaustive()
    }
}

/// A formatted message, and whether it formatted without errors.
struct Formatted {
    text: String,
    clean: bool,
}

fn index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::ZhCn => 2,
        Lang::Hi => 3,
    }
}

/// Fluent writes numbers through this: counts get the language's digit grouping.
fn number_formatter(lang: Lang, value: &FluentValue) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    // Only whole numbers within f64's exact range arrive here from `Arg` (fractions are passed
    // as exact text); anything else keeps Fluent's own writing.
    let whole = n.value.trunc() == n.value && n.value.abs() <= EXACT_IN_F64 as f64;
    (whole && n.options.minimum_fraction_digits.is_none()).then(|| number::integer(lang, n.value as i64))
}

fn numbers_en(v: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    number_formatter(Lang::En, v)
}
fn numbers_fr(v: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    number_formatter(Lang::Fr, v)
}
fn numbers_zh(v: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    number_formatter(Lang::ZhCn, v)
}
fn numbers_hi(v: &FluentValue, _: &IntlLangMemoizer) -> Option<String> {
    number_formatter(Lang::Hi, v)
}

fn new_bundle(lang: Lang) -> Bundle {
    let id: LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // All four languages are left-to-right: Unicode isolation marks around arguments would only
    // end up inside attributes, CSV cells and copied text.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        Lang::En => numbers_en,
        Lang::Fr => numbers_fr,
        Lang::ZhCn => numbers_zh,
        Lang::Hi => numbers_hi,
    }));
    bundle
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl Catalog {
    /// The catalogues compiled into the binary.
    pub fn load() -> Result<Catalog, LoadError> {
        let sources = embedded_sources().map_err(|e| LoadError(vec![e]))?;
        Catalog::from_sources(&sources)
    }

    /// Catalogues from the given files (`<lang>/<name>.ftl`); every error is reported.
    pub fn from_sources(sources: &[Source]) -> Result<Catalog, LoadError> {
        let mut bundles: Vec<Bundle> = Lang::ALL.into_iter().map(new_bundle).collect();
        let mut errors = Vec::new();
        for source in sources {
            let file = || source.path.clone();
            let Some(lang) = source.lang() else {
                errors.push(CatalogError::UnknownLanguage { file: file() });
                continue;
            };
            // What did parse is still added, so duplicates are found in a file with errors too.
            let resource = match FluentResource::try_new(source.text.clone()) {
                Ok(r) => r,
                Err((partial, parse_errors)) => {
                    errors.extend(parse_errors.into_iter().map(|e| CatalogError::Parse {
                        file: file(),
                        // The entry in error starts at its slice; the parser stopped at `pos`.
                        line: line_of(&source.text, e.slice.as_ref().map_or(e.pos.start, |s| s.start)),
                        message: e.to_string(),
                    }));
                    partial
                }
            };
            if let Err(add_errors) = bundles[index(lang)].add_resource(resource) {
                errors.extend(add_errors.into_iter().map(|e| match e {
                    FluentError::Overriding { id, .. } => CatalogError::Duplicate { file: file(), id },
                    other => CatalogError::Other {
                        file: file(),
                        message: other.to_string(),
                    },
                }));
            }
        }
        if errors.is_empty() {
            Ok(Catalog {
                bundles,
                worded: Worded::default(),
            })
        } else {
            Err(LoadError(errors))
        }
    }

    /// Whether `lang`'s own catalogue has message `id` (or `id.attribute`).
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.pattern(lang, id).is_some()
    }

    /// The pattern of message `id` (or `id.attribute`) in `lang`, unformatted.
    fn pattern(&self, lang: Lang, id: &str) -> Option<&fluent_syntax::ast::Pattern<&str>> {
        let bundle = &self.bundles[index(lang)];
        let (message_id, attribute) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let message = bundle.get_message(message_id)?;
        match attribute {
            Some(a) => Some(message.get_attribute(a)?.value()),
            None => message.value(),
        }
    }

    /// Message `id` (or `id.attribute`) in `lang` with its arguments; English when `lang` lacks
    /// it (logged); the id itself when no catalogue has it (logged).
    pub fn t(&self, lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.to_fluent(lang));
        }
        if let Some(text) = self.format(lang, id, Some(&fluent_args)).map(|f| f.text) {
            return text;
        }
        if lang != Lang::En {
            tracing::warn!(
                lang = lang.code(),
                id,
                "message missing from catalogue; using English"
            );
            let mut english_args = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                english_args.set(*name, value.to_fluent(Lang::En));
            }
            if let Some(text) = self.format(Lang::En, id, Some(&english_args)).map(|f| f.text) {
                return text;
            }
        }
        tracing::warn!(id, "message missing from every catalogue");
        id.to_owned()
    }

    /// A message without arguments: worded once per language (when `lang`'s catalogue has it and
    /// it formats without errors), then as kept.
    pub fn text(&self, lang: Lang, id: &str) -> String {
        if let Some(text) = self.worded.plain(lang, id) {
            return text;
        }
        match self.format(lang, id, None) {
            Some(Formatted { text, clean: true }) => {
                self.worded.keep_plain(lang, id, &text);
                text
            }
            Some(Formatted { text, clean: false }) => text,
            None => self.t(lang, id, &[]),
        }
    }

    /// Message `id` of `lang`'s own catalogue, formatted (errors are logged).
    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<Formatted> {
        let pattern = self.pattern(lang, id)?;
        let mut errors = Vec::new();
        let text = self.bundles[index(lang)].format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            tracing::warn!(lang = lang.code(), id, ?errors, "message formatted with errors");
        }
        Some(Formatted {
            text: text.into_owned(),
            clean: errors.is_empty(),
        })
    }

    /// "3 minutes ago", "in 2 days", "just now" in `lang`, for hover titles. The same steps as
    /// the English filter: seconds, minutes, hours, days, 30-day months, 365-day years.
    pub fn relative_time(&self, lang: Lang, t: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let span = relative_span(t, now);
        self.worded.span(lang, span, || self.word_span(lang, span))
    }

    fn word_span(&self, lang: Lang, RelativeSpan { unit, count, future }: RelativeSpan) -> String {
        let Some(unit) = unit else {
            let id = if future {
                "time-in-moments"
            } else {
                "time-just-now"
            };
            return self.text(lang, id);
        };
        let id = if future {
            format!("time-in-{unit}")
        } else {
            format!("time-{unit}-ago")
        };
        let count = i64::try_from(count).unwrap_or(i64::MAX);
        self.t(lang, &id, &[("count", Arg::Int(count))])
    }
}

#[cfg(test)]
mod tests;
