//! The comparison rules of SPEC §6, one by one, on small hand-made tables: what passes, what
//! fails, and the hint a learner gets (`check::judge`: the comparison, then feedback's words).

use saaslab::check::compare::{columns, Options};
use saaslab::check::judge as compare;
use saaslab::check::table::{Kind, Table, Value};

fn t(cols: &[(&str, Kind)], rows: Vec<Vec<Value>>) -> Table {
    Table { columns: columns(cols), rows }
}

fn txt(s: &str) -> Value {
    Value::Text(s.into())
}

fn months() -> Table {
    t(
        &[("month", Kind::Date), ("mrr", Kind::Number), ("customers", Kind::Integer)],
        vec![
            vec![txt("2025-01-01"), Value::Num(100.25), Value::Int(3)],
            vec![txt("2025-02-01"), Value::Num(110.5), Value::Int(4)],
            vec![txt("2025-03-01"), Value::Num(90.0), Value::Int(2)],
        ],
    )
}

fn keyed() -> Options {
    Options { keys: vec!["month".into()], tolerance: 1e-6, ..Options::default() }
}

#[test]
fn identical_results_pass() {
    let o = compare(&months(), &months(), &Options::default());
    assert!(o.passed, "{o:?}");
    assert!(o.verdict.starts_with("PASS"), "{}", o.verdict);
}

#[test]
fn reordered_columns_and_rows_pass_and_names_ignore_case() {
    let want = months();
    let mut got = t(&[("CUSTOMERS", Kind::Integer), ("Month", Kind::Date), ("mrr", Kind::Number)], Vec::new());
    for r in want.rows.iter().rev() {
        got.rows.push(vec![r[2].clone(), r[0].clone(), r[1].clone()]);
    }
    let o = compare(&want, &got, &Options::default());
    assert!(o.passed, "{o:?}");
}

#[test]
fn renamed_column_fails_with_the_as_hint() {
    let want = months();
    let mut got = months();
    got.columns[1].name = "total_mrr".into();
    let o = compare(&want, &got, &Options::default());
    assert!(!o.passed);
    assert_eq!(o.missing_columns, vec!["mrr"]);
    assert_eq!(o.extra_columns, vec!["total_mrr"]);
    assert!(o.verdict.contains("columns differ"), "{}", o.verdict);
    assert!(o.hints.iter().any(|h| h.contains("rename the column with AS") && h.contains("AS mrr") && h.contains("total_mrr")), "{:?}", o.hints);
}

#[test]
fn extra_column_fails_unless_allowed() {
    let want = months();
    let mut got = months();
    got.columns.push(saaslab::check::table::Column { name: "note".into(), kind: Kind::Text });
    for r in &mut got.rows {
        r.push(txt("x"));
    }
    let o = compare(&want, &got, &Options::default());
    assert!(!o.passed);
    assert!(o.hints.iter().any(|h| h.contains("drop the column") && h.contains("`note`")), "{:?}", o.hints);
    let allowed = compare(&want, &got, &Options { extra_columns: true, ..Options::default() });
    assert!(allowed.passed, "{allowed:?}");
}

#[test]
fn a_missing_duplicate_row_fails() {
    let one = t(&[("channel", Kind::Text)], vec![vec![txt("email")], vec![txt("email")], vec![txt("direct")]]);
    let fewer = t(&[("channel", Kind::Text)], vec![vec![txt("email")], vec![txt("direct")]]);
    let o = compare(&one, &fewer, &Options::default());
    assert!(!o.passed, "a multiset: two expected copies need two copies");
    assert_eq!(o.missing_total, 1);
    assert_eq!(o.missing[0].count, 1);
    assert_eq!(o.unexpected_total, 0);
    assert!(o.hints.iter().any(|h| h.contains("missing and nothing extra")), "{:?}", o.hints);
    // And the other way round: a duplicated row is unexpected, with its multiplicity.
    let more = t(&[("channel", Kind::Text)], vec![vec![txt("email")], vec![txt("email")], vec![txt("email")], vec![txt("direct")], vec![txt("direct")]]);
    let o = compare(&one, &more, &Options::default());
    assert!(!o.passed);
    assert_eq!(o.unexpected_total, 2);
    assert!(o.hints.iter().any(|h| h.contains("more than once")), "{:?}", o.hints);
}

