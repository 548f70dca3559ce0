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
//!
//! And limits, so that no statement can take the machine: the SQL text is at most
//! [`MAX_SQL_BYTES`]; one time limit covers classification and execution (both connections
//! are interrupted when it passes); DuckDB's memory limit bounds the query's operators, and
//! the result is streamed, so fetching stops at the row cap and at the same memory limit
//! instead of materialising everything first.

use crate::error::{Error, Result};
use crate::dataset::Dataset;
use crate::pipeline::warehouse;
use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use duckdb::{ffi, Connection};
use std::ffi::{CStr, CString};
use std::sync::mpsc;
use std::time::Duration;

/// The longest SQL text accepted. Module solutions are a few KB; parsing and binding a
/// pathological text costs about 13 s and 1 GB per MB in DuckDB (a `1=1 or 1=1 …` chain), so
/// this also bounds what classification can cost before the time limit can act.
pub const MAX_SQL_BYTES: usize = 128 * 1024;

#[derive(Clone, Debug)]
pub struct Limits {
    pub timeout: Duration,
    /// DuckDB's memory_limit for the query, and the most the fetched result may hold.
    pub memory_bytes: u64,
    /// More rows than this is an error (checking) or the point where fetching stops
    /// (`truncate`, the scratchpad that prints only the first rows anyway).
    pub max_rows: usize,
    pub truncate: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { timeout: Duration::from_secs(30), memory_bytes: 2 << 30, max_rows: 100_000, truncate: false }
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
    /// The dataset folder when it has no warehouse yet (only the raw tables can be read).
    unbuilt: Option<std::path::PathBuf>,
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
        let db = open_raw(if built { Some(&path) } else { None }).map_err(|e| warehouse::lock_conflict(dataset, &e.to_string()).unwrap_or(e))?;
        let mut sandbox = Sandbox { conn: None, classifier: std::ptr::null_mut(), db, limits, unbuilt: (!built).then(|| dataset.dir.clone()) };
        let conn = unsafe { Connection::open_from_raw(sandbox.db) }.map_err(|e| Error::io("cannot open", &path, e))?;
        if built {
            dataset.attach(&conn)?;
            warehouse::ready(&conn, dataset)?;
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
             set memory_limit = '{}B';
             set lock_configuration = true;",
            sandbox.limits.memory_bytes
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
        check_size(sql.len())?;
        let conn = self.conn.as_ref().expect("open");
        let timeout = self.limits.timeout;
        let watchdog = Watchdog::start(timeout, conn.interrupt_handle(), Classifier(self.classifier));
        let result = self.classify(sql).and_then(|()| self.fetch(conn, sql)).map_err(|e| self.before_build(e));
        if watchdog.stop() {
            // Whatever the statement reported after the interrupt, the cause is the time limit.
            return Err(Error::input(format!(
                "the query was stopped after {} s (the time limit). Look for a join without a condition, or filter and aggregate before joining.",
                timeout.as_secs_f64()
            )));
        }
        result
    }

    /// Before a build the models are not there: a missing table is most likely one, and
    /// DuckDB's "Did you mean sqlite_master?" misleads.
    fn before_build(&self, e: Error) -> Error {
        match (&self.unbuilt, e) {
            (Some(dir), Error::Input(msg)) if msg.contains("does not exist") => {
                let first = msg.lines().next().unwrap_or_default();
                Error::input(format!(
                    "{first}\n{} has no warehouse yet, so only the raw tables (app.accounts, stripe.invoice …) can be queried: run `saaslab build --data {}` to query the models (entity_customers …).",
                    dir.display(),
                    dir.display()
                ))
            }
            (_, e) => e,
        }
    }

