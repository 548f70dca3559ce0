//! A check report as text for a learner: the verdict first, then what differs (columns, row
//! counts, missing and unexpected rows with their multiplicities, mismatches per column), then
//! hints saying where to look next.

use super::{Report, Source};
use super::compare::CountedRow;
use crate::pipeline::display;

pub fn text(report: &Report) -> String {
    let mut out = vec![format!("exercise {} — {}", report.exercise, report.title)];
    if let Some(error) = &report.error {
        out.push("FAIL: your query did not run.".into());
        out.push(String::new());
        out.push(error.strip_prefix("the query failed: ").unwrap_or(error).to_string());
        return out.join("\n");
    }
    let Some(o) = &report.outcome else { return out.join("\n") };
    out.push(o.verdict.clone());
    if o.passed {
        return out.join("\n");
    }
    out.push(String::new());
    if !o.missing_columns.is_empty() || !o.extra_columns.is_empty() {
        out.push("columns:".into());
        if !o.missing_columns.is_empty() {
            out.push(format!("  missing:    {}", o.missing_columns.join(", ")));
        }
        if !o.extra_columns.is_empty() {
            out.push(format!("  unexpected: {}", o.extra_columns.join(", ")));
        }
    }
    for (name, want, got) in &o.type_differences {
        out.push(format!("type of {name}: expected {want:?}, got {got:?}").to_lowercase());
    }
    out.push(format!("rows: expected {}, got {}", o.expected_rows, o.actual_rows));
    if !o.missing.is_empty() {
        out.push(String::new());
        out.push(format!("{} missing (expected, not in yours){}:", rows_word(o.missing_total), shown_of(o.missing.len(), o.missing_total)));
        out.push(rows_table(&o.shown_columns, &o.missing));
    }
    if !o.unexpected.is_empty() {
        out.push(String::new());
        out.push(format!("{} unexpected (in yours, not expected){}:", rows_word(o.unexpected_total), shown_of(o.unexpected.len(), o.unexpected_total)));
        out.push(rows_table(&o.shown_columns, &o.unexpected));
    }
    if !o.column_mismatches.is_empty() {
        out.push(String::new());
        out.push(format!("values that differ, matching rows on {}:", o.key_columns.join(", ")));
        for m in &o.column_mismatches {
            out.push(format!("  {}: {} row{} — e.g. {}: expected {}, got {}", m.column, m.rows, if m.rows == 1 { " differs" } else { "s differ" }, m.example_key, m.expected, m.got));
        }
    }
    if let Some((n, want, got)) = &o.first_out_of_order {
        out.push(String::new());
        out.push(format!("first row out of order: row {n} should be {want}, yours is {got}"));
    }
    if !o.hints.is_empty() {
        out.push(String::new());
        out.push("hints:".into());
        out.extend(o.hints.iter().map(|h| format!("  - {h}")));
    }
    out.push(String::new());
    out.push(match report.expected_from {
        Source::ExpectedFile => format!("(compared with expected/{}.json, the canonical dataset's answer)", report.exercise),
        Source::ReferenceSolution => "(compared with the reference solution run on your dataset)".into(),
    });
    out.join("\n")
}

fn rows_word(n: usize) -> String {
    format!("{n} row{}", if n == 1 { "" } else { "s" })
}

fn shown_of(distinct_shown: usize, total: usize) -> String {
    if distinct_shown < total { format!(", first {distinct_shown} distinct shown") } else { String::new() }
}

fn rows_table(columns: &[String], rows: &[CountedRow]) -> String {
    let mut names: Vec<String> = columns.to_vec();
    names.push("×".into());
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.cells.iter().cloned().chain([r.count.to_string()]).collect()).collect();
    let numeric: Vec<bool> = (0..names.len()).map(|i| i + 1 == names.len() || cells.iter().all(|r| r[i].parse::<f64>().is_ok() || r[i] == "NULL")).collect();
    display::table(&names, &cells, &numeric)
}
