//! A learner's pass / fail record, kept beside the dataset in `DIR/progress.json` so that a
//! fresh dataset starts a fresh record. Written only by `saaslab check`, never by learner SQL.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE: &str = "progress.json";

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Attempts {
    /// `pass` once any attempt passed (it stays passed), else `fail`.
    pub status: String,
    pub attempts: u32,
    pub passes: u32,
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct Progress {
    pub exercises: BTreeMap<String, Attempts>,
    #[serde(skip)]
    path: PathBuf,
}

impl Progress {
    /// The record for a dataset folder; an unreadable one starts over rather than blocking a
    /// learner (it is only a convenience).
    pub fn load(dataset_dir: &Path) -> Progress {
        let path = dataset_dir.join(FILE);
        let mut p: Progress = std::fs::read_to_string(&path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default();
        p.path = path;
        p
    }

    pub fn status(&self, id: &str) -> Option<&Attempts> {
        self.exercises.get(id)
    }

    pub fn record(&mut self, id: &str, passed: bool) -> Result<()> {
        let a = self.exercises.entry(id.to_string()).or_default();
        a.attempts += 1;
        if passed {
            a.passes += 1;
        }
        a.status = if a.passes > 0 { "pass" } else { "fail" }.into();
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Io(e.to_string()))?;
        std::fs::write(&self.path, text + "\n").map_err(|e| Error::io("cannot record progress in", &self.path, e))
    }
}
