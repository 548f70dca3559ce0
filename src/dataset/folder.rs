//! How a dataset folder comes to be: written under `.NAME.partial` beside the target, and
//! moved into place only when complete (manifest last), so a folder that looks finished is.
//!
//! One writer at a time: the staging folder is locked (an advisory lock on the folder itself,
//! released when the process ends however it ends), so a second `generate` to the same target
//! stops with the first one's pid instead of sharing its files. `--force` replaces only what
//! saaslab made: an empty folder or a dataset folder (one with a saaslab manifest).

use super::Manifest;
use crate::error::{Error, Result};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Inside a staging folder while it is written: the writer's pid, for the message another
/// writer gets. Removed before the folder is moved into place.
const WRITER_FILE: &str = ".saaslab-writer";

/// A staging folder this process is writing, locked until it is completed or discarded.
pub struct Staging {
    pub dir: PathBuf,
    /// Where the folder goes when complete (absolute, links resolved).
    pub target: PathBuf,
    _lock: Option<File>,
}

/// Staging folders in progress, for `discard_in_progress` (an interrupt).
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Check that `target` may be written (missing, empty, or — with `force` — a dataset folder),
/// then lock and clear a staging folder beside it.
pub fn prepare(target: &Path, force: bool) -> Result<Staging> {
    let target = resolve(target)?;
    if let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize)
        && cwd.starts_with(&target)
    {
        return Err(Error::input(format!(
            "{} is the folder you are working in (or holds it): saaslab will not replace it. Choose another folder with --out",
            target.display()
        )));
    }
    if target.exists() && !target.is_dir() {
        return Err(Error::input(format!("{} is a file, not a folder: choose another folder with --out", target.display())));
    }
    if target.is_dir() {
        let first = std::fs::read_dir(&target).map_err(|e| Error::io("cannot read", &target, e))?.next();
        if let Some(entry) = first {
            if !force {
                return Err(Error::input(format!(
                    "{} already exists and is not empty; pass --force to replace it, or choose another folder with --out",
                    target.display()
                )));
            }
            if !is_dataset(&target) {
                let name = entry.map(|e| e.file_name().to_string_lossy().into_owned()).unwrap_or_default();
                return Err(Error::input(format!(
                    "{} holds files that are not a saaslab dataset (e.g. `{name}`), so --force will not replace it: remove it yourself, or choose another folder with --out",
                    target.display()
                )));
            }
        }
    }
    let dir = staging_dir(&target);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
    let lock = lock(&dir, &target)?;
    // A leftover of an interrupted run: its writer is gone (we hold the lock), so start over.
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io("cannot read", &dir, e))? {
        let path = entry.map_err(|e| Error::io("cannot read", &dir, e))?.path();
        let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        removed.map_err(|e| Error::io("cannot clear leftover", &path, e))?;
    }
    let writer = dir.join(WRITER_FILE);
    std::fs::write(&writer, std::process::id().to_string()).map_err(|e| Error::io("cannot write", &writer, e))?;
    IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner()).push(dir.clone());
    Ok(Staging { dir, target, _lock: lock })
}

/// The target as an absolute path with links resolved: a link to a folder is written through
/// (the folder it names is replaced, the link stays), and `.` names the folder it stands for.
fn resolve(target: &Path) -> Result<PathBuf> {
    let absolute = if target.exists() {
        std::fs::canonicalize(target).map_err(|e| Error::io("cannot resolve", target, e))?
    } else if target.is_symlink() {
        return Err(Error::input(format!("{} is a link to nothing: point it at a folder, or choose another --out", target.display())));
    } else {
        let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = target.file_name().ok_or_else(|| Error::input(format!("{} does not name a folder: choose another --out", target.display())))?;
        std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        std::fs::canonicalize(parent).map_err(|e| Error::io("cannot resolve", parent, e))?.join(name)
    };
    if absolute.file_name().is_none() || absolute.parent().is_none() {
        return Err(Error::input(format!("{} cannot hold a dataset: choose a folder below it with --out", absolute.display())));
    }
    Ok(absolute)
}

/// A folder `generate` wrote: its manifest names a saaslab version.
fn is_dataset(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(super::manifest::FILE))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|m| m.get("saaslab_version").is_some_and(|v| v.is_string()))
}

/// Lock the staging folder for this process, or say who holds it.
fn lock(dir: &Path, target: &Path) -> Result<Option<File>> {
    // Folders open as files on Unix; elsewhere the lock is skipped.
    let Ok(file) = File::open(dir) else { return Ok(None) };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => {
            let pid = std::fs::read_to_string(dir.join(WRITER_FILE)).map(|p| format!(" (pid {})", p.trim())).unwrap_or_default();
            Err(Error::input(format!(
                "another saaslab is writing a dataset to {}{pid}: wait for it to finish, or choose another folder with --out",
                target.display()
            )))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io("cannot lock", dir, e)),
    }
}

/// `/x/saaslab-data` is built as `/x/.saaslab-data.partial` and renamed when complete.
fn staging_dir(target: &Path) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "saaslab-data".into());
    target.with_file_name(format!(".{name}.partial"))
}

fn forget(dir: &Path) {
    IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner()).retain(|d| d != dir);
}

/// Give up on a staging folder (the run failed).
pub fn discard(staging: Staging) {
    let _ = std::fs::remove_dir_all(&staging.dir);
    forget(&staging.dir);
}

/// Remove every staging folder this process is writing: for an interrupt (Ctrl-C), so that
/// no half-written dataset is left behind.
pub fn discard_in_progress() {
    // Workers go on writing until the process exits: first stop them opening files (which
    // would re-create the folder), give an open already under way time to finish, then remove.
    crate::sink::stop_opening();
    std::thread::sleep(std::time::Duration::from_millis(100));
    for dir in IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
        let _ = std::fs::remove_dir_all(&dir);
        if dir.exists() {
            // A file closed into it while it was being removed: once more.
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Finish a staging folder: write its manifest (last, so that a folder with a manifest is
/// complete) and move it into place.
pub fn complete(staging: Staging, manifest: &Manifest) -> Result<()> {
    if let Err(e) = super::manifest::write(&staging.dir, manifest) {
        discard(staging);
        return Err(e);
    }
    let _ = std::fs::remove_file(staging.dir.join(WRITER_FILE));
    let result = install(&staging.dir, &staging.target);
    forget(&staging.dir);
    result
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
        std::fs::rename(staging, target).map_err(|e| Error::io("cannot rename into place", target, e))?;
    }
    Ok(())
}
