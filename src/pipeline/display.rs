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
    let temporal: Vec<bool> = schema.fields().iter().map(|f| matches!(f.data_type(), DataType::Timestamp(..) | DataType::Date32 | DataType::Date64)).collect();
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
                    .zip(&temporal)
                    .map(|((f, c), time)| match f {
                        Some(f) if !c.is_null(i) && *time => crate::text::normal_time(&f.value(i).to_string()),
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

/// The widest a cell is shown; longer text ends in `…`.
const MAX_CELL: usize = 60;

fn column_widths(names: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    let mut widths: Vec<usize> = names.iter().map(|n| n.chars().count().min(MAX_CELL)).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(MAX_CELL));
        }
    }
    widths
}

/// [`table`] within `width` characters, as the DuckDB shell prints a wide result: the first
/// and last columns that fit, and a `…` column where the middle ones were; also how many
/// columns were left out. At least one column is always shown.
pub fn table_within(names: &[String], rows: &[Vec<String>], numeric: &[bool], width: usize) -> (String, usize) {
    let widths = column_widths(names, rows);
    let total: usize = widths.iter().map(|w| w + 3).sum::<usize>() + 1;
    if total <= width || names.len() <= 1 {
        return (table(names, rows, numeric), 0);
    }
    // Take columns from the left and the right in turn while they fit beside a `…` column.
    let (mut left, mut right) = (0usize, names.len());
    let mut used = 1 + 4;
    let mut from_left = true;
    loop {
        let next = if from_left { left } else { right - 1 };
        if left >= right || used + widths[next] + 3 > width {
            break;
        }
        used += widths[next] + 3;
        if from_left { left += 1 } else { right -= 1 }
        from_left = !from_left;
    }
    let left = left.max(1).min(right);
    let keep: Vec<usize> = (0..left).chain(right..names.len()).collect();
    let pick = |cells: &[String], filler: &str| -> Vec<String> {
        let mut out: Vec<String> = keep[..left].iter().map(|&i| cells[i].clone()).collect();
        out.push(filler.to_string());
        out.extend(keep[left..].iter().map(|&i| cells[i].clone()));
        out
    };
    let shown_names = pick(names, "…");
    let shown_rows: Vec<Vec<String>> = rows.iter().map(|r| pick(r, "…")).collect();
    let mut shown_numeric: Vec<bool> = keep[..left].iter().map(|&i| numeric[i]).collect();
    shown_numeric.push(false);
    shown_numeric.extend(keep[left..].iter().map(|&i| numeric[i]));
    (table(&shown_names, &shown_rows, &shown_numeric), names.len() - keep.len())
}

/// A boxed text table: header, rule, rows; numbers right-aligned.
pub fn table(names: &[String], rows: &[Vec<String>], numeric: &[bool]) -> String {
    let widths = column_widths(names, rows);
    let fmt_row = |cells: &[String], align_numbers: bool| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(numeric)
            .map(|((c, w), num)| {
                let c: String = if c.chars().count() > MAX_CELL { c.chars().take(MAX_CELL - 1).chain(['…']).collect() } else { c.clone() };
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

/// Rows as JSON objects; numbers stay numbers where they parse, NULL becomes null. (A
/// `serde_json::Value` sorts its keys; [`OrderedRows`] keeps the columns' order.)
pub fn json_rows(names: &[String], rows: &[Vec<String>], numeric: &[bool]) -> serde_json::Value {
    let rows = rows.iter().map(|row| serde_json::Value::Object(names.iter().cloned().zip(json_cells(row, numeric)).collect())).collect();
    serde_json::Value::Array(rows)
}

fn json_cells<'a>(row: &'a [String], numeric: &'a [bool]) -> impl Iterator<Item = serde_json::Value> + 'a {
    row.iter().zip(numeric).map(|(cell, num)| {
        if cell == "NULL" {
            serde_json::Value::Null
        } else if *num {
            serde_json::from_str(cell).unwrap_or_else(|_| serde_json::Value::String(cell.clone()))
        } else {
            serde_json::Value::String(cell.clone())
        }
    })
}

/// Rows as JSON objects whose keys come in the query's column order, as `query --json` prints
/// them (a reader sees the columns as the SELECT wrote them).
pub struct OrderedRows<'a> {
    pub names: &'a [String],
    pub rows: &'a [Vec<String>],
    pub numeric: &'a [bool],
}

impl serde::Serialize for OrderedRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Row<'r>(&'r [String], &'r [String], &'r [bool]);
        impl serde::Serialize for Row<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for (name, value) in self.0.iter().zip(json_cells(self.1, self.2)) {
                    map.serialize_entry(name, &value)?;
                }
                map.end()
            }
        }
        let mut seq = serializer.serialize_seq(Some(self.rows.len()))?;
        for row in self.rows {
            seq.serialize_element(&Row(self.names, row, self.numeric))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_table_keeps_its_first_and_last_columns_within_the_width() {
        let names: Vec<String> = (0..20).map(|i| format!("column_{i:02}")).collect();
        let rows = vec![(0..20).map(|i| i.to_string()).collect::<Vec<_>>()];
        let numeric = vec![true; 20];
        let (text, hidden) = table_within(&names, &rows, &numeric, 80);
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        assert!(hidden > 0 && text.contains("column_00") && text.contains("column_19") && text.contains("…"), "{text}");
        assert_eq!(text.lines().nth(1).unwrap().matches("column_").count() + hidden, 20);
        let (narrow, _) = table_within(&names[..2], &rows.iter().map(|r| r[..2].to_vec()).collect::<Vec<_>>(), &numeric[..2], 80);
        assert!(!narrow.contains('…'));
        // A tiny terminal still shows a column.
        let (tiny, hidden) = table_within(&names, &rows, &numeric, 5);
        assert!(tiny.contains("column_00") && hidden == 19, "{tiny}");
    }
}
