//! The meters pages in French, Chinese and Hindi: no English catalogue text, `<html lang>` right,
//! with data and after a refused form.

use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::i18n_support::{english_in, english_only, speaking};
use crate::support::app::TestApp;

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
            [200, 200, 200, 200, 200, 200, 200, 422, 422],
            "{statuses:?}"
        );
        // Tidy up for the next language: the meter's name is reused.
        let res = s.post(&format!("{path}/archive"), &[("confirm", "1")]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
}
