//! All queries on products and their meters.

use std::collections::HashMap;

use diesel::prelude::*;

use super::model::{NewProduct, Product, ProductMeterView};
use crate::db::Conn;
use crate::db::schema::{meters, product_meters, products};
use crate::meters::model::{MeterRow, MeterStatus};
use crate::paging::Seek;

/// Inserts the product and its meters (positions 0, 1, … in the order given), atomically.
pub fn insert(conn: &mut Conn, id: &str, p: &NewProduct) -> QueryResult<Product> {
    conn.transaction(|conn| {
        let product = diesel::insert_into(products::table)
            .values((
                products::id.eq(id),
                products::name.eq(p.name()),
                products::description.eq(p.description()),
                products::currency.eq(p.currency().code),
                products::billing_interval.eq(p.interval().as_str()),
            ))
            .returning(Product::as_returning())
            .get_result(conn)?;
        insert_meters(conn, id, p)?;
        Ok(product)
    })
}

fn insert_meters(conn: &mut Conn, product_id: &str, p: &NewProduct) -> QueryResult<usize> {
    let rows: Vec<_> = p
        .meters()
        .iter()
        .enumerate()
        .map(|(position, m)| {
            (
                product_meters::product_id.eq(product_id),
                product_meters::meter_id.eq(m.meter_id()),
                // At most 10 meters: always fits.
                product_meters::position.eq(i16::try_from(position).unwrap_or(i16::MAX)),
                product_meters::price.eq(m.price().to_json()),
                product_meters::free_threshold.eq(m.free_threshold()),
            )
        })
        .collect();
    diesel::insert_into(product_meters::table)
        .values(rows)
        .execute(conn)
}

/// Replaces the product's fields and its meter rows, atomically. `None` when there is no
/// such product.
pub fn update(conn: &mut Conn, id: &str, p: &NewProduct) -> QueryResult<Option<Product>> {
    conn.transaction(|conn| {
        let Some(product) = diesel::update(products::table.find(id))
            .set((
                products::name.eq(p.name()),
                products::description.eq(p.description()),
                products::currency.eq(p.currency().code),
                products::billing_interval.eq(p.interval().as_str()),
                products::updated_at.eq(diesel::dsl::now),
            ))
            .returning(Product::as_returning())
            .get_result(conn)
            .optional()?
        else {
            return Ok(None);
        };
        diesel::delete(product_meters::table.filter(product_meters::product_id.eq(id))).execute(conn)?;
        insert_meters(conn, id, p)?;
        Ok(Some(product))
    })
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Product>> {
    products::table
        .find(id)
        .select(Product::as_select())
        .first(conn)
        .optional()
}

/// Newest first, `limit` products after `after`.
pub fn list(conn: &mut Conn, seek: &Seek, limit: i64) -> QueryResult<Vec<Product>> {
    let mut q = products::table.select(Product::as_select()).into_boxed();
    if let Some(c) = seek.cursor() {
        q = q.filter(
            products::created_at
                .lt(c.created_at)
                .or(products::created_at.eq(c.created_at).and(products::id.lt(&c.id))),
        );
    }
    q.order((products::created_at.desc(), products::id.desc()))
        .offset(seek.offset())
        .limit(limit)
        .load(conn)
}

/// The product's meters with their prices, by position.
pub fn meters_of(conn: &mut Conn, product_id: &str) -> QueryResult<Vec<ProductMeterView>> {
    product_meters::table
        .inner_join(meters::table)
        .filter(product_meters::product_id.eq(product_id))
        .order(product_meters::position.asc())
        .select(ProductMeterView::as_select())
        .load(conn)
}

/// A product's line and the whole definition of the meter it prices.
pub type PricedMeter = (ProductMeterView, MeterRow);

/// A product with one of its lines (`None` for a product without lines).
pub type ProductLineRow = (Product, Option<PricedMeter>);

/// A product's meters by position, each with its whole definition, in one query.
pub fn priced_meters(conn: &mut Conn, product_id: &str) -> QueryResult<Vec<PricedMeter>> {
    product_meters::table
        .inner_join(meters::table)
        .filter(product_meters::product_id.eq(product_id))
        .order(product_meters::position.asc())
        .select((ProductMeterView::as_select(), MeterRow::as_select()))
        .load(conn)
}

/// Products of `ids` (unknown ones absent) with their priced meters, each meter with its whole
/// definition, in one statement (a customers page loads them at every view; a statement of its
/// own for the lines cost a round trip, more than either statement's run): one row per line, by
/// product and position; a product without lines comes once, with `None`. With them, the
/// products' version (`products_version`) in the same snapshot (`None` when no product was
/// found, or its row is gone).
pub fn with_priced_meters(
    conn: &mut Conn,
    ids: &[String],
) -> QueryResult<(Option<i64>, Vec<ProductLineRow>)> {
    let rows = products::table
        .left_join(product_meters::table.inner_join(meters::table))
        .filter(products::id.eq_any(ids))
        .order((products::id.asc(), product_meters::position.asc()))
        .select((
            Product::as_select(),
            Option::<ProductMeterView>::as_select(),
            Option::<MeterRow>::as_select(),
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
                "(SELECT v.n FROM products_version v)",
            ),
        ))
        .load::<(Product, Option<ProductMeterView>, Option<MeterRow>, Option<i64>)>(conn)?;
    let version = rows.first().and_then(|r| r.3);
    let rows = rows
        .into_iter()
        .map(|(product, view, meter, _)| (product, view.zip(meter)))
        .collect();
    Ok((version, rows))
}

