//! Helpers of the language tests: the English catalogue's sentences that must not show on a page
//! in another language, operators with a language, and products of each pricing model.

use fluent_syntax::ast;
use meterdesk::auth::model::Role;
use meterdesk::i18n::{Lang, embedded_sources};
use reqwest::StatusCode;

use crate::products_support::{location, meter};
use crate::support::app::{Session, TestApp};

/// Undoes askama's HTML escaping, so a sentence with an apostrophe is found as written.
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn texts_of_pattern(p: &ast::Pattern<String>, out: &mut Vec<String>) {
    for element in &p.elements {
        match element {
            ast::PatternElement::TextElement { value } => out.push(value.clone()),
            ast::PatternElement::Placeable { expression } => {
                if let ast::Expression::Select { variants, .. } = expression {
                    for v in variants {
                        texts_of_pattern(&v.value, out);
                    }
                }
            }
        }
    }
}

/// message id → its literal text pieces (between arguments), per language.
fn pieces(lang: Lang) -> Vec<(String, Vec<String>)> {
    let mut all = Vec::new();
    for source in embedded_sources().unwrap() {
        if source.lang() != Some(lang) {
            continue;
        }
        let resource = fluent_syntax::parser::parse(source.text.clone()).unwrap();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut texts = Vec::new();
                if let Some(v) = &m.value {
                    texts_of_pattern(v, &mut texts);
                }
                for a in &m.attributes {
                    texts_of_pattern(&a.value, &mut texts);
                }
                all.push((m.id.name.clone(), texts));
            }
        }
    }
    all
}

/// The English sentences (and parts of sentences between arguments) that a page in `lang` must
/// not contain: at least 6 characters long, and not also in `lang`'s own text of the message
/// (a word the translation keeps, such as "Actions" in French).
pub(crate) fn english_only(lang: Lang) -> Vec<(String, String)> {
    let theirs = pieces(lang);
    let mut out = Vec::new();
    for (id, texts) in pieces(Lang::En) {
        let translated: String = theirs
            .iter()
            .find(|(other, _)| *other == id)
            .map(|(_, t)| t.concat())
            .unwrap_or_default();
        for t in texts {
            let t = t.trim();
            if t.chars().count() >= 6 && !translated.contains(t) {
                out.push((id.clone(), t.to_string()));
            }
        }
    }
    assert!(
        out.len() > 100,
        "the English catalogue was read: {} pieces",
        out.len()
    );
    out
}

/// The page's text: tags are replaced by the attributes people read (a title, a label, a
/// confirmation); addresses, names, ids and values are not text (`href="/meters"` is not the
/// word "meters").
pub(crate) fn without_machine_attributes(page: &str) -> String {
    const READ: [&str; 5] = [
        " title=\"",
        " aria-label=\"",
        " alt=\"",
        " placeholder=\"",
        " data-confirm=\"",
    ];
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            return out;
        };
        let tag = &rest[open..open + close];
        for attribute in READ {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                out.push(' ');
                out.push_str(value.split('"').next().unwrap_or_default());
                out.push(' ');
            }
        }
        out.push(' ');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// The page without `<code>` elements: identifiers and JSON (the audit log's details), which
/// stay as they are in every language.
pub(crate) fn without_code(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find("<code") {
        out.push_str(&rest[..at]);
        rest = rest[at..].find("</code>").map_or("", |end| &rest[at + end + 7..]);
    }
    out.push_str(rest);
    out
}

/// Whether `page` has `text` as whole words ("Change" is not in "Changer").
fn contains_words(page: &str, text: &str) -> bool {
    // `payload_customer_id` is a column's name, not the word "customer".
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    page.match_indices(text).any(|(at, _)| {
        let before = page[..at].chars().next_back();
        let after = page[at + text.len()..].chars().next();
        let starts_word = text.chars().next().is_some_and(char::is_alphanumeric);
        let ends_word = text.chars().next_back().is_some_and(char::is_alphanumeric);
        let cut_before = starts_word && is_word(before);
        let cut_after = ends_word && is_word(after);
        !cut_before && !cut_after
    })
}

/// The English catalogue pieces `page` shows.
pub(crate) fn english_in(page: &str, english: &[(String, String)]) -> Vec<String> {
    let page = unescape(&without_machine_attributes(&without_code(page)));
    // Email addresses are data ("viewer-1a2b3c@example.com" is not the word "viewer").
    let page: String = page
        .split_whitespace()
        .filter(|word| !word.contains('@'))
        .collect::<Vec<_>>()
        .join(" ");
    english
        .iter()
        .filter(|(_, text)| contains_words(&page, text))
        .map(|(id, text)| format!("{id}: {text:?}"))
        .collect()
}

/// The words a person reads on `page` (outside `<code>`, tags and machine attributes, and the
/// `<title>`'s brand) that have Latin letters, but for `data` (ids, names, ISO codes the test
/// put there), ISO codes and email addresses.
pub(crate) fn latin_words(page: &str, data: &[&str]) -> Vec<String> {
    let body = page
        .split_once("<body")
        .and_then(|(_, b)| b.split_once('>'))
        .map_or(page, |(_, b)| b);
    let text = unescape(&without_machine_attributes(&without_code(body)));
    let mut found: Vec<String> = text
        .split(|c: char| c.is_whitespace() || "()[]{},;:!?“”‘’\"'«»|/·—–…=+*<>।。，：；（）".contains(c))
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '#' || c == '-' || c == '_'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.contains('@') && !data.iter().any(|d| w == d))
        // ISO codes (currencies, the standard's own name) are data too.
        .filter(|w| !(w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())))
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// Each page is in `lang` and shows none of the English catalogue's sentences.
pub(crate) fn assert_speaks(lang: Lang, pages: &[(String, StatusCode, String)]) {
    let english = english_only(lang);
    let code = lang.code();
    for (what, status, page) in pages {
        assert!(
            page.contains(&format!("<html lang=\"{code}\">")),
            "{code} {what} ({status}) is not in {code}"
        );
        let found = english_in(page, &english);
        assert!(
            found.is_empty(),
            "{code} {what} ({status}) shows English: {found:#?}"
        );
    }
}

