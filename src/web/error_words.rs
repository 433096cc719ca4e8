//! What an error page says, in the page's language. The errors are written in English where
//! they happen (the API sends that English); a page maps the ones an operator can meet to the
//! catalogue (`errors.ftl`), with their arguments. A message without a translation is shown as
//! it is.

use crate::error::AppError;
use crate::web::locale::Locale;

/// The "No … with the id …" messages of each kind of object, and their catalogue ids.
const MISSING: [(&str, &str); 5] = [
    ("No meter with the id ", "errors-no-meter"),
    ("No product with the id ", "errors-no-product"),
    ("No customer with the id ", "errors-no-customer"),
    ("No subscription with the id ", "errors-no-subscription"),
    ("No statement with the id ", "errors-no-statement"),
];

/// Messages said word for word, and their catalogue ids.
const KNOWN: [(&str, &str); 7] = [
    ("Not found.", "errors-not-found"),
    ("There is no page at this address.", "errors-no-page"),
    ("No operator with this id.", "errors-no-operator"),
    ("No API key with this id.", "errors-no-api-key"),
    ("Sign in to see this page.", "errors-sign-in"),
    (
        "This form has expired or did not come from Meterdesk (missing or wrong CSRF token). Go back, reload the page and submit again.",
        "errors-csrf",
    ),
    (
        "The sign-in form has expired or cookies are blocked. Reload the page, allow cookies for this site, and sign in again.",
        "errors-login-expired",
    ),
];

/// The message of `e` on an error page in `loc`'s language.
pub fn localized(loc: &Locale, e: &AppError) -> String {
    match e {
        AppError::Internal(_) => loc.t("errors-internal"),
        AppError::Unavailable(_) => loc.t("errors-database-down"),
        AppError::UnsupportedMediaType(_) => loc.t("errors-unsupported"),
        AppError::InvalidParameter { field, .. } => loc.t1("errors-bad-parameter", "name", field.as_str()),
        AppError::InvalidText { field, message } => text_refusal(loc, field, message),
        AppError::TooManyRequests { retry_after_secs, .. } => loc.t1(
            "errors-too-many",
            "seconds",
            i64::try_from(*retry_after_secs).unwrap_or(i64::MAX),
        ),
        AppError::NotFound(m) | AppError::Forbidden(m) => said(loc, m),
        AppError::PayloadTooLarge(m) => too_large(loc, m),
        AppError::BadRequest(m) => bad_request(loc, m),
        AppError::MethodNotAllowed(m) => method(loc, m),
        other => other.public_message(),
    }
}

/// `message` without `prefix` and `suffix`, if it has both.
fn between<'a>(message: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.strip_suffix(suffix)
}

/// A missing object, a refusal to see a page, or the message as it is.
fn said(loc: &Locale, message: &str) -> String {
    if let Some((_, id)) = KNOWN.iter().find(|(english, _)| *english == message) {
        return loc.t(id);
    }
    for (prefix, id) in MISSING {
        if let Some(object) = between(message, prefix, ".") {
            return loc.t1(id, "id", object);
        }
    }
    if let Some(upload) = between(message, "No upload #", ".") {
        return loc.t1("errors-no-upload", "id", upload);
    }
    if message.starts_with("There is nothing at this address") {
        return loc.t("errors-no-page");
    }
    message.to_owned()
}

/// A field's name as the text rule gives it: `path segment 2`, `query parameter q`,
/// `form field name`.
fn field_name(loc: &Locale, field: &str) -> String {
    if let Some(n) = field.strip_prefix("path segment ") {
        return loc.t1("errors-field-path", "n", n);
    }
    if let Some(name) = field.strip_prefix("query parameter ") {
        return loc.t1("errors-field-query", "name", name);
    }
    if let Some(name) = field.strip_prefix("form field ") {
        return loc.t1("errors-field-form", "name", name);
    }
    field.to_owned()
}

