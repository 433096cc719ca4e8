//! The chart's words in the operator's language and time zone: the catalogue's
//! `analytics-chart-*` messages, the locale's number formats and chart date labels, and hover
//! titles whose periods run between instants shown in the operator's zone with their offsets.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::analytics::chart::{Granularity, Words, compact_parts};
use crate::i18n::{Lang, dates};
use crate::tz::Bucket;
use crate::web::locale::Locale;

/// [`Words`] from a page's locale.
pub struct ChartWords<'a>(pub &'a Locale);

/// The catalogue's name for a granularity (`day`, `week`, `month`).
fn key(g: Granularity) -> &'static str {
    g.as_str()
}

impl Words for ChartWords<'_> {
    fn quantity(&self, v: Decimal) -> String {
        self.0.qty(v)
    }

    fn tick(&self, v: Decimal) -> String {
        const POWERS: [&str; 4] = ["thousand", "million", "billion", "trillion"];
        let (scaled, power) = compact_parts(v);
        let n = self.0.qty(scaled);
        match power.checked_sub(1).and_then(|i| POWERS.get(i)) {
            Some(p) => self.0.t1(&format!("analytics-chart-tick-{p}"), "n", n.as_str()),
            None => n,
        }
    }

    fn heading(&self, g: Granularity) -> String {
        self.0.t(&format!("analytics-overview-granularity-{}", key(g)))
    }

    fn series_heading(&self, name: &str, unit: &str) -> String {
        self.0
            .t2("analytics-chart-series-unit", "name", name, "unit", unit)
    }

    fn period(&self, g: Granularity, first: NaiveDate) -> String {
        match g {
            Granularity::Day => dates::date(first),
            Granularity::Week => self.0.t1("analytics-chart-week-of", "date", dates::date(first)),
            Granularity::Month => dates::month_label(self.0.lang, first.year(), first.month()),
        }
    }

    fn bar_period(&self, g: Granularity, bucket: &Bucket) -> String {
        self.0.t_args(
            "analytics-chart-bar-period",
            &[
                ("period", self.period(g, bucket.local).into()),
                ("start", self.0.datetime(bucket.start).into()),
                ("end", self.0.datetime(bucket.end).into()),
            ],
        )
    }

    fn axis(&self, g: Granularity, first: NaiveDate) -> String {
        match g {
            Granularity::Day | Granularity::Week => dates::day_label(self.0.lang, first),
            Granularity::Month => dates::month_label(self.0.lang, first.year(), first.month()),
        }
    }

    fn when(&self, g: Granularity, first: NaiveDate) -> String {
        let id = match g {
            Granularity::Day => "analytics-chart-on-day",
            Granularity::Week | Granularity::Month => "analytics-chart-in-period",
        };
        self.0.t1(id, "period", self.period(g, first))
    }

    fn names(&self, names: &[&str]) -> String {
        let comma = match self.0.lang {
            Lang::ZhCn => "、",
            Lang::En | Lang::Fr | Lang::Hi => ", ",
        };
        match names {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [rest @ .., last] => self.0.t2(
                "analytics-chart-names-and",
                "rest",
                rest.join(comma),
                "last",
                *last,
            ),
        }
    }

    fn title(&self, names: &str, g: Granularity, first: NaiveDate, last: NaiveDate) -> String {
        self.0.t_args(
            &format!("analytics-chart-title-{}", key(g)),
            &[
                ("names", names.into()),
                ("from", dates::date(first).into()),
                ("to", dates::date(last).into()),
            ],
        )
    }

    fn no_periods(&self) -> String {
        self.0.t("analytics-chart-no-periods")
    }

    fn zero_every(&self, g: Granularity, quantity: &str) -> String {
        self.0.t1(
            &format!("analytics-chart-zero-every-{}", key(g)),
            "quantity",
            quantity,
        )
    }

    fn max(&self, quantity: &str, when: &str) -> String {
        self.0
            .t2("analytics-chart-max", "quantity", quantity, "when", when)
    }

    fn max_min(&self, quantity: &str, when: &str, min: &str, min_when: &str) -> String {
        self.0.t_args(
            "analytics-chart-max-min",
            &[
                ("quantity", quantity.into()),
                ("when", when.into()),
                ("min", min.into()),
                ("min-when", min_when.into()),
            ],
        )
    }

    fn series_facts(&self, name: &str, facts: &str) -> String {
        self.0
            .t2("analytics-chart-series-facts", "name", name, "facts", facts)
    }

    fn sentence(&self, facts: &str) -> String {
        self.0.t1("analytics-chart-sentence", "facts", facts)
    }

    fn summary(&self, title: &str, facts: &str) -> String {
        self.0
            .t2("analytics-chart-summary", "title", title, "facts", facts)
    }

    fn bar(&self, name: &str, period: &str, value: &str, unit: &str) -> String {
        let mut args = vec![
            ("name", name.into()),
            ("period", period.into()),
            ("value", value.into()),
        ];
        let id = if unit.is_empty() {
            "analytics-chart-bar"
        } else {
            args.push(("unit", unit.into()));
            "analytics-chart-bar-unit"
        };
        self.0.t_args(id, &args)
    }
}

