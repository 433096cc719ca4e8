//! The application state handed to every handler (as `web::Data<AppState>`).

use std::sync::Arc;

use crate::analytics;
use crate::config::Config;
use crate::db::DbPool;
use crate::i18n::Catalog;
use crate::installation::BusinessId;

/// What every handler can reach: the pool, the configuration, and small caches.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub config: Arc<Config>,
    /// The overview's usage charges, reused for a few seconds (an optimisation only: each
    /// instance computes its own; nothing depends on it being shared).
    pub charges_cache: Arc<analytics::overview::ChargesCache>,
    /// State-changing requests handled so far: what the page caches below check.
    pub writes: Arc<analytics::cache::Writes>,
    pub overview_cache: Arc<analytics::cache::PageCache<analytics::overview::OverviewData>>,
    pub customers_cache: Arc<analytics::cache::PageCache<analytics::customers::table::TableData>>,
    /// The events table's views that come together share a computation (never reused after).
    pub events_views: Arc<analytics::cache::PageCache<analytics::events::service::EventsTable>>,
    /// The events filter's meters, with the meters' version they were read at.
    pub meter_options: Arc<analytics::events::options::KeptOptions>,
    /// The products the customers table priced, with the products' version they were read at.
    pub kept_products: Arc<analytics::customers::kept_products::KeptProducts>,
    /// The active meters the overview and the dashboard showed, with the meters' version.
    pub kept_meters: Arc<analytics::overview::KeptMeters>,
    /// The installation's business id (Dodo Payments' `business_id`), read once.
    pub business_id: BusinessId,
    /// The portal's message catalogues (Fluent), loaded once.
    pub catalog: Arc<Catalog>,
    /// The line in which concurrent API batches wait to be stored together.
    pub together: Arc<crate::ingest::together::Together>,
}

impl AppState {
    pub fn new(pool: DbPool, config: Config) -> Self {
        let together = Arc::new(crate::ingest::together::Together::new(config.stores_in_flight));
        AppState {
            pool,
            config: Arc::new(config),
            charges_cache: Arc::default(),
            writes: Arc::default(),
            overview_cache: Arc::default(),
            customers_cache: Arc::default(),
            events_views: Arc::default(),
            meter_options: Arc::default(),
            kept_products: Arc::default(),
            kept_meters: Arc::default(),
            business_id: BusinessId::default(),
            catalog: crate::i18n::shared_catalog(),
            together,
        }
    }
}
