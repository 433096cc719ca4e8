//! Whether an ingest phase's slow batches line up with checkpoints, and the WAL it wrote.
//!
//! A checkpoint ends by fsyncing the data files it wrote. That flushes everything the kernel
//! still holds dirty for those files, including the pages backends evicted since the last
//! checkpoint (many, with a small `shared_buffers`). Every commit's WAL flush can wait behind
//! that writeback, so for up to about a second every acknowledgement is late. With the stock
//! `max_wal_size` (1 GB), a checkpoint starts every 16–17 s at this rate. This module says how many of a phase's batches over the open loop's
//! target were answered during such a stall, and what the p99 was away from them.

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::targets::TARGET_OPEN_P99_MS;
use crate::web::percentile;

/// A batch answered from this long before a checkpoint was seen to end counts as answered in
/// its stall. The checkpointer logged sync phases of 0.05–0.45 s on 2026-12-04. The stalls
/// seen in the server's access log then began 0.3–1.4 s before the checkpoint's end.
pub const BEFORE: Duration = Duration::from_millis(1500);
/// …until this long after: one sampling interval and its query.
pub const AFTER: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Default, Serialize)]
pub struct Stalls {
    /// Checkpoints seen to end during the phase or in the watch just after it.
    pub checkpoints: u64,
    /// Measured batches answered near a checkpoint's end ([`BEFORE`], [`AFTER`]).
    pub near_checkpoint: usize,
    /// Measured batches slower than the open loop's target, and those of them answered near a
    /// checkpoint's end.
    pub slow: usize,
    pub slow_near_checkpoint: usize,
    /// p99 of the measured batches answered away from every checkpoint's end, ms (NaN if none).
    pub p99_away_ms: f64,
    /// WAL written during the phase per acknowledged event, bytes.
    pub wal_bytes_per_event: f64,
}

/// `latencies_ms[i]` is the latency of the batch answered at `answered[i]`; `ends` are when
/// checkpoints were seen to end; `events` were acknowledged while `wal_bytes` were written.
pub fn of(
    latencies_ms: &[f64],
    answered: &[Instant],
    ends: &[Instant],
    wal_bytes: i64,
    events: u64,
) -> Stalls {
    let near = |t: Instant| ends.iter().any(|&e| t + BEFORE >= e && t <= e + AFTER);
    let mut away: Vec<f64> = Vec::new();
    let mut s = Stalls {
        checkpoints: ends.len() as u64,
        wal_bytes_per_event: wal_bytes as f64 / events.max(1) as f64,
        ..Stalls::default()
    };
    for (&ms, &t) in latencies_ms.iter().zip(answered) {
        let slow = ms > TARGET_OPEN_P99_MS;
        s.slow += usize::from(slow);
        if near(t) {
            s.near_checkpoint += 1;
            s.slow_near_checkpoint += usize::from(slow);
        } else {
            away.push(ms);
        }
    }
    away.sort_by(f64::total_cmp);
    s.p99_away_ms = percentile(&away, 0.99);
    s
}
