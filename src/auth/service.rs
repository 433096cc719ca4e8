//! What operators and the CLI do with accounts, sessions and API keys. Every change writes
//! its audit row in the same transaction.

use chrono::{Duration, Utc};
use diesel::Connection;
use serde_json::json;

use super::model::{ApiKeyRow, Email, OperatorRow, Role, check_new_password};
use super::{password, repo};
use crate::audit;
use crate::audit::Actor;
use crate::crypto;
use crate::db::Conn;
use crate::error::AppError;

/// Failed logins allowed per account and address within `THROTTLE_WINDOW_MINUTES`.
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
/// A session ends this long after login, however active.
pub const SESSION_MAX_HOURS: i64 = 12;
/// The generic answer to a failed login, whatever the reason.
pub const LOGIN_FAILED: &str = "Email or password is incorrect.";

/// A fresh session: the token goes into the cookie, only its hash into the database.
pub struct NewSession {
    pub token: String,
    pub operator: OperatorRow,
}

pub fn session_hash(token: &str) -> Vec<u8> {
    crypto::sha256(token.as_bytes())
}

/// Checks the throttle, then the password; on success opens a new session (and closes the
/// one the browser had, so the session id changes at login).
pub fn login(
    conn: &mut Conn,
    email: &str,
    pw: &str,
    ip: &str,
    previous_token: Option<&str>,
    idle_minutes: i64,
) -> Result<NewSession, AppError> {
    let email = email.trim().to_lowercase();
    let window_start = Utc::now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    // Counting the recent failures and recording this attempt are one step under a lock per
    // (email, address): the attempt is recorded as failed before the password is checked and
    // marked a success after, so however many requests race, at most MAX_FAILED_LOGINS
    // passwords are checked per window.
    let attempt = conn.transaction(|conn| {
        repo::lock_login_key(conn, &email, ip)?;
        let (failures, oldest) = repo::recent_failures(conn, &email, ip, window_start)?;
        if failures >= MAX_FAILED_LOGINS {
            let unlock = oldest.unwrap_or_else(Utc::now) + Duration::minutes(THROTTLE_WINDOW_MINUTES);
            let retry_after_secs = (unlock - Utc::now()).num_seconds().max(1) as u64;
            return Err(AppError::TooManyRequests {
                message: format!(
                    "Too many failed sign-in attempts. Try again in {} minutes.",
                    retry_after_secs.div_ceil(60)
                ),
                retry_after_secs,
            });
        }
        Ok(repo::record_login_attempt(conn, &email, ip, false)?)
    })?;
    let operator = repo::find_operator_by_email(conn, &email)?;
    let verified = match &operator {
        Some(op) => password::verify(pw, &op.password_hash) && op.disabled_at.is_none(),
        None => {
            password::verify_dummy(pw);
            false
        }
    };
    if verified {
        repo::mark_login_succeeded(conn, attempt)?;
    }
    let operator = match (verified, operator) {
        (true, Some(op)) => op,
        _ => return Err(AppError::Unauthorized(LOGIN_FAILED.into())),
    };
    conn.transaction(|conn| {
        if let Some(old) = previous_token {
            repo::delete_session(conn, &session_hash(old))?;
        }
        let token = crypto::random_hex(32);
        let expires = Utc::now() + Duration::hours(SESSION_MAX_HOURS);
        repo::insert_session(conn, &session_hash(&token), operator.id, expires)?;
        repo::purge_dead_sessions(conn, Utc::now() - Duration::minutes(idle_minutes))?;
        repo::purge_login_attempts(conn, Utc::now() - Duration::days(1))?;
        let actor = Actor::Operator {
            id: operator.id,
            email: operator.email.clone(),
        };
        audit::record(
            conn,
            &actor,
            "operator.login",
            "operator",
            &operator.id.to_string(),
            json!({ "ip": ip }),
        )?;
        Ok(NewSession { token, operator })
    })
}

pub fn logout(conn: &mut Conn, token: &str) -> Result<(), AppError> {
    repo::delete_session(conn, &session_hash(token))?;
    Ok(())
}

/// Creates an operator. Without a password, one is generated, returned once, and must be
/// changed at first login.
pub fn create_operator(
    conn: &mut Conn,
    actor: &Actor,
    email: &str,
    role: Role,
    chosen_password: Option<&str>,
) -> Result<(OperatorRow, Option<String>), AppError> {
    let email = Email::parse(email).map_err(|m| AppError::validation("email", m))?;
    let (pw, generated) = match chosen_password {
        Some(pw) => {
            check_new_password(pw).map_err(|m| AppError::validation("password", m))?;
            (pw.to_string(), None)
        }
        None => {
            let pw = password::generate();
            (pw.clone(), Some(pw))
        }
    };
    let hash = password::hash(&pw).map_err(AppError::internal)?;
    // A generated password is a one-time password, except for the very first admin who
    // has nobody to hand it over to.
    conn.transaction(|conn| {
        let must_change = generated.is_some() && repo::count_operators(conn)? > 0;
        if repo::find_operator_by_email(conn, email.as_str())?.is_some() {
            return Err(AppError::Conflict(format!(
                "An operator with the email {} already exists.",
                email.as_str()
            )));
        }
        let op = repo::insert_operator(conn, email.as_str(), &hash, role, must_change)?;
        audit::record(
            conn,
            actor,
            "operator.create",
            "operator",
            &op.id.to_string(),
            json!({ "email": op.email, "role": role.as_str() }),
        )?;
        Ok((op, generated))
    })
}

