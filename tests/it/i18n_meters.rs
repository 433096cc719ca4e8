//! The meters pages in French, Chinese and Hindi: no English catalogue text, `<html lang>` right,
//! with data and after a refused form.

use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::i18n_support::{between_all, english_in, english_only, latin_runs, speaking, unescape};
use crate::support::app::TestApp;
use meterdesk::i18n::Arg;

/// A sum meter with a nested filter, created through the form; its page's path.
async fn filtered_meter(s: &crate::support::app::Session) -> String {
    let res = s
        .post(
            "/meters",
            &[
                ("name", "Jetons"),
                ("event_name", "llm.tokens"),
                ("aggregation", "sum"),
                ("aggregation_key", "tokens"),
                ("unit", "tokens"),
                ("filter_enabled", "1"),
                ("f.0.conj", "and"),
                ("f.0.0.key", "region"),
                ("f.0.0.op", "equals"),
                ("f.0.0.value", "eu"),
                ("f.0.1.conj", "or"),
                ("f.0.1.0.key", "tier"),
                ("f.0.1.0.op", "not_equals"),
                ("f.0.1.0.value", "pro"),
                ("f.0.1.1.key", "tokens"),
                ("f.0.1.1.op", "greater_than"),
                ("f.0.1.1.value", "100"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    res.headers()[LOCATION].to_str().unwrap().to_string()
}

/// The page without the embedded upload form (templates/uploads/form.html): the uploads pages'
/// conversion speaks for it, and its own language test checks it.
fn without_upload_form(page: &str) -> String {
    match page.find("class=\"stack upload-form\"") {
        Some(at) => {
            let start = page[..at].rfind("<form").unwrap();
            let end = at + page[at..].find("</form>").unwrap() + "</form>".len();
            format!("{}{}", &page[..start], &page[end..])
        }
        None => page.to_string(),
    }
}

#[actix_web::test]
async fn meters_pages_show_no_english_in_french_chinese_or_hindi() {
    let app = TestApp::spawn().await;
    crate::support::fixtures::customer(&app.api(), "cus_real").await;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let english = english_only(lang);
        let s = speaking(&app, Role::Admin, lang, "Asia/Kolkata").await;
        // Before any meter: the empty list.
        let (status, empty) = s.get_text("/meters").await;
        let mut pages = vec![("GET /meters (empty)".to_string(), status, empty)];
        let path = filtered_meter(&s).await;
        for path in [
            "/meters".to_string(),
            "/meters?status=archived".into(),
            path.clone(),
            "/meters/new".into(),
            format!("{path}/edit"),
            format!("{path}/test"),
        ] {
            let (status, page) = s.get_text(&path).await;
            pages.push((path, status, page));
        }
        // Refused manual entries: a value that is not a number and a line that is not
        // key=value; a customer that does not exist (the form's checks pass, the pipeline refuses).
        for (what, fields) in [
            (
                "not a number",
                [
                    ("customer_id", "cus_nobody"),
                    ("value", "abc"),
                    ("properties", "region=eu\noops"),
                ],
            ),
            (
                "unknown customer",
                [
                    ("customer_id", "cus_nobody"),
                    ("value", "5"),
                    ("properties", "region=eu\ntier=basic"),
                ],
            ),
        ] {
            let (status, page) = s.post_text(&format!("{path}/usage"), &fields).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
            assert!(page.contains("id=\"manual-errors\""), "{what}: {page}");
            pages.push((format!("POST {path}/usage ({what})"), status, page));
        }
        // A time ahead of the server's clock, typed in the operator's zone.
        let (status, page) = s
            .post_text(
                &format!("{path}/usage"),
                &[
                    ("customer_id", "cus_real"),
                    ("value", "5"),
                    ("properties", "region=eu\ntier=basic"),
                    ("timestamp", "2099-01-01 00:00"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "future: {page}");
        assert!(page.contains("2099-01-01 00:00 +05:30"), "future: {page}");
        pages.push((format!("POST {path}/usage (future)"), status, page));
        assert!(
            pages[8].2.contains("id=\"create-customer-link\""),
            "{}",
            pages[8].2
        );
        for (what, status, page) in &pages {
            let code = lang.code();
            assert!(
                page.contains(&format!("<html lang=\"{code}\">")),
                "{code} {what} ({status}) is not in {code}"
            );
            let found = english_in(&without_upload_form(page), &english);
            assert!(
                found.is_empty(),
                "{code} {what} ({status}) shows English: {found:#?}"
            );
        }
        // The filter and aggregation read in the operator's language, not in English.
        let list = &pages[1].2;
        assert!(!list.contains("sum of tokens"), "{list}");
        assert!(
            list.contains(&app.state.catalog.text(lang, "meters-filter-keyword-and")),
            "{list}"
        );
        // Every page rendered.
        let statuses: Vec<u16> = pages.iter().map(|(_, s, _)| s.as_u16()).collect();
        assert_eq!(
            statuses,
            [200, 200, 200, 200, 200, 200, 200, 422, 422, 422],
            "{statuses:?}"
        );
        // Tidy up for the next language: the meter's name is reused.
        let res = s.post(&format!("{path}/archive"), &[("confirm", "1")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
}

/// The page without its `<textarea>`'s content (pasted JSON).
fn without_textarea(page: &str) -> String {
    match (page.find("<textarea"), page.find("</textarea>")) {
        (Some(start), Some(end)) if start < end => format!("{}{}", &page[..start], &page[end..]),
        _ => page.to_string(),
    }
}

/// The texts of the field errors (`<p class="field-error…">…</p>`) of a page.
fn field_errors(page: &str) -> Vec<String> {
    between_all(&unescape(page), "class=\"field-error", "</p>")
        .into_iter()
        .map(|e| e.split_once('>').map(|(_, t)| t.to_string()).unwrap_or_default())
        .collect()
}

/// `text` without what is data, not words: quoted values and ids, and the given identifiers
/// (metadata keys and event names, which stay as typed in every language).
fn words_only(text: &str, identifiers: &[&str]) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '“') => quote = Some('”'),
            (None, '"') => quote = Some('"'),
            (Some(end), c) if c == end => quote = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    identifiers.iter().fold(out, |t, id| t.replace(id, " "))
}

/// Data and names that stay in Latin letters in Hindi: metadata keys and example keys, the
/// event name, and the format's name.
const IDENTIFIERS: [&str; 8] = [
    "llm.tokens",
    "region",
    "tier",
    "tokens",
    "bytes",
    "api.call",
    "JSON",
    "NUL",
];

#[actix_web::test]
async fn refused_forms_and_the_test_bench_speak_french_chinese_and_hindi() {
    let app = TestApp::spawn().await;
    let catalog = &app.state.catalog;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let code = lang.code();
        let english = english_only(lang);
        let s = speaking(&app, Role::Admin, lang, "Asia/Kolkata").await;
        // A meter form with four mistakes: no name, an event name with a leading space, a sum
        // without its Property, and a filter condition without a key.
        let (status, form) = s
            .post_text(
                "/meters",
                &[
                    ("name", " "),
                    ("event_name", " api.call"),
                    ("aggregation", "sum"),
                    ("aggregation_key", ""),
                    ("unit", "calls"),
                    ("filter_enabled", "1"),
                    ("f.0.conj", "and"),
                    ("f.0.0.key", " "),
                    ("f.0.0.op", "equals"),
                    ("f.0.0.value", "eu"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let found = english_in(&form, &english);
        assert!(found.is_empty(), "{code} refused form shows English: {found:#?}");
        let errors = field_errors(&form);
        let condition = catalog.t(lang, "meters-error-condition", &[("number", Arg::Int(1))]);
        let key_empty = catalog.t(
            lang,
            "meters-error-filter-key-empty",
            &[("which", condition.as_str().into())],
        );
        let sum = catalog.text(lang, "meters-form-aggregation-sum");
        let sum = sum.split('—').next().unwrap_or_default().trim().to_string();
        let property = catalog.t(
            lang,
            "meters-error-property-missing",
            &[("aggregation", sum.as_str().into())],
        );
        for expected in [
            key_empty,
            property,
            catalog.text(lang, "meters-error-name-required"),
            catalog.text(lang, "meters-error-event-name-spaces"),
        ] {
            assert!(
                errors.contains(&expected),
                "{code}: {expected} not in {errors:#?}"
            );
        }

        // The test bench: an event the filter excludes, then JSON that does not parse.
        let path = filtered_meter(&s).await;
        let event = r#"{"event_name": "llm.tokens", "customer_id": "cus_nobody", "metadata": {"region": "us", "tier": "pro", "tokens": 5}}"#;
        let (status, bench) = s.post_text(&format!("{path}/test"), &[("json", event)]).await;
        assert_eq!(status, StatusCode::OK, "{code}");
        // The pasted event is data (its keys are English words: customer_id).
        let found = english_in(&without_textarea(&bench), &english);
        assert!(found.is_empty(), "{code} bench shows English: {found:#?}");
        let bench = unescape(&bench);
        let why = catalog.t(
            lang,
            "meters-explain-not-equal",
            &[("value", "\"us\"".into()), ("filter", "\"eu\"".into())],
        );
        assert!(bench.contains(&why), "{code}: {why} in {bench}");
        assert!(bench.contains(&catalog.text(lang, "meters-bench-filter-fails")));
        assert!(bench.contains(&catalog.text(lang, "meters-bench-source-pasted")));
        let broken = "{\"event_name\": \"llm.tokens\", \"metadata\": {\"region\": \"eu\"}";
        let (status, refused) = s.post_text(&format!("{path}/test"), &[("json", broken)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let found = english_in(&refused, &english);
        assert!(found.is_empty(), "{code} broken JSON shows English: {found:#?}");
        let refused = unescape(&refused);
        assert!(refused.contains(broken), "{code}: the pasted text is kept");
        assert!(
            refused.contains(&catalog.text(lang, "meters-bench-json-unclosed-object")),
            "{code}: {refused}"
        );
        assert!(
            !refused.contains("EOF while parsing"),
            "{code}: the parser's own words"
        );

        // A manual entry the filter would not count: its reasons in the catalogue's words.
        let (status, manual) = s
            .post_text(
                &format!("{path}/usage"),
                &[
                    ("customer_id", "cus_nobody"),
                    ("value", "5"),
                    ("properties", "region=us"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let found = english_in(&without_upload_form(&manual), &english);
        assert!(found.is_empty(), "{code} manual entry shows English: {found:#?}");
        assert!(unescape(&manual).contains(&why), "{code}: {why} in {manual}");

        if lang == Lang::Hi {
            let mut messages = errors.clone();
            messages.extend(field_errors(&refused));
            messages.extend(between_all(&bench, "<td class=\"check-detail\">", "</td>"));
            messages.extend(between_all(
                &bench,
                "<ul class=\"explain\" id=\"filter-explanation\">",
                "</ul>",
            ));
            assert!(messages.len() >= 10, "{messages:#?}");
            for m in &messages {
                let m = m.replace("<strong>", " ").replace("</strong>", " ");
                let m = m.replace("<li", " ").replace("</li>", " ");
                let words = latin_runs(&words_only(&m, &IDENTIFIERS));
                let words: Vec<&String> = words
                    .iter()
                    .filter(|w| !["class", "depth", "held", "failed"].contains(&w.as_str()))
                    .collect();
                assert!(words.is_empty(), "English words {words:?} in {m:?}");
            }
        }
        let res = s.post(&format!("{path}/archive"), &[("confirm", "1")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
}
