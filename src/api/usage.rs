//! Usage exports.

use actix_web::{HttpResponse, web};

use crate::analytics::customers::columns::Column;
use crate::analytics::customers::export::{self, file_name};
use crate::analytics::customers::period::{PeriodQuery, parse_period};
use crate::auth::model::ApiClient;
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::web::download::csv_stream;
use crate::web::extract::Query;

/// `GET /api/v1/usage/export.csv?period_start=&period_end=` (or `at=`): every column.
pub async fn export(
    state: web::Data<AppState>,
    _client: ApiClient,
    q: Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let period = parse_period(&q, chrono_tz::Tz::UTC).map_err(AppError::from)?;
    Ok(csv_stream(
        &file_name(period),
        export::stream(state.pool.clone(), period, Column::ALL.to_vec()),
    ))
}
