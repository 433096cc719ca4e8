//! The (event name, source) pairs `events_name_source_ts_idx` (event_name, source, ts DESC,
//! seq DESC) orders each one's events by: the sources an event comes from, the values
//! `events_source_check` allows (a test compares the two), and every stored event name.
//!
//! A read of one event name in a time range names every source ([`any_source`]), so that
//! PostgreSQL scans the range once per source instead of every event of the name; a read of
//! every event in a time range goes over every pair ([`EVERY_NAME`] × [`ALL`]); a list in time
//! order merges the pairs' scans (`analytics::events::repo::merged`).

/// Every source, as stored.
pub const ALL: [&str; 5] = ["api", "manual", "upload", "stripe", "cloudevents"];

/// `'{api,…}'::text[]`: every source, as an SQL array.
pub fn array() -> String {
    format!("'{{{}}}'::text[]", ALL.join(","))
}

/// `<column> = ANY('{api,…}'::text[])`: true of every event, it lets a read by event name and
/// time range scan each source's part of the index.
pub fn source_is_any(column: &str) -> String {
    format!("{column} = ANY({})", array())
}

/// ` AND <alias>.source = ANY('{api,…}'::text[])`: [`source_is_any`] added to a condition.
pub fn any_source(alias: &str) -> String {
    format!(" AND {}", source_is_any(&format!("{alias}.source")))
}

/// Every stored event name, as a subquery with the column `event_name`: a loose scan of the
/// index (each name's first entry, then the next name's), one probe per name however many
/// events.
pub const EVERY_NAME: &str = "(WITH RECURSIVE names(event_name) AS (
        (SELECT n.event_name FROM events n ORDER BY n.event_name LIMIT 1)
        UNION ALL
        SELECT (SELECT n.event_name FROM events n WHERE n.event_name > names.event_name
                ORDER BY n.event_name LIMIT 1)
        FROM names WHERE names.event_name IS NOT NULL)
     SELECT event_name FROM names WHERE event_name IS NOT NULL)";

#[cfg(test)]
mod tests {
    #[test]
    fn every_source_is_named_in_one_array() {
        assert_eq!(
            super::any_source("e"),
            " AND e.source = ANY('{api,manual,upload,stripe,cloudevents}'::text[])"
        );
    }
}
