//! Files refused whole: header errors (missing, unknown, duplicate or doubled columns, a data row
//! or another separator in its place), and files that are not UTF-8, empty or badly quoted.

use super::*;

#[test]
fn both_customer_columns_refuse_the_file() {
    let m = header_error(
        &sum("tokens"),
        "timestamp,event_name,payload_customer_id,payload_stripe_customer_id,payload_tokens\n\
         2024-09-23,a,cus_1,cus_1,1\n",
    );
    assert_eq!(
        m,
        "Use one customer column, payload_customer_id or payload_stripe_customer_id, not both. \
         Expected header: timestamp,event_name,payload_customer_id,payload_tokens (Stripe's \
         payload_stripe_customer_id works too; identifier and other payload_… columns are optional)."
    );
}

#[test]
fn a_missing_column_names_it_and_the_expected_header() {
    let m = header_error(
        &sum("tokens"),
        "timestamp,event_name,payload_customer_id\n2024-09-23,a,cus_1\n",
    );
    assert_eq!(
        m,
        "Missing column payload_tokens. Expected header: \
         timestamp,event_name,payload_customer_id,payload_tokens (Stripe's payload_stripe_customer_id \
         works too; identifier and other payload_… columns are optional)."
    );
    let m = header_error(&sum("tokens"), "timestamp,payload_tokens\n2024-09-23,1\n");
    assert!(
        m.starts_with("Missing columns event_name, payload_customer_id. Expected header: "),
        "{m}"
    );
}

#[test]
fn unknown_columns_and_near_misses_refuse_the_file() {
    let agg = sum("tokens");
    let m = header_error(&agg, &format!("{TOKENS_HEADER},foo,bar\n"));
    assert!(
        m.starts_with("Unknown columns \"foo\", \"bar\". Expected header: timestamp,"),
        "{m}"
    );
    let m = header_error(&agg, "Timestamp,event_name,payload_Customer_id,payload_tokens\n");
    assert!(
        m.starts_with(
            "Column \"Timestamp\" should be timestamp. Column \"payload_Customer_id\" should be \
             payload_customer_id. Missing columns timestamp, payload_customer_id. Expected header: "
        ),
        "{m}"
    );
    let m = header_error(&agg, "timestamp,event name,customer_id,payload_Tokens\n");
    assert!(m.contains("Column \"event name\" should be event_name."), "{m}");
    assert!(
        m.contains("Column \"customer_id\" should be payload_customer_id."),
        "{m}"
    );
    assert!(
        m.contains("Column \"payload_Tokens\" should be payload_tokens."),
        "{m}"
    );
    let m = header_error(&agg, &format!("{TOKENS_HEADER},payload_customer-id\n"));
    assert!(
        m.starts_with("Column \"payload_customer-id\" should be payload_customer_id."),
        "{m}"
    );
}

#[test]
fn duplicate_unnamed_and_keyless_columns_refuse_the_file() {
    let agg = sum("tokens");
    let m = header_error(&agg, &format!("{TOKENS_HEADER},timestamp ,payload_x,payload_x\n"));
    assert!(
        m.starts_with("Columns \"timestamp\", \"payload_x\" appear more than once."),
        "{m}"
    );
    let m = header_error(&agg, &format!("{TOKENS_HEADER},\n"));
    assert!(m.starts_with("Column 5 has no name."), "{m}");
    let m = header_error(&agg, &format!("{TOKENS_HEADER},payload_\n"));
    assert!(
        m.starts_with("Column \"payload_\" has no property name after payload_."),
        "{m}"
    );
    let m = header_error(&agg, &format!("{TOKENS_HEADER},payload_{}\n", "k".repeat(101)));
    assert!(
        m.contains("names a property of 101 characters; at most 100."),
        "{m}"
    );
    assert!(
        read(
            &agg,
            &format!("{TOKENS_HEADER},payload_{}\n1,a,c,1\n", "k".repeat(100))
        )
        .is_ok()
    );
}

