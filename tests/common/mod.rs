//! Helpers shared by the integration tests: run the binary, read manifests, query with DuckDB.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn saaslab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_saaslab")).args(args).output().expect("saaslab runs")
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

pub fn generate(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["generate", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = saaslab(&args);
    assert!(o.status.success(), "generate failed: {}", String::from_utf8_lossy(&o.stderr));
    o
}

pub fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

pub fn table<'a>(manifest: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    manifest["tables"].as_array().unwrap().iter().find(|t| t["table"] == name).unwrap_or_else(|| panic!("no table {name}"))
}

/// A DuckDB connection with a view per table of the dataset (`app_accounts`, `truth_defects` …).
pub fn duck(dir: &Path) -> duckdb::Connection {
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let m = manifest(dir);
    let format = m["format"].as_str().unwrap().to_string();
    if format == "duckdb" {
        conn.execute_batch(&format!("attach '{}' as dataset (read_only)", dir.join("saaslab.duckdb").display())).unwrap();
    }
    for t in m["tables"].as_array().unwrap() {
        let files: Vec<String> = t["files"].as_array().unwrap().iter().map(|f| format!("'{}'", dir.join(f.as_str().unwrap()).display())).collect();
        let view = t["table"].as_str().unwrap().replace('.', "_");
        let source = match format.as_str() {
            "duckdb" => format!("dataset.{}", t["table"].as_str().unwrap()),
            "csv" => format!("read_csv([{}])", files.join(", ")),
            _ => format!("read_parquet([{}])", files.join(", ")),
        };
        conn.execute_batch(&format!("create view {view} as select * from {source}")).unwrap();
    }
    conn
}

pub fn count(conn: &duckdb::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
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
