//! The scale-out rule (docs/scale-out.md): the tables Citus would distribute by customer_id
//! have customer_id in every unique key and no foreign key into them; `event_ids`, which
//! deduplicates ids across customers, is distributed by event_id instead.

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::support::db::TestDb;

/// Distributed by customer_id.
const BY_CUSTOMER: &[&str] = &[
    "events",
    "voided_events",
    "rollups",
    "rollups_daily",
    "customer_activity",
    "rollup_values",
    "rollup_values_daily",
    "cycle_values",
];

#[derive(QueryableByName, Debug)]
struct UniqueKey {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Bool)]
    has_customer: bool,
}

const UNIQUE_KEYS: &str = "
SELECT t.relname::text AS table_name, i.relname::text AS index_name,
       string_agg(a.attname::text, ', ' ORDER BY k.ord) AS columns,
       bool_or(a.attname = $1) AS has_customer
FROM pg_index x
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE x.indisunique AND t.relname = ANY($2)
GROUP BY 1, 2 ORDER BY 1, 2";

fn unique_keys(conn: &mut PgConnection, column: &str, tables: &[&str]) -> Vec<UniqueKey> {
    diesel::sql_query(UNIQUE_KEYS)
        .bind::<Text, _>(column)
        .bind::<diesel::sql_types::Array<Text>, _>(tables)
        .load(conn)
        .unwrap()
}

#[test]
fn every_unique_key_carries_the_distribution_column() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let keys = unique_keys(&mut conn, "customer_id", BY_CUSTOMER);
    let tables: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.table_name.as_str()).collect();
    assert_eq!(tables.len(), BY_CUSTOMER.len(), "each table has a key: {keys:?}");
    for k in &keys {
        assert!(
            k.has_customer,
            "{}.{} ({}) lacks customer_id: Citus cannot keep it on a table distributed by customer_id",
            k.table_name, k.index_name, k.columns
        );
    }
    let ids = unique_keys(&mut conn, "event_id", &["event_ids"]);
    assert!(!ids.is_empty() && ids.iter().all(|k| k.has_customer), "{ids:?}");

    #[derive(QueryableByName, Debug)]
    #[allow(dead_code)] // shown in the failure message
    struct Fk {
        #[diesel(sql_type = Text)]
        name: String,
    }
    let into: Vec<Fk> = diesel::sql_query(
        "SELECT c.conname::text AS name FROM pg_constraint c JOIN pg_class t ON t.oid = c.confrelid
         WHERE c.contype = 'f' AND t.relname = ANY($1)",
    )
    .bind::<diesel::sql_types::Array<Text>, _>(
        BY_CUSTOMER.iter().chain(["event_ids"].iter()).collect::<Vec<_>>(),
    )
    .load(&mut conn)
    .unwrap();
    assert!(into.is_empty(), "foreign keys into distributed tables: {into:?}");
}

#[derive(QueryableByName, Debug, PartialEq)]
struct IdRow {
    #[diesel(sql_type = Text)]
    event_id: String,
    #[diesel(sql_type = Text)]
    customer_id: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    seq: Option<i64>,
}

/// `events`' key is (seq, customer_id), and no other index holds `seq` alone.
fn assert_keyed_by_receipt_first(conn: &mut PgConnection) {
    let pk = unique_keys(conn, "customer_id", &["events"]);
    assert!(
        pk.iter()
            .any(|k| k.index_name == "events_pkey" && k.columns == "seq, customer_id"),
        "{pk:?}"
    );
    let seq_alone: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM pg_indexes WHERE tablename = 'events' AND indexdef LIKE '%(seq)')",
    ))
    .get_result(conn)
    .unwrap();
    assert_eq!(seq_alone, 0, "an index on events (seq) alone duplicates the key");
}

/// `events` is keyed by receipt number (then customer): its inserts land at the key's right-most
/// leaf instead of at a random place, and the same key finds the queued blocks' events by a range
/// of receipt numbers, so no other index on `seq` alone is kept. The migration that keyed it by
/// receipt first gave every taken id the receipt number it was stored under (a voided one its
/// latest voided copy's), which is how a look-up by id finds the event.
#[test]
fn events_are_keyed_by_receipt_and_every_taken_id_knows_its_receipt() {
    use diesel::connection::SimpleConnection;
    use diesel_migrations::MigrationHarness;
    let db = TestDb::new();
    let mut conn = db.conn();
    assert_keyed_by_receipt_first(&mut conn);

    // The state before that migration: one stored event, one voided twice (an upload rolled
    // back, then sent again and voided on its own), an id on another customer.
    loop {
        let reverted = conn.revert_last_migration(meterdesk::db::MIGRATIONS).unwrap();
        if reverted.to_string().replace('-', "") == "20261202000024" {
            break;
        }
    }
    conn.batch_execute(
        "INSERT INTO customers (id, email, name) VALUES ('cus_a', 'a@example.com', 'A'), ('cus_b', 'b@example.com', 'B');
         INSERT INTO event_ids (event_id, customer_id) VALUES ('ev_kept', 'cus_a'), ('ev_voided', 'cus_a'), ('ev_b', 'cus_b');
         INSERT INTO events (event_id, seq, customer_id, event_name, ts, metadata, source)
         VALUES ('ev_kept', 7, 'cus_a', 'calls', now(), '{}', 'api'),
                ('ev_b', 8, 'cus_b', 'calls', now(), '{}', 'api');
         INSERT INTO voided_events (event_id, seq, customer_id, event_name, ts, metadata, received_at, source, voided_at, reason)
         VALUES ('ev_voided', 3, 'cus_a', 'calls', now(), '{}', now(), 'upload', now() - interval '1 day', NULL),
                ('ev_voided', 5, 'cus_a', 'calls', now(), '{}', now(), 'api', now(), 'sent twice');",
    )
    .unwrap();
    conn.run_pending_migrations(meterdesk::db::MIGRATIONS).unwrap();
    let rows: Vec<IdRow> =
        diesel::sql_query("SELECT event_id, customer_id, seq FROM event_ids ORDER BY event_id")
            .load(&mut conn)
            .unwrap();
    let row = |id: &str, c: &str, seq: i64| IdRow {
        event_id: id.into(),
        customer_id: c.into(),
        seq: Some(seq),
    };
    assert_eq!(
        rows,
        vec![
            row("ev_b", "cus_b", 8),
            row("ev_kept", "cus_a", 7),
            row("ev_voided", "cus_a", 5)
        ]
    );
    // Keyed again by receipt first, with the events kept.
    assert_keyed_by_receipt_first(&mut conn);
    let kept: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM events WHERE (seq, customer_id) IN ((7, 'cus_a'), (8, 'cus_b')))",
    ))
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(kept, 2);
}
