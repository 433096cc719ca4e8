//! Refused product forms and error pages in French, Chinese and Hindi: each refusal names the
//! line's field and the fix in the operator's language, with numbers written its way; error
//! pages (404 for each kind of object, 403, CSRF) say what happened in that language too.

use meterdesk::auth::model::Role;
use meterdesk::i18n::{Arg, Lang};
use reqwest::StatusCode;

use crate::i18n_support::{english_in, english_only, latin_words, meters, speaking};
use crate::products_support::meter;
use crate::support::app::TestApp;

/// A product form: the product's fields, then line 0's (`meters[0].` is added to `line` keys).
fn form(product: &[(&str, &str)], line: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("name", "Plan Ω"),
        ("currency", "EUR"),
        ("billing_interval", "monthly"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, v) in product {
        f.retain(|(key, _)| key != k);
        f.push((k.to_string(), v.to_string()));
    }
    for (k, v) in line {
        f.push((format!("meters[0].{k}"), v.to_string()));
    }
    f.push(("action".into(), "save".into()));
    f
}

/// A form's fields.
type Fields = Vec<(String, String)>;

/// A catalogue id and its arguments.
type Refusal = (&'static str, Vec<(&'static str, Arg<'static>)>);

/// Forms that break the product and pricing rules, and the catalogue ids (with arguments) of
/// refusals each must show.
fn refused_forms() -> Vec<(Fields, Vec<Refusal>)> {
    vec![
        (
            form(
                &[],
                &[
                    ("meter_id", "mtr_calls"),
                    ("price.model", "graduated"),
                    ("price.tiers[0].up_to", "1234567"),
                    ("price.tiers[0].unit_price", "0.01"),
                    ("price.tiers[1].up_to", "500"),
                    ("price.tiers[1].unit_price", "0.5"),
                    ("price.tiers[2].up_to", "2000000"),
                    ("price.tiers[2].unit_price", "0.001"),
                ],
            ),
            vec![
                (
                    "product-rule-up-to-not-ascending",
                    vec![("previous", Arg::Decimal(1_234_567.into()))],
                ),
                ("product-rule-last-tier-bounded", vec![]),
            ],
        ),
        (
            form(
                &[("currency", "usd")],
                &[
                    ("meter_id", "mtr_calls"),
                    ("free_threshold", "-5"),
                    ("price.model", "volume"),
                    ("price.tiers[0].up_to", ""),
                    ("price.tiers[0].unit_price", "1"),
                    ("price.tiers[1].up_to", "100"),
                    ("price.tiers[1].unit_price", "0.5"),
                ],
            ),
            vec![
                ("product-rule-currency-case", vec![]),
                ("product-rule-negative", vec![]),
                ("product-rule-tier-unbounded", vec![("previous", Arg::Int(0))]),
            ],
        ),
        (
            form(
                &[],
                &[
                    ("meter_id", "mtr_rows"),
                    ("price.model", "package"),
                    ("price.package_size", "0"),
                    ("price.package_price", "5"),
                ],
            ),
            vec![("product-rule-package-size-zero", vec![])],
        ),
        (
            form(
                &[("name", "")],
                &[
                    ("meter_id", "mtr_nope"),
                    ("price.model", "per_unit"),
                    ("price.unit_price", "1.0000000000001"),
                ],
            ),
            vec![
                ("product-rule-required", vec![]),
                ("product-rule-meter-unknown", vec![("id", Arg::from("mtr_nope"))]),
                ("product-rule-decimals", vec![("max", Arg::Int(12))]),
            ],
        ),
        (form(&[], &[]), vec![("product-rule-meters-none", vec![])]),
    ]
}

/// Words of data the pages show as they are: ids, the meters' names and units, ISO codes.
const DATA: [&str; 15] = [
    "mtr_calls",
    "mtr_tokens",
    "mtr_rows",
    "mtr_nope",
    "Appels",
    "Jetons",
    "Lignes",
    "calls",
    "tokens",
    "rows",
    "EUR",
    "USD",
    "usd",
    "Ω",
    "Meterdesk",
];

#[actix_web::test]
async fn refused_product_forms_name_the_field_and_the_fix_in_french_chinese_and_hindi() {
    let app = TestApp::spawn().await;
    meters(&app);
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let english = english_only(lang);
        let editor = speaking(&app, Role::Editor, lang, "Asia/Kolkata").await;
        for (fields, expected) in refused_forms() {
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let (status, page) = editor.post_text("/products", &borrowed).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
            let found = english_in(&page, &english);
            assert!(found.is_empty(), "{lang:?} {fields:?} shows English: {found:#?}");
            for (id, args) in &expected {
                let said = app.state.catalog.t(lang, id, args);
                let said = said.trim_end_matches(['.', '。', '।']);
                let html = said
                    .replace('&', "&amp;")
                    .replace('\'', "&#x27;")
                    .replace('"', "&quot;");
                assert!(page.contains(&html), "{lang:?}: {said:?} missing for {fields:?}");
            }
            if lang == Lang::Hi {
                let latin = latin_words(&page, &DATA);
                assert!(latin.is_empty(), "Latin words on a Hindi form: {latin:?}");
            }
        }
        // Numbers in a refusal are the language's: Indian grouping in Hindi, the field first.
        let (_, page) = editor
            .post_text(
                "/products",
                &refused_forms()[0]
                    .0
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect::<Vec<_>>(),
            )
            .await;
        let tier_two = app
            .state
            .catalog
            .t(lang, "product-field-tier-up-to", &[("n", Arg::Int(2))]);
        assert!(page.contains(&tier_two), "{page}");
        match lang {
            Lang::Hi => assert!(page.contains("12,34,567"), "{page}"),
            Lang::Fr => assert!(page.contains("1\u{202F}234\u{202F}567"), "{page}"),
            _ => assert!(page.contains("1,234,567"), "{page}"),
        }
    }
}