#[test]
fn rounding_within_tolerance_passes_and_outside_it_hints() {
    let want = months();
    let mut close = months();
    close.rows[0][1] = Value::Num(100.250_000_01);
    assert!(compare(&want, &close, &keyed()).passed);

    // Unrounded where the expected values are rounded to 2 decimals: fails, says so.
    let mut raw = months();
    raw.rows[0][1] = Value::Num(100.2512);
    let o = compare(&want, &raw, &keyed());
    assert!(!o.passed);
    assert!(o.hints.iter().any(|h| h.contains("match after rounding") && h.contains("2 decimals")), "{:?}", o.hints);
    assert_eq!(o.column_mismatches.len(), 1);
    assert_eq!(o.column_mismatches[0].column, "mrr");
    assert!(o.column_mismatches[0].example_key.contains("2025-01-01"));

    // A coarse tolerance accepts it.
    assert!(compare(&want, &raw, &Options { tolerance: 1e-3, ..keyed() }).passed);
}

#[test]
fn integers_and_decimals_compare_numerically_and_null_equals_null() {
    let want = t(&[("n", Kind::Integer), ("x", Kind::Number)], vec![vec![Value::Int(12), Value::Null]]);
    let got = t(&[("n", Kind::Number), ("x", Kind::Number)], vec![vec![Value::Num(12.0), Value::Null]]);
    assert!(compare(&want, &got, &Options::default()).passed);
}

#[test]
fn dates_equal_midnight_timestamps() {
    let want = t(&[("d", Kind::Date)], vec![vec![txt("2025-01-01")]]);
    let got = t(&[("d", Kind::Timestamp)], vec![vec![txt("2025-01-01 00:00:00")]]);
    assert!(compare(&want, &got, &Options::default()).passed);
    let later = t(&[("d", Kind::Timestamp)], vec![vec![txt("2025-01-01 10:00:00")]]);
    assert!(!compare(&want, &later, &Options::default()).passed);
}

#[test]
fn order_matters_only_where_required() {
    let want = months();
    let mut reversed = months();
    reversed.rows.reverse();
    assert!(compare(&want, &reversed, &Options::default()).passed, "no order asked: any order passes");

    let ordered = Options { ordered: true, order_by: Some("month".into()), ..Options::default() };
    let o = compare(&want, &reversed, &ordered);
    assert!(!o.passed);
    assert_eq!(o.verdict, "FAIL: right rows, wrong order.");
    assert_eq!(o.first_out_of_order.as_ref().map(|f| f.0), Some(1));
    assert!(o.hints.iter().any(|h| h.contains("right rows, wrong order") && h.contains("ORDER BY month")), "{:?}", o.hints);
    assert!(compare(&want, &months(), &ordered).passed);
}

#[test]
fn a_type_difference_gets_a_cast_hint() {
    let want = t(&[("n", Kind::Integer)], vec![vec![Value::Int(1)]]);
    let got = t(&[("n", Kind::Text)], vec![vec![txt("1")]]);
    let o = compare(&want, &got, &Options::default());
    assert!(!o.passed);
    assert!(o.hints.iter().any(|h| h.contains("cast it")), "{:?}", o.hints);
}

