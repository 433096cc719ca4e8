//! What the pipeline checks events against — which customers exist, which active meters listen
//! to an event name — remembered by the process, so that a batch of customers and event names
//! it has seen before costs one round trip: the store.
//!
//! Nothing remembered is trusted on its own. The store statement re-checks, in its own
//! snapshot, that every remembered customer still exists and that the active meters listening
//! to the batch's event names are exactly the remembered ones (by a digest of their rows,
//! [`repo::METER_DIGEST`]); if not, it stores nothing and the pipeline starts over from the
//! database. A verdict that refuses an event is only given from what the database said in the
//! same batch. So no invalidation message is needed: it is correct across server processes
//! (and across databases, as in the tests), and a change is seen by the next batch. What the database
//! says in a fresh lookup replaces what was remembered.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, RwLock};

use super::repo;
use crate::db::Conn;
use crate::error::AppError;
use crate::meters::model::Meter;

/// Past this many remembered customers (or event names), the memory starts over.
const MAX_ENTRIES: usize = 100_000;

#[derive(Default)]
struct Memory {
    customers: HashSet<String>,
    /// Per event name, its active listening meters with their digests (empty: none listens).
    meters: HashMap<String, Vec<(Meter, String)>>,
}

static MEMORY: LazyLock<RwLock<Memory>> = LazyLock::new(Default::default);

/// What a batch is checked against, and what the store must re-check.
pub struct Lookup {
    pub known_customers: foldhash::HashSet<String>,
    /// The active meters listening to the batch's event names, ordered by id.
    pub meters: Vec<Meter>,
    /// None when everything came from the database for this batch (nothing to re-check).
    pub guard: Option<repo::Guard>,
}

/// Looks the batch's customers and event names up: from memory when `remembered` (asking the
/// database only for those not remembered), else all from the database.
pub fn lookup(
    conn: &mut Conn,
    customer_ids: &[String],
    names: &[String],
    remembered: bool,
) -> Result<Lookup, AppError> {
    if !remembered {
        let found = repo::existing_customers(conn, customer_ids)?;
        let meters = meters_of(conn, names)?;
        remember(customer_ids, &found, names, &meters)?;
        return Ok(Lookup {
            known_customers: found.into_iter().collect(),
            meters: meters.into_iter().map(|(m, _)| m).collect(),
            guard: None,
        });
    }
    let (mut known_customers, missing_customers, mut meters, missing_names) = {
        let memory = MEMORY
            .read()
            .map_err(|_| AppError::internal("ingest memory poisoned"))?;
        let (known, missing): (Vec<&String>, Vec<&String>) =
            customer_ids.iter().partition(|c| memory.customers.contains(*c));
        let mut meters: Vec<(Meter, String)> = Vec::new();
        let mut missing_names: Vec<String> = Vec::new();
        for name in names {
            match memory.meters.get(name) {
                Some(listening) => meters.extend(listening.iter().cloned()),
                None => missing_names.push(name.clone()),
            }
        }
        let known: foldhash::HashSet<String> = known.into_iter().cloned().collect();
        let missing: Vec<String> = missing.into_iter().cloned().collect();
        (known, missing, meters, missing_names)
    };
    let found_customers = if missing_customers.is_empty() {
        Vec::new()
    } else {
        repo::existing_customers(conn, &missing_customers)?
    };
    let found_meters = if missing_names.is_empty() {
        Vec::new()
    } else {
        meters_of(conn, &missing_names)?
    };
    if !missing_customers.is_empty() || !missing_names.is_empty() {
        remember(
            &missing_customers,
            &found_customers,
            &missing_names,
            &found_meters,
        )?;
    }
    known_customers.extend(found_customers);
    meters.extend(found_meters);
    meters.sort_by(|(a, _), (b, _)| a.row.id.cmp(&b.row.id));
    let mut customers: Vec<String> = known_customers.iter().cloned().collect();
    customers.sort();
    let digests = meters.iter().map(|(_, d)| d.clone()).collect();
    Ok(Lookup {
        known_customers,
        meters: meters.into_iter().map(|(m, _)| m).collect(),
        guard: Some(repo::Guard {
            customers,
            names: names.to_vec(),
            digests,
        }),
    })
}

/// The active meters listening to `names`, with their digests.
fn meters_of(conn: &mut Conn, names: &[String]) -> Result<Vec<(Meter, String)>, AppError> {
    repo::listening_meters_with_digest(conn, names)?
        .into_iter()
        .map(|(row, digest)| Meter::from_row(row).map(|m| (m, digest)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::internal)
}

/// Remembers what the database just said about `customers` (those `found` exist, the others
/// not) and `names` (listened to by `meters`).
fn remember(
    customers: &[String],
    found: &[String],
    names: &[String],
    meters: &[(Meter, String)],
) -> Result<(), AppError> {
    let mut memory = MEMORY
        .write()
        .map_err(|_| AppError::internal("ingest memory poisoned"))?;
    if memory.customers.len() + found.len() > MAX_ENTRIES {
        memory.customers.clear();
    }
    for c in customers {
        memory.customers.remove(c);
    }
    memory.customers.extend(found.iter().cloned());
    if memory.meters.len() + names.len() > MAX_ENTRIES {
        memory.meters.clear();
    }
    for name in names {
        let listening = meters
            .iter()
            .filter(|(m, _)| &m.row.event_name == name)
            .cloned()
            .collect();
        memory.meters.insert(name.clone(), listening);
    }
    Ok(())
}
