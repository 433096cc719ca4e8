//! Writing the error file: formula guards on cells, the rejected rows with their line and reason,
//! and a corrected error file read back.

use serde_json::json;

use super::*;
use crate::csv_cell::{safe_cell, unguard};

#[test]
fn safe_cell_guards_formula_starts_only() {
    for s in ["=SUM(A1)", "+1", "-5", "@cmd", "\tx", "\rx"] {
        assert_eq!(safe_cell(s), format!("'{s}"), "{s:?}");
        assert_eq!(unguard(&safe_cell(s)), s);
    }
    for s in ["", "cus_1", "5", " -5", "'=x", "a=b", "2024-09-23", "é"] {
        assert!(
            matches!(safe_cell(s), std::borrow::Cow::Borrowed(b) if b == s),
            "{s:?}"
        );
    }
    assert_eq!(unguard("'x"), "'x");
    assert_eq!(unguard("'"), "'");
}

#[test]
fn error_file_lists_rejects_with_their_line_and_reason() {
    let header = strings(&["timestamp", "event_name", "payload_customer_id", "payload_tokens"]);
    let rejects = vec![
        (
            7,
            strings(&["2024-09-23", "a", "cus_x", "-5"]),
            "customer cus_x does not exist".to_owned(),
        ),
        (
            9,
            strings(&["2024-09-23", "a,b"]),
            "row has 2 cells, the header has 4".to_owned(),
        ),
        (
            10,
            strings(&["1", "2", "3", "4", "5"]),
            "row has 5 cells, the header has 4".to_owned(),
        ),
    ];
    let out = String::from_utf8(error_file(&header, &rejects)).unwrap();
    assert_eq!(
        out,
        "\u{feff}timestamp,event_name,payload_customer_id,payload_tokens,error\r\n\
         2024-09-23,a,cus_x,'-5,row 7: customer cus_x does not exist\r\n\
         2024-09-23,\"a,b\",,,\"row 9: row has 2 cells, the header has 4\"\r\n\
         1,2,3,4,\"row 10: row has 5 cells, the header has 4\",5\r\n"
    );
}

#[test]
fn error_file_round_trip() {
    let agg = sum("tokens");
    let original = format!(
        "{TOKENS_HEADER},payload_note\n\
         2024-09-23,api.call,cus_x,-5,=HYPERLINK(\"x\")\n\
         \n\
         2024-09-23,a,cus_1,+3,\"@me\nline\"\n\
         2024-02-30,a,cus_1,1,\"tab\tinside, \"\"quoted\"\"\"\n\
         2024-09-23,a,cus_1\n"
    );
    let first = file(&agg, &original);
    assert_eq!(lines(&first.rows), [2, 4, 6, 7]);
    let rejects: Vec<(u64, Vec<String>, String)> = first
        .rows
        .iter()
        .map(|r| {
            let reason = match &r.result {
                Ok(e) => format!("customer {} does not exist", e.customer_id),
                Err(e) => e.message.clone(),
            };
            (r.line, r.cells.clone(), reason)
        })
        .collect();
    let bytes = error_file(&first.header, &rejects);

    // The error file uploads again: `error` ignored, guards undone, same cells.
    let second = parse(&bytes, &UploadSpec { aggregation: &agg }).unwrap();
    assert_eq!(
        second.header,
        [first.header.clone(), vec!["error".to_owned()]].concat()
    );
    assert_eq!(second.columns.error, Some(5));
    assert_eq!(second.rows.len(), 4);
    for (a, b) in first.rows.iter().zip(&second.rows) {
        let mut cells = a.cells.clone();
        cells.resize(5, String::new());
        assert_eq!(b.cells[..5], cells[..]);
    }
    assert_eq!(second.rows[0].cells[5], "row 2: customer cus_x does not exist");
    assert_eq!(second.rows[0].result, first.rows[0].result);
    assert_eq!(event(&second.rows[0]).metadata["tokens"], json!("-5"));
    assert_eq!(
        event(&second.rows[0]).metadata["note"],
        json!("=HYPERLINK(\"x\")")
    );
    assert_eq!(event(&second.rows[1]).metadata["note"], json!("@me\nline"));
    assert_eq!(error(&second.rows[2]).code, codes::INVALID_TIMESTAMP);
    // The short row was padded with empty cells: it now reads, without a value (the pipeline will
    // say the property is missing).
    assert_eq!(event(&second.rows[3]).metadata, Map::new());
    assert_eq!(lines(&second.rows), [2, 3, 5, 6]);

    // Written again, the error column is replaced, not repeated.
    let rejects: Vec<(u64, Vec<String>, String)> = second
        .rows
        .iter()
        .map(|r| (r.line, r.cells.clone(), "again".to_owned()))
        .collect();
    let third = parse(
        &error_file(&second.header, &rejects),
        &UploadSpec { aggregation: &agg },
    )
    .unwrap();
    assert_eq!(third.header, second.header);
    assert_eq!(third.rows[0].cells[5], "row 2: again");
    assert_eq!(third.rows[0].cells[..5], second.rows[0].cells[..5]);
}
