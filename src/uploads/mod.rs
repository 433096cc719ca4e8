//! CSV uploads of usage data.
pub mod csv_file;
