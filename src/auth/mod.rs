//! Operators, sessions, CSRF, roles, login throttling and API keys.

pub mod handlers;
pub mod model;
pub mod pages;
pub mod password;
pub mod repo;
pub mod service;
pub mod settings;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/login", handlers::login_form)
        .post("/login", handlers::login)
        .post("/logout", handlers::logout)
        .get("/account/password", handlers::password_form)
        .post("/account/password", handlers::change_password)
        .get("/settings", settings::index)
        .get("/settings/operators", settings::operators)
        .post("/settings/operators", settings::create_operator)
        .post("/settings/operators/{id}/role", settings::change_role)
        .post("/settings/operators/{id}/disable", settings::disable_operator)
        .post("/settings/operators/{id}/enable", settings::enable_operator)
        .get("/settings/api-keys", settings::api_keys)
        .post("/settings/api-keys", settings::create_api_key)
        .post("/settings/api-keys/{id}/revoke", settings::revoke_api_key);
}
