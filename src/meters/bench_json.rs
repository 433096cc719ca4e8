//! What is wrong with JSON pasted into the test bench, in an operator's words: where (line and
//! column, and the text there) and what a parser's terse message means (`EOF while parsing an
//! object` → a closing `}` is missing). As data: the portal words it in the operator's language,
//! `to_string` in English.

/// What the parser found, in an operator's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonIssue {
    UnclosedObject,
    UnclosedList,
    UnclosedString,
    EndsBeforeValue,
    CommaOrBrace,
    CommaOrBracket,
    Colon,
    KeyNotQuoted,
    TrailingComma,
    TrailingCharacters,
    ValueExpected,
    ControlCharacter,
    InvalidEscape,
    InvalidNumber,
    /// Any other parser message.
    Other,
}

impl JsonIssue {
    pub const ALL: [JsonIssue; 15] = [
        JsonIssue::UnclosedObject,
        JsonIssue::UnclosedList,
        JsonIssue::UnclosedString,
        JsonIssue::EndsBeforeValue,
        JsonIssue::CommaOrBrace,
        JsonIssue::CommaOrBracket,
        JsonIssue::Colon,
        JsonIssue::KeyNotQuoted,
        JsonIssue::TrailingComma,
        JsonIssue::TrailingCharacters,
        JsonIssue::ValueExpected,
        JsonIssue::ControlCharacter,
        JsonIssue::InvalidEscape,
        JsonIssue::InvalidNumber,
        JsonIssue::Other,
    ];

    fn of(parser_message: &str) -> JsonIssue {
        match parser_message {
            "EOF while parsing an object" => JsonIssue::UnclosedObject,
            "EOF while parsing a list" => JsonIssue::UnclosedList,
            "EOF while parsing a string" => JsonIssue::UnclosedString,
            "EOF while parsing a value" => JsonIssue::EndsBeforeValue,
            "expected `,` or `}`" => JsonIssue::CommaOrBrace,
            "expected `,` or `]`" => JsonIssue::CommaOrBracket,
            "expected `:`" => JsonIssue::Colon,
            "key must be a string" => JsonIssue::KeyNotQuoted,
            "trailing comma" => JsonIssue::TrailingComma,
            "trailing characters" => JsonIssue::TrailingCharacters,
            "expected value" | "expected ident" => JsonIssue::ValueExpected,
            w if w.starts_with("control character") => JsonIssue::ControlCharacter,
            w if w.starts_with("invalid escape") => JsonIssue::InvalidEscape,
            w if w.starts_with("invalid number") || w.starts_with("number out of range") => {
                JsonIssue::InvalidNumber
            }
            _ => JsonIssue::Other,
        }
    }

    /// What it means, in English.
    pub fn english(self) -> &'static str {
        match self {
            JsonIssue::UnclosedObject => "the text ends before the event is closed: a closing } is missing",
            JsonIssue::UnclosedList => "the text ends inside a list: a closing ] is missing",
            JsonIssue::UnclosedString => "the text ends inside quoted text: a closing \" is missing",
            JsonIssue::EndsBeforeValue => "the text ends where a value was expected",
            JsonIssue::CommaOrBrace => {
                "a comma or a closing } is expected here — is a comma missing between two entries?"
            }
            JsonIssue::CommaOrBracket => {
                "a comma or a closing ] is expected here — is a comma missing between two items?"
            }
            JsonIssue::Colon => "a colon is expected between a key and its value, as in \"region\": \"eu\"",
            JsonIssue::KeyNotQuoted => "keys are written in double quotes, as in \"region\"",
            JsonIssue::TrailingComma => "remove the comma before the closing bracket",
            JsonIssue::TrailingCharacters => "there is more text after the event: paste one event object",
            JsonIssue::ValueExpected => {
                "a value is expected here: text in double quotes (not single quotes), a number, true, false or null"
            }
            JsonIssue::ControlCharacter => "quoted text holds a line break or a tab: write it as \\n or \\t",
            JsonIssue::InvalidEscape => {
                "a backslash in quoted text starts an unknown escape: write \\\\ for a backslash"
            }
            JsonIssue::InvalidNumber => {
                "this number is not written as JSON writes numbers (digits, one decimal point)"
            }
            JsonIssue::Other => "the text is not valid JSON here",
        }
    }
}

/// Where pasted JSON goes wrong, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonProblem {
    pub issue: JsonIssue,
    /// Line and column from 1; line 0 when the parser gave no place.
    pub line: usize,
    pub column: usize,
    /// Up to 30 characters before the place (empty when only spaces).
    pub near: String,
}

impl JsonProblem {
    pub fn new(text: &str, e: &serde_json::Error) -> JsonProblem {
        let raw = e.to_string();
        let what = raw.split(" at line ").next().unwrap_or(&raw);
        let (line, column) = (e.line(), e.column());
        let near: String = line
            .checked_sub(1)
            .and_then(|n| text.lines().nth(n))
            .map(|l| {
                let chars: Vec<char> = l.chars().collect();
                let end = column.min(chars.len());
                let start = end.saturating_sub(30);
                chars[start..end].iter().collect()
            })
            .unwrap_or_default();
        JsonProblem {
            issue: JsonIssue::of(what),
            line,
            column,
            near: near.trim_start().to_owned(),
        }
    }
}

impl std::fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let meaning = self.issue.english();
        if self.line == 0 {
            return write!(f, "This is not JSON yet: {meaning}.");
        }
        let near = if self.near.trim().is_empty() {
            String::new()
        } else {
            format!(", just after “{}”", self.near)
        };
        write!(
            f,
            "This is not JSON yet — line {}, column {}{near}: {meaning}.",
            self.line, self.column
        )
    }
}

#[cfg(test)]
mod tests {
    use super::JsonProblem;

    fn problem(text: &str) -> String {
        JsonProblem::new(
            text,
            &serde_json::from_str::<serde_json::Value>(text).unwrap_err(),
        )
        .to_string()
    }

    #[test]
    fn parser_messages_become_operator_words_with_the_place() {
        let cut = r#"{"event_name": "api.call", "customer_id": "c1", "metadata": {"region": "eu"}"#;
        let p = problem(cut);
        assert!(p.starts_with("This is not JSON yet — line 1, column "), "{p}");
        assert!(p.contains("a closing } is missing"), "{p}");
        assert!(!p.contains("EOF"), "{p}");
        let p = problem("{\n  'event_name': 1\n}");
        assert!(p.contains("line 2, column 3"), "{p}");
        assert!(p.contains("double quotes"), "{p}");
        let p = problem("{\"a\": 1 \"b\": 2}");
        assert!(p.contains("is a comma missing"), "{p}");
    }
}
