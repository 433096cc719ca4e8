//! The text rule on cells: a NUL anywhere or a control character in an id or name rejects its
//! row alone (`invalid_text`, naming the column); a control character in the header refuses
//! the file; a file that is mostly NULs is refused as not UTF-8.

use serde_json::json;

use super::*;

/// The middle row of a file whose other two rows (`good`) read.
fn one_row(agg: &Aggregation, header: &str, good: &str, row: &str) -> ParsedRow {
    let f = file(agg, &format!("{header}\n{good}\n{row}\n{good}\n"));
    assert_eq!(f.rows.len(), 3);
    assert!(
        f.rows[0].result.is_ok() && f.rows[2].result.is_ok(),
        "the other rows read"
    );
    f.rows[1].clone()
}

#[test]
fn a_nul_rejects_its_row_alone_naming_the_column() {
    let agg = sum("tokens");
    let header = format!("{TOKENS_HEADER},payload_region");
    let row = one_row(
        &agg,
        &header,
        "2024-09-23,a,cus_1,1,eu",
        "2024-09-23,a,cus_1,1,eu\0west",
    );
    let e = error(&row);
    assert_eq!(e.code, codes::INVALID_TEXT);
    assert_eq!(
        e.message,
        "payload_region contains a NUL character (U+0000) at character 3; remove it"
    );
    // The cells kept for the error file cannot hold the NUL: it shows as U+FFFD.
    assert_eq!(row.cells[4], "eu\u{fffd}west");
    assert!(row.cells.iter().all(|c| !c.contains('\0')));

    for (row, column) in [
        ("\u{0}2024-09-23,a,cus_1,1,eu", "timestamp"),
        ("2024-09-23,a\0,cus_1,1,eu", "event_name"),
        ("2024-09-23,a,cus_1,\0,eu", "payload_tokens"),
        // Beyond the header, or in a row of the wrong width: still the NUL that is named.
        ("2024-09-23,a,cus_1,1,eu,\0", "cell 6"),
        ("2024-09-23,a,\0", "payload_customer_id"),
    ] {
        let e = error(&one_row(&agg, &header, "2024-09-23,a,cus_1,1,eu", row)).clone();
        assert_eq!(e.code, codes::INVALID_TEXT, "{row:?}");
        assert!(
            e.message.starts_with(&format!("{column} contains a NUL")),
            "{row:?}: {}",
            e.message
        );
    }
}

#[test]
fn control_characters_reject_ids_and_names_but_not_values() {
    let agg = sum("tokens");
    let header = format!("identifier,{TOKENS_HEADER},payload_note");
    let good = "evt_0,2024-09-23,a,cus_1,1,x";
    for (row, want) in [
        (
            "evt_1,2024-09-23,api\tcall,cus_1,1,x",
            "event_name contains the control character U+0009 at character 4; remove it",
        ),
        (
            "evt_1,2024-09-23,a,\"cus\n1\",1,x",
            "payload_customer_id contains the control character U+000A at character 4; remove it",
        ),
        (
            "evt\u{1b}1,2024-09-23,a,cus_1,1,x",
            "identifier contains the control character U+001B at character 4; remove it",
        ),
        (
            "evt_1,2024-09-23,a,cus_1\u{85},1,x",
            "payload_customer_id contains the control character U+0085 at character 6; remove it",
        ),
    ] {
        let e = error(&one_row(&agg, &header, good, row)).clone();
        assert_eq!(e.code, codes::INVALID_TEXT);
        assert_eq!(e.message, want);
    }
    // Metadata values keep their control characters (only NUL is refused there), and the
    // identifier's surrounding blanks are trimmed before the check.
    let row = one_row(
        &agg,
        &header,
        good,
        "\tevt_1 ,2024-09-23,a,cus_1,1,\"bell\u{7}\ttab\"",
    );
    let e = event(&row);
    assert_eq!(e.identifier.as_deref(), Some("evt_1"));
    assert_eq!(e.metadata["note"], json!("bell\u{7}\ttab"));
}

#[test]
fn a_control_character_in_the_header_refuses_the_file_naming_the_column() {
    let agg = sum("tokens");
    let m = header_error(
        &agg,
        &format!("{TOKENS_HEADER},payload_re\u{1}gion\n2024-09-23,a,cus_1,1,eu\n"),
    );
    assert!(
        m.starts_with(
            "Column \"payload_re\\u{0001}gion\" contains the control character U+0001 at character 11; \
             remove it. Expected header: "
        ),
        "{m}"
    );
    let m = header_error(
        &agg,
        &format!("{TOKENS_HEADER},\"payload_a\nb\"\n2024-09-23,a,cus_1,1,eu\n"),
    );
    assert!(m.contains("U+000A at character 10"), "{m}");
    let m = header_error(
        &agg,
        "time\0stamp,event_name,payload_customer_id,payload_tokens\n1,a,c,1\n",
    );
    assert!(
        m.starts_with(
            "Column \"time\\u{0000}stamp\" contains a NUL character (U+0000) at character 5; remove it."
        ),
        "{m}"
    );
}

#[test]
fn a_few_nuls_refuse_rows_but_a_file_full_of_them_is_refused_whole() {
    let agg = sum("tokens");
    let f = file(
        &agg,
        &format!("{TOKENS_HEADER}\n\0\n2024-09-23,a,cus_1,1\n\0\0\0,a,cus_1,1\n"),
    );
    assert_eq!(lines(&f.rows), [2, 3, 4]);
    assert_eq!(
        error(&f.rows[0]).message,
        "timestamp contains a NUL character (U+0000) at character 1; remove it"
    );
    assert!(f.rows[1].result.is_ok());
    let mut padded = format!("{TOKENS_HEADER}\n2024-09-23,a,cus_1,1\n").into_bytes();
    padded.resize(padded.len() * 2, 0);
    assert_eq!(
        read(&agg, std::str::from_utf8(&padded).unwrap()),
        Err(FileError::NotUtf8 { line: 3 })
    );
}
