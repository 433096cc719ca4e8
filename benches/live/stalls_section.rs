//! The report's section on checkpoints and stalls ([`crate::stalls`]), over a run's phases.

use std::fmt::Write as _;

use crate::phases::{Kind, PhaseRun};
use crate::stalls::{AFTER, BEFORE, Stalls};
use crate::targets::{TARGET_OPEN_P99_MS, median};

/// The table's section: the open loop and mixed runs, summed (and medians) over rounds.
pub fn section(phases: &[PhaseRun]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Checkpoints and stalls (a checkpoint's end fsyncs the data files and every commit waits behind it; \"near\":"
    );
    let _ = writeln!(
        s,
        "answered from {:.1} s before a checkpoint was seen to end to {:.1} s after; batches summed over rounds, the rest medians)",
        BEFORE.as_secs_f64(),
        AFTER.as_secs_f64()
    );
    let _ = writeln!(
        s,
        "    {:<22} {:>11} {:>13} {:>16} {:>9} {:>10} {:>13}",
        "phase",
        "checkpoints",
        "WAL B/event",
        format!("batches >{TARGET_OPEN_P99_MS:.0} ms"),
        "of them",
        "all near",
        "p99 away, ms"
    );
    let mut names: Vec<&str> = Vec::new();
    for p in phases {
        if matches!(p.kind, Kind::Open | Kind::Mixed { .. }) && !names.contains(&p.name.as_str()) {
            names.push(&p.name);
        }
    }
    for name in names {
        let runs: Vec<&Stalls> = phases
            .iter()
            .filter(|p| p.name == name)
            .map(|p| &p.stalls)
            .collect();
        let sum = |f: fn(&Stalls) -> usize| runs.iter().map(|r| f(r)).sum::<usize>();
        let med = |f: fn(&Stalls) -> f64| median(&runs.iter().map(|r| f(r)).collect::<Vec<_>>());
        let slow = sum(|r| r.slow);
        let _ = writeln!(
            s,
            "    {:<22} {:>11} {:>13.0} {:>16} {:>8.0}% {:>10} {:>13.1}",
            name,
            runs.iter().map(|r| r.checkpoints).sum::<u64>(),
            med(|r| r.wal_bytes_per_event),
            slow,
            sum(|r| r.slow_near_checkpoint) as f64 * 100.0 / slow.max(1) as f64,
            sum(|r| r.near_checkpoint),
            med(|r| r.p99_away_ms)
        );
    }
    let _ = writeln!(
        s,
        "    (of them: the share of those slow batches answered near a checkpoint's end; p99 away: of the batches answered"
    );
    let _ = writeln!(
        s,
        "    elsewhere — what the phase's p99 would be without the stalls, not a target)"
    );
    s
}
