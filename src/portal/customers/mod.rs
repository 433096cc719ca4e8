//! Customer pages: the list, a customer's page with its subscriptions, the forms.

pub mod handlers;
pub mod messages;
pub mod pages;
