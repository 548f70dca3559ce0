//! `saaslab grade`: a class's submissions checked in parallel into a gradebook.
//!
//! Layout: `SUBMISSIONS/<student>/<exercise id>.sql` (e.g. `ada-lovelace/1.3.sql`). The
//! exercises graded are every exercise id any student handed in; a student without that file
//! gets `missing`. Files that name no exercise are listed and left out. Each submission is
//! checked as `saaslab check` checks it — the student's dataset, then the hidden check datasets —
//! without touching anyone's progress record.
//!
//! Verdicts: `pass`; `fail` (wrong result, or SQL that does not run — `error` says which);
//! `missing` (no file); `ungraded` (saaslab could not check it: the student has no built
//! dataset). The gradebook is `grades.csv` (one row per student and exercise: student,
//! exercise, verdict, failed_on, hint, seconds) and `feedback/<student>.md`, each student's
//! reports as `check` prints them.

use crate::check::{self, expected::ExpectedSet};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::exercise::Catalog;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a submissions folder holds.
#[derive(Debug)]
pub struct Layout {
    /// Student folders, sorted.
    pub students: Vec<String>,
    /// Exercise ids handed in by anyone, in the catalog's order.
    pub exercises: Vec<String>,
    pub files: BTreeMap<(String, String), PathBuf>,
    /// `.sql` files that name no exercise, and other entries left out.
    pub ignored: Vec<PathBuf>,
}

/// Read the layout of a submissions folder.
pub fn discover(dir: &Path, catalog: &Catalog) -> Result<Layout> {
    let read = |d: &Path| std::fs::read_dir(d).map_err(|e| Error::io("cannot read the submissions folder", d, e));
    let known: Vec<String> = catalog.exercises().map(|(_, e)| e.id.clone()).collect();
    let mut students = Vec::new();
    let mut files = BTreeMap::new();
    let mut ignored = Vec::new();
    for entry in read(dir)? {
        let entry = entry.map_err(|e| Error::io("cannot read the submissions folder", dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if !path.is_dir() {
            ignored.push(path);
            continue;
        }
        for file in read(&path)? {
            let file = file.map_err(|e| Error::io("cannot read the submissions folder", &path, e))?.path();
            let id = file.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".sql")).map(str::to_string);
            match id {
                Some(id) if known.contains(&id) && file.is_file() => {
                    files.insert((name.clone(), id), file);
                }
                _ => ignored.push(file),
            }
        }
        students.push(name);
    }
    if students.is_empty() {
        return Err(Error::input(format!("{} has no student folders: put each student's answers in SUBMISSIONS/<student>/<exercise id>.sql (e.g. ada-lovelace/1.3.sql)", dir.display())));
    }
    students.sort();
    ignored.sort();
    let handed_in: std::collections::BTreeSet<&String> = files.keys().map(|(_, id)| id).collect();
    let exercises = known.iter().filter(|id| handed_in.contains(id)).cloned().collect();
    Ok(Layout { students, exercises, files, ignored })
}

/// One student's result on one exercise.
#[derive(Clone, Debug, Serialize)]
pub struct Grade {
    pub student: String,
    pub exercise: String,
    /// pass / fail / missing / ungraded
    pub verdict: &'static str,
    /// The SQL did not run (the learner's error), or why it could not be graded.
    pub error: Option<String>,
    /// The dataset a failure was found on: `your dataset` or a check dataset's name.
    pub failed_on: Option<String>,
    /// The first hint, or the first line of the error.
    pub hint: Option<String>,
    pub seconds: f64,
    /// The report as `saaslab check` prints it.
    #[serde(skip)]
    pub report: String,
}

/// Which dataset each student is graded on.
pub enum Datasets {
    /// One dataset for the whole class.
    Shared(Dataset),
    /// A class folder written by `generate --class`: each student's own, by folder name.
    PerStudent(BTreeMap<String, Dataset>),
}

impl Datasets {
    fn of(&self, student: &str) -> Option<&Dataset> {
        match self {
            Datasets::Shared(d) => Some(d),
            Datasets::PerStudent(map) => map.get(&crate::class::slug(student)),
        }
    }

    /// Every dataset, once.
    pub fn all(&self) -> Vec<&Dataset> {
        match self {
            Datasets::Shared(d) => vec![d],
            Datasets::PerStudent(map) => map.values().collect(),
        }
    }
}

pub struct Options {
    pub timeout: Duration,
    pub hidden: bool,
    pub jobs: usize,
}

