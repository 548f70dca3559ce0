//! Real dbt agrees: dbt-core with dbt-duckdb builds `pipeline/` on the same dataset, all its
//! tests pass, and every entity and mart table equals saaslab's row for row.
//!
//! Needs a dbt executable: `.ci/run` makes a Python venv with `dbt-core<1.12` and `dbt-duckdb`
//! and sets SAASLAB_TEST_DBT to it. Without it the test says it was skipped and why.

use crate::common::*;
use std::process::Command;

#[test]
fn real_dbt_builds_the_same_entities_and_marts() {
    let Some(dbt) = service("SAASLAB_TEST_DBT", "the comparison with real dbt (a dbt executable with dbt-duckdb)") else { return };
    let root = scratch("dbt-compare");
    let data = built(SMALL);

    let target = root.join("dbt.duckdb");
    std::fs::write(
        root.join("profiles.yml"),
        format!("saaslab:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: '{}'\n      threads: 2\n", target.display()),
    )
    .unwrap();
    let m = manifest(&data);
    let vars = format!(
        "{{data_dir: '{}', start_date: '{}', as_of_date: '{}'}}",
        data.canonicalize().unwrap().display(),
        m.scenario.dates.start,
        m.scenario.dates.end
    );
    let project = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pipeline");
    let o = Command::new(&dbt)
        .args(["build", "--project-dir", project.to_str().unwrap(), "--profiles-dir", root.to_str().unwrap()])
        .args(["--target-path", root.join("target").to_str().unwrap(), "--log-path", root.join("logs").to_str().unwrap()])
        .args(["--vars", &vars])
        .env("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        .output()
        .expect("dbt runs");
    let out = String::from_utf8_lossy(&o.stdout);
    println!("{}", out.lines().filter(|l| l.contains("Done.")).collect::<Vec<_>>().join("\n"));
    assert!(o.status.success(), "dbt build failed:\n{out}\n{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.contains("ERROR=0"), "{out}");

    let conn = duckdb::Connection::open_in_memory().unwrap();
    conn.execute_batch(&format!(
        "attach '{}' as ours (read_only); attach '{}' as theirs (read_only);",
        data.join("warehouse.duckdb").display(),
        target.display()
    ))
    .unwrap();
    let mut stmt = conn
        .prepare(
            "select table_name from information_schema.tables where table_catalog = 'ours' and table_schema = 'main'
             and regexp_matches(table_name, '^(entity|executive|finance|customer|marketing|iot)_') order by 1",
        )
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(tables.len() >= 13, "{tables:?}");
    for t in &tables {
        let rows = count(&conn, &format!("select count(*) from ours.main.{t}"));
        let only_ours = count(&conn, &format!("select count(*) from (select * from ours.main.{t} except all select * from theirs.main.{t})"));
        let only_theirs = count(&conn, &format!("select count(*) from (select * from theirs.main.{t} except all select * from ours.main.{t})"));
        println!("{t}: {rows} rows, {only_ours} only in saaslab's, {only_theirs} only in dbt's");
        assert_eq!((only_ours, only_theirs), (0, 0), "{t} differs between saaslab build and dbt build");
    }
}

/// `saaslab export dbt OUT` writes a project that real dbt builds with every test passing, from
/// the folder itself (its profiles.yml, its vars pointed at the dataset).
#[test]
fn an_exported_project_builds_under_real_dbt() {
    let root = scratch("dbt-export");
    let data = dataset(SMALL);
    let out = root.join("project");
    let o = saaslab(&["export", "dbt", out.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["dbt_project.yml", "profiles.yml", "README.md", "macros/business_logic.sql", "models/entities/entity_customers.sql"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // A second export into the same folder needs --force; a CSV dataset is refused.
    let o = saaslab(&["export", "dbt", out.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    // Portable: no absolute path to this machine in what dbt reads.
    for f in ["dbt_project.yml", "profiles.yml"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!text.contains(root.to_str().unwrap()) && !text.contains(data.to_str().unwrap()), "{f} holds an absolute path:\n{text}");
    }

    let Some(dbt) = service("SAASLAB_TEST_DBT", "the dbt run of the exported project") else { return };
    dbt_build_passes(&dbt, &out, "the export");
    assert!(out.join("dbt.duckdb").is_file());
}

/// CSV, DuckDB and sharded datasets export too: the sources read `.csv` files, the tables of the
/// dataset's DuckDB file attached in `profiles.yml`, or every shard's files; the project, moved together with its
/// dataset to another folder, still builds under real dbt with every test passing.
#[test]
fn csv_and_duckdb_datasets_export_and_move_with_their_project() {
    let root = scratch("dbt-export-formats");
    let tiny = ["--customers", "40", "--locations", "60", "--start", "2025-01-01", "--quiet"];
    // A sharded Parquet dataset (`generate --shard`) too: its sources glob over the shards.
    for format in ["csv", "duckdb", "sharded"] {
        let place = root.join(format!("{format}-before"));
        let data = place.join("data");
        let runs: Vec<Vec<&str>> = match format {
            "sharded" => vec![vec!["--shard", "2/2"], vec!["--shard", "1/2"]],
            _ => vec![vec!["--format", format]],
        };
        for extra in runs {
            let o = saaslab(&with(&with(&["generate", "--out", data.to_str().unwrap()], &tiny), &extra));
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let out = place.join("project");
        let o = saaslab(&["export", "dbt", out.to_str().unwrap(), "--data", data.to_str().unwrap()]);
        assert!(o.status.success(), "{format}: {}", String::from_utf8_lossy(&o.stderr));
        let sources = std::fs::read_to_string(out.join("models/sources/app.yml")).unwrap();
        match format {
            "sharded" => assert!(sources.contains("/shard-*-of-2/raw/app/"), "{sources}"),
            _ => assert!(!sources.contains("read_parquet"), "{format}: {sources}"),
        }
        // Hand the pair on: a new folder, the same relative layout.
        let moved = root.join(format!("{format}-after"));
        std::fs::rename(&place, &moved).unwrap();
        let Some(dbt) = service("SAASLAB_TEST_DBT", "the dbt run of the exported CSV and DuckDB projects") else { continue };
        dbt_build_passes(&dbt, &moved.join("project"), &format!("the moved {format} export"));
    }
}

/// `export dbt` onto a file says so, with or without --force.
#[test]
fn exporting_onto_a_file_says_it_is_a_file() {
    let root = scratch("dbt-export-file");
    let file = root.join("afile");
    std::fs::write(&file, "keep").unwrap();
    let data = dataset(SMALL);
    for extra in [&[][..], &["--force"][..]] {
        let o = saaslab(&with(&["export", "dbt", file.to_str().unwrap(), "--data", data.to_str().unwrap()], extra));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("is a file, not a folder"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

/// `saaslab ls --select` resolves dbt's selection grammar as `dbt ls` does on the same project:
/// the same models, and as many resources in all (tests by indirect selection, sources), for
/// the selectors people write daily.
#[test]
fn saaslab_ls_selects_what_dbt_ls_selects() {
    let Some(dbt) = service("SAASLAB_TEST_DBT", "the selection comparison with real dbt (a dbt executable)") else { return };
    let root = scratch("dbt-ls");
    std::fs::write(root.join("profiles.yml"), format!("saaslab:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: '{}'\n", root.join("x.duckdb").display())).unwrap();
    let project = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pipeline");
    let cases: [(&str, &str); 9] = [
        ("+int_customers__daily_metrics", ""),
        ("entity_customers+", ""),
        ("2+finance_mrr_movements", ""),
        ("entity_customers+1 stg_app__users", ""),
        ("tag:staging,config.materialized:view", ""),
        ("path:models/staging/stripe", ""),
        ("source:stripe+1", ""),
        ("@int_iot__device_events", ""),
        ("tag:marts", "executive_customer_health_kpis"),
    ];
    for (select, exclude) in cases {
        let mut dbt_args = vec!["ls", "-q", "--output", "name", "--select", select];
        let mut ours = vec!["ls", "--select", select];
        if !exclude.is_empty() {
            dbt_args.extend(["--exclude", exclude]);
            ours.extend(["--exclude", exclude]);
        }
        let o = Command::new(&dbt)
            .args(&dbt_args)
            .args(["--project-dir", project.to_str().unwrap(), "--profiles-dir", root.to_str().unwrap()])
            .args(["--target-path", root.join("target").to_str().unwrap(), "--log-path", root.join("logs").to_str().unwrap()])
            .args(["--vars", "{data_dir: '.', start_date: '2024-01-01', as_of_date: '2024-12-31'}"])
            .env("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
            .output()
            .expect("dbt runs");
        assert!(o.status.success(), "dbt ls {select}: {}", String::from_utf8_lossy(&o.stdout));
        let theirs: Vec<String> = String::from_utf8_lossy(&o.stdout).lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
        let o = saaslab(&ours);
        assert!(o.status.success(), "saaslab ls {select}: {}", String::from_utf8_lossy(&o.stderr));
        let lines: Vec<Vec<String>> = String::from_utf8_lossy(&o.stdout).lines().map(|l| l.split_whitespace().map(str::to_string).collect()).collect();
        let our_models: std::collections::BTreeSet<&str> = lines.iter().filter(|l| l[0] == "model").map(|l| l[1].as_str()).collect();
        let their_models: std::collections::BTreeSet<&str> = theirs.iter().map(String::as_str).filter(|n| our_models.contains(n) || n.starts_with("stg_") || n.starts_with("int_") || n.starts_with("entity_") || ["finance_", "customer_", "executive_", "marketing_", "iot_"].iter().any(|p| n.starts_with(p))).collect();
        println!("{select} {exclude}: dbt {} resources ({} models), saaslab {} ({} models)", theirs.len(), their_models.len(), lines.len(), our_models.len());
        assert_eq!(our_models, their_models, "models selected by `{select}` (exclude `{exclude}`)");
        assert_eq!(lines.len(), theirs.len(), "resources selected by `{select}` (exclude `{exclude}`):\nsaaslab: {lines:?}\ndbt: {theirs:?}");
    }
}

/// dbt-postgres builds the same pipeline on a PostgreSQL database that `saaslab load postgres`
/// filled, from the project `saaslab export dbt --target postgres` writes: every model builds,
/// every data test passes, and every entity and mart table equals saaslab's own build row for
/// row — counts, cents, dates, timestamps and text exactly, floating point within 1e-9 (the
/// rates and scores are rounded through DECIMAL, so the engines agree to the digit).
#[test]
fn dbt_postgres_builds_the_same_entities_and_marts() {
    let Some(url) = service("SAASLAB_TEST_PG_URL", "the dbt-postgres comparison (a PostgreSQL server)") else { return };
    let Some(dbt) = service("SAASLAB_TEST_DBT", "the dbt-postgres comparison (a dbt executable with dbt-postgres)") else { return };
    let root = scratch("dbt-postgres");
    let data = built(SMALL);

    // A database of its own, so that the load tests on the server's default one run beside it.
    let database = "saaslab_dbt_postgres";
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("drop database if exists {database} with (force)")).unwrap();
    admin.batch_execute(&format!("create database {database}")).unwrap();
    let (server, _) = url.rsplit_once('/').expect("a URL ending in /database");
    let db_url = format!("{server}/{database}");
    let o = saaslab(&["load", "postgres", &db_url, "--data", data.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "load failed: {}", String::from_utf8_lossy(&o.stderr));

    let project = root.join("project");
    let o = saaslab(&["export", "dbt", project.to_str().unwrap(), "--data", data.to_str().unwrap(), "--target", "postgres", "--url", &db_url]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let profile = std::fs::read_to_string(project.join("profiles.yml")).unwrap();
    assert!(profile.contains("type: postgres") && profile.contains(&format!("dbname: \"{database}\"")), "{profile}");
    dbt_build_passes(&dbt, &project, "dbt-postgres");

    let mut theirs = postgres::Client::connect(&db_url, postgres::NoTls).unwrap();
    assert_same_entities_and_marts(&data, "dbt-postgres", |table, columns| {
        let select = columns.iter().map(|c| format!("\"{c}\"::text")).collect::<Vec<_>>().join(", ");
        theirs
            .query(&format!("select {select} from main.{table}"), &[])
            .unwrap()
            .iter()
            .map(|r| (0..columns.len()).map(|i| r.get::<_, Option<String>>(i)).collect())
            .collect()
    });

    // A second run takes the incremental path of the event model (dbt-postgres's own strategy
    // with unique_key event_id): nothing new arrived, so the table keeps exactly its rows.
    let events = |client: &mut postgres::Client| -> (i64, i64) {
        let row = client.query_one("select count(*), count(distinct event_id) from main.int_iot__device_events", &[]).unwrap();
        (row.get(0), row.get(1))
    };
    let before = events(&mut theirs);
    let o = dbt_in(&dbt, &project, &["run", "--select", "int_iot__device_events"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && out.contains("incremental model main.int_iot__device_events"), "incremental run failed:\n{out}");
    assert_eq!(events(&mut theirs), before, "an incremental run with nothing new changed the event table");
    assert_eq!(before.0, before.1, "event ids repeat in int_iot__device_events");
}

/// dbt-spark builds the same pipeline on a local Spark (PySpark `local[*]`, `method: session`)
/// reading a three-shard Parquet dataset in place, from the project `saaslab export dbt --target
/// spark` writes: every model builds, every data test passes, and every entity and mart table
/// (Parquet in the project's `spark-warehouse/`) equals saaslab's own build of the same sharded
/// dataset, with the same rule as the PostgreSQL comparison. A small dataset: Spark's start-up
/// and per-query overhead dominate.
#[test]
fn dbt_spark_builds_the_same_entities_and_marts_on_a_sharded_dataset() {
    let Some(dbt) = service("SAASLAB_TEST_DBT_SPARK", "the dbt-spark comparison (dbt with dbt-spark[session] and Java)") else { return };
    let root = scratch("dbt-spark");
    let data = root.join("data");
    for shard in ["3/3", "1/3", "2/3"] {
        let o = saaslab(&["generate", "--out", data.to_str().unwrap(), "--customers", "150", "--locations", "225", "--start", "2024-01-01", "--end", "2024-12-31", "--shard", shard, "--quiet"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = saaslab(&["build", "--data", data.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let project = root.join("project");
    let o = saaslab(&["export", "dbt", project.to_str().unwrap(), "--data", data.to_str().unwrap(), "--target", "spark"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sources = std::fs::read_to_string(project.join("macros/spark_sources.sql")).unwrap();
    assert!(sources.contains("('iot', 'device_events', 'shard-*-of-3/raw/iot/device_events/*.parquet')"), "{sources}");
    dbt_build_passes(&dbt, &project, "dbt-spark");

    let tables = duckdb::Connection::open_in_memory().unwrap();
    let warehouse = project.join("spark-warehouse/main.db");
    assert_same_entities_and_marts(&data, "dbt-spark", |table, columns| {
        let select = columns.iter().map(|c| format!("cast(\"{c}\" as varchar)")).collect::<Vec<_>>().join(", ");
        let mut stmt = tables.prepare(&format!("select {select} from read_parquet('{}/{table}/*.parquet')", warehouse.display())).unwrap();
        stmt.query_map([], |r| (0..columns.len()).map(|i| r.get::<_, Option<String>>(i)).collect()).unwrap().map(Result::unwrap).collect()
    });
}

/// `dbt ARGS --profiles-dir .` run from an exported project's folder, as its README says.
fn dbt_in(dbt: &str, project: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(dbt)
        .args(args)
        .args(["--profiles-dir", "."])
        .current_dir(project)
        .env("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
        .output()
        .expect("dbt runs")
}

/// `dbt build` in an exported project builds every model and passes every test; prints dbt's
/// closing line.
fn dbt_build_passes(dbt: &str, project: &std::path::Path, what: &str) {
    let o = dbt_in(dbt, project, &["build"]);
    let out = String::from_utf8_lossy(&o.stdout);
    println!("{what}: {}", out.lines().filter(|l| l.contains("Done.")).collect::<Vec<_>>().join("\n"));
    assert!(o.status.success() && out.contains("ERROR=0"), "dbt build on {what} failed:\n{out}");
}

/// Every entity and mart table of saaslab's build of `data` equals the other engine's, value by
/// value: counts, cents, dates, timestamps and text exactly, floating point within 1e-9
/// relative. `theirs(table, columns)` gives the other engine's rows, each value as text.
fn assert_same_entities_and_marts(data: &std::path::Path, engine: &str, mut theirs: impl FnMut(&str, &[String]) -> Vec<Vec<Option<String>>>) {
    // Read-only, beside the other tests that read a shared build.
    let ours = duckdb::Connection::open_in_memory().unwrap();
    ours.execute_batch(&format!("attach '{}' as ours (read_only)", data.join("warehouse.duckdb").display())).unwrap();
    let tables: Vec<String> = ours
        .prepare(
            "select table_name from information_schema.tables where table_catalog = 'ours' and table_schema = 'main'
             and regexp_matches(table_name, '^(entity|executive|finance|customer|marketing|iot)_') order by 1",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(tables.len() >= 13, "{tables:?}");
    for table in &tables {
        let columns: Vec<(String, String)> = ours
            .prepare(&format!("select column_name, data_type from information_schema.columns where table_catalog = 'ours' and table_schema = 'main' and table_name = '{table}' order by ordinal_position"))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let kinds: Vec<Kind> = columns.iter().map(|(_, t)| Kind::of(t)).collect();
        let names: Vec<String> = columns.iter().map(|(c, _)| c.clone()).collect();
        let select = names.iter().map(|c| format!("cast(\"{c}\" as varchar)")).collect::<Vec<_>>().join(", ");
        let mine: Vec<Vec<Option<String>>> = ours
            .prepare(&format!("select {select} from ours.main.{table}"))
            .unwrap()
            .query_map([], |r| (0..columns.len()).map(|i| r.get::<_, Option<String>>(i)).collect())
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let (mine, other) = (canonical_rows(mine, &kinds), canonical_rows(theirs(table, &names), &kinds));
        println!("{table}: {} rows in saaslab's build, {} in {engine}'s", mine.len(), other.len());
        assert_eq!(mine.len(), other.len(), "{table}: row counts differ between saaslab and {engine}");
        for (a, b) in mine.iter().zip(&other) {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let same = match (x, y) {
                    (Value::Float(x), Value::Float(y)) => (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                    _ => x == y,
                };
                assert!(same, "{table}.{}: saaslab has {x:?}, {engine} {y:?}\nrow (saaslab): {a:?}\nrow ({engine}): {b:?}", names[i]);
            }
        }
    }
}

/// How a column compares across engines, from its DuckDB type.
#[derive(Clone, Copy)]
enum Kind {
    /// DOUBLE, FLOAT: within a tolerance.
    Float,
    /// Integers and DECIMAL: the same number (`12.5` and `12.50` are equal).
    Exact,
    Boolean,
    /// Dates, timestamps, text: as PostgreSQL and DuckDB print them (alike for these types).
    Text,
}

impl Kind {
    fn of(duckdb_type: &str) -> Kind {
        match duckdb_type {
            "DOUBLE" | "FLOAT" => Kind::Float,
            "BOOLEAN" => Kind::Boolean,
            t if t.starts_with("DECIMAL") || t.ends_with("INT") || ["BIGINT", "INTEGER", "HUGEINT"].contains(&t) => Kind::Exact,
            _ => Kind::Text,
        }
    }
}

#[derive(Debug, PartialEq, PartialOrd)]
enum Value {
    Null,
    Float(f64),
    Number(f64),
    Text(String),
}

/// Rows as comparable values, sorted: by every column, floats last and coarsely (so that a
/// float's last bits cannot reorder rows the other columns already tell apart).
fn canonical_rows(rows: Vec<Vec<Option<String>>>, kinds: &[Kind]) -> Vec<Vec<Value>> {
    let mut rows: Vec<Vec<Value>> = rows
        .into_iter()
        .map(|row| {
            row.into_iter()
                .zip(kinds)
                .map(|(v, kind)| match (v, kind) {
                    (None, _) => Value::Null,
                    (Some(v), Kind::Float) => Value::Float(v.parse().unwrap_or_else(|_| panic!("not a number: {v}"))),
                    (Some(v), Kind::Exact) => Value::Number(v.parse().unwrap_or_else(|_| panic!("not a number: {v}"))),
                    (Some(v), Kind::Boolean) => Value::Text(if v == "t" || v == "true" { "true".into() } else { "false".into() }),
                    (Some(v), Kind::Text) => Value::Text(v),
                })
                .collect()
        })
        .collect();
    let key = |row: &Vec<Value>| {
        let exact: Vec<String> = row.iter().filter(|v| !matches!(v, Value::Float(_))).map(|v| format!("{v:?}")).collect();
        let floats: Vec<String> = row.iter().filter_map(|v| if let Value::Float(f) = v { Some(format!("{f:.6}")) } else { None }).collect();
        (exact, floats)
    };
    rows.sort_by_cached_key(key);
    rows
}

/// `export dbt --target` refuses what cannot work, with exit 2 and what to do: postgres without
/// the database's URL, a URL for an engine that reads files, a URL that is not one, Spark on a
/// dataset that is not Parquet. Nothing is written then.
#[test]
fn export_targets_refuse_what_cannot_work() {
    let root = scratch("dbt-export-targets");
    let parquet = dataset(SMALL);
    let csv = dataset(&with(SMALL, &["--format", "csv"]));
    let cases: [(&std::path::Path, &[&str], &str); 4] = [
        (&parquet, &["--target", "postgres"], "--target postgres needs --url"),
        (&parquet, &["--target", "spark", "--url", "postgresql://me@localhost/x"], "--url is for --target postgres"),
        (&parquet, &["--target", "postgres", "--url", "host=x port=notaport"], "not a PostgreSQL connection string"),
        (&csv, &["--target", "spark"], "--target spark reads a Parquet dataset"),
    ];
    for (i, (data, extra, message)) in cases.into_iter().enumerate() {
        let out = root.join(format!("project-{i}"));
        let o = saaslab(&with(&["export", "dbt", out.to_str().unwrap(), "--data", data.to_str().unwrap()], extra));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(message), "{extra:?}: {err}");
        assert!(!out.join("profiles.yml").exists(), "{extra:?} wrote a project");
    }
    // Spark reads a path quoted in backticks: a dataset folder with one in its name is refused.
    let odd = root.join("odd`name").join("data");
    let o = saaslab(&["generate", "--out", odd.to_str().unwrap(), "--customers", "20", "--locations", "30", "--start", "2025-06-01", "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = saaslab(&["export", "dbt", root.join("odd-project").to_str().unwrap(), "--data", odd.to_str().unwrap(), "--target", "spark"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("backticks"), "{err}");
    // The password in a URL stays out of the project.
    let out = root.join("pg");
    let o = saaslab(&["export", "dbt", out.to_str().unwrap(), "--data", parquet.to_str().unwrap(), "--target", "postgres", "--url", "postgresql://ana:s3cret@db.example:6543/class"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["profiles.yml", "README.md", "dbt_project.yml"] {
        assert!(!std::fs::read_to_string(out.join(f)).unwrap().contains("s3cret"), "{f} holds the password");
    }
}
