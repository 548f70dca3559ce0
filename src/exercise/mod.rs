//! The teaching modules and their exercises (`modules/NN-name/`, embedded in the binary):
//! a lesson `README.md` per module and one TOML file per exercise with its prompt, hints,
//! reference solution and comparison options. Reading and validating only; running an
//! exercise is `check`.

pub mod progress;

use crate::embedded;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// Another correct answer, written differently: the test suite proves `check` accepts it,
/// so the comparison stays as flexible as the prompt promises.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub why: String,
    pub sql: String,
}

/// A plausible wrong answer, kept with the exercise so the test suite proves that `check`
/// catches it (and so instructors see the mistakes each exercise is built to catch).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mistake {
    pub why: String,
    pub sql: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub difficulty: Difficulty,
    /// The tables and models it is meant to use.
    pub relations: Vec<String>,
    pub prompt: String,
    pub hints: Vec<String>,
    pub solution: String,
    #[serde(default)]
    pub compare: CompareOptions,
    #[serde(default)]
    pub mistakes: Vec<Mistake>,
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    /// Where it was read from, relative to `modules/`.
    #[serde(skip)]
    pub file: String,
}

pub struct Module {
    pub number: u32,
    /// The folder name, e.g. `01-saas-fundamentals`.
    pub folder: String,
    pub title: String,
    pub lesson: String,
    pub exercises: Vec<Exercise>,
}

pub struct Catalog {
    pub modules: Vec<Module>,
}

impl Catalog {
    pub fn embedded() -> Result<Catalog> {
        Catalog::from_files(embedded::MODULE_FILES.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect(), "the built-in modules")
    }

    /// An edited copy on disk (`--modules DIR`).
    pub fn from_folder(dir: &Path) -> Result<Catalog> {
        Catalog::from_files(embedded::read_folder(dir, &["toml", "md"])?, &dir.display().to_string())
    }

    fn from_files(files: BTreeMap<String, String>, origin: &str) -> Result<Catalog> {
        let mut modules: BTreeMap<String, Module> = BTreeMap::new();
        for (path, text) in &files {
            let Some((folder, rest)) = path.split_once('/') else { continue };
            let number: u32 = folder.split('-').next().and_then(|n| n.parse().ok()).ok_or_else(|| {
                Error::input(format!("{origin}: module folder `{folder}` must start with its number, like `01-saas-fundamentals`"))
            })?;
            let module = modules.entry(folder.to_string()).or_insert_with(|| Module {
                number,
                folder: folder.to_string(),
                title: folder.to_string(),
                lesson: String::new(),
                exercises: Vec::new(),
            });
            if rest == "README.md" {
                module.lesson = text.clone();
                if let Some(title) = text.lines().find_map(|l| l.strip_prefix("# ")) {
                    // "# Module 1 — SaaS business fundamentals" → "SaaS business fundamentals"
                    let title = title.trim();
                    module.title = title.split_once(" — ").filter(|(head, _)| head.starts_with("Module")).map_or(title, |(_, t)| t).to_string();
                }
            } else if rest.ends_with(".toml") {
                let mut exercise: Exercise = toml::from_str(text).map_err(|e| Error::input(format!("{origin}: {path}: {e}")))?;
                exercise.file = path.clone();
                validate(&exercise, number, origin)?;
                module.exercises.push(exercise);
            }
        }
        let mut modules: Vec<Module> = modules.into_values().collect();
        let mut ids = BTreeMap::new();
        for m in &mut modules {
            m.exercises.sort_by_key(|e| sort_key(&e.id));
            for e in &m.exercises {
                if let Some(other) = ids.insert(e.id.clone(), e.file.clone()) {
                    return Err(Error::input(format!("{origin}: exercise id {} is used by both {other} and {}", e.id, e.file)));
                }
            }
        }
        if modules.is_empty() {
            return Err(Error::input(format!("{origin}: no modules found (expected folders like 01-saas-fundamentals/ with exercise .toml files)")));
        }
        Ok(Catalog { modules })
    }

    pub fn exercises(&self) -> impl Iterator<Item = (&Module, &Exercise)> {
        self.modules.iter().flat_map(|m| m.exercises.iter().map(move |e| (m, e)))
    }

    /// A module by number (`1`) or folder name (`01-saas-fundamentals`).
    pub fn module(&self, which: &str) -> Result<&Module> {
        self.modules.iter().find(|m| m.folder == which || which.parse::<u32>().is_ok_and(|n| n == m.number)).ok_or_else(|| {
            let list: Vec<String> = self.modules.iter().map(|m| format!("{} ({})", m.number, m.title)).collect();
            Error::input(format!("no module `{which}`: the modules are {}.", list.join(", ")))
        })
    }

    pub fn find(&self, id: &str) -> Result<(&Module, &Exercise)> {
        self.exercises().find(|(_, e)| e.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.exercises().map(|(_, e)| e.id.as_str()).collect();
            Error::input(format!("no exercise `{id}`: the exercises are {}. `saaslab exercises` lists them with titles.", ids.join(", ")))
        })
    }
}

/// "1.10" sorts after "1.9".
fn sort_key(id: &str) -> Vec<u32> {
    id.split('.').map(|p| p.parse().unwrap_or(u32::MAX)).collect()
}

fn validate(e: &Exercise, module: u32, origin: &str) -> Result<()> {
    let bad = |what: String| Err(Error::input(format!("{origin}: {}: {what}", e.file)));
    if !e.id.starts_with(&format!("{module}.")) || sort_key(&e.id).contains(&u32::MAX) {
        return bad(format!("id `{}` must be `{module}.N` (the module's number, a dot, the exercise's)", e.id));
    }
    if e.hints.is_empty() {
        return bad("an exercise needs at least one hint".into());
    }
    if e.solution.trim().is_empty() || e.prompt.trim().is_empty() {
        return bad("prompt and solution must not be empty".into());
    }
    if e.compare.tolerance < 0.0 || !e.compare.tolerance.is_finite() {
        return bad("compare.tolerance must be a number ≥ 0".into());
    }
    if e.compare.ordered && e.compare.order_by.is_none() {
        return bad("an ordered exercise names its order in compare.order_by".into());
    }
    Ok(())
}

/// How an exercise wants its result compared (each field has the spec's default).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompareOptions {
    /// Row order matters (the prompt asks for an order).
    pub ordered: bool,
    /// The order the prompt asks for, in words or SQL, quoted by the order hint.
    pub order_by: Option<String>,
    /// Columns that identify a row: with them, feedback counts mismatches per column.
    pub keys: Vec<String>,
    /// Numbers match when |a − b| ≤ tolerance × max(1, |a|, |b|).
    pub tolerance: f64,
    /// Columns beyond the expected ones are ignored instead of failing.
    pub extra_columns: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions { ordered: false, order_by: None, keys: Vec::new(), tolerance: 1e-9, extra_columns: false }
    }
}
