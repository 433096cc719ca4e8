//! What the events pages show, assembled from the repo's queries and the metering core's
//! verdicts (filter explanations, aggregation values, "did you mean").

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};

use super::model::{
    EventRow, ExclusionCount, Lineage, ListRow, MetaEntry, MeterOption, MeterVerdict, NameGroup,
    decode_cursor, meta_entries, metadata_map,
};
use super::options::KeptOptions;
use super::query::FilterForm;
use super::repo::{self, ListFilter, MeterScope};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::names::did_you_mean;
use crate::meters::model::{Meter, MeterRow};
use crate::meters::repo as meters_repo;
use crate::paging::{PAGE_SIZE, Page};
use crate::validation::FieldErrors;

/// Most meters shown on an event page.
pub const MAX_METERS_PER_EVENT: i64 = 100;
/// Most voided copies of one id shown.
pub const MAX_VOIDED: i64 = 10;
/// Most distinct event names the troubleshooting view examines.
pub const MAX_NAMES: i64 = 1000;
/// Most unmatched event names listed.
pub const MAX_GROUPS: i64 = 200;
/// Most active meters whose filter exclusions are counted.
pub const MAX_FILTERED_METERS: usize = 50;
/// Time windows of the troubleshooting view, in days; the first is the default.
pub const WINDOWS: [i64; 3] = [30, 7, 90];
/// Filter exclusions are counted over at most this many days.
pub const EXCLUSION_MAX_DAYS: i64 = 30;

fn load_meter(row: MeterRow) -> Result<Meter, AppError> {
    Meter::from_row(row).map_err(AppError::internal)
}

/// The meter chosen in the events table's filter, as the page describes it.
#[derive(Debug, Clone)]
pub struct ChosenMeter {
    pub id: String,
    pub name: String,
    pub event_name: String,
    /// The filter itself, for the page to word in its language.
    pub filter: Option<crate::metering::Filter>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// The events table: the filters (as typed, with their errors) and one page of rows.
#[derive(Clone)]
pub struct EventsTable {
    pub form: FilterForm,
    pub errors: FieldErrors,
    pub meters: Arc<Vec<MeterOption>>,
    pub meter: Option<ChosenMeter>,
    pub rows: Vec<ListRow>,
    pub next: Option<String>,
    pub first_page: bool,
    /// The filters as a query string, for the pager.
    pub query: String,
    /// The customer filter names no customer.
    pub unknown_customer: bool,
}

impl EventsTable {
    pub fn is_filtered(&self) -> bool {
        !self.query.is_empty()
    }

    /// The chosen meter and the event name filter name different events: nothing can match.
    pub fn name_conflict(&self) -> bool {
        match (&self.meter, self.form.event_name.trim()) {
            (Some(m), name) => !name.is_empty() && m.event_name != name,
            _ => false,
        }
    }
}

/// The events table for an operator in `tz` (its date filters are `tz`'s dates and times), the
/// filter's meters from `kept` when the request's session read them at that version (`seen`).
pub fn events_table(
    conn: &mut Conn,
    form: FilterForm,
    after: Option<&str>,
    tz: Tz,
    kept: &KeptOptions,
    seen: Option<i64>,
) -> Result<EventsTable, AppError> {
    // One snapshot, its statements on their kept generic plans: planned at each view, the
    // list's statement cost as much to plan as to run (0.1–0.2 ms each; every filter's plan
    // is an index scan in (ts, seq) order whatever the values).
    crate::meters::rollups::in_snapshot(conn, |conn| {
        let meters = kept.at(conn, seen)?;
        events_table_in(conn, form, after, tz, meters)
    })
}

fn events_table_in(
    conn: &mut Conn,
    form: FilterForm,
    after: Option<&str>,
    tz: Tz,
    meters: Arc<Vec<MeterOption>>,
) -> Result<EventsTable, AppError> {
    let mut table = EventsTable {
        query: form.query_string(),
        form,
        errors: FieldErrors::new(),
        meters,
        meter: None,
        rows: Vec::new(),
        next: None,
        first_page: true,
        unknown_customer: false,
    };
    let mut errors = FieldErrors::new();
    let criteria = match table.form.parse_in(tz) {
        Ok(c) => Some(c),
        Err(e) => {
            errors = e;
            None
        }
    };
    let mut scope = None;
    let meter_id = table.form.meter.trim().to_string();
    if !meter_id.is_empty() {
        let id = meter_id.as_str();
        match meters_repo::find(conn, id)? {
            Some(row) => {
                let meter = load_meter(row)?;
                let archived_at = (!meter.is_active()).then_some(meter.row.archived_at).flatten();
                scope = Some(MeterScope::of(&meter));
                table.meter = Some(ChosenMeter {
                    id: meter.row.id.clone(),
                    name: meter.row.name.clone(),
                    event_name: meter.row.event_name.clone(),
                    filter: meter.filter.clone(),
                    archived_at,
                });
            }
            None => errors.add(
                "meter",
                format!("There is no meter with the id {id}; choose one from the list."),
            ),
        }
    }
    let Some(criteria) = criteria.filter(|_| errors.is_empty()) else {
        table.errors = errors;
        return Ok(table);
    };
    let filter = ListFilter {
        meter: scope,
        event_name: criteria.event_name,
        customer_id: criteria.customer_id,
        from: criteria.from,
        to: criteria.to,
        source: criteria.source.map(|s| s.as_str()),
    };
    let key = decode_cursor(after);
    table.first_page = key.is_none();
    let rows = repo::list(conn, &filter, key, PAGE_SIZE + 1)?;
    let page = Page::from_rows(rows, PAGE_SIZE, ListRow::cursor);
    table.rows = page.items;
    table.next = page.next;
    if table.rows.is_empty()
        && let Some(c) = &filter.customer_id
    {
        table.unknown_customer = !repo::customer_exists(conn, c)?;
    }
    Ok(table)
}

/// The API's event list: every filter optional.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    pub customer_id: Option<String>,
    pub event_name: Option<String>,
    /// The events this meter counts: its event name and its filter.
    pub meter_id: Option<String>,
    /// Inclusive, on the event's timestamp.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
}

