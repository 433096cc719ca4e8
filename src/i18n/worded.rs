//! Messages already worded, kept by the catalogue: a message without arguments reads the same
//! every time in a language, and so does a relative time of the same span ("3 days ago"), yet a
//! page of 50 events worded each again through Fluent (an events page: a sixth of its server
//! CPU). Bounded: messages by the catalogue's ids, spans by [`MAX_SPANS`] (past it, the spans
//! start again empty).

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

use super::Lang;
use super::span::RelativeSpan;
use crate::kept::Kept;

/// Relative-time spans kept at most (a few hundred occur: minutes, hours, days, months, years).
const MAX_SPANS: usize = 4096;

pub struct Worded {
    plain: RwLock<HashMap<Lang, HashMap<String, String>>>,
    spans: Kept<(Lang, RelativeSpan), String>,
}

impl Default for Worded {
    fn default() -> Self {
        Worded {
            plain: RwLock::default(),
            spans: Kept::new(MAX_SPANS),
        }
    }
}

impl Worded {
    /// Message `id` in `lang`, as worded before.
    pub fn plain(&self, lang: Lang, id: &str) -> Option<String> {
        let map = self.plain.read().unwrap_or_else(PoisonError::into_inner);
        map.get(&lang)?.get(id).cloned()
    }

    /// Keeps message `id` in `lang` as worded (only ids of the catalogue come here).
    pub fn keep_plain(&self, lang: Lang, id: &str, text: &str) {
        let mut map = self.plain.write().unwrap_or_else(PoisonError::into_inner);
        map.entry(lang)
            .or_default()
            .insert(id.to_owned(), text.to_owned());
    }

    /// A relative time of `span` in `lang`: as worded before, or worded by `word` (and kept).
    pub fn span(&self, lang: Lang, span: RelativeSpan, word: impl FnOnce() -> String) -> String {
        self.spans.get_or_insert_with((lang, span), word)
    }
}
