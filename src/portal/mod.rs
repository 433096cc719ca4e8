//! The portal: every HTML page an operator sees, by area. Handlers are thin: they extract,
//! call the domain's services, and render a page struct next to them.

pub mod analytics;
pub mod auth;
pub mod customers;
pub mod home;
pub mod meters;
pub mod preferences;
pub mod products;
pub mod settings;
pub mod statements;
pub mod subscriptions;
pub mod uploads;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/", home::dashboard)
        .get("/login", auth::login_form)
        .post("/login", auth::login)
        .post("/logout", auth::logout)
        .get("/account/password", auth::password_form)
        .post("/account/password", auth::change_password)
        .get("/settings", preferences::index)
        .post("/settings/preferences", preferences::save_preferences)
        .post("/settings/organisation", preferences::save_organisation)
        .get("/settings/operators", settings::operators)
        .post("/settings/operators", settings::create_operator)
        .post("/settings/operators/{id}/role", settings::change_role)
        .post("/settings/operators/{id}/disable", settings::disable_operator)
        .post("/settings/operators/{id}/enable", settings::enable_operator)
        .get("/settings/api-keys", settings::api_keys)
        .post("/settings/api-keys", settings::create_api_key)
        .post("/settings/api-keys/{id}/revoke", settings::revoke_api_key)
        .get("/settings/audit", settings::audit_log);
    r.get("/customers", customers::handlers::list)
        .get("/customers/new", customers::handlers::new_form)
        .get("/customers/options", customers::handlers::options)
        .post("/customers", customers::handlers::create)
        .get("/customers/{id}", customers::handlers::show)
        .get("/customers/{id}/edit", customers::handlers::edit_form)
        .post("/customers/{id}", customers::handlers::update);
    r.get("/meters", meters::handlers::list)
        .get("/meters/new", meters::handlers::new_form)
        .post("/meters", meters::handlers::create)
        .get("/meters/{id}", meters::handlers::show)
        .get("/meters/{id}/edit", meters::handlers::edit_form)
        .post("/meters/{id}", meters::handlers::update)
        .post("/meters/{id}/archive", meters::handlers::archive)
        .post("/meters/{id}/unarchive", meters::handlers::unarchive)
        .post("/meters/{id}/usage", meters::handlers::record_usage)
        .get("/meters/{id}/template.csv", meters::handlers::template)
        .get("/meters/{id}/stream", meters::handlers::stream)
        .get("/meters/{id}/figures", meters::handlers::figures_fragment)
        .get("/meters/{id}/test", meters::handlers::test_stored)
        .post("/meters/{id}/test", meters::handlers::test_pasted);
    r.get("/products", products::handlers::list)
        .get("/products/new", products::handlers::new_form)
        .post("/products", products::handlers::create)
        .get("/products/{id}", products::handlers::show)
        .get("/products/{id}/edit", products::handlers::edit_form)
        .post("/products/{id}", products::handlers::update);
    r.get("/statements/late", statements::handlers::late)
        .get("/statements/{id}.csv", statements::handlers::export_csv)
        .get("/statements/{id}", statements::handlers::show);
    r.post("/customers/{id}/subscriptions", subscriptions::create)
        .post("/subscriptions/{id}/end", subscriptions::end);
    r.get("/usage", uploads::handlers::list)
        .get("/uploads/new", uploads::handlers::new_form)
        .post("/uploads", uploads::handlers::create)
        .get("/uploads/{id}", uploads::handlers::show)
        .get("/uploads/{id}/errors.csv", uploads::handlers::errors_csv)
        .post("/uploads/{id}/commit", uploads::handlers::commit)
        .post("/uploads/{id}/rollback", uploads::handlers::rollback);
    r.get("/analytics/events", analytics::events::list)
        .get("/analytics/events/{event_id}", analytics::event::show)
        .post("/analytics/events/{event_id}/void", analytics::event::void)
        .get("/analytics/unmatched", analytics::unmatched::unmatched)
        .get("/analytics/customers", analytics::customers::table)
        .post("/analytics/customers/columns", analytics::customers::save_columns)
        .get(
            "/analytics/customers/export.csv",
            analytics::customers::export_csv,
        )
        .get("/analytics", analytics::overview::overview)
        .get("/analytics/reconciliation", analytics::reconcile::page)
        .get(
            "/analytics/reconciliation/export.csv",
            analytics::reconcile::export,
        );
}
