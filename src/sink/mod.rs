//! Sinks: Arrow batches in, files out. They know nothing of SaaS.
//!
//! A `TableWriter` writes one file (a small table, or one part of a big one) and hashes what
//! it writes, so the manifest's content hash costs no second pass.

mod csv;
pub mod hash;
mod parquet;

pub use self::csv::format_value;
use crate::error::{Error, Result};
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use hash::ContentHash;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Parquet,
    Csv,
    /// One DuckDB database file with a schema per source (built from Parquet parts).
    Duckdb,
}

impl Format {
    /// As the manifest and `--format` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
            Format::Duckdb => "duckdb",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet | Format::Duckdb => "parquet",
            Format::Csv => "csv",
        }
    }
}

/// What a finished file holds.
#[derive(Clone, Debug)]
pub struct FileStats {
    pub path: PathBuf,
    pub rows: u64,
    pub bytes: u64,
    pub hash: ContentHash,
}

pub trait TableWriter: Send {
    fn write(&mut self, batch: &RecordBatch) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<FileStats>;
}

/// Set once an interrupt is cleaning up: no new file (nor its folder) may appear after that.
static STOPPED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Hold every later `open` for good, so that a worker still running cannot re-create a folder
/// an interrupt is removing.
pub fn stop_opening() {
    STOPPED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Open a writer for one file, creating its folder.
pub fn open(format: Format, path: &Path, schema: SchemaRef) -> Result<Box<dyn TableWriter>> {
    while STOPPED.load(std::sync::atomic::Ordering::SeqCst) {
        // An interrupt is removing what this run wrote and will end the process (exit 130):
        // this thread waits for that instead of writing on or reporting an error of its own.
        std::thread::park();
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create folder", dir, e))?;
    }
    let file = std::fs::File::create(path).map_err(|e| Error::io("cannot create", path, e))?;
    Ok(match format {
        Format::Parquet | Format::Duckdb => Box::new(parquet::ParquetTable::new(path, file, schema)?),
        Format::Csv => Box::new(csv::CsvTable::new(path, file, &schema)?),
    })
}

/// Bytes on disk of a finished file.
fn file_size(path: &Path) -> Result<u64> {
    std::fs::metadata(path).map(|m| m.len()).map_err(|e| Error::io("cannot read size of", path, e))
}
