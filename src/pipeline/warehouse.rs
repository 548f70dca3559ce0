//! The DuckDB warehouse a pipeline builds from a dataset: `DIR/warehouse.duckdb`,
//! where every raw table is a view in its connector's schema (`stripe.invoice` reads the
//! dataset's Parquet or CSV files, or its DuckDB file) and the models are tables and views in
//! `main`.

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use duckdb::{AccessMode, Config, Connection};
use std::fs::File;
use std::path::Path;

pub use crate::dataset::WAREHOUSE_FILE as FILE;

/// Held for the whole of a build: a second `saaslab build` on the same dataset stops at once
/// with the first one's pid, instead of deleting or writing the warehouse under it.
pub struct BuildLock {
    _file: File,
}

/// `DIR/target/build.lock`, locked for this process; its text is the holder's pid. The file
/// stays when the build ends (removing it would let two later builds lock two different files).
pub fn lock_for_build(dataset: &Dataset) -> Result<BuildLock> {
    let dir = dataset.dir.join("target");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("cannot create", &dir, e))?;
    let path = dir.join("build.lock");
    let file = std::fs::OpenOptions::new().create(true).truncate(false).read(true).write(true).open(&path).map_err(|e| Error::io("cannot open", &path, e))?;
    match file.try_lock() {
        Ok(()) => {
            use std::io::{Seek, Write};
            let mut f = &file;
            let _ = f.set_len(0).and_then(|()| f.seek(std::io::SeekFrom::Start(0))).and_then(|_| write!(f, "{}", std::process::id()));
            Ok(BuildLock { _file: file })
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let pid = std::fs::read_to_string(&path).ok().filter(|p| !p.trim().is_empty()).map(|p| format!(" (pid {})", p.trim())).unwrap_or_default();
            Err(Error::input(format!(
                "another saaslab is building the warehouse of {}{pid}: wait for it to finish, then run this again.",
                dataset.dir.display()
            )))
        }
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io("cannot lock", &path, e)),
    }
}

/// How much of the machine a build may use.
#[derive(Clone, Debug, Default)]
pub struct Resources {
    /// DuckDB's worker threads; None: one per core.
    pub threads: Option<usize>,
    /// DuckDB's memory_limit (`1.5GB`, `800MB`); None: saaslab's default, [`MEMORY_LIMIT`].
    pub memory_limit: Option<String>,
}

/// The build's memory limit unless the user sets one: what a student laptop with 8 GB can
/// spare beside a browser and an editor. DuckDB spills what does not fit to
/// `DIR/target/spill/` and stays under the limit for its buffers; the process as a whole peaks a
/// little above it (BENCHMARKS.md records the measured peak).
pub const MEMORY_LIMIT: &str = "1.5GB";

/// DuckDB's memory limit, and where it spills what does not fit: `DIR/target/spill/`.
fn memory_settings(dataset: &Dataset, limit: &str) -> String {
    format!("set memory_limit = '{}'; set temp_directory = {};", limit.replace('\'', ""), crate::dataset::quoted(&dataset.dir.join("target").join("spill")))
}

/// Open the warehouse for writing (building).
pub fn open_for_build(dataset: &Dataset, resources: &Resources) -> Result<Connection> {
    let path = dataset.warehouse_path();
    let conn = Connection::open(&path).map_err(|e| open_error(dataset, &path, e))?;
    let mut settings = format!(
        "{}
         -- Tables are compared and read with ORDER BY, never by their physical order; not
         -- keeping insertion order lets DuckDB stream big CREATE TABLE AS in less memory.
         set preserve_insertion_order = false;",
        memory_settings(dataset, resources.memory_limit.as_deref().unwrap_or(MEMORY_LIMIT))
    );
    if let Some(n) = resources.threads {
        settings.push_str(&format!("set threads = {n};"));
    }
    conn.execute_batch(&settings).map_err(|e| Error::input(format!("cannot apply the build's DuckDB settings ({settings}): {e}")))?;
    dataset.attach(&conn)?;
    Ok(conn)
}

/// Why the warehouse file would not open. DuckDB lets one process write a database file or
/// many read it; its lock-conflict message is turned into what to do about it.
pub fn open_error(dataset: &Dataset, path: &Path, e: impl std::fmt::Display) -> Error {
    let msg = e.to_string();
    lock_conflict(dataset, &msg).unwrap_or_else(|| Error::io("cannot open the warehouse", path, msg))
}

/// The words for DuckDB's "Conflicting lock is held in PROGRAM (PID N)", if that is the message.
pub fn lock_conflict(dataset: &Dataset, msg: &str) -> Option<Error> {
    if !(msg.contains("Conflicting lock") || msg.contains("Could not set lock")) {
        return None;
    }
    let pid = msg.split("(PID ").nth(1).and_then(|r| r.split(')').next()).map(|p| format!(" (pid {p})")).unwrap_or_default();
    Some(Error::input(format!(
        "the warehouse of {} is in use by another program{pid}: a `saaslab build` writing it, or a test, query or check reading it while a build waits. Wait for it to finish, then run this again.",
        dataset.dir.display()
    )))
}