/// 400: text with a NUL or a control character (`crate::text`), or a path that is not UTF-8.
fn text_refusal(loc: &Locale, field: &str, message: &str) -> String {
    let Some(rest) = message.strip_prefix(field) else {
        return match field.strip_prefix("path segment ") {
            Some(n) if message.ends_with("is not valid UTF-8 once decoded.") => {
                loc.t1("errors-text-utf8", "n", n)
            }
            _ => loc.t("errors-bad-text"),
        };
    };
    let at = |s: &str| {
        s.split_once(" at character ")
            .and_then(|(_, n)| n.split(';').next())
            .and_then(|n| n.parse::<i64>().ok())
    };
    let name = field_name(loc, field);
    if rest.starts_with(" contains a NUL character") {
        if let Some(at) = at(rest) {
            return loc.t2("errors-text-nul", "field", name, "at", at);
        }
    }
    if let Some(code) = rest
        .strip_prefix(" contains the control character ")
        .and_then(|r| r.split(' ').next())
    {
        if let Some(at) = at(rest) {
            return loc.t_args(
                "errors-text-control",
                &[("field", name.into()), ("code", code.into()), ("at", at.into())],
            );
        }
    }
    loc.t("errors-bad-text")
}

/// 413: a body or an upload past its limit.
fn too_large(loc: &Locale, message: &str) -> String {
    let number = |prefix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<i64>().ok())
    };
    if let Some(bytes) = number("The request body is larger than ") {
        return loc.t1("errors-body-too-large", "bytes", bytes);
    }
    if let Some(bytes) = number("The upload request is larger than ") {
        return loc.t1("errors-upload-too-large", "bytes", bytes);
    }
    if let Some(mb) = number("The file is larger than ") {
        return loc.t1("errors-file-too-large", "mb", mb);
    }
    loc.t("errors-fields-too-large")
}

/// 400: a request that could not be read.
fn bad_request(loc: &Locale, message: &str) -> String {
    if message.starts_with("The upload could not be read") {
        return loc.t("errors-upload-unreadable");
    }
    if message.starts_with("tz: ") {
        return loc.t("errors-bad-zone");
    }
    loc.t("errors-unreadable")
}

/// 405: `POST is not allowed on /meters; use GET.`
fn method(loc: &Locale, message: &str) -> String {
    let parsed = message
        .split_once(" is not allowed on ")
        .and_then(|(method, rest)| {
            let (path, allowed) = rest.strip_suffix('.')?.split_once("; use ")?;
            Some((method, path, allowed.replace(" or ", ", ")))
        });
    match parsed {
        Some((method, path, allowed)) => loc.t_args(
            "errors-method",
            &[
                ("method", method.into()),
                ("path", path.into()),
                ("allowed", allowed.into()),
            ],
        ),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn error_messages_in_each_language() {
        let hi = Locale::new(crate::i18n::shared_catalog(), Lang::Hi, crate::tz::DEFAULT_ZONE);
        let fr = Locale::new(crate::i18n::shared_catalog(), Lang::Fr, crate::tz::DEFAULT_ZONE);
        let missing = AppError::not_found("No meter with the id mtr_x.");
        assert!(localized(&hi, &missing).contains("mtr_x"));
        assert!(!localized(&hi, &missing).contains("No meter"));
        let big = AppError::PayloadTooLarge(
            "The request body is larger than 1048576 bytes (after decompression). Send fewer items per request.".into(),
        );
        assert!(
            localized(&hi, &big).contains("10,48,576"),
            "{}",
            localized(&hi, &big)
        );
        let post = AppError::MethodNotAllowed("PUT is not allowed on /meters; use GET or POST.".into());
        let text = localized(&fr, &post);
        assert!(text.contains("/meters") && text.contains("GET, POST"), "{text}");
        let nul = crate::web::boundary::check_query("q=%00").unwrap_err();
        let text = localized(&fr, &nul);
        assert!(text.contains("paramètre") && text.contains("U+0000"), "{text}");
        let en = Locale::new(crate::i18n::shared_catalog(), Lang::En, crate::tz::DEFAULT_ZONE);
        assert_eq!(localized(&en, &nul), nul.public_message());
        let other = AppError::Conflict("As it is.".into());
        assert_eq!(localized(&fr, &other), "As it is.");
    }
}