/// The meters of several products in one query (for list pages): product id → meters by
/// position. Products without meters are absent.
pub fn meters_of_many(
    conn: &mut Conn,
    product_ids: &[String],
) -> QueryResult<HashMap<String, Vec<ProductMeterView>>> {
    let rows: Vec<(String, ProductMeterView)> = product_meters::table
        .inner_join(meters::table)
        .filter(product_meters::product_id.eq_any(product_ids))
        .order((product_meters::product_id.asc(), product_meters::position.asc()))
        .select((product_meters::product_id, ProductMeterView::as_select()))
        .load(conn)?;
    let mut out: HashMap<String, Vec<ProductMeterView>> = HashMap::new();
    for (product_id, row) in rows {
        out.entry(product_id).or_default().push(row);
    }
    Ok(out)
}

/// Active meters a product can link: (id, name, unit), by name.
pub fn active_meter_choices(conn: &mut Conn) -> QueryResult<Vec<(String, String, String)>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .order((meters::name.asc(), meters::id.asc()))
        .limit(1000)
        .select((meters::id, meters::name, meters::unit))
        .load(conn)
}

/// Id → status of those of `ids` that exist. The rows are locked (`FOR SHARE`) until the
/// transaction ends, so a meter cannot be archived while a product is being linked to it.
pub fn meter_statuses(conn: &mut Conn, ids: &[String]) -> QueryResult<HashMap<String, String>> {
    let rows: Vec<(String, String)> = meters::table
        .filter(meters::id.eq_any(ids))
        .select((meters::id, meters::status))
        .for_share()
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

#[derive(QueryableByName)]
pub struct LiveProduct {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub id: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub name: String,
    /// Its subscriptions live at the time asked.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub subscriptions: i64,
}

/// The products that price this meter and have a subscription live at `at`, by name.
pub fn live_pricing(
    conn: &mut Conn,
    meter_id: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> QueryResult<Vec<LiveProduct>> {
    diesel::sql_query(
        "SELECT p.id, p.name, count(s.id)::int8 AS subscriptions
           FROM products p
           JOIN product_meters pm ON pm.product_id = p.id
           JOIN subscriptions s ON s.product_id = p.id
          WHERE pm.meter_id = $1 AND s.start_at <= $2 AND (s.end_at IS NULL OR s.end_at > $2)
          GROUP BY p.id, p.name
          ORDER BY p.name, p.id",
    )
    .bind::<diesel::sql_types::Text, _>(meter_id)
    .bind::<diesel::sql_types::Timestamptz, _>(at)
    .load(conn)
}