/// On first start, when nobody can log in yet: creates `admin@localhost` with a random
/// password and returns it to be printed once.
pub fn ensure_first_admin(conn: &mut Conn) -> Result<Option<(String, String)>, AppError> {
    if repo::count_operators(conn)? > 0 {
        return Ok(None);
    }
    let (op, pw) = create_operator(conn, &Actor::System, "admin@localhost", Role::Admin, None)?;
    Ok(pw.map(|pw| (op.email, pw)))
}

fn load_operator(conn: &mut Conn, id: i64) -> Result<OperatorRow, AppError> {
    repo::find_operator(conn, id)?.ok_or_else(|| AppError::not_found("No operator with this id."))
}

/// Refuses a change that would leave no enabled admin.
fn keep_an_admin(conn: &mut Conn, target: &OperatorRow) -> Result<(), AppError> {
    if target.role() == Role::Admin && target.disabled_at.is_none() && repo::count_enabled_admins(conn)? <= 1
    {
        return Err(AppError::Conflict(
            "This is the only enabled admin. Make another operator admin first.".into(),
        ));
    }
    Ok(())
}

pub fn change_role(conn: &mut Conn, actor: &Actor, id: i64, role: Role) -> Result<OperatorRow, AppError> {
    conn.transaction(|conn| {
        let target = load_operator(conn, id)?;
        if target.role() == role {
            return Ok(target);
        }
        if role != Role::Admin {
            keep_an_admin(conn, &target)?;
        }
        repo::set_role(conn, id, role)?;
        audit::record(
            conn,
            actor,
            "operator.role_change",
            "operator",
            &id.to_string(),
            json!({ "email": target.email, "from": target.role, "to": role.as_str() }),
        )?;
        load_operator(conn, id)
    })
}

pub fn set_disabled(
    conn: &mut Conn,
    actor: &Actor,
    id: i64,
    disabled: bool,
) -> Result<OperatorRow, AppError> {
    conn.transaction(|conn| {
        let target = load_operator(conn, id)?;
        if disabled {
            if actor.operator_id() == Some(id) {
                return Err(AppError::Conflict("You cannot disable your own account.".into()));
            }
            keep_an_admin(conn, &target)?;
            repo::set_disabled(conn, id, Some(Utc::now()))?;
            repo::delete_sessions_of(conn, id, None)?;
        } else {
            repo::set_disabled(conn, id, None)?;
        }
        let action = if disabled {
            "operator.disable"
        } else {
            "operator.enable"
        };
        audit::record(
            conn,
            actor,
            action,
            "operator",
            &id.to_string(),
            json!({ "email": target.email }),
        )?;
        load_operator(conn, id)
    })
}

/// An operator changes their own password; their other sessions end.
pub fn change_own_password(
    conn: &mut Conn,
    operator_id: i64,
    current_session: &[u8],
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), AppError> {
    let op = load_operator(conn, operator_id)?;
    if !password::verify(current, &op.password_hash) {
        return Err(AppError::validation(
            "current_password",
            "The current password is not correct.",
        ));
    }
    check_new_password(new).map_err(|m| AppError::validation("new_password", m))?;
    if new != confirm {
        return Err(AppError::validation(
            "confirm_password",
            "The two new passwords differ.",
        ));
    }
    if new == current {
        return Err(AppError::validation(
            "new_password",
            "Choose a password different from the current one.",
        ));
    }
    let hash = password::hash(new).map_err(AppError::internal)?;
    let actor = Actor::Operator {
        id: op.id,
        email: op.email.clone(),
    };
    conn.transaction(|conn| {
        repo::set_password(conn, op.id, &hash, false)?;
        repo::delete_sessions_of(conn, op.id, Some(current_session))?;
        audit::record(
            conn,
            &actor,
            "operator.password_change",
            "operator",
            &op.id.to_string(),
            json!({}),
        )?;
        Ok(())
    })
}

/// Creates an API key; the plaintext is returned once and only its hash is stored.
pub fn create_api_key(conn: &mut Conn, actor: &Actor, name: &str) -> Result<(ApiKeyRow, String), AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::validation(
            "name",
            "Give the key a name of 1 to 100 characters, such as \"production app\".",
        ));
    }
    let key = format!("md_{}", crypto::random_hex(24));
    let prefix: String = key.chars().take(10).collect();
    conn.transaction(|conn| {
        let row = repo::insert_api_key(
            conn,
            name,
            &prefix,
            &crypto::sha256(key.as_bytes()),
            actor.operator_id(),
        )?;
        audit::record(
            conn,
            actor,
            "api_key.create",
            "api_key",
            &row.id.to_string(),
            json!({ "name": name, "prefix": prefix }),
        )?;
        Ok((row, key))
    })
}

pub fn revoke_api_key(conn: &mut Conn, actor: &Actor, id: i64) -> Result<ApiKeyRow, AppError> {
    conn.transaction(|conn| {
        let row = match repo::revoke_api_key(conn, id)? {
            Some(row) => row,
            None => {
                return Err(match repo::find_api_key(conn, id)? {
                    Some(_) => AppError::Conflict("This key is already revoked.".into()),
                    None => AppError::not_found("No API key with this id."),
                });
            }
        };
        audit::record(
            conn,
            actor,
            "api_key.revoke",
            "api_key",
            &id.to_string(),
            json!({ "name": row.name, "prefix": row.prefix }),
        )?;
        Ok(row)
    })
}

/// The key a bearer token names, if it exists and is not revoked.
pub fn authenticate_api_key(conn: &mut Conn, token: &str) -> Result<Option<ApiKeyRow>, AppError> {
    Ok(repo::use_api_key(conn, &crypto::sha256(token.as_bytes()))?)
}
