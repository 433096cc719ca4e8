//! The one-shot notice a page shows after a redirect ("Meter created"), carried in a cookie.

/// The cookie that carries it.
pub const FLASH_COOKIE: &str = "md_flash";

/// A one-shot notice shown on the next page. `code` picks the sentence in
/// `templates/partials/flash.html`; `arg` fills it in (a name, an id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub code: String,
    pub arg: String,
}

impl Flash {
    pub fn new(code: &str, arg: impl Into<String>) -> Self {
        Flash {
            code: code.into(),
            arg: arg.into(),
        }
    }

    pub(super) fn encode(&self) -> String {
        serde_urlencoded::to_string([("c", self.code.as_str()), ("a", self.arg.as_str())]).unwrap_or_default()
    }

    pub(super) fn decode(raw: &str) -> Option<Flash> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).ok()?;
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        Some(Flash {
            code: get("c")?,
            arg: get("a").unwrap_or_default(),
        })
    }

    pub fn is_error(&self) -> bool {
        self.code.starts_with("error_")
    }

    /// Something done, but worth a second look (codes starting with `warning_`): shown in an
    /// amber banner, never the green one.
    pub fn is_warning(&self) -> bool {
        self.code.starts_with("warning_")
    }

    /// The banner's kind: `error`, `warning` or `ok` (the `flash-…` class).
    pub fn kind(&self) -> &'static str {
        if self.is_error() {
            "error"
        } else if self.is_warning() {
            "warning"
        } else {
            "ok"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_round_trips_through_its_cookie_encoding() {
        let f = Flash::new("operator_created", "ana@example.com; x=1&y");
        assert_eq!(Flash::decode(&f.encode()), Some(f));
        assert_eq!(Flash::decode("garbage"), None);
    }

    #[test]
    fn a_flash_kind_follows_its_code_prefix() {
        assert_eq!(Flash::new("error_message", "x").kind(), "error");
        assert_eq!(Flash::new("warning_upload_same_file", "x").kind(), "warning");
        assert_eq!(Flash::new("upload_done", "x").kind(), "ok");
    }
}
