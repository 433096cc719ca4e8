//! Operators, their roles, API keys and the identity behind a request.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use crate::audit::Actor;
use crate::db::schema::{api_keys, operators};

/// What an operator may do. Ordered: each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Editor,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "editor" => Some(Role::Editor),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// Whether this role may do what `required` may do.
    pub fn allows(self, required: Role) -> bool {
        self >= required
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = operators)]
pub struct OperatorRow {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub must_change_password: bool,
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The language the operator chose (`en`, `fr`, `zh-CN`, `hi`); none: the browser's.
    pub language: Option<String>,
    /// The IANA time zone the operator chose; none: the organisation's.
    pub time_zone: Option<String>,
}

impl OperatorRow {
    pub fn role(&self) -> Role {
        // The column has a CHECK constraint; an unknown value can only mean a hand edit, and
        // the least privilege is the safe reading of it.
        Role::parse(&self.role).unwrap_or(Role::Viewer)
    }
}

/// The operator behind a portal request, as the auth gate found them.
#[derive(Debug, Clone)]
pub struct CurrentOperator {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub must_change_password: bool,
    /// The operator's own language, if they chose one.
    pub language: Option<crate::i18n::Lang>,
    /// The zone times are shown in: the operator's own, else the organisation's.
    pub time_zone: chrono_tz::Tz,
    /// SHA-256 of the session token (the sessions table's key).
    pub session_hash: Vec<u8>,
    pub csrf_token: String,
    /// The operator's saved preferences by key, as this request found them.
    pub prefs: serde_json::Map<String, serde_json::Value>,
    /// The meters' version as this request found them (`None`: unknown, read the meters).
    pub meters_version: Option<i64>,
    /// The products' version as this request found them (`None`: unknown, read the products).
    pub products_version: Option<i64>,
}

impl CurrentOperator {
    pub fn actor(&self) -> Actor {
        Actor::Operator {
            id: self.id,
            email: self.email.clone(),
        }
    }
}

/// The API key behind an `/api/v1` request.
#[derive(Debug, Clone)]
pub struct ApiClient {
    pub key_id: i64,
    pub name: String,
}

impl ApiClient {
    pub fn actor(&self) -> Actor {
        Actor::ApiKey {
            id: self.key_id,
            name: self.name.clone(),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A validated, normalised operator email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("Enter an email address.");
        }
        if s.len() > 254 {
            return Err("An email address has at most 254 characters.");
        }
        let (local, domain) = s
            .split_once('@')
            .ok_or("An email address needs an @, as in ana@example.com.")?;
        if local.is_empty() || domain.is_empty() || domain.contains('@') || s.chars().any(char::is_whitespace)
        {
            return Err("Enter an email address such as ana@example.com.");
        }
        Ok(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Passwords operators choose: long enough to resist guessing, short enough for argon2.
pub fn check_new_password(pw: &str) -> Result<(), &'static str> {
    let chars = pw.chars().count();
    if chars < 12 {
        return Err("Use at least 12 characters.");
    }
    if chars > 256 {
        return Err("Use at most 256 characters.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered() {
        assert!(Role::Admin.allows(Role::Editor));
        assert!(Role::Editor.allows(Role::Viewer));
        assert!(!Role::Viewer.allows(Role::Editor));
        assert!(!Role::Editor.allows(Role::Admin));
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Ana@Example.com ").map(|e| e.0),
            Ok("ana@example.com".into())
        );
        assert!(Email::parse("ana").is_err());
        assert!(Email::parse("@x").is_err());
        assert!(Email::parse("a b@x").is_err());
        assert!(Email::parse("").is_err());
    }

    #[test]
    fn new_passwords_need_twelve_characters() {
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("exactly12chr").is_ok());
    }
}
