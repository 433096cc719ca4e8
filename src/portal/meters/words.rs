//! A meter's definition in the operator's language: the aggregation, the filter and the status
//! in words (the domain's `aggregation_words` / `describe` stay English for the API).

use crate::metering::filter::{
    Clause, Condition, Conjunction, ExplainNode, Filter, Operator, Reason, Relation, show_key,
};
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
            Clause::Condition(c) => out.push_str(&condition(loc, c)),
            Clause::Group(g) => {
                out.push('(');
                filter_into(loc, g, out);
                out.push(')');
            }
        }
    }
}

/// One condition in words (`tier equals "pro"`).
pub fn condition(loc: &Locale, c: &Condition) -> String {
    loc.t_args(
        "meters-filter-condition",
        &[
            ("key", show_key(&c.key).as_ref().into()),
            ("operator", operator(loc, c.operator).as_str().into()),
            ("value", c.value.display().as_str().into()),
        ],
    )
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

/// An explanation's node in words: a condition as [`filter`] words it, or `ALL of` / `ANY of`.
pub fn explain_text(loc: &Locale, node: &ExplainNode) -> String {
    match (&node.condition, node.conjunction) {
        (Some(c), _) => condition(loc, c),
        (None, Some(Conjunction::Or)) => loc.t("meters-explain-any-of"),
        (None, _) => loc.t("meters-explain-all-of"),
    }
}

/// Why a node of an explanation held or not (`Reason`'s English `to_string`, in `loc`'s words).
pub fn explain_reason(loc: &Locale, node: &ExplainNode) -> String {
    reason(loc, &node.reason)
}

/// A [`Reason`] in `loc`'s words.
pub fn reason(loc: &Locale, r: &Reason) -> String {
    match r {
        Reason::Group {
            conjunction,
            holding,
            total,
        } => {
            let id = match conjunction {
                Conjunction::And => "meters-explain-group-all",
                Conjunction::Or => "meters-explain-group-any",
            };
            let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
            loc.t2(id, "holding", n(*holding), "total", n(*total))
        }
        Reason::KeyMissing { key } => loc.t1("meters-explain-key-missing", "key", key.as_str()),
        Reason::KeyNull { key } => loc.t1("meters-explain-key-null", "key", key.as_str()),
        Reason::KeyHoldsList { key } => loc.t2(
            "meters-explain-key-holds",
            "key",
            key.as_str(),
            "value",
            loc.t("meters-value-a-list"),
        ),
        Reason::KeyHoldsObject { key } => loc.t2(
            "meters-explain-key-holds",
            "key",
            key.as_str(),
            "value",
            loc.t("meters-value-an-object"),
        ),
        Reason::FilterNotNumber { filter } => {
            loc.t1("meters-explain-filter-not-number", "filter", filter.as_str())
        }
        Reason::NotNumber { value } => loc.t1("meters-explain-not-number", "value", value.as_str()),
        Reason::Compared {
            value,
            relation,
            filter,
        } => loc.t2(
            relation_id(*relation),
            "value",
            value.as_str(),
            "filter",
            filter.as_str(),
        ),
    }
}

/// The catalogue id of a comparison's outcome.
pub fn relation_id(r: Relation) -> &'static str {
    match r {
        Relation::Equals => "meters-explain-equals",
        Relation::NotEqual => "meters-explain-not-equal",
        Relation::EqualsAsNumbers => "meters-explain-equals-as-numbers",
        Relation::NotEqualAsNumbers => "meters-explain-not-equal-as-numbers",
        Relation::Greater => "meters-explain-greater",
        Relation::NotGreater => "meters-explain-not-greater",
        Relation::GreaterOrEqual => "meters-explain-greater-or-equal",
        Relation::Less => "meters-explain-less",
        Relation::NotLess => "meters-explain-not-less",
        Relation::LessOrEqual => "meters-explain-less-or-equal",
        Relation::Contains => "meters-explain-contains",
        Relation::NotContains => "meters-explain-not-contains",
        Relation::NotEqualCaseDiffers => "meters-explain-case-differs",
        Relation::NotContainsCaseDiffers => "meters-explain-not-contains-case-differs",
    }
}