/// The error for a dataset that has not been built yet.
pub fn not_built(dataset: &Dataset) -> Error {
    Error::input(format!("{} has no warehouse yet: run `saaslab build --data {}` first.", dataset.dir.display(), dataset.dir.display()))
}

/// Open the built warehouse read-only (testing, querying): nothing done here can change it.
pub fn open_read_only(dataset: &Dataset) -> Result<Connection> {
    let path = dataset.warehouse_path();
    if !path.is_file() {
        return Err(not_built(dataset));
    }
    let config = Config::default().access_mode(AccessMode::ReadOnly).map_err(|e| Error::io("cannot configure DuckDB for", &path, e))?;
    let conn = Connection::open_with_flags(&path, config).map_err(|e| open_error(dataset, &path, e))?;
    // The data tests read the largest tables whole: the build's memory limit holds for them too.
    conn.execute_batch(&memory_settings(dataset, MEMORY_LIMIT))
        .map_err(|e| Error::io("cannot configure DuckDB for", &path, e))?;
    dataset.attach(&conn)?;
    Ok(conn)
}

/// The dataset fingerprint the warehouse was built from, if any.
pub fn built_from(conn: &Connection) -> Option<String> {
    conn.query_row("select dataset_fingerprint from _saaslab.build_info", [], |r| r.get(0)).ok()
}

/// The saaslab version that built the warehouse, if recorded.
pub fn built_by(conn: &Connection) -> Option<String> {
    conn.query_row("select saaslab_version from _saaslab.build_info", [], |r| r.get(0)).ok()
}

/// Whether the last build finished: `record_build(…, false)` when a build starts, `true` when
/// its last model is built. A build that stopped or failed half-way leaves `false`.
pub fn build_finished(conn: &Connection) -> bool {
    conn.query_row("select complete from _saaslab.build_info", [], |r| r.get::<_, bool>(0)).unwrap_or(false)
}

/// The folder the warehouse was built in, if recorded. Its raw-table views read the files
/// there by absolute path.
pub fn built_in(conn: &Connection) -> Option<String> {
    conn.query_row("select dataset_dir from _saaslab.build_info", [], |r| r.get(0)).ok()
}

/// Refuse a warehouse that cannot answer for this dataset as it is now: a build that did not
/// finish, one built from other data, or one built before the folder was moved or copied.
pub fn ready(conn: &Connection, dataset: &Dataset) -> Result<()> {
    let rebuild = format!("run `saaslab build --data {}` again first", dataset.dir.display());
    if built_from(conn).as_deref() != Some(dataset.fingerprint.as_str()) {
        return Err(Error::input(format!("the warehouse in {} was built from other data: {rebuild}.", dataset.dir.display())));
    }
    if let Some(was) = built_in(conn)
        && Path::new(&was) != dataset.dir
    {
        return Err(Error::input(format!(
            "the dataset was built at {was} and has moved to {} since; the warehouse still reads the raw files from the old place: {rebuild} (or move it back).",
            dataset.dir.display()
        )));
    }
    if !build_finished(conn) {
        return Err(unfinished(dataset));
    }
    Ok(())
}

/// The error for a warehouse whose last build did not finish.
pub fn unfinished(dataset: &Dataset) -> Error {
    Error::input(format!(
        "the last build of {} did not finish (it stopped or failed before every model was built, or built a --select of them on a new warehouse): run `saaslab build --data {}` again first.",
        dataset.dir.display(),
        dataset.dir.display()
    ))
}

pub fn record_build(conn: &Connection, dataset: &Dataset, complete: bool) -> Result<()> {
    conn.execute_batch(&format!(
        "create schema if not exists _saaslab;
         create or replace table _saaslab.build_info as
         select '{}' as dataset_fingerprint, '{}' as saaslab_version, '{}' as scenario, {} as seed, date '{}' as as_of_date, {complete} as complete,
                {} as dataset_dir;
         checkpoint;",
        dataset.fingerprint,
        env!("CARGO_PKG_VERSION"),
        dataset.scenario_name().replace('\'', "''"),
        dataset.seed(),
        dataset.end(),
        crate::dataset::quoted(&dataset.dir)
    ))
    .map_err(|e| Error::io("cannot record the build in", &dataset.warehouse_path(), e))
}

/// The executive KPI row, if the pipeline has that mart.
pub fn kpis(conn: &Connection) -> Option<serde_json::Value> {
    let mut stmt = conn.prepare("select * from main.executive_customer_health_kpis").ok()?;
    let batches: Vec<_> = stmt.query_arrow([]).ok()?.collect();
    let (names, rows, numeric) = super::display::cells(&batches, 1);
    super::display::json_rows(&names, &rows, &numeric).as_array()?.first().cloned()
}
