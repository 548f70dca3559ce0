//! `saaslab check`: run a learner's SQL for an exercise in the sandbox, get the expected result
//! (`expected/` on the canonical dataset, the reference solution on any other), compare, and
//! say what differs. Data flows one way: `table` (values) → `compare` (outcome) → `feedback`.

pub mod compare;
pub mod expected;
pub mod feedback;
pub mod table;

use crate::error::{Error, Result};
use crate::exercise::Exercise;
use crate::pipeline::warehouse::Dataset;
use crate::sandbox::Sandbox;
use compare::Outcome;
use expected::ExpectedSet;
use serde::Serialize;
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

#[derive(Debug, Serialize)]
pub struct Report {
    pub exercise: String,
    pub title: String,
    pub passed: bool,
    pub expected_from: Source,
    /// The learner's SQL did not run: DuckDB's message or the sandbox's refusal.
    pub error: Option<String>,
    #[serde(flatten)]
    pub outcome: Option<Outcome>,
    pub seconds: f64,
}

/// The expected result for an exercise on this dataset.
pub fn expected_for(exercise: &Exercise, dataset: &Dataset, set: &ExpectedSet, sandbox: &Sandbox) -> Result<(Table, Source)> {
    if set.matches(dataset)
        && let Some(t) = set.tables.get(&exercise.id)
    {
        return Ok((t.clone(), Source::ExpectedFile));
    }
    Ok((reference_result(exercise, sandbox)?, Source::ReferenceSolution))
}

/// The reference solution's result. Its failing is the exercise author's bug, not the learner's.
pub fn reference_result(exercise: &Exercise, sandbox: &Sandbox) -> Result<Table> {
    let output = sandbox.run(&exercise.solution).map_err(|e| {
        Error::Io(format!("exercise {} ({}): the reference solution does not run on this dataset: {e}", exercise.id, exercise.file))
    })?;
    Ok(as_table(&output))
}

/// Run the learner's SQL and compare it with `expected`.
pub fn check(exercise: &Exercise, learner_sql: &str, expected: &Table, source: Source, sandbox: &Sandbox) -> Report {
    let started = std::time::Instant::now();
    let mut report = Report {
        exercise: exercise.id.clone(),
        title: exercise.title.clone(),
        passed: false,
        expected_from: source,
        error: None,
        outcome: None,
        seconds: 0.0,
    };
    match sandbox.run(learner_sql) {
        Err(e) => report.error = Some(e.to_string()),
        Ok(output) => {
            let outcome = compare::compare(expected, &as_table(&output), &exercise.compare);
            report.passed = outcome.passed;
            report.outcome = Some(outcome);
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
