//! Analytics pages: the overview with its chart, the events table and troubleshooting, the
//! customers usage table, reconciliation, and their CSV exports.

pub mod cells;
pub mod chart_words;
pub mod customer_rows;
pub mod customers;
pub mod drawn_charts;
pub mod event;
pub mod events;
pub mod overview;
pub mod reconcile;
pub mod unmatched;

use crate::i18n::Arg;
use crate::metering::{TimestampError, read_timestamp};
use crate::web::locale::{Locale, escape_html};

/// A typed time the parser refused, said in the operator's language: the timestamp messages of
/// the catalogue, `help` naming the accepted forms (a message id).
pub(crate) fn timestamp_error(l: &Locale, raw: &str, help: &str) -> String {
    match read_timestamp(raw) {
        Err(e) => timestamp_reason(l, &e, help),
        // Read in UTC but refused in the page's zone (not expected): say it is not read.
        Ok(_) => timestamp_reason(
            l,
            &TimestampError::Invalid {
                given: format!("{:?}", raw.trim()),
            },
            help,
        ),
    }
}

/// Why a text is no timestamp, in the operator's language; `help` names the accepted forms.
pub(crate) fn timestamp_reason(l: &Locale, e: &TimestampError, help: &str) -> String {
    let help = l.t(help);
    let help = help.as_str();
    match e {
        TimestampError::Empty => l.t1("meters-timestamp-empty", "help", help),
        TimestampError::Invalid { given } => {
            l.t2("meters-timestamp-invalid", "given", given.as_str(), "help", help)
        }
        TimestampError::NotADate { given } => l.t2(
            "meters-timestamp-not-a-date",
            "given",
            given.as_str(),
            "help",
            help,
        ),
        TimestampError::OutOfRange { given } => {
            l.t1("meters-timestamp-out-of-range", "given", given.as_str())
        }
        TimestampError::Milliseconds { given } => l.t2(
            "meters-timestamp-milliseconds",
            "given",
            given.as_str(),
            "help",
            help,
        ),
        TimestampError::NonAsciiDigit { given, ch, at } => l.t_args(
            "meters-timestamp-non-ascii-digit",
            &[
                ("given", given.as_str().into()),
                ("char", ch.as_str().into()),
                ("at", count(*at)),
            ],
        ),
        TimestampError::BadCharacter { given, ch, at } => l.t_args(
            "meters-timestamp-bad-character",
            &[
                ("given", given.as_str().into()),
                ("char", ch.as_str().into()),
                ("at", count(*at)),
                ("help", help.into()),
            ],
        ),
    }
}

fn count(n: usize) -> Arg<'static> {
    Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

/// A time as the house shows it (`<time>` in the operator's zone with its offset, "3 minutes ago"
/// on hover), as HTML to put into a message.
pub(crate) fn time_html(l: &Locale, t: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "<time datetime=\"{}\" title=\"{}\">{}</time>",
        escape_html(&l.iso(t)),
        escape_html(&l.ago(t)),
        escape_html(&l.datetime(t))
    )
}

/// A message whose catalogue text carries its own markup (a link, `<code>`), as HTML: each
/// argument is HTML already (escape user text with [`escape_html`]). Output it with `|safe`.
pub(crate) fn rich(l: &Locale, id: &str, args: &[(&str, Arg)]) -> String {
    l.t_args(id, args)
}

/// A meter's aggregation in words ("sum of tokens"), in the page's language; `english` when the
/// catalogue has no words for it.
pub(crate) fn aggregation_words(l: &Locale, kind: &str, key: Option<&str>, english: &str) -> String {
    let id = format!("meters-aggregation-words-{}", kind.replace('_', "-"));
    match key {
        _ if !l.has(&id) => english.to_string(),
        Some(k) => l.t1(&id, "key", k),
        None => l.t(&id),
    }
}

/// An API key's name as the event page shows it, linked to the keys page for admins.
pub(crate) fn key_html(name: &str, admin: bool) -> String {
    let text = escape_html(name);
    if admin {
        format!("<a href=\"/settings/api-keys\">{text}</a>")
    } else {
        text
    }
}
