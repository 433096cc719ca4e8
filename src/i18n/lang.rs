//! The portal's languages and how one is chosen for a request.
//!
//! Order: the operator's stored preference, else the browser's `Accept-Language`, else English.
//! Matching is by primary language subtag (RFC 4647 "lookup" truncation): `fr-FR`, `fr-CA` →
//! `fr`; `zh`, `zh-CN`, `zh-Hans`, `zh-TW` → `zh-CN` (the one Chinese catalogue, Simplified);
//! `hi-IN` → `hi`; `en-GB` → `en`. Ranges are tried by descending q-value, ties in header order;
//! `q=0` means "not this one"; `*` and malformed ranges are skipped.

use std::fmt;

/// A language the portal speaks. `En` is the source of truth of every catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    ZhCn,
    Hi,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Fr, Lang::ZhCn, Lang::Hi];

    /// The BCP 47 tag: what is stored for an operator, written in `<html lang>`, and the name
    /// of the catalogue folder. `en`, `fr`, `zh-CN`, `hi`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::ZhCn => "zh-CN",
            Lang::Hi => "hi",
        }
    }

    /// The language's own name, for the language picker: `English`, `Français`, `简体中文`,
    /// `हिन्दी`.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::ZhCn => "简体中文",
            Lang::Hi => "हिन्दी",
        }
    }

    /// The language with this stored code (exact, as [`Lang::code`] writes it).
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language a single language range (`fr-FR`, `zh-Hans`, `HI`) asks for, if we speak it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else if primary.eq_ignore_ascii_case("zh") {
            Some(Lang::ZhCn)
        } else if primary.eq_ignore_ascii_case("hi") {
            Some(Lang::Hi)
        } else {
            None
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The language for a request: the operator's preference when there is one, else the best match
/// in `Accept-Language`, else English.
pub fn negotiate(preference: Option<Lang>, accept_language: Option<&str>) -> Lang {
    preference
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or_default()
}

/// The best language we speak in an `Accept-Language` header, if any range matches.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut ranges: Vec<(u16, usize, Lang)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            if tag.is_empty() || tag == "*" {
                return None;
            }
            let mut q = 1000;
            for param in parts {
                let (name, value) = param.split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    q = parse_qvalue(value.trim())?;
                }
            }
            (q > 0).then_some((q, i, Lang::from_tag(tag)?))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.first().map(|r| r.2)
}

/// An RFC 9110 qvalue (`0`, `0.5`, `1.000`) in thousandths; `None` when malformed.
fn parse_qvalue(s: &str) -> Option<u16> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u16 = match int {
        "0" => 0,
        "1" => 1000,
        _ => return None,
    };
    let mut thousandths = 0u16;
    for (i, b) in frac.bytes().chain(std::iter::repeat(b'0')).take(3).enumerate() {
        thousandths += u16::from(b - b'0') * [100, 10, 1][i];
    }
    if whole == 1000 && thousandths > 0 {
        return None;
    }
    Some(whole + thousandths)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(header: &str) -> Lang {
        negotiate(None, Some(header))
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.to_string(), lang.code());
        }
        assert_eq!(Lang::from_code("zh"), None, "stored codes are exact");
        assert_eq!(Lang::from_code("FR"), None);
        assert_eq!(Lang::default(), Lang::En);
    }

    #[test]
    fn regional_and_script_variants_map_to_our_catalogues() {
        assert_eq!(pick("fr-FR"), Lang::Fr);
        assert_eq!(pick("fr-CA,fr;q=0.9"), Lang::Fr);
        assert_eq!(pick("zh"), Lang::ZhCn);
        assert_eq!(pick("zh-CN"), Lang::ZhCn);
        assert_eq!(pick("zh-Hans"), Lang::ZhCn);
        assert_eq!(pick("zh-Hans-CN"), Lang::ZhCn);
        assert_eq!(pick("zh_CN"), Lang::ZhCn);
        assert_eq!(
            pick("zh-TW"),
            Lang::ZhCn,
            "the one Chinese catalogue, by primary subtag"
        );
        assert_eq!(pick("hi-IN"), Lang::Hi);
        assert_eq!(pick("HI-in"), Lang::Hi);
        assert_eq!(pick("en-GB"), Lang::En);
    }

    #[test]
    fn q_values_order_the_ranges() {
        assert_eq!(pick("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7"), Lang::Fr);
        assert_eq!(pick("en;q=0.5, hi;q=0.8"), Lang::Hi);
        assert_eq!(pick("fr;q=0.5, zh-CN;q=0.5"), Lang::Fr, "ties keep header order");
        assert_eq!(pick("fr;q=0.500, zh-CN;q=0.501"), Lang::ZhCn);
        assert_eq!(pick("fr;q=0, hi"), Lang::Hi, "q=0 refuses a language");
        assert_eq!(pick("  fr-FR ; q=1.0 , en ; q=0.3 "), Lang::Fr);
    }

    #[test]
    fn anything_else_is_english() {
        assert_eq!(pick(""), Lang::En);
        assert_eq!(pick("de-DE,es;q=0.8"), Lang::En);
        assert_eq!(pick("*"), Lang::En);
        assert_eq!(pick("fr;q=2"), Lang::En, "a malformed q-value drops the range");
        assert_eq!(pick("fr;q=abc"), Lang::En);
        assert_eq!(pick("fr;q=0.1234"), Lang::En);
        assert_eq!(pick(";;,,"), Lang::En);
        assert_eq!(negotiate(None, None), Lang::En);
    }

    #[test]
    fn the_operators_choice_wins() {
        assert_eq!(negotiate(Some(Lang::Hi), Some("fr-FR")), Lang::Hi);
        assert_eq!(negotiate(Some(Lang::En), Some("zh-CN")), Lang::En);
        assert_eq!(negotiate(None, Some("zh-CN")), Lang::ZhCn);
    }

    #[test]
    fn qvalues() {
        assert_eq!(parse_qvalue("1"), Some(1000));
        assert_eq!(parse_qvalue("1.000"), Some(1000));
        assert_eq!(parse_qvalue("0"), Some(0));
        assert_eq!(parse_qvalue("0.8"), Some(800));
        assert_eq!(parse_qvalue("0.05"), Some(50));
        assert_eq!(parse_qvalue("0.123"), Some(123));
        assert_eq!(parse_qvalue("1.5"), None);
        assert_eq!(parse_qvalue("-0.5"), None);
        assert_eq!(parse_qvalue(""), None);
    }
}