/// Stored events newest first (by timestamp, then receipt), from a keyset key or after skipping
/// `offset` rows. An unknown meter, or an event name that is not the meter's, is refused.
pub fn list_events(
    conn: &mut Conn,
    q: &EventQuery,
    after: Option<(DateTime<Utc>, i64)>,
    offset: i64,
    limit: i64,
) -> Result<Vec<EventRow>, AppError> {
    let meter = match q.meter_id.as_deref() {
        None => None,
        Some(id) => {
            let row = meters_repo::find(conn, id)?
                .ok_or_else(|| AppError::validation("meter_id", format!("No meter with the id {id}.")))?;
            Some(load_meter(row)?)
        }
    };
    if let (Some(m), Some(name)) = (&meter, &q.event_name)
        && *name != m.row.event_name
    {
        return Err(AppError::validation(
            "event_name",
            format!(
                "meter {} counts events named {:?}, not {name:?}; leave event_name out, or make it the meter's",
                m.row.id, m.row.event_name
            ),
        ));
    }
    let filter = ListFilter {
        meter: meter.as_ref().map(MeterScope::of),
        event_name: q.event_name.clone(),
        customer_id: q.customer_id.clone(),
        from: q.from,
        to: q.to,
        source: None,
    };
    Ok(repo::list_full(conn, &filter, after, offset, limit)?)
}

/// An event and, for a voided copy, when it was voided.
pub type FoundEvent = (EventRow, Option<DateTime<Utc>>);

/// A stored event by id, or else its latest voided copy with when it was voided.
pub fn find_event(conn: &mut Conn, id: &str) -> Result<Option<FoundEvent>, AppError> {
    if let Some(row) = repo::find_event(conn, id)? {
        return Ok(Some((row, None)));
    }
    Ok(repo::find_voided(conn, id, 1)?.into_iter().next().map(|v| {
        let (row, at) = v.split();
        (row, Some(at))
    }))
}

/// One stored (or voided) event as its page shows it.
pub struct EventView {
    pub row: EventRow,
    /// When it stopped counting (its upload was rolled back, or it was voided on its own).
    pub voided_at: Option<DateTime<Utc>>,
    /// Why it was voided on its own (None for an upload's rollback, and for a stored event).
    pub void_reason: Option<String>,
    pub metadata: Vec<MetaEntry>,
    pub lineage: Lineage,
}

/// Everything the event page shows.
pub struct EventDetails {
    pub id: String,
    /// The stored event, or else the latest voided copy of the id.
    pub event: Option<EventView>,
    /// Voided copies of the id (other than the one shown as `event`).
    pub voided: Vec<EventView>,
    /// For every meter of the event's name (active first), whether it counts the event.
    pub verdicts: Vec<MeterVerdict>,
    /// When no meter listens to the exact name: a meter's name equal to it up to case and
    /// punctuation.
    pub did_you_mean: Option<String>,
    pub customer_name: Option<String>,
}

