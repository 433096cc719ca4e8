//! Reading good files: the templates, the columns, cells, metadata, identifiers and timestamps
//! of each row, and the rows rejected on their own.

use serde_json::json;

use super::*;
use crate::metering::rfc3339;

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
    let t = template(&spec, "api.call", None);
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
        template(&spec, "login", None),
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
    let f = parse(template(&spec, "=evil", None).as_bytes(), &spec).unwrap();
    assert_eq!(f.columns.value, Some(3));
    let e = event(&f.rows[0]);
    assert_eq!(e.event_name, "=evil");
    assert_eq!(Value::Object(e.metadata.clone()), json!({"a,b": "250"}));
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

#[test]
fn a_filtered_meters_template_has_the_filters_columns_and_its_example_row_counts() {
    let agg = sum("tokens");
    let spec = UploadSpec { aggregation: &agg };
    let filter = crate::metering::Filter::from_json(&json!({"conjunction": "and", "clauses": [
        {"key": "region", "operator": "equals", "value": "eu"},
        {"key": "tokens", "operator": "greater_than", "value": 1000},
        {"conjunction": "or", "clauses": [
            {"key": "tier", "operator": "not_equals", "value": "free"},
            {"key": "beta", "operator": "equals", "value": true}]}]}))
    .unwrap();
    let t = template(&spec, "llm.tokens", Some(&filter));
    let header = t.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(
        header,
        "timestamp,event_name,payload_customer_id,payload_tokens,payload_region,payload_tier,payload_beta",
        "one column per filter key, none twice"
    );
    let f = parse(t.as_bytes(), &spec).unwrap();
    let e = event(&f.rows[0]);
    assert!(
        filter.matches(&e.metadata),
        "the example row counts: {:?}",
        e.metadata
    );
    assert_eq!(e.metadata["tokens"], json!("1001"));
}