#[test]
fn wrong_values_are_counted_per_column_by_key() {
    let want = months();
    let mut got = months();
    got.rows[1][2] = Value::Int(40);
    got.rows[2][2] = Value::Int(20);
    let o = compare(&want, &got, &keyed());
    assert!(!o.passed);
    assert_eq!(o.missing_total, 2);
    assert_eq!(o.unexpected_total, 2);
    assert_eq!(o.column_mismatches.len(), 1);
    assert_eq!(o.column_mismatches[0].column, "customers");
    assert_eq!(o.column_mismatches[0].rows, 2);
    assert_eq!(o.verdict, "FAIL: 2 of 3 rows have wrong values (in `customers`).");
    assert!(o.hints.iter().any(|h| h.contains("`customers` is larger than expected") && h.contains("counted more than once")), "{:?}", o.hints);

    let mut fewer = months();
    fewer.rows[0][2] = Value::Int(1);
    let o = compare(&want, &fewer, &keyed());
    assert!(o.hints.iter().any(|h| h.contains("`customers` is smaller than expected") && h.contains("LEFT JOIN")), "{:?}", o.hints);

    let mut mixed = months();
    mixed.rows[0][2] = Value::Int(1);
    mixed.rows[1][2] = Value::Int(40);
    let o = compare(&want, &mixed, &keyed());
    assert!(o.hints.iter().any(|h| h.contains("values differ in `customers`")), "{:?}", o.hints);
}

#[test]
fn at_most_five_rows_are_shown() {
    let many: Vec<Vec<Value>> = (0..12).map(|i| vec![Value::Int(i)]).collect();
    let want = t(&[("n", Kind::Integer)], many);
    let got = t(&[("n", Kind::Integer)], Vec::new());
    let o = compare(&want, &got, &Options::default());
    assert_eq!(o.missing_total, 12);
    assert_eq!(o.missing.len(), 5);
}

/// Twelve months of MRR and customers with values that do not repeat, for the patterns below.
fn year() -> Table {
    t(
        &[("month", Kind::Date), ("mrr", Kind::Number), ("customers", Kind::Integer), ("churn_rate", Kind::Number)],
        (1..=12)
            .map(|m| vec![txt(&format!("2025-{m:02}-01")), Value::Num(((1000.0 + 37.37 * m as f64 + (m * m) as f64) * 100.0).round() / 100.0), Value::Int(40 + 3 * m as i128 + (m % 4) as i128), Value::Num(0.01 * m as f64)])
            .collect(),
    )
}

fn map_column(table: &Table, c: usize, f: impl Fn(usize, &Value) -> Value) -> Table {
    let mut out = table.clone();
    for (i, r) in out.rows.iter_mut().enumerate() {
        r[c] = f(i, &table.rows[i][c]);
    }
    out
}

fn hints_of(want: &Table, got: &Table) -> Vec<String> {
    let o = compare(want, got, &keyed());
    assert!(!o.passed);
    o.hints
}

fn says(hints: &[String], words: &[&str]) -> bool {
    hints.iter().any(|h| words.iter().all(|w| h.contains(w)))
}

#[test]
fn a_unit_factor_is_named() {
    let want = year();
    let num = |f: f64| move |_: usize, v: &Value| Value::Num(v.as_f64().unwrap() * f);
    assert!(says(&hints_of(&want, &map_column(&want, 1, num(100.0))), &["`mrr`", "× 100", "cents"]));
    assert!(says(&hints_of(&want, &map_column(&want, 1, num(12.0))), &["`mrr`", "× 12", "MRR, not ARR"]));
    assert!(says(&hints_of(&want, &map_column(&want, 1, num(1e6))), &["`mrr`", "micros"]));
    // Only the factor: no "counted more than once" for a column the factor explains.
    assert!(!says(&hints_of(&want, &map_column(&want, 1, num(100.0))), &["counted more than once"]));
}

