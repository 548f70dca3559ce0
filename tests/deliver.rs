//! Delivering the data where people use it: one DuckDB file with a schema per source.

mod common;
use common::*;

#[test]
fn the_duckdb_file_holds_the_parquet_outputs_rows() {
    let root = scratch("deliver-duckdb");
    let (pq, db_dir) = (root.join("pq"), root.join("db"));
    generate(&pq, SMALL);
    let mut args = SMALL.to_vec();
    args.extend(["--format", "duckdb"]);
    generate(&db_dir, &args);
    let parquet = manifest(&pq);
    let conn = duckdb::Connection::open_with_flags(
        db_dir.join("saaslab.duckdb"),
        duckdb::Config::default().access_mode(duckdb::AccessMode::ReadOnly).unwrap(),
    )
    .unwrap();
    let tables = parquet["tables"].as_array().unwrap();
    assert!(tables.len() > 50);
    for t in tables {
        let name = t["table"].as_str().unwrap();
        // Re-hash every row as DuckDB hands it back, the way generate hashed what it wrote.
        let mut stmt = conn.prepare(&format!("select * from {name}")).unwrap();
        let mut hash = saaslab::sink::hash::ContentHash::default();
        let mut rows = 0;
        for batch in stmt.query_arrow([]).unwrap() {
            rows += batch.num_rows() as u64;
            hash.add(saaslab::sink::hash::hash_batch(&batch));
        }
        assert_eq!(rows, t["rows"].as_u64().unwrap(), "{name}: rows");
        assert_eq!(hash.hex(), t["content_hash"].as_str().unwrap(), "{name}: content differs from the Parquet output");
    }
    // Nothing but the database and its manifest is left in the folder.
    let mut names: Vec<_> = std::fs::read_dir(&db_dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["manifest.json", "saaslab.duckdb"]);
    // And the views the other tests use work on it too.
    let views = duck(&db_dir);
    assert_eq!(count(&views, "select count(*) from app_accounts"), 400);
}
