//! Compare a learner's result with the expected one, the way SPEC §6 says: columns by name
//! (case-insensitive, any order), rows as a multiset, order only when the exercise asks, NULL
//! equal to NULL, integers and decimals numerically, floats within a tolerance, dates and
//! timestamps normalized. The outcome holds what differs, by how much, and the findings
//! (`Finding`) that feedback turns into a verdict and hints; this module writes no English.

use super::table::{Column, Kind, Table, Value};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// How an exercise wants its result compared: part of the exercise's definition.
pub use crate::exercise::CompareOptions as Options;

/// Shown rows per list (missing, unexpected).
const SHOWN: usize = 5;

#[derive(Clone, Debug, Serialize)]
pub struct CountedRow {
    pub row: BTreeMap<String, serde_json::Value>,
    pub count: usize,
    #[serde(skip)]
    pub cells: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ColumnMismatch {
    pub column: String,
    pub rows: usize,
    /// One example: the key, the expected and the learner's value.
    pub example_key: String,
    pub expected: String,
    pub got: String,
    /// Numeric columns: how many of the differing values are below / above the expected.
    pub lower: usize,
    pub higher: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// Also the report's own `passed`, which is what JSON shows.
    #[serde(skip)]
    pub passed: bool,
    pub verdict: String,
    pub missing_columns: Vec<String>,
    pub extra_columns: Vec<String>,
    /// Columns present on both sides whose types differ: (name, expected, got).
    pub type_differences: Vec<(String, Kind, Kind)>,
    pub expected_rows: usize,
    pub actual_rows: usize,
    /// In the expected result but not in the learner's (counting duplicates).
    pub missing_total: usize,
    pub unexpected_total: usize,
    pub missing: Vec<CountedRow>,
    pub unexpected: Vec<CountedRow>,
    pub key_columns: Vec<String>,
    pub column_mismatches: Vec<ColumnMismatch>,
    /// First position where an ordered result differs: (row number from 1, expected, got).
    pub first_out_of_order: Option<(usize, String, String)>,
    /// What the findings say, as `feedback::explain` words it.
    pub hints: Vec<String>,
    /// Column names in the order rows are shown.
    pub shown_columns: Vec<String>,
    /// The columns match (none missing, no extra unless allowed, no duplicates).
    #[serde(skip)]
    pub schema_ok: bool,
    /// The rows match as a multiset.
    #[serde(skip)]
    pub rows_ok: bool,
    /// What the differences point at, in the order a learner should read them.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

/// A likely cause of a difference, found by looking at both results.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// The values of expected column `column` are in the learner's column `yours`.
    Renamed { column: String, yours: String },
    /// Columns are missing and none is a rename: these are the expected names.
    ExpectedColumns(Vec<String>),
    /// Columns the exercise does not ask for (nothing is missing).
    ExtraColumns(Vec<String>),
    /// More than one column has this name.
    DuplicateColumn(String),
    TypeDiffers { column: String, expected: Kind, got: Kind },
    /// Right rows, wrong order.
    WrongOrder { order_by: Option<String> },
    /// The learner's values match once rounded to the expected values' decimals.
    RoundTo { column: String, places: u32 },
    /// The expected values match once rounded to the learner's decimals.
    RoundedTooEarly { column: String, places: u32 },
    /// Every expected row is there; the extra ones are copies of expected rows.
    Duplicates,
    /// Every expected row is there, plus this many others.
    ExtraRows(usize),
    /// This many expected rows are missing, nothing is extra.
    MissingRows(usize),
    /// These integer columns are smaller than expected wherever they differ.
    CountsTooSmall(Vec<String>),
    /// These integer columns are larger than expected wherever they differ.
    CountsTooLarge(Vec<String>),
    /// Same number of rows, values differ in these columns.
    ValuesDiffer(Vec<String>),
    /// More rows than expected, fewer, of different content.
    MoreRows,
    FewerRows,
    /// Every differing value of `column` is the expected one times `factor` (100: cents for
    /// dollars, 1e6: micros, 12: months).
    Factor { column: String, factor: UnitFactor },
    /// Every differing value of `column` is the expected one with its sign flipped.
    SignFlipped { column: String },
    /// Every differing value of `column` is the expected one plus `by` (±1).
    OffByOne { column: String, by: i64 },
    /// In key order, `column` holds the value of the row `by` rows away (−1: the previous row's,
    /// a lag where a lead was wanted, or an off-by-one month; +1: the next row's).
    Shifted { column: String, by: i64 },
    /// Only the first and / or last row in key order differs.
    EndsDiffer { first: bool, last: bool },
    /// The missing and unexpected rows all lie before the first or after the last key the
    /// two results share: the range's bounds differ.
    RangeEnds { missing_start: usize, missing_end: usize, extra_start: usize, extra_end: usize },
}

/// The multipliers a unit mix-up leaves behind (cents, micros, per thousand, months).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitFactor {
    Hundred,
    Hundredth,
    Million,
    Millionth,
    Thousand,
    Thousandth,
    Twelve,
    Twelfth,
}

