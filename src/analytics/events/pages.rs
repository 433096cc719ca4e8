//! Page structs of the events pages.

use askama::Template;
use askama_web::WebTemplate;

use super::model::{Lineage, MeterVerdict};
use super::query::SourceKind;
use super::service::{EventDetails, EventsTable, Unmatched, WINDOWS};
use crate::web::chrome::PageCtx;
use crate::web::filters;

#[derive(Template, WebTemplate)]
#[template(path = "analytics/events.html")]
pub struct EventsPage {
    pub ctx: PageCtx,
    pub t: EventsTable,
}

impl EventsPage {
    pub fn sources(&self) -> [SourceKind; 3] {
        SourceKind::ALL
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/event.html")]
pub struct EventPage {
    pub ctx: PageCtx,
    pub d: EventDetails,
}

impl EventPage {
    /// Meters counting the event, for the summary line.
    pub fn counted_by(&self) -> Vec<&MeterVerdict> {
        self.d.verdicts.iter().filter(|v| v.counted).collect()
    }

    pub fn any_active(&self) -> bool {
        self.d.verdicts.iter().any(|v| v.active)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/unmatched.html")]
pub struct UnmatchedPage {
    pub ctx: PageCtx,
    pub u: Unmatched,
}

impl UnmatchedPage {
    pub fn windows(&self) -> [i64; 3] {
        let mut w = WINDOWS;
        w.sort_unstable();
        w
    }
}
