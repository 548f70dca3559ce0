//! The hidden check datasets: small worlds of the `check` scenario that `saaslab check` runs the
//! learner's query and the reference solution on, besides the learner's own dataset, so that an
//! answer cannot pass by the luck of one dataset (a rule the data never exercised, numbers
//! copied from the canonical answer).
//!
//! They are generated and built on first use and cached per saaslab build (the source
//! fingerprint `build.rs` computes) and per learner's seed, so classmates with different seeds
//! are checked on different data. The learner never sees them as data: the verdict names the
//! check dataset a failure was found on and says what differs, without its rows.
//!
//! Cache: `$SAASLAB_CACHE_DIR`, else `$XDG_CACHE_HOME/saaslab`, else `~/.cache/saaslab`, then
//! `check/<version>-<fingerprint>/seed-<learner seed>/<name>`. A dataset is made under a lock
//! (`.lock` beside it) and marked complete (`.ready`) only when generated and built, so two
//! checks that start at once make it once, and an interrupted one is redone by the next. When a
//! build makes its datasets it removes those of other builds.

use crate::dataset::Dataset;
use crate::sink::Format;
use crate::error::{Error, Result};
use crate::progress::Silent;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One hidden dataset: a size and date range of the `check` scenario. Both end on the
/// canonical dataset's last day, so that the dates the prompts name (2025) are in every one.
pub struct Spec {
    pub name: &'static str,
    /// Mixed with the learner's seed.
    pub salt: u64,
    pub customers: u64,
    pub locations: u64,
    pub start: (i32, u32, u32),
    pub end: (i32, u32, u32),
}

pub const SPECS: &[Spec] = &[
    Spec { name: "check-1", salt: 0x6368_6563_6b31, customers: 320, locations: 520, start: (2019, 1, 1), end: (2025, 12, 31) },
    Spec { name: "check-2", salt: 0x6368_6563_6b32, customers: 220, locations: 330, start: (2023, 7, 1), end: (2025, 12, 31) },
];

pub const SCENARIO: &str = "check";

/// Where this build keeps its hidden datasets.
pub fn cache_root() -> Result<PathBuf> {
    let base = crate::dirs::env_dir("SAASLAB_CACHE_DIR").or_else(crate::dirs::cache).ok_or_else(|| {
        Error::input("cannot find a cache folder for the check datasets: set SAASLAB_CACHE_DIR (or HOME), or pass --quick to check on your dataset alone")
    })?;
    Ok(base.join("check").join(build_folder()))
}

/// The folder of this build's hidden datasets in `<cache>/check/`: version and source
/// fingerprint, so that another build never reads them.
pub fn build_folder() -> String {
    format!("{}-{}", env!("CARGO_PKG_VERSION"), crate::embedded::SOURCE_FINGERPRINT)
}

/// The folder of one hidden dataset for a learner's seed, under `<cache>/check/<build>/`.
pub fn dataset_folder(build_root: &Path, spec: &Spec, learner_seed: u64) -> PathBuf {
    build_root.join(format!("seed-{learner_seed}")).join(spec.name)
}

/// The seed of a hidden dataset for a learner whose dataset has `seed`.
pub fn seed_for(spec: &Spec, learner_seed: u64) -> u64 {
    crate::rng::key(learner_seed, crate::rng::Kind::Scenario, spec.salt, "hidden-check-dataset") % 1_000_000_000
}

/// The hidden datasets for a learner's seed, generated and built first if they are not cached.
/// `preparing` is called once before any is made (it takes seconds), with the cache folder.
pub fn ensure(learner_seed: u64, preparing: &mut dyn FnMut(&Path)) -> Result<Vec<(&'static Spec, Dataset)>> {
    let build_root = cache_root()?;
    let root = build_root.join(format!("seed-{learner_seed}"));
    let mut told = false;
    let mut out = Vec::new();
    for spec in SPECS {
        let dir = dataset_folder(&build_root, spec, learner_seed);
        if !is_ready(&dir) {
            make(spec, learner_seed, &dir, &mut || {
                if !told {
                    preparing(&root);
                    told = true;
                }
            })?;
        }
        out.push((spec, Dataset::open(&dir)?));
    }
    Ok(out)
}

/// A complete hidden dataset: generated, and its warehouse built to the end.
fn is_ready(dir: &Path) -> bool {
    dir.join(READY).is_file()
}

const READY: &str = ".ready";

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// Generate and build one hidden dataset into `dir`, holding the cache folder's lock.
fn make(spec: &Spec, learner_seed: u64, dir: &Path, starting: &mut dyn FnMut()) -> Result<()> {
    let parent = dir.parent().expect("the cache folder has a parent");
    std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create the check datasets' cache folder", parent, e))?;
    let lock_path = parent.join(".lock");
    let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(|e| Error::io("cannot open", &lock_path, e))?;
    lock.lock().map_err(|e| Error::io("cannot lock", &lock_path, e))?;
    // Made by another check while this one waited for the lock.
    if is_ready(dir) {
        return Ok(());
    }
    starting();
    prune_other_builds();
    let options = crate::generate::Options {
        scenario: SCENARIO.into(),
        seed: seed_for(spec, learner_seed),
        out: dir.to_path_buf(),
        format: Format::Parquet,
        customers: Some(spec.customers),
        locations: Some(spec.locations),
        start: Some(date(spec.start)),
        end: Some(date(spec.end)),
        scale: None,
        threads: None,
        // What an interrupted check left is replaced.
        force: true,
        yes: true,
        with_truth: false,
        shard: None,
    };
    crate::generate::run(&options, &mut Silent)?;
    build(dir)?;
    std::fs::write(dir.join(READY), "").map_err(|e| Error::io("cannot mark the check dataset complete in", dir, e))
}

/// Remove the check datasets other saaslab builds made (they are never read again by this one):
/// the cache holds one build's worth, not one per upgrade. Best effort: a folder in use by a
/// check of another build right now is left alone if it cannot be removed.
fn prune_other_builds() {
    let Ok(this) = cache_root() else { return };
    let Some(parent) = this.parent() else { return };
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path != this && path.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Build the embedded pipeline on a hidden dataset.
fn build(dir: &Path) -> Result<()> {
    let dataset = Dataset::open(dir)?;
    let project = crate::pipeline::load_project(None)?;
    let renderer = crate::pipeline::render::Renderer::new(&project, &crate::pipeline::vars_for(&project, &dataset))?;
    let options = crate::pipeline::materialize::BuildOptions { full_refresh: true, ..Default::default() };
    crate::pipeline::materialize::build(&project, &dataset, &renderer, &options, &mut Silent)?;
    Ok(())
}
