//! The DuckDB warehouse a pipeline builds from a dataset: `DIR/warehouse.duckdb`,
//! where every raw table is a view in its connector's schema (`stripe.invoice` reads the
//! dataset's Parquet or CSV files, or its DuckDB file) and the models are tables and views in
//! `main`.

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use duckdb::{AccessMode, Config, Connection};

pub use crate::dataset::WAREHOUSE_FILE as FILE;

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

/// Whether the last build finished: `record_build(…, false)` when a build starts, `true` when
/// its last model is built. A build that stopped or failed half-way leaves `false`.
pub fn build_finished(conn: &Connection) -> bool {
    conn.query_row("select complete from _saaslab.build_info", [], |r| r.get::<_, bool>(0)).unwrap_or(false)
}

/// The error for a warehouse whose last build did not finish.
pub fn unfinished(dataset: &Dataset) -> Error {
    Error::input(format!(
        "the last build of {} did not finish (it stopped or failed before every model was built): run `saaslab build --data {}` again first.",
        dataset.dir.display(),
        dataset.dir.display()
    ))
}

pub fn record_build(conn: &Connection, dataset: &Dataset, complete: bool) -> Result<()> {
    conn.execute_batch(&format!(
        "create schema if not exists _saaslab;
         create or replace table _saaslab.build_info as
         select '{}' as dataset_fingerprint, '{}' as saaslab_version, '{}' as scenario, {} as seed, date '{}' as as_of_date, {complete} as complete;
         checkpoint;",
        dataset.fingerprint,
        env!("CARGO_PKG_VERSION"),
        dataset.scenario_name().replace('\'', "''"),
        dataset.seed(),
        dataset.end()
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
