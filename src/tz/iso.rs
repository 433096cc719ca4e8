//! Instants written ISO-like (`2026-11-30 14:05 +05:30`), by hand: chrono's `format` parses its
//! pattern at every call, and the analytics tables write thousands of times per page (a tenth of
//! the server's time on the customers table).

use std::fmt::Write;

use chrono::{DateTime, Datelike, Offset, TimeZone, Timelike};

/// `2026-11-30 14:05` (`seconds`: `2026-11-30 14:05:09`) in `t`'s own zone.
pub fn minutes<Z: TimeZone>(t: &DateTime<Z>, seconds: bool) -> String {
    let mut s = String::with_capacity(26);
    let _ = write!(
        s,
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    );
    if seconds {
        let _ = write!(s, ":{:02}", t.second());
    }
    s
}

/// `minutes` followed by the offset (`+05:30`), as chrono's `%:z` writes it.
pub fn with_offset<Z: TimeZone>(t: &DateTime<Z>, seconds: bool) -> String {
    let mut s = minutes(t, seconds);
    let off = t.offset().fix().local_minus_utc();
    let (sign, a) = if off < 0 { ('-', -off) } else { ('+', off) };
    let _ = write!(s, " {sign}{:02}:{:02}", a / 3600, a % 3600 / 60);
    s
}

/// `2026-11-30`.
pub fn date<D: Datelike>(d: &D) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use chrono_tz::Tz;

    use super::*;

    /// Written exactly as chrono's patterns write them, in zones with odd offsets and DST.
    #[test]
    fn writes_what_chrono_patterns_write() {
        let zones = [
            Tz::UTC,
            Tz::Asia__Kolkata,
            Tz::Asia__Kathmandu,
            Tz::America__New_York,
            Tz::America__St_Johns,
            Tz::Pacific__Chatham,
            Tz::Pacific__Kiritimati,
            Tz::America__Sao_Paulo,
        ];
        let mut t = Utc.with_ymd_and_hms(1999, 12, 31, 23, 59, 59).unwrap();
        for step in 0..2000 {
            for tz in zones {
                let local = t.with_timezone(&tz);
                assert_eq!(minutes(&local, false), local.format("%Y-%m-%d %H:%M").to_string());
                assert_eq!(
                    minutes(&local, true),
                    local.format("%Y-%m-%d %H:%M:%S").to_string()
                );
                assert_eq!(
                    with_offset(&local, false),
                    local.format("%Y-%m-%d %H:%M %:z").to_string()
                );
                assert_eq!(
                    with_offset(&local, true),
                    local.format("%Y-%m-%d %H:%M:%S %:z").to_string()
                );
                assert_eq!(date(&local.date_naive()), local.format("%Y-%m-%d").to_string());
            }
            t += chrono::Duration::seconds(37 * 3600 + 61 * step + 7);
        }
    }
}
