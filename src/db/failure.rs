//! What can go wrong around a piece of database work, told apart so that the layers above can
//! answer right: the database is unavailable (come back later; nothing here knows HTTP), the
//! work's own error, or a bug.

use diesel::result::{DatabaseErrorKind, Error};

/// No connection could be had in time: the server is down, restarting, refusing connections
/// or out of connection slots.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the database is unavailable: {0}")]
pub struct Unavailable(pub String);

/// Why [`super::run`] did not return the work's value.
#[derive(Debug, thiserror::Error)]
pub enum Failure<E> {
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// The work failed and its connection is gone: the server closed it, was restarted, or
    /// the network dropped it. Whether the work committed is unknown, so only idempotent work
    /// (such as ingest, by event id) may simply be resent. Carries the work's error for the log.
    #[error("the connection to the database was lost")]
    ConnectionLost(E),
    /// The work's own error, on a connection that is still healthy.
    #[error("the database work failed")]
    Query(E),
    /// The work panicked (a bug); the panic's message.
    #[error("the database work panicked: {0}")]
    Panicked(String),
}

/// How libpq and the server begin a message when the connection, not the statement, failed
/// (diesel does not expose every SQLSTATE): 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
/// cannot_connect_now, 57P05 idle-session timeout, and libpq's own socket errors. Matched at
/// the start of the message, so that user data quoted inside another error never matches.
const LOST: &[&str] = &[
    "server closed the connection unexpectedly",
    "no connection to the server",
    "terminating connection",
    "the database system is shutting down",
    "the database system is starting up",
    "the database system is in recovery mode",
    "the database system is not yet accepting connections",
    "could not receive data from server",
    "could not send data to server",
    "connection to server was lost",
    "lost synchronization with server",
    "ssl connection has been closed unexpectedly",
    "ssl syscall error",
];

/// True when `e` says the connection to the server failed (refused, reset, closed by a
/// restart or an administrator, SQLSTATE 08xxx or 57P0x) rather than the statement itself: a
/// reason to answer "unavailable, try again", not a bug.
pub fn is_connection_failure(e: &Error) -> bool {
    match e {
        // diesel reports SQLSTATE 08000, 08001, 08004 and 08006, and any error after which
        // libpq finds the connection bad, as ClosedConnection.
        Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => true,
        Error::DatabaseError(_, info) => says_connection_lost(info.message()),
        Error::RollbackErrorOnCommit {
            rollback_error,
            commit_error,
        } => is_connection_failure(commit_error) || is_connection_failure(rollback_error),
        _ => false,
    }
}

/// True when a server or libpq message says the connection failed.
fn says_connection_lost(message: &str) -> bool {
    let message = message.trim_start().to_lowercase();
    let message = message.strip_prefix("fatal:").unwrap_or(&message).trim_start();
    LOST.iter().any(|m| message.starts_with(m))
}

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorKind, Error};

    use super::is_connection_failure;

    fn db_error(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_string()))
    }

    #[test]
    fn connection_failures_are_told_from_bugs() {
        for lost in [
            db_error(DatabaseErrorKind::ClosedConnection, "anything"),
            db_error(
                DatabaseErrorKind::UnableToSendCommand,
                "no connection to the server\n",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "terminating connection due to administrator command",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "FATAL:  the database system is shutting down",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "could not receive data from server: Connection reset by peer",
            ),
            Error::RollbackErrorOnCommit {
                rollback_error: Box::new(db_error(
                    DatabaseErrorKind::Unknown,
                    "no connection to the server",
                )),
                commit_error: Box::new(db_error(DatabaseErrorKind::ClosedConnection, "")),
            },
        ] {
            assert!(is_connection_failure(&lost), "{lost:?}");
        }
        for bug in [
            Error::NotFound,
            Error::RollbackTransaction,
            db_error(DatabaseErrorKind::UniqueViolation, "duplicate key value"),
            db_error(
                DatabaseErrorKind::UnableToSendCommand,
                "number of parameters must be between 0 and 65535",
            ),
            db_error(DatabaseErrorKind::Unknown, "syntax error at or near \"SELEC\""),
            db_error(DatabaseErrorKind::Unknown, "invalid byte sequence for encoding"),
            db_error(
                DatabaseErrorKind::Unknown,
                "invalid input syntax for type numeric: \"no connection to the server\"",
            ),
        ] {
            assert!(!is_connection_failure(&bug), "{bug:?}");
        }
    }
}
