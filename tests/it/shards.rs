//! `generate --shard K/N`: the union of the shards is the unsharded dataset, table by table and
//! row by row (the company-wide tables and `truth/` included); a shard is the same bytes on any
//! thread count and in any order of writing; a sharded dataset builds, tests and checks as the
//! whole does; and bad shard input is refused with exit 2, naming the shard and the mismatch.

use crate::common::*;
use std::path::Path;

/// Three parts of accounts (3,000 customers), over half a year: small, yet every N below cuts
/// it differently (N = 7 leaves some shards with no accounts at all).
const SHARDED: &[&str] = &["--customers", "3000", "--locations", "3500", "--start", "2024-07-01", "--end", "2024-12-31", "--quiet"];

fn shards(out: &Path, count: u64, order: &[u64], threads: &str) {
    for k in order {
        let spec = format!("{k}/{count}");
        generate(out, &with(SHARDED, &["--shard", &spec, "--threads", threads]));
    }
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_union_of_the_shards_is_the_whole_row_for_row() {
    let whole = dataset(SHARDED);
    let whole_manifest = manifest(&whole);
    for (count, order, threads) in [(2u64, vec![2, 1], "1"), (3, vec![3, 1, 2], "2"), (7, vec![4, 7, 1, 2, 3, 6, 5], "2")] {
        let root = scratch(&format!("shards-{count}"));
        shards(&root, count, &order, threads);
        let union = manifest(&root);
        assert_eq!(union.shards, Some(count));
        assert_eq!(union.tables.len(), whole_manifest.tables.len());
        for (u, w) in union.tables.iter().zip(&whole_manifest.tables) {
            assert_eq!((&u.table, u.rows, &u.content_hash), (&w.table, w.rows, &w.content_hash), "{} differs with {count} shards", w.table);
        }
        // Row for row, in the whole's order: numbered as read (file by file, shard by shard)
        // on both sides, the two tables hold the same numbered rows.
        let (a, b) = (duck(&root), duck(&whole));
        for t in &whole_manifest.tables {
            let view = t.table.replace('.', "_");
            let ordered = |conn: &duckdb::Connection| -> Vec<String> {
                let mut stmt = conn.prepare(&format!("select md5(cast(x as varchar)) from (select * from {view}) as x")).unwrap();
                stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(|r| r.unwrap()).collect()
            };
            assert!(ordered(&a) == ordered(&b), "{} is not the whole's rows in the whole's order with {count} shards", t.table);
        }
        // A part of the big tables is the same bytes whichever shard wrote it.
        for t in whole_manifest.tables.iter().filter(|t| t.files.iter().any(|f| f.contains("/part-"))) {
            let shard_files: Vec<&String> = union.tables.iter().find(|u| u.table == t.table).unwrap().files.iter().collect();
            for (s, w) in shard_files.iter().zip(&t.files) {
                assert_eq!(s.split_once('/').unwrap().1, w.as_str(), "{}: parts out of order", t.table);
                assert!(std::fs::read(root.join(s)).unwrap() == std::fs::read(whole.join(w)).unwrap(), "{s} is not the whole's {w}");
            }
        }
        println!("{count} shards written in the order {order:?} on {threads} threads: the union is the whole ({} tables)", union.tables.len());
    }
    // Any thread count, run to run: the same shard is the same bytes.
    let (one, two) = (scratch("shards-threads-1"), scratch("shards-threads-2"));
    generate(&one, &with(SHARDED, &["--shard", "2/3", "--threads", "1"]));
    generate(&two, &with(SHARDED, &["--shard", "2/3", "--threads", "2"]));
    assert!(all_files(&one.join("shard-2-of-3")) == all_files(&two.join("shard-2-of-3")), "shard 2/3 differs between 1 and 2 threads");
}

#[test]
fn a_sharded_dataset_builds_tests_and_checks_as_the_whole() {
    let whole = built(SHARDED);
    let root = scratch("shards-build");
    shards(&root, 3, &[1, 2, 3], "2");
    let o = saaslab(&["build", "--data", root.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = saaslab(&["test", "--data", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Every entity and mart equal, row for row (as multisets: EXCEPT ALL both ways).
    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!("attach '{}' as s (read_only); attach '{}' as w (read_only);", root.join("warehouse.duckdb").display(), whole.join("warehouse.duckdb").display())).unwrap();
    let mut stmt = conn.prepare("select table_name from information_schema.tables where table_catalog = 'w' and table_schema = 'main' and (table_name like 'entity_%' or table_name like 'finance_%' or table_name like 'customer_%' or table_name like 'iot_%' or table_name like 'marketing_%' or table_name like 'executive_%') order by 1").unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert!(tables.len() >= 10, "only {} entity and mart tables", tables.len());
    for t in &tables {
        let differ = count(&conn, &format!("select (select count(*) from (select * from s.main.{t} except all select * from w.main.{t})) + (select count(*) from (select * from w.main.{t} except all select * from s.main.{t}))"));
        assert_eq!(differ, 0, "{t} differs between the sharded and the whole dataset");
    }
    // A learner's check gives the same verdict on both.
    let solution = saaslab::exercise::Catalog::embedded().unwrap().find("1.1").unwrap().1.solution.clone();
    let file = root.join("solution-1.1.sql");
    std::fs::write(&file, solution).unwrap();
    for data in [&root, &whole] {
        let o = saaslab(&["check", "1.1", file.to_str().unwrap(), "--data", data.to_str().unwrap(), "--json", "--quick"]);
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", stderr(&o)));
        assert_eq!(report["passed"], true, "{report}");
    }
}

#[test]
fn bad_shards_are_refused_naming_the_shard() {
    let root = scratch("shards-bad");
    for bad in ["0/3", "4/3", "1/0", "x/y", "3"] {
        let o = saaslab(&with(&["generate", "--out", root.join("x").to_str().unwrap(), "--shard", bad], SHARDED));
        assert_eq!(o.status.code(), Some(2), "--shard {bad}: {}", stderr(&o));
        assert!(stderr(&o).contains(&format!("--shard {bad}")), "{}", stderr(&o));
    }
    let o = saaslab(&with(&["generate", "--out", root.join("y").to_str().unwrap(), "--shard", "1/2", "--format", "duckdb"], SHARDED));
    assert_eq!(o.status.code(), Some(2));
    // A shard of another seed mixed in: the last one to land names it and the seed.
    let mixed = root.join("mixed");
    generate(&mixed, &with(SHARDED, &["--shard", "1/2"]));
    let o = saaslab(&with(&["generate", "--out", mixed.to_str().unwrap(), "--shard", "2/2", "--seed", "7"], SHARDED));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("shard-2-of-2") && stderr(&o).contains("seed 7"), "{}", stderr(&o));
    assert!(!mixed.join("manifest.json").exists(), "a mixed folder became a dataset");
    // A shard of another cut.
    let o = saaslab(&with(&["generate", "--out", mixed.to_str().unwrap(), "--shard", "1/3"], SHARDED));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("shard-1-of-3 is shard 1 of 3") && stderr(&o).contains("shards of 2"), "{}", stderr(&o));
    let o = saaslab(&["merge-manifests", mixed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Missing shards are named; an unsharded dataset is not overwritten by shards.
    let half = root.join("half");
    generate(&half, &with(SHARDED, &["--shard", "2/3"]));
    let o = saaslab(&["merge-manifests", half.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("1/3, 3/3"), "{}", stderr(&o));
    let plain = root.join("plain");
    generate(&plain, &with(SHARDED, &[]));
    let o = saaslab(&with(&["generate", "--out", plain.to_str().unwrap(), "--shard", "1/2"], SHARDED));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not sharded"), "{}", stderr(&o));
}
