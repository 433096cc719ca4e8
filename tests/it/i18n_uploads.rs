//! The Usage data pages (uploads list, upload form, an upload with rejected rows, a dry run, a
//! kept dry run of a file uploaded before) and the meter archive page in French, Chinese and
//! Hindi: no English catalogue text, the rejected rows' messages translated, and in Hindi no
//! English words in Latin letters besides data. A refused upload without the upload script
//! lands on a clean address with the meter still chosen.

use meterdesk::auth::model::Role;
use meterdesk::i18n::{Arg, Lang};
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::i18n_support::{
    english_in, english_only, speaking, unescape, without_code, without_machine_attributes,
};
use crate::support::app::Session;
use crate::support::fixtures::{product, subscription, sum_meter};
use crate::uploads_support::{GOOD, portal_upload, setup};

/// Rows the upload refuses, each for another reason, and one it stores.
const MIXED: &str = "timestamp,event_name,payload_customer_id,payload_tokens\n\
2024-09-23,llm.tokens,cus_a,100\n\
2024-09-23,llm.tokens,cus_zz,5\n\
2024-09-23,llm.tokens,cus_a,abc\n\
demain,llm.tokens,cus_a,7\n\
2024-09-23,llm.tokens,cus_a\n\
2024-09-23,llm.tokens,,3\n";

/// Follows a portal answer's redirects: the address it ends on, its status and page.
async fn follow(s: &Session, res: reqwest::Response) -> (String, StatusCode, String) {
    let mut res = res;
    let mut path = res.url().path().to_string();
    if let Some(q) = res.url().query() {
        path = format!("{path}?{q}");
    }
    while res.status().is_redirection() {
        path = res.headers()[LOCATION].to_str().unwrap().to_string();
        res = s.get(&path).await;
    }
    let status = res.status();
    (path, status, res.text().await.unwrap())
}

/// The Latin-letter words a page shows people that are not data: ids, event and file names
/// and column names (with `_`, `.`, `-`, digits or `@`), acronyms and codes in capitals (CSV,
/// UTF, SHA, ISO currencies), and the `data` words the test names.
fn english_words(page: &str, data: &[&str]) -> Vec<String> {
    let mut text = String::new();
    let mut rest = page;
    // Scripts are not text.
    while let Some(at) = rest.find("<script") {
        text.push_str(&rest[..at]);
        rest = rest[at..]
            .find("</script>")
            .map_or("", |end| &rest[at + end + 9..]);
    }
    text.push_str(rest);
    let text = unescape(&without_machine_attributes(&without_code(&text)));
    let mut found: Vec<String> = text
        .split(|c: char| c.is_whitespace() || "()[]{},;:!?“”\"'«»/|—–×#=+<>".contains(c))
        .map(|w| w.trim_end_matches('.'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.contains(['_', '.', '-', '@']) && !w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_uppercase()))
        .filter(|w| !data.contains(w))
        .map(str::to_string)
        .collect();
    found.sort();
    found.dedup();
    found
}