fn lineage(conn: &mut Conn, row: &EventRow) -> Result<Lineage, AppError> {
    Ok(match row.source.as_str() {
        "api" => Lineage::Api {
            key_id: row.api_key_id,
            key: match row.api_key_id {
                Some(id) => repo::api_key(conn, id)?,
                None => None,
            },
        },
        "manual" => Lineage::Manual {
            operator_id: row.operator_id,
            email: match row.operator_id {
                Some(id) => repo::operator_email(conn, id)?,
                None => None,
            },
        },
        "upload" => Lineage::Upload {
            upload_id: row.upload_id,
            row: row.upload_row,
            upload: match row.upload_id {
                Some(id) => repo::upload(conn, id)?,
                None => None,
            },
        },
        kind @ ("stripe" | "cloudevents") => Lineage::Surface {
            surface: if kind == "stripe" { "Stripe" } else { "CloudEvents" },
            key_id: row.api_key_id,
            key: match row.api_key_id {
                Some(id) => repo::api_key(conn, id)?,
                None => None,
            },
        },
        other => Lineage::Other(other.to_string()),
    })
}

fn view(conn: &mut Conn, row: EventRow, voided_at: Option<DateTime<Utc>>) -> Result<EventView, AppError> {
    Ok(EventView {
        metadata: meta_entries(&row.metadata),
        lineage: lineage(conn, &row)?,
        row,
        voided_at,
        void_reason: None,
    })
}

/// Whether `meter` counts an event with this metadata, received at `received_at`, and why not.
pub fn verdict(meter: &Meter, metadata: &Map<String, Value>, received_at: DateTime<Utc>) -> MeterVerdict {
    let explanation = meter.filter.as_ref().map(|f| f.explain(metadata));
    let filter_holds = explanation.as_ref().is_none_or(|e| e.matched);
    let (value, value_error) = match meter.aggregation.read_value(metadata) {
        Ok(v) => (v.map(|d| d.to_string()), None),
        Err(e) => (None, Some(e)),
    };
    let archived_at = (!meter.is_active()).then_some(meter.row.archived_at).flatten();
    let received_after_archive = archived_at.is_some_and(|a| received_at > a);
    MeterVerdict {
        meter_id: meter.row.id.clone(),
        meter_name: meter.row.name.clone(),
        unit: meter.row.unit.clone(),
        aggregation_words: meter.aggregation_words(),
        aggregation_kind: meter.aggregation.kind().as_str(),
        aggregation_key: meter.aggregation.key().map(str::to_string),
        filter: meter.filter.clone(),
        active: meter.is_active(),
        archived_at,
        received_after_archive,
        counted: filter_holds && value_error.is_none() && !received_after_archive,
        explanation,
        value,
        value_error,
    }
}

/// A meter's event name equal to `name` up to case and punctuation; active meters' first.
fn suggestion(conn: &mut Conn, name: &str) -> Result<Option<String>, AppError> {
    let known: Vec<String> = repo::meter_event_names(conn, 1000)?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    Ok(did_you_mean(name, &known).map(str::to_string))
}

pub fn event_details(conn: &mut Conn, id: &str) -> Result<EventDetails, AppError> {
    let live = repo::find_event(conn, id)?;
    let mut voided = Vec::new();
    for row in repo::find_voided(conn, id, MAX_VOIDED)? {
        let reason = row.reason.clone();
        let (row, voided_at) = row.split();
        let mut v = view(conn, row, Some(voided_at))?;
        v.void_reason = reason;
        voided.push(v);
    }
    let event = match live {
        Some(row) => Some(view(conn, row, None)?),
        None if !voided.is_empty() => Some(voided.remove(0)),
        None => None,
    };
    let mut details = EventDetails {
        id: id.to_string(),
        event: None,
        voided,
        verdicts: Vec::new(),
        did_you_mean: None,
        customer_name: None,
    };
    let Some(event) = event else {
        return Ok(details);
    };
    let meters = repo::meters_for_event(conn, &event.row.event_name, MAX_METERS_PER_EVENT)?;
    if meters.is_empty() {
        details.did_you_mean = suggestion(conn, &event.row.event_name)?;
    }
    if event.voided_at.is_none() {
        let metadata = metadata_map(&event.row.metadata);
        for row in meters {
            let meter = load_meter(row)?;
            details
                .verdicts
                .push(verdict(&meter, &metadata, event.row.received_at));
        }
    }
    details.customer_name = repo::customer_name(conn, &event.row.customer_id)?;
    details.event = Some(event);
    Ok(details)
}

/// An event name no active meter listens to.
pub struct UnmatchedName {
    pub group: NameGroup,
    pub did_you_mean: Option<String>,
    /// Archived meters of that name: (id, name).
    pub archived_meters: Vec<(String, String)>,
}

/// Events of a name an active meter listens to that its filter excludes.
pub struct Exclusion {
    pub meter_id: String,
    pub meter_name: String,
    pub event_name: String,
    /// The filter itself, for the page to word in its language.
    pub filter: crate::metering::Filter,
    pub count: ExclusionCount,
    /// The latest excluded event.
    pub example_id: Option<String>,
    /// Other active meters of the same name without a filter, which do count these: (id, name).
    pub counted_by: Vec<(String, String)>,
}

