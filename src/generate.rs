//! `saaslab generate`: scenario → census → parallel simulation → sinks → a complete folder.
//!
//! Accounts are cut into fixed chunks, chunks into parts. Workers take whole parts in order;
//! each writes its part files of the big event tables itself (so compression runs on every
//! core) and sends the small tables' rows to the main thread, which writes them in chunk
//! order. Output therefore depends only on the scenario and seed, never on `--threads`.

use crate::dataset::manifest::ShardOf;
use crate::dataset::shards::{self, Merged, Shard};
use crate::dataset::{duckdb_file, folder, Manifest, TableEntry};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::scenario::{self, Scenario};
use crate::sim::{self, census, Context};
use crate::sink::{self, FileStats, Format, TableWriter};
use crate::tables::{all_specs, TableSpec, Tables};
use arrow::record_batch::RecordBatch;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

/// Accounts simulated together (the unit of ordering for small tables).
pub const CHUNK_ACCOUNTS: usize = 250;
/// Chunks per part file of the big tables (the unit of parallel work).
pub const PART_CHUNKS: usize = 4;

#[derive(Clone, Debug)]
pub struct Options {
    pub scenario: String,
    pub seed: u64,
    pub out: PathBuf,
    pub format: Format,
    pub customers: Option<u64>,
    pub locations: Option<u64>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub scale: Option<f64>,
    pub threads: Option<usize>,
    pub force: bool,
    /// Go on even when the estimated output exceeds `LARGE_OUTPUT_BYTES`.
    pub yes: bool,
    /// Keep the `truth` tables in a DuckDB-format dataset (Parquet and CSV always have them).
    pub with_truth: bool,
    /// Write only this shard, into `out/shard-K-of-N/` (see `dataset::shards`).
    pub shard: Option<Shard>,
}

/// Beyond this estimated size a run needs `--yes`: about twenty default datasets.
pub const LARGE_OUTPUT_BYTES: f64 = 25e9;

/// How far a run has got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// Simulation begins: this many chunks of accounts to write.
    Simulating { chunks: u64 },
    /// One more chunk of accounts is written.
    ChunkWritten,
    /// Every chunk is written; this many tables are being loaded into the DuckDB file.
    Consolidating { tables: u64 },
    /// One table is being loaded into the DuckDB file.
    ConsolidatingTable { table: String },
}

#[derive(Debug, serde::Serialize)]
pub struct Summary {
    pub out: PathBuf,
    pub scenario: String,
    pub seed: u64,
    pub threads: usize,
    pub tables: Vec<TableEntry>,
    pub rows: u64,
    pub bytes: u64,
    pub elapsed_s: f64,
    pub rows_per_s: f64,
    /// The business the dataset describes, in the figures an instructor checks first (of this
    /// shard's accounts alone, for a shard).
    pub vitals: sim::vitals::Vitals,
    /// For a shard: which it is, and which shards the dataset folder holds now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shard: Option<ShardSummary>,
}

#[derive(Debug, serde::Serialize)]
pub struct ShardSummary {
    pub index: u64,
    pub count: u64,
    /// The folder the shards go into (`--out`); the shard is in `out`.
    pub dataset: PathBuf,
    /// The shards present there, this one included.
    pub present: Vec<u64>,
    /// Whether all are there, so the dataset's own manifest was written.
    pub complete: bool,
}

/// What a run is expected to write, before it starts.
#[derive(Clone, Copy, Debug)]
pub struct Estimate {
    pub rows: f64,
    pub bytes: f64,
}

/// A rough size of the dataset a scenario gives, scaled from the default dataset's biggest
/// tables (measured: 30 M rows, 1.2 GB of Parquet for 30,000 locations over 7 years) by the
/// locations, the years and the rates that drive each table. Within a factor of two or so of
/// the truth; enough to stop a typo from filling a disk.
pub fn estimate(s: &Scenario) -> Estimate {
    let years = (s.dates.end.0 - s.dates.start.0).num_days() as f64 / 365.25;
    let size = s.counts.locations as f64 / 30_000.0 * years / 7.0;
    let weight_sum: f64 = s.mix.segment.values().sum::<f64>().max(f64::MIN_POSITIVE);
    let users_per_location: f64 =
        s.mix.segment.iter().map(|(seg, w)| w * s.mix.users_per_location.get(seg).copied().unwrap_or(1.0)).sum::<f64>() / weight_sum;
    let e = &s.events;
    let devices = (s.fleet.sensors_per_location + 1.0) / 5.0;
    let device_events = 10.7e6 * devices * (e.heartbeats_per_device_day + e.alerts_per_device_month / 30.0 + 0.05) / (0.1 + 0.8 / 30.0 + 0.05);
    let people = users_per_location / 1.9;
    let pages = 8.7e6 * people * (e.sessions_per_user_month * e.pages_per_session) / (6.0 * 2.8);
    let screens_tracks = 4.3e6 * people * (e.sessions_per_user_month * (e.screens_per_session + e.tracks_per_session)) / (6.0 * 3.8);
    let features = 1.1e6 * people * e.feature_uses_per_user_month / 4.0;
    let rest = 5.0e6;
    let rows = size * (device_events + pages + screens_tracks + features + rest);
    Estimate { rows, bytes: rows * 40.0 }
}

