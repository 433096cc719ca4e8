//! Event names are matched exactly. When one matches nothing, the closest known name that
//! differs only in case or punctuation is the likely intent ("API.call" → "api.call").

/// Lowercase letters and digits only.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A known name equal to `name` up to case and punctuation, if any (and not `name` itself).
pub fn did_you_mean<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    let folded = fold(name);
    if folded.is_empty() {
        return None;
    }
    known
        .iter()
        .map(String::as_str)
        .find(|k| *k != name && fold(k) == folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_names_that_differ_in_case_or_punctuation() {
        let known = vec!["api.call".to_string(), "llm_tokens".to_string()];
        assert_eq!(did_you_mean("API.call", &known), Some("api.call"));
        assert_eq!(did_you_mean("api-call", &known), Some("api.call"));
        assert_eq!(did_you_mean(" api.call ", &known), Some("api.call"));
        assert_eq!(did_you_mean("llm.tokens", &known), Some("llm_tokens"));
        assert_eq!(did_you_mean("api.call", &known), None);
        assert_eq!(did_you_mean("storage", &known), None);
        assert_eq!(did_you_mean("...", &known), None);
    }
}
