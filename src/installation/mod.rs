//! Facts about this installation as a whole: the one `business_id` (Dodo Payments' name for
//! the account that owns customers, meters and events), generated once by a migration.

pub mod repo;

use std::sync::{Arc, OnceLock};

use crate::db::Conn;

/// The installation's business id, read from the database once and kept (it never changes).
#[derive(Debug, Default, Clone)]
pub struct BusinessId(Arc<OnceLock<String>>);

impl BusinessId {
    /// The id, read once per process.
    pub fn get(&self, conn: &mut Conn) -> diesel::QueryResult<String> {
        if let Some(id) = self.0.get() {
            return Ok(id.clone());
        }
        let id = repo::business_id(conn)?;
        Ok(self.0.get_or_init(|| id).clone())
    }

    /// The id if it was read before (no database needed).
    pub fn cached(&self) -> Option<String> {
        self.0.get().cloned()
    }
}
