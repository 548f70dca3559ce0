//! Helpers shared by the integration tests: run the binary, share datasets between tests,
//! read manifests, query with DuckDB, and find the external services (PostgreSQL, dbt).
#![allow(dead_code)]

use saaslab::dataset::{Dataset, Manifest, TableEntry};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

pub fn saaslab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saaslab")).args(args).env("SAASLAB_CACHE_DIR", check_cache()).output().expect("saaslab runs")
}

/// The tests' own cache of hidden check datasets (`saaslab check` makes them on first use),
/// shared by every test of a run.
pub fn check_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-cache")
}

/// A fresh, empty folder under the target dir for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Small but complete: two years, a few hundred accounts.
pub const SMALL: &[&str] = &["--customers", "400", "--locations", "700", "--start", "2023-01-01", "--end", "2024-12-31", "--quiet"];

/// The canonical dataset: `saaslab generate` with no flags (baseline, seed 42, default size).
pub const CANONICAL: &[&str] = &["--quiet"];

/// Three years of 3,000 accounts: enough for rates by month and scenario comparisons.
pub const THREE_YEARS: &[&str] = &["--customers", "3000", "--locations", "4500", "--start", "2022-01-01", "--end", "2024-12-31", "--quiet"];

/// `base` followed by `extra`: the arguments of a variant of a standard size. Tests that share
/// a dataset spell its arguments the same way, in the same order (the cache key).
pub fn with<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(extra).copied().collect()
}

/// Write a dataset into `out` (a test's own: it may change it).
pub fn generate(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["generate", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = saaslab(&args);
    assert!(o.status.success(), "generate failed: {}", String::from_utf8_lossy(&o.stderr));
    o
}

/// One cell per key, so that tests asking for the same thing at once wait for one run of it.
fn cell(key: String) -> Arc<OnceLock<PathBuf>> {
    static CELLS: OnceLock<Mutex<BTreeMap<String, Arc<OnceLock<PathBuf>>>>> = OnceLock::new();
    let mut cells = CELLS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    cells.entry(key).or_default().clone()
}

/// The dataset `saaslab generate ARGS` writes, generated once per test run and shared by every
/// test that asks for the same arguments. Output depends only on the arguments, so the shared
/// copy is exactly what a fresh run would give. Read it; never change it (copy it, or
/// `generate` a dataset of your own, to change one). A test may find it built (`built`).
pub fn dataset(args: &[&str]) -> PathBuf {
    let key = args.join(" ");
    cell(format!("generate {key}"))
        .get_or_init(|| {
            let name: String = key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
            let dir = scratch(&format!("shared/{}", if name.is_empty() { "default".into() } else { name })).join("data");
            generate(&dir, args);
            dir
        })
        .clone()
}

/// The shared dataset of `dataset(ARGS)`, with its warehouse built (once) in place.
pub fn built(args: &[&str]) -> PathBuf {
    let dir = dataset(args);
    cell(format!("build {}", args.join(" ")))
        .get_or_init(|| {
            let o = saaslab(&["build", "--data", dir.to_str().unwrap(), "--quiet"]);
            assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
            dir.clone()
        })
        .clone()
}

/// A dataset's manifest, read as saaslab reads it.
pub fn manifest(dir: &Path) -> Manifest {
    Dataset::open(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).manifest
}

pub fn table<'a>(manifest: &'a Manifest, name: &str) -> &'a TableEntry {
    manifest.table(name).unwrap_or_else(|| panic!("no table {name}"))
}

/// A DuckDB connection with a view per table of the dataset (`app_accounts`, `truth_defects` …),
/// read the way saaslab reads it.
pub fn duck(dir: &Path) -> duckdb::Connection {
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let dataset = Dataset::open(dir).unwrap();
    dataset.attach(&conn).unwrap();
    for t in &dataset.manifest.tables {
        let view = t.table.replace('.', "_");
        conn.execute_batch(&format!("create view {view} as select * from {}", dataset.reader_sql(t))).unwrap();
    }
    conn
}

pub fn count(conn: &duckdb::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A read-only connection to the warehouse a build left in `dir`.
pub fn warehouse(dir: &Path) -> duckdb::Connection {
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!("attach '{}' as w (read_only); use w;", dir.join("warehouse.duckdb").display())).unwrap();
    conn
}

pub fn number(conn: &duckdb::Connection, sql: &str) -> f64 {
    conn.query_row(sql, [], |r| r.get::<_, f64>(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Every file below `dir`, relative, sorted, with its bytes.
pub fn all_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// What `generate` wrote (manifest, raw/, truth/), without what a build or a check adds beside
/// it (warehouse, compiled SQL, progress): the files a shared dataset's determinism is about.
pub fn dataset_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("manifest.json".to_string(), std::fs::read(dir.join("manifest.json")).unwrap())];
    for folder in ["raw", "truth"] {
        out.extend(all_files(&dir.join(folder)).into_iter().map(|(p, bytes)| (format!("{folder}/{p}"), bytes)));
    }
    out
}

/// A service a test needs (PostgreSQL, dbt), named by an environment variable that the test
/// command (`scripts/test`) sets. In CI a missing service fails the test: a green run must
/// mean the test ran. Elsewhere the test may skip, and says so.
pub fn service(variable: &str, what: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(v) if !v.is_empty() => Some(v),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{variable} is not set, so {what} cannot run; CI must run it: run the tests with scripts/test, which sets it up")
        }
        _ => {
            println!("skipped: {variable} is not set ({what}; scripts/test sets it up)");
            None
        }
    }
}

/// What a bounded run of saaslab did: how it ended, what it said, and its peak memory.
pub struct Ran {
    /// The exit code, or `None` when a signal ended it.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub stderr: String,
    pub timed_out: bool,
    pub max_rss_mib: i64,
}

/// Run saaslab with a wall-clock bound (killed past it) and its peak memory, read with wait4.
pub fn run_bounded(args: &[String], limit: Duration, log: &Path) -> Ran {
    let stderr_file = std::fs::File::create(log).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr_file)
        .spawn()
        .expect("saaslab starts");
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        // Reaped here, with its resource use; `child` is never waited on.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if started.elapsed() > limit && !timed_out {
            timed_out = true;
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(child);
    let (code, signal) = if libc::WIFEXITED(status) { (Some(libc::WEXITSTATUS(status)), None) } else { (None, Some(libc::WTERMSIG(status))) };
    Ran { code, signal, stderr: std::fs::read_to_string(log).unwrap_or_default(), timed_out, max_rss_mib: usage.ru_maxrss / 1024 }
}

