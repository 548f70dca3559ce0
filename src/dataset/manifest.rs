//! `manifest.json`: what a dataset folder holds and how it was made. It is written last, so a
//! folder with a manifest is complete; it holds no clock reading, so it is reproducible. The
//! same type is written by `generate` and read back by everything that opens a dataset.

use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::sink::Format;
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const FILE: &str = "manifest.json";

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Manifest {
    pub saaslab_version: String,
    pub seed: u64,
    pub format: Format,
    /// The fully resolved scenario the data was simulated from.
    pub scenario: Scenario,
    pub tables: Vec<TableEntry>,
    /// A shard's own manifest: which slice of the accounts it holds (see `dataset::shards`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardOf>,
    /// A sharded dataset's manifest: how many shards its files come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shards: Option<u64>,
}

/// Shard `index` (from 1) of `count`, holding the account parts `parts[0]..parts[1]`.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ShardOf {
    pub index: u64,
    pub count: u64,
    pub parts: [u64; 2],
}

#[derive(Clone, Debug, Deserialize, Serialize)]
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

impl TableEntry {
    /// (`app`, `accounts`) from `app.accounts`.
    pub fn schema_and_name(&self) -> (&str, &str) {
        self.table.split_once('.').unwrap_or(("", &self.table))
    }

    /// The simulation's answer key, which the warehouse and the learner never see.
    pub fn is_truth(&self) -> bool {
        self.schema_and_name().0 == "truth"
    }
}

impl Manifest {
    /// The text `write` puts on disk: pretty JSON and a final newline.
    pub fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("manifest serializes");
        text.push('\n');
        text
    }

    pub fn table(&self, name: &str) -> Option<&TableEntry> {
        self.tables.iter().find(|t| t.table == name)
    }
}

pub fn write(dir: &Path, manifest: &Manifest) -> Result<()> {
    let path = dir.join(FILE);
    std::fs::write(&path, manifest.to_text()).map_err(|e| Error::io("cannot write", &path, e))
}