#[test]
fn a_data_row_in_place_of_the_header_is_named_as_such() {
    let m = header_error(&sum("tokens"), "2024-09-23,a,cus_1,1\n");
    assert!(
        m.starts_with(
            "The first line must be the header. Unknown columns \"2024-09-23\", \"a\", \"cus_1\", \"1\". \
             Missing columns timestamp, event_name, payload_customer_id, payload_tokens. Expected header:"
        ),
        "{m}"
    );
}

#[test]
fn invalid_utf8_names_the_line() {
    let mut bytes = format!("{TOKENS_HEADER}\n2024-09-23,a,cus_1,1\n2024-09-23,caf").into_bytes();
    bytes.push(0xE9); // Latin-1 é
    bytes.extend_from_slice(b",cus_1,1\n");
    let e = parse(
        &bytes,
        &UploadSpec {
            aggregation: &sum("tokens"),
        },
    )
    .unwrap_err();
    assert_eq!(e, FileError::NotUtf8 { line: 3 });
    assert_eq!(
        e.to_string(),
        "The file is not UTF-8 (line 3). Save it as CSV UTF-8 and upload again."
    );
    assert_eq!(e.code(), "not_utf8");
    // UTF-16 read as bytes is full of NULs (valid UTF-8, but never meant): same answer.
    let utf16: Vec<u8> = "timestamp,event_name\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(
        parse(
            &utf16,
            &UploadSpec {
                aggregation: &sum("tokens")
            }
        ),
        Err(FileError::NotUtf8 { line: 1 })
    );
}

#[test]
fn semicolon_separated_files_are_named_as_such() {
    let m = header_error(
        &sum("tokens"),
        "timestamp;event_name;payload_customer_id;payload_tokens\n",
    );
    assert!(
        m.starts_with("The columns are separated by \";\", not commas."),
        "{m}"
    );
    assert!(m.contains("Expected header: timestamp,event_name,"), "{m}");
}

#[test]
fn files_without_rows_are_empty() {
    let agg = sum("tokens");
    for text in [
        "",
        "\u{feff}",
        "\n\r\n,,,\n",
        "timestamp,event_name,payload_customer_id,payload_tokens\n\n,,,\n",
    ] {
        assert_eq!(read(&agg, text), Err(FileError::Empty), "{text:?}");
    }
    assert!(FileError::Empty.to_string().contains("has no rows"));
    // A wrong header is the first thing to fix.
    assert!(matches!(read(&agg, "foo\n"), Err(FileError::Header(_))));
}

#[test]
fn an_unclosed_quote_refuses_the_file() {
    let e = read(
        &sum("tokens"),
        &format!("{TOKENS_HEADER}\n2024-09-23,a,cus_1,1\n2024-09-23,\"a,cus_1,1\n2024-09-23,a,cus_1,1\n"),
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_csv");
    assert!(e.to_string().contains("on line 3 is never closed"), "{e}");
    // Quotes inside an unquoted cell are literal, as the reader takes them.
    let f = file(
        &sum("tokens"),
        &format!("{TOKENS_HEADER}\n2024-09-23,5\" disk,cus_1,1\n"),
    );
    assert_eq!(event(&f.rows[0]).event_name, "5\" disk");
}

#[test]
fn pdfs_workbooks_and_images_are_named_for_what_they_are() {
    let spec = UploadSpec {
        aggregation: &sum("tokens"),
    };
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
    xlsx.extend_from_slice(b"[Content_Types].xml xl/workbook.xml");
    for (bytes, kind) in [
        (b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(), "a PDF document"),
        (xlsx, "an Excel workbook (.xlsx)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), "a PNG image"),
        (b"\xFF\xD8\xFF\xE0\x00\x10JFIF".to_vec(), "a JPEG image"),
    ] {
        let e = parse(&bytes, &spec).unwrap_err();
        assert_eq!(e, FileError::NotCsv(kind));
        assert_eq!(e.code(), "not_csv");
        let m = e.to_string();
        assert!(
            m.starts_with(&format!("This file is {kind}, not a CSV file.")),
            "{m}"
        );
        assert!(!m.contains("UTF-8 (line"), "{m}");
    }
}
