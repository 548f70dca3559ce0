//! Query results as a plain-text table (for `saaslab query` and failing test rows) or as JSON
//! rows, from DuckDB's Arrow record batches.

use arrow::array::Array;
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;
use arrow::util::display::{ArrayFormatter, FormatOptions};

/// The column names and up to `limit` rows of formatted cells (NULL shown as `NULL`).
pub fn cells(batches: &[RecordBatch], limit: usize) -> (Vec<String>, Vec<Vec<String>>, Vec<bool>) {
    let Some(first) = batches.first() else { return (Vec::new(), Vec::new(), Vec::new()) };
    let schema = first.schema();
    let names = schema.fields().iter().map(|f| f.name().clone()).collect();
    let numeric = schema.fields().iter().map(|f| is_numeric(f.data_type())).collect();
    let options = FormatOptions::default().with_null("NULL");
    let mut rows = Vec::new();
    'batches: for batch in batches {
        let formatters: Vec<_> = batch.columns().iter().map(|c| ArrayFormatter::try_new(c.as_ref(), &options).ok()).collect();
        for i in 0..batch.num_rows() {
            if rows.len() == limit {
                break 'batches;
            }
            rows.push(
                formatters
                    .iter()
                    .zip(batch.columns())
                    .map(|(f, c)| match f {
                        Some(f) if !c.is_null(i) => f.value(i).to_string(),
                        _ => "NULL".to_string(),
                    })
                    .collect(),
            );
        }
    }
    (names, rows, numeric)
}

fn is_numeric(t: &DataType) -> bool {
    t.is_numeric() || matches!(t, DataType::Decimal128(..) | DataType::Decimal256(..))
}

/// A boxed text table: header, rule, rows; numbers right-aligned.
pub fn table(names: &[String], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let mut widths: Vec<usize> = names.iter().map(|n| n.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(60));
        }
    }
    let fmt_row = |cells: &[String], align_numbers: bool| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(numeric)
            .map(|((c, w), num)| {
                let c: String = if c.chars().count() > 60 { c.chars().take(59).chain(['…']).collect() } else { c.clone() };
                if align_numbers && *num { format!("{c:>w$}") } else { format!("{c:<w$}") }
            })
            .collect();
        format!("│ {} │", parts.join(" │ "))
    };
    let rule = |l: &str, m: &str, r: &str| format!("{l}{}{r}", widths.iter().map(|w| "─".repeat(w + 2)).collect::<Vec<_>>().join(m));
    let mut out = vec![rule("┌", "┬", "┐"), fmt_row(names, false), rule("├", "┼", "┤")];
    out.extend(rows.iter().map(|r| fmt_row(r, true)));
    out.push(rule("└", "┴", "┘"));
    out.join("\n")
}

/// Rows as JSON objects; numbers stay numbers where they parse, NULL becomes null.
pub fn json_rows(names: &[String], rows: &[Vec<String>], numeric: &[bool]) -> serde_json::Value {
    let rows = rows
        .iter()
        .map(|row| {
            let mut obj = serde_json::Map::new();
            for ((name, cell), num) in names.iter().zip(row).zip(numeric) {
                let value = if cell == "NULL" {
                    serde_json::Value::Null
                } else if *num {
                    serde_json::from_str(cell).unwrap_or_else(|_| serde_json::Value::String(cell.clone()))
                } else {
                    serde_json::Value::String(cell.clone())
                };
                obj.insert(name.clone(), value);
            }
            serde_json::Value::Object(obj)
        })
        .collect();
    serde_json::Value::Array(rows)
}
