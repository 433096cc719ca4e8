//! Customers: the accounts usage is billed to.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::auth::model::Email;
use crate::db::schema::customers;
use crate::ids::CustomerId;
use crate::paging::Cursor;
use crate::validation::{FieldErrors, required_text};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: String,
    pub email: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.created_at,
            id: self.id.clone(),
        }
    }
}

/// What an operator or the API sends: raw, as typed. `id` is ignored on update.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CustomerInput {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
}

/// A customer that passed validation.
#[derive(Debug, Clone)]
pub struct ValidCustomer {
    pub id: CustomerId,
    pub email: String,
    pub name: String,
}

impl CustomerInput {
    /// Checks every field; an empty id means "generate one".
    pub fn validate(&self) -> Result<ValidCustomer, FieldErrors> {
        let mut errors = FieldErrors::new();
        let id = match self.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => CustomerId::parse(raw).unwrap_or_else(|m| {
                errors.add("id", m);
                CustomerId::generate()
            }),
            None => CustomerId::generate(),
        };
        let email = match Email::parse(&self.email) {
            Ok(e) => e.as_str().to_string(),
            Err(m) => {
                errors.add("email", m);
                String::new()
            }
        };
        let name = required_text(&mut errors, "name", &self.name, "the customer's name", 200);
        errors.into_result(ValidCustomer { id, email, name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_each_bad_field() {
        let input = CustomerInput {
            id: Some("has space".into()),
            email: "nope".into(),
            name: " ".into(),
        };
        let errors = input.validate().err().unwrap_or_default();
        assert!(errors.has("id") && errors.has("email") && errors.has("name"));
    }

    #[test]
    fn an_empty_id_is_generated() {
        let input = CustomerInput {
            id: Some("".into()),
            email: "a@b.co".into(),
            name: "Acme".into(),
        };
        let c = input.validate().ok();
        assert!(c.is_some_and(|c| c.id.as_str().starts_with("cus_")));
    }
}
