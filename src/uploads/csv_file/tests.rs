use serde_json::json;

use super::*;
use crate::metering::{AggregationKind, rfc3339};

fn sum(key: &str) -> Aggregation {
    Aggregation::new(AggregationKind::Sum, Some(key)).unwrap()
}

fn read(agg: &Aggregation, text: &str) -> Result<ParsedFile, FileError> {
    parse(text.as_bytes(), &UploadSpec { aggregation: agg })
}

fn file(agg: &Aggregation, text: &str) -> ParsedFile {
    read(agg, text).unwrap()
}

fn header_error(agg: &Aggregation, text: &str) -> String {
    match read(agg, text) {
        Err(FileError::Header(m)) => m,
        other => panic!("expected a header error, got {other:?}"),
    }
}

fn event(row: &ParsedRow) -> &RowEvent {
    row.result.as_ref().unwrap()
}

fn error(row: &ParsedRow) -> &RowError {
    row.result.as_ref().unwrap_err()
}

fn lines(rows: &[ParsedRow]) -> Vec<u64> {
    rows.iter().map(|r| r.line).collect()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

const TOKENS_HEADER: &str = "timestamp,event_name,payload_customer_id,payload_tokens";

#[test]
fn reads_stripes_template_unchanged() {
    // The example of Stripe's page, with Stripe's customer column and the default `value` key.
    let agg = sum("value");
    let f = file(
        &agg,
        "timestamp,event_name,payload_stripe_customer_id,payload_value\n\
         2024-09-25,ai_search_api,cus_QMJJtcu70R1x46,400\n\
         2024-09-26,ai_search_api,cus_GAXJtSu6021a6s,600\n\
         2024-09-27,cpu_usage,cus_Qz0fwcfSysB9Z3,600\n",
    );
    assert_eq!(f.columns.customer_name, "payload_stripe_customer_id");
    assert_eq!(f.columns.customer, 2);
    assert_eq!(f.columns.value, Some(3));
    assert!(!f.has_identifier);
    assert_eq!(lines(&f.rows), [2, 3, 4]);
    let first = event(&f.rows[0]);
    assert_eq!(first.customer_id, "cus_QMJJtcu70R1x46");
    assert_eq!(first.event_name, "ai_search_api");
    assert_eq!(rfc3339(first.timestamp), "2024-09-25T00:00:00Z");
    assert_eq!(first.identifier, None);
    assert_eq!(Value::Object(first.metadata.clone()), json!({"value": "400"}));
    assert_eq!(event(&f.rows[2]).event_name, "cpu_usage");
}

#[test]
fn reads_our_template_and_its_example_row() {
    let agg = sum("tokens");
    let spec = UploadSpec { aggregation: &agg };
    assert_eq!(expected_header(&spec), TOKENS_HEADER);
    let t = template(&spec, "api.call");
    assert_eq!(
        t,
        format!("\u{feff}{TOKENS_HEADER}\r\n2024-09-23T16:22:25Z,api.call,cus_123,250\r\n")
    );
    let f = parse(t.as_bytes(), &spec).unwrap();
    assert_eq!(f.columns.customer_name, "payload_customer_id");
    let e = event(&f.rows[0]);
    assert_eq!(rfc3339(e.timestamp), "2024-09-23T16:22:25Z");
    assert_eq!(e.customer_id, "cus_123");
    assert_eq!(Value::Object(e.metadata.clone()), json!({"tokens": "250"}));
}

#[test]
fn count_meters_need_no_value_column() {
    let count = Aggregation::count();
    let spec = UploadSpec { aggregation: &count };
    assert_eq!(expected_header(&spec), "timestamp,event_name,payload_customer_id");
    assert_eq!(
        template(&spec, "login"),
        "\u{feff}timestamp,event_name,payload_customer_id\r\n2024-09-23T16:22:25Z,login,cus_123\r\n"
    );
    let f = file(
        &count,
        "timestamp,event_name,payload_customer_id\n2024-09-23,login,cus_1\n",
    );
    assert_eq!(f.columns.value, None);
    assert!(event(&f.rows[0]).metadata.is_empty());
    // Any payload column is plain metadata for a count meter.
    let f = file(
        &count,
        "timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23,login,cus_1,5\n",
    );
    assert_eq!(
        Value::Object(event(&f.rows[0]).metadata.clone()),
        json!({"tokens": "5"})
    );
}

#[test]
fn template_and_expected_header_quote_odd_names() {
    let agg = sum("a,b");
    let spec = UploadSpec { aggregation: &agg };
    assert_eq!(
        expected_header(&spec),
        "timestamp,event_name,payload_customer_id,\"payload_a,b\""
    );
    let f = parse(template(&spec, "=evil").as_bytes(), &spec).unwrap();
    assert_eq!(f.columns.value, Some(3));
    let e = event(&f.rows[0]);
    assert_eq!(e.event_name, "=evil");
    assert_eq!(Value::Object(e.metadata.clone()), json!({"a,b": "250"}));
}

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
fn other_payload_columns_become_string_metadata_and_empty_cells_are_left_out() {
    let f = file(
        &sum("tokens"),
        "payload_region,payload_tokens,timestamp,payload_customer_id,event_name,payload_Model\n\
         eu,12.5,2024-09-23,cus_1,llm,gpt\n\
         ,7,2024-09-23,cus_2,llm,  \n\
         us,,2024-09-23,cus_3,llm,x\n",
    );
    assert_eq!(
        f.columns.metadata,
        vec![(0, "region".into()), (1, "tokens".into()), (5, "Model".into())]
    );
    let m = |i: usize| Value::Object(event(&f.rows[i]).metadata.clone());
    assert_eq!(m(0), json!({"region": "eu", "tokens": "12.5", "Model": "gpt"}));
    assert_eq!(m(1), json!({"tokens": "7"}));
    // A missing value is left for the pipeline to call "property missing".
    assert_eq!(m(2), json!({"region": "us", "Model": "x"}));
    assert_eq!(event(&f.rows[0]).customer_id, "cus_1");
}

#[test]
fn metadata_values_are_not_judged_here_but_bounded() {
    let long = "x".repeat(501);
    let f = file(
        &sum("tokens"),
        &format!(
            "{TOKENS_HEADER},payload_note\n\
             2024-09-23,a,cus_1,abc,{}\n\
             2024-09-23,a,cus_1,1,{long}\n",
            "y".repeat(500)
        ),
    );
    // "abc" is not a number: the pipeline says so, like for every path.
    assert_eq!(event(&f.rows[0]).metadata["tokens"], json!("abc"));
    let e = error(&f.rows[1]);
    assert_eq!(e.code, codes::INVALID_METADATA);
    assert_eq!(e.message, "payload_note is 501 characters long; at most 500");
}

#[test]
fn identifier_column_gives_event_ids() {
    let f = file(
        &sum("tokens"),
        &format!(
            "identifier,{TOKENS_HEADER}\n\
             evt_1,2024-09-23,a,cus_1,1\n\
             ,2024-09-23,a,cus_1,1\n\
             \u{20} evt_3 ,2024-09-23,a,cus_1,1\n\
             {},2024-09-23,a,cus_1,1\n",
            "i".repeat(256)
        ),
    );
    assert!(f.has_identifier);
    assert_eq!(f.columns.identifier, Some(0));
    assert_eq!(event(&f.rows[0]).identifier.as_deref(), Some("evt_1"));
    assert_eq!(event(&f.rows[1]).identifier, None);
    assert_eq!(event(&f.rows[2]).identifier.as_deref(), Some("evt_3"));
    let e = error(&f.rows[3]);
    assert_eq!(e.code, codes::INVALID_EVENT_ID);
    assert_eq!(e.message, "identifier is 256 characters long; at most 255");
}

#[test]
fn reads_every_timestamp_form() {
    let forms = [
        ("2024-09-23", "2024-09-23T00:00:00Z"),
        ("2024-09-23T16:22:25+0530", "2024-09-23T10:52:25Z"),
        ("2024-09-23T16:22:25+05:30", "2024-09-23T10:52:25Z"),
        ("2024-09-23T16:22:25Z", "2024-09-23T16:22:25Z"),
        ("2024-09-23T16:22:25.250Z", "2024-09-23T16:22:25Z"),
        ("2024-09-23T16:22:25.5-0100", "2024-09-23T17:22:25Z"),
        ("2024-09-23 16:22:25", "2024-09-23T16:22:25Z"),
        ("1727108545", "2024-09-23T16:22:25Z"),
        ("  2024-09-23  ", "2024-09-23T00:00:00Z"),
    ];
    let body: String = forms.iter().map(|(t, _)| format!("{t},a,cus_1,1\n")).collect();
    let f = file(&sum("tokens"), &format!("{TOKENS_HEADER}\n{body}"));
    let got: Vec<String> = f.rows.iter().map(|r| rfc3339(event(r).timestamp)).collect();
    let want: Vec<&str> = forms.iter().map(|(_, w)| *w).collect();
    assert_eq!(got, want);
}

#[test]
fn impossible_dates_reject_their_row_with_the_reason() {
    let f = file(
        &sum("tokens"),
        &format!(
            "{TOKENS_HEADER}\n2024-13-01,a,cus_1,1\n2024-02-30,a,cus_1,1\n2024-02-29,a,cus_1,1\n,a,cus_1,1\n"
        ),
    );
    for row in &f.rows[..2] {
        let e = error(row);
        assert_eq!(e.code, codes::INVALID_TIMESTAMP);
        assert!(e.message.starts_with("timestamp: "), "{}", e.message);
        assert!(e.message.contains("is not a real date"), "{}", e.message);
    }
    assert!(error(&f.rows[0]).message.contains("\"2024-13-01\""));
    assert!(f.rows[2].result.is_ok());
    assert!(error(&f.rows[3]).message.contains("empty"));
}

#[test]
fn strips_a_byte_order_mark() {
    let text = format!("\u{feff}{TOKENS_HEADER}\n2024-09-23,a,cus_1,1\n");
    let f = file(&sum("tokens"), &text);
    assert_eq!(f.header[0], "timestamp");
    assert_eq!(f.rows.len(), 1);
}

#[test]
fn reads_crlf_line_ends() {
    let f = file(
        &sum("tokens"),
        &format!("{TOKENS_HEADER}\r\n2024-09-23,a,cus_1,1\r\n\r\n2024-09-24,b,cus_2,2\r\n"),
    );
    assert_eq!(lines(&f.rows), [2, 4]);
    assert_eq!(f.rows[1].cells, strings(&["2024-09-24", "b", "cus_2", "2"]));
    assert_eq!(event(&f.rows[1]).metadata["tokens"], json!("2"));
}

#[test]
fn reads_quoted_fields_with_commas_quotes_and_newlines() {
    let f = file(
        &sum("tokens"),
        &format!(
            "{TOKENS_HEADER},payload_note\n\
             2024-09-23,\"api,call\",cus_1,1,\"say \"\"hi\"\"\"\n\
             2024-09-23,a,cus_1,1,\"two\nlines\"\n\
             \"2024-09-24\",b,\"cus_2\",2,\r\n"
        ),
    );
    assert_eq!(lines(&f.rows), [2, 3, 5]);
    assert_eq!(event(&f.rows[0]).event_name, "api,call");
    assert_eq!(event(&f.rows[0]).metadata["note"], json!("say \"hi\""));
    assert_eq!(event(&f.rows[1]).metadata["note"], json!("two\nlines"));
    assert_eq!(event(&f.rows[2]).customer_id, "cus_2");
}

#[test]
fn blank_lines_and_empty_rows_are_skipped_and_lines_still_count() {
    let f = file(
        &sum("tokens"),
        &format!("\n,,,\n{TOKENS_HEADER}\n\n2024-09-23,a,cus_1,1\n,,,\n   \n\n2024-09-23,a,cus_2,2\n,,\n\n"),
    );
    assert_eq!(
        f.header,
        strings(&["timestamp", "event_name", "payload_customer_id", "payload_tokens"])
    );
    assert_eq!(lines(&f.rows), [5, 9]);
    assert_eq!(event(&f.rows[1]).customer_id, "cus_2");
}

#[test]
fn cells_keep_their_spaces_but_blank_ones_are_missing() {
    let f = file(
        &sum("tokens"),
        "  timestamp , event_name,payload_customer_id ,payload_tokens\n\
             2024-09-23,api.call ,cus_1 , 5\n\
             2024-09-23,  ,cus_1,5\n\
             2024-09-23,a, ,5\n",
    );
    let e = event(&f.rows[0]);
    assert_eq!(e.event_name, "api.call ");
    assert_eq!(e.customer_id, "cus_1 ");
    assert_eq!(e.metadata["tokens"], json!(" 5"));
    assert_eq!(error(&f.rows[1]).code, codes::MISSING_EVENT_NAME);
    assert_eq!(error(&f.rows[1]).message, "event_name is empty");
    assert_eq!(error(&f.rows[2]).code, codes::MISSING_CUSTOMER_ID);
    assert_eq!(error(&f.rows[2]).message, "payload_customer_id is empty");
}

#[test]
fn formula_guards_are_undone_when_reading() {
    let f = file(
        &sum("tokens"),
        &format!("{TOKENS_HEADER},payload_note\n2024-09-23,'=a,cus_1,'-5,'x\n"),
    );
    assert_eq!(
        f.rows[0].cells,
        strings(&["2024-09-23", "=a", "cus_1", "-5", "'x"])
    );
    let e = event(&f.rows[0]);
    assert_eq!(e.event_name, "=a");
    assert_eq!(
        Value::Object(e.metadata.clone()),
        json!({"tokens": "-5", "note": "'x"})
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
fn the_error_column_is_accepted_and_ignored() {
    let f = file(
        &sum("tokens"),
        &format!("{TOKENS_HEADER},error\n2024-09-23,a,cus_1,1,row 2: oops\n"),
    );
    assert_eq!(f.columns.error, Some(4));
    assert_eq!(
        Value::Object(event(&f.rows[0]).metadata.clone()),
        json!({"tokens": "1"})
    );
}

#[test]
fn a_wrong_number_of_cells_rejects_the_row() {
    let f = file(
        &sum("tokens"),
        &format!("{TOKENS_HEADER}\n2024-09-23,a,cus_1,1,extra\n2024-09-23,a,cus_1\n2024-09-23,a,cus_1,1\n"),
    );
    let e = error(&f.rows[0]);
    assert_eq!(e.code, codes::WRONG_CELL_COUNT);
    assert_eq!(e.message, "row has 5 cells, the header has 4");
    assert_eq!(error(&f.rows[1]).message, "row has 3 cells, the header has 4");
    assert_eq!(f.rows[1].cells, strings(&["2024-09-23", "a", "cus_1"]));
    assert!(f.rows[2].result.is_ok());
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
fn safe_cell_guards_formula_starts_only() {
    for s in ["=SUM(A1)", "+1", "-5", "@cmd", "\tx", "\rx"] {
        assert_eq!(safe_cell(s), format!("'{s}"), "{s:?}");
        assert_eq!(write::unguard(&safe_cell(s)), s);
    }
    for s in ["", "cus_1", "5", " -5", "'=x", "a=b", "2024-09-23", "é"] {
        assert!(
            matches!(safe_cell(s), std::borrow::Cow::Borrowed(b) if b == s),
            "{s:?}"
        );
    }
    assert_eq!(write::unguard("'x"), "'x");
    assert_eq!(write::unguard("'"), "'");
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
         2024-09-23,\"multi\nline\",cus_1,+3,@me\n\
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
    assert_eq!(event(&second.rows[1]).event_name, "multi\nline");
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

#[test]
fn many_rows_parse() {
    let mut text =
        String::from("identifier,timestamp,event_name,payload_customer_id,payload_tokens,payload_region\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "evt_{i},2024-09-23T16:22:25Z,api.call,cus_{},{i},eu-west-1\n",
            i % 97
        ));
    }
    let f = file(&sum("tokens"), &text);
    assert_eq!(f.rows.len(), 20_000);
    assert!(f.rows.iter().all(|r| r.result.is_ok()));
    assert_eq!(f.rows[19_999].line, 20_001);
}
