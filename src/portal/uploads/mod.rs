//! Upload pages: Usage data (every upload), the upload form, an upload's page with its
//! rejected rows, error file, dry-run commit and rollback.

pub mod handlers;
pub mod messages;
pub mod pages;
