//! Line ends: LF, CRLF and bare CR between rows and inside quoted cells; every row gets the line
//! an editor shows, and no two rows share one.

use serde_json::json;

use super::*;

#[test]
fn bare_cr_line_ends_give_each_row_its_own_line() {
    let f = file(
        &sum("tokens"),
        &format!("{TOKENS_HEADER}\r2024-09-23,a,cus_1,1\r\r2024-09-24,b,cus_2,2\r2024-09-25,c,cus_3,3\r"),
    );
    assert_eq!(lines(&f.rows), [2, 4, 5]);
    assert_eq!(f.rows[1].cells, strings(&["2024-09-24", "b", "cus_2", "2"]));
    assert!(f.rows.iter().all(|r| r.result.is_ok()));
}

#[test]
fn mixed_line_ends_count_one_line_each() {
    // LF, CRLF, CR, a blank CRLF line, then LF.
    let f = file(
        &sum("tokens"),
        &format!(
            "{TOKENS_HEADER}\n2024-09-23,a,cus_1,1\r\n2024-09-23,b,cus_1,1\r\r\n2024-09-23,c,cus_1,1\n2024-09-23,d,cus_1,1"
        ),
    );
    assert_eq!(lines(&f.rows), [2, 3, 5, 6]);
    let names: Vec<&str> = f.rows.iter().map(|r| event(r).event_name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c", "d"]);
}

#[test]
fn line_ends_inside_quoted_cells_are_kept_and_counted() {
    let f = file(
        &sum("tokens"),
        &format!(
            "{TOKENS_HEADER},payload_note\r\
             2024-09-23,a,cus_1,1,\"one\rtwo\"\r\
             2024-09-23,b,cus_1,1,\"one\r\ntwo\nthree\"\r\n\
             2024-09-23,c,cus_1,1,\"\r\"\r\
             2024-09-23,d,cus_1,1,plain\r"
        ),
    );
    assert_eq!(lines(&f.rows), [2, 4, 7, 9]);
    let note = |i: usize| event(&f.rows[i]).metadata["note"].clone();
    assert_eq!(note(0), json!("one\rtwo"));
    assert_eq!(note(1), json!("one\r\ntwo\nthree"));
    // A cell of only a line end is blank: the value is left out.
    assert_eq!(event(&f.rows[2]).metadata.get("note"), None);
    assert_eq!(f.rows[2].cells[4], "\r");
    assert_eq!(note(3), json!("plain"));
}

#[test]
fn leading_blank_lines_of_every_kind_count() {
    let f = file(
        &sum("tokens"),
        &format!("\r\r\n\n{TOKENS_HEADER}\r\r2024-09-23,a,cus_1,1\r"),
    );
    assert_eq!(lines(&f.rows), [6]);
}

#[test]
fn errors_name_the_line_with_bare_cr_line_ends() {
    let agg = sum("tokens");
    let e = read(
        &agg,
        &format!("{TOKENS_HEADER}\r2024-09-23,a,cus_1,1\r2024-09-23,\"a,cus_1,1\r"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("on line 3 is never closed"), "{e}");
    let mut bytes = format!("{TOKENS_HEADER}\r2024-09-23,a,cus_1,1\r2024-09-23,caf").into_bytes();
    bytes.push(0xE9);
    assert_eq!(
        parse(&bytes, &UploadSpec { aggregation: &agg }),
        Err(FileError::NotUtf8 { line: 3 })
    );
}

#[test]
fn rows_read_in_chunks_keep_their_lines() {
    let agg = sum("tokens");
    let text = format!("{TOKENS_HEADER}\r{}", "2024-09-23,a,cus_1,1\r\r".repeat(7));
    let mut stream = open(text.as_bytes(), &UploadSpec { aggregation: &agg }).unwrap();
    let mut all = Vec::new();
    loop {
        let chunk = stream.next_chunk(3).unwrap();
        if chunk.is_empty() {
            break;
        }
        all.extend(lines(&chunk));
    }
    assert_eq!(all, [2, 4, 6, 8, 10, 12, 14]);
}
