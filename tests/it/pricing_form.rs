//! The product form's pricing models without JavaScript: a model per line, tiers in fixed rows
//! plus server-side "add a tier" and "remove", refusals next to the field and summarised, and
//! the product page's price in words and worked examples.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;

use crate::products_support::{location, meter, post_form, product_count};
use crate::support::app::{Session, TestApp};
use crate::support::html;

/// A product form with one graduated line on `mtr_calls`: tier rows `(up_to, unit_price,
/// flat_fee)` in order, then extra fields.
fn graduated(tiers: &[(&str, &str, &str)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("name", "Tokens"),
        ("currency", "USD"),
        ("billing_interval", "monthly"),
        ("meters[0].meter_id", "mtr_calls"),
        ("meters[0].free_threshold", ""),
        ("meters[0].price.model", "graduated"),
        ("meters[0].price.unit_price", ""),
        ("meters[0].price.package_size", ""),
        ("meters[0].price.package_price", ""),
        ("meters[0].price.round", "up"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (t, (up_to, price, fee)) in tiers.iter().enumerate() {
        for (name, value) in [("up_to", up_to), ("unit_price", price), ("flat_fee", fee)] {
            f.push((format!("meters[0].price.tiers[{t}].{name}"), value.to_string()));
        }
    }
    for (k, v) in extra {
        f.push((k.to_string(), v.to_string()));
    }
    f
}

/// A tier row as typed: (up to, unit price, flat fee).
type Tier = (&'static str, &'static str, &'static str);

fn value_of(page: &str, name: &str) -> Option<String> {
    html::attr_value_after(page, &format!("name=\"{name}\" type=\"text\" value=\""))
}

async fn save(editor: &Session, fields: &[(String, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = editor.post("/products", &borrowed).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    location(&res)
}

#[actix_web::test]
async fn tiers_are_built_without_javascript_and_the_page_works_an_example() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_calls", "API calls", "calls", "active");
    let editor = app.session(Role::Editor).await;
    let (_, page) = editor.get_text("/products/new").await;
    // Four tier rows to fill, each a fieldset with a legend; a model choice per line.
    assert!(page.contains("name=\"meters[0].price.tiers[3].up_to\""));
    assert!(!page.contains("name=\"meters[0].price.tiers[4].up_to\""));
    assert!(page.contains("<legend>Tier <span data-tier-number>1</span></legend>"));
    assert!(page.contains("<label for=\"f-meters[0].price.tiers[0].up_to\">Up to (units)</label>"));
    assert!(page.contains("<label for=\"f-meters[0].price.model\">Pricing model</label>"));
    assert!(page.contains("<option value=\"graduated\">Graduated tiers</option>"));

    // "Add a tier": a fifth row, everything typed kept, nothing saved.
    let typed = [
        ("1000", "0.01", ""),
        ("", "0.008", "2.00"),
        ("", "", ""),
        ("", "", ""),
    ];
    let (status, page) = post_form(
        &editor,
        "/products",
        &graduated(&typed, &[("action", "add_tier:0")]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"meters[0].price.tiers[4].up_to\""));
    assert_eq!(value_of(&page, "meters[0].price.tiers[0].up_to").unwrap(), "1000");
    assert_eq!(
        value_of(&page, "meters[0].price.tiers[1].flat_fee").unwrap(),
        "2.00"
    );
    assert!(page.contains("<option value=\"graduated\" selected>Graduated tiers</option>"));
    // "Remove" takes the row out; the rows after it move up.
    let (_, page) = post_form(
        &editor,
        "/products",
        &graduated(
            &[("500", "1", ""), ("1000", "0.01", ""), ("", "0.008", "2.00")],
            &[("action", "remove_tier:0:0")],
        ),
    )
    .await;
    assert_eq!(value_of(&page, "meters[0].price.tiers[0].up_to").unwrap(), "1000");
    assert_eq!(
        value_of(&page, "meters[0].price.tiers[1].unit_price").unwrap(),
        "0.008"
    );
    assert_eq!(product_count(&app), 0);

    // Saved with the spare rows left empty: the last filled row is unbounded.
    let to = save(&editor, &graduated(&typed, &[("action", "save")])).await;
    let (status, page) = editor.get_text(&to).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html::text_by_id(&page, "price-0").unwrap(),
        "Graduated tiers: each tier prices the calls that fall in it"
    );
    assert!(page.contains("<li>Up to 1,000: $0.01 per call</li>"));
    assert!(page.contains("<li>Above 1,000: $0.008 per call + $2.00 flat fee</li>"));
    // Worked examples at the bound, twice it and ten times it: usage → free → chargeable →
    // each tier's amount → charge.
    let row = |k: usize| html::text_by_id(&page, &format!("charge-0-{k}")).unwrap();
    assert_eq!([row(0), row(1), row(2)], ["$10.00", "$20.00", "$84.00"]);
    assert!(page.contains("1,000 × $0.01 = $10.00"));
    assert!(page.contains("9,000 × $0.008 + $2.00 = $74.00"));
    // The calculator prices a typed usage too.
    let (_, page) = editor.get_text(&format!("{to}?usage_0=1500")).await;
    assert_eq!(html::text_by_id(&page, "charge-0-3").unwrap(), "$16.00");

    // The edit form shows the tiers and the model, with the spare rows after them.
    let (_, page) = editor.get_text(&format!("{to}/edit")).await;
    assert!(page.contains("<option value=\"graduated\" selected>Graduated tiers</option>"));
    assert_eq!(value_of(&page, "meters[0].price.tiers[0].up_to").unwrap(), "1000");
    assert_eq!(value_of(&page, "meters[0].price.tiers[1].up_to").unwrap(), "");
    assert_eq!(
        value_of(&page, "meters[0].price.tiers[1].flat_fee").unwrap(),
        "2.00"
    );
    assert!(page.contains("name=\"meters[0].price.tiers[3].up_to\""));
}

#[actix_web::test]
async fn tier_refusals_are_shown_next_to_the_field_and_summarised_with_the_input_kept() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_calls", "API calls", "calls", "active");
    let editor = app.session(Role::Editor).await;
    let cases: Vec<(&str, Vec<Tier>, &str, &str)> = vec![
        (
            "descending bounds",
            vec![("1000", "0.01", ""), ("500", "0.008", ""), ("", "0.005", "")],
            "meters[0].price.tiers[1].up_to",
            "Tier 2 up to: must be greater than the tier before (1,000).",
        ),
        (
            "last filled row bounded",
            vec![("1000", "0.01", ""), ("", "", ""), ("5000", "0.008", "")],
            "meters[0].price.tiers[2].up_to",
            "Tier 3 up to: leave it empty: the last tier you use has no upper bound.",
        ),
        (
            "negative price",
            vec![("1000", "-0.01", "")],
            "meters[0].price.tiers[0].unit_price",
            "Tier 1 unit price: cannot be negative.",
        ),
        (
            "no tier",
            vec![("", "", "")],
            "meters[0].price.tiers",
            "Tiers: give at least one tier; leave up to empty on the last one (no upper bound).",
        ),
    ];
    for (case, tiers, field, message) in cases {
        let fields = graduated(&tiers, &[("action", "save")]);
        let (status, page) = post_form(&editor, "/products", &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}");
        assert!(
            page.contains(&format!("<li><a href=\"#f-{field}\">{message}</a></li>")),
            "{case}: summary\n{page}"
        );
        assert!(
            page.contains(&format!("id=\"f-{field}-error\">{message}</p>")),
            "{case}: next to the field"
        );
        for (t, (up_to, price, _)) in tiers.iter().enumerate() {
            assert_eq!(
                value_of(&page, &format!("meters[0].price.tiers[{t}].up_to")).as_deref(),
                Some(*up_to),
                "{case}"
            );
            assert_eq!(
                value_of(&page, &format!("meters[0].price.tiers[{t}].unit_price")).as_deref(),
                Some(*price),
                "{case}"
            );
        }
        assert!(page.contains("<option value=\"graduated\" selected>"), "{case}");
    }
    // A package price: its own fields, refused on their own.
    let mut fields = graduated(&[], &[("action", "save")]);
    for (k, v) in [
        ("meters[0].price.model", "package"),
        ("meters[0].price.package_size", "0"),
        ("meters[0].price.package_price", "5"),
    ] {
        fields.retain(|(key, _)| key != k);
        fields.push((k.into(), v.into()));
    }
    let (status, page) = post_form(&editor, "/products", &fields).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(
            "id=\"f-meters[0].price.package_size-error\">Package size: must be greater than 0.</p>"
        )
    );
    assert_eq!(value_of(&page, "meters[0].price.package_price").unwrap(), "5");
    assert_eq!(product_count(&app), 0);
}
