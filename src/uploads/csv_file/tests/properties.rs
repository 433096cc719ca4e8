//! Properties of the reader: it never panics, whatever the bytes; and generated well-formed
//! files, with random line ends (LF, CRLF, CR), blank lines and quoted cells that span lines,
//! read back with the right cells and the right, unique line numbers.

use proptest::prelude::*;

use super::*;

const LINE_ENDS: [&str; 3] = ["\n", "\r\n", "\r"];

/// A metadata value: plain text, or text that needs quoting (commas, quotes, line ends).
fn value() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "\r", "é", "🙂", "\t",
        ]),
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

/// A cell as written: quoted when it has to be (or at random when it may), `"` doubled.
fn written(cell: &str, quote: bool) -> String {
    let must = cell.contains([',', '"', '\r', '\n']);
    if must || quote {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_owned()
    }
}

/// Line ends in a cell as an editor counts them.
fn breaks(s: &str) -> u64 {
    let b = s.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'\r' || (b[i] == b'\n' && (i == 0 || b[i - 1] != b'\r')))
        .count() as u64
}

#[derive(Debug, Clone)]
struct Row {
    note: String,
    quote: bool,
    /// Blank lines after the row.
    blanks: usize,
    end: usize,
}

fn rows() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(
        (value(), any::<bool>(), 0usize..3, 0usize..3).prop_map(|(note, quote, blanks, end)| Row {
            note,
            quote,
            blanks,
            end,
        }),
        1..12,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn never_panics_on_any_bytes(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..400),
            any::<String>().prop_map(String::into_bytes),
        ]
    ) {
        let agg = sum("tokens");
        let _ = parse(&bytes, &UploadSpec { aggregation: &agg });
    }

    #[test]
    fn never_panics_on_csv_like_bytes(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "timestamp,event_name,payload_customer_id,payload_tokens\n", "2024-09-23,a,cus_1,1",
                ",", "\"", "\"\"", "\r", "\n", "\r\n", "\0", "é", "'", "=", " ", "\u{feff}", "\u{85}",
            ]),
            0..40,
        )
    ) {
        let agg = sum("tokens");
        if let Ok(f) = parse(parts.concat().as_bytes(), &UploadSpec { aggregation: &agg }) {
            let lines = lines(&f.rows);
            prop_assert!(lines.windows(2).all(|w| w[0] < w[1]), "{:?}", lines);
            prop_assert!(f.rows.iter().all(|r| r.cells.iter().all(|c| !c.contains('\0'))));
        }
    }

    #[test]
    fn generated_files_read_back_cell_for_cell_line_for_line(
        header_end in 0usize..3,
        rows in rows(),
        final_end in any::<bool>(),
    ) {
        let agg = sum("tokens");
        let mut text = format!("{TOKENS_HEADER},payload_note{}", LINE_ENDS[header_end]);
        let mut line = 2u64;
        let mut want: Vec<(u64, Vec<String>)> = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let cells = vec![
                "2024-09-23".to_owned(),
                "api.call".to_owned(),
                format!("cus_{i}"),
                i.to_string(),
                row.note.clone(),
            ];
            want.push((line, cells.clone()));
            let written: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(j, c)| written(c, row.quote && j % 2 == 0))
                .collect();
            text.push_str(&written.join(","));
            line += breaks(&row.note);
            let last = i + 1 == rows.len();
            if !last || final_end {
                text.push_str(LINE_ENDS[row.end]);
                line += 1;
            }
            if !last {
                // Any end but an LF right after a CR (that would make one CRLF).
                let blank = if row.end == 2 { "\r\n" } else { LINE_ENDS[(row.end + 1) % 3] };
                for _ in 0..row.blanks {
                    text.push_str(blank);
                    line += 1;
                }
            }
        }
        let f = parse(text.as_bytes(), &UploadSpec { aggregation: &agg });
        prop_assert!(f.is_ok(), "{:?}: {:?}", text, f);
        let f = f.unwrap_or_else(|_| unreachable!());
        let got: Vec<(u64, Vec<String>)> = f.rows.iter().map(|r| (r.line, r.cells.clone())).collect();
        prop_assert_eq!(got, want, "{:?}", text);
        for (i, row) in f.rows.iter().enumerate() {
            let e = row.result.as_ref();
            prop_assert!(e.is_ok(), "{:?}", e);
            let e = e.unwrap_or_else(|_| unreachable!());
            prop_assert_eq!(&e.customer_id, &format!("cus_{i}"));
            let note = e.metadata.get("note").and_then(|v| v.as_str()).unwrap_or_default();
            let blank = rows[i].note.trim().is_empty();
            prop_assert_eq!(note, if blank { "" } else { rows[i].note.as_str() });
        }
    }
}
