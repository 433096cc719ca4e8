//! The one rule for text that enters Meterdesk, from any door (JSON, forms, query strings, path
//! segments, CSV cells, multipart names): what PostgreSQL cannot store (NUL) is refused
//! everywhere, and control characters are refused where they make no sense — in ids, names and
//! keys. Callers name the field, so the refusal says what to fix.

/// How strict the rule is for a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Ids, event names, metadata keys, meter and product names, e-mail addresses, query
    /// parameters and path segments: no control character at all.
    Identifier,
    /// Descriptions and other prose: tabs and line breaks allowed, other control characters not.
    Prose,
    /// Values stored as they came (metadata string values): only NUL is refused.
    Value,
}

/// Why a text was refused; [`TextError::message`] phrases it for the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    Nul { at: usize },
    Control { at: usize, ch: char },
}

impl TextError {
    /// "contains a NUL character (U+0000) at character 4; remove it".
    pub fn message(&self) -> String {
        match self {
            TextError::Nul { at } => format!(
                "contains a NUL character (U+0000) at character {}; remove it",
                at + 1
            ),
            TextError::Control { at, ch } => format!(
                "contains the control character U+{:04X} at character {}; remove it",
                *ch as u32,
                at + 1
            ),
        }
    }

    /// The message with the field's name in front: `event_id contains a NUL character …`.
    pub fn for_field(&self, field: &str) -> String {
        format!("{field} {}", self.message())
    }
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// Checks `s` against the rule for `kind`.
pub fn check(s: &str, kind: TextKind) -> Result<(), TextError> {
    // The common case, plain text, costs one pass over the bytes.
    if !s.bytes().any(|b| b < 0x20 || b == 0x7f) && !has_c1(s) {
        return Ok(());
    }
    for (at, ch) in s.chars().enumerate() {
        if ch == '\0' {
            return Err(TextError::Nul { at });
        }
        let refused = match kind {
            TextKind::Identifier => ch.is_control(),
            TextKind::Prose => ch.is_control() && !matches!(ch, '\t' | '\n' | '\r'),
            TextKind::Value => false,
        };
        if refused {
            return Err(TextError::Control { at, ch });
        }
    }
    Ok(())
}

/// C1 controls (U+0080–U+009F) are two bytes in UTF-8, starting 0xC2 0x80–0x9F.
fn has_c1(s: &str) -> bool {
    s.as_bytes()
        .windows(2)
        .any(|w| w[0] == 0xC2 && (0x80..=0x9F).contains(&w[1]))
}

/// [`check`] as an identifier.
pub fn identifier(s: &str) -> Result<(), TextError> {
    check(s, TextKind::Identifier)
}

/// [`check`] as prose.
pub fn prose(s: &str) -> Result<(), TextError> {
    check(s, TextKind::Prose)
}

/// Whether `s` holds a NUL (what no text column can store).
pub fn has_nul(s: &str) -> bool {
    s.as_bytes().contains(&0)
}

/// Checks every string of a JSON value, keys included; the error names the first bad one by
/// its path (`meters[0].meter_id`, `metadata.region`). Strings under keys named in
/// `values_at` (and their descendants) are checked as [`TextKind::Value`], keys as identifiers,
/// other strings as [`TextKind::Prose`].
pub fn check_json(value: &serde_json::Value, values_at: &[&str]) -> Result<(), (String, TextError)> {
    fn walk(
        v: &serde_json::Value,
        path: &mut String,
        lenient: bool,
        values_at: &[&str],
    ) -> Result<(), (String, TextError)> {
        use serde_json::Value;
        match v {
            Value::String(s) => {
                let kind = if lenient { TextKind::Value } else { TextKind::Prose };
                check(s, kind).map_err(|e| (display(path), e))
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    walk(item, path, lenient, values_at)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&printable(k));
                    identifier(k).map_err(|e| (format!("{} (a key)", display(path)), e))?;
                    walk(item, path, lenient || values_at.contains(&k.as_str()), values_at)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    fn display(path: &str) -> String {
        if path.is_empty() {
            "body".into()
        } else {
            path.to_string()
        }
    }
    let mut path = String::new();
    walk(value, &mut path, false, values_at)
}

/// `s` with control characters shown as `\u{…}`, for naming a bad key or parameter in a message.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().take(100) {
        if ch.is_control() {
            out.push_str(&format!("\\u{{{:04x}}}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out
}

/// Text made safe for HTML (and SVG) content and attribute values: `&`, `<`, `>`, `"`, `'`
/// escaped. The one escaper of the pages and the charts.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nul_is_refused_everywhere() {
        for kind in [TextKind::Identifier, TextKind::Prose, TextKind::Value] {
            assert_eq!(check("ab\0c", kind), Err(TextError::Nul { at: 2 }));
        }
        assert!(
            TextError::Nul { at: 2 }
                .for_field("event_id")
                .starts_with("event_id contains a NUL")
        );
    }

    #[test]
    fn control_characters_depend_on_the_kind() {
        assert!(identifier("a\tb").is_err());
        assert!(identifier("a\u{85}b").is_err());
        assert!(identifier("a\u{7f}").is_err());
        assert!(prose("line one\nline two\tend\r\n").is_ok());
        assert!(prose("bell\u{7}").is_err());
        assert!(check("bell\u{7}", TextKind::Value).is_ok());
        assert!(identifier("héllo wörld 日本 🙂").is_ok());
        assert!(identifier("").is_ok());
    }

    #[test]
    fn json_errors_name_the_path() {
        let v = json!({"name": "ok", "meters": [{"meter_id": "m\u{0}"}]});
        let (path, e) = check_json(&v, &[]).unwrap_err();
        assert_eq!(path, "meters[0].meter_id");
        assert_eq!(e, TextError::Nul { at: 1 });
        let v = json!({"metadata": {"bad\u{1}key": 1}});
        let (path, _) = check_json(&v, &["metadata"]).unwrap_err();
        assert_eq!(path, "metadata.bad\\u{0001}key (a key)");
        // Values under a lenient key keep their control characters; NUL still goes.
        assert!(check_json(&json!({"metadata": {"k": "a\u{1}"}}), &["metadata"]).is_ok());
        assert!(check_json(&json!({"metadata": {"k": "a\u{0}"}}), &["metadata"]).is_err());
        assert!(check_json(&json!({"description": "two\nlines"}), &[]).is_ok());
    }
}
