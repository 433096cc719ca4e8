//! The posted meter form: plain fields, the filter builder's draft, and which button was used.

use super::builder::{self, Action, Node};
use super::words;
use crate::metering::filter::{FilterProblem, MAX_CLAUSES, MAX_DEPTH, MAX_KEY_CHARS, MAX_TEXT_VALUE_CHARS};
use crate::metering::{Aggregation, AggregationError, AggregationKind, Filter};
use crate::meters::model::{FORM_FIELDS, Meter, MeterFields, ValidMeter};
use crate::text::{TextError, TextKind};
use crate::validation::FieldErrors;
use crate::web::locale::Locale;

#[derive(Debug, Clone)]
pub struct MeterForm {
    pub fields: MeterFields,
    pub filter_enabled: bool,
    pub filter: Node,
    pub action: Action,
}

impl MeterForm {
    pub fn blank() -> MeterForm {
        MeterForm {
            fields: MeterFields {
                aggregation: "count".into(),
                ..Default::default()
            },
            filter_enabled: false,
            filter: Node::new_group("and"),
            action: Action::Save,
        }
    }

    pub fn from_meter(m: &Meter) -> MeterForm {
        MeterForm {
            fields: MeterFields {
                name: m.row.name.clone(),
                description: m.row.description.clone(),
                event_name: m.row.event_name.clone(),
                aggregation: m.aggregation.kind().as_str().into(),
                aggregation_key: m.aggregation.key().unwrap_or("").into(),
                unit: m.row.unit.clone(),
            },
            filter_enabled: m.filter.is_some(),
            filter: m
                .filter
                .as_ref()
                .map(Node::from_filter)
                .unwrap_or_else(|| Node::new_group("and")),
            action: Action::Save,
        }
    }

    pub fn from_pairs(pairs: &[(String, String)]) -> MeterForm {
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let mut filter = builder::from_fields(pairs);
        if let Node::Group { children, .. } = &mut filter {
            if children.is_empty() {
                children.push(Node::empty_condition());
            }
        }
        let action = Action::parse(pairs.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()));
        // Using the builder means wanting a filter.
        let filter_enabled =
            get("filter_enabled") == "1" || !matches!(action, Action::Save | Action::Preview);
        MeterForm {
            fields: MeterFields {
                name: get("name"),
                description: get("description"),
                event_name: get("event_name"),
                aggregation: get("aggregation"),
                aggregation_key: get("aggregation_key"),
                unit: get("unit"),
            },
            filter_enabled,
            filter,
            action,
        }
    }

    /// Applies an Add / Remove button; true when the form is to be shown again, not saved.
    pub fn apply_action(&mut self) -> bool {
        if matches!(self.action, Action::Save | Action::Preview) {
            return false;
        }
        builder::apply(&mut self.filter, &self.action);
        true
    }

    /// Checks the form; each refusal is said in `loc`'s words, naming the field as the form
    /// labels it (the domain's English messages are the API's).
    pub fn validate(&self, loc: &Locale) -> Result<ValidMeter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let filter = if self.filter_enabled {
            match Filter::from_json_at(&self.filter.to_json(), "filter") {
                Ok(f) => Some(f),
                Err(e) => {
                    let field = builder::field_for_error(&e);
                    let words = builder_words(loc, &self.filter, &field, &e.problem);
                    errors.add(field, words);
                    None
                }
            }
        } else {
            None
        };
        let valid = self.fields.validate(filter, &FORM_FIELDS, &mut errors);
        match valid {
            Some(v) if errors.is_empty() => Ok(v),
            _ => Err(self.in_form_words(loc, errors)),
        }
    }

    /// The fields' refusals in `loc`'s words: the rule that refused is found again from the
    /// field's value (the domain's checks say it in English).
    fn in_form_words(&self, loc: &Locale, errors: FieldErrors) -> FieldErrors {
        let f = &self.fields;
        let mut out = FieldErrors::new();
        for (field, message) in errors.iter() {
            let words = match field.as_str() {
                "name" => text_words(loc, &f.name, 200, Some("meters-error-name-required")),
                "unit" => text_words(loc, &f.unit, 50, Some("meters-error-unit-required")),
                "description" => text_words(loc, &f.description, 2000, None),
                "event_name" if f.event_name.trim() != f.event_name && !f.event_name.trim().is_empty() => {
                    Some(loc.t("meters-error-event-name-spaces"))
                }
                "event_name" => text_words(loc, &f.event_name, 200, Some("meters-error-event-name-required")),
                "aggregation" => {
                    Some(loc.t1("meters-error-aggregation-unknown", "given", f.aggregation.trim()))
                }
                "aggregation_key" => self.property_words(loc),
                _ => None,
            };
            out.add(field.as_str(), words.unwrap_or_else(|| message.clone()));
        }
        out
    }

    /// The aggregation's refusal naming the field as the form labels it (Property), not as the
    /// API does (`sum needs a key`).
    fn property_words(&self, loc: &Locale) -> Option<String> {
        let kind = self.fields.aggregation.trim();
        let key = self.fields.aggregation_key.trim();
        match Aggregation::parse(kind, (!key.is_empty()).then_some(key)) {
            Err(AggregationError::KeyMissing(k)) => Some(loc.t1(
                "meters-error-property-missing",
                "aggregation",
                aggregation_name(loc, k),
            )),
            Err(AggregationError::KeyNotAllowed) => Some(loc.t("meters-error-property-not-allowed")),
            Err(AggregationError::KeyTooLong(n)) => Some(loc.t1(
                "meters-error-property-too-long",
                "chars",
                i64::try_from(n).unwrap_or(i64::MAX),
            )),
            Err(AggregationError::KeyHasNul) => Some(loc.t("meters-error-property-nul")),
            Err(AggregationError::UnknownKind(given)) => {
                Some(loc.t1("meters-error-aggregation-unknown", "given", given.as_str()))
            }
            Ok(_) => None,
        }
    }
}