/// A signed-in operator of `role` who chose `lang` (and `zone`, if any) in their preferences.
pub(crate) async fn speaking(app: &TestApp, role: Role, lang: Lang, zone: &str) -> Session {
    let s = app.session(role).await;
    let res = s
        .post(
            "/settings/preferences",
            &[("language", lang.code()), ("time_zone", zone)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/settings");
    s
}

/// The meters the product tests price.
pub(crate) fn meters(app: &TestApp) {
    meter(app, "mtr_calls", "Appels", "calls", "active");
    meter(app, "mtr_tokens", "Jetons", "tokens", "active");
    meter(app, "mtr_rows", "Lignes", "rows", "active");
}

/// A product form with one line on `meter` priced by `price` fields (`price.model` first).
fn product_form(
    name: &str,
    currency: &str,
    meter: &str,
    threshold: &str,
    price: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("name", name),
        ("currency", currency),
        ("billing_interval", "monthly"),
        ("meters[0].meter_id", meter),
        ("meters[0].free_threshold", threshold),
        ("action", "save"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in price {
        f.push((format!("meters[0].price.{k}"), v.to_string()));
    }
    f
}

/// Creates products of each pricing model through the form; returns their page paths
/// (per unit in INR, package, graduated with a flat fee).
pub(crate) async fn products(s: &Session) -> Vec<String> {
    let forms = [
        product_form(
            "Forfait Ω",
            "INR",
            "mtr_calls",
            "0",
            &[("model", "per_unit"), ("unit_price", "2.50")],
        ),
        product_form(
            "Lots Ω",
            "EUR",
            "mtr_rows",
            "100",
            &[
                ("model", "package"),
                ("package_size", "1000"),
                ("package_price", "5"),
                ("round", "down"),
            ],
        ),
        product_form(
            "Paliers Ω",
            "USD",
            "mtr_tokens",
            "",
            &[
                ("model", "graduated"),
                ("tiers[0].up_to", "1000"),
                ("tiers[0].unit_price", "0.01"),
                ("tiers[0].flat_fee", "2"),
                ("tiers[1].up_to", ""),
                ("tiers[1].unit_price", "0.005"),
                ("tiers[1].flat_fee", ""),
            ],
        ),
    ];
    let mut paths = Vec::new();
    for f in forms {
        let borrowed: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let res = s.post("/products", &borrowed).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{:?}", res.text().await);
        paths.push(location(&res));
    }
    paths
}

/// The text a person reads on `page`: no tags, scripts, styles or `<code>`, entities undone,
/// with the attributes people read (titles, labels, placeholders, confirmations).
pub(crate) fn visible_text(page: &str) -> String {
    let mut page = page.to_string();
    for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
        while let Some(at) = page.find(open) {
            let end = page[at..]
                .find(close)
                .map_or(page.len(), |e| at + e + close.len());
            page.replace_range(at..end, " ");
        }
    }
    unescape(&without_machine_attributes(&without_code(&page)))
}

/// The English-looking words on `page` (runs of three or more ASCII letters that are not part
/// of an identifier such as `llm.tokens`, `cus_a` or `Asia/Kolkata`, an e-mail address or an
/// acronym), except the words of `data` (names and values the test stored) and of time zone
/// names.
pub(crate) fn english_words(page: &str, data: &[&str]) -> Vec<String> {
    let text = visible_text(page);
    let mut allowed: std::collections::HashSet<String> = data
        .iter()
        .flat_map(|d| d.split(|c: char| !c.is_ascii_alphabetic()))
        .map(str::to_lowercase)
        .collect();
    for tz in chrono_tz::TZ_VARIANTS {
        allowed.extend(
            tz.name()
                .split(|c: char| !c.is_ascii_alphabetic())
                .map(str::to_lowercase),
        );
    }
    let identifier = |c: char| c.is_alphanumeric() || "_.:/@-+%#=?&".contains(c);
    let mut found: Vec<String> = text
        .split(|c: char| !identifier(c))
        .map(|token| token.trim_end_matches(['.', ':', '-', '?']))
        .filter(|token| {
            token.len() >= 3
                && token.chars().all(|c| c.is_ascii_alphabetic())
                && !(token.len() <= 5 && token.chars().all(|c| c.is_ascii_uppercase()))
                && !allowed.contains(&token.to_lowercase())
        })
        .map(str::to_owned)
        .collect();
    found.sort();
    found.dedup();
    found
}

/// The texts between each `start` and the next `end` in `page`.
pub(crate) fn between_all(page: &str, start: &str, end: &str) -> Vec<String> {
    page.split(start)
        .skip(1)
        .map(|rest| rest.split(end).next().unwrap_or_default().to_string())
        .collect()
}

/// The words of two or more Latin letters in `text` (an English word left in a Hindi or
/// Chinese message).
pub(crate) fn latin_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_string)
        .collect()
}
