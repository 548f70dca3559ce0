//! `expected/`: each exercise's result on the canonical dataset (`baseline`, seed 42, default
//! size), one JSON file per exercise plus `dataset.json` naming the dataset they were derived
//! on. Written by `saaslab expected`, embedded in the binary, re-derived by a test.
//!
//! The files are meant to be diffed by people: one row per line, rows sorted unless the
//! exercise asks for an order, numbers to 12 significant digits (a parallel sum may differ in
//! its last bits from machine to machine; twelve digits do not).

use super::table::{Column, Table, Value};
use crate::dataset::Dataset;
use crate::embedded;
use crate::error::{Error, Result};
use crate::exercise::Catalog;
use crate::progress::Progress;
use crate::sandbox::{Limits, Sandbox};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const DATASET_FILE: &str = "dataset.json";

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct DatasetInfo {
    pub scenario: String,
    pub seed: u64,
    /// The manifest hash of the dataset the files were derived on.
    pub dataset_fingerprint: String,
    pub saaslab_version: String,
}

#[derive(Deserialize, Serialize)]
struct File {
    exercise: String,
    columns: Vec<Column>,
    rows: Vec<Vec<serde_json::Value>>,
}

#[derive(Default)]
pub struct ExpectedSet {
    pub dataset: Option<DatasetInfo>,
    pub tables: BTreeMap<String, Table>,
}

impl ExpectedSet {
    pub fn embedded() -> Result<ExpectedSet> {
        ExpectedSet::from_files(embedded::EXPECTED_FILES.iter().map(|(p, c)| (p.to_string(), c.to_string())), "the built-in expected results")
    }

    pub fn from_folder(dir: &Path) -> Result<ExpectedSet> {
        ExpectedSet::from_files(embedded::read_folder(dir, &["json"])?.into_iter(), &dir.display().to_string())
    }

    fn from_files(files: impl Iterator<Item = (String, String)>, origin: &str) -> Result<ExpectedSet> {
        let mut set = ExpectedSet { dataset: None, tables: BTreeMap::new() };
        for (name, text) in files {
            let bad = |e: serde_json::Error| Error::input(format!("{origin}: {name}, line {}: {e}", e.line()));
            if name == DATASET_FILE {
                set.dataset = Some(serde_json::from_str(&text).map_err(bad)?);
            } else {
                let file: File = serde_json::from_str(&text).map_err(bad)?;
                let rows = file.rows.iter().map(|r| r.iter().zip(&file.columns).map(|(v, c)| Value::from_json(v, c.kind)).collect()).collect();
                set.tables.insert(file.exercise, Table { columns: file.columns, rows });
            }
        }
        Ok(set)
    }

    /// The files hold the answers for this very dataset.
    pub fn matches(&self, dataset: &Dataset) -> bool {
        self.dataset.as_ref().is_some_and(|d| d.dataset_fingerprint == dataset.fingerprint)
    }
}

pub fn dataset_info(dataset: &Dataset) -> DatasetInfo {
    DatasetInfo {
        scenario: dataset.scenario_name().to_string(),
        seed: dataset.seed(),
        dataset_fingerprint: dataset.fingerprint.clone(),
        saaslab_version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// One exercise's file: rows sorted by their text unless `ordered`.
pub fn render(id: &str, table: &Table, ordered: bool) -> String {
    let mut rows: Vec<String> = table
        .rows
        .iter()
        .map(|r| serde_json::to_string(&r.iter().map(Value::to_json).collect::<Vec<_>>()).expect("JSON values serialize"))
        .collect();
    if !ordered {
        rows.sort();
    }
    let columns = serde_json::to_string(&table.columns).expect("columns serialize");
    let mut out = format!("{{\n  \"exercise\": {},\n  \"columns\": {columns},\n  \"rows\": [\n", serde_json::to_string(id).expect("string"));
    for (i, r) in rows.iter().enumerate() {
        out.push_str("    ");
        out.push_str(r);
        out.push_str(if i + 1 < rows.len() { ",\n" } else { "\n" });
    }
    out.push_str("  ]\n}\n");
    out
}

pub fn render_dataset(info: &DatasetInfo) -> String {
    serde_json::to_string_pretty(info).expect("serialize") + "\n"
}

/// One exercise's expected result, derived and written.
#[derive(Clone, Debug)]
pub struct Derived {
    pub id: String,
    pub title: String,
    pub rows: usize,
    pub seconds: f64,
}

/// The instructor's workflow: run every reference solution (or only the exercise `only`) on a
/// built dataset and write its file, plus `dataset.json`, into `out`. Returns how many
/// exercises were written.
pub fn write_folder(catalog: &Catalog, dataset: &Dataset, out: &Path, only: Option<&str>, progress: &mut impl Progress<Derived>) -> Result<usize> {
    let sandbox = Sandbox::open(dataset, Limits::default(), true)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io("cannot create", out, e))?;
    let write = |name: &str, text: String| -> Result<()> {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
    };
    write(DATASET_FILE, render_dataset(&dataset_info(dataset)))?;
    let mut written = 0;
    for (_, e) in catalog.exercises().filter(|(_, e)| only.is_none_or(|o| o == e.id)) {
        let started = std::time::Instant::now();
        let table: Table = super::reference_result(e, &sandbox)?;
        write(&format!("{}.json", e.id), render(&e.id, &table, e.compare.ordered))?;
        progress.report(Derived { id: e.id.clone(), title: e.title.clone(), rows: table.rows.len(), seconds: started.elapsed().as_secs_f64() });
        written += 1;
    }
    if written == 0 {
        return Err(Error::input(format!("no exercise `{}`", only.unwrap_or_default())));
    }
    Ok(written)
}
