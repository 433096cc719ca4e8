//! Customer page structs.

use askama::Template;
use askama_web::WebTemplate;

use crate::customers::model::{Customer, CustomerInput};
use crate::portal::statements::views::CustomerBilling;
use crate::subscriptions::model::SubscriptionView;
use crate::validation::FieldErrors;
use crate::web::chrome::PageCtx;
use crate::web::locale::escape_html;

#[derive(Template, WebTemplate)]
#[template(path = "customers/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub customers: Vec<Customer>,
    pub q: String,
    pub next: Option<String>,
    pub first_page: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "customers/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    /// `None` when creating.
    pub editing: Option<String>,
    pub form: CustomerInput,
    pub errors: FieldErrors,
}

impl FormPage {
    pub fn id_value(&self) -> &str {
        self.form.id.as_deref().unwrap_or("")
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "customers/show.html")]
pub struct ShowPage {
    pub ctx: PageCtx,
    pub customer: Customer,
    pub subscriptions: Vec<SubscriptionView>,
    /// Products to subscribe to: (id, name, currency).
    pub products: Vec<(String, String, String)>,
    pub sub_errors: FieldErrors,
    pub sub_product: String,
    pub sub_start: String,
    /// The subscription a refused one would have overlapped (linked from the error).
    pub sub_conflict: Option<String>,
    /// Each running subscription's current cycle and every subscription's statements.
    pub billing: CustomerBilling,
}

impl ShowPage {
    /// `id` as `<code>`, for a message argument.
    pub fn code(&self, id: &str) -> String {
        format!("<code>{}</code>", escape_html(id))
    }

    /// Text escaped, for a message argument.
    pub fn esc(&self, text: &str) -> String {
        escape_html(text)
    }

    /// A time in the operator's zone, for a message argument.
    pub fn time_html(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::portal::home::time_html(&self.ctx, *t)
    }
}
