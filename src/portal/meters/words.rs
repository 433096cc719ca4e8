//! A meter's definition in the operator's language: the aggregation, the filter and the status
//! in words (the domain's `aggregation_words` / `describe` stay English for the API).

use crate::metering::filter::{Clause, Conjunction, Filter, Operator, show_key};
use crate::metering::{Aggregation, AggregationKind};
use crate::meters::model::Meter;
use crate::web::locale::{Locale, escape_html};

/// "sum of tokens", "somme de tokens"…
pub fn aggregation(loc: &Locale, a: &Aggregation) -> String {
    let id = match a.kind() {
        AggregationKind::Count => return loc.t("meters-aggregation-words-count"),
        AggregationKind::Sum => "meters-aggregation-words-sum",
        AggregationKind::Max => "meters-aggregation-words-max",
        AggregationKind::Min => "meters-aggregation-words-min",
        AggregationKind::Avg => "meters-aggregation-words-avg",
        AggregationKind::Last => "meters-aggregation-words-last",
        AggregationKind::UniqueCount => "meters-aggregation-words-unique-count",
    };
    loc.t1(id, "key", a.key().unwrap_or_default())
}

/// The aggregation words with a capital first letter (where the language has capitals).
pub fn aggregation_capitalised(loc: &Locale, a: &Aggregation) -> String {
    let words = aggregation(loc, a);
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The comparator in words.
pub fn operator(loc: &Locale, op: Operator) -> String {
    loc.t(match op {
        Operator::Equals => "meters-operator-equals",
        Operator::NotEquals => "meters-operator-not-equals",
        Operator::GreaterThan => "meters-operator-greater-than",
        Operator::GreaterThanOrEquals => "meters-operator-greater-than-or-equals",
        Operator::LessThan => "meters-operator-less-than",
        Operator::LessThanOrEquals => "meters-operator-less-than-or-equals",
        Operator::Contains => "meters-operator-contains",
        Operator::DoesNotContain => "meters-operator-does-not-contain",
    })
}

/// The filter in words, like `Filter::describe` but in `loc`'s language.
pub fn filter(loc: &Locale, f: &Filter) -> String {
    let mut out = String::new();
    filter_into(loc, f, &mut out);
    out
}

fn filter_into(loc: &Locale, f: &Filter, out: &mut String) {
    let keyword = loc.t(match f.conjunction {
        Conjunction::And => "meters-filter-keyword-and",
        Conjunction::Or => "meters-filter-keyword-or",
    });
    for (i, clause) in f.clauses.iter().enumerate() {
        if i > 0 {
            out.push(' ');
            out.push_str(&keyword);
            out.push(' ');
        }
        match clause {
            Clause::Condition(c) => out.push_str(&loc.t_args(
                "meters-filter-condition",
                &[
                    ("key", show_key(&c.key).as_ref().into()),
                    ("operator", operator(loc, c.operator).as_str().into()),
                    ("value", c.value.display().as_str().into()),
                ],
            )),
            Clause::Group(g) => {
                out.push('(');
                filter_into(loc, g, out);
                out.push(')');
            }
        }
    }
}

/// A meter's filter in words, if it has one.
pub fn meter_filter(loc: &Locale, m: &Meter) -> Option<String> {
    m.filter.as_ref().map(|f| filter(loc, f))
}

/// "active" / "archived".
pub fn status(loc: &Locale, m: &Meter) -> String {
    if m.is_active() {
        loc.t("meters-status-active")
    } else {
        loc.t("meters-status-archived")
    }
}

/// A `<time>` element: the operator's zone with its offset, the ISO instant, "… ago" on hover.
pub fn time_html(loc: &Locale, t: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "<time datetime=\"{}\" title=\"{}\">{}</time>",
        escape_html(&loc.iso(t)),
        escape_html(&loc.ago(t)),
        escape_html(&loc.datetime(t))
    )
}
