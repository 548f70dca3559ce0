//! The command line: argument definitions, and the only place that prints. `main.rs` parses
//! and calls `run`; each command family has a file (`generate`, `pipeline`, `exercise`,
//! `load`) that calls the library and renders what it returns, as text or `--json`.

/// `println!` for what the commands print: a reader that goes away early (`saaslab query … |
/// head`) ends the program quietly with success, as such pipes expect, instead of a panic.
macro_rules! say {
    () => {
        $crate::cli::write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod exercise;
mod generate;
mod interrupt;
mod load;
mod pipeline;
mod report;

use crate::error::Result;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "saaslab", version, about = "A workbench for teaching SaaS and IoT analytics engineering: simulate, build, check.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Simulate the company and write its raw dataset (Parquet or CSV) with manifest and truth.
    Generate(GenerateArgs),
    /// Run the reference pipeline on a dataset: builds DIR/warehouse.duckdb.
    Build(BuildArgs),
    /// Run the pipeline's data tests on the built warehouse and report like `dbt test`.
    Test(PipelineArgs),
    /// Run read-only SQL on the dataset (the built warehouse if there is one) and print a table.
    Query(QueryArgs),
    /// List the pipeline's models, tests and sources a selection resolves to, in build order.
    Ls {
        #[command(flatten)]
        selection: SelectArgs,
        /// Only this kind of resource.
        #[arg(long, value_enum)]
        resource_type: Option<ResourceTypeArg>,
        /// An edited copy of the pipeline (a dbt project folder) instead of the built-in one.
        #[arg(long, value_name = "DIR")]
        pipeline: Option<PathBuf>,
        /// Print JSON (name, resource type, path, materialization, tags, what it reads).
        #[arg(long)]
        json: bool,
    },
    /// Preview a built model: its first rows, as `dbt show` does.
    Show {
        /// The model, e.g. entity_customers (see `saaslab ls`).
        model: String,
        /// The dataset folder, built with `saaslab build`.
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// How many rows to show.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// An edited copy of the pipeline (a dbt project folder) instead of the built-in one.
        #[arg(long, value_name = "DIR")]
        pipeline: Option<PathBuf>,
        /// Print the rows as JSON.
        #[arg(long)]
        json: bool,
        /// Every column, even when the table is wider than the terminal.
        #[arg(long)]
        wide: bool,
    },
    /// List the modules and their exercises, with your pass / fail status on this dataset.
    Exercises {
        /// The dataset folder (progress is kept in it, or in your state folder if it is read-only).
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// An edited copy of the modules folder instead of the built-in one.
        #[arg(long, value_name = "DIR")]
        modules: Option<PathBuf>,
        /// Print JSON instead of a list.
        #[arg(long)]
        json: bool,
    },
    /// Print a module's lesson (the README.md of modules/NN-name/).
    Lesson {
        /// The module's number (1 to 4) or folder name.
        module: String,
        /// An edited copy of the modules folder instead of the built-in one.
        #[arg(long, value_name = "DIR")]
        modules: Option<PathBuf>,
    },
    /// Print one exercise's prompt, or one of its hints.
    Exercise {
        /// The exercise id, e.g. 1.2 (see `saaslab exercises`).
        id: String,
        /// Show hint N (1 first; ask for the next when you need it).
        #[arg(long, value_name = "N")]
        hint: Option<usize>,
        /// An edited copy of the modules folder instead of the built-in one.
        #[arg(long, value_name = "DIR")]
        modules: Option<PathBuf>,
        /// Print the exercise (id, title, difficulty, relations, prompt, how it is compared) or
        /// the hint as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run your SQL for an exercise on the dataset and compare it with the expected result.
    Check {
        /// The exercise id, e.g. 1.2.
        id: String,
        /// A file with one SQL query (SELECT, WITH … SELECT or VALUES); `-` reads standard input.
        file: PathBuf,
        /// The dataset folder, built with `saaslab build`.
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// An edited copy of the modules folder instead of the built-in one.
        #[arg(long, value_name = "DIR")]
        modules: Option<PathBuf>,
        /// Stop the query after this many seconds.
        #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Check on your dataset alone, not also on the hidden check datasets.
        #[arg(long)]
        quick: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Instructors: grade a folder of submissions (SUBMISSIONS/<student>/<exercise id>.sql) in
    /// parallel into a gradebook (grades.csv and feedback/<student>.md).
    Grade {
        /// The submissions folder: one folder per student, files named by exercise id.
        submissions: PathBuf,
        /// The class's dataset (built), or a class folder written by `generate --class` (each
        /// student graded on their own dataset).
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// Where to write grades.csv and feedback/.
        #[arg(long, default_value = "./gradebook", value_name = "DIR")]
        out: PathBuf,
        /// Grade on each student's dataset alone, not also on the hidden check datasets.
        #[arg(long)]
        quick: bool,
        /// Stop each query after this many seconds.
        #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Submissions checked at once (default: every core).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
        jobs: Option<u16>,
        /// No progress bar and no summary.
        #[arg(long)]
        quiet: bool,
        /// Print the grades as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Instructors: run every reference solution on the dataset and write the expected results.
    Expected {
        /// The canonical dataset (`saaslab generate` defaults), built.
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// Where to write (the checkout's expected/ folder by default).
        #[arg(long, default_value = "expected", value_name = "DIR")]
        out: PathBuf,
        /// An edited copy of the modules folder instead of the built-in one.
        #[arg(long, value_name = "DIR")]
        modules: Option<PathBuf>,
        /// Only this exercise.
        #[arg(long, value_name = "ID")]
        only: Option<String>,
    },
    /// Export the reference pipeline as a runnable project for another tool.
    Export {
        #[command(subcommand)]
        target: ExportTarget,
    },
    /// Load a generated dataset into a database.
    Load {
        #[command(subcommand)]
        target: LoadTarget,
    },
    /// Write the company in pictures: one self-contained HTML page of charts (MRR, movements,
    /// customers and churn, cohorts, churn risk, fleet, acquisition, data quality), building the
    /// warehouse first if needed.
    Report {
        /// The dataset folder (built, or built now).
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// Where to write the page (default: DIR/report.html).
        #[arg(long, value_name = "FILE.html")]
        out: Option<PathBuf>,
        /// A second dataset (another scenario or seed) drawn beside the first, with a table of
        /// what differs.
        #[arg(long, value_name = "OTHER_DIR")]
        vs: Option<PathBuf>,
        /// Print the figures behind each chart as JSON instead of writing the page.
        #[arg(long)]
        json: bool,
        /// No progress lines and no closing line.
        #[arg(long)]
        quiet: bool,
    },
    /// Make the shard folders in DIR (written by `generate --shard K/N --out DIR`) one dataset:
    /// check they were made alike and write DIR/manifest.json. `generate --shard` does this
    /// itself when the last shard lands; run it after copying shards made elsewhere into DIR.
    MergeManifests {
        /// The folder holding shard-1-of-N … shard-N-of-N.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Print a shell completion script: `saaslab completions bash > ~/.local/share/bash-completion/completions/saaslab`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// List the built-in scenarios with their descriptions.
    Scenarios {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportTarget {
    /// A dbt project (the reference pipeline, a profiles.yml and a README) pointed at the dataset:
    /// dbt-duckdb reading its files, or dbt-postgres on a database it was loaded into.
    Dbt {
        /// The folder to write the project into.
        out: PathBuf,
        /// The dataset folder (written by `saaslab generate`: Parquet, CSV, DuckDB or shards).
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// The engine dbt builds on, written into profiles.yml: duckdb (reads the dataset's
        /// files), postgres (the database `saaslab load postgres` filled; give --url) or spark
        /// (a local PySpark reading the Parquet files).
        #[arg(long, value_enum, default_value = "duckdb")]
        target: DbtTargetArg,
        /// With --target postgres: the database the dataset was loaded into, as given to `saaslab
        /// load postgres`. Its password is not written: profiles.yml reads PGPASSWORD.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// Write into a non-empty folder.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum LoadTarget {
    /// Load into PostgreSQL with COPY, one schema per source; re-running replaces the data.
    Postgres {
        /// Connection URL, e.g. postgresql://user:password@localhost:5432/analytics
        url: String,
        /// The dataset folder (written by `saaslab generate`).
        #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
        data: PathBuf,
        /// No progress and no per-table lines.
        #[arg(long)]
        quiet: bool,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// Load the answer key too (the `truth` schema); by default it is left out, and a
        /// `truth` schema from an earlier load is dropped, so the database can be shared with
        /// learners.
        #[arg(long)]
        with_truth: bool,
    },
}

/// dbt's node selection, for `build`, `test` and `ls`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct SelectArgs {
    /// Only these models (and their tests), as dbt selects: NAME (with * wildcards), +NAME
    /// (with its ancestors), NAME+ (with its descendants), 2+NAME, tag:staging,
    /// path:models/marts, config.materialized:table, source:stripe+. Several selectors are a
    /// union; `a,b` is an intersection.
    #[arg(long, short = 's', value_name = "SELECTOR", num_args = 1..)]
    pub select: Vec<String>,
    /// Leave these out (the same grammar as --select).
    #[arg(long, value_name = "SELECTOR", num_args = 1..)]
    pub exclude: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct PipelineArgs {
    /// The dataset folder (written by `saaslab generate`).
    #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
    pub data: PathBuf,
    /// An edited copy of the pipeline (a dbt project folder) instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub pipeline: Option<PathBuf>,
    #[command(flatten)]
    pub selection: SelectArgs,
    /// No per-model or per-test lines (the results are still printed).
    #[arg(long)]
    pub quiet: bool,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub pipeline: PipelineArgs,
    /// Rebuild incremental models from scratch.
    #[arg(long)]
    pub full_refresh: bool,
    /// DuckDB worker threads (default: one per core). Fewer threads use less memory.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// DuckDB's memory limit for the build, e.g. 1GB or 4GB (default 1.5GB); what does not
    /// fit spills to DIR/target/spill. More memory builds a little faster.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub memory_limit: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct QueryArgs {
    /// One read-only SQL statement, e.g. "select plan_tier, count(*) from entity_customers group by 1".
    pub sql: String,
    /// The dataset folder (written by `saaslab generate`).
    #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
    pub data: PathBuf,
    /// At most this many rows are printed.
    #[arg(long, default_value_t = 40)]
    pub limit: usize,
    /// Stop the query after this many seconds.
    #[arg(long, default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Print the rows as JSON.
    #[arg(long)]
    pub json: bool,
    /// Every column, even when the table is wider than the terminal.
    #[arg(long)]
    pub wide: bool,
}

#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// A built-in scenario name (see `saaslab scenarios`) or a path to a scenario .toml file.
    #[arg(long, default_value = "baseline", value_name = "NAME|PATH")]
    pub scenario: String,
    /// Seed of every random stream: same seed, same bytes.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// The dataset folder to write.
    #[arg(long, default_value = "./saaslab-data", value_name = "DIR")]
    pub out: PathBuf,
    /// The files to write: Parquet (the default), CSV, or one DuckDB database file.
    #[arg(long, value_enum, default_value_t = FormatArg::Parquet)]
    pub format: FormatArg,
    /// Number of accounts (overrides the scenario).
    #[arg(long, value_name = "N")]
    pub customers: Option<u64>,
    /// Number of locations, at least one per account (overrides the scenario).
    #[arg(long, value_name = "N")]
    pub locations: Option<u64>,
    /// First simulated day, YYYY-MM-DD (overrides the scenario).
    #[arg(long, value_name = "DATE")]
    pub start: Option<NaiveDate>,
    /// Last simulated day and "as of" date, YYYY-MM-DD (overrides the scenario).
    #[arg(long, value_name = "DATE")]
    pub end: Option<NaiveDate>,
    /// Multiply customers and locations (2 = twice the data).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub scale: Option<f64>,
    /// Worker threads, 1 to 256 (default: every core). Output is identical for any value.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
    /// Replace the output folder if it exists and is not empty.
    #[arg(long)]
    pub force: bool,
    /// Go on even when the estimated output is larger than 25 GB.
    #[arg(long)]
    pub yes: bool,
    /// Keep the answer key (the `truth` schema) in a `--format duckdb` file, which leaves it
    /// out by default so the file can be handed to learners. Parquet and CSV datasets always
    /// write `truth/` beside `raw/`.
    #[arg(long)]
    pub with_truth: bool,
    /// No progress bar and no tables: only the closing line (rows, size, folder, time).
    #[arg(long)]
    pub quiet: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// A student's own dataset: the seed is derived from --seed (the class seed) and the name,
    /// so classmates get different numbers.
    #[arg(long, value_name = "NAME", conflicts_with = "class")]
    pub student: Option<String>,
    /// A dataset per student of a roster (CSV with a `name` column), each with its own seed
    /// (as --student), in OUT/<student>/, and OUT/class.json naming them.
    #[arg(long, value_name = "ROSTER.csv")]
    pub class: Option<PathBuf>,
    /// Write only shard K of N (contiguous slices of the accounts; shard 1 also writes the
    /// company-wide tables) into OUT/shard-K-of-N/; when all N are in OUT, OUT is one dataset.
    #[arg(long, value_name = "K/N", conflicts_with = "class")]
    pub shard: Option<String>,
}

/// A memory size as DuckDB reads it: a number and a unit (KB, MB, GB, TB; KiB … TiB).
fn parse_size(text: &str) -> std::result::Result<String, String> {
    let t = text.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let unit = unit.trim();
    let known = ["KB", "MB", "GB", "TB", "KiB", "MiB", "GiB", "TiB"];
    match number.parse::<f64>() {
        Ok(n) if n > 0.0 && known.iter().any(|k| k.eq_ignore_ascii_case(unit)) => Ok(format!("{number}{unit}")),
        _ => Err(format!("`{text}` is not a memory size: write a number and a unit, e.g. 800MB, 1.5GB or 4GiB")),
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum DbtTargetArg {
    /// dbt-duckdb, reading the dataset's files (or its DuckDB file) in place.
    Duckdb,
    /// dbt-postgres, on a database filled by `saaslab load postgres`.
    Postgres,
    /// dbt-spark on a local PySpark (method: session), reading the Parquet files in place.
    Spark,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ResourceTypeArg {
    Model,
    Test,
    Source,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Parquet,
    Csv,
    /// One DuckDB file, `saaslab.duckdb`, with a schema per source.
    Duckdb,
}

/// Write to standard output; a closed pipe ends the program (exit 0), any other failure to
/// write is reported (exit 2).
pub(crate) fn write_out(text: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(text) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

/// Run a parsed command line; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    interrupt::install();
    match dispatch(cli) {
        Ok(()) => 0,
        Err(e) => {
            // A failed check has printed its own report.
            if !e.to_string().is_empty() {
                eprintln!("error: {e}");
            }
            e.exit_code()
        }
    }
}

fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Generate(args) => generate::generate(args),
        Command::Scenarios { json } => generate::scenarios(json),
        Command::Report { data, out, vs, json, quiet } => report::report(&data, out.as_deref(), vs.as_deref(), json, quiet),
        Command::MergeManifests { dir } => generate::merge_manifests(&dir),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut <Cli as clap::CommandFactory>::command(), "saaslab", &mut script);
            write_out(format_args!("{}", String::from_utf8_lossy(&script)));
            Ok(())
        }
        Command::Build(args) => pipeline::build(args),
        Command::Test(args) => pipeline::test(args),
        Command::Query(args) => pipeline::query(args),
        Command::Ls { selection, resource_type, pipeline: folder, json } => pipeline::ls(&selection, resource_type, folder.as_deref(), json),
        Command::Show { model, data, limit, pipeline: folder, json, wide } => pipeline::show(&model, &data, limit, folder.as_deref(), json, wide),
        Command::Exercises { data, modules, json } => exercise::list(modules.as_deref(), &data, json),
        Command::Lesson { module, modules } => exercise::lesson(modules.as_deref(), &module),
        Command::Exercise { id, hint, modules, json } => exercise::show(modules.as_deref(), &id, hint, json),
        Command::Check { id, file, data, modules, timeout, quick, json } => exercise::check(exercise::CheckArgs {
            quick,
            id: &id,
            file: &file,
            data: &data,
            modules: modules.as_deref(),
            json,
            timeout: std::time::Duration::from_secs(timeout),
        }),
        Command::Grade { submissions, data, out, quick, timeout, jobs, quiet, json } => exercise::grade(exercise::GradeArgs {
            submissions: &submissions,
            data: &data,
            out: &out,
            hidden: !quick,
            timeout: std::time::Duration::from_secs(timeout),
            jobs: jobs.map(usize::from),
            quiet,
            json,
        }),
        Command::Expected { data, out, modules, only } => exercise::write_expected(modules.as_deref(), &data, &out, only.as_deref()),
        Command::Export { target: ExportTarget::Dbt { out, data, force, target, url } } => pipeline::export_dbt(&out, &data, force, target, url.as_deref()),
        Command::Load { target: LoadTarget::Postgres { url, data, quiet, json, with_truth } } => load::postgres(&url, &data, with_truth, quiet, json),
    }
}
