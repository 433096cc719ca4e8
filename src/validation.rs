//! Validation errors for forms (shown next to each field and summarised at the top) and for
//! the API (the first one, with its field).

use rust_decimal::Decimal;

use crate::error::AppError;

/// An argument of a [`Rule`]: text shown as it is, or a number a page writes in its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleArg {
    Text(String),
    Number(Decimal),
    Count(i64),
}

/// A refusal as a code and its arguments (`up-to-not-ascending`, `previous` = 1000), beside
/// its English message: the portal says it in the operator's language, the API keeps the
/// English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub args: Vec<(&'static str, RuleArg)>,
}

impl Rule {
    pub fn new(code: &'static str) -> Rule {
        Rule {
            code,
            args: Vec::new(),
        }
    }

    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Rule {
        self.args.push((name, RuleArg::Text(value.into())));
        self
    }

    pub fn number(mut self, name: &'static str, value: Decimal) -> Rule {
        self.args.push((name, RuleArg::Number(value)));
        self
    }

    pub fn count(mut self, name: &'static str, value: usize) -> Rule {
        self.args
            .push((name, RuleArg::Count(i64::try_from(value).unwrap_or(i64::MAX))));
        self
    }
}

/// Field → message, in the order the fields were checked, with the [`Rule`] of the messages
/// that have one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(String, String)>, Vec<(String, Rule)>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push((field.into(), message.into()));
    }

    /// A message with its rule.
    pub fn add_rule(&mut self, field: impl Into<String>, message: impl Into<String>, rule: Rule) {
        let field = field.into();
        self.1.push((field.clone(), rule));
        self.0.push((field, message.into()));
    }

    /// The rule of this field's message, if it has one.
    pub fn rule(&self, field: &str) -> Option<&Rule> {
        self.1.iter().find(|(f, _)| f == field).map(|(_, r)| r)
    }

    /// The same fields with their messages reworded by `word(field, message, rule)`.
    pub fn reworded(&self, word: impl Fn(&str, &str, Option<&Rule>) -> String) -> FieldErrors {
        let mut out = FieldErrors::new();
        for (field, message) in &self.0 {
            out.add(field.clone(), word(field, message, self.rule(field)));
        }
        out
    }

    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut e = Self::new();
        e.add(field, message);
        e
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(String, String)> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was added.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        match e.0.into_iter().next() {
            Some((field, message)) => AppError::Validation { field, message },
            None => AppError::BadRequest("The input is not valid.".into()),
        }
    }
}

/// A required, trimmed text of 1..=max characters.
pub fn required_text(errors: &mut FieldErrors, field: &str, value: &str, what: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        errors.add_rule(field, format!("Enter {what}."), Rule::new("required"));
    } else if v.chars().count() > max {
        errors.add_rule(
            field,
            format!("Use at most {max} characters."),
            Rule::new("too-long").count("max", max),
        );
    } else if let Err(e) = crate::text::identifier(v) {
        errors.add_rule(field, format!("This {}.", e.message()), Rule::new("text-invalid"));
    }
    v.to_string()
}

/// An optional, trimmed text of at most `max` characters.
pub fn optional_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.add_rule(
            field,
            format!("Use at most {max} characters."),
            Rule::new("too-long").count("max", max),
        );
    } else if let Err(e) = crate::text::prose(v) {
        errors.add_rule(field, format!("This {}.", e.message()), Rule::new("text-invalid"));
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_and_converts_to_the_first_error() {
        let mut e = FieldErrors::new();
        let name = required_text(&mut e, "name", "  ", "a name", 10);
        assert_eq!(name, "");
        required_text(&mut e, "email", "x".repeat(11).as_str(), "an email", 10);
        assert_eq!(e.get("name"), Some("Enter a name."));
        assert_eq!(e.get("email"), Some("Use at most 10 characters."));
        match AppError::from(e) {
            AppError::Validation { field, .. } => assert_eq!(field, "name"),
            other => panic!("{other:?}"),
        }
    }
}

/// Why a create or update from a form or the API did not happen: input to correct (shown
/// next to the fields, 422), or another failure.
#[derive(Debug)]
pub enum InputError {
    Invalid(FieldErrors),
    Other(AppError),
}

impl From<FieldErrors> for InputError {
    fn from(e: FieldErrors) -> Self {
        InputError::Invalid(e)
    }
}

impl From<AppError> for InputError {
    fn from(e: AppError) -> Self {
        InputError::Other(e)
    }
}

impl From<diesel::result::Error> for InputError {
    fn from(e: diesel::result::Error) -> Self {
        InputError::Other(e.into())
    }
}

impl From<InputError> for AppError {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Invalid(f) => f.into(),
            InputError::Other(e) => e,
        }
    }
}
