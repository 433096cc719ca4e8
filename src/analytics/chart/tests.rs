//! Tests of the meter quantity chart: scale, buckets, panels and the markup contract.

use std::str::FromStr;

use chrono::TimeZone;
use proptest::prelude::*;

use super::*;

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn series(id: &str, name: &str, unit: &str, points: &[(DateTime<Utc>, &str)]) -> Series {
    Series {
        meter_id: id.into(),
        name: name.into(),
        unit: unit.into(),
        colour: None,
        points: points.iter().map(|(t, v)| (*t, d(v))).collect(),
    }
}

fn september(granularity: Granularity, series: Vec<Series>) -> ChartInput {
    ChartInput {
        granularity,
        from: at(2024, 9, 1),
        to: at(2024, 10, 1),
        series,
    }
}

fn marks(svg: &str) -> usize {
    svg.matches(r#"class="mark""#).count()
}

/// The values of an attribute on every mark, in document order.
fn mark_attr(svg: &str, attr: &str) -> Vec<String> {
    svg.split(r#"<rect class="mark""#)
        .skip(1)
        .map(|m| {
            let start = m.find(&format!(r#" {attr}=""#)).unwrap() + attr.len() + 3;
            m[start..start + m[start..].find('"').unwrap()].to_owned()
        })
        .collect()
}

fn api_calls() -> Series {
    series(
        "api_calls",
        "API calls",
        "calls",
        &[
            (at(2024, 9, 2), "10"),
            (at(2024, 9, 17), "1234"),
            (at(2024, 9, 23), "7.5"),
        ],
    )
}

#[test]
fn one_mark_per_day_including_zero_days() {
    let chart = render(&september(Granularity::Day, vec![api_calls()]));
    assert_eq!(chart.panels.len(), 1);
    assert_eq!(marks(&chart.svg), 30);
    assert_eq!(chart.panels[0].marks, 30);
    let buckets = mark_attr(&chart.svg, "data-bucket");
    assert_eq!(buckets.first().map(String::as_str), Some("2024-09-01"));
    assert_eq!(buckets.last().map(String::as_str), Some("2024-09-30"));
    let values = mark_attr(&chart.svg, "data-value");
    assert_eq!(values.iter().filter(|v| *v == "0").count(), 27);
    assert_eq!(values[16], "1234");
    assert_eq!(values[22], "7.5");
    assert!(
        mark_attr(&chart.svg, "data-series")
            .iter()
            .all(|s| s == "api_calls")
    );
}

#[test]
fn one_mark_per_week_and_per_month() {
    // September 2024 starts on a Sunday: weeks of Aug 26, Sep 2, 9, 16, 23, 30.
    let chart = render(&september(Granularity::Week, vec![api_calls()]));
    assert_eq!(marks(&chart.svg), 6);
    assert_eq!(mark_attr(&chart.svg, "data-bucket")[0], "2024-08-26");
    assert_eq!(
        mark_attr(&chart.svg, "data-value"),
        ["0", "10", "0", "1234", "7.5", "0"]
    );
    let chart = render(&september(Granularity::Month, vec![api_calls()]));
    assert_eq!(marks(&chart.svg), 1);
    // A point anywhere in the month lands in its bucket.
    let input = ChartInput {
        granularity: Granularity::Month,
        from: at(2024, 9, 10),
        to: at(2024, 10, 10),
        series: vec![series("m", "M", "u", &[(at(2024, 10, 1), "5")])],
    };
    let chart = render(&input);
    assert_eq!(marks(&chart.svg), 2);
    assert_eq!(mark_attr(&chart.svg, "data-value"), ["0", "5"]);
    assert!(chart.svg.contains("M · October 2024 · 5 u"));
}

#[test]
fn marks_change_with_granularity_for_the_same_data() {
    let mk = |g| ChartInput {
        granularity: g,
        from: at(2024, 7, 1),
        to: at(2024, 10, 1),
        series: vec![api_calls()],
    };
    assert_eq!(marks(&render(&mk(Granularity::Day)).svg), 92);
    assert_eq!(marks(&render(&mk(Granularity::Week)).svg), 14);
    assert_eq!(marks(&render(&mk(Granularity::Month)).svg), 3);
}

#[test]
fn points_outside_the_range_are_ignored_and_later_duplicates_win() {
    let s = series(
        "a",
        "A",
        "u",
        &[
            (at(2024, 8, 31), "99"),
            (at(2024, 10, 1), "99"),
            (at(2024, 9, 5), "1"),
            (at(2024, 9, 5), "2"),
        ],
    );
    let chart = render(&september(Granularity::Day, vec![s]));
    let values = mark_attr(&chart.svg, "data-value");
    assert_eq!(values.len(), 30);
    assert_eq!(values.iter().filter(|v| *v != "0").collect::<Vec<_>>(), ["2"]);
}

#[test]
fn two_units_make_two_panels() {
    let storage = series("storage", "Storage", "GB", &[(at(2024, 9, 3), "0.25")]);
    let chart = render(&september(Granularity::Day, vec![api_calls(), storage]));
    assert_eq!(chart.panels.len(), 2);
    assert_eq!(chart.svg.matches("<svg ").count(), 2);
    assert_eq!(
        (chart.panels[0].unit.as_str(), chart.panels[1].unit.as_str()),
        ("calls", "GB")
    );
    assert_eq!(chart.panels[0].series, ["api_calls"]);
    assert_eq!(chart.panels[1].series, ["storage"]);
    // Each panel has its own axis, scaled to its own data.
    assert_eq!(chart.panels[0].ticks.max, d("1250"));
    assert_eq!(chart.panels[1].ticks.max, d("0.25"));
    assert_eq!(marks(&chart.panels[0].svg), 30);
    assert_eq!(marks(&chart.panels[1].svg), 30);
    assert!(
        chart.panels[1]
            .svg
            .contains(r#"aria-labelledby="meter-chart-1-title meter-chart-1-desc""#)
    );
    assert!(
        chart.panels[1]
            .svg
            .contains(r#"<title id="meter-chart-1-title">Storage per day"#)
    );
    // The second series keeps its own colour class in its own panel.
    assert!(
        chart.panels[1]
            .svg
            .contains(r#"<g class="series series-1" data-series="storage""#)
    );
}

#[test]
fn same_unit_shares_one_panel_with_two_series() {
    let search = series("search", "Search calls", "calls", &[(at(2024, 9, 17), "40")]);
    let chart = render(&september(Granularity::Day, vec![api_calls(), search]));
    assert_eq!(chart.panels.len(), 1);
    let p = &chart.panels[0];
    assert_eq!(p.series, ["api_calls", "search"]);
    assert_eq!(marks(&p.svg), 60);
    assert!(
        p.svg
            .contains(r#"<g class="series series-0" data-series="api_calls""#)
    );
    assert!(
        p.svg
            .contains(r#"<g class="series series-1" data-series="search""#)
    );
    assert_eq!(p.svg.matches(r#"class="legend-item""#).count(), 2);
    assert!(p.svg.contains(">API calls</text>") && p.svg.contains(">Search calls</text>"));
    assert_eq!(
        p.title,
        "API calls and Search calls per day, 2024-09-01 to 2024-09-30"
    );
    assert_eq!(
        p.desc,
        "API calls: max 1,234 calls on 2024-09-17; Search calls: max 40 calls on 2024-09-17."
    );
    // Side by side: the two bars of a bucket do not start at the same x.
    let xs = mark_attr(&p.svg, "x");
    assert_ne!(xs[16], xs[30 + 16]);
}

#[test]
fn series_slots_cycle_through_eight_classes() {
    let many: Vec<Series> = (0..10)
        .map(|i| series(&format!("m{i}"), &format!("M{i}"), "u", &[]))
        .collect();
    let chart = render(&september(Granularity::Month, many));
    assert!(chart.svg.contains(r#"class="series series-7" data-series="m7""#));
    assert!(chart.svg.contains(r#"class="series series-0" data-series="m8""#));
    assert!(chart.svg.contains(r#"class="series series-1" data-series="m9""#));
}

#[test]
fn a_series_with_its_own_colour_keeps_it_whatever_else_is_charted() {
    let mut search = series("search", "Search calls", "calls", &[(at(2024, 9, 17), "40")]);
    search.colour = Some(5);
    let alone = render(&september(Granularity::Day, vec![search.clone()]));
    let with_another = render(&september(Granularity::Day, vec![api_calls(), search]));
    for chart in [&alone, &with_another] {
        assert!(
            chart
                .svg
                .contains(r#"<g class="series series-5" data-series="search""#)
        );
        assert!(chart.svg.contains(r#"class="swatch series-5""#));
    }
    // Without one, the position in the input decides.
    assert!(
        with_another
            .svg
            .contains(r#"<g class="series series-0" data-series="api_calls""#)
    );
}

#[test]
fn hostile_names_are_escaped() {
    let evil = series(
        r#"m"><script>"#,
        r#"<script>alert("x")</script> & co"#,
        r#"<b>"u"</b>"#,
        &[(at(2024, 9, 1), "1")],
    );
    let chart = render(&september(Granularity::Month, vec![evil]));
    let svg = &chart.svg;
    assert!(!svg.contains("<script"), "{svg}");
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co"));
    assert!(svg.contains(r#"data-series="m&quot;&gt;&lt;script&gt;""#));
    assert!(svg.contains(r#"data-unit="&lt;b&gt;&quot;u&quot;&lt;/b&gt;""#));
    // Every quote inside a tag is an attribute delimiter: an even count per tag.
    for tag in svg.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap();
        assert_eq!(tag.matches('"').count() % 2, 0, "{tag}");
    }
}

#[test]
fn titles_carry_exact_values_with_units() {
    let s = series(
        "api_calls",
        "API calls",
        "calls",
        &[(at(2024, 9, 23), "1234"), (at(2024, 9, 24), "1234567.000125")],
    );
    let chart = render(&september(Granularity::Day, vec![s.clone()]));
    assert!(
        chart
            .svg
            .contains("<title>API calls · 2024-09-23 · 1,234 calls</title>")
    );
    assert!(
        chart
            .svg
            .contains("<title>API calls · 2024-09-24 · 1,234,567.000125 calls</title>")
    );
    assert!(
        chart
            .svg
            .contains("<title>API calls · 2024-09-01 · 0 calls</title>")
    );
    let weekly = render(&september(Granularity::Week, vec![api_calls()]));
    assert!(
        weekly
            .svg
            .contains("<title>API calls · week of 2024-09-23 · 7.5 calls</title>")
    );
    let monthly = render(&september(Granularity::Month, vec![s]));
    assert!(monthly.svg.contains("<title>API calls · September 2024 · "));
    // No unit: no dangling space.
    let bare = render(&september(
        Granularity::Month,
        vec![series("x", "X", "", &[(at(2024, 9, 1), "3")])],
    ));
    assert!(bare.svg.contains("<title>X · September 2024 · 3</title>"));
    assert!(!bare.svg.contains("axis-unit"));
}

#[test]
fn accessible_summary() {
    let chart = render(&september(Granularity::Day, vec![api_calls()]));
    let p = &chart.panels[0];
    assert_eq!(p.title, "API calls per day, 2024-09-01 to 2024-09-30");
    assert_eq!(p.desc, "Max 1,234 calls on 2024-09-17.");
    assert_eq!(
        p.summary,
        "API calls per day, 2024-09-01 to 2024-09-30; max 1,234 calls on 2024-09-17"
    );
    assert!(p.svg.starts_with("<svg "));
    assert!(p.svg.contains(r#"role="img""#));
    assert!(
        p.svg
            .contains(r#"aria-labelledby="meter-chart-0-title meter-chart-0-desc""#)
    );
    assert!(
        p.svg
            .contains(r#"<desc id="meter-chart-0-desc">Max 1,234 calls on 2024-09-17.</desc>"#)
    );
    assert!(p.svg.contains(r#"width="100%""#) && p.svg.contains(r#"viewBox="0 0 800 "#));

    let weekly = render(&september(Granularity::Week, vec![api_calls()]));
    assert_eq!(weekly.panels[0].desc, "Max 1,234 calls in week of 2024-09-16.");
    let zero = render(&september(Granularity::Month, vec![series("z", "Z", "GB", &[])]));
    assert_eq!(zero.panels[0].desc, "0 GB in every month.");
    let negative = render(&september(
        Granularity::Day,
        vec![series(
            "n",
            "Net",
            "kWh",
            &[(at(2024, 9, 2), "-3"), (at(2024, 9, 4), "2")],
        )],
    ));
    assert_eq!(
        negative.panels[0].desc,
        "Max 2 kWh on 2024-09-04, min -3 kWh on 2024-09-02."
    );
    let empty = render(&ChartInput {
        to: at(2024, 9, 1),
        ..september(Granularity::Day, vec![api_calls()])
    });
    assert_eq!(empty.panels[0].desc, "No periods in the range.");
    assert_eq!(marks(&empty.svg), 0);
}

#[test]
fn series_names_keep_their_case_in_summaries() {
    let a = series("a", "api calls", "calls", &[(at(2024, 9, 2), "3")]);
    let b = series("b", "Batch jobs", "calls", &[]);
    let chart = render(&september(Granularity::Day, vec![a.clone(), b]));
    let p = &chart.panels[0];
    assert_eq!(
        p.desc,
        "api calls: max 3 calls on 2024-09-02; Batch jobs: 0 calls in every day."
    );
    assert_eq!(
        p.summary,
        "api calls and Batch jobs per day, 2024-09-01 to 2024-09-30; \
         api calls: max 3 calls on 2024-09-02; Batch jobs: 0 calls in every day"
    );
    let alone = render(&september(Granularity::Day, vec![a]));
    assert_eq!(alone.panels[0].desc, "Max 3 calls on 2024-09-02.");
}

#[test]
fn axes_scale_to_each_panel_and_use_compact_labels() {
    let chart = render(&september(Granularity::Day, vec![api_calls()]));
    let p = &chart.panels[0];
    assert_eq!(p.ticks.values.len(), 6);
    let y_labels = p
        .svg
        .split(r#"class="tick-labels y-labels""#)
        .nth(1)
        .unwrap()
        .split("</g>")
        .next()
        .unwrap();
    for label in ["0", "250", "500", "750", "1k", "1.25k"] {
        assert!(y_labels.contains(&format!(">{label}</text>")), "{label}");
    }
    // All zero: a 0–1 axis.
    let zero = render(&september(Granularity::Day, vec![series("z", "Z", "u", &[])]));
    assert_eq!(zero.panels[0].ticks.max, Decimal::ONE);
    assert_eq!(zero.panels[0].ticks.min, Decimal::ZERO);
    // Small values get a fine axis, so small changes show.
    let small = render(&september(
        Granularity::Day,
        vec![series("s", "S", "GB", &[(at(2024, 9, 1), "0.003")])],
    ));
    assert_eq!(small.panels[0].ticks.max, d("0.003"));
}

#[test]
fn x_labels_are_at_most_ten() {
    let x_labels = |svg: &str| {
        let section = svg.split(r#"class="tick-labels x-labels""#).nth(1).unwrap();
        section.matches("<text ").count()
    };
    let ninety = ChartInput {
        granularity: Granularity::Day,
        from: at(2024, 7, 3),
        to: at(2024, 10, 1),
        series: vec![api_calls()],
    };
    let chart = render(&ninety);
    assert_eq!(marks(&chart.svg), 90);
    assert_eq!(x_labels(&chart.svg), 10);
    assert!(chart.svg.contains(">Jul 3</text>"));
    let sept = render(&september(Granularity::Day, vec![api_calls()]));
    assert_eq!(x_labels(&sept.svg), 10);
    let year = ChartInput {
        granularity: Granularity::Month,
        from: at(2023, 10, 1),
        ..ninety
    };
    let chart = render(&year);
    assert_eq!(marks(&chart.svg), 12);
    assert_eq!(x_labels(&chart.svg), 6, "every second month");
    assert!(chart.svg.contains(">Oct 2023</text>") && chart.svg.contains(">Dec 2023</text>"));
    let weeks = render(&september(Granularity::Week, vec![api_calls()]));
    assert_eq!(x_labels(&weeks.svg), 6, "every week when few");
    assert!(weeks.svg.contains(">Aug 26</text>"));
}

#[test]
fn csp_safe_and_deterministic() {
    let input = september(
        Granularity::Day,
        vec![
            api_calls(),
            series("gb", "Storage", "GB", &[(at(2024, 9, 9), "2.5")]),
        ],
    );
    let a = render(&input);
    assert_eq!(a, render(&input));
    assert!(!a.svg.contains("style"), "no style attribute or element");
    assert!(!a.svg.contains("<script") && !a.svg.contains("href"));
    assert_eq!(
        a.svg,
        a.panels
            .iter()
            .map(|p| p.svg.clone())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn no_series_no_panels() {
    let chart = render(&september(Granularity::Day, vec![]));
    assert!(chart.panels.is_empty());
    assert_eq!(chart.svg, "");
}

#[test]
fn table_rows_match_the_marks() {
    let storage = series("storage", "Storage", "GB", &[(at(2024, 9, 3), "0.25")]);
    let input = september(Granularity::Day, vec![api_calls(), storage]);
    let rows = table(&input);
    assert_eq!(rows.len(), 30);
    assert_eq!(rows[0].period, "2024-09-01");
    assert_eq!(rows[2].values, ["0", "0.25"]);
    assert_eq!(rows[16].values, ["1,234", "0"]);
    assert_eq!(
        table_headings(&input),
        ["Day", "API calls (calls)", "Storage (GB)"]
    );
    let weekly = table(&september(Granularity::Week, vec![api_calls()]));
    assert_eq!(weekly[3].period, "week of 2024-09-16");
    assert_eq!(weekly[3].values, ["1,234"]);
    let monthly = september(Granularity::Month, vec![api_calls()]);
    assert_eq!(table(&monthly)[0].period, "September 2024");
    assert_eq!(table_headings(&monthly)[0], "Month");
}

#[test]
fn bars_sit_on_the_baseline_and_grow_with_the_value() {
    let chart = render(&september(Granularity::Day, vec![api_calls()]));
    let heights: Vec<f64> = mark_attr(&chart.svg, "height")
        .iter()
        .map(|h| h.parse().unwrap())
        .collect();
    assert_eq!(heights[0], 1.0, "a zero day is a 1-unit stub");
    assert!(heights[16] > heights[1] && heights[1] > heights[22]);
    // 1,234 of an axis to 1,250, over a 160-unit plot.
    assert!((heights[16] - 1234.0 / 1250.0 * 160.0).abs() < 0.01);
}

proptest! {
    #[test]
    fn always_one_mark_per_bucket_per_series(
        g in 0usize..3,
        start in 1_600_000_000i64..1_800_000_000,
        days in 0i64..200,
        n in 1usize..4,
        values in proptest::collection::vec(-1_000_000i64..1_000_000, 0..50),
    ) {
        let g = Granularity::ALL[g];
        let from = DateTime::from_timestamp(start, 0).unwrap();
        let to = from + TimeDelta::days(days);
        let series: Vec<Series> = (0..n)
            .map(|k| Series {
                meter_id: format!("m{k}"),
                name: format!("Meter {k}"),
                unit: if k == 2 { "GB".into() } else { "calls".into() },
                colour: None,
                points: values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (from + TimeDelta::hours(i as i64 * 37), Decimal::new(*v, 2)))
                    .collect(),
            })
            .collect();
        let input = ChartInput { granularity: g, from, to, series };
        let chart = render(&input);
        let count = bucket_count(g, from, to);
        prop_assert_eq!(marks(&chart.svg), count * n);
        prop_assert_eq!(chart.panels.len(), if n == 3 { 2 } else { 1 });
        prop_assert_eq!(table(&input).len(), count);
        for p in &chart.panels {
            let t = &p.ticks;
            prop_assert!((4..=6).contains(&t.values.len()));
            for v in mark_attr(&p.svg, "data-value") {
                let v = Decimal::from_str(&v).unwrap();
                prop_assert!(t.min <= v && v <= t.max);
            }
        }
    }
}
