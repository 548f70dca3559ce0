//! `saaslab test`: the project's data tests on the built warehouse, reported as `dbt test`
//! reports them. A test is a query for offending rows: none means PASS; some mean FAIL (or WARN
//! for a test configured with severity warn); a query that cannot run is an ERROR.

use super::display;
use super::project::{GenericTest, Project, Target, TestKind};
use super::render::{relation, Renderer};
use crate::dataset::Dataset;
use crate::error::Result;
use crate::progress::Progress;
use duckdb::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

#[derive(Clone, Debug, Serialize)]
pub struct TestRun {
    pub name: String,
    /// `pass`, `fail`, `warn` or `error`.
    pub status: &'static str,
    pub failures: u64,
    /// The file that defines it.
    pub file: String,
    /// A message for an error; the first offending rows (as a table) for a failure.
    pub detail: Option<String>,
    #[serde(skip)]
    pub failing_rows: Option<serde_json::Value>,
    pub seconds: f64,
}

#[derive(Debug, Serialize)]
pub struct TestReport {
    pub tests: Vec<TestRun>,
    pub pass: usize,
    pub warn: usize,
    pub fail: usize,
    pub error: usize,
    pub seconds: f64,
}

impl TestReport {
    pub fn succeeded(&self) -> bool {
        self.fail == 0 && self.error == 0
    }
}

/// How many offending rows a failure shows.
const SHOWN_ROWS: usize = 5;

/// A test has run: the `index`-th (from 1) of `total`.
#[derive(Clone, Debug)]
pub struct TestRan {
    pub index: usize,
    pub total: usize,
    pub run: TestRun,
}