/// Why a text field was refused (`validation::required_text` / `optional_text`'s rules).
fn text_words(loc: &Locale, raw: &str, max: usize, required: Option<&str>) -> Option<String> {
    let v = raw.trim();
    if v.is_empty() {
        return required.map(|id| loc.t(id));
    }
    if v.chars().count() > max {
        return Some(loc.t1(
            "meters-error-too-long",
            "max",
            i64::try_from(max).unwrap_or(i64::MAX),
        ));
    }
    let kind = if required.is_some() {
        TextKind::Identifier
    } else {
        TextKind::Prose
    };
    match crate::text::check(v, kind) {
        Err(TextError::Nul { at }) => Some(loc.t1("meters-error-text-nul", "at", position(at))),
        Err(TextError::Control { at, ch }) => Some(loc.t2(
            "meters-error-text-control",
            "code",
            format!("U+{:04X}", ch as u32),
            "at",
            position(at),
        )),
        Ok(()) => None,
    }
}

fn position(at: usize) -> i64 {
    i64::try_from(at + 1).unwrap_or(i64::MAX)
}

/// An aggregation as the form's select names it (its option's text before the dash).
fn aggregation_name(loc: &Locale, kind: AggregationKind) -> String {
    let option = loc.t(&format!(
        "meters-form-aggregation-{}",
        kind.as_str().replace('_', "-")
    ));
    option.split('—').next().unwrap_or_default().trim().to_owned()
}

