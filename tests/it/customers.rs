//! Customers: pages (search, keyset pages, create, edit) and the API; subscriptions.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

use crate::support::app::TestApp;

#[actix_web::test]
async fn customers_are_created_shown_edited_and_audited_through_the_pages() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let res = s
        .post(
            "/customers",
            &[
                ("id", "cus_QMJJtcu70R1x46"),
                ("name", "Acme Corp"),
                ("email", "Billing@Acme.test"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/customers/cus_QMJJtcu70R1x46");
    let (status, page) = s.get_text("/customers/cus_QMJJtcu70R1x46").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Acme Corp") && page.contains("billing@acme.test"));
    assert!(page.contains("Customer Acme Corp created."), "flash shown");
    // An empty id is generated.
    let res = s
        .post(
            "/customers",
            &[("id", ""), ("name", "Globex"), ("email", "ap@globex.test")],
        )
        .await;
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(to.starts_with("/customers/cus_"), "{to}");
    // Edit.
    let (status, form) = s.get_text("/customers/cus_QMJJtcu70R1x46/edit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains(r#"value="Acme Corp""#));
    let res = s
        .post(
            "/customers/cus_QMJJtcu70R1x46",
            &[("name", "Acme Inc"), ("email", "ap@acme.test")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = s.get_text("/customers/cus_QMJJtcu70R1x46").await;
    assert!(page.contains("Acme Inc") && page.contains("ap@acme.test"));
    let actions: Vec<String> = {
        use diesel::prelude::*;
        use meterdesk::db::schema::audit_log;
        audit_log::table
            .select(audit_log::action)
            .load(&mut app.conn())
            .unwrap()
    };
    assert_eq!(actions.iter().filter(|a| *a == "customer.create").count(), 2);
    assert!(actions.contains(&"customer.update".to_string()));
}

#[actix_web::test]
async fn customer_form_errors_are_shown_per_field_with_input_kept() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let (status, page) = s
        .post_text(
            "/customers",
            &[("id", "has space"), ("name", ""), ("email", "nope")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("letters, digits and _ . : - only"));
    assert!(
        page.contains("Enter the customer&#39;s name.") || page.contains("Enter the customer's name."),
        "{page}"
    );
    assert!(page.contains("An email address needs an @"));
    assert!(page.contains(r#"value="has space""#) && page.contains(r#"value="nope""#));
    // A taken id.
    s.post(
        "/customers",
        &[("id", "c1"), ("name", "One"), ("email", "one@x.test")],
    )
    .await;
    let (status, page) = s
        .post_text(
            "/customers",
            &[("id", "c1"), ("name", "Two"), ("email", "two@x.test")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("A customer with the id c1 already exists."));
    assert_eq!(s.get("/customers/nope").await.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_customer_list_searches_and_pages_by_key() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let api = app.api();
    for i in 0..55 {
        let (status, _) = api.post("/api/v1/customers", &json!({"id": format!("c{i:02}"), "email": format!("user{i}@corp{}.test", i % 2), "name": format!("Customer {i}")})).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (_, page1) = s.get_text("/customers").await;
    assert_eq!(page1.matches("<tr>").count() - 1, 50, "50 rows and a header");
    let next = page1
        .split("after=")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let (_, page2) = s.get_text(&format!("/customers?q=&after={next}")).await;
    assert_eq!(page2.matches("<tr>").count() - 1, 5);
    assert!(!page2.contains("rel=\"next\""));
    // Every customer once across both pages.
    for i in 0..55 {
        let id = format!("<code>c{i:02}</code>");
        assert_eq!(page1.matches(&id).count() + page2.matches(&id).count(), 1, "{id}");
    }
    // Search by email fragment, name and id, case-insensitively; % is literal.
    let (_, found) = s.get_text("/customers?q=CORP1.test").await;
    assert_eq!(found.matches("<code>c").count(), 27);
    let (_, found) = s.get_text("/customers?q=customer%2042").await;
    assert_eq!(found.matches("<code>c").count(), 1);
    let (_, none) = s.get_text("/customers?q=%25").await;
    assert!(none.contains("No customer matches"));
}

#[actix_web::test]
async fn the_customers_api_follows_the_spec() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let (status, c) = api
        .post(
            "/api/v1/customers",
            &json!({"email": "ap@acme.test", "name": "Acme"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(c["customer_id"].as_str().unwrap().starts_with("cus_"));
    assert_eq!(c["id"], c["customer_id"], "the native name stays");
    assert!(c["business_id"].as_str().unwrap().starts_with("bus_"));
    assert_eq!(c["email"], "ap@acme.test");
    assert_eq!(c["metadata"], json!({}));
    assert!(c["created_at"].as_str().unwrap().ends_with('Z'));
    let (status, c2) = api
        .post(
            "/api/v1/customers",
            &json!({"id": "cus_QMJJtcu70R1x46", "email": "x@y.test", "name": "Stripe-made"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, got) = api.get("/api/v1/customers/cus_QMJJtcu70R1x46").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, c2);
    let (status, err) = api
        .post(
            "/api/v1/customers",
            &json!({"id": "cus_QMJJtcu70R1x46", "email": "x@y.test", "name": "Again"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "conflict");
    let (status, err) = api
        .post("/api/v1/customers", &json!({"email": "bad", "name": "X"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "email");
    let (status, _) = api.get("/api/v1/customers/nobody").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = api.get("/api/v1/customers?q=acme").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let (status, _) = api.get("/api/v1/customers?limit=0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

fn insert_product(app: &TestApp, id: &str) {
    use diesel::RunQueryDsl;
    diesel::sql_query(format!(
        "INSERT INTO products (id, name, currency) VALUES ('{id}', 'Pro plan', 'USD')"
    ))
    .execute(&mut app.conn())
    .unwrap();
}

#[actix_web::test]
async fn subscriptions_are_made_on_the_customer_page_and_ended() {
    let app = TestApp::spawn().await;
    insert_product(&app, "prod_pro");
    let s = app.session(Role::Editor).await;
    s.post(
        "/customers",
        &[("id", "acme"), ("name", "Acme"), ("email", "ap@acme.test")],
    )
    .await;
    let (status, page) = s
        .post_text(
            "/customers/acme/subscriptions",
            &[("product_id", ""), ("start", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Choose a product."));
    let (status, page) = s
        .post_text(
            "/customers/acme/subscriptions",
            &[("product_id", "prod_pro"), ("start", "2024-02-30T10:00")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("not a real date"), "{page}");
    let res = s
        .post(
            "/customers/acme/subscriptions",
            &[("product_id", "prod_pro"), ("start", "2024-01-31T10:00")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = s.get_text("/customers/acme").await;
    assert!(
        page.contains("Pro plan") && page.contains("2024-01-31 10:00 +00:00"),
        "{page}"
    );
    let sub_id = page
        .split("<code>sub_")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap();
    // A second subscription to the same product is refused, linking to the first.
    let (status, page) = s
        .post_text(
            "/customers/acme/subscriptions",
            &[("product_id", "prod_pro"), ("start", "")],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("would bill the same usage twice"), "{page}");
    assert!(page.contains(&format!("href=\"#sub_{sub_id}\"")), "{page}");
    let res = s
        .post(&format!("/subscriptions/sub_{sub_id}/end"), &[("end", "")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Once it has ended, a new one may start after it.
    let res = s
        .post(
            "/customers/acme/subscriptions",
            &[("product_id", "prod_pro"), ("start", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = s.get_text("/customers/acme").await;
    assert!(page.contains("ended"));
    // Ending twice says so.
    s.post(&format!("/subscriptions/sub_{sub_id}/end"), &[("end", "")])
        .await;
    let (_, page) = s.get_text("/customers/acme").await;
    assert!(page.contains("already ended"));
}

#[actix_web::test]
async fn the_subscriptions_api_follows_the_spec() {
    let app = TestApp::spawn().await;
    insert_product(&app, "prod_pro");
    let api = app.api();
    api.post(
        "/api/v1/customers",
        &json!({"id": "acme", "email": "ap@acme.test", "name": "Acme"}),
    )
    .await;
    let (status, sub) = api
        .post(
            "/api/v1/subscriptions",
            &json!({"customer_id": "acme", "product_id": "prod_pro", "start": "2024-01-31T00:00:00Z"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sub}");
    assert!(sub["id"].as_str().unwrap().starts_with("sub_"));
    assert_eq!(sub["start"], "2024-01-31T00:00:00Z");
    let (status, got) = api
        .get(&format!("/api/v1/subscriptions/{}", sub["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, sub);
    // A second subscription to the same product would bill the same usage twice.
    let (status, err) = api
        .post(
            "/api/v1/subscriptions",
            &json!({"customer_id": "acme", "product_id": "prod_pro", "start": "2025-06-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["error"]["code"], "conflict");
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains(sub["id"].as_str().unwrap()),
        "{err}"
    );
    // Start defaults to now.
    api.post(
        "/api/v1/customers",
        &json!({"id": "globex", "email": "ap@globex.test", "name": "Globex"}),
    )
    .await;
    let (status, now_sub) = api
        .post(
            "/api/v1/subscriptions",
            &json!({"customer_id": "globex", "product_id": "prod_pro"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(now_sub["start"].as_str().unwrap().starts_with("20"));
    for (body, field) in [
        (
            json!({"customer_id": "ghost", "product_id": "prod_pro"}),
            "customer_id",
        ),
        (
            json!({"customer_id": "acme", "product_id": "prod_ghost"}),
            "product_id",
        ),
        (
            json!({"customer_id": "acme", "product_id": "prod_pro", "start": "2024-13-01"}),
            "start",
        ),
        (json!({"product_id": "prod_pro"}), "customer_id"),
    ] {
        let (status, err) = api.post("/api/v1/subscriptions", &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        assert_eq!(err["error"]["field"], field, "{err}");
    }
}