#[test]
fn a_flipped_sign_and_an_off_by_one_are_named() {
    let want = year();
    let flipped = map_column(&want, 1, |_, v| Value::Num(-v.as_f64().unwrap()));
    assert!(says(&hints_of(&want, &flipped), &["`mrr`", "wrong sign"]));
    let plus_one = map_column(&want, 2, |_, v| Value::Int(v.as_f64().unwrap() as i128 + 1));
    assert!(says(&hints_of(&want, &plus_one), &["`customers`", "too large by exactly one", "inclusive"]));
}

#[test]
fn a_value_shifted_one_row_is_named() {
    let want = year();
    // Each month shows the previous month's MRR (a LAG where the prompt wants the month's own).
    let lagged = map_column(&want, 1, |i, _| if i == 0 { Value::Num(0.0) } else { want.rows[i - 1][1].clone() });
    assert!(says(&hints_of(&want, &lagged), &["`mrr`", "previous row", "LAG"]), "{:?}", hints_of(&want, &lagged));
    let led = map_column(&want, 1, |i, _| if i == 11 { Value::Num(0.0) } else { want.rows[i + 1][1].clone() });
    assert!(says(&hints_of(&want, &led), &["`mrr`", "next row", "LEAD"]));
}

#[test]
fn only_the_first_or_last_period_wrong_is_named() {
    let want = year();
    let first = map_column(&want, 1, |i, v| if i == 0 { Value::Num(1.0) } else { v.clone() });
    assert!(says(&hints_of(&want, &first), &["only the first row", "window function"]));
    let last = map_column(&want, 2, |i, v| if i == 11 { Value::Int(0) } else { v.clone() });
    assert!(says(&hints_of(&want, &last), &["only the last row"]));
}

#[test]
fn rows_differing_only_at_the_range_ends_are_named() {
    let want = year();
    // The learner starts a month late and runs a month over.
    let mut got = want.clone();
    got.rows.remove(0);
    got.rows.push(vec![txt("2026-01-01"), Value::Num(2000.0), Value::Int(90), Value::Num(0.2)]);
    let hints = hints_of(&want, &got);
    assert!(says(&hints, &["only at the ends of the range", "1 missing at the start", "1 extra at the end", "`>=` or `>`"]), "{hints:?}");
    assert!(!says(&hints, &["grain"]), "{hints:?}");
}

#[test]
fn the_rounding_hint_needs_rounding_to_explain_most_mismatches() {
    let want = map_column(&year(), 1, |_, v| Value::Num((v.as_f64().unwrap() * 100.0).round() / 100.0));
    // One value unrounded, five plainly wrong: rounding explains a sixth, so it is not said.
    let got = map_column(&want, 1, |i, v| match i {
        0 => Value::Num(v.as_f64().unwrap() + 0.0012),
        1..=5 => Value::Num(v.as_f64().unwrap() + 7.0 * i as f64),
        _ => v.clone(),
    });
    assert!(!says(&hints_of(&want, &got), &["match after rounding"]), "{:?}", hints_of(&want, &got));
    // All unrounded: said, with the expected number of decimals.
    let all = map_column(&want, 1, |_, v| Value::Num(v.as_f64().unwrap() + 0.0012));
    assert!(says(&hints_of(&want, &all), &["match after rounding", "2 decimals"]), "{:?}", hints_of(&want, &all));
}

#[test]
fn fan_out_and_lost_row_hints_are_for_counts_and_sums_only() {
    let want = year();
    let higher = |c: usize, by: f64| map_column(&want, c, move |i, v| if i % 3 == 0 { Value::Num(v.as_f64().unwrap() * by + 0.5) } else { v.clone() });
    // A rate that is higher says nothing of fanned-out rows …
    assert!(!says(&hints_of(&want, &higher(3, 1.5)), &["counted more than once"]), "{:?}", hints_of(&want, &higher(3, 1.5)));
    // … a decimal sum that is higher does.
    assert!(says(&hints_of(&want, &higher(1, 1.5)), &["`mrr` is larger than expected", "counted more than once"]), "{:?}", hints_of(&want, &higher(1, 1.5)));
}