#[cfg(test)]
mod tests {
    use chrono_tz::Tz;

    use super::*;
    use crate::analytics::chart::{ChartInput, Series, render_in, table_headings_in, table_in};

    fn locale(lang: Lang, tz: Tz) -> Locale {
        Locale::new(crate::i18n::shared_catalog(), lang, tz)
    }

    fn september_in_kolkata() -> ChartInput {
        let tz = Tz::Asia__Kolkata;
        let day = |d| crate::tz::start_of_local_day(NaiveDate::from_ymd_opt(2024, 9, d).unwrap(), tz);
        ChartInput {
            granularity: Granularity::Day,
            tz,
            from: day(1),
            to: day(4),
            series: vec![Series {
                meter_id: "m".into(),
                name: "API".into(),
                unit: "calls".into(),
                colour: None,
                points: vec![(day(2), Decimal::new(1_234_567, 0))],
            }],
        }
    }

    #[test]
    fn hover_titles_run_between_local_instants_with_their_offset() {
        let hi = locale(Lang::Hi, Tz::Asia__Kolkata);
        let chart = render_in(&september_in_kolkata(), &ChartWords(&hi));
        let svg = &chart.panels[0].svg;
        assert!(
            svg.contains("2024-09-02 00:00 +05:30") && svg.contains("2024-09-03 00:00 +05:30"),
            "{svg}"
        );
        assert!(svg.contains("12,34,567"), "Indian grouping: {svg}");
        assert!(svg.contains("2 सित॰"), "Hindi axis label: {svg}");
        assert!(!svg.contains("UTC"));
    }

    #[test]
    fn every_text_is_the_languages() {
        let input = september_in_kolkata();
        for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
            let l = locale(lang, Tz::Asia__Kolkata);
            let words = ChartWords(&l);
            let chart = render_in(&input, &words);
            let p = &chart.panels[0];
            for english in ["per day", " to ", "max ", "Max ", "on 2024", "week of", "Day"] {
                assert!(!p.svg.contains(english), "{lang:?} {english}: {}", p.svg);
                assert!(!p.summary.contains(english), "{lang:?} {english}: {}", p.summary);
            }
            let headings = table_headings_in(&input, &words);
            assert_ne!(headings[0], "Day");
            assert_eq!(table_in(&input, &words).len(), 3);
        }
        let zh = locale(Lang::ZhCn, Tz::Asia__Kolkata);
        assert_eq!(ChartWords(&zh).names(&["A", "B", "C"]), "A、B 和 C");
        assert_eq!(ChartWords(&zh).tick(Decimal::new(12_500, 0)), "12.5千");
    }
}
