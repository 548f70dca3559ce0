//! A learner's pass / fail record, kept beside the dataset in `DIR/progress.json` so that a
//! fresh dataset starts a fresh record. Written only by `saaslab check`, never by learner SQL.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

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
}

impl Progress {
    /// The record for a dataset folder, for reading. A missing one is empty; an unreadable
    /// one reads as empty here (listing must not block a learner) and is set aside, with a
    /// warning, by the next `record`.
    pub fn load(dataset_dir: &Path) -> Progress {
        std::fs::read_to_string(dataset_dir.join(FILE)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
    }

    pub fn status(&self, id: &str) -> Option<&Attempts> {
        self.exercises.get(id)
    }

    /// Add one attempt to the record in `dataset_dir`. Checks running at the same time take
    /// turns (the file is locked while it is read and rewritten), so none is lost. A record
    /// that is not valid JSON is kept as `progress.json.bad` and a new one started; the
    /// returned warning says so.
    pub fn record(dataset_dir: &Path, id: &str, passed: bool) -> Result<Option<String>> {
        use std::io::{Read, Seek, Write};
        let path = dataset_dir.join(FILE);
        let fail = |e: std::io::Error| Error::io("cannot record progress in", &path, e);
        let mut file = std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(fail)?;
        file.lock().map_err(fail)?;
        let mut text = String::new();
        file.read_to_string(&mut text).map_err(fail)?;
        let mut warning = None;
        let mut record: Progress = if text.trim().is_empty() {
            Progress::default()
        } else {
            match serde_json::from_str(&text) {
                Ok(p) => p,
                Err(e) => {
                    let bad = dataset_dir.join(format!("{FILE}.bad"));
                    std::fs::write(&bad, &text).map_err(|e| Error::io("cannot keep the unreadable record as", &bad, e))?;
                    warning = Some(format!("{} was not valid JSON (line {}: {e}); it is kept as {} and a new record started", path.display(), e.line(), bad.display()));
                    Progress::default()
                }
            }
        };
        let a = record.exercises.entry(id.to_string()).or_default();
        a.attempts += 1;
        if passed {
            a.passes += 1;
        }
        a.status = if a.passes > 0 { "pass" } else { "fail" }.into();
        let text = serde_json::to_string_pretty(&record).map_err(|e| Error::Io(e.to_string()))? + "\n";
        file.set_len(0).map_err(fail)?;
        file.rewind().map_err(fail)?;
        file.write_all(text.as_bytes()).map_err(fail)?;
        file.sync_data().map_err(fail)?;
        Ok(warning)
    }
}