impl UnitFactor {
    /// Every factor, in the order they are tried.
    pub const ALL: [UnitFactor; 8] = [Self::Hundred, Self::Hundredth, Self::Million, Self::Millionth, Self::Thousand, Self::Thousandth, Self::Twelve, Self::Twelfth];

    pub fn value(self) -> f64 {
        match self {
            Self::Hundred => 100.0,
            Self::Hundredth => 0.01,
            Self::Million => 1_000_000.0,
            Self::Millionth => 0.000_001,
            Self::Thousand => 1000.0,
            Self::Thousandth => 0.001,
            Self::Twelve => 12.0,
            Self::Twelfth => 1.0 / 12.0,
        }
    }
}

pub fn compare(expected: &Table, actual: &Table, options: &Options) -> Outcome {
    let mut out = Outcome {
        passed: false,
        verdict: String::new(),
        missing_columns: Vec::new(),
        extra_columns: Vec::new(),
        type_differences: Vec::new(),
        expected_rows: expected.rows.len(),
        actual_rows: actual.rows.len(),
        missing_total: 0,
        unexpected_total: 0,
        missing: Vec::new(),
        unexpected: Vec::new(),
        key_columns: options.keys.clone(),
        column_mismatches: Vec::new(),
        first_out_of_order: None,
        hints: Vec::new(),
        shown_columns: expected.columns.iter().map(|c| c.name.clone()).collect(),
        schema_ok: false,
        rows_ok: false,
        findings: Vec::new(),
    };

    // Columns by name; duplicates in the learner's result are a schema problem of their own.
    let mut mapping = Vec::new(); // expected index → actual index
    for c in &expected.columns {
        match actual.position(&c.name) {
            Some(j) => mapping.push(Some(j)),
            None => {
                out.missing_columns.push(c.name.clone());
                mapping.push(None);
            }
        }
    }
    for c in &actual.columns {
        if expected.position(&c.name).is_none() {
            out.extra_columns.push(c.name.clone());
        }
    }
    let mut seen = BTreeMap::new();
    for c in &actual.columns {
        *seen.entry(c.name.to_lowercase()).or_insert(0) += 1;
    }
    let duplicated: Vec<String> = seen.into_iter().filter(|(_, n)| *n > 1).map(|(name, _)| name).collect();
    for (i, c) in expected.columns.iter().enumerate() {
        if let Some(j) = mapping[i] {
            let got = actual.columns[j].kind;
            if !compatible(c.kind, got) {
                out.type_differences.push((c.name.clone(), c.kind, got));
            }
        }
    }
    rename_findings(expected, actual, &out.missing_columns, &out.extra_columns, options, &mut out.findings);
    for name in &duplicated {
        out.findings.push(Finding::DuplicateColumn(name.clone()));
    }

    let schema_ok = out.missing_columns.is_empty() && (out.extra_columns.is_empty() || options.extra_columns) && duplicated.is_empty();
    // Rows compared on the columns both sides have, in the expected order.
    let common: Vec<(usize, usize)> = mapping.iter().enumerate().filter_map(|(i, j)| j.map(|j| (i, j))).collect();
    let kinds: Vec<Kind> = common.iter().map(|&(i, j)| widest(expected.columns[i].kind, actual.columns[j].kind)).collect();
    let exp_rows: Vec<Vec<Value>> = expected.rows.iter().map(|r| common.iter().map(|&(i, _)| r[i].clone()).collect()).collect();
    let act_rows: Vec<Vec<Value>> = actual.rows.iter().map(|r| common.iter().map(|&(_, j)| r[j].clone()).collect()).collect();
    out.shown_columns = common.iter().map(|&(i, _)| expected.columns[i].name.clone()).collect();

    let matching = multiset(&exp_rows, &act_rows, &kinds, options.tolerance);
    out.missing_total = matching.missing.len();
    out.unexpected_total = matching.unexpected.len();
    out.missing = counted(&matching.missing.iter().map(|&i| &exp_rows[i]).collect::<Vec<_>>(), &out.shown_columns, &kinds);
    out.unexpected = counted(&matching.unexpected.iter().map(|&i| &act_rows[i]).collect::<Vec<_>>(), &out.shown_columns, &kinds);
    let rows_ok = matching.missing.is_empty() && matching.unexpected.is_empty();

    if rows_ok && options.ordered {
        for (n, (e, a)) in exp_rows.iter().zip(&act_rows).enumerate() {
            if !rows_equal(e, a, &kinds, options.tolerance) {
                out.first_out_of_order = Some((n + 1, row_shown(e, &kinds), row_shown(a, &kinds)));
                break;
            }
        }
    }

    // Per-column mismatches when the exercise names a key and both sides have it.
    let key_idx: Option<Vec<usize>> = options.keys.iter().map(|k| out.shown_columns.iter().position(|c| c.eq_ignore_ascii_case(k))).collect();
    let mut patterns = Vec::new();
    if !rows_ok && let Some(key_idx) = key_idx.filter(|k| !k.is_empty()) {
        out.column_mismatches = column_mismatches(&exp_rows, &act_rows, &kinds, &key_idx, &out.shown_columns, options.tolerance);
        patterns = value_patterns(&exp_rows, &act_rows, &kinds, &key_idx, &out.shown_columns, options.tolerance);
    }

    out.passed = schema_ok && rows_ok && out.first_out_of_order.is_none();
    out.schema_ok = schema_ok;
    out.rows_ok = rows_ok;
    row_findings(&mut out, &exp_rows, &act_rows, &matching, &kinds, options, patterns);
    out
}

