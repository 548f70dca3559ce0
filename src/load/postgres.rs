//! `saaslab load postgres URL`: the dataset's tables into PostgreSQL, one schema per source.
//!
//! All or nothing: every table first loads into a staging schema beside its own
//! (`stripe__loading.invoice` for `stripe.invoice`) by COPY (CSV text, streamed from the Parquet
//! files), with its primary key where the source has one. Only when every table is there does
//! one transaction drop the old tables and move the new ones into place, so an interruption at
//! any point (a refused COPY, a stopped server, a killed client) leaves the previous load whole
//! and untouched; the next load clears the staging schemas it left. Re-running replaces the
//! data without duplicates. `ANALYZE` runs on each table after the swap.

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
    crate::tables::TableSpec::find(table).map(|s| s.key).filter(|k| !k.is_empty())
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

/// Load the dataset at `data`; its `truth` tables only `with_truth` (otherwise a `truth` schema
/// left by an earlier load is dropped in the swap, so no answer key sits beside data it does
/// not describe).
pub fn run(url: &str, data: &Path, with_truth: bool, progress: &mut impl Progress<Event>) -> Result<LoadSummary> {
    let dataset = Dataset::open(data)?;
    if dataset.format() != Format::Parquet {
        return Err(Error::input(format!(
            "{} holds a {} dataset; `load postgres` reads Parquet: generate with --format parquet",
            data.display(),
            dataset.format().name()
        )));
    }
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| {
        Error::input(format!(
            "cannot connect to PostgreSQL at {}: {}. Check the URL (postgresql://user@host:port/database, or host=… user=… dbname=…), the user's password and that the server is running.",
            redact(url),
            connect_reason(&e)
        ))
    })?;
    let tables: Vec<&crate::dataset::TableEntry> = dataset.manifest.tables.iter().filter(|t| with_truth || !t.is_truth()).collect();
    let started = Instant::now();
    progress.report(Event::Loading { tables: tables.len() });
    let schemas: std::collections::BTreeSet<&str> = tables.iter().map(|t| t.schema_and_name().0).collect();
    let pg = |doing: &str, e: postgres::Error| {
        let detail = e.as_db_error().map(|d| format!(": {}{}", d.message(), d.detail().map(|x| format!(" ({x})")).unwrap_or_default())).unwrap_or_default();
        Error::Io(format!("{doing} failed: {e}{detail}; nothing was replaced: the database holds the previous load, whole"))
    };
    // Leftovers of an interrupted load go first.
    let clear: String = schemas.iter().map(|s| format!("drop schema if exists {} cascade; create schema {};", ident(&staging(s)), ident(&staging(s)))).collect();
    client.batch_execute(&clear).map_err(|e| pg("preparing the load", e))?;
    let mut rows = 0;
    for t in &tables {
        progress.report(Event::TableStarted { table: t.table.clone() });
        let loaded = load_table(&mut client, &t.table, &dataset.files_of(t))?;
        rows += loaded;
        progress.report(Event::TableLoaded { table: t.table.clone(), rows: loaded });
    }
    // The swap: one transaction, so the database goes from the old load to the new one at once.
    let mut swap = String::new();
    for s in &schemas {
        swap.push_str(&format!("create schema if not exists {};", ident(s)));
    }
    for t in &tables {
        let (schema, name) = t.schema_and_name();
        swap.push_str(&format!(
            "drop table if exists {}.{}; alter table {}.{} set schema {};",
            ident(schema),
            ident(name),
            ident(&staging(schema)),
            ident(name),
            ident(schema)
        ));
    }
    for s in &schemas {
        swap.push_str(&format!("drop schema {};", ident(&staging(s))));
    }
    if !with_truth {
        swap.push_str("drop schema if exists truth cascade;");
    }
    let mut tx = client.transaction().map_err(|e| pg("replacing the previous load", e))?;
    tx.batch_execute(&swap).map_err(|e| pg("replacing the previous load", e))?;
    tx.commit().map_err(|e| pg("replacing the previous load", e))?;
    for t in &tables {
        let (schema, name) = t.schema_and_name();
        client.batch_execute(&format!("analyze {}.{}", ident(schema), ident(name))).map_err(|e| pg(&format!("analyzing {}", t.table), e))?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok(LoadSummary { tables: tables.len(), rows, elapsed_s: elapsed, rows_per_s: rows as f64 / elapsed.max(1e-9) })
}

