//! Cycle close and statements (SPEC "Cycle close and statements"): a subscription's billing
//! cycle, once ended (plus `METERDESK_CLOSE_GRACE_MINUTES`), is frozen into a **statement**
//! (`st_…`) that never changes afterwards.
//!
//! - [`model`]: a statement and its lines as stored.
//! - [`repo`]: all queries (insert, reads, the per-subscription advisory lock).
//! - [`close`]: closing: the live figures of [`crate::charges`] frozen into usage lines,
//!   plus the **adjustments** for earlier closed cycles — what their live figures say now
//!   minus what has been billed for them so far (their usage lines plus every adjustment
//!   already carried). A late event, a backfill, a void or an upload rollback touching a closed
//!   cycle therefore appears exactly once, on the next statement closed after it.
//! - [`closer`]: the background task of every serving process (every minute and at start).
//!
//! Several processes may close at once: each cycle closes in its own transaction holding the
//! subscription's advisory lock, and `UNIQUE (subscription_id, period_start)` keeps it to one
//! statement per cycle even when a snapshot predates another process's commit (that insert
//! fails and the close is retried on a fresh snapshot, which sees the statement).

pub mod close;
pub mod closer;
pub mod model;
pub mod read;
pub mod repo;

pub use close::{Adjustment, close_until, pending_adjustments_of};
pub use model::{Statement, StatementLine};