/// Rows of both results matched on the key, in key order: (expected row, learner's row or
/// none), plus the learner's rows whose key the expected result lacks.
fn by_key<'a>(exp: &'a [Vec<Value>], act: &'a [Vec<Value>], kinds: &[Kind], key: &[usize]) -> (Vec<(&'a Vec<Value>, Option<&'a Vec<Value>>)>, Vec<&'a Vec<Value>>) {
    let mut learner = learner_by_key(act, kinds, key);
    let mut pairs: Vec<(&Vec<Value>, Option<&Vec<Value>>)> = exp.iter().map(|e| (e, learner.remove(&key_cells(e, kinds, key)))).collect();
    let key_cmp = |a: &Vec<Value>, b: &Vec<Value>| key.iter().map(|&k| sort_value(&a[k], &b[k])).find(|o| *o != Ordering::Equal).unwrap_or(Ordering::Equal);
    pairs.sort_by(|a, b| key_cmp(a.0, b.0));
    let mut extra: Vec<&Vec<Value>> = learner.into_values().collect();
    extra.sort_by(|a, b| key_cmp(a, b));
    (pairs, extra)
}

/// Patterns in the values that differ, column by column, on rows matched by the key: a unit
/// factor, a flipped sign, a constant ±1, a shift by one row; then whether only the first or
/// last row differs, and whether rows are missing or extra only at the range's ends.
fn value_patterns(exp: &[Vec<Value>], act: &[Vec<Value>], kinds: &[Kind], key: &[usize], names: &[String], tolerance: f64) -> Vec<Finding> {
    let (pairs, extra) = by_key(exp, act, kinds, key);
    let mut found = Vec::new();
    let close = |a: f64, b: f64| numbers_equal(a, b, tolerance.max(1e-9));
    let mut differing_rows: Vec<usize> = Vec::new();
    for c in (0..names.len()).filter(|c| !key.contains(c)) {
        let differs: Vec<(usize, f64, f64)> = pairs
            .iter()
            .enumerate()
            .filter_map(|(i, (e, a))| a.filter(|a| !cell_equal(&e[c], &a[c], kinds[c], tolerance)).map(|a| (i, &e[c], &a[c])))
            .inspect(|(i, _, _)| differing_rows.push(*i))
            .filter_map(|(i, e, a)| Some((i, e.as_f64()?, a.as_f64()?)))
            .collect();
        if differs.is_empty() || !kinds[c].is_numeric() {
            continue;
        }
        let column = names[c].clone();
        let all = |f: &dyn Fn(f64, f64) -> bool| differs.iter().all(|(_, want, got)| f(*want, *got));
        // Rounding of the scaled value may leave a relative error of about one part in 10^4.
        if let Some(factor) = UnitFactor::ALL.into_iter().find(|f| {
            let f = f.value();
            all(&|want, got| want != 0.0 && ((got - want * f).abs() <= 1e-4 * (want * f).abs() + 1e-9))
        }) {
            found.push(Finding::Factor { column, factor });
        } else if all(&|want, got| want != 0.0 && close(got, -want)) {
            found.push(Finding::SignFlipped { column });
        } else if let Some(by) = [1i64, -1].into_iter().find(|by| all(&|want, got| close(got - want, *by as f64))) {
            found.push(Finding::OffByOne { column, by });
        } else if differs.len() >= 2 {
            // Shifted: the learner's value is the expected value of the neighbouring row.
            let value = |i: usize| pairs.get(i).and_then(|(e, _)| e[c].as_f64());
            let share = |by: i64| {
                let hits = differs.iter().filter(|(i, _, got)| value((*i as i64 + by).max(-1) as usize).is_some_and(|v| close(v, *got))).count();
                hits as f64 / differs.len() as f64
            };
            if let Some(by) = [-1i64, 1].into_iter().find(|by| share(*by) >= 0.8) {
                found.push(Finding::Shifted { column, by });
            }
        }
    }
    differing_rows.sort_unstable();
    differing_rows.dedup();
    let n = pairs.len();
    if n >= 4 && !differing_rows.is_empty() && differing_rows.iter().all(|i| *i == 0 || *i == n - 1) {
        found.push(Finding::EndsDiffer { first: differing_rows.contains(&0), last: differing_rows.contains(&(n - 1)) });
    }
    // Rows only at the ends of a range: the first key column is a date or a number.
    if !(kinds[key[0]].is_temporal() || kinds[key[0]].is_numeric()) {
        return found;
    }
    let matched: Vec<&Vec<Value>> = pairs.iter().filter(|(_, a)| a.is_some()).map(|(e, _)| *e).collect();
    let missing: Vec<&Vec<Value>> = pairs.iter().filter(|(_, a)| a.is_none()).map(|(e, _)| *e).collect();
    if let (Some(lo), Some(hi)) = (matched.first(), matched.last())
        && (!missing.is_empty() || !extra.is_empty())
        && matched.len() >= 2
    {
        let k = key[0];
        let before = |r: &&Vec<Value>| sort_value(&r[k], &lo[k]) == Ordering::Less;
        let after = |r: &&Vec<Value>| sort_value(&r[k], &hi[k]) == Ordering::Greater;
        if missing.iter().chain(&extra).all(|r| before(r) || after(r)) {
            found.push(Finding::RangeEnds {
                missing_start: missing.iter().filter(|r| before(r)).count(),
                missing_end: missing.iter().filter(|r| after(r)).count(),
                extra_start: extra.iter().filter(|r| before(r)).count(),
                extra_end: extra.iter().filter(|r| after(r)).count(),
            });
        }
    }
    found
}