/// A connection string without its password, for messages, in both forms PostgreSQL takes:
/// `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, and
/// `host=h password=secret dbname=d` → `host=h password=*** dbname=d` (also quoted values).
fn redact(url: &str) -> String {
    if let Some(s) = url.find("://") {
        return match url.rfind('@') {
            Some(at) if at > s && url[s + 3..at].contains(':') => {
                let colon = s + 3 + url[s + 3..at].find(':').unwrap_or(0);
                format!("{}:***{}", &url[..colon], &url[at..])
            }
            _ => url.to_string(),
        };
    }
    let mut out = String::new();
    let mut rest = url;
    while let Some(i) = rest.find("password") {
        let (before, after) = rest.split_at(i + "password".len());
        out.push_str(before);
        let trimmed = after.trim_start();
        let Some(value) = trimmed.strip_prefix('=') else {
            rest = after;
            continue;
        };
        let value = value.trim_start();
        let end = if let Some(quoted) = value.strip_prefix('\'') {
            // A quoted value ends at the next unescaped quote.
            let mut chars = quoted.char_indices();
            let mut stop = quoted.len();
            while let Some((j, c)) = chars.next() {
                if c == '\\' {
                    chars.next();
                } else if c == '\'' {
                    stop = j + 1;
                    break;
                }
            }
            1 + stop
        } else {
            value.find(char::is_whitespace).unwrap_or(value.len())
        };
        out.push_str("=***");
        rest = &value[end.min(value.len())..];
    }
    out.push_str(rest);
    out
}

/// What the server said when it refused a connection (wrong password, no such database or
/// role), or the client's own reason (no server at that address).
fn connect_reason(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.message().to_string();
    }
    let mut reason = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        reason = format!("{reason}: {inner}");
        source = inner.source();
    }
    reason
}

fn load_table(client: &mut postgres::Client, table: &str, files: &[std::path::PathBuf]) -> Result<u64> {
    let (schema, name) = table.split_once('.').ok_or_else(|| Error::input(format!("manifest table `{table}` is not schema.table")))?;
    let pg = |e: postgres::Error| {
        let detail = e.as_db_error().map(|d| format!(": {}{}", d.message(), d.detail().map(|x| format!(" ({x})")).unwrap_or_default())).unwrap_or_default();
        untouched(table, &format!("{e}{detail}"))
    };
    let first = files.first().ok_or_else(|| Error::input(format!("manifest lists no files for {table}")))?;
    let arrow_schema = parquet_schema(first)?;
    let columns: Vec<String> = arrow_schema.fields().iter().map(|f| format!("{} {}", ident(f.name()), pg_type(f.data_type()))).collect();
    let loading = format!("{}.{}", ident(&staging(schema)), ident(name));

    let mut tx = client.transaction().map_err(pg)?;
    tx.batch_execute(&format!("create table {loading} ({});", columns.join(", "))).map_err(pg)?;
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
                csv.write_record(&fields).map_err(|e| untouched(table, &e))?;
            }
            rows += batch.num_rows() as u64;
        }
    }
    let mut copy = csv.into_inner().map_err(|e| untouched(table, &e))?;
    copy.flush().map_err(|e| untouched(table, &e))?;
    copy.finish().map_err(pg)?;
    if let Some(key) = primary_key(table) {
        let cols: Vec<String> = key.iter().map(|c| ident(c)).collect();
        tx.batch_execute(&format!("alter table {loading} add primary key ({});", cols.join(", "))).map_err(pg)?;
    }
    tx.commit().map_err(pg)?;
    Ok(rows)
}

/// A failure while a table loads into its staging schema: the live tables are untouched.
fn untouched(table: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Io(format!("loading {table} into PostgreSQL failed: {e}; nothing was replaced: the database holds the previous load, whole"))
}

/// The schema a source's tables load into before the swap: `stripe__loading`.
fn staging(schema: &str) -> String {
    format!("{schema}__loading")
}

fn parquet_schema(file: &Path) -> Result<std::sync::Arc<Schema>> {
    let f = std::fs::File::open(file).map_err(|e| Error::io("cannot open", file, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| Error::io("cannot read Parquet", file, e))?;
    Ok(builder.schema().clone())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_redacted_in_every_connection_string_form() {
        assert_eq!(redact("postgresql://me:secret@localhost:5432/db"), "postgresql://me:***@localhost:5432/db");
        assert_eq!(redact("postgresql://me@localhost/db"), "postgresql://me@localhost/db");
        assert_eq!(redact("host=localhost password=WrongPass999 dbname=x"), "host=localhost password=*** dbname=x");
        assert_eq!(redact("host=h password = 'it\\'s secret' user=u"), "host=h password=*** user=u");
        assert_eq!(redact("password=last"), "password=***");
        assert!(!redact("user=a password='sp ace\\' q' host=h").contains("sp ace"));
    }
}
