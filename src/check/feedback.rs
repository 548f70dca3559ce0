//! Every word a learner reads about a check: the verdict line and the hints (`explain`, from
//! the comparison's findings), and the whole report as text (`text`): the verdict first, then
//! what differs (columns, row counts, missing and unexpected rows with their multiplicities,
//! mismatches per column), then hints saying where to look next.

use super::compare::{CountedRow, Finding, Outcome, UnitFactor};
use super::table::Kind;
use super::{Source, Verdict};
use crate::pipeline::display;

/// Word the outcome: its verdict line and one hint per finding, in the findings' order.
pub fn explain(outcome: &mut Outcome) {
    outcome.verdict = verdict(outcome);
    outcome.hints = outcome.findings.iter().map(hint).collect();
}

fn hint(finding: &Finding) -> String {
    match finding {
        Finding::Renamed { column, yours } => format!("right values in `{yours}`: rename the column with AS — `… AS {column}`."),
        Finding::ExpectedColumns(names) => format!("the expected result has columns {}; name yours the same (AS renames a column).", list(names)),
        Finding::ExtraColumns(extra) => {
            let many = extra.len() > 1;
            format!("drop the column{} {} from your SELECT: the exercise does not ask for {}.", if many { "s" } else { "" }, list(extra), if many { "them" } else { "it" })
        }
        Finding::DuplicateColumn(name) => format!("your result has more than one column named `{name}`: give each its own name with AS."),
        Finding::TypeDiffers { column, expected, got } => {
            format!("`{column}` is {} in your result but {} in the expected one: cast it (e.g. `{column}::{}`).", article(*got), article(*expected), sql_type(*expected))
        }
        Finding::WrongOrder { order_by } => {
            let order = order_by.as_deref().map(|o| format!(": ORDER BY {o}")).unwrap_or_default();
            format!("right rows, wrong order — the exercise asks for a specific order{order}.")
        }
        Finding::RoundTo { column, places } => format!("values in `{column}` match after rounding: round them to {places} decimal{} (`round(…, {places})`).", plural(*places as usize)),
        Finding::RoundedTooEarly { column, places } => {
            format!("values in `{column}` match after rounding: yours are rounded to {places} decimal{}, the expected ones are not — round later, or not at all.", plural(*places as usize))
        }
        Finding::Duplicates => "every expected row is there, some more than once: a join fans rows out (join on the whole key), or GROUP BY / DISTINCT is missing.".into(),
        Finding::ExtraRows(n) => format!("every expected row is there, plus {n} more: check your WHERE clause and date range against the prompt."),
        Finding::MissingRows(n) => format!("{n} expected row{} missing and nothing extra: a filter is too strict, or an inner join drops rows a left join would keep.", if *n == 1 { " is" } else { "s are" }),
        Finding::CountsTooSmall(columns) => format!("{} smaller than expected wherever it differs: rows are lost before counting — a filter too strict, or an inner join where a LEFT JOIN would keep rows without a match.", subject(columns)),
        Finding::CountsTooLarge(columns) => format!("{} larger than expected wherever it differs: some rows are counted more than once (a join fans out), or a filter from the prompt is missing.", subject(columns)),
        Finding::ValuesDiffer(columns) => format!("right number of rows, but values differ in {}: compare your calculation with the prompt's definition.", list(columns)),
        Finding::MoreRows => "your result has more rows than expected: is the grain right (one row per what?), and the date range?".into(),
        Finding::FewerRows => "your result has fewer rows than expected: is a filter too strict, or a join dropping rows?".into(),
        Finding::Factor { column, factor } => format!("every wrong value in `{column}` is the expected one {}.", factor_words(*factor)),
        Finding::SignFlipped { column } => format!("every wrong value in `{column}` has the wrong sign: subtract the other way round, or check which movements the prompt counts as negative."),
        Finding::OffByOne { column, by } => format!(
            "every wrong value in `{column}` is {} by exactly one: an inclusive bound where the prompt wants an exclusive one (or the other way round), or counting a day, month or row too {}.",
            if *by > 0 { "too large" } else { "too small" },
            if *by > 0 { "many" } else { "few" }
        ),
        Finding::Shifted { column, by } => format!(
            "in key order, `{column}` holds the {} row's expected value: the window is shifted by one — {} where the prompt wants the other, or a period off by one.",
            if *by < 0 { "previous" } else { "next" },
            if *by < 0 { "LAG (or an ORDER BY the wrong way)" } else { "LEAD (or an ORDER BY the wrong way)" }
        ),
        Finding::EndsDiffer { first, last } => format!(
            "only the {} row{} in key order {} wrong: a filter applied before a window function (LAG / LEAD / running totals see rows the result leaves out, or miss rows before the range), or a range bound off by one period.",
            match (first, last) { (true, true) => "first and last", (true, false) => "first", _ => "last" },
            if *first && *last { "s" } else { "" },
            if *first && *last { "are" } else { "is" }
        ),
        Finding::RangeEnds { missing_start, missing_end, extra_start, extra_end } => {
            let mut parts = Vec::new();
            for (n, what, end) in [(missing_start, "missing", "start"), (missing_end, "missing", "end"), (extra_start, "extra", "start"), (extra_end, "extra", "end")] {
                if *n > 0 {
                    parts.push(format!("{n} {what} at the {end}"));
                }
            }
            format!("the rows differ only at the ends of the range ({}): check the range's bounds — `>=` or `>`, `<` or `<=`, the first and last day or month the prompt names.", parts.join(", "))
        }
    }
}