fn compatible(a: Kind, b: Kind) -> bool {
    a == b || (a.is_numeric() && b.is_numeric()) || (a.is_temporal() && b.is_temporal())
}

/// The kind both sides are compared as: numbers within tolerance if either is fractional.
fn widest(a: Kind, b: Kind) -> Kind {
    match (a, b) {
        (Kind::Number, _) | (_, Kind::Number) => Kind::Number,
        _ => a,
    }
}

fn numbers_equal(a: f64, b: f64, tolerance: f64) -> bool {
    a == b || (a - b).abs() <= tolerance * 1f64.max(a.abs()).max(b.abs())
}

fn cell_equal(a: &Value, b: &Value, kind: Kind, tolerance: f64) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        _ if kind == Kind::Number => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => numbers_equal(x, y, tolerance),
            _ => a == b,
        },
        (Value::Text(x), Value::Text(y)) if kind.is_temporal() => same_time(x, y),
        _ => a == b,
    }
}

/// A date equals the same day's midnight timestamp.
fn same_time(a: &str, b: &str) -> bool {
    a == b || a.strip_suffix(" 00:00:00") == Some(b) || b.strip_suffix(" 00:00:00") == Some(a)
}

fn rows_equal(a: &[Value], b: &[Value], kinds: &[Kind], tolerance: f64) -> bool {
    a.iter().zip(b).zip(kinds).all(|((x, y), k)| cell_equal(x, y, *k, tolerance))
}

