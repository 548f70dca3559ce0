//! The folders compiled into the binary by `build.rs` — `PIPELINE_FILES`, `MODULE_FILES` and
//! `EXPECTED_FILES`, each a sorted list of (path relative to its folder, contents) — and
//! `read_folder`, which reads an edited copy of one of them from disk in the same shape.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Every file below `dir` whose name ends in one of `extensions` (without the dot), keyed by
/// its path relative to `dir` with forward slashes. Hidden folders and dbt's output folders
/// (`target`, `dbt_packages`, `logs`) are skipped, as `build.rs` skips them.
pub fn read_folder(dir: &Path, extensions: &[&str]) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    read_tree(dir, dir, extensions, &mut files)?;
    Ok(files)
}

fn read_tree(root: &Path, dir: &Path, extensions: &[&str], files: &mut BTreeMap<String, String>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("cannot read", dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "target" | "dbt_packages" | "logs") && !name.starts_with('.') {
                read_tree(root, &path, extensions, files)?;
            }
        } else if extensions.iter().any(|ext| name.ends_with(&format!(".{ext}"))) {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io("cannot read", &path, e))?;
            let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(relative, text);
        }
    }
    Ok(())
}
