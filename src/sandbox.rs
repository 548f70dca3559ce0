//! Learner SQL, sandboxed: one read-only statement on the dataset, with a memory limit, a time
//! limit and a row cap, and nothing it can write. Shared by `saaslab query` and `saaslab check`.
//!
//! Three layers, each enough for its own class of harm:
//! 1. The database is opened read-only (the warehouse) or in memory (raw tables only).
//! 2. DuckDB's own parser and binder classify the statement: only a SELECT (which covers WITH,
//!    VALUES, FROM-first and table functions) runs. COPY, ATTACH, INSTALL / LOAD, PRAGMA, SET,
//!    CREATE, INSERT … are refused by name before anything executes. The classifier is a
//!    second connection made through DuckDB's C API, because the Rust crate does not expose a
//!    prepared statement's type.
//! 3. External access is off except for the dataset's raw/ folder (`allowed_directories`), spilling to
//!    disk is off, and the configuration is locked, so a SELECT cannot read `/etc/passwd` or
//!    change a setting.

use crate::error::{Error, Result};
use crate::dataset::Dataset;
use crate::pipeline::warehouse;
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use duckdb::{ffi, Connection};
use std::ffi::{CStr, CString};
use std::sync::mpsc;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Limits {
    pub timeout: Duration,
    /// DuckDB's memory_limit, e.g. "2GB".
    pub memory: String,
    /// More rows than this is an error (checking) or the point where fetching stops
    /// (`truncate`, the scratchpad that prints only the first rows anyway).
    pub max_rows: usize,
    pub truncate: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(30), memory: "2GB".into(), max_rows: 100_000, truncate: false }
    }
}

/// What a learner's statement returned.
pub struct Output {
    pub batches: Vec<RecordBatch>,
    pub rows: usize,
    /// There were more rows than `max_rows` (only with `truncate`).
    pub truncated: bool,
    /// The result's columns, also when there are no rows (and so no batches).
    pub schema: SchemaRef,
}

/// An open, locked-down database on one dataset.
pub struct Sandbox {
    conn: Option<Connection>,
    classifier: ffi::duckdb_connection,
    db: ffi::duckdb_database,
    limits: Limits,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // Connections first, then the database they belong to.
        self.conn.take();
        unsafe {
            ffi::duckdb_disconnect(&mut self.classifier);
            ffi::duckdb_close(&mut self.db);
        }
    }
}

impl Sandbox {
    /// The built warehouse (read-only) when there is one; the raw tables in memory otherwise,
    /// or an error when `need_warehouse` and it is missing.
    pub fn open(dataset: &Dataset, limits: Limits, need_warehouse: bool) -> Result<Sandbox> {
        let path = dataset.warehouse_path();
        let built = path.is_file();
        if !built && need_warehouse {
            return Err(warehouse::not_built(dataset));
        }
        let db = open_raw(if built { Some(&path) } else { None })?;
        let mut sandbox = Sandbox { conn: None, classifier: std::ptr::null_mut(), db, limits };
        let conn = unsafe { Connection::open_from_raw(sandbox.db) }.map_err(|e| Error::io("cannot open", &path, e))?;
        if built {
            dataset.attach(&conn)?;
            if let Some(from) = warehouse::built_from(&conn)
                && from != dataset.fingerprint
            {
                return Err(Error::input(format!(
                    "the warehouse in {} was built from another dataset: run `saaslab build --data {}` again.",
                    dataset.dir.display(),
                    dataset.dir.display()
                )));
            }
            // Exercises are written against this version's models.
            if need_warehouse
                && let Some(version) = warehouse::built_by(&conn)
                && version != env!("CARGO_PKG_VERSION")
            {
                return Err(Error::input(format!(
                    "the warehouse in {} was built by saaslab {version}; this is {}: run `saaslab build --data {}` again.",
                    dataset.dir.display(),
                    env!("CARGO_PKG_VERSION"),
                    dataset.dir.display()
                )));
            }
            if !warehouse::build_finished(&conn) {
                return Err(warehouse::unfinished(dataset));
            }
        } else {
            dataset.expose_sources(&conn)?;
        }
        // Only the raw tables' folder: not truth/ (the simulation's answer key) nor the
        // warehouse file itself.
        let dir = dataset.dir.display().to_string().replace('\'', "''");
        conn.execute_batch(&format!(
            "set temp_directory = '';
             set allowed_directories = ['{dir}/raw/'];
             set enable_external_access = false;
             set memory_limit = '{}';
             set lock_configuration = true;",
            sandbox.limits.memory.replace('\'', "")
        ))
        .map_err(|e| Error::Io(format!("cannot lock down the query sandbox: {e}")))?;
        sandbox.conn = Some(conn);
        if unsafe { ffi::duckdb_connect(sandbox.db, &mut sandbox.classifier) } != ffi::DuckDBSuccess {
            return Err(Error::Io("cannot open a second DuckDB connection to check statements".into()));
        }
        Ok(sandbox)
    }

