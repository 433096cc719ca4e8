//! The formula guard every CSV cell Meterdesk writes gets (error files, templates, exports),
//! and its inverse for files read back.

use std::borrow::Cow;

/// First characters a spreadsheet may take as the start of a formula (OWASP, CSV injection).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Guards a cell against spreadsheet formula injection: a cell that begins with `=`, `+`, `-`,
/// `@`, tab or carriage return gets a leading `'`, so a spreadsheet shows it as text instead of
/// evaluating it. This applies to negative numbers too (`-5` → `'-5`): a spreadsheet then shows
/// text, and the upload reader (`crate::uploads::csv_file`) reads `'-5` back as `-5`.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Undoes [`safe_cell`]: `'` followed by one of its characters loses the `'`.
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => s,
    }
}
