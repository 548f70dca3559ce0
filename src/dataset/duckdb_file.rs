//! `--format duckdb`: one DuckDB database file with a schema per source (`app.accounts`,
//! `stripe.invoice`, `truth.mrr` …). The tables are first written as Parquet (in parallel, as
//! for `--format parquet`), then DuckDB loads them into `saaslab.duckdb` and the Parquet files
//! are removed. Rows and content hashes are those of the Parquet output; the file's bytes may
//! differ between runs, since DuckDB does not promise a byte-stable file layout.
//!
//! The file is what an instructor hands out, so the answer key (`truth.*`) stays out of it
//! unless asked for (`--with-truth`); the manifest lists only what the file holds.

use super::manifest::TableEntry;
use crate::error::{Error, Result};
use std::path::Path;

pub const FILE: &str = "saaslab.duckdb";

/// Load every table's Parquet files into `dir/saaslab.duckdb` (the truth tables only
/// `with_truth`), then remove them.
/// `loading` hears each table's name as its load starts.
pub fn consolidate(dir: &Path, tables: Vec<TableEntry>, with_truth: bool, loading: &mut impl FnMut(String)) -> Result<Vec<TableEntry>> {
    let path = dir.join(FILE);
    let fail = |e: duckdb::Error| Error::io("cannot build the DuckDB file", &path, e);
    let db = duckdb::Connection::open(&path).map_err(fail)?;
    // One thread keeps insertion order (and so the stored row order) fixed.
    db.execute_batch("set threads = 1; set preserve_insertion_order = true;").map_err(fail)?;
    let mut out = Vec::with_capacity(tables.len());
    for t in tables.into_iter().filter(|t| with_truth || !t.is_truth()) {
        let (schema, name) = t.schema_and_name();
        loading(format!("{schema}.{name}"));
        let files: Vec<String> = t.files.iter().map(|f| super::quoted(&dir.join(f))).collect();
        db.execute_batch(&format!(
            "create schema if not exists {schema}; create table {schema}.{name} as select * from read_parquet([{}]);",
            files.join(", ")
        ))
        .map_err(fail)?;
        out.push(TableEntry { files: vec![FILE.to_string()], bytes: 0, ..t });
    }
    db.execute_batch("checkpoint;").map_err(fail)?;
    drop(db);
    for folder in ["raw", "truth"] {
        let p = dir.join(folder);
        if p.exists() {
            std::fs::remove_dir_all(&p).map_err(|e| Error::io("cannot remove", &p, e))?;
        }
    }
    Ok(out)
}
