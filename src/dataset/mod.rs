//! A dataset folder: what `generate` writes and everything else reads. `Dataset::open` is the
//! one way in — the pipeline, `check`, the sandbox, `load`, `export` and the tests all see a
//! dataset through its typed `Manifest` — and `folder` / `duckdb_file` are how `generate`
//! finishes one (built aside, completed, then moved into place).

pub mod duckdb_file;
pub mod folder;
pub mod manifest;
pub mod shards;

use crate::error::{Error, Result};
use crate::sink::Format;
use duckdb::Connection;
pub use manifest::{Manifest, TableEntry};
use std::path::{Path, PathBuf};

/// The warehouse `saaslab build` makes inside the dataset folder.
pub const WAREHOUSE_FILE: &str = "warehouse.duckdb";

/// A generated dataset, as its manifest describes it.
pub struct Dataset {
    /// The folder, resolved to an absolute path (the warehouse's views name files by it).
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// A hash of the manifest's text: it changes whenever the data does.
    pub fingerprint: String,
}

impl Dataset {
    pub fn open(dir: &Path) -> Result<Dataset> {
        let path = dir.join(manifest::FILE);
        let text = std::fs::read_to_string(&path).map_err(|_| {
            Error::input(format!(
                "no dataset at {}: it has no manifest.json. Run `saaslab generate` first, or pass --data DIR to name the folder it wrote.",
                dir.display()
            ))
        })?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
            Error::input(format!(
                "{}, line {}: not a manifest this saaslab can read ({e}); regenerate the dataset with `saaslab generate --force`",
                path.display(),
                e.line()
            ))
        })?;
        if newer_than_this(&manifest.saaslab_version) {
            return Err(Error::input(format!(
                "{}: the dataset was written by saaslab {}, newer than this one ({}): use that saaslab, or regenerate the dataset with this one (`saaslab generate --force`)",
                path.display(),
                manifest.saaslab_version,
                env!("CARGO_PKG_VERSION")
            )));
        }
        let dir = std::fs::canonicalize(dir).map_err(|e| Error::io("cannot resolve", dir, e))?;
        let fingerprint = format!("{:032x}", twox_hash::XxHash3_128::oneshot(text.as_bytes()));
        Ok(Dataset { dir, manifest, fingerprint })
    }

    pub fn format(&self) -> Format {
        self.manifest.format
    }

    /// The first simulated day, `YYYY-MM-DD`.
    pub fn start(&self) -> String {
        self.manifest.scenario.dates.start.to_string()
    }

    /// The last simulated day and "as of" date, `YYYY-MM-DD`.
    pub fn end(&self) -> String {
        self.manifest.scenario.dates.end.to_string()
    }

    pub fn scenario_name(&self) -> &str {
        &self.manifest.scenario.name
    }

    pub fn seed(&self) -> u64 {
        self.manifest.seed
    }

    /// The connector tables, without the answer key in `truth/`.
    pub fn raw_tables(&self) -> impl Iterator<Item = &TableEntry> {
        self.manifest.tables.iter().filter(|t| !t.is_truth())
    }

    /// Every table's files as absolute paths.
    pub fn files_of(&self, table: &TableEntry) -> Vec<PathBuf> {
        table.files.iter().map(|f| self.dir.join(f)).collect()
    }

    pub fn warehouse_path(&self) -> PathBuf {
        self.dir.join(WAREHOUSE_FILE)
    }

    /// The DuckDB expression that reads one table of this dataset (after `attach` for a
    /// DuckDB-format dataset).
    pub fn reader_sql(&self, table: &TableEntry) -> String {
        let list = || self.files_of(table).iter().map(|f| quoted(f)).collect::<Vec<_>>().join(", ");
        match self.format() {
            Format::Duckdb => format!("dataset.{}", table.table),
            // With this version's column types where it knows the table (see `csv_types`).
            Format::Csv => match crate::tables::TableSpec::find(&table.table) {
                Some(spec) => format!("read_csv([{}], header = true, types = {})", list(), spec.csv_types()),
                None => format!("read_csv([{}], header = true)", list()),
            },
            Format::Parquet => format!("read_parquet([{}])", list()),
        }
    }

    /// Make the raw tables visible on a connection: a schema per connector, a view per table.
    pub fn expose_sources(&self, conn: &Connection) -> Result<()> {
        self.attach(conn)?;
        let mut sql = String::new();
        for t in self.raw_tables() {
            let (schema, name) = t.schema_and_name();
            sql.push_str(&format!(
                "create schema if not exists {schema};\ncreate or replace view {schema}.{name} as select * from {};\n",
                self.reader_sql(t)
            ));
        }
        conn.execute_batch(&sql).map_err(|e| Error::input(format!("cannot read the dataset at {}: {e}", self.dir.display())))
    }

    /// A DuckDB-format dataset is attached read-only under the name `dataset`.
    pub fn attach(&self, conn: &Connection) -> Result<()> {
        if self.format() == Format::Duckdb {
            let file = quoted(&self.dir.join(duckdb_file::FILE));
            conn.execute_batch(&format!("attach if not exists {file} as dataset (read_only);"))
                .map_err(|e| Error::input(format!("cannot attach the dataset's DuckDB file in {}: {e}", self.dir.display())))?;
        }
        Ok(())
    }
}

/// A version string (`major.minor.patch`) later than this saaslab's: its datasets may hold
/// tables or columns this one does not know. Older versions are read (the pipeline and
/// `check` say when a rebuild is needed).
fn newer_than_this(version: &str) -> bool {
    let parts = |v: &str| v.split('.').map(|p| p.parse::<u64>().unwrap_or(u64::MAX)).collect::<Vec<_>>();
    parts(version) > parts(env!("CARGO_PKG_VERSION"))
}

/// A path as a DuckDB string literal.
pub fn quoted(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', "''"))
}
