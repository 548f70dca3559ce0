//! `saaslab check` as a library workflow: `run` takes the learner's SQL for an exercise, runs
//! it in the sandbox, gets the expected result (`expected/` on the canonical dataset, the
//! reference solution on any other), compares, words the differences; if it passes there, does
//! the same on each hidden check dataset (`hidden`); records the attempt and returns a
//! `Verdict` — a failed check is a value, not an error. Data flows one way: `table` (values) →
//! `compare` (differences and findings) → `feedback` (the words).

pub mod compare;
pub mod expected;
pub mod feedback;
pub mod hidden;
pub mod table;

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::exercise::{progress::Progress, Exercise};
use crate::sandbox::{Limits, Sandbox};
use compare::Outcome;
use expected::ExpectedSet;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;
use table::Table;

/// Where the expected result came from.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `expected/ID.json`, written on the canonical dataset.
    ExpectedFile,
    /// The reference solution, run on the learner's dataset.
    ReferenceSolution,
}

/// The result of one check: pass or fail, and for a fail what differs and why.
#[derive(Debug, Serialize)]
pub struct Verdict {
    pub exercise: String,
    pub title: String,
    pub passed: bool,
    pub expected_from: Source,
    /// The learner's SQL did not run: DuckDB's message or the sandbox's refusal.
    pub error: Option<String>,
    #[serde(flatten)]
    pub outcome: Option<Outcome>,
    pub seconds: f64,
    /// The datasets the query was checked on, in order: `your dataset`, then the hidden ones.
    pub checked_on: Vec<String>,
    /// The hidden check dataset a failure was found on (`None`: passed, or failed on yours).
    /// Its rows are not shown: the outcome keeps counts, columns and hints only.
    pub failed_on: Option<String>,
    /// Things that went wrong beside the check (the attempt could not be recorded).
    #[serde(skip)]
    pub warnings: Vec<String>,
    /// The learner's result, when the query ran.
    #[serde(skip)]
    pub actual: Option<Table>,
}

/// One check to run.
pub struct Request<'a> {
    pub exercise: &'a Exercise,
    pub sql: &'a str,
    pub dataset: &'a Dataset,
    /// The expected results on the canonical dataset (empty for an edited modules folder).
    pub expected: &'a ExpectedSet,
    pub timeout: Duration,
    /// Also check on the hidden check datasets (made on first use) when it passes on this one.
    pub hidden: bool,
    /// Record the attempt in the learner's progress (`check` does, `grade` does not).
    pub record: bool,
}

pub const YOUR_DATASET: &str = "your dataset";

/// Check a learner's SQL and record the attempt beside the dataset. An error means the check
/// could not be made (no warehouse, a broken reference solution), not that the SQL is wrong.
/// `preparing` is told when the hidden datasets are being made (seconds, once).
pub fn run(request: &Request, preparing: &mut dyn FnMut(&Path)) -> Result<Verdict> {
    let limits = Limits { timeout: request.timeout, ..Limits::default() };
    let sandbox = Sandbox::open(request.dataset, limits.clone(), true)?;
    let (want, source) = expected_for(request.exercise, request.dataset, request.expected, &sandbox)?;
    let mut verdict = check(request.exercise, request.sql, &want, source, &sandbox);
    drop(sandbox);
    verdict.checked_on.push(YOUR_DATASET.into());
    if verdict.passed && request.hidden {
        for (spec, dataset) in hidden::ensure(request.dataset.seed(), preparing)? {
            let sandbox = Sandbox::open(&dataset, limits.clone(), true)?;
            let want = reference_on(request.exercise, &dataset, &sandbox)?;
            let on_hidden = check(request.exercise, request.sql, &want, Source::ReferenceSolution, &sandbox);
            verdict.checked_on.push(spec.name.into());
            verdict.seconds += on_hidden.seconds;
            if !on_hidden.passed {
                // The same rows on a different dataset: the answer is typed in, not computed.
                let constant = match (&verdict.actual, &on_hidden.actual) {
                    (Some(mine), Some(theirs)) => judge(mine, theirs, &request.exercise.compare).passed,
                    _ => false,
                };
                verdict.passed = false;
                verdict.error = on_hidden.error;
                verdict.outcome = on_hidden.outcome.map(feedback::without_rows).map(|mut o| {
                    if constant {
                        // What else differs follows from that; other hints would mislead.
                        o.hints = vec![feedback::SAME_ROWS_EVERYWHERE.into()];
                    }
                    o
                });
                verdict.failed_on = Some(spec.name.into());
                break;
            }
        }
    }
    // The record is a convenience: failing to write it must not hide the verdict.
    if request.record {
        match Progress::record(&request.dataset.dir, &request.exercise.id, verdict.passed) {
            Ok(warning) => verdict.warnings.extend(warning),
            Err(e) => verdict.warnings.push(e.to_string()),
        }
    }
    Ok(verdict)
}

