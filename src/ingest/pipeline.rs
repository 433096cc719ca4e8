//! The one ingest pipeline for the API, manual entry and CSV uploads:
//! check → find customers and listening meters → apply filters and read values → drop
//! duplicates (in the batch, and against taken ids under concurrency) → store in bulk under a
//! fresh block of receipt numbers and queue the block for the roller, in one statement (from
//! `repo::COPY_FROM` events, a statement and a COPY of the events, in one transaction): a batch
//! is acknowledged only once committed, and a failure leaves nothing behind. No row another
//! batch writes is touched (ids are claimed, events written, one queue row added), so
//! concurrent batches never wait on each other's rows; the roller (`rollups::roller`) folds
//! queued blocks into the rollups, and readers add what is still queued. API batches that are
//! ready while enough stores are running wait (holding no connection when they come with a
//! [`crate::db::Lease`]) and are stored together, in one store ([`super::together`]).

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use diesel::Connection;

use super::model::*;
use super::together::{Job, Share, Together};
use super::{catalog, handover, repo, validate};
use crate::db::{Conn, Link};
use crate::error::AppError;
use crate::metering::{Counted, Reading, ValueError, names::did_you_mean};
use crate::meters::model::Meter;

/// Store the events, or only say what would happen (a dry run stores nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Commit,
    DryRun,
}

/// An event that passed every check, with what each meter that counts it reads from it.
struct Accepted<'a> {
    event: &'a Checked,
    /// Its position among the checked events.
    pos: usize,
    /// (index into the meters, value read; None for count meters)
    counts: Vec<(usize, Option<Reading>)>,
}

/// A batch on its own: the reads before the store need no transaction (an ingest only checks
/// its events against the customers and meters of its time), and the store is atomic and
/// committed when it returns.
pub fn run(
    conn: &mut Conn,
    items: Vec<Incoming>,
    source: Source,
    rules: &Rules,
    mode: Mode,
) -> Result<Outcome, AppError> {
    process(conn, items, source, rules, mode, None, Gains::Tally)
}

/// A batch on its own that may be stored together with concurrent ones (`ingest::together`):
/// the API's. Answered, as [`run`], only once its events are committed; its outcome's gains
/// are not tallied (`Gains`).
pub fn run_together<L: Link + ?Sized>(
    link: &mut L,
    items: Vec<Incoming>,
    source: Source,
    rules: &Rules,
    together: &Together,
) -> Result<Outcome, AppError> {
    process(
        link,
        items,
        source,
        rules,
        Mode::Commit,
        Some(together),
        Gains::Skip,
    )
}

/// One of several batches of the caller's transaction (an upload's chunks): each stores its
/// events under its own block, which commits (and reaches the roller) with the caller's
/// transaction.
pub fn run_batch(
    conn: &mut Conn,
    items: Vec<Incoming>,
    source: Source,
    rules: &Rules,
    mode: Mode,
) -> Result<Outcome, AppError> {
    conn.transaction(|conn| process(conn, items, source, rules, mode, None, Gains::Tally))
}

/// Whether [`Outcome::gains`] is filled: an upload sums it into its summary and a dry run's
/// preview; an API batch's answer never shows it, and tallying it cost a map entry (two ids
/// copied) and a cell per event and meter: 3.5 % of the server's samples in B6's closed loop
/// with 64 clients (`perf record --call-graph dwarf`, 5 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gains {
    Tally,
    Skip,
}

fn reject(code: &'static str, message: String) -> Verdict {
    Verdict::Rejected { code, message }
}

