//! CSV files as downloads: a whole file at once, or streamed as it is produced.

use actix_web::HttpResponse;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::web::Bytes;
use tokio::sync::mpsc::Receiver;

/// A CSV file as an attachment; the file name keeps only ASCII letters, digits, `.`, `-`, `_`.
pub fn csv_download(file_name: &str, bytes: Vec<u8>) -> HttpResponse {
    let safe: String = file_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")))
        .body(bytes)
}

/// A CSV attachment streamed from `chunks` as they arrive; an `Err` chunk ends the body
/// part-way (the client sees a broken download, never a silently short file).
pub fn csv_stream(file_name: &str, chunks: Receiver<Result<Vec<u8>, std::io::Error>>) -> HttpResponse {
    let body = futures_util::stream::unfold(chunks, |mut rx| async move {
        rx.recv().await.map(|item| (item.map(Bytes::from), rx))
    });
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .streaming(body)
}
