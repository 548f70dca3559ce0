//! Delivering the data where people use it: one DuckDB file with a schema per source.

use crate::common::*;

/// Rows and content of every table the DuckDB file holds, against the Parquet output's manifest.
fn holds_the_parquet_rows(conn: &duckdb::Connection, tables: &[&saaslab::dataset::TableEntry]) {
    for t in tables {
        let name = t.table.as_str();
        // Re-hash every row as DuckDB hands it back, the way generate hashed what it wrote.
        let mut stmt = conn.prepare(&format!("select * from {name}")).unwrap();
        let mut hash = saaslab::sink::hash::ContentHash::default();
        let mut rows = 0;
        for batch in stmt.query_arrow([]).unwrap() {
            rows += batch.num_rows() as u64;
            hash.add(saaslab::sink::hash::hash_batch(&batch));
        }
        assert_eq!(rows, t.rows, "{name}: rows");
        assert_eq!(hash.hex(), t.content_hash, "{name}: content differs from the Parquet output");
    }
}

fn open(dir: &std::path::Path) -> duckdb::Connection {
    duckdb::Connection::open_with_flags(dir.join("saaslab.duckdb"), duckdb::Config::default().access_mode(duckdb::AccessMode::ReadOnly).unwrap()).unwrap()
}

#[test]
fn the_duckdb_file_holds_the_parquet_outputs_rows_and_the_answer_key_only_when_asked() {
    let (pq, db_dir) = (dataset(SMALL), dataset(&with(SMALL, &["--format", "duckdb"])));
    let parquet = manifest(&pq);
    let raw: Vec<_> = parquet.tables.iter().filter(|t| !t.is_truth()).collect();
    assert!(raw.len() > 45);
    let conn = open(&db_dir);
    holds_the_parquet_rows(&conn, &raw);
    // A hand-out: no answer key in the file, none in its manifest.
    assert_eq!(count(&conn, "select count(*) from information_schema.tables where table_schema = 'truth'"), 0, "truth tables in a hand-out");
    assert!(manifest(&db_dir).tables.iter().all(|t| !t.is_truth()), "the manifest lists truth tables the file does not hold");
    // Nothing but the database and its manifest is left in the folder.
    let mut names: Vec<_> = std::fs::read_dir(&db_dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["manifest.json", "saaslab.duckdb"]);
    // And the views the other tests use work on it too.
    let views = duck(&db_dir);
    assert_eq!(count(&views, "select count(*) from app_accounts"), 400);

    // With --with-truth, every table, the answer key included.
    let full = dataset(&with(SMALL, &["--format", "duckdb", "--with-truth"]));
    let all: Vec<_> = parquet.tables.iter().collect();
    holds_the_parquet_rows(&open(&full), &all);
    assert_eq!(manifest(&full).tables.len(), parquet.tables.len());
}