fn process<L: Link + ?Sized>(
    link: &mut L,
    items: Vec<Incoming>,
    source: Source,
    rules: &Rules,
    mode: Mode,
    together: Option<&Together>,
    tally: Gains,
) -> Result<Outcome, AppError> {
    // While held, the roller waits for more of a burst before it rolls.
    let _storing = (mode == Mode::Commit).then(crate::meters::rollups::pace::storing);
    // Only a batch committed when its store returns goes with others, and only while the line
    // is on (with it off, a batch stores alone as any other).
    let together = match together {
        Some(t) if t.lines_up() && mode == Mode::Commit && !crate::db::in_transaction(link.conn()?)? => {
            Some(t)
        }
        _ => None,
    };
    let n = items.len();
    let mut verdicts: Vec<Option<Verdict>> = vec![None; n];
    let mut event_ids: Vec<Option<String>> = vec![None; n];
    let mut checked = Vec::with_capacity(n);
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Incoming::Refused {
                event_id,
                code,
                message,
            } => {
                event_ids[i] = event_id;
                verdicts[i] = Some(reject(code, message));
            }
            Incoming::Duplicate { event_id } => {
                event_ids[i] = Some(event_id);
                verdicts[i] = Some(Verdict::Duplicate);
            }
            Incoming::Event(raw) => {
                event_ids[i] = Some(raw.event_id.clone()).filter(|id| !id.is_empty());
                match validate::check(i, raw, rules) {
                    Ok(c) => checked.push(c),
                    Err((code, message)) => verdicts[i] = Some(reject(code, message)),
                }
            }
        }
    }

    // Shared with the batches this one may be stored with.
    let checked = Arc::new(checked);
    let customer_ids: Vec<String> = unique(checked.iter().map(|c| c.customer_id.as_str()));
    let names: Vec<String> = unique(checked.iter().map(|c| c.event_name.as_str()));
    // First from what the process remembers (re-checked by the store), then, if that is out
    // of date or would refuse an event, from the database.
    let mut remembered = mode == Mode::Commit;
    let (meters, accepted, first_seq, stored, hand) = loop {
        let mut lookup = catalog::lookup(link.conn()?, &customer_ids, &names, remembered)?;
        let mut tried = verdicts.clone();
        let accepted = decide(link.conn()?, &checked, &lookup, rules, &mut tried)?;
        if remembered && refused_by_meters(&checked, &tried) {
            remembered = false;
            continue;
        }
        // Store (or, in a dry run, look up which ids are taken); each new event gets its
        // receipt number from this batch's block, in the order the events arrived.
        let (first_seq, stored, hand): (i64, Arc<repo::StoredIds>, _) = match mode {
            Mode::Commit if !accepted.is_empty() => {
                let guard = lookup.guard.take();
                match store(link, &checked, &accepted, source, guard, &lookup.meters, together)? {
                    Some(Stored { share, hand }) => (share.first_seq, share.stored, hand),
                    None => {
                        remembered = false;
                        continue;
                    }
                }
            }
            Mode::Commit => (0, Arc::new(repo::StoredIds::Only(Default::default())), None),
            Mode::DryRun => {
                let ids: Vec<String> = accepted.iter().map(|a| a.event.event_id.clone()).collect();
                let taken: HashSet<String> = repo::existing_event_ids(link.conn()?, &ids)?
                    .into_iter()
                    .collect();
                (
                    0,
                    Arc::new(repo::StoredIds::Only(
                        ids.into_iter().filter(|id| !taken.contains(id)).collect(),
                    )),
                    None,
                )
            }
        };
        verdicts = tried;
        break (lookup.meters, accepted, first_seq, stored, hand);
    };
    let seqs: Vec<i64> = (0..accepted.len() as i64).map(|i| first_seq + i).collect();

    // What the new events add, per meter and customer (a dry run's preview, an upload's summary).
    let mut gains: BTreeMap<(String, String), Counted> = BTreeMap::new();
    let overflow = || AppError::internal("usage exceeds the range of a decimal");
    for (a, seq) in accepted.iter().zip(seqs) {
        let e = &a.event;
        if !stored.contains(&e.event_id) {
            verdicts[e.index] = Some(Verdict::Duplicate);
            continue;
        }
        verdicts[e.index] = Some(Verdict::Ingested {
            counted: !a.counts.is_empty(),
        });
        if tally == Gains::Skip {
            continue;
        }
        for (mi, value) in &a.counts {
            gains
                .entry((meters[*mi].row.id.clone(), e.customer_id.clone()))
                .or_default()
                .add(e.timestamp, seq, value.as_ref())
                .map_err(|_| overflow())?;
        }
    }
    // The block goes to the readers' memory of the queued tail, the events moved into it.
    if let Some(queued) = hand {
        let picks: Vec<usize> = accepted.iter().map(|a| a.pos).collect();
        drop(accepted);
        handover::hand_over_owned(checked, &picks, first_seq, |id| stored.contains(id), queued);
    }
    // Every item got its verdict above; a gap would be a bug, not something to guess at.
    let verdicts = verdicts
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| AppError::internal("ingest: an event was left without a verdict"))?;
    Ok(Outcome {
        verdicts,
        event_ids,
        gains,
    })
}

/// A stored batch: its receipt numbers and ids, and its queued block when the caller is to hand
/// it over ([`handover::hand_over_owned`]: stored alone and committed, outside a caller's
/// transaction; a batch stored together is handed over by the group).
struct Stored {
    share: Share,
    hand: Option<repo::QueuedAs>,
}