/// The scenario with command-line overrides applied and checked.
pub fn resolve_scenario(o: &Options) -> Result<Scenario> {
    let mut s = scenario::load(&o.scenario)?;
    if let Some(v) = o.customers {
        s.counts.customers = v;
    }
    if let Some(v) = o.locations {
        s.counts.locations = v;
    }
    if let Some(f) = o.scale {
        if !(f.is_finite() && f > 0.0) {
            return Err(Error::input(format!("--scale {f}: must be a number > 0 (1 is the scenario's size)")));
        }
        s.counts.customers = ((s.counts.customers as f64 * f).round() as u64).max(1);
        s.counts.locations = ((s.counts.locations as f64 * f).round() as u64).max(s.counts.customers);
    }
    if let Some(d) = o.start {
        s.dates.start = scenario::Day(d);
    }
    if let Some(d) = o.end {
        s.dates.end = scenario::Day(d);
    }
    scenario::check(&s).map_err(|(key, message)| {
        Error::input(format!("with the flags given, scenario key `{key}`: {message}"))
    })?;
    Ok(s)
}

pub fn run(o: &Options, progress: &mut impl Progress<Event>) -> Result<Summary> {
    let started = Instant::now();
    let scenario = resolve_scenario(o)?;
    let estimate = estimate(&scenario);
    if estimate.bytes > LARGE_OUTPUT_BYTES && !o.yes {
        return Err(Error::input(format!(
            "this would write about {} in about {} rows; pass --yes to go on, or make the world smaller (--customers, --locations, --start / --end, the scenario's events.* rates)",
            crate::text::human_bytes(estimate.bytes as u64),
            crate::text::group(estimate.rows as u64)
        )));
    }
    let target = &match o.shard {
        Some(shard) => {
            if o.format == Format::Duckdb {
                return Err(Error::input("--shard writes Parquet or CSV: a DuckDB file cannot be split into shards that others read as one table; use --format parquet (and `saaslab build` for a DuckDB warehouse)"));
            }
            shards::prepare(&o.out, shard)?;
            o.out.join(shard.folder())
        }
        None => o.out.clone(),
    };
    let staging = folder::prepare(target, o.force)?;

    let threads = o.threads.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)).max(1);
    let census = census::take(&scenario, o.seed);
    // A shard keeps only its own accounts' identities (see `sim::firms`).
    let parts = o.shard.map(|s| s.parts(&part_weights(&scenario, &census))).unwrap_or(0..part_count(&census));
    let accounts = (parts.start * PART_ACCOUNTS).min(census.entries.len())..(parts.end * PART_ACCOUNTS).min(census.entries.len());
    let ctx = Context::for_accounts(&scenario, o.seed, &census, accounts, o.shard.is_none_or(|s| s.writes_company_tables()));
    let result = write_dataset(&ctx, &staging.dir, o.format, threads, parts.clone(), o.shard.is_none_or(|s| s.writes_company_tables()), progress);
    let result = match (result, o.format) {
        (Ok((tables, tally)), Format::Duckdb) => {
            let loaded = tables.iter().filter(|t| o.with_truth || !t.is_truth()).count() as u64;
            progress.report(Event::Consolidating { tables: loaded });
            duckdb_file::consolidate(&staging.dir, tables, o.with_truth, &mut |table: String| progress.report(Event::ConsolidatingTable { table })).map(|t| (t, tally))
        }
        (other, _) => other,
    };
    let (tables, tally) = match result {
        Ok(t) => t,
        Err(e) => {
            folder::discard(staging);
            return Err(e);
        }
    };
    let manifest = Manifest {
        saaslab_version: env!("CARGO_PKG_VERSION").to_string(),
        seed: o.seed,
        format: o.format,
        scenario: scenario.clone(),
        tables: tables.clone(),
        shard: o.shard.map(|s| ShardOf { index: s.index, count: s.count, parts: [parts.start as u64, parts.end as u64] }),
        shards: None,
    };
    folder::complete(staging, &manifest)?;
    // The last shard to land makes the folder one dataset.
    let shard = match o.shard {
        Some(s) => Some(match shards::merge(&o.out)? {
            Merged::Complete { shards, .. } => ShardSummary { index: s.index, count: s.count, dataset: o.out.clone(), present: (1..=shards).collect(), complete: true },
            Merged::Waiting { present, .. } => ShardSummary { index: s.index, count: s.count, dataset: o.out.clone(), present, complete: false },
        }),
        None => None,
    };

    let elapsed = started.elapsed();
    let rows = tables.iter().filter(|t| !t.table.starts_with("truth.")).map(|t| t.rows).sum();
    let bytes = match o.format {
        Format::Duckdb => std::fs::metadata(target.join(duckdb_file::FILE)).map(|m| m.len()).unwrap_or(0),
        _ => tables.iter().map(|t| t.bytes).sum(),
    };
    Ok(Summary {
        out: target.clone(),
        scenario: scenario.name.clone(),
        seed: o.seed,
        threads,
        tables,
        rows,
        bytes,
        elapsed_s: elapsed.as_secs_f64(),
        rows_per_s: rows as f64 / elapsed.as_secs_f64().max(1e-9),
        vitals: tally.figures(&ctx),
        shard,
    })
}

