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