/// The troubleshooting view.
pub struct Unmatched {
    pub days: i64,
    pub since: DateTime<Utc>,
    pub names: Vec<UnmatchedName>,
    /// More distinct event names exist than were examined.
    pub names_capped: bool,
    /// More unmatched names exist than are listed.
    pub groups_capped: bool,
    pub exclusion_days: i64,
    pub exclusion_since: DateTime<Utc>,
    pub exclusions: Vec<Exclusion>,
    /// Active meters with a filter whose exclusions were counted.
    pub filtered_meters: usize,
    /// More active meters have a filter than were checked.
    pub meters_capped: bool,
    pub active_meters: usize,
}

/// The window in days from the URL: one of [`WINDOWS`], else the default.
pub fn window_days(raw: Option<&str>) -> i64 {
    raw.and_then(|d| d.trim().parse().ok())
        .filter(|d| WINDOWS.contains(d))
        .unwrap_or(WINDOWS[0])
}

pub fn unmatched(conn: &mut Conn, days: i64, now: DateTime<Utc>) -> Result<Unmatched, AppError> {
    let since = now - Duration::days(days);
    let active = repo::active_meters(conn, 1000)?
        .into_iter()
        .map(load_meter)
        .collect::<Result<Vec<_>, _>>()?;
    let listened: BTreeSet<&str> = active.iter().map(|m| m.row.event_name.as_str()).collect();
    let known: Vec<String> = listened.iter().map(|s| s.to_string()).collect();

    let mut all_names = repo::distinct_event_names(conn, MAX_NAMES + 1)?;
    let names_capped = all_names.len() as i64 > MAX_NAMES;
    all_names.truncate(MAX_NAMES as usize);
    let orphans: Vec<String> = all_names
        .into_iter()
        .filter(|n| !listened.contains(n.as_str()))
        .collect();
    let mut groups = repo::name_groups(conn, &orphans, since, MAX_GROUPS + 1)?;
    let groups_capped = groups.len() as i64 > MAX_GROUPS;
    groups.truncate(MAX_GROUPS as usize);
    let group_names: Vec<String> = groups.iter().map(|g| g.event_name.clone()).collect();
    let archived = repo::archived_meters_of(conn, &group_names)?;
    let names = groups
        .into_iter()
        .map(|group| UnmatchedName {
            did_you_mean: did_you_mean(&group.event_name, &known).map(str::to_string),
            archived_meters: archived
                .iter()
                .filter(|(name, _, _)| *name == group.event_name)
                .map(|(_, id, meter_name)| (id.clone(), meter_name.clone()))
                .collect(),
            group,
        })
        .collect();

    let exclusion_days = days.min(EXCLUSION_MAX_DAYS);
    let exclusion_since = now - Duration::days(exclusion_days);
    let filtered: Vec<&Meter> = active.iter().filter(|m| m.filter.is_some()).collect();
    let meters_capped = filtered.len() > MAX_FILTERED_METERS;
    let mut exclusions = Vec::new();
    for meter in filtered.iter().take(MAX_FILTERED_METERS) {
        let Some(filter) = &meter.filter else { continue };
        let predicate = filter.to_sql("events.metadata");
        let count = repo::exclusion_count(conn, &meter.row.event_name, &predicate, exclusion_since)?;
        if count.excluded == 0 {
            continue;
        }
        let example_id = repo::latest_excluded(conn, &meter.row.event_name, &predicate, exclusion_since)?;
        let counted_by = active
            .iter()
            .filter(|m| m.row.event_name == meter.row.event_name && m.filter.is_none())
            .map(|m| (m.row.id.clone(), m.row.name.clone()))
            .collect();
        exclusions.push(Exclusion {
            meter_id: meter.row.id.clone(),
            meter_name: meter.row.name.clone(),
            event_name: meter.row.event_name.clone(),
            filter: filter.clone(),
            count,
            example_id,
            counted_by,
        });
    }
    Ok(Unmatched {
        days,
        since,
        names,
        names_capped,
        groups_capped,
        exclusion_days,
        exclusion_since,
        exclusions,
        filtered_meters: filtered.len().min(MAX_FILTERED_METERS),
        meters_capped,
        active_meters: active.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_fall_back_to_thirty_days() {
        assert_eq!(window_days(Some("7")), 7);
        assert_eq!(window_days(Some("90")), 90);
        assert_eq!(window_days(Some("365")), 30);
        assert_eq!(window_days(Some("x")), 30);
        assert_eq!(window_days(None), 30);
    }
}
