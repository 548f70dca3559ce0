//! The dataset a pipeline runs on and the DuckDB warehouse it builds: `DIR/warehouse.duckdb`,
//! where every raw table is a view in its connector's schema (`stripe.invoice` reads the
//! dataset's Parquet or CSV files, or its DuckDB file) and the models are tables and views in
//! `main`.

use crate::error::{Error, Result};
use duckdb::{AccessMode, Config, Connection};
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

pub const FILE: &str = "warehouse.duckdb";

/// A generated dataset, as its manifest describes it.
pub struct Dataset {
    pub dir: PathBuf,
    pub format: String,
    pub start: String,
    pub end: String,
    pub scenario: String,
    pub seed: u64,
    /// Raw tables: (schema, table, files relative to `dir`).
    pub tables: Vec<(String, String, Vec<String>)>,
    /// A hash of the manifest: it changes whenever the data does.
    pub fingerprint: String,
}

impl Dataset {
    pub fn open(dir: &Path) -> Result<Dataset> {
        let manifest = dir.join("manifest.json");
        let text = std::fs::read_to_string(&manifest).map_err(|_| {
            Error::input(format!(
                "no dataset at {}: it has no manifest.json. Run `saaslab generate` first, or pass --data DIR to name the folder it wrote.",
                dir.display()
            ))
        })?;
        let bad = |what: &str| Error::input(format!("{}: {what}; regenerate the dataset with `saaslab generate --force`", manifest.display()));
        let json: Json = serde_json::from_str(&text).map_err(|e| bad(&format!("not valid JSON ({e})")))?;
        let str_at = |ptr: &str| json.pointer(ptr).and_then(Json::as_str).map(str::to_string).ok_or_else(|| bad(&format!("no {ptr}")));
        let mut tables = Vec::new();
        for t in json.get("tables").and_then(Json::as_array).ok_or_else(|| bad("no table list"))? {
            let name = t.get("table").and_then(Json::as_str).ok_or_else(|| bad("a table without a name"))?;
            let (schema, table) = name.split_once('.').ok_or_else(|| bad("a table name without a schema"))?;
            if schema == "truth" {
                continue; // the answer key stays out of the warehouse
            }
            let files = t.get("files").and_then(Json::as_array).into_iter().flatten().filter_map(Json::as_str).map(str::to_string).collect();
            tables.push((schema.to_string(), table.to_string(), files));
        }
        let dir = std::fs::canonicalize(dir).map_err(|e| Error::io("cannot resolve", dir, e))?;
        let fingerprint = format!("{:032x}", twox_hash::XxHash3_128::oneshot(text.as_bytes()));
        Ok(Dataset {
            format: str_at("/format")?,
            start: str_at("/scenario/dates/start")?,
            end: str_at("/scenario/dates/end")?,
            scenario: str_at("/scenario/name")?,
            seed: json.get("seed").and_then(Json::as_u64).unwrap_or_default(),
            tables,
            fingerprint,
            dir,
        })
    }

    pub fn warehouse_path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    fn quoted(&self, file: &str) -> String {
        format!("'{}'", self.dir.join(file).display().to_string().replace('\'', "''"))
    }

    /// The SQL that reads one raw table.
    fn reader(&self, schema: &str, table: &str, files: &[String]) -> String {
        let list = files.iter().map(|f| self.quoted(f)).collect::<Vec<_>>().join(", ");
        match self.format.as_str() {
            "duckdb" => format!("dataset.{schema}.{table}"),
            "csv" => format!("read_csv([{list}], header = true)"),
            _ => format!("read_parquet([{list}])"),
        }
    }

    /// Make the raw tables visible on a connection: a schema per connector, a view per table.
    pub fn expose_sources(&self, conn: &Connection) -> Result<()> {
        self.attach(conn)?;
        let mut sql = String::new();
        for (schema, table, files) in &self.tables {
            sql.push_str(&format!(
                "create schema if not exists {schema};\ncreate or replace view {schema}.{table} as select * from {};\n",
                self.reader(schema, table, files)
            ));
        }
        conn.execute_batch(&sql).map_err(|e| Error::input(format!("cannot read the dataset at {}: {e}", self.dir.display())))
    }

    /// A DuckDB-format dataset is attached read-only under the name `dataset`.
    pub fn attach(&self, conn: &Connection) -> Result<()> {
        if self.format == "duckdb" {
            let file = self.quoted(crate::sink::duckdb::FILE);
            conn.execute_batch(&format!("attach if not exists {file} as dataset (read_only);"))
                .map_err(|e| Error::input(format!("cannot attach the dataset's DuckDB file in {}: {e}", self.dir.display())))?;
        }
        Ok(())
    }
}

/// Open the warehouse for writing (building).
pub fn open_for_build(dataset: &Dataset) -> Result<Connection> {
    let path = dataset.warehouse_path();
    let conn = Connection::open(&path).map_err(|e| Error::io("cannot open the warehouse", &path, e))?;
    dataset.attach(&conn)?;
    Ok(conn)
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
    let conn = Connection::open_with_flags(&path, config).map_err(|e| Error::io("cannot open the warehouse", &path, e))?;
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

pub fn record_build(conn: &Connection, dataset: &Dataset) -> Result<()> {
    conn.execute_batch(&format!(
        "create schema if not exists _saaslab;
         create or replace table _saaslab.build_info as
         select '{}' as dataset_fingerprint, '{}' as saaslab_version, '{}' as scenario, {} as seed, date '{}' as as_of_date;",
        dataset.fingerprint,
        env!("CARGO_PKG_VERSION"),
        dataset.scenario.replace('\'', "''"),
        dataset.seed,
        dataset.end
    ))
    .map_err(|e| Error::io("cannot record the build in", &dataset.warehouse_path(), e))
}
