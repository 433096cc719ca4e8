//! Product pages: the list, a product's page, the form with its meter lines.

pub mod handlers;
pub mod pages;
pub mod refusals;