/// A filter error in the builder's words: which condition (numbered in the order shown, with
/// its key) or group it is about, and which field (`Condition 2 (tier), Value: …`).
fn builder_words(loc: &Locale, filter: &builder::Node, field: &str, problem: &FilterProblem) -> String {
    let (path, part) = field
        .strip_prefix("f.")
        .and_then(|f| f.rsplit_once('.'))
        .unwrap_or(("0", "conj"));
    let rows = builder::rows(filter);
    let condition = rows
        .iter()
        .filter_map(|r| match r {
            builder::Row::Cond { path, key, .. } => Some((path, key)),
            _ => None,
        })
        .enumerate()
        .find(|(_, (p, _))| p.as_str() == path);
    let number = |n: usize| i64::try_from(n + 1).unwrap_or(i64::MAX);
    let which = match condition {
        Some((n, (_, key))) if key.trim().is_empty() => loc.t1("meters-error-condition", "number", number(n)),
        Some((n, (_, key))) => loc.t2(
            "meters-error-condition-key",
            "number",
            number(n),
            "key",
            key.trim(),
        ),
        None if path == "0" => loc.t("meters-error-the-filter"),
        None => {
            let group = rows
                .iter()
                .filter_map(|r| match r {
                    builder::Row::Open { path, .. } if path != "0" => Some(path),
                    _ => None,
                })
                .position(|p| p == path)
                .unwrap_or(0);
            loc.t1("meters-error-group", "number", number(group))
        }
    };
    if part == "key" && *problem == FilterProblem::KeyEmpty {
        return loc.t1("meters-error-filter-key-empty", "which", which);
    }
    let message = problem_words(loc, problem);
    let label = match part {
        "key" => "meters-builder-key-label",
        "op" => "meters-builder-comparator-label",
        "value" => "meters-builder-value-label",
        _ => return loc.t2("meters-error-filter-at", "which", which, "message", message),
    };
    loc.t_args(
        "meters-error-filter-field",
        &[
            ("which", which.into()),
            ("field", loc.t(label).into()),
            ("message", message.into()),
        ],
    )
}

/// What is wrong with the filter, in `loc`'s words.
fn problem_words(loc: &Locale, problem: &FilterProblem) -> String {
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    let digits = [
        ("int", n(crate::metering::numeric::MAX_INTEGER_DIGITS).into()),
        ("frac", n(crate::metering::numeric::MAX_FRACTION_DIGITS).into()),
    ];
    match problem {
        FilterProblem::KeyEmpty => loc.t("meters-filter-key-empty"),
        FilterProblem::KeyTooLong { chars } => loc.t2(
            "meters-filter-key-too-long",
            "chars",
            n(*chars),
            "max",
            n(MAX_KEY_CHARS),
        ),
        FilterProblem::Nul => loc.t("meters-filter-nul"),
        FilterProblem::ValueTooLong { chars } => loc.t2(
            "meters-filter-value-too-long",
            "chars",
            n(*chars),
            "max",
            n(MAX_TEXT_VALUE_CHARS),
        ),
        FilterProblem::NeedsNumber {
            operator,
            too_many_digits: None,
        } => loc.t1(
            "meters-filter-needs-number",
            "operator",
            words::operator(loc, *operator),
        ),
        FilterProblem::NeedsNumber {
            operator,
            too_many_digits: Some(value),
        } => {
            let mut args = vec![
                ("operator", words::operator(loc, *operator).into()),
                ("value", value.as_str().into()),
            ];
            args.extend(digits);
            loc.t_args("meters-filter-needs-number-too-many-digits", &args)
        }
        FilterProblem::NumberTooManyDigits { value } => {
            let mut args = vec![("value", value.as_str().into())];
            args.extend(digits);
            loc.t_args("meters-filter-number-too-many-digits", &args)
        }
        FilterProblem::TooDeep => loc.t1("meters-filter-too-deep", "max", n(MAX_DEPTH)),
        FilterProblem::GroupEmpty => loc.t1("meters-filter-group-empty", "max", n(MAX_CLAUSES)),
        FilterProblem::GroupTooMany { count } => loc.t2(
            "meters-filter-group-too-many",
            "max",
            n(MAX_CLAUSES),
            "count",
            n(*count),
        ),
        FilterProblem::UnknownOperator { given } => loc.t2(
            "meters-filter-unknown-operator",
            "given",
            given.as_str(),
            "names",
            crate::metering::Operator::api_names(),
        ),
        FilterProblem::UnknownConjunction { given } => {
            loc.t1("meters-filter-unknown-conjunction", "given", given.as_str())
        }
        FilterProblem::Shape(_) => loc.t("meters-error-filter-shape"),
    }
}
