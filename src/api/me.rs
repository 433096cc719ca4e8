//! Who is calling.

use actix_web::HttpResponse;

use crate::auth::model::ApiClient;
use crate::error::ApiResult;

/// `GET /api/v1/me`: which key is calling. Lets integrators check a key works.
pub async fn me(client: ApiClient) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "api_key": { "id": client.key_id, "name": client.name }
    })))
}