/// What a unit factor means, in the words of the mistake that leaves it behind.
fn factor_words(factor: UnitFactor) -> &'static str {
    match factor {
        UnitFactor::Hundred => "× 100: cents where the prompt wants currency units (divide by 100)",
        UnitFactor::Hundredth => "÷ 100: currency units where the prompt wants cents, or a fraction where it wants a percentage",
        UnitFactor::Million => "× 1,000,000: micros (Google Ads' cost_micros) where the prompt wants currency units",
        UnitFactor::Millionth => "÷ 1,000,000: divided by a million once too often",
        UnitFactor::Thousand => "× 1,000: per thousand, or milliseconds, where the prompt wants units",
        UnitFactor::Thousandth => "÷ 1,000: divided by a thousand once too often",
        UnitFactor::Twelve => "× 12: an annual figure where the prompt wants a monthly one (MRR, not ARR)",
        UnitFactor::Twelfth => "÷ 12: a monthly figure where the prompt wants an annual one (ARR, not MRR)",
    }
}

fn verdict(out: &Outcome) -> String {
    if out.passed {
        return format!("PASS: {} row{} match the expected result.", out.expected_rows, plural(out.expected_rows));
    }
    if !out.schema_ok {
        let mut parts = Vec::new();
        if !out.missing_columns.is_empty() {
            parts.push(format!("missing column{} {}", if out.missing_columns.len() > 1 { "s" } else { "" }, list(&out.missing_columns)));
        }
        if !out.extra_columns.is_empty() {
            parts.push(format!("unexpected column{} {}", if out.extra_columns.len() > 1 { "s" } else { "" }, list(&out.extra_columns)));
        }
        if parts.is_empty() {
            parts.push("duplicate column names".into());
        }
        return format!("FAIL: the columns differ ({}).", parts.join("; "));
    }
    if out.rows_ok {
        return "FAIL: right rows, wrong order.".into();
    }
    if out.expected_rows == out.actual_rows && out.missing_total == out.unexpected_total && !out.column_mismatches.is_empty() {
        return format!(
            "FAIL: {} of {} rows {} wrong values (in {}).",
            out.missing_total,
            out.expected_rows,
            if out.missing_total == 1 { "has" } else { "have" },
            list(&out.column_mismatches.iter().map(|m| m.column.clone()).collect::<Vec<_>>())
        );
    }
    format!(
        "FAIL: {} expected row{} missing, {} unexpected row{} (expected {} rows, got {}).",
        out.missing_total,
        plural(out.missing_total),
        out.unexpected_total,
        plural(out.unexpected_total),
        out.expected_rows,
        out.actual_rows
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn list(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// "`a` is" / "`a` and `b` are".
fn subject(columns: &[String]) -> String {
    let names: Vec<String> = columns.iter().map(|c| format!("`{c}`")).collect();
    if names.len() == 1 { format!("{} is", names[0]) } else { format!("{} are", names.join(" and ")) }
}

fn article(k: Kind) -> &'static str {
    match k {
        Kind::Integer => "an integer",
        Kind::Number => "a number",
        Kind::Text => "text",
        Kind::Boolean => "a boolean",
        Kind::Date => "a date",
        Kind::Timestamp => "a timestamp",
        Kind::Other => "a list or struct",
    }
}

fn sql_type(k: Kind) -> &'static str {
    match k {
        Kind::Integer => "bigint",
        Kind::Number => "double",
        Kind::Text => "varchar",
        Kind::Boolean => "boolean",
        Kind::Date => "date",
        Kind::Timestamp => "timestamp",
        Kind::Other => "varchar",
    }
}

/// The hint for a query that returns the same rows on the check dataset as on the learner's.
pub const SAME_ROWS_EVERYWHERE: &str = "your query returns exactly the same rows on the check dataset as on yours: its answer does not come from the data (values typed in, or copied from a result). Compute every value from the tables.";

/// An outcome on a hidden check dataset, as the learner may see it: how many rows and which
/// columns differ, and the hints, but none of the dataset's values.
pub fn without_rows(mut o: Outcome) -> Outcome {
    o.missing.clear();
    o.unexpected.clear();
    for m in &mut o.column_mismatches {
        m.example_key.clear();
        m.expected.clear();
        m.got.clear();
    }
    o.first_out_of_order = o.first_out_of_order.map(|(n, _, _)| (n, String::new(), String::new()));
    o
}

/// The whole verdict as a learner reads it in the terminal.
pub fn text(report: &Verdict) -> String {
    let mut out = vec![format!("exercise {} — {}", report.exercise, report.title)];
    if let Some(hidden) = &report.failed_on {
        out.push(format!(
            "FAIL on a check dataset: your query gives the expected answer on your dataset, but not on {hidden}, \
             a small dataset saaslab checks every answer on (other accounts, dates and data-quality defects). \
             Your dataset does not exercise every rule of the prompt: read it again for the rule your query leaves out, \
             and make sure no number in your query comes from your data."
        ));
    }
    if let Some(error) = &report.error {
        out.push("FAIL: your query did not run.".into());
        out.push(String::new());
        out.push(error.strip_prefix("the query failed: ").unwrap_or(error).to_string());
        return out.join("\n");
    }
    let Some(o) = &report.outcome else { return out.join("\n") };
    out.push(o.verdict.clone());
    if o.passed {
        let hidden = report.checked_on.len().saturating_sub(1);
        if hidden > 0 {
            out.push(format!("(checked on your dataset and {hidden} hidden check dataset{})", if hidden == 1 { "" } else { "s" }));
        }
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
    if report.failed_on.is_some() && o.missing_total + o.unexpected_total > 0 {
        out.push(format!("{} missing, {} unexpected (the check dataset's rows are not shown)", rows_word(o.missing_total), rows_word(o.unexpected_total)));
    }
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
            let example = if m.example_key.is_empty() { String::new() } else { format!(" — e.g. {}: expected {}, got {}", m.example_key, m.expected, m.got) };
            out.push(format!("  {}: {} row{}{example}", m.column, m.rows, if m.rows == 1 { " differs" } else { "s differ" }));
        }
    }
    if let Some((n, want, got)) = &o.first_out_of_order {
        out.push(String::new());
        if want.is_empty() {
            out.push(format!("first row out of order: row {n}"));
        } else {
            out.push(format!("first row out of order: row {n} should be {want}, yours is {got}"));
        }
    }
    if !o.hints.is_empty() {
        out.push(String::new());
        out.push("hints:".into());
        out.extend(o.hints.iter().map(|h| format!("  - {h}")));
    }
    out.push(String::new());
    out.push(match (&report.failed_on, report.expected_from) {
        (Some(hidden), _) => format!("(compared with the reference solution run on {hidden})"),
        (None, Source::ExpectedFile) => format!("(compared with expected/{}.json, the canonical dataset's answer)", report.exercise),
        (None, Source::ReferenceSolution) => "(compared with the reference solution run on your dataset)".into(),
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
