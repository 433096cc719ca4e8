//! The customer and subscription rules' messages (written in English by `customers/`, `ids`
//! and `subscriptions/`, which the API shares) in the page's language; a message without a
//! translation is shown as it is.

use crate::web::locale::Locale;

/// The messages said word for word, and their catalogue ids.
const KNOWN: [(&str, &str); 9] = [
    (
        "Enter a customer id, or leave it empty to have one generated.",
        "customers-error-id-empty",
    ),
    (
        "A customer id has at most 255 characters.",
        "customers-error-id-too-long",
    ),
    (
        "A customer id may use letters, digits and _ . : - only (no spaces).",
        "customers-error-id-characters",
    ),
    ("Enter the customer's name.", "customers-error-name-required"),
    ("Enter an email address.", "customers-error-email-required"),
    (
        "An email address has at most 254 characters.",
        "customers-error-email-too-long",
    ),
    (
        "An email address needs an @, as in ana@example.com.",
        "customers-error-email-no-at",
    ),
    (
        "Enter an email address such as ana@example.com.",
        "customers-error-email-invalid",
    ),
    ("Choose a product.", "customers-subscription-error-product"),
];

/// `message` in the page's language.
pub fn localized(loc: &Locale, message: &str) -> String {
    if let Some((_, id)) = KNOWN.iter().find(|(english, _)| *english == message) {
        return loc.t(id);
    }
    let between = |prefix: &str, suffix: &str| {
        message
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .map(str::to_owned)
    };
    if let Some(max) = between("Use at most ", " characters.").and_then(|n| n.parse::<i64>().ok()) {
        return loc.t1("customers-error-too-long", "max", max);
    }
    if let Some(id) = between(
        "A customer with the id ",
        " already exists. Choose another id, or leave it empty to have one generated.",
    ) {
        return loc.t1("customers-error-id-taken", "id", id.as_str());
    }
    if let Some(id) = between("No customer with the id ", ". Create the customer first.") {
        return loc.t1("customers-subscription-error-no-customer", "id", id.as_str());
    }
    if let Some(id) = between("No product with the id ", ".") {
        return loc.t1("customers-subscription-error-no-product", "id", id.as_str());
    }
    if let Some(time) = between("This subscription already ended on ", ".") {
        return loc.t1(
            "customers-subscription-error-already-ended",
            "time",
            time.as_str(),
        );
    }
    if let Some(start) = between("The end must be after the start (", ").") {
        return loc.t1(
            "customers-subscription-error-end-before-start",
            "start",
            start.as_str(),
        );
    }
    if let Some(error) = message.strip_prefix("Start: ") {
        return loc.t1("customers-subscription-error-start", "error", error);
    }
    if let Some(error) = message.strip_prefix("End: ") {
        return loc.t1("customers-subscription-error-end-time", "error", error);
    }
    if let Some(rest) = between(
        "This customer already has a subscription to this product (",
        "); a second one would bill the same usage twice. End that subscription first, or start the new one after it ends.",
    ) && let Some((id, rest)) = rest.split_once(", from ")
    {
        return match rest.split_once(" until ") {
            Some((start, end)) => loc.t_args(
                "customers-subscription-error-overlap-until",
                &[("id", id.into()), ("start", start.into()), ("end", end.into())],
            ),
            None => loc.t2(
                "customers-subscription-error-overlap",
                "id",
                id,
                "start",
                rest.trim_end_matches(" with no end"),
            ),
        };
    }
    message.to_owned()
}
