//! The exercises on the canonical dataset (`baseline`, seed 42, default size — what
//! `saaslab generate` writes with no flags): `expected/` re-derived from scratch equals the
//! committed files, every reference solution and recorded alternative answer passes its check
//! against them and on the hidden check datasets, every exercise's recorded mistakes fail, and
//! an answer typed in from the canonical result (a VALUES list) passes on the canonical dataset
//! alone and fails on a check dataset. Every recorded mistake also fails on a hidden check
//! dataset alone, so the hidden datasets exercise the rule each mistake breaks.
//!
//! One test function: the dataset takes a minute to generate and build, and is used by all three.

use crate::common::*;
use saaslab::check::compare::{compare, Options};
use saaslab::check::expected::ExpectedSet;
use saaslab::exercise::Catalog;
use std::path::Path;

#[test]
fn canonical_dataset_expected_results_solutions_and_mistakes() {
    let root = scratch("exercises-canonical");
    let data = built(CANONICAL);

    rederived_expected_equals_committed(&data, &root.join("expected"));

    let catalog = Catalog::embedded().unwrap();
    let mut failures = Vec::new();
    for (_, e) in catalog.exercises() {
        let file = root.join(format!("{}.sql", e.id));
        std::fs::write(&file, &e.solution).unwrap();
        let o = saaslab(&["check", &e.id, file.to_str().unwrap(), "--data", data.to_str().unwrap(), "--json"]);
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
        if o.status.code() != Some(0) || report["expected_from"] != "expected_file" {
            failures.push(format!("{}: the reference solution does not pass against expected/{}.json:\n{}", e.id, e.id, String::from_utf8_lossy(&o.stdout)));
        }
        for (i, alt) in e.alternatives.iter().enumerate() {
            let file = root.join(format!("{}-alternative-{i}.sql", e.id));
            std::fs::write(&file, &alt.sql).unwrap();
            let o = saaslab(&["check", &e.id, file.to_str().unwrap(), "--data", data.to_str().unwrap()]);
            if o.status.code() != Some(0) {
                failures.push(format!("{}: the alternative answer ({}) does not pass:\n{}", e.id, alt.why, String::from_utf8_lossy(&o.stdout)));
            }
        }
        assert!(!e.mistakes.is_empty(), "exercise {} has no recorded mistake to prove its check catches one", e.id);
        for (i, m) in e.mistakes.iter().enumerate() {
            let file = root.join(format!("{}-mistake-{i}.sql", e.id));
            std::fs::write(&file, &m.sql).unwrap();
            let o = saaslab(&["check", &e.id, file.to_str().unwrap(), "--data", data.to_str().unwrap()]);
            let text = String::from_utf8_lossy(&o.stdout);
            if o.status.code() != Some(1) || !text.contains("FAIL") {
                failures.push(format!("{}: the mistake \"{}\" is not caught (exit {:?}):\n{text}", e.id, m.why, o.status.code()));
            } else if text.contains("did not run") {
                failures.push(format!("{}: the mistake \"{}\" does not even run, so it proves nothing:\n{text}", e.id, m.why));
            }
        }
        // The canonical answer typed in: right on the canonical dataset, caught on a check one.
        let file = root.join(format!("{}-typed-in.sql", e.id));
        std::fs::write(&file, typed_in(&ExpectedSet::embedded().unwrap().tables[&e.id])).unwrap();
        let quick = saaslab(&["check", &e.id, file.to_str().unwrap(), "--data", data.to_str().unwrap(), "--quick"]);
        let full = saaslab(&["check", &e.id, file.to_str().unwrap(), "--data", data.to_str().unwrap(), "--json"]);
        let report: serde_json::Value = serde_json::from_slice(&full.stdout).unwrap_or_default();
        if quick.status.code() != Some(0) {
            failures.push(format!("{}: the typed-in canonical answer does not even pass on the canonical dataset:\n{}", e.id, String::from_utf8_lossy(&quick.stdout)));
        } else if full.status.code() != Some(1) || !report["failed_on"].is_string() || !report["hints"][0].as_str().unwrap_or_default().contains("does not come from the data") {
            failures.push(format!("{}: the typed-in canonical answer is not caught on a check dataset (exit {:?}):\n{}", e.id, full.status.code(), String::from_utf8_lossy(&full.stdout)));
        }
    }
    mistakes_fail_on_a_hidden_dataset(&root, &catalog, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Each recorded mistake, checked with `--quick` against the reference solution on each hidden
/// check dataset of the canonical seed alone (made by the checks above), fails on at least one:
/// the rule it breaks is exercised by the data a learner never sees, not only by the canonical
/// dataset.
fn mistakes_fail_on_a_hidden_dataset(root: &Path, catalog: &Catalog, failures: &mut Vec<String>) {
    use saaslab::check::hidden;
    let build_root = check_cache().join("check").join(hidden::build_folder());
    let hidden: Vec<_> = hidden::SPECS.iter().map(|spec| (spec.name, hidden::dataset_folder(&build_root, spec, 42))).collect();
    for (_, dir) in &hidden {
        assert!(dir.join("manifest.json").is_file(), "the checks above did not make the hidden dataset {}", dir.display());
    }
    for (_, e) in catalog.exercises() {
        for (i, m) in e.mistakes.iter().enumerate() {
            let file = root.join(format!("{}-mistake-{i}.sql", e.id));
            let passed_on: Vec<&str> = hidden
                .iter()
                .filter(|(_, dir)| saaslab(&["check", &e.id, file.to_str().unwrap(), "--data", dir.to_str().unwrap(), "--quick"]).status.code() == Some(0))
                .map(|(name, _)| *name)
                .collect();
            if passed_on.len() == hidden.len() {
                failures.push(format!("{}: the mistake \"{}\" passes on every hidden check dataset ({}): they do not exercise the rule it breaks", e.id, m.why, passed_on.join(", ")));
            }
        }
    }
}

/// A query that returns `table` from literals: `select * from (values (…), …) as t(columns)`,
/// each value cast to its column's type.
fn typed_in(table: &saaslab::check::table::Table) -> String {
    use saaslab::check::table::{Kind, Value};
    let literal = |v: &Value, kind: Kind| -> String {
        match (v, kind) {
            (Value::Null, _) => "NULL".into(),
            (Value::Bool(b), _) => b.to_string(),
            (Value::Int(i), _) => format!("{i}::BIGINT"),
            (Value::Num(f), _) => format!("{f:?}::DOUBLE"),
            (Value::Text(t), Kind::Date) => format!("DATE '{t}'"),
            (Value::Text(t), Kind::Timestamp) => format!("TIMESTAMP '{t}'"),
            (Value::Text(t), _) => format!("'{}'", t.replace('\'', "''")),
        }
    };
    let rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| format!("({})", r.iter().zip(&table.columns).map(|(v, c)| literal(v, c.kind)).collect::<Vec<_>>().join(", ")))
        .collect();
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    format!("select * from (values\n{}) as t({})", rows.join(",\n"), names.join(", "))
}

/// `saaslab expected` into a fresh folder gives the same files as `expected/` in the checkout:
/// the same names, the same dataset, and the same rows (numbers to 1e-9 relative: a parallel
/// sum may differ in its last bits from machine to machine).
fn rederived_expected_equals_committed(data: &Path, out: &Path) {
    let o = saaslab(&["expected", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "saaslab expected failed: {}", String::from_utf8_lossy(&o.stderr));
    let committed_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("expected");
    let names = |dir: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    assert_eq!(names(out), names(&committed_dir), "expected/ holds other files than `saaslab expected` writes: regenerate it");
    let fresh = ExpectedSet::from_folder(out).unwrap();
    let committed = ExpectedSet::from_folder(&committed_dir).unwrap();
    assert_eq!(fresh.dataset, committed.dataset, "expected/dataset.json names another dataset than `saaslab generate` writes now: regenerate expected/ (see README)");
    let catalog = Catalog::embedded().unwrap();
    let mut differ = Vec::new();
    let mut bytes_differ = 0;
    for (_, e) in catalog.exercises() {
        let (a, b) = (&committed.tables[&e.id], &fresh.tables[&e.id]);
        let strict = Options { ordered: e.compare.ordered, order_by: e.compare.order_by.clone(), tolerance: 1e-9, ..Options::default() };
        let outcome = compare(a, b, &strict);
        if !outcome.passed || a.columns.len() != b.columns.len() || a.columns.iter().zip(&b.columns).any(|(x, y)| x.name != y.name || x.kind != y.kind) {
            differ.push(format!("{}: {}", e.id, outcome.verdict));
        }
        let file = format!("{}.json", e.id);
        if std::fs::read(out.join(&file)).unwrap() != std::fs::read(committed_dir.join(&file)).unwrap() {
            bytes_differ += 1;
        }
    }
    println!("expected/: {} files re-derived, {bytes_differ} differ in bytes, {} differ in content (numbers compared to 1e-9 relative)", catalog.exercises().count(), differ.len());
    assert!(differ.is_empty(), "re-derived expected results differ from expected/ — regenerate with `saaslab expected` if the change is intended:\n{}", differ.join("\n"));
}
