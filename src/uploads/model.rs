//! Uploads: one CSV file of usage data for one meter, and what became of its rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::uploads;
use crate::paging::Cursor;

/// An upload's status: the values the database's CHECK on `uploads.status` allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadStatus {
    /// Checked and counted, nothing stored (a dry run, to commit later).
    DryRun,
    /// Being stored.
    Processing,
    /// Every row stored (or a duplicate).
    Succeeded,
    /// Some rows stored, some rejected.
    PartiallyFailed,
    /// Nothing stored.
    Failed,
    /// Stored, then taken back.
    RolledBack,
}

impl UploadStatus {
    pub const ALL: [UploadStatus; 6] = [
        UploadStatus::DryRun,
        UploadStatus::Processing,
        UploadStatus::Succeeded,
        UploadStatus::PartiallyFailed,
        UploadStatus::Failed,
        UploadStatus::RolledBack,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            UploadStatus::DryRun => "dry_run",
            UploadStatus::Processing => "processing",
            UploadStatus::Succeeded => "succeeded",
            UploadStatus::PartiallyFailed => "partially_failed",
            UploadStatus::Failed => "failed",
            UploadStatus::RolledBack => "rolled_back",
        }
    }

    pub fn parse(raw: &str) -> Option<UploadStatus> {
        match raw {
            "dry_run" => Some(UploadStatus::DryRun),
            "processing" => Some(UploadStatus::Processing),
            "succeeded" => Some(UploadStatus::Succeeded),
            "partially_failed" => Some(UploadStatus::PartiallyFailed),
            "failed" => Some(UploadStatus::Failed),
            "rolled_back" => Some(UploadStatus::RolledBack),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = uploads)]
pub struct Upload {
    pub id: i64,
    pub meter_id: String,
    pub file_name: String,
    pub size_bytes: i32,
    pub sha256: String,
    pub operator_id: Option<i64>,
    pub api_key_id: Option<i64>,
    pub status: String,
    pub rows_total: i32,
    pub rows_accepted: i32,
    pub rows_duplicate: i32,
    pub rows_rejected: i32,
    pub failure: Option<String>,
    pub summary: serde_json::Value,
    pub fixes_upload_id: Option<i64>,
    pub committed_upload_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub rolled_back_at: Option<DateTime<Utc>>,
}

impl Upload {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.created_at,
            id: self.id.to_string(),
        }
    }

    /// "partially failed" rather than "partially_failed", for people.
    pub fn status_words(&self) -> String {
        self.status.replace('_', " ")
    }

    pub fn is_dry_run(&self) -> bool {
        self.status == UploadStatus::DryRun.as_str()
    }

    /// A real upload with rejected rows whose corrected files stored `fixed` rows: are they
    /// all in now? (Its status stays "partially failed": this is what the pages say instead.)
    pub fn all_fixed_by(&self, fixed: i64) -> bool {
        self.rows_rejected > 0
            && !self.is_dry_run()
            && self.status != UploadStatus::RolledBack.as_str()
            && fixed >= i64::from(self.rows_rejected)
    }

    /// A dry run keeps its file to be committed later, except one made over the API, which
    /// keeps only its rejected rows (for the error file).
    pub fn file_kept(&self) -> bool {
        self.summary["file_kept"].as_bool().unwrap_or(true)
    }

    pub fn can_roll_back(&self) -> bool {
        matches!(
            UploadStatus::parse(&self.status),
            Some(UploadStatus::Succeeded | UploadStatus::PartiallyFailed)
        ) && self.rows_accepted > 0
    }

    /// What the upload added per meter and customer (recorded when it finished).
    pub fn gains(&self) -> Vec<Gain> {
        serde_json::from_value(self.summary["gains"].clone()).unwrap_or_default()
    }

    /// The total value the file held for its meter (the property's sum, or the rows of a count
    /// meter), recorded at upload.
    pub fn value_in_file(&self) -> Option<String> {
        self.summary["in_file"]["value"].as_str().map(str::to_string)
    }

    /// The file's header, as uploaded (for the error file).
    pub fn header(&self) -> Vec<String> {
        serde_json::from_value(self.summary["header"].clone()).unwrap_or_default()
    }
}

/// What an upload added (or, in a dry run, would add) to one meter for one customer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Gain {
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub aggregation: String,
    pub customer_id: String,
    pub events: i64,
    /// Exact decimal text: the sum, count, max, min, average or last value of the uploaded
    /// events, or the number of distinct values among them.
    pub quantity: String,
}

/// An upload with who made it and for which meter, for lists.
#[derive(Debug, Clone)]
pub struct UploadListItem {
    pub upload: Upload,
    pub meter_name: String,
    pub who: String,
    /// The API key's name when the upload came over the API (`who` says it in English).
    pub api_key: Option<String>,
    /// Rows its corrected files (uploads that fix it, not rolled back) stored.
    pub fixed_rows: i64,
}

impl UploadListItem {
    /// Its rejected rows are all stored now, by corrected files.
    pub fn all_fixed(&self) -> bool {
        self.upload.all_fixed_by(self.fixed_rows)
    }
}

/// A rejected row: its line, the cells as written, and why.
#[derive(Debug, Clone, Queryable)]
pub struct Reject {
    pub row_number: i32,
    pub cells: serde_json::Value,
    pub code: String,
    pub error: String,
}

impl Reject {
    pub fn cells(&self) -> Vec<String> {
        serde_json::from_value(self.cells.clone()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_the_databases_check_values() {
        let sql = include_str!("../../migrations/2026-11-24-000003_usage/up.sql");
        let listed: Vec<&str> = UploadStatus::ALL.iter().map(|s| s.as_str()).collect();
        let check = format!("CHECK (status IN ('{}'))", listed.join("', '"));
        assert!(sql.contains(&check), "{check}");
        for s in UploadStatus::ALL {
            assert_eq!(UploadStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(UploadStatus::parse("partially failed"), None);
    }
}
