//! Page structs for sign-in, the operator's own account and the admin settings.

use askama::Template;
use askama_web::WebTemplate;

use super::model::{ApiKeyRow, OperatorRow, Role};
use crate::web::chrome::PageCtx;
use crate::web::filters;

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    pub csrf: String,
    pub email: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/password.html")]
pub struct PasswordPage {
    pub ctx: PageCtx,
    pub forced: bool,
    pub field: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings/index.html")]
pub struct SettingsPage {
    pub ctx: PageCtx,
}

#[derive(Template, WebTemplate)]
#[template(path = "settings/operators.html")]
pub struct OperatorsPage {
    pub ctx: PageCtx,
    pub operators: Vec<OperatorRow>,
    pub roles: [Role; 3],
    pub form_email: String,
    pub form_role: String,
    pub error: Option<(String, String)>,
    /// Shown once after creating an operator: (email, one-time password).
    pub created: Option<(String, String)>,
}

impl OperatorsPage {
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "settings/api_keys.html")]
pub struct ApiKeysPage {
    pub ctx: PageCtx,
    pub keys: Vec<(ApiKeyRow, Option<String>)>,
    pub form_name: String,
    pub error: Option<String>,
    /// Shown once after creating a key: (name, key).
    pub created: Option<(String, String)>,
}