    /// Check and run one statement. Refusals and DuckDB's own errors are input errors whose
    /// message is ready to show a learner.
    pub fn run(&self, sql: &str) -> Result<Output> {
        self.classify(sql)?;
        let conn = self.conn.as_ref().expect("open");
        let interrupt = conn.interrupt_handle();
        let (done, wait) = mpsc::channel::<()>();
        let timeout = self.limits.timeout;
        let watchdog = std::thread::spawn(move || {
            // Interrupt unless the query finishes (or fails) first.
            if wait.recv_timeout(timeout) == Err(mpsc::RecvTimeoutError::Timeout) {
                interrupt.interrupt();
                return true;
            }
            false
        });
        let result = self.fetch(conn, sql);
        let _ = done.send(());
        let timed_out = watchdog.join().unwrap_or(false);
        match result {
            Err(_) if timed_out => Err(Error::input(format!(
                "the query was stopped after {} s (the time limit). Look for a join without a condition, or filter and aggregate before joining.",
                timeout.as_secs()
            ))),
            other => other,
        }
    }

    fn fetch(&self, conn: &Connection, sql: &str) -> Result<Output> {
        let memory = &self.limits.memory;
        let failed = |e: duckdb::Error| {
            let msg = e.to_string().trim().to_string();
            if msg.contains("Out of Memory") {
                // DuckDB's advice (a persistent database) is not the learner's to follow.
                let first = msg.lines().next().unwrap_or_default();
                Error::input(format!("the query failed: {first}\nLearner queries may use {memory} of memory: aggregate or filter before joining, and select only the columns you need."))
            } else {
                Error::input(format!("the query failed: {msg}"))
            }
        };
        let mut stmt = conn.prepare(sql).map_err(failed)?;
        let mut batches = Vec::new();
        let mut rows = 0;
        let arrow = stmt.query_arrow([]).map_err(failed)?;
        let schema = arrow.get_schema();
        for batch in arrow {
            rows += batch.num_rows();
            if rows > self.limits.max_rows && self.limits.truncate {
                batches.push(batch);
                return Ok(Output { batches, rows, truncated: true, schema });
            }
            if rows > self.limits.max_rows {
                return Err(Error::input(format!(
                    "the query returned more than {} rows (the row cap). Aggregate or filter: no exercise expects that many.",
                    crate::text::group(self.limits.max_rows as u64)
                )));
            }
            batches.push(batch);
        }
        Ok(Output { batches, rows, truncated: false, schema })
    }

    /// Refuse anything but one SELECT, using DuckDB's parser (count) and binder (type).
    fn classify(&self, sql: &str) -> Result<()> {
        // The leading keyword first: binding a COPY or ATTACH already touches files, and the
        // learner should hear "not allowed", not a permission error about a path.
        if let Some(word) = leading_keyword(sql)
            && let Some(name) = refused_keyword(&word)
        {
            return Err(refusal(name));
        }
        let text = CString::new(sql).map_err(|_| Error::input("the query contains a NUL byte"))?;
        unsafe {
            let mut extracted: ffi::duckdb_extracted_statements = std::ptr::null_mut();
            let count = ffi::duckdb_extract_statements(self.classifier, text.as_ptr(), &mut extracted);
            let outcome = if count == 0 {
                let msg = c_text(ffi::duckdb_extract_statements_error(extracted));
                if msg.is_empty() {
                    Err(Error::input("the query is empty: write one SELECT statement"))
                } else {
                    Err(Error::input(format!("the query failed: {}", msg.trim())))
                }
            } else if count > 1 {
                Err(Error::input(format!(
                    "the file holds {count} statements; saaslab runs exactly one (a SELECT, WITH … SELECT or VALUES). Remove the others, or the `;` between them."
                )))
            } else {
                let mut prepared: ffi::duckdb_prepared_statement = std::ptr::null_mut();
                let state = ffi::duckdb_prepare_extracted_statement(self.classifier, extracted, 0, &mut prepared);
                let result = if state != ffi::DuckDBSuccess {
                    Err(Error::input(format!("the query failed: {}", c_text(ffi::duckdb_prepare_error(prepared)).trim())))
                } else {
                    let kind = ffi::duckdb_prepared_statement_type(prepared);
                    if kind == ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_SELECT {
                        Ok(())
                    } else {
                        Err(refusal(statement_name(kind)))
                    }
                };
                ffi::duckdb_destroy_prepare(&mut prepared);
                result
            };
            ffi::duckdb_destroy_extracted(&mut extracted);
            outcome
        }
    }
}

fn refusal(name: &str) -> Error {
    Error::input(format!(
        "{name} statements are not allowed here: learner SQL is one read-only query (SELECT, WITH … SELECT or VALUES) on the dataset, and nothing it does can change the dataset or the machine."
    ))
}

