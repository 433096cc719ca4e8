//! The overview's chart drawn once for what it shows. Drawing it (the SVG panels, their words
//! and the data table) was 30 % of the server's CPU for a view of the overview computed afresh
//! (perf, B5's overview paths with the page cache off), and a third of a cached view's: it was
//! drawn again at every view. A drawing is kept, in this process, under everything it is drawn
//! from — the language and the chart's numbers in full (their `Debug` form: zone, range,
//! granularity, series, every value with its scale) — so equal numbers are drawn once.

use std::sync::{Arc, LazyLock};

use crate::analytics::chart::{self, ChartInput, PanelInfo, TableRow};
use crate::web::locale::Locale;

use super::chart_words::ChartWords;
use crate::kept::Kept;

/// Drawings by what they were drawn from ([`drawn`]); at most 64.
static KEPT: LazyLock<Kept<String, Arc<Drawn>>> = LazyLock::new(|| Kept::new(64));

/// A chart as the page shows it: its panels, and the data table's headings and rows.
#[derive(Debug, Default)]
pub struct Drawn {
    pub panels: Vec<PanelInfo>,
    pub table_headings: Vec<String>,
    pub table: Vec<TableRow>,
}

/// `input` drawn in `locale`'s language (and the input's zone): as kept, or drawn and kept.
pub fn drawn(input: &ChartInput, locale: &Locale) -> Arc<Drawn> {
    let key = format!("{}\u{1}{input:?}", locale.code());
    KEPT.get_or_insert_with(key, || {
        let mut locale = locale.clone();
        locale.tz = input.tz;
        let words = ChartWords(&locale);
        Arc::new(Drawn {
            panels: chart::render_in(input, &words).panels,
            table_headings: chart::table_headings_in(input, &words),
            table: chart::table_in(input, &words),
        })
    })
}