/// Accounts per part.
const PART_ACCOUNTS: usize = CHUNK_ACCOUNTS * PART_CHUNKS;

/// How many parts of `PART_CHUNKS` chunks the census's accounts make.
fn part_count(census: &census::Census) -> usize {
    census.entries.len().div_ceil(PART_ACCOUNTS)
}

/// Each part's expected work, for cutting shards: its accounts' locations × their expected
/// days as customers before the data ends (what their events and invoices grow with). An
/// account's life is taken as exponential with the scenario's churn hazard; the hazard is
/// halved because the hazard at average propensities overstates the churn of the larger,
/// busier accounts that write most rows. Measured on the default dataset, 4 shards: 11.3, 12.4,
/// 8.9 and 13.0 M rows (equal counts of parts gave 17.7 M to shard 1); a shard moves by whole
/// parts (1,000 accounts), so small datasets cannot be cut finer.
fn part_weights(scenario: &Scenario, census: &census::Census) -> Vec<f64> {
    // What an account writes whatever its age (its sign-up journey, CRM records, trial), in
    // location-days.
    const ACCOUNT_DAYS: f64 = 150.0;
    let end = sim::synced_at(&crate::sim::time::Months::new(*scenario.dates.start, *scenario.dates.end));
    let hazard = (scenario.churn.base_monthly_hazard / 2.0).max(1e-4);
    let mean_life_days = 30.44 / hazard;
    let expected_days = |signup: i64| {
        let span = (end - signup).max(0) as f64 / crate::sim::time::DAY as f64;
        mean_life_days * (1.0 - (-span / mean_life_days).exp())
    };
    census.entries.chunks(PART_ACCOUNTS).map(|part| part.iter().map(|e| ACCOUNT_DAYS + e.locations as f64 * expected_days(e.signup_at)).sum()).collect()
}

/// A message from a worker to the writer thread.
enum Message {
    /// The small tables of chunk (part, chunk-in-part), and its accounts' vital signs.
    Chunk(usize, usize, Vec<(TableSpec, RecordBatch)>, sim::vitals::Tally),
    /// A finished part file.
    PartFile(TableSpec, usize, FileStats),
    Failed(Error),
}