#[actix_web::test]
async fn a_refused_upload_without_the_script_lands_on_the_form_with_its_meter_chosen() {
    let s = setup().await;
    let second = sum_meter(&s.api, "images.generated", "images").await;
    for lang in [Lang::En, Lang::Hi] {
        let editor = speaking(&s.app, Role::Editor, lang, "Asia/Kolkata").await;
        let res = portal_upload(&editor, &[("meter_id", &second)], "h.csv", b"time,event\n1,2\n").await;
        let (url, status, page) = follow(&editor, res).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(!url.contains("csrf_token"), "{url}");
        assert_eq!(url, format!("/uploads/new?meter_id={second}"));
        assert!(page.contains("id=\"upload-error\""), "{page}");
        assert!(
            page.contains(&format!(r#"<option value="{second}" selected>"#)),
            "the meter stays chosen: {page}"
        );
        let expected = s.app.state.catalog.text(lang, "uploads-header-first-line");
        assert!(unescape(&page).contains(&expected), "{lang:?}: {page}");
        // An empty file for a correction: the fix stays in the address too.
        let res = portal_upload(&editor, &[("meter_id", &s.tokens), ("fixes", "77")], "e.csv", b"").await;
        let (url, _, page) = follow(&editor, res).await;
        assert_eq!(url, format!("/uploads/new?meter_id={}&fixes=77", s.tokens));
        let empty = s.app.state.catalog.text(lang, "uploads-error-empty-file");
        assert!(page.contains(&empty), "{page}");
    }
}

#[actix_web::test]
async fn upload_pages_and_the_archive_page_speak_french_chinese_and_hindi() {
    let s = setup().await;
    let prod = product(&s.api, "EUR", &[(&s.tokens, "0.001", "0")]).await;
    subscription(&s.api, "cus_a", &prod, "2024-01-01T00:00:00Z").await;
    let editor = s.app.session(Role::Editor).await;
    let (real, _, _) = follow(
        &editor,
        portal_upload(&editor, &[("meter_id", &s.tokens)], "mixte.csv", MIXED.as_bytes()).await,
    )
    .await;
    let (dry, _, _) = follow(
        &editor,
        portal_upload(
            &editor,
            &[("meter_id", &s.tokens), ("dry_run", "1")],
            "essai.csv",
            GOOD.as_bytes(),
        )
        .await,
    )
    .await;
    follow(
        &editor,
        portal_upload(&editor, &[("meter_id", &s.tokens)], "bon.csv", GOOD.as_bytes()).await,
    )
    .await;
    for path in [&real, &dry] {
        assert!(path.starts_with("/uploads/"), "{path}");
    }
    // Data (column names too: the file's own and `identifier`), and names (ours, Stripe, Unix
    // time).
    let data = [
        "mixte",
        "essai",
        "bon",
        "csv",
        "demain",
        "abc",
        "timestamp",
        "tokens",
        "time",
        "event",
        "identifier",
        "Usage",
        "plan",
        "Meterdesk",
        "Stripe",
        "Unix",
    ];
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let admin = speaking(&s.app, Role::Admin, lang, "Asia/Kolkata").await;
        let mut pages: Vec<(String, StatusCode, String)> = Vec::new();
        for path in [
            "/usage".to_string(),
            "/usage?show=dry_runs".into(),
            "/usage?show=all".into(),
            format!("/uploads/new?meter_id={}", s.tokens),
            real.clone(),
            dry.clone(),
        ] {
            let (status, page) = admin.get_text(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}: {page}");
            pages.push((path, status, page));
        }
        let (status, page) = admin.get_text("/uploads/999999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        pages.push(("missing upload".into(), status, page));
        // The same file again: kept as a dry run, with the warnings.
        let (kept, status, page) = follow(
            &admin,
            portal_upload(&admin, &[("meter_id", &s.tokens)], "bon.csv", GOOD.as_bytes()).await,
        )
        .await;
        assert!(page.contains("id=\"same-file-warning\""), "{page}");
        assert!(page.contains("flash-warning"), "{page}");
        pages.push((format!("kept dry run {kept}"), status, page));
        // Refused files (not UTF-8, a wrong header), after the redirect.
        for (name, body) in [
            ("nul.csv", &b"\xff\xfe\x00a"[..]),
            (
                "h.csv",
                b"time,event,payload_customer_id,payload_customer_id\n1,2\n",
            ),
        ] {
            let (url, status, page) = follow(
                &admin,
                portal_upload(&admin, &[("meter_id", &s.tokens)], name, body).await,
            )
            .await;
            assert!(page.contains("id=\"upload-error\""), "{page}");
            pages.push((format!("refused upload {name} {url}"), status, page));
        }
        let (status, page) = admin
            .post_text(&format!("/meters/{}/archive", s.tokens), &[])
            .await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("id=\"archive-warning\""), "{page}");
        pages.push(("archive".into(), status, page));

        let english = english_only(lang);
        for (what, _, page) in &pages {
            assert!(
                page.contains(&format!("<html lang=\"{}\">", lang.code())),
                "{what}"
            );
            let found = english_in(page, &english);
            assert!(
                found.is_empty(),
                "{lang:?} {what} shows English: {found:#?}\n{page}"
            );
            if lang == Lang::Hi {
                let words = english_words(page, &data);
                assert!(words.is_empty(), "{what} shows English words: {words:?}\n{page}");
            }
        }
        let show = unescape(&pages[4].2);
        assert!(show.contains("+05:30</time>"), "{show}");
        let catalog = &s.app.state.catalog;
        let unknown = catalog.t(
            lang,
            "uploads-row-unknown-customer",
            &[("id", Arg::from("cus_zz"))],
        );
        assert!(show.contains(&unknown), "{lang:?}: {show}");
        let not_number = catalog.t(
            lang,
            "uploads-row-value-not-number",
            &[("key", Arg::from("tokens")), ("found", Arg::from("\"abc\""))],
        );
        assert!(show.contains(&not_number), "{lang:?}: {show}");
        assert!(!show.contains("POST /api/v1/customers"), "{show}");
    }
}