/// Stores the accepted events (with concurrent batches when `together` and the lookup came from
/// memory): their first receipt number and the ids stored, or `None` when the `guard` failed.
fn store<L: Link + ?Sized>(
    link: &mut L,
    checked: &Arc<Vec<Checked>>,
    accepted: &[Accepted],
    source: Source,
    guard: Option<repo::Guard>,
    meters: &[Meter],
    together: Option<&Together>,
) -> Result<Option<Stored>, AppError> {
    let guard = match (together, guard) {
        (Some(together), Some(guard)) if accepted.len() < repo::COPY_FROM => {
            // The guard's digests are those of `meters`, in the same order.
            let listening = guard
                .names
                .iter()
                .map(|name| {
                    let mut digests: Vec<String> = meters
                        .iter()
                        .zip(&guard.digests)
                        .filter(|(m, _)| &m.row.event_name == name)
                        .map(|(_, d)| d.clone())
                        .collect();
                    digests.sort_unstable();
                    (name.clone(), digests)
                })
                .collect();
            let job = Job {
                events: Arc::clone(checked),
                picks: accepted.iter().map(|a| a.pos).collect(),
                guard,
                listening,
                source,
            };
            return Ok(together
                .store(link, job)?
                .map(|share| Stored { share, hand: None }));
        }
        (_, guard) => guard,
    };
    let batch: Vec<&Checked> = accepted.iter().map(|a| a.event).collect();
    let conn = link.conn()?;
    let Some(done) = repo::store_batch(conn, &batch, &source, guard.as_ref())? else {
        return Ok(None);
    };
    let stored = Arc::new(done.stored);
    // Committed when the statement returned (not inside a caller's transaction): readers may
    // take the block from memory.
    let hand = match done.queued {
        Some(queued) if !crate::db::in_transaction(conn)? => Some(queued),
        _ => None,
    };
    Ok(Some(Stored {
        share: Share {
            first_seq: done.first_seq,
            stored,
        },
        hand,
    }))
}

fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut set: Vec<String> = values
        .map(str::to_string)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    set.sort();
    set
}

/// The refusals that depend on the meters (given from remembered meters, they are given again
/// from the database's).
const METER_REFUSALS: [&str; 4] = [
    "no_meter",
    "missing_property",
    "invalid_property",
    "non_numeric_property",
];

fn refused_by_meters(checked: &[Checked], verdicts: &[Option<Verdict>]) -> bool {
    checked.iter().any(|c| {
        matches!(&verdicts[c.index], Some(Verdict::Rejected { code, .. }) if METER_REFUSALS.contains(code))
    })
}

/// Checks each event against the customers and meters looked up: refusals go to `verdicts`,
/// the events that pass (first of each id) are returned with what each meter reads from them.
fn decide<'a>(
    conn: &mut Conn,
    checked: &'a [Checked],
    lookup: &catalog::Lookup,
    rules: &Rules,
    verdicts: &mut [Option<Verdict>],
) -> Result<Vec<Accepted<'a>>, AppError> {
    let meters = &lookup.meters;
    let mut by_name: foldhash::HashMap<&str, Vec<usize>> = foldhash::HashMap::default();
    for (i, m) in meters.iter().enumerate() {
        by_name.entry(m.row.event_name.as_str()).or_default().push(i);
    }
    let mut active_names: Option<Vec<String>> = None;
    // Ids of one batch (at most 1000): a fast hash.
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
    let mut accepted: Vec<Accepted> = Vec::with_capacity(checked.len());
    'events: for (pos, event) in checked.iter().enumerate() {
        let i = event.index;
        if !lookup.known_customers.contains(&event.customer_id) {
            verdicts[i] = Some(reject(
                "unknown_customer",
                format!(
                    "customer_id {:?} is not a known customer: create the customer first (POST /api/v1/customers or Customers in the portal), or check the id",
                    event.customer_id
                ),
            ));
            continue;
        }
        let listening = by_name
            .get(event.event_name.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if listening.is_empty() && rules.require_listening_meter {
            let known = match &active_names {
                Some(k) => k,
                None => active_names.insert(repo::active_event_names(conn)?),
            };
            let hint = match did_you_mean(&event.event_name, known) {
                Some(s) => format!(" — did you mean {s:?}? Event names are case-sensitive"),
                None => String::from(
                    " — create a meter for it first, or check the spelling (event names are case-sensitive)",
                ),
            };
            verdicts[i] = Some(reject(
                "no_meter",
                format!(
                    "no active meter listens to event_name {:?}{hint}",
                    event.event_name
                ),
            ));
            continue;
        }
        let mut counts = Vec::new();
        for &mi in listening {
            let meter = &meters[mi];
            if !meter.filter.as_ref().is_none_or(|f| f.matches(&event.metadata)) {
                continue;
            }
            match meter.aggregation.read_value(&event.metadata) {
                Ok(value) => counts.push((mi, value)),
                Err(e) => {
                    let code = match e {
                        ValueError::Missing { .. } => "missing_property",
                        ValueError::NoValue { .. } => "invalid_property",
                        _ => "non_numeric_property",
                    };
                    verdicts[i] = Some(reject(
                        code,
                        format!(
                            "meter {:?} ({}) takes the {} of metadata.{}: {e}",
                            meter.row.name,
                            meter.row.id,
                            meter.aggregation.kind().as_str(),
                            meter.aggregation.key().unwrap_or("")
                        ),
                    ));
                    continue 'events;
                }
            }
        }
        if !seen.insert(event.event_id.as_str()) {
            verdicts[i] = Some(Verdict::Duplicate);
            continue;
        }
        accepted.push(Accepted { event, pos, counts });
    }
    Ok(accepted)
}
