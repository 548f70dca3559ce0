//! The learner's commands — `saaslab exercises`, `saaslab exercise ID`, `saaslab check ID FILE`
//! — and the instructor's `saaslab expected`, which writes `expected/`.

use crate::check::{self, expected, feedback, table::Table};
use crate::cli::to_json;
use crate::error::{Error, Result};
use crate::exercise::{progress::Progress, Catalog};
use crate::pipeline::warehouse::Dataset;
use crate::sandbox::{Limits, Sandbox};
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
        println!("{}", to_json(&items)?);
        return Ok(());
    }
    let (mut passed, mut total) = (0, 0);
    for m in &catalog.modules {
        println!("Module {} — {}   (lesson: saaslab lesson {})", m.number, m.title, m.number);
        for e in &m.exercises {
            let s = status(&e.id);
            total += 1;
            passed += usize::from(s == "pass");
            println!("  {:<5} {:<6} {:<4} {}", e.id, e.difficulty.name(), s, e.title);
        }
        println!();
    }
    println!("{passed} of {total} passed (progress kept in {}). Next: `saaslab exercise ID` to read one.", data.join(crate::exercise::progress::FILE).display());
    Ok(())
}

pub fn lesson(modules: Option<&Path>, which: &str) -> Result<()> {
    let catalog = catalog(modules)?;
    let m = catalog.module(which)?;
    println!("{}", m.lesson.trim_end());
    println!("\n---\nExercises of this module: {}", m.exercises.iter().map(|e| e.id.as_str()).collect::<Vec<_>>().join(", "));
    println!("Read one: saaslab exercise {}", m.exercises.first().map_or("ID", |e| e.id.as_str()));
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
            println!("{}", to_json(&serde_json::json!({"exercise": id, "hint": h, "of": n, "text": e.hints[h - 1]}))?);
        } else {
            println!("hint {h} of {n}: {}", e.hints[h - 1]);
            if h < n {
                println!("\n(next: saaslab exercise {id} --hint {})", h + 1);
            }
        }
        return Ok(());
    }
    if json {
        println!(
            "{}",
            to_json(&serde_json::json!({
                "id": e.id, "title": e.title, "module": module.number, "difficulty": e.difficulty.name(),
                "relations": e.relations, "prompt": e.prompt.trim(), "hints": n,
                "ordered": e.compare.ordered, "keys": e.compare.keys,
            }))?
        );
        return Ok(());
    }
    println!("Exercise {} — {}  ({}, module {}: {})\n", e.id, e.title, e.difficulty.name(), module.number, module.title);
    println!("{}\n", e.prompt.trim());
    println!("Use: {}", e.relations.join(", "));
    if e.compare.ordered {
        println!("Order matters: ORDER BY {}.", e.compare.order_by.as_deref().unwrap_or_default());
    } else {
        println!("Row order does not matter; column names do (any column order).");
    }
    println!("\nWrite your query in a file, then: saaslab check {} my_answer.sql", e.id);
    println!("Stuck? {n} hint{}, one at a time: saaslab exercise {} --hint 1", if n == 1 { "" } else { "s" }, e.id);
    Ok(())
}

pub struct CheckArgs<'a> {
    pub id: &'a str,
    pub file: &'a Path,
    pub data: &'a Path,
    pub modules: Option<&'a Path>,
    pub json: bool,
    pub timeout: Duration,
}

pub fn check(a: CheckArgs) -> Result<()> {
    let catalog = catalog(a.modules)?;
    let (_, exercise) = catalog.find(a.id)?;
    let sql = if a.file == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|e| Error::Io(format!("cannot read your SQL from standard input: {e}")))?;
        text
    } else {
        std::fs::read_to_string(a.file).map_err(|e| Error::io("cannot read your SQL file", a.file, e))?
    };
    let dataset = Dataset::open(a.data)?;
    let sandbox = Sandbox::open(&dataset, Limits { timeout: a.timeout, ..Limits::default() }, true)?;
    let set = if a.modules.is_some() { expected::ExpectedSet { dataset: None, tables: Default::default() } } else { expected::ExpectedSet::embedded()? };
    let (want, source) = check::expected_for(exercise, &dataset, &set, &sandbox)?;
    let report = check::check(exercise, &sql, &want, source, &sandbox);
    // The record is a convenience: failing to write it must not hide the verdict.
    if let Err(e) = Progress::load(&dataset.dir).record(&exercise.id, report.passed) {
        eprintln!("warning: {e}");
    }
    if a.json {
        println!("{}", to_json(&report)?);
    } else {
        println!("{}", feedback::text(&report));
    }
    if report.passed {
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
    let sandbox = Sandbox::open(&dataset, Limits::default(), true)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io("cannot create", out, e))?;
    let write = |name: &str, text: String| -> Result<()> {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
    };
    write(expected::DATASET_FILE, expected::render_dataset(&expected::dataset_info(&dataset)))?;
    let mut written = 0;
    for (_, e) in catalog.exercises().filter(|(_, e)| only.is_none_or(|o| o == e.id)) {
        let started = std::time::Instant::now();
        let table: Table = check::reference_result(e, &sandbox)?;
        write(&format!("{}.json", e.id), expected::render(&e.id, &table, e.compare.ordered))?;
        println!("{:<5} {:>7} rows  {:>6.2} s  {}", e.id, table.rows.len(), started.elapsed().as_secs_f64(), e.title);
        written += 1;
    }
    if written == 0 {
        return Err(Error::input(format!("no exercise `{}`", only.unwrap_or_default())));
    }
    println!("wrote {written} expected result{} to {} (dataset: scenario {}, seed {})", if written == 1 { "" } else { "s" }, out.display(), dataset.scenario, dataset.seed);
    Ok(())
}