/// The exact part of a row: every non-tolerant cell as text. Rows can only match within a group
/// with the same exact part.
fn exact_key(row: &[Value], kinds: &[Kind]) -> Vec<String> {
    row.iter()
        .zip(kinds)
        .filter(|(_, k)| **k != Kind::Number)
        .map(|(v, k)| match v {
            Value::Null => "\u{0}null".to_string(),
            Value::Text(s) if k.is_temporal() => s.strip_suffix(" 00:00:00").unwrap_or(s).to_string(),
            Value::Text(s) => format!("t{s}"),
            Value::Int(i) => format!("i{i}"),
            Value::Bool(b) => format!("b{b}"),
            Value::Num(f) => format!("n{f}"),
        })
        .collect()
}

/// Order of the tolerant cells (NULL first), equal when within tolerance.
fn tolerant_cmp(a: &[Value], b: &[Value], kinds: &[Kind], tolerance: f64) -> Ordering {
    for ((x, y), k) in a.iter().zip(b).zip(kinds) {
        if *k != Kind::Number || cell_equal(x, y, *k, tolerance) {
            continue;
        }
        let ord = match (x.as_f64(), y.as_f64()) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(p), Some(q)) => p.total_cmp(&q),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

struct Matching {
    missing: Vec<usize>,
    unexpected: Vec<usize>,
}

/// Multiset matching: group by the exact cells, then merge each group's rows sorted by their
/// tolerant cells. Duplicates count: two expected copies need two learner copies.
fn multiset(expected: &[Vec<Value>], actual: &[Vec<Value>], kinds: &[Kind], tolerance: f64) -> Matching {
    let mut groups: BTreeMap<Vec<String>, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, r) in expected.iter().enumerate() {
        groups.entry(exact_key(r, kinds)).or_default().0.push(i);
    }
    for (i, r) in actual.iter().enumerate() {
        groups.entry(exact_key(r, kinds)).or_default().1.push(i);
    }
    let mut m = Matching { missing: Vec::new(), unexpected: Vec::new() };
    for (_, (mut e, mut a)) in groups {
        e.sort_by(|x, y| tolerant_cmp(&expected[*x], &expected[*y], kinds, 0.0));
        a.sort_by(|x, y| tolerant_cmp(&actual[*x], &actual[*y], kinds, 0.0));
        let (mut i, mut j) = (0, 0);
        while i < e.len() && j < a.len() {
            match tolerant_cmp(&expected[e[i]], &actual[a[j]], kinds, tolerance) {
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
                Ordering::Less => {
                    m.missing.push(e[i]);
                    i += 1;
                }
                Ordering::Greater => {
                    m.unexpected.push(a[j]);
                    j += 1;
                }
            }
        }
        m.missing.extend(&e[i..]);
        m.unexpected.extend(&a[j..]);
    }
    m.missing.sort_unstable();
    m.unexpected.sort_unstable();
    m
}

