//! `saaslab load postgres URL`: the dataset's tables into PostgreSQL, one schema per source.
//!
//! Each table loads in its own transaction: into `schema.table__loading` by COPY (CSV text,
//! streamed from the Parquet files), then the old table is dropped and the new one renamed
//! into place, with its primary key where the source has one. A failure mid-load rolls back
//! that table's transaction, so every table is either its old self or fully new; re-running
//! replaces the data without duplicates. `ANALYZE` runs on each table after its commit.

use crate::error::{Error, Result};
use crate::sink::format_value;
use arrow::datatypes::{DataType, Schema};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

#[derive(Debug, serde::Serialize)]
pub struct LoadSummary {
    pub tables: usize,
    pub rows: u64,
    pub elapsed_s: f64,
    pub rows_per_s: f64,
}

/// Columns that identify a row, for tables whose source has a primary key. Tables with
/// injected duplicates (device events, page views) and the truth tables have none.
pub fn primary_key(table: &str) -> Option<&'static [&'static str]> {
    Some(match table {
        "app.accounts" | "app.users" | "app.locations" | "app.device_models" | "app.devices" | "app.feature_usage" => &["id"],
        "segment.screens" | "segment.tracks" | "segment.identifies" => &["id"],
        "stripe.subscription_history" => &["id", "_fivetran_start"],
        t if t.starts_with("stripe.") => &["id"],
        "hubspot.company" | "hubspot.contact" | "hubspot.engagement" => &["id"],
        "hubspot.owner" => &["owner_id"],
        "hubspot.deal" => &["deal_id"],
        "hubspot.deal_pipeline" => &["pipeline_id"],
        "hubspot.deal_pipeline_stage" => &["stage_id"],
        "hubspot.deal_stage" => &["deal_id", "_fivetran_start"],
        "google_ads.campaign_history" | "google_ads.ad_group_history" | "google_ads.keyword_history" | "iterable.campaign_history" => &["id", "updated_at"],
        "facebook_ads.campaign_history" | "facebook_ads.ad_set_history" | "facebook_ads.ad_history" => &["id", "updated_time"],
        "facebook_ads.creative_history" | "iterable.list" => &["id"],
        "linkedin_ads.campaign_group_history" | "linkedin_ads.campaign_history" | "linkedin_ads.creative_history" => &["id", "last_modified_time"],
        "iterable.event" => &["_fivetran_id"],
        _ => return None,
    })
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

pub fn run(url: &str, data: &Path, quiet: bool) -> Result<LoadSummary> {
    let manifest_path = data.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|_| {
        Error::input(format!("no dataset at {}: there is no manifest.json. Run `saaslab generate --out {}` first.", data.display(), data.display()))
    })?;
    let manifest: serde_json::Value = serde_json::from_str(&text).map_err(|e| Error::input(format!("{} is not a saaslab manifest: {e}", manifest_path.display())))?;
    if manifest["format"] != "parquet" {
        return Err(Error::input(format!(
            "{} holds a {} dataset; `load postgres` reads Parquet: generate with --format parquet",
            data.display(),
            manifest["format"]
        )));
    }
    let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| {
        Error::input(format!("cannot connect to PostgreSQL at {}: {e}. Check the URL (postgresql://user@host:port/database) and that the server is running.", redact(url)))
    })?;
    let tables = manifest["tables"].as_array().cloned().unwrap_or_default();
    let started = Instant::now();
    let progress = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(tables.len() as u64), ProgressDrawTarget::hidden())
    } else {
        let bar = ProgressBar::new(tables.len() as u64);
        bar.set_style(ProgressStyle::with_template("{spinner} loading {bar:30} {pos}/{len} tables  {msg}").expect("valid template"));
        bar
    };
    let mut rows = 0;
    for t in &tables {
        let name = t["table"].as_str().unwrap_or_default();
        progress.set_message(name.to_string());
        let files: Vec<std::path::PathBuf> = t["files"].as_array().into_iter().flatten().filter_map(|f| f.as_str()).map(|f| data.join(f)).collect();
        let loaded = load_table(&mut client, name, &files)?;
        rows += loaded;
        if !quiet {
            progress.println(format!("{name:<40} {loaded:>12} rows"));
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
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