/// The learner's SQL from a file, or from standard input for `-`. Reads no more than the
/// sandbox accepts (plus one byte, to know it was too long), so a wrong path to a huge file
/// is refused at once instead of read into memory.
pub fn read_sql(file: &Path) -> Result<String> {
    use std::io::Read;
    let limit = crate::sandbox::MAX_SQL_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let (what, read) = if file == Path::new("-") {
        ("standard input".to_string(), std::io::stdin().lock().take(limit).read_to_end(&mut bytes))
    } else {
        let mut f = std::fs::File::open(file).map_err(|e| Error::io("cannot read your SQL file", file, e))?;
        (file.display().to_string(), f.by_ref().take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::Io(format!("cannot read your SQL from {what}: {e}")))?;
    crate::sandbox::check_size(bytes.len()).map_err(|e| Error::input(format!("{what}: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::input(format!("{what}: the SQL is not UTF-8 text (byte {} is not valid): save it as UTF-8", e.utf8_error().valid_up_to())))
}

/// Compare two results and word the differences: what `check` does once both have run.
pub fn judge(expected: &Table, actual: &Table, options: &compare::Options) -> Outcome {
    let mut outcome = compare::compare(expected, actual, options);
    feedback::explain(&mut outcome);
    outcome
}

/// The expected result for an exercise on this dataset.
pub fn expected_for(exercise: &Exercise, dataset: &Dataset, set: &ExpectedSet, sandbox: &Sandbox) -> Result<(Table, Source)> {
    if set.matches(dataset)
        && let Some(t) = set.tables.get(&exercise.id)
    {
        return Ok((t.clone(), Source::ExpectedFile));
    }
    Ok((reference_on(exercise, dataset, sandbox)?, Source::ReferenceSolution))
}

/// The reference solution's result on `dataset`, run once per process: `grade` checks a whole
/// class against the same datasets, and the answer to compare with does not change between
/// students. Keyed by the dataset's folder and the solution's text.
fn reference_on(exercise: &Exercise, dataset: &Dataset, sandbox: &Sandbox) -> Result<Table> {
    type Key = (std::path::PathBuf, String);
    static RESULTS: std::sync::Mutex<std::collections::BTreeMap<Key, Table>> = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let key = (dataset.dir.clone(), exercise.solution.clone());
    if let Some(t) = RESULTS.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(t.clone());
    }
    let table = reference_result(exercise, sandbox)?;
    RESULTS.lock().unwrap_or_else(|e| e.into_inner()).insert(key, table.clone());
    Ok(table)
}

/// The reference solution's result. Its failing is the exercise author's bug, not the learner's.
pub fn reference_result(exercise: &Exercise, sandbox: &Sandbox) -> Result<Table> {
    let output = sandbox.run(&exercise.solution).map_err(|e| {
        Error::Io(format!("exercise {} ({}): the reference solution does not run on this dataset: {e}", exercise.id, exercise.file))
    })?;
    Ok(as_table(&output))
}

/// Run the learner's SQL and compare it with `expected`.
pub fn check(exercise: &Exercise, learner_sql: &str, expected: &Table, source: Source, sandbox: &Sandbox) -> Verdict {
    let started = std::time::Instant::now();
    let mut report = Verdict {
        exercise: exercise.id.clone(),
        title: exercise.title.clone(),
        passed: false,
        expected_from: source,
        error: None,
        outcome: None,
        seconds: 0.0,
        checked_on: Vec::new(),
        failed_on: None,
        warnings: Vec::new(),
        actual: None,
    };
    match sandbox.run(learner_sql) {
        Err(e) => report.error = Some(e.to_string()),
        Ok(output) => {
            let actual = as_table(&output);
            let outcome = judge(expected, &actual, &exercise.compare);
            report.passed = outcome.passed;
            report.outcome = Some(outcome);
            report.actual = Some(actual);
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    report
}

/// The output's values; an empty result has no batches, so its columns come from the schema.
fn as_table(output: &crate::sandbox::Output) -> Table {
    let t = Table::from_batches(&output.batches);
    if !t.columns.is_empty() {
        return t;
    }
    Table { columns: output.schema.fields().iter().map(|f| table::Column { name: f.name().clone(), kind: table::kind_of(f.data_type()) }).collect(), rows: Vec::new() }
}