/// Write the parts `parts` of the accounts (all of them, or a shard's slice), and the
/// company-wide tables if `company_tables`.
#[allow(clippy::too_many_arguments)]
fn write_dataset(ctx: &Context, dir: &Path, format: Format, threads: usize, parts: std::ops::Range<usize>, company_tables: bool, progress: &mut impl Progress<Event>) -> Result<(Vec<TableEntry>, sim::vitals::Tally)> {
    let accounts = ctx.census.entries.len();
    let chunks = accounts.div_ceil(CHUNK_ACCOUNTS);
    let specs = all_specs();

    progress.report(Event::Simulating { chunks: (parts.len() * PART_CHUNKS) as u64 });
    let file_of = |spec: &TableSpec| dir.join(format!("{}.{}", spec.rel_path(), format.extension()));
    let part_file_of = |spec: &TableSpec, part: usize| dir.join(format!("{}/part-{part:05}.{}", spec.rel_path(), format.extension()));

    // Small tables: one writer each, fed in chunk order by this thread.
    let mut single: BTreeMap<String, (TableSpec, Box<dyn TableWriter>)> = BTreeMap::new();
    for spec in specs.iter().filter(|s| !s.parts) {
        let schema = (spec.schema)();
        single.insert(spec.qualified(), (*spec, sink::open(format, &file_of(spec), schema)?));
    }
    // The whole company's rows, written before any account's (by the first shard alone).
    for (spec, batch) in if company_tables { sim::global_tables(ctx) } else { Vec::new() } {
        single.get_mut(&spec.qualified()).expect("global rows go to one-file tables").1.write(&batch)?;
    }

    let next_part = AtomicUsize::new(parts.start);
    let abort = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<Message>(threads * PART_CHUNKS * 2);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Io(format!("cannot start {threads} worker threads: {e}")))?;

    let mut part_files: BTreeMap<String, BTreeMap<usize, FileStats>> = BTreeMap::new();
    let mut failure: Option<Error> = None;
    let mut tally = sim::vitals::Tally::default();
    pool.in_place_scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next_part, abort) = (&next_part, &abort);
            let (specs, parts) = (&specs, &parts);
            let part_file_of = &part_file_of;
            scope.spawn(move |_| {
                while !abort.load(Ordering::Relaxed) {
                    let part = next_part.fetch_add(1, Ordering::Relaxed);
                    if part >= parts.end {
                        break;
                    }
                    if let Err(e) = simulate_part(ctx, part, chunks, format, specs, part_file_of, &tx) {
                        let _ = tx.send(Message::Failed(e));
                        abort.store(true, Ordering::Relaxed);
                        break;
                    }
                }
            });
        }
        drop(tx);

        // Write small tables in chunk order as the chunks arrive.
        let mut pending: BTreeMap<(usize, usize), Vec<(TableSpec, RecordBatch)>> = BTreeMap::new();
        let mut next = (parts.start, 0usize);
        for message in rx.iter() {
            match message {
                Message::Chunk(part, chunk, batches, chunk_tally) => {
                    tally.merge(&chunk_tally);
                    pending.insert((part, chunk), batches);
                    while let Some(batches) = pending.remove(&next) {
                        if failure.is_none() {
                            for (spec, batch) in &batches {
                                if let Err(e) = single.get_mut(&spec.qualified()).expect("small table has a writer").1.write(batch) {
                                    failure = Some(e);
                                    abort.store(true, Ordering::Relaxed);
                                }
                            }
                        }
                        progress.report(Event::ChunkWritten);
                        next = if next.1 + 1 < PART_CHUNKS { (next.0, next.1 + 1) } else { (next.0 + 1, 0) };
                    }
                }
                Message::PartFile(spec, part, stats) => {
                    part_files.entry(spec.qualified()).or_default().insert(part, stats);
                }
                Message::Failed(e) => {
                    failure.get_or_insert(e);
                }
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }

    let mut entries = Vec::new();
    for spec in &specs {
        let files: Vec<FileStats> = if spec.parts {
            part_files.remove(&spec.qualified()).unwrap_or_default().into_values().collect()
        } else {
            let (_, writer) = single.remove(&spec.qualified()).expect("every small table has a writer");
            vec![writer.finish()?]
        };
        let mut hash = sink::hash::ContentHash::default();
        for f in &files {
            hash.add(f.hash);
        }
        entries.push(TableEntry {
            table: spec.qualified(),
            files: files
                .iter()
                .map(|f| f.path.strip_prefix(dir).unwrap_or(&f.path).to_string_lossy().replace('\\', "/"))
                .collect(),
            rows: files.iter().map(|f| f.rows).sum(),
            bytes: files.iter().map(|f| f.bytes).sum(),
            content_hash: hash.hex(),
        });
    }
    Ok((entries, tally))
}

fn simulate_part(
    ctx: &Context,
    part: usize,
    chunks: usize,
    format: Format,
    specs: &[TableSpec],
    part_file_of: &dyn Fn(&TableSpec, usize) -> PathBuf,
    tx: &mpsc::SyncSender<Message>,
) -> Result<()> {
    let mut writers: Vec<(TableSpec, Box<dyn TableWriter>)> = Vec::new();
    for spec in specs.iter().filter(|s| s.parts) {
        writers.push((*spec, sink::open(format, &part_file_of(spec, part), (spec.schema)())?));
    }
    let accounts = ctx.census.entries.len();
    let mut tables = Tables::default();
    for local in 0..PART_CHUNKS {
        let chunk = part * PART_CHUNKS + local;
        let mut small = Vec::new();
        let mut tally = sim::vitals::Tally::default();
        if chunk < chunks {
            let range = chunk * CHUNK_ACCOUNTS..((chunk + 1) * CHUNK_ACCOUNTS).min(accounts);
            sim::simulate_chunk(ctx, range, &mut tables, &mut tally);
            for (spec, batch) in tables.drain() {
                if spec.parts {
                    let (_, w) = writers.iter_mut().find(|(s, _)| s.area == spec.area && s.name == spec.name).expect("part writer");
                    w.write(&batch)?;
                } else {
                    small.push((spec, batch));
                }
            }
        }
        // Empty chunks past the end still report, so the writer's order advances.
        if tx.send(Message::Chunk(part, local, small, tally)).is_err() {
            return Ok(());
        }
    }
    for (spec, writer) in writers {
        let stats = writer.finish()?;
        if tx.send(Message::PartFile(spec, part, stats)).is_err() {
            return Ok(());
        }
    }
    Ok(())
}
