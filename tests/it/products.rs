//! Products: pages and API.