/// The first word of the statement, past comments, whitespace and opening parentheses.
fn leading_keyword(sql: &str) -> Option<String> {
    let mut rest = sql;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
        if let Some(after) = rest.strip_prefix("--") {
            rest = after.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r);
        } else {
            break;
        }
    }
    let word: String = rest.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (!word.is_empty()).then(|| word.to_ascii_uppercase())
}

fn refused_keyword(word: &str) -> Option<&'static str> {
    Some(match word {
        "COPY" => "COPY",
        "ATTACH" => "ATTACH",
        "DETACH" => "DETACH",
        "INSTALL" | "LOAD" | "FORCE" | "UPDATE_EXTENSIONS" => "INSTALL / LOAD",
        "SET" | "RESET" => "SET / RESET",
        "PRAGMA" => "PRAGMA",
        "CREATE" => "CREATE",
        "INSERT" => "INSERT",
        "UPDATE" => "UPDATE",
        "DELETE" | "TRUNCATE" => "DELETE",
        "DROP" => "DROP",
        "ALTER" => "ALTER",
        "EXPORT" | "IMPORT" => "EXPORT / IMPORT",
        "CALL" => "CALL",
        "USE" => "USE",
        "BEGIN" | "COMMIT" | "ROLLBACK" | "START" | "END" | "ABORT" => "Transaction (BEGIN / COMMIT)",
        "CHECKPOINT" | "VACUUM" | "ANALYZE" => "VACUUM / ANALYZE",
        "EXPLAIN" => "EXPLAIN",
        "PREPARE" | "EXECUTE" | "DEALLOCATE" => "PREPARE / EXECUTE",
        "MERGE" => "MERGE",
        _ => return None,
    })
}

fn open_raw(path: Option<&std::path::Path>) -> Result<ffi::duckdb_database> {
    let shown = path.map(|p| p.display().to_string()).unwrap_or_else(|| ":memory:".into());
    let c_path = match path {
        Some(p) => Some(CString::new(p.display().to_string()).map_err(|_| Error::input(format!("{shown}: a path with a NUL byte")))?),
        None => None,
    };
    unsafe {
        let mut config: ffi::duckdb_config = std::ptr::null_mut();
        if ffi::duckdb_create_config(&mut config) != ffi::DuckDBSuccess {
            return Err(Error::Io("cannot configure DuckDB".into()));
        }
        if path.is_some() {
            let (k, v) = (CString::new("access_mode").unwrap(), CString::new("READ_ONLY").unwrap());
            ffi::duckdb_set_config(config, k.as_ptr(), v.as_ptr());
        }
        let mut db: ffi::duckdb_database = std::ptr::null_mut();
        let mut err: *mut std::os::raw::c_char = std::ptr::null_mut();
        let state = ffi::duckdb_open_ext(c_path.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()), &mut db, config, &mut err);
        ffi::duckdb_destroy_config(&mut config);
        if state != ffi::DuckDBSuccess {
            let msg = c_text(err);
            if !err.is_null() {
                ffi::duckdb_free(err as *mut std::ffi::c_void);
            }
            return Err(Error::Io(format!("cannot open {shown}: {msg}")));
        }
        Ok(db)
    }
}

unsafe fn c_text(p: *const std::os::raw::c_char) -> String {
    if p.is_null() { String::new() } else { unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned() }
}

fn statement_name(kind: ffi::duckdb_statement_type) -> &'static str {
    match kind {
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_INSERT => "INSERT",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_UPDATE => "UPDATE",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_DELETE => "DELETE",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_EXPLAIN => "EXPLAIN",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_PREPARE | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_EXECUTE => "PREPARE / EXECUTE",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_CREATE | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_CREATE_FUNC => "CREATE",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_ALTER => "ALTER",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_DROP => "DROP",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_TRANSACTION => "Transaction (BEGIN / COMMIT)",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_COPY | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_COPY_DATABASE => "COPY",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_EXPORT => "EXPORT",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_PRAGMA => "PRAGMA",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_CALL => "CALL",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_SET | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_VARIABLE_SET => "SET / RESET",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_LOAD => "INSTALL / LOAD",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_ATTACH => "ATTACH",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_DETACH => "DETACH",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_VACUUM | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_ANALYZE => "VACUUM / ANALYZE",
        ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_UPDATE_EXTENSIONS | ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_EXTENSION => "Extension",
        _ => "Those",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leading_keyword_skips_comments_whitespace_and_parentheses() {
        assert_eq!(leading_keyword("  select 1").as_deref(), Some("SELECT"));
        assert_eq!(leading_keyword("-- note\n/* block */ (copy t to 'x')").as_deref(), Some("COPY"));
        assert_eq!(leading_keyword("/* unterminated").as_deref(), None);
        assert_eq!(leading_keyword("").as_deref(), None);
        assert_eq!(refused_keyword("ATTACH"), Some("ATTACH"));
        assert_eq!(refused_keyword("WITH"), None);
        assert_eq!(refused_keyword("VALUES"), None);
        assert_eq!(refused_keyword("FROM"), None);
    }
}
