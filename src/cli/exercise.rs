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
        &check::Request { exercise, sql: &sql, dataset: &dataset, expected: &expected, timeout: a.timeout, hidden: !a.quick, record: true },
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

pub struct GradeArgs<'a> {
    pub submissions: &'a Path,
    pub data: &'a Path,
    pub out: &'a Path,
    pub hidden: bool,
    pub timeout: Duration,
    pub jobs: Option<usize>,
    pub quiet: bool,
    pub json: bool,
}

/// The instructor's command: grade a folder of submissions into a gradebook. Exit 0 when every
/// submission was graded (pass or fail), 1 when some could not be (a student without a built
/// dataset), 2 for a bad folder.
pub fn grade(a: GradeArgs) -> Result<()> {
    use crate::grade;
    use std::io::IsTerminal;
    let catalog = Catalog::embedded()?;
    let layout = grade::discover(a.submissions, &catalog)?;
    let datasets = class_datasets(a.data)?;
    let expected = expected::ExpectedSet::embedded()?;
    for ignored in &layout.ignored {
        eprintln!("warning: left out {} (not SUBMISSIONS/<student>/<exercise id>.sql)", ignored.display());
    }
    if layout.exercises.is_empty() {
        return Err(Error::input(format!("{} holds no answer named after an exercise (e.g. ada-lovelace/1.3.sql)", a.submissions.display())));
    }
    // The hidden check datasets of each seed, made before the class is graded in parallel.
    if a.hidden {
        let mut seeds: Vec<u64> = datasets.all().iter().map(|d| d.seed()).collect();
        seeds.sort_unstable();
        seeds.dedup();
        for seed in seeds {
            check::hidden::ensure(seed, &mut |cache: &Path| {
                if !a.quiet {
                    eprintln!("preparing the check datasets for seed {seed} in {}", cache.display());
                }
            })?;
        }
    }
    let total = (layout.students.len() * layout.exercises.len()) as u64;
    let bar = if a.quiet || a.json || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(indicatif::ProgressStyle::with_template("{spinner} grading {bar:40} {pos}/{len} submissions ({eta} left)").expect("valid template"));
        bar
    };
    let options = grade::Options { timeout: a.timeout, hidden: a.hidden, jobs: a.jobs.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)) };
    let started = std::time::Instant::now();
    let grades = grade::grade(&layout, &datasets, &catalog, &expected, &options, &|| bar.inc(1))?;
    bar.finish_and_clear();
    let csv = grade::write_gradebook(a.out, &layout, &grades)?;
    let count = |v: &str| grades.iter().filter(|g| g.verdict == v).count();
    let ungraded = count("ungraded");
    if a.json {
        say!("{}", to_json(&serde_json::json!({ "gradebook": csv, "students": layout.students, "exercises": layout.exercises, "grades": grades }))?);
    } else if !a.quiet {
        say!("{:<8} {:>6} {:>6} {:>8} {:>9}", "exercise", "pass", "fail", "missing", "ungraded");
        for id in &layout.exercises {
            let n = |v: &str| grades.iter().filter(|g| &g.exercise == id && g.verdict == v).count();
            say!("{:<8} {:>6} {:>6} {:>8} {:>9}", id, n("pass"), n("fail"), n("missing"), n("ungraded"));
        }
        let seconds = started.elapsed().as_secs_f64();
        say!(
            "\ngraded {} submissions of {} students in {seconds:.1} s ({:.1} checks/s): {} pass, {} fail, {} missing, {ungraded} ungraded\ngradebook: {} and {}",
            total,
            layout.students.len(),
            total as f64 / seconds.max(1e-9),
            count("pass"),
            count("fail"),
            count("missing"),
            csv.display(),
            a.out.join("feedback").display()
        );
    }
    if ungraded > 0 {
        return Err(Error::Failed(format!("{ungraded} submission{} could not be graded (see the gradebook)", if ungraded == 1 { "" } else { "s" })));
    }
    Ok(())
}

/// The dataset(s) a class is graded on: a class folder (`class.json`, one dataset per
/// student) or one dataset for everyone.
fn class_datasets(data: &Path) -> Result<crate::grade::Datasets> {
    use crate::grade::Datasets;
    let index = data.join(crate::class::INDEX);
    if !index.is_file() {
        return Ok(Datasets::Shared(Dataset::open(data)?));
    }
    let text = std::fs::read_to_string(&index).map_err(|e| Error::io("cannot read", &index, e))?;
    let class: crate::class::ClassIndex = serde_json::from_str(&text).map_err(|e| Error::input(format!("{} line {}: {e}", index.display(), e.line())))?;
    let mut map = std::collections::BTreeMap::new();
    for s in class.students {
        // A student whose dataset is missing is graded `ungraded`, not a stop for the class.
        if let Ok(d) = Dataset::open(&data.join(&s.folder)) {
            map.insert(s.folder, d);
        }
    }
    Ok(Datasets::PerStudent(map))
}
