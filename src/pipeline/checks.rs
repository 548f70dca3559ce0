//! `saaslab test`: the project's data tests on the built warehouse, reported as `dbt test`
//! reports them. A test is a query for offending rows: none means PASS; some mean FAIL (or WARN
//! for a test configured with severity warn); a query that cannot run is an ERROR.

use super::display;
use super::project::{GenericTest, Project, Target, TestKind};
use super::render::{relation, Renderer};
use crate::error::Result;
use crate::progress::Progress;
use duckdb::Connection;
use serde::Serialize;
use std::collections::BTreeSet;
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
