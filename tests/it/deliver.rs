//! Delivering the data where people use it: one DuckDB file with a schema per source.

use crate::common::*;

#[test]
fn the_duckdb_file_holds_the_parquet_outputs_rows() {
    let (pq, db_dir) = (dataset(SMALL), dataset(&with(SMALL, &["--format", "duckdb"])));
    let parquet = manifest(&pq);
    let conn = duckdb::Connection::open_with_flags(
        db_dir.join("saaslab.duckdb"),
        duckdb::Config::default().access_mode(duckdb::AccessMode::ReadOnly).unwrap(),
    )
    .unwrap();
    let tables = &parquet.tables;
    assert!(tables.len() > 50);
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
    // Nothing but the database and its manifest is left in the folder.
    let mut names: Vec<_> = std::fs::read_dir(&db_dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["manifest.json", "saaslab.duckdb"]);
    // And the views the other tests use work on it too.
    let views = duck(&db_dir);
    assert_eq!(count(&views, "select count(*) from app_accounts"), 400);
}