    fn fetch(&self, conn: &Connection, sql: &str) -> Result<Output> {
        let memory = crate::text::human_bytes(self.limits.memory_bytes);
        let out_of_memory = || {
            Error::input(format!(
                "the query needs more than {memory} of memory (the limit for learner queries): aggregate or filter before joining, and select only the columns you need."
            ))
        };
        let failed = |e: duckdb::Error| {
            let msg = e.to_string().trim().to_string();
            if msg.contains("Out of Memory") {
                // DuckDB's advice (a persistent database, a temp directory) is not the learner's to follow.
                out_of_memory()
            } else {
                learner_error(&msg)
            }
        };
        let mut stmt = conn.prepare(sql).map_err(failed)?;
        let mut batches = Vec::new();
        let (mut rows, mut bytes) = (0usize, 0u64);
        // Streamed: DuckDB produces the next chunk only when it is asked for, so stopping at the
        // row cap (or the memory limit) stops the query too.
        let stream = stmt.stream_arrow([]).map_err(failed)?;
        let schema = stream.get_schema();
        for batch in stream {
            let batch = batch.map_err(failed)?;
            rows += batch.num_rows();
            bytes += batch.get_array_memory_size() as u64;
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
            if bytes > self.limits.memory_bytes {
                return Err(out_of_memory());
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
                    Err(learner_error(msg.trim()))
                }
            } else if count > 1 {
                Err(Error::input(format!(
                    "the file holds {count} statements; saaslab runs exactly one (a SELECT, WITH … SELECT or VALUES). Remove the others, or the `;` between them."
                )))
            } else {
                let mut prepared: ffi::duckdb_prepared_statement = std::ptr::null_mut();
                let state = ffi::duckdb_prepare_extracted_statement(self.classifier, extracted, 0, &mut prepared);
                let result = if state != ffi::DuckDBSuccess {
                    Err(learner_error(c_text(ffi::duckdb_prepare_error(prepared)).trim()))
                } else {
                    let kind = ffi::duckdb_prepared_statement_type(prepared);
                    if kind == ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_SELECT {
                        Ok(())
                    } else if kind == ffi::duckdb_statement_type_DUCKDB_STATEMENT_TYPE_MULTI && mentions_pivot(sql) {
                        Err(pivot_without_values())
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

/// Refuse an over-long text before DuckDB parses any of it.
pub fn check_size(bytes: usize) -> Result<()> {
    if bytes > MAX_SQL_BYTES {
        return Err(Error::input(format!(
            "the SQL is longer than {}, the most saaslab accepts (an exercise's answer is a few KB): is this the right file?",
            crate::text::human_bytes(MAX_SQL_BYTES as u64)
        )));
    }
    Ok(())
}

/// DuckDB's message for a statement that failed, minus advice a learner cannot follow here.
fn learner_error(msg: &str) -> Error {
    if msg.contains("expression depth") {
        // DuckDB suggests `SET max_expression_depth`, which the sandbox refuses.
        let first = msg.lines().next().unwrap_or_default();
        let first = first.split(" Use \"SET").next().unwrap_or(first).trim_end_matches('.');
        return Error::input(format!(
            "the query failed: {first}.\nThe limit cannot be raised here: write the condition with fewer nested expressions (an IN list, or a join to a VALUES list, instead of a long chain of OR / AND)."
        ));
    }
    Error::input(format!("the query failed: {msg}"))
}

/// Interrupts both connections when the time limit passes, unless stopped first.
struct Watchdog {
    done: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<bool>,
}

/// The classifier connection, handed to the watchdog thread only to interrupt it: DuckDB's
/// interrupt is a flag the connection's own thread polls, safe to set from another thread.
struct Classifier(ffi::duckdb_connection);
unsafe impl Send for Classifier {}

impl Watchdog {
    fn start(timeout: Duration, query: std::sync::Arc<duckdb::InterruptHandle>, classifier: Classifier) -> Watchdog {
        let (done, wait) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let classifier = classifier;
            if wait.recv_timeout(timeout) == Err(mpsc::RecvTimeoutError::Timeout) {
                query.interrupt();
                unsafe { ffi::duckdb_interrupt(classifier.0) };
                return true;
            }
            false
        });
        Watchdog { done, thread }
    }

    /// Whether the time limit passed. Joins the thread, so the classifier is not touched after
    /// the sandbox that owns it is gone.
    fn stop(self) -> bool {
        let _ = self.done.send(());
        self.thread.join().unwrap_or(false)
    }
}

/// A PIVOT that does not list its values is several statements to DuckDB: it first reads the
/// column's distinct values into a new type. Listed values make it one SELECT.
fn pivot_without_values() -> Error {
    Error::input(
        "PIVOT without an IN list runs as several statements (DuckDB first creates a type from the column's distinct values), and learner SQL is one SELECT. List the values: `PIVOT t ON status IN ('active', 'canceled') USING count(*)`, or write one `count(*) FILTER (WHERE status = 'active')` column per value.",
    )
}

fn mentions_pivot(sql: &str) -> bool {
    sql.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').any(|w| w.eq_ignore_ascii_case("pivot"))
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