/// Distinct rows with their multiplicities, first `SHOWN` in first-seen order.
fn counted(rows: &[&Vec<Value>], names: &[String], kinds: &[Kind]) -> Vec<CountedRow> {
    let mut order: Vec<String> = Vec::new();
    let mut by_text: BTreeMap<String, CountedRow> = BTreeMap::new();
    for r in rows {
        let text = row_text(r);
        let entry = by_text.entry(text.clone()).or_insert_with(|| {
            order.push(text.clone());
            CountedRow {
                row: names.iter().cloned().zip(r.iter().map(Value::to_json)).collect(),
                count: 0,
                cells: r.iter().zip(kinds).map(|(v, k)| shown(v, *k)).collect(),
            }
        });
        entry.count += 1;
    }
    order.into_iter().take(SHOWN).filter_map(|t| by_text.remove(&t)).collect()
}

/// A value as a learner reads it: text quoted, dates and timestamps not.
fn shown(v: &Value, kind: Kind) -> String {
    match v {
        Value::Text(s) if kind.is_temporal() => s.clone(),
        _ => v.shown(),
    }
}

fn row_shown(r: &[Value], kinds: &[Kind]) -> String {
    format!("({})", r.iter().zip(kinds).map(|(v, k)| shown(v, *k)).collect::<Vec<_>>().join(", "))
}

pub fn row_text(r: &[Value]) -> String {
    format!("({})", r.iter().map(Value::shown).collect::<Vec<_>>().join(", "))
}

/// The learner's rows by their key cells (the first row of each key).
fn learner_by_key<'a>(act: &'a [Vec<Value>], kinds: &[Kind], key: &[usize]) -> BTreeMap<Vec<String>, &'a Vec<Value>> {
    let mut learner = BTreeMap::new();
    for r in act {
        learner.entry(key_cells(r, kinds, key)).or_insert(r);
    }
    learner
}

/// A row's key cells as matching text (numbers in a key compared exactly).
fn key_cells(r: &[Value], kinds: &[Kind], key: &[usize]) -> Vec<String> {
    exact_key(&key.iter().map(|&k| r[k].clone()).collect::<Vec<_>>(), &key.iter().map(|&k| if kinds[k] == Kind::Number { Kind::Other } else { kinds[k] }).collect::<Vec<_>>())
}

fn column_mismatches(exp: &[Vec<Value>], act: &[Vec<Value>], kinds: &[Kind], key: &[usize], names: &[String], tolerance: f64) -> Vec<ColumnMismatch> {
    let learner = learner_by_key(act, kinds, key);
    let key_of = |r: &Vec<Value>| key_cells(r, kinds, key);
    let mut per_column: Vec<Option<ColumnMismatch>> = vec![None; names.len()];
    for e in exp {
        let Some(a) = learner.get(&key_of(e)) else { continue };
        for c in 0..names.len() {
            if key.contains(&c) || cell_equal(&e[c], &a[c], kinds[c], tolerance) {
                continue;
            }
            let slot = per_column[c].get_or_insert_with(|| ColumnMismatch {
                column: names[c].clone(),
                rows: 0,
                example_key: key.iter().map(|&k| format!("{} = {}", names[k], shown(&e[k], kinds[k]))).collect::<Vec<_>>().join(", "),
                expected: shown(&e[c], kinds[c]),
                got: shown(&a[c], kinds[c]),
                lower: 0,
                higher: 0,
            });
            slot.rows += 1;
            if let (Some(want), Some(got)) = (e[c].as_f64(), a[c].as_f64()) {
                if got < want {
                    slot.lower += 1;
                } else if got > want {
                    slot.higher += 1;
                }
            }
        }
    }
    per_column.into_iter().flatten().collect()
}

