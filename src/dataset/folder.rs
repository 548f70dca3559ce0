//! How a dataset folder comes to be: written under `.NAME.partial` beside the target, and
//! moved into place only when complete (manifest last), so a folder that looks finished is.

use super::Manifest;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Check that `target` may be written (missing, empty, or `force`) and make a fresh staging
/// folder beside it; returns the staging folder.
pub fn prepare(target: &Path, force: bool) -> Result<PathBuf> {
    if target.exists() && !target.is_dir() {
        return Err(Error::input(format!("{} is a file, not a folder: choose another folder with --out", target.display())));
    }
    if target.exists() {
        let non_empty = std::fs::read_dir(target).map(|mut d| d.next().is_some()).unwrap_or(true);
        if non_empty && !force {
            return Err(Error::input(format!(
                "{} already exists and is not empty; pass --force to replace it, or choose another folder with --out",
                target.display()
            )));
        }
    }
    let staging = staging_dir(target);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io("cannot clear leftover", &staging, e))?;
    }
    std::fs::create_dir_all(&staging).map_err(|e| Error::io("cannot create", &staging, e))?;
    Ok(staging)
}

/// `./saaslab-data` is built as `./.saaslab-data.partial` and renamed when complete.
fn staging_dir(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "saaslab-data".into());
    target.with_file_name(format!(".{name}.partial"))
}

/// Give up on a staging folder (the run failed).
pub fn discard(staging: &Path) {
    let _ = std::fs::remove_dir_all(staging);
}

/// Finish a staging folder: write its manifest (last, so that a folder with a manifest is
/// complete) and move it into place.
pub fn complete(staging: &Path, target: &Path, manifest: &Manifest) -> Result<()> {
    if let Err(e) = super::manifest::write(staging, manifest) {
        discard(staging);
        return Err(e);
    }
    install(staging, target)
}

/// Move a complete staging folder into place, replacing what was there.
fn install(staging: &Path, target: &Path) -> Result<()> {
    if target.exists() {
        let old = target.with_file_name(format!(
            ".{}.old",
            target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ));
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(target, &old).map_err(|e| Error::io("cannot move aside", target, e))?;
        std::fs::rename(staging, target).map_err(|e| Error::io("cannot rename into place", target, e))?;
        std::fs::remove_dir_all(&old).map_err(|e| Error::io("cannot remove the replaced dataset", &old, e))?;
    } else {
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::rename(staging, target).map_err(|e| Error::io("cannot rename into place", target, e))?;
    }
    Ok(())
}