/// Grade every (student, exercise) pair, `jobs` at a time; `tick` is called after each.
pub fn grade(layout: &Layout, datasets: &Datasets, catalog: &Catalog, expected: &ExpectedSet, options: &Options, tick: &(dyn Fn() + Sync)) -> Result<Vec<Grade>> {
    let pairs: Vec<(&String, &String)> = layout.students.iter().flat_map(|s| layout.exercises.iter().map(move |e| (s, e))).collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.jobs.max(1)).build().map_err(|e| Error::Io(format!("cannot start the grading threads: {e}")))?;
    let grades = pool.install(|| {
        pairs
            .par_iter()
            .map(|(student, id)| {
                let g = grade_one(layout, datasets, catalog, expected, options, student, id);
                tick();
                g
            })
            .collect()
    });
    Ok(grades)
}

fn grade_one(layout: &Layout, datasets: &Datasets, catalog: &Catalog, expected: &ExpectedSet, options: &Options, student: &str, id: &str) -> Grade {
    let mut g = Grade { student: student.into(), exercise: id.into(), verdict: "missing", error: None, failed_on: None, hint: None, seconds: 0.0, report: String::new() };
    let Some(file) = layout.files.get(&(student.to_string(), id.to_string())) else {
        g.report = format!("exercise {id}: no file {id}.sql was handed in.");
        return g;
    };
    let Some(dataset) = datasets.of(student) else {
        g.verdict = "ungraded";
        g.error = Some(format!("no dataset for student folder {student:?} in the class folder"));
        g.report = g.error.clone().unwrap_or_default();
        return g;
    };
    let exercise = catalog.find(id).expect("discovered ids are the catalog's").1;
    // A file saaslab will not read (too long, not UTF-8) is the student's error.
    let sql = match check::read_sql(file) {
        Ok(sql) => sql,
        Err(e) => {
            g.verdict = "fail";
            g.error = Some(e.to_string());
            g.hint = g.error.clone();
            g.report = format!("exercise {id}\nFAIL: {e}");
            return g;
        }
    };
    let request = check::Request { exercise, sql: &sql, dataset, expected, timeout: options.timeout, hidden: options.hidden, record: false };
    match check::run(&request, &mut |_: &Path| {}) {
        Ok(v) => {
            g.verdict = if v.passed { "pass" } else { "fail" };
            g.error = v.error.clone();
            g.failed_on = if v.passed { None } else { Some(v.failed_on.clone().unwrap_or_else(|| check::YOUR_DATASET.into())) };
            g.hint = if v.passed { None } else { v.error.as_ref().and_then(|e| e.lines().next().map(|l| l.trim_start_matches("the query failed: ").to_string())).or_else(|| v.outcome.as_ref().and_then(|o| o.hints.first().cloned())) };
            g.seconds = v.seconds;
            g.report = check::feedback::text(&v);
        }
        Err(e) => {
            g.verdict = "ungraded";
            g.error = Some(e.to_string());
            g.report = format!("exercise {id}: could not be graded: {e}");
        }
    }
    g
}

/// Write `grades.csv` and `feedback/<student>.md` into `out`.
pub fn write_gradebook(out: &Path, layout: &Layout, grades: &[Grade]) -> Result<PathBuf> {
    let feedback = out.join("feedback");
    std::fs::create_dir_all(&feedback).map_err(|e| Error::io("cannot create", &feedback, e))?;
    let csv_path = out.join("grades.csv");
    let mut w = csv::Writer::from_path(&csv_path).map_err(|e| Error::Io(format!("cannot write {}: {e}", csv_path.display())))?;
    let fail = |e: csv::Error| Error::Io(format!("cannot write {}: {e}", csv_path.display()));
    w.write_record(["student", "exercise", "verdict", "failed_on", "hint", "seconds"]).map_err(fail)?;
    for g in grades {
        w.write_record([g.student.as_str(), &g.exercise, g.verdict, g.failed_on.as_deref().unwrap_or(""), g.hint.as_deref().unwrap_or(g.error.as_deref().unwrap_or("")), &format!("{:.2}", g.seconds)]).map_err(fail)?;
    }
    w.flush().map_err(|e| Error::io("cannot write", &csv_path, e))?;
    for student in &layout.students {
        let mine: Vec<&Grade> = grades.iter().filter(|g| &g.student == student).collect();
        let passed = mine.iter().filter(|g| g.verdict == "pass").count();
        let mut text = format!("# Feedback for {student}\n\n{passed} of {} exercises passed.\n", mine.len());
        for g in mine {
            text.push_str(&format!("\n## {} — {}\n\n```\n{}\n```\n", g.exercise, g.verdict, g.report.trim_end()));
        }
        let path = feedback.join(format!("{student}.md"));
        std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))?;
    }
    Ok(csv_path)
}
