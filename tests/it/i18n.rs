//! Languages and time zones in the portal: the sign-in page follows Accept-Language, every
//! operator picks a language and a zone (the organisation's zone is an admin setting), and the
//! converted pages show no English catalogue text in French, Chinese or Hindi.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use reqwest::header::ACCEPT_LANGUAGE;
use serde_json::json;

use crate::i18n_support::{assert_speaks, english_in, english_only, meters, products, speaking, unescape};
use crate::products_support::location;
use crate::support::app::{PASSWORD, TestApp};
use crate::support::html;

async fn login_page(app: &TestApp, accept_language: &str) -> String {
    let res = app
        .client()
        .get(app.url("/login"))
        .header(ACCEPT_LANGUAGE, accept_language)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

#[actix_web::test]
async fn the_login_page_follows_accept_language() {
    let app = TestApp::spawn().await;
    let cases = [
        (
            "fr-FR,fr;q=0.9,en;q=0.5",
            "fr",
            ["Se connecter", "Mot de passe", "E-mail"],
        ),
        ("zh-CN", "zh-CN", ["登录", "密码", "电子邮件"]),
        ("hi-IN", "hi", ["साइन इन करें", "पासवर्ड", "ईमेल"]),
        ("de-DE, en;q=0.8", "en", ["Sign in", "Password", "Email"]),
    ];
    for (header, code, words) in cases {
        let page = login_page(&app, header).await;
        assert!(
            page.contains(&format!("<html lang=\"{code}\">")),
            "{header}: {page}"
        );
        for w in words {
            assert!(page.contains(w), "{header}: no {w:?} in {page}");
        }
        if code != "en" {
            assert!(
                !page.contains(">Sign in<") && !page.contains(">Password<"),
                "{header}"
            );
            let lang = Lang::from_code(code).unwrap();
            assert_eq!(
                english_in(&page, &english_only(lang)),
                Vec::<String>::new(),
                "{header}"
            );
        }
    }

    // A refused sign-in answers in the browser's language too.
    app.create_operator("ana@example.com", Role::Viewer);
    let client = app.client();
    let form = client
        .get(app.url("/login"))
        .header(ACCEPT_LANGUAGE, "fr-FR")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = html::csrf_token(&form).unwrap();
    let res = client
        .post(app.url("/login"))
        .header(ACCEPT_LANGUAGE, "fr-FR")
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", "ana@example.com"),
            ("password", "not the password"),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let page = unescape(&res.text().await.unwrap());
    assert_eq!(
        html::text_by_id(&page, "login-error").unwrap(),
        "L’e-mail ou le mot de passe est incorrect."
    );
    assert!(PASSWORD != "not the password");
}

#[actix_web::test]
async fn an_operator_who_picks_hindi_sees_hindi_with_indian_grouping_and_their_zone() {
    let app = TestApp::spawn().await;
    meters(&app);
    let s = app.session(Role::Admin).await;

    // Before choosing: the browser's language (none sent: English), the organisation's zone.
    let (_, page) = s.get_text("/settings").await;
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("Your preferences"));
    assert!(
        html::text_by_id(&page, "now-in-zone")
            .unwrap()
            .ends_with("+00:00"),
        "{page}"
    );

    let res = s
        .post(
            "/settings/preferences",
            &[("language", "hi"), ("time_zone", "Asia/Kolkata")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/settings");
    let (status, page) = s.get_text("/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<html lang=\"hi\">"));
    assert_eq!(
        html::text_by_id(&page, "flash").unwrap(),
        "आपकी प्राथमिकताएँ सहेज ली गई हैं।"
    );
    for nav in [
        "मीटर",
        "उत्पाद",
        "ग्राहक",
        "उपयोग डेटा",
        "विश्लेषण",
        "सेटिंग्स",
        "साइन आउट करें",
    ] {
        assert!(page.contains(&format!(">{nav}</")), "no {nav} in the navigation");
    }
    assert!(page.contains("<option value=\"hi\" lang=\"hi\" selected>हिन्दी</option>"));
    assert!(page.contains("<option value=\"fr\" lang=\"fr\">Français</option>"));
    assert!(page.contains("<option selected>Asia/Kolkata</option>"));
    let now = html::text_by_id(&page, "now-in-zone").unwrap();
    assert!(now.ends_with("+05:30"), "{now}");

    // Audited, with what was chosen.
    let audit: Vec<serde_json::Value> = {
        use meterdesk::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq("operator.preferences"))
            .select(audit_log::details)
            .load(&mut app.conn())
            .unwrap()
    };
    assert_eq!(audit, [json!({"language": "hi", "time_zone": "Asia/Kolkata"})]);

    // Products in Hindi, with Indian digit grouping for large numbers.
    let paths = products(&s).await;
    let (_, page) = s.get_text(&format!("{}?usage_0=1234567", paths[0])).await;
    let page = unescape(&page);
    assert!(page.contains("<html lang=\"hi\">"));
    // The notice of the last product created (no page was shown in between).
    assert_eq!(
        html::text_by_id(&page, "flash").unwrap(),
        "उत्पाद Paliers Ω बनाया गया।"
    );
    assert_eq!(html::text_by_id(&page, "price-0").unwrap(), "₹2.50 प्रति call");
    assert!(
        page.contains("12,34,567 calls"),
        "the typed usage in Indian grouping"
    );
    let typed = (0..6)
        .filter_map(|k| html::text_by_id(&page, &format!("charge-0-{k}")))
        .next_back()
        .unwrap();
    assert_eq!(typed, "₹30,86,417.50");
    assert!(page.contains("हल किए गए उदाहरण: Appels"));
    // Times on the page are in Asia/Kolkata with the offset.
    assert!(page.contains("+05:30</time>"), "{page}");

    // Back to the browser's language: an empty choice is stored as none.
    let res = s
        .post("/settings/preferences", &[("language", ""), ("time_zone", "")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = s.get_text("/settings").await;
    assert!(page.contains("<html lang=\"en\">"));
    assert!(
        html::text_by_id(&page, "now-in-zone")
            .unwrap()
            .ends_with("+00:00")
    );
}

#[actix_web::test]
async fn preferences_are_checked_and_the_organisation_zone_is_for_admins() {
    let app = TestApp::spawn().await;
    let viewer = speaking(&app, Role::Viewer, Lang::Fr, "").await;

    // Refusals name the field, in the operator's language.
    let (status, page) = viewer
        .post_text(
            "/settings/preferences",
            &[("language", "de"), ("time_zone", "asia/kolkata")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = unescape(&page);
    assert_eq!(
        html::text_by_id(&page, "f-language-error").unwrap(),
        "Choisissez l’une des langues proposées."
    );
    assert_eq!(
        html::text_by_id(&page, "f-time_zone-error").unwrap(),
        "«\u{202f}asia/kolkata\u{202f}» n’est pas un nom de fuseau horaire\u{202f}; vouliez-vous dire Asia/Kolkata\u{202f}?"
    );

    // A viewer may not set the organisation's zone.
    let res = viewer
        .post("/settings/organisation", &[("time_zone", "Asia/Kathmandu")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, page) = viewer.get_text("/settings").await;
    assert!(
        !page.contains("/settings/organisation"),
        "no organisation form for a viewer"
    );

    // An admin sets it; operators without a zone of their own follow it.
    let admin = app.session(Role::Admin).await;
    let (status, page) = admin
        .post_text("/settings/organisation", &[("time_zone", "Mars/Olympus")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html::text_by_id(&unescape(&page), "f-organisation_time_zone-error")
            .unwrap()
            .contains("“Mars/Olympus” is not a time zone name")
    );
    let res = admin
        .post("/settings/organisation", &[("time_zone", "Asia/Kathmandu")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get_text("/settings").await;
    assert_eq!(
        html::text_by_id(&page, "flash").unwrap(),
        "The organisation’s time zone is now Asia/Kathmandu."
    );
    assert!(
        html::text_by_id(&page, "now-in-zone")
            .unwrap()
            .ends_with("+05:45")
    );
    let (_, page) = viewer.get_text("/settings").await;
    let page = unescape(&page);
    assert!(
        html::text_by_id(&page, "now-in-zone")
            .unwrap()
            .ends_with("+05:45")
    );
    assert!(page.contains("Celui de l’organisation (Asia/Kathmandu)"));
    let audit: Vec<serde_json::Value> = {
        use meterdesk::db::schema::audit_log;
        audit_log::table
            .filter(audit_log::action.eq("organisation.time_zone"))
            .select(audit_log::details)
            .load(&mut app.conn())
            .unwrap()
    };
    assert_eq!(audit, [json!({"from": "UTC", "to": "Asia/Kathmandu"})]);
}

#[actix_web::test]
async fn converted_pages_show_no_english_in_french_chinese_or_hindi() {
    let app = TestApp::spawn().await;
    meters(&app);
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let s = speaking(&app, Role::Admin, lang, "Europe/Paris").await;
        let paths = products(&s).await;
        let mut pages: Vec<(String, StatusCode, String)> = Vec::new();
        let get = |path: String| {
            let s = &s;
            async move {
                let (status, page) = s.get_text(&path).await;
                (path, status, page)
            }
        };
        for path in [
            "/settings".to_string(),
            "/settings/operators".into(),
            "/settings/audit".into(),
            "/account/password".into(),
            "/products".into(),
            "/products/new".into(),
            format!("{}?usage_0=250", paths[0]),
            format!("{}?usage_0=abc", paths[1]),
            paths[2].clone(),
            format!("{}/edit", paths[2]),
            "/products/prod_doesnotexist".into(),
        ] {
            pages.push(get(path).await);
        }
        // Pages after a change: a created key (and its list), refusals re-rendered.
        let (status, page) = s.post_text("/settings/api-keys", &[("name", "production")]).await;
        pages.push(("POST /settings/api-keys".into(), status, page));
        let (status, page) = s.post_text("/settings/api-keys", &[("name", "")]).await;
        pages.push(("POST /settings/api-keys (no name)".into(), status, page));
        let (status, page) = s
            .post_text(
                "/settings/operators",
                &[("email", "not-an-email"), ("role", "viewer")],
            )
            .await;
        pages.push(("POST /settings/operators (bad email)".into(), status, page));
        let (status, page) = s
            .post_text(
                "/account/password",
                &[
                    ("current_password", "wrong wrong wrong"),
                    ("new_password", "a new long password"),
                    ("confirm_password", "a new long password"),
                ],
            )
            .await;
        pages.push(("POST /account/password (wrong)".into(), status, page));
        let (status, page) = s.post_text("/products", &[("action", "add_meter")]).await;
        pages.push(("POST /products add_meter".into(), status, page));
        // A page the role does not allow: the refusal is in the operator's language too.
        let viewer = speaking(&app, Role::Viewer, lang, "").await;
        let (status, page) = viewer.get_text("/settings/operators").await;
        pages.push(("viewer GET /settings/operators".into(), status, page));

        assert_speaks(lang, &pages);
        let refusal = &pages.last().unwrap().2;
        assert!(
            refusal.contains(&format!(
                "<h1>{}</h1>",
                app.state.catalog.text(lang, "error-title-403")
            )),
            "{refusal}"
        );
        let statuses: Vec<u16> = pages.iter().map(|(_, s, _)| s.as_u16()).collect();
        assert_eq!(
            statuses,
            [
                200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 201, 422, 422, 422, 200, 403
            ],
            "{}",
            lang.code()
        );
    }
}
