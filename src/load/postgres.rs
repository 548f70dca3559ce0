//! `saaslab load postgres URL`: the dataset's tables into PostgreSQL, one schema per source.
//!
//! Each table loads in its own transaction: into `schema.table__loading` by COPY (CSV text,
//! streamed from the Parquet files), then the old table is dropped and the new one renamed
//! into place, with its primary key where the source has one. A failure mid-load rolls back
//! that table's transaction, so every table is either its old self or fully new; re-running
//! replaces the data without duplicates. `ANALYZE` runs on each table after its commit.

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::sink::{format_value, Format};
use arrow::datatypes::{DataType, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, serde::Serialize)]
pub struct LoadSummary {
    pub tables: usize,
    pub rows: u64,
    pub elapsed_s: f64,
    pub rows_per_s: f64,
}

/// How far a load has got.
#[derive(Clone, Debug)]
pub enum Event {
    /// Connected; this many tables to load.
    Loading { tables: usize },
    /// A table is about to load.
    TableStarted { table: String },
    /// A table is loaded and committed.
    TableLoaded { table: String, rows: u64 },
}

/// The primary key of a table, as its declaration in `tables/` gives it (None for the tables
/// without one: injected duplicates, event streams without ids, the truth).
pub fn primary_key(table: &str) -> Option<&'static [&'static str]> {
    crate::tables::all_specs().into_iter().find(|s| s.qualified() == table).map(|s| s.key).filter(|k| !k.is_empty())
}

fn pg_type(dt: &DataType) -> &'static str {
    match dt {
        DataType::Int64 => "bigint",
        DataType::Float64 => "double precision",
        DataType::Boolean => "boolean",
        DataType::Timestamp(_, _) => "timestamp",
        DataType::Date32 => "date",
        _ => "text",
    }
}

/// Quote an identifier for PostgreSQL (column names such as `type` or `end` are reserved).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub fn run(url: &str, data: &Path, progress: &mut impl Progress<Event>) -> Result<LoadSummary> {
    let dataset = Dataset::open(data)?;
    if dataset.format() != Format::Parquet {
        return Err(Error::input(format!(
            "{} holds a {} dataset; `load postgres` reads Parquet: generate with --format parquet",
            data.display(),
            dataset.format().name()
        )));
    }
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| {
        Error::input(format!("cannot connect to PostgreSQL at {}: {e}. Check the URL (postgresql://user@host:port/database) and that the server is running.", redact(url)))
    })?;
    let tables = &dataset.manifest.tables;
    let started = Instant::now();
    progress.report(Event::Loading { tables: tables.len() });
    let mut rows = 0;
    for t in tables {
        progress.report(Event::TableStarted { table: t.table.clone() });
        let loaded = load_table(&mut client, &t.table, &dataset.files_of(t))?;
        rows += loaded;
        progress.report(Event::TableLoaded { table: t.table.clone(), rows: loaded });
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok(LoadSummary { tables: tables.len(), rows, elapsed_s: elapsed, rows_per_s: rows as f64 / elapsed.max(1e-9) })
}

/// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if url[s + 3..at].contains(':') => {
            let colon = s + 3 + url[s + 3..at].find(':').unwrap_or(0);
            format!("{}:***{}", &url[..colon], &url[at..])
        }
        _ => url.to_string(),
    }
}

fn load_table(client: &mut postgres::Client, table: &str, files: &[std::path::PathBuf]) -> Result<u64> {
    let (schema, name) = table.split_once('.').ok_or_else(|| Error::input(format!("manifest table `{table}` is not schema.table")))?;
    let pg = |e: postgres::Error| {
        let detail = e.as_db_error().map(|d| format!(": {}{}", d.message(), d.detail().map(|x| format!(" ({x})")).unwrap_or_default())).unwrap_or_default();
        Error::Io(format!("loading {table} into PostgreSQL failed: {e}{detail}"))
    };
    let first = files.first().ok_or_else(|| Error::input(format!("manifest lists no files for {table}")))?;
    let arrow_schema = parquet_schema(first)?;
    let columns: Vec<String> = arrow_schema.fields().iter().map(|f| format!("{} {}", ident(f.name()), pg_type(f.data_type()))).collect();
    let (qualified, loading) = (format!("{}.{}", ident(schema), ident(name)), format!("{}.{}", ident(schema), ident(&format!("{name}__loading"))));

    let mut tx = client.transaction().map_err(pg)?;
    tx.batch_execute(&format!(
        "create schema if not exists {}; drop table if exists {loading}; create table {loading} ({});",
        ident(schema),
        columns.join(", ")
    ))
    .map_err(pg)?;
    let copy = tx.copy_in(&format!("copy {loading} from stdin (format csv)")).map_err(pg)?;
    let mut csv = csv::Writer::from_writer(copy);
    let mut rows = 0u64;
    let mut fields: Vec<String> = Vec::new();
    for file in files {
        let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(file).map_err(|e| Error::io("cannot open", file, e))?)
            .and_then(|b| b.with_batch_size(8192).build())
            .map_err(|e| Error::io("cannot read Parquet", file, e))?;
        for batch in reader {
            let batch = batch.map_err(|e| Error::io("cannot read Parquet", file, e))?;
            fields.resize(batch.num_columns(), String::new());
            for row in 0..batch.num_rows() {
                for (field, column) in fields.iter_mut().zip(batch.columns()) {
                    field.clear();
                    format_value(column.as_ref(), row, field);
                }
                csv.write_record(&fields).map_err(|e| Error::Io(format!("loading {table} into PostgreSQL failed: {e}")))?;
            }
            rows += batch.num_rows() as u64;
        }
    }
    let mut copy = csv.into_inner().map_err(|e| Error::Io(format!("loading {table} into PostgreSQL failed: {e}")))?;
    copy.flush().map_err(|e| Error::Io(format!("loading {table} into PostgreSQL failed: {e}")))?;
    copy.finish().map_err(pg)?;
    let mut swap = format!("drop table if exists {qualified}; alter table {loading} rename to {};", ident(name));
    if let Some(key) = primary_key(table) {
        let cols: Vec<String> = key.iter().map(|c| ident(c)).collect();
        swap.push_str(&format!(" alter table {qualified} add primary key ({});", cols.join(", ")));
    }
    tx.batch_execute(&swap).map_err(pg)?;
    tx.commit().map_err(pg)?;
    client.batch_execute(&format!("analyze {qualified}")).map_err(pg)?;
    Ok(rows)
}

fn parquet_schema(file: &Path) -> Result<std::sync::Arc<Schema>> {
    let f = std::fs::File::open(file).map_err(|e| Error::io("cannot open", file, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| Error::io("cannot read Parquet", file, e))?;
    Ok(builder.schema().clone())
}