/// Run the project's tests, or those named in `only` (a selection).
pub fn run(project: &Project, renderer: &Renderer, conn: &Connection, only: Option<&BTreeSet<String>>, progress: &mut impl Progress<TestRan>) -> Result<TestReport> {
    let started = Instant::now();
    let wanted = |name: &str| only.is_none_or(|o| o.contains(name));
    let mut queries: Vec<(String, String, String, String)> = Vec::new(); // name, file, severity, sql
    for t in project.generic_tests.iter().filter(|t| wanted(&t.name)) {
        queries.push((t.name.clone(), t.file.clone(), t.severity.clone(), generic_sql(t)));
    }
    for (name, path) in project.singular_tests.iter().filter(|(n, _)| wanted(n)) {
        let rendered = renderer.render(path, &project.files[path], &relation(name), false)?;
        queries.push((name.clone(), path.clone(), "error".to_string(), rendered.sql));
    }
    let total = queries.len();
    let mut tests = Vec::new();
    for (i, (name, file, severity, sql)) in queries.into_iter().enumerate() {
        let t0 = Instant::now();
        let sql = sql.trim().trim_end_matches(';').to_string();
        let outcome = conn
            .query_row(&format!("select count(*) from (\n{sql}\n)"), [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64);
        let mut run = TestRun { name, status: "pass", failures: 0, file, detail: None, failing_rows: None, seconds: 0.0 };
        match outcome {
            Err(e) => {
                run.status = "error";
                run.detail = Some(format!("{e}"));
            }
            Ok(0) => {}
            Ok(n) => {
                run.status = if severity == "warn" { "warn" } else { "fail" };
                run.failures = n;
                if let Ok(mut stmt) = conn.prepare(&format!("select * from (\n{sql}\n) limit {SHOWN_ROWS}")) {
                    if let Ok(arrow) = stmt.query_arrow([]) {
                        let batches: Vec<_> = arrow.collect();
                        let (names, rows, numeric) = display::cells(&batches, SHOWN_ROWS);
                        run.detail = Some(display::table(&names, &rows, &numeric));
                        run.failing_rows = Some(display::json_rows(&names, &rows, &numeric));
                    }
                }
            }
        }
        run.seconds = t0.elapsed().as_secs_f64();
        progress.report(TestRan { index: i + 1, total, run: run.clone() });
        tests.push(run);
    }
    let count = |s: &str| tests.iter().filter(|t| t.status == s).count();
    Ok(TestReport { pass: count("pass"), warn: count("warn"), fail: count("fail"), error: count("error"), tests, seconds: started.elapsed().as_secs_f64() })
}

fn relation_of(target: &Target) -> String {
    match target {
        Target::Model(m) => relation(m),
        Target::Source(s, t) => format!("{s}.{t}"),
    }
}

/// The offending-rows query of a generic test, as dbt's built-in test macros write it.
pub fn generic_sql(t: &GenericTest) -> String {
    let base = relation_of(&t.target);
    let rel = match &t.filter {
        Some(f) => format!("(select * from {base} where {f})"),
        None => base,
    };
    let c = &t.column;
    match &t.kind {
        TestKind::Unique => format!(
            "select {c} as unique_field, count(*) as n_records from {rel} as t where {c} is not null group by {c} having count(*) > 1"
        ),
        TestKind::NotNull => format!("select * from {rel} as t where {c} is null"),
        TestKind::AcceptedValues(values) => {
            let list = values.iter().map(|v| format!("'{}'", v.replace('\'', "''"))).collect::<Vec<_>>().join(", ");
            format!(
                "select {c} as value_field, count(*) as n_records from {rel} as t where {c} is not null and cast({c} as varchar) not in ({list}) group by {c}"
            )
        }
        TestKind::Relationships { to, field } => format!(
            "select child.{c} as from_field from {rel} as child left join {} as parent on child.{c} = parent.{field} where child.{c} is not null and parent.{field} is null",
            relation_of(to)
        ),
    }
}

/// Where `saaslab test` keeps its verdicts (as dbt keeps `run_results.json`), for the report.
const SAVED: &str = "target/test_results.json";

/// What the saved verdicts are valid for: this warehouse file as it is now (any build, even a
/// `--select` one, rewrites it), this project's files and this dataset. A clock reading of the
/// file's own, never written into a dataset or a report.
fn stamp(dataset: &Dataset, project: &Project) -> Option<String> {
    let meta = std::fs::metadata(dataset.warehouse_path()).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?.as_nanos();
    let mut files = Vec::new();
    for (path, text) in &project.files {
        files.extend_from_slice(path.as_bytes());
        files.push(0);
        files.extend_from_slice(text.as_bytes());
        files.push(0);
    }
    Some(format!("{}:{}:{modified}:{:032x}", dataset.fingerprint, meta.len(), twox_hash::XxHash3_128::oneshot(&files)))
}

#[derive(serde::Deserialize, Serialize)]
struct Saved {
    stamp: String,
    /// Test name → (status, failures).
    tests: BTreeMap<String, (String, u64)>,
}

/// Keep the verdicts of `report` beside the warehouse, with those of earlier runs on the same
/// warehouse and project (a selection adds to them). Best effort: a folder that cannot be
/// written only costs the report a rerun.
pub fn save(dataset: &Dataset, project: &Project, report: &TestReport) {
    let Some(stamp) = stamp(dataset, project) else { return };
    let path = dataset.dir.join(SAVED);
    let mut saved = std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str::<Saved>(&t).ok()).filter(|s| s.stamp == stamp).unwrap_or(Saved { stamp, tests: BTreeMap::new() });
    for t in &report.tests {
        saved.tests.insert(t.name.clone(), (t.status.to_string(), t.failures));
    }
    if let (Some(parent), Ok(text)) = (path.parent(), serde_json::to_string(&saved)) {
        let _ = std::fs::create_dir_all(parent);
        let _ = std::fs::write(&path, text);
    }
}

/// The saved verdicts (status, failures) of `tests`, when every one of them was saved for the
/// warehouse and project as they are now; None otherwise.
pub fn saved(dataset: &Dataset, project: &Project, tests: &BTreeSet<String>) -> Option<BTreeMap<String, (String, u64)>> {
    let stamp = stamp(dataset, project)?;
    let saved: Saved = serde_json::from_str(&std::fs::read_to_string(dataset.dir.join(SAVED)).ok()?).ok()?;
    (saved.stamp == stamp && tests.iter().all(|t| saved.tests.contains_key(t))).then(|| saved.tests.into_iter().filter(|(name, _)| tests.contains(name)).collect())
}
