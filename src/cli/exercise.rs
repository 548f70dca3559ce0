//! The learner's commands — `saaslab exercises`, `saaslab exercise ID`, `saaslab check ID FILE`
//! — and the instructor's `saaslab expected`, which writes `expected/`.

use crate::check::{self, expected, feedback};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::exercise::{progress::Progress, Catalog};
use crate::text::to_json;
use std::path::Path;
use std::time::Duration;

fn catalog(modules: Option<&Path>) -> Result<Catalog> {
    match modules {
        Some(dir) => Catalog::from_folder(dir),
        None => Catalog::embedded(),
    }
}

pub fn list(modules: Option<&Path>, data: &Path, json: bool) -> Result<()> {
    let catalog = catalog(modules)?;
    let progress = Progress::load(data);
    let status = |id: &str| progress.status(id).map_or("-", |a| if a.status == "pass" { "pass" } else { "fail" });
    if json {
        let items: Vec<_> = catalog
            .modules
            .iter()
            .map(|m| {
                serde_json::json!({
                    "module": m.number,
                    "title": m.title,
                    "folder": m.folder,
                    "exercises": m.exercises.iter().map(|e| serde_json::json!({
                        "id": e.id, "title": e.title, "difficulty": e.difficulty.name(),
                        "relations": e.relations, "status": progress.status(&e.id).map(|a| a.status.clone()),
                        "attempts": progress.status(&e.id).map_or(0, |a| a.attempts),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        say!("{}", to_json(&items)?);
        return Ok(());
    }
    let (mut passed, mut total) = (0, 0);
    for m in &catalog.modules {
        say!("Module {} — {}   (lesson: saaslab lesson {})", m.number, m.title, m.number);
        for e in &m.exercises {
            let s = status(&e.id);
            total += 1;
            passed += usize::from(s == "pass");
            say!("  {:<5} {:<6} {:<4} {}", e.id, e.difficulty.name(), s, e.title);
        }
        say!();
    }
    say!("{passed} of {total} passed (progress kept in {}). Next: `saaslab exercise ID` to read one.", crate::exercise::progress::location(data).display());
    Ok(())
}

pub fn lesson(modules: Option<&Path>, which: &str) -> Result<()> {
    let catalog = catalog(modules)?;
    let m = catalog.module(which)?;
    say!("{}", m.lesson.trim_end());
    say!("\n---\nExercises of this module: {}", m.exercises.iter().map(|e| e.id.as_str()).collect::<Vec<_>>().join(", "));
    say!("Read one: saaslab exercise {}", m.exercises.first().map_or("ID", |e| e.id.as_str()));
    Ok(())
}

pub fn show(modules: Option<&Path>, id: &str, hint: Option<usize>, json: bool) -> Result<()> {
    let catalog = catalog(modules)?;
    let (module, e) = catalog.find(id)?;
    let n = e.hints.len();
    if let Some(h) = hint {
        if h == 0 || h > n {
            return Err(Error::input(format!("exercise {id} has {n} hint{}: ask for --hint 1 to --hint {n}", if n == 1 { "" } else { "s" })));
        }
        if json {
            say!("{}", to_json(&serde_json::json!({"exercise": id, "hint": h, "of": n, "text": e.hints[h - 1]}))?);
        } else {
            say!("hint {h} of {n}: {}", e.hints[h - 1]);
            if h < n {
                say!("\n(next: saaslab exercise {id} --hint {})", h + 1);
            }
        }
        return Ok(());
    }
    if json {
        say!(
            "{}",
            to_json(&serde_json::json!({
                "id": e.id, "title": e.title, "module": module.number, "difficulty": e.difficulty.name(),
                "relations": e.relations, "prompt": e.prompt.trim(), "hints": n,
                "ordered": e.compare.ordered, "keys": e.compare.keys,
            }))?
        );
        return Ok(());
    }
    say!("Exercise {} — {}  ({}, module {}: {})\n", e.id, e.title, e.difficulty.name(), module.number, module.title);
    say!("{}\n", e.prompt.trim());
    say!("Use: {}", e.relations.join(", "));
    if e.compare.ordered {
        say!("Order matters: ORDER BY {}.", e.compare.order_by.as_deref().unwrap_or_default());
    } else {
        say!("Row order does not matter; column names do (any column order).");
    }
    say!("\nWrite your query in a file, then: saaslab check {} my_answer.sql", e.id);
    say!("Stuck? {n} hint{}, one at a time: saaslab exercise {} --hint 1", if n == 1 { "" } else { "s" }, e.id);
    Ok(())
}

pub struct CheckArgs<'a> {
    pub id: &'a str,
    pub file: &'a Path,
    pub data: &'a Path,
    pub modules: Option<&'a Path>,
    pub json: bool,
    pub timeout: Duration,
    pub quick: bool,
}

pub fn check(a: CheckArgs) -> Result<()> {
    let catalog = catalog(a.modules)?;
    let (_, exercise) = catalog.find(a.id)?;
    let sql = check::read_sql(a.file)?;
    let dataset = Dataset::open(a.data)?;
    // An edited modules folder has no expected files: its reference solutions give the answers.
    let expected = if a.modules.is_some() { expected::ExpectedSet::default() } else { expected::ExpectedSet::embedded()? };
    let verdict = check::run(
        &check::Request { exercise, sql: &sql, dataset: &dataset, expected: &expected, timeout: a.timeout, hidden: !a.quick },
        &mut |cache: &Path| {
            eprintln!("preparing the check datasets (the first check with this saaslab and seed only, about 20 s) in {}", cache.display());
        },
    )?;
    for w in &verdict.warnings {
        eprintln!("warning: {w}");
    }
    if a.json {
        say!("{}", to_json(&verdict)?);
    } else {
        say!("{}", feedback::text(&verdict));
    }
    if verdict.passed {
        Ok(())
    } else {
        // The report is already printed; the error only sets the exit code.
        Err(Error::Failed(String::new()))
    }
}

/// The instructor's command: run every reference solution on a dataset and write `expected/`.
pub fn write_expected(modules: Option<&Path>, data: &Path, out: &Path, only: Option<&str>) -> Result<()> {
    let catalog = catalog(modules)?;
    let dataset = Dataset::open(data)?;
    let written = expected::write_folder(&catalog, &dataset, out, only, &mut |d: expected::Derived| {
        say!("{:<5} {:>7} rows  {:>6.2} s  {}", d.id, d.rows, d.seconds, d.title);
    })?;
    say!(
        "wrote {written} expected result{} to {} (dataset: scenario {}, seed {})",
        if written == 1 { "" } else { "s" },
        out.display(),
        dataset.scenario_name(),
        dataset.seed()
    );
    Ok(())
}
