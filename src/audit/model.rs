//! Who did something, as the audit log records it.

/// Who did something, as recorded in the audit log.
#[derive(Debug, Clone)]
pub enum Actor {
    Operator { id: i64, email: String },
    ApiKey { id: i64, name: String },
    Cli,
    System,
}

impl Actor {
    pub fn operator_id(&self) -> Option<i64> {
        match self {
            Actor::Operator { id, .. } => Some(*id),
            _ => None,
        }
    }

    pub fn label(&self) -> String {
        match self {
            Actor::Operator { email, .. } => email.clone(),
            Actor::ApiKey { name, id } => format!("api key {name} (#{id})"),
            Actor::Cli => "command line".into(),
            Actor::System => "system".into(),
        }
    }
}
