//! `manifest.json`: what a dataset folder holds and how it was made. It is written last, so a
//! folder with a manifest is complete; it holds no clock reading, so it is reproducible.

use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sink::Format;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
pub struct Manifest<'a> {
    pub saaslab_version: &'static str,
    pub seed: u64,
    pub format: Format,
    pub scenario: &'a Scenario,
    pub tables: Vec<TableEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TableEntry {
    /// `app.accounts`, `truth.defects` …
    pub table: String,
    /// Files relative to the dataset folder, in order.
    pub files: Vec<String>,
    pub rows: u64,
    pub bytes: u64,
    /// Order-independent XXH3-128 sum over the rows (see `sink::hash`).
    pub content_hash: String,
}

pub fn write(dir: &Path, manifest: &Manifest) -> Result<()> {
    let path = dir.join("manifest.json");
    let mut text = serde_json::to_string_pretty(manifest).expect("manifest serializes");
    text.push('\n');
    std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
}