/// A missing column whose values a differently named learner column holds; else the names
/// wanted; extra columns when nothing is missing.
fn rename_findings(expected: &Table, actual: &Table, missing: &[String], extra: &[String], options: &Options, findings: &mut Vec<Finding>) {
    // Each extra column sorted once, compared with each missing one.
    let extras: Vec<(&String, usize, Vec<Value>)> = extra.iter().map(|x| {
        let j = actual.position(x).unwrap();
        (x, j, sorted_column(actual, j))
    }).collect();
    for m in missing {
        let i = expected.position(m).unwrap();
        let want = sorted_column(expected, i);
        for (x, j, got) in &extras {
            let kind = widest(expected.columns[i].kind, actual.columns[*j].kind);
            if want.len() == got.len() && want.iter().zip(got).all(|(a, b)| cell_equal(a, b, kind, options.tolerance)) {
                findings.push(Finding::Renamed { column: m.clone(), yours: (*x).clone() });
            }
        }
    }
    if !missing.is_empty() && !findings.iter().any(|f| matches!(f, Finding::Renamed { .. })) {
        findings.push(Finding::ExpectedColumns(expected.columns.iter().map(|c| c.name.clone()).collect()));
    }
    if !extra.is_empty() && !options.extra_columns && missing.is_empty() {
        findings.push(Finding::ExtraColumns(extra.to_vec()));
    }
}

fn sorted_column(t: &Table, i: usize) -> Vec<Value> {
    let mut v: Vec<Value> = t.rows.iter().map(|r| r[i].clone()).collect();
    v.sort_by(|a, b| sort_value(a, b));
    v
}

fn sort_value(a: &Value, b: &Value) -> Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.shown().cmp(&b.shown()),
    }
}

