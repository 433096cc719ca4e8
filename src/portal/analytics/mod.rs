//! Analytics pages: the overview with its chart, the events table and troubleshooting, the
//! customers usage table, reconciliation, and their CSV exports.

pub mod cells;
pub mod chart_words;
pub mod customers;
pub mod events;
pub mod overview;
pub mod reconcile;
pub mod unmatched;

use crate::i18n::Arg;
use crate::web::locale::{Locale, escape_html};

/// A typed time the parser refused, said in the operator's language: the timestamp messages of
/// the catalogue, `help` naming the accepted forms (a message id).
pub(crate) fn timestamp_error(l: &Locale, raw: &str, help: &str) -> String {
    let s = raw.trim();
    let help = l.t(help);
    if s.is_empty() {
        return l.t1("meters-timestamp-empty", "help", help.as_str());
    }
    // Quoted and cut as the parser shows it.
    let given = if s.chars().count() > 40 {
        let cut: String = s.chars().take(40).collect();
        format!("{cut:?}…")
    } else {
        format!("{s:?}")
    };
    if s.bytes().all(|b| b.is_ascii_digit()) && s.len() > 11 {
        return l.t2(
            "meters-timestamp-milliseconds",
            "given",
            given.as_str(),
            "help",
            help.as_str(),
        );
    }
    // Shaped like a date (2024-02-30, 2024-02-30 10:00) but not one.
    let b = s.as_bytes();
    let date_shaped = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    let id = if date_shaped {
        "meters-timestamp-not-a-date"
    } else {
        "meters-timestamp-invalid"
    };
    l.t2(id, "given", given.as_str(), "help", help.as_str())
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