#[actix_web::test]
async fn error_pages_speak_french_chinese_and_hindi() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_calls", "Appels", "calls", "active");
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let english = english_only(lang);
        let viewer = speaking(&app, Role::Viewer, lang, "Asia/Kolkata").await;
        let missing = [
            ("/meters/mtr_missing", "errors-no-meter", Some("mtr_missing")),
            (
                "/products/prod_missing",
                "product-not-found",
                Some("prod_missing"),
            ),
            (
                "/customers/cus_missing",
                "customers-error-not-found",
                Some("cus_missing"),
            ),
            (
                "/statements/st_missing",
                "statements-not-found",
                Some("st_missing"),
            ),
            ("/no/such/page", "errors-no-page", None),
        ];
        for (path, id, arg) in missing {
            let (status, page) = viewer.get_text(path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            let said = match arg {
                Some(v) => app.state.catalog.t(lang, id, &[("id", Arg::from(v))]),
                None => app.state.catalog.text(lang, id),
            };
            assert!(page.contains(&said), "{lang:?} {path}: {said:?} in {page}");
            assert!(page.contains(&format!("<html lang=\"{}\">", lang.code())));
            let found = english_in(&page, &english);
            assert!(found.is_empty(), "{lang:?} {path} shows English: {found:#?}");
            if lang == Lang::Hi {
                let data = [
                    "mtr_missing",
                    "prod_missing",
                    "cus_missing",
                    "st_missing",
                    "Meterdesk",
                ];
                let latin = latin_words(&page, &data);
                assert!(
                    latin.is_empty(),
                    "{path}: Latin words on a Hindi error page: {latin:?}"
                );
            }
        }
        // A viewer on an admin page: 403 naming both roles in the language.
        let (status, page) = viewer.get_text("/settings/operators").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(
            page.contains(&app.state.catalog.text(lang, "role-admin")),
            "{page}"
        );
        assert!(english_in(&page, &english).is_empty(), "{page}");
        // A form without its CSRF token: refused in the language.
        let res = viewer
            .client
            .post(viewer.url("/settings/preferences"))
            .form(&[("language", "en")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let page = res.text().await.unwrap();
        assert!(
            page.contains(&app.state.catalog.text(lang, "errors-csrf")),
            "{page}"
        );
        if lang == Lang::Hi {
            let latin = latin_words(&page, &["Meterdesk"]);
            assert!(latin.is_empty(), "Latin words on the Hindi CSRF page: {latin:?}");
        }
    }
}