/// Findings about the rows: order, rounding, duplicates, filters.
fn row_findings(out: &mut Outcome, exp: &[Vec<Value>], act: &[Vec<Value>], matching: &Matching, kinds: &[Kind], options: &Options, patterns: Vec<Finding>) {
    for (name, want, got) in &out.type_differences {
        out.findings.push(Finding::TypeDiffers { column: name.clone(), expected: *want, got: *got });
    }
    if out.first_out_of_order.is_some() {
        out.findings.push(Finding::WrongOrder { order_by: options.order_by.clone() });
    }
    if out.missing_total == 0 && out.unexpected_total == 0 {
        return;
    }
    // Named patterns first: each explains its column's differences on its own.
    let explained: Vec<String> = patterns
        .iter()
        .filter_map(|f| match f {
            Finding::Factor { column, .. } | Finding::SignFlipped { column } | Finding::OffByOne { column, .. } | Finding::Shifted { column, .. } => Some(column.clone()),
            _ => None,
        })
        .collect();
    let range_ends = patterns.iter().any(|f| matches!(f, Finding::RangeEnds { .. }));
    out.findings.extend(patterns);
    // Rounding: would the rows match if the learner had rounded like the expected values (or
    // the other way round)? Said only when it explains most of the mismatches.
    let findings_before = out.findings.len();
    for (c, k) in kinds.iter().enumerate() {
        if *k != Kind::Number {
            continue;
        }
        let (de, da) = (decimals(exp, c), decimals(act, c));
        if da > de {
            let rounded: Vec<Vec<Value>> = act.iter().map(|r| round_cell(r, c, de)).collect();
            if multiset(exp, &rounded, kinds, options.tolerance).missing.len() * 2 <= out.missing_total {
                out.findings.push(Finding::RoundTo { column: out.shown_columns[c].clone(), places: de });
            }
        } else if de > da {
            let rounded: Vec<Vec<Value>> = exp.iter().map(|r| round_cell(r, c, da)).collect();
            if multiset(&rounded, act, kinds, options.tolerance).missing.len() * 2 <= out.missing_total {
                out.findings.push(Finding::RoundedTooEarly { column: out.shown_columns[c].clone(), places: da });
            }
        }
    }
    if range_ends {
        // Rows differ only at the range's ends: that finding says it.
    } else if out.missing_total == 0 {
        // Are the unexpected rows all copies of expected ones?
        let extra: Vec<Vec<Value>> = matching.unexpected.iter().map(|&i| act[i].clone()).collect();
        if multiset(&distinct(exp), &distinct(&extra), kinds, options.tolerance).unexpected.is_empty() {
            out.findings.push(Finding::Duplicates);
        } else {
            out.findings.push(Finding::ExtraRows(out.unexpected_total));
        }
    } else if out.unexpected_total == 0 {
        out.findings.push(Finding::MissingRows(out.missing_total));
    } else if out.expected_rows == out.actual_rows && !out.column_mismatches.is_empty() {
        // Counts and sums that are all too small lose rows; all too large count some twice.
        // Rates, shares and averages say nothing of that, nor do columns a pattern explained.
        let counts: Vec<&ColumnMismatch> = out
            .column_mismatches
            .iter()
            .filter(|m| !explained.contains(&m.column))
            .filter(|m| is_count_or_sum(&m.column, kinds[out.shown_columns.iter().position(|c| *c == m.column).unwrap_or(0)]))
            .collect();
        let names = || counts.iter().map(|m| m.column.clone()).collect();
        let unexplained: Vec<String> = out.column_mismatches.iter().map(|m| m.column.clone()).filter(|c| !explained.contains(c)).collect();
        if !counts.is_empty() && counts.iter().all(|m| m.lower == m.rows) {
            out.findings.push(Finding::CountsTooSmall(names()));
        } else if !counts.is_empty() && counts.iter().all(|m| m.higher == m.rows) {
            out.findings.push(Finding::CountsTooLarge(names()));
        } else if out.findings.len() == findings_before && !unexplained.is_empty() {
            out.findings.push(Finding::ValuesDiffer(unexplained));
        }
    } else if out.actual_rows > 0 && out.expected_rows > 0 {
        let ratio = out.actual_rows as f64 / out.expected_rows as f64;
        if ratio > 1.0 {
            out.findings.push(Finding::MoreRows);
        } else if ratio < 1.0 {
            out.findings.push(Finding::FewerRows);
        }
    }
}

/// A column that counts rows or sums amounts (so that too small means rows lost, too large rows
/// counted twice): integers, and numbers not named as a rate, share, average or ratio.
pub fn is_count_or_sum(name: &str, kind: Kind) -> bool {
    const RATIOS: [&str; 20] = ["rate", "ratio", "share", "pct", "percent", "avg", "average", "mean", "median", "arpa", "per_", "_per", "uptime", "retention", "nrr", "grr", "ltv", "cac", "roas", "score"];
    let name = name.to_lowercase();
    match kind {
        Kind::Integer => true,
        Kind::Number => !RATIOS.iter().any(|r| name.contains(r)),
        _ => false,
    }
}

fn distinct(rows: &[Vec<Value>]) -> Vec<Vec<Value>> {
    let mut seen = std::collections::BTreeSet::new();
    rows.iter().filter(|r| seen.insert(row_text(r))).cloned().collect()
}

fn decimals(rows: &[Vec<Value>], c: usize) -> u32 {
    rows.iter()
        .filter_map(|r| r[c].as_f64())
        .map(|f| {
            let s = super::table::significant(f).to_string();
            s.split_once('.').map_or(0, |(_, frac)| frac.len() as u32).min(12)
        })
        .max()
        .unwrap_or(0)
}

fn round_cell(row: &[Value], c: usize, places: u32) -> Vec<Value> {
    let mut r = row.to_vec();
    if let Some(f) = r[c].as_f64() {
        let p = 10f64.powi(places as i32);
        r[c] = Value::Num((f * p).round() / p);
    }
    r
}

/// Columns of a table, for callers that build one by hand.
pub fn columns(spec: &[(&str, Kind)]) -> Vec<Column> {
    spec.iter().map(|(n, k)| Column { name: n.to_string(), kind: *k }).collect()
}
