//! `saaslab load postgres`: against a real PostgreSQL server, which `scripts/test` starts and
//! names in SAASLAB_TEST_PG_URL. Without one the test fails in CI and says it was skipped
//! elsewhere.

use crate::common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server() -> Option<String> {
    service("SAASLAB_TEST_PG_URL", "the PostgreSQL load tests (a server to load into)")
}

fn pg_count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
}

/// (table, rows in the manifest, rows in PostgreSQL) of every table a load without
/// `--with-truth` holds (every table `with_truth`).
fn table_counts(client: &mut postgres::Client, manifest: &saaslab::dataset::Manifest, with_truth: bool) -> Vec<(String, i64, i64)> {
    manifest
        .tables
        .iter()
        .filter(|t| with_truth || !t.is_truth())
        .map(|t| {
            let (schema, table) = t.schema_and_name();
            let n = pg_count(client, &format!("select count(*) from \"{schema}\".\"{table}\""));
            (t.table.clone(), t.rows as i64, n)
        })
        .collect()
}

#[test]
fn loads_the_default_dataset_replaces_without_duplicates_and_survives_a_killed_load() {
    let Some(url) = server() else { return };
    let dir = dataset(CANONICAL);
    let whole = manifest(&dir);
    let m = &whole;
    let load = |data: &std::path::Path, extra: &[&str]| {
        let mut args = vec!["load", "postgres", url.as_str(), "--data", data.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        saaslab(&args)
    };
    let o = load(&dir, &["--with-truth"]);
    assert!(o.status.success(), "load failed: {}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    println!("loaded {} rows at {:.0} rows/s", summary["rows"], summary["rows_per_s"].as_f64().unwrap());

    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for (name, expected, actual) in table_counts(&mut client, m, true) {
        assert_eq!(actual, expected, "{name}: rows in PostgreSQL");
    }
    // A few aggregates agree with DuckDB's answer on the Parquet.
    let duck = duck(&dir);
    for (pg_sql, duck_sql) in [
        ("select sum(total)::bigint from stripe.invoice", "select sum(total)::bigint from stripe_invoice"),
        ("select count(*) from app.devices where status = 'active'", "select count(*) from app_devices where status = 'active'"),
        ("select count(distinct event_id) from iot.device_events", "select count(distinct event_id) from iot_device_events"),
        ("select count(*) from app.accounts where created_at >= timestamp '2024-01-01'", "select count(*) from app_accounts where created_at >= timestamp '2024-01-01'"),
    ] {
        assert_eq!(pg_count(&mut client, pg_sql), count(&duck, duck_sql), "{pg_sql}");
    }
    assert_eq!(pg_count(&mut client, "select count(*) from information_schema.table_constraints where constraint_type = 'PRIMARY KEY' and table_schema = 'stripe'"), 14);

    // Loading again replaces (a small dataset, so that the test stays quick): exactly the
    // new manifest's rows, none of the old.
    let small = dataset(SMALL);
    let m = &manifest(&small);
    // Without --with-truth the answer key is left out, and the first load's is dropped.
    assert!(load(&small, &["--quiet"]).status.success());
    for (name, expected, actual) in table_counts(&mut client, m, false) {
        assert_eq!(actual, expected, "{name}: rows after a second load");
    }
    assert_eq!(pg_count(&mut client, "select count(*) from information_schema.schemata where schema_name = 'truth'"), 0, "the answer key is still in the database");

    // Kill the connection in the middle of a big table (loading the default dataset over the
    // small one): all or nothing — every table is still the small dataset's.
    let child = Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache())
        .args(["load", "postgres", url.as_str(), "--data", dir.to_str().unwrap(), "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut killed = 0;
    while killed == 0 && started.elapsed() < Duration::from_secs(300) {
        killed = pg_count(&mut client, "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity
            where query ilike 'copy%iot__loading%device_events%' and pid <> pg_backend_pid()) t");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(killed, 1, "never saw the device events COPY to kill");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a killed load exits 2: {}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("iot.device_events") && err.contains("nothing was replaced"), "{err}");
    for (name, expected, actual) in table_counts(&mut client, m, false) {
        assert_eq!(actual, expected, "{name}: rows after a killed load");
    }
    assert_eq!(pg_count(&mut client, "select count(*) from information_schema.tables where table_schema not like '%\\_\\_loading' and table_name like '%\\_\\_loading'"), 0, "a half-loaded table is among the live ones");
    // The next load clears what the killed one left in its staging schemas.
    assert!(load(&small, &["--quiet"]).status.success());
    assert_eq!(pg_count(&mut client, "select count(*) from information_schema.schemata where schema_name like '%\\_\\_loading'"), 0, "staging schemas left after a good load");
}

#[test]
fn a_wrong_url_or_missing_dataset_exits_2_with_a_clear_message() {
    let dir = scratch("postgres-errors").join("nothing");
    let o = saaslab(&["load", "postgres", "postgresql://nobody@127.0.0.1:1/none", "--data", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no dataset"), "{}", String::from_utf8_lossy(&o.stderr));
    let data = dataset(SMALL);
    let o = saaslab(&["load", "postgres", "postgresql://nobody:secret@127.0.0.1:1/none", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("cannot connect to PostgreSQL") && !e.contains("secret"), "{e}");
    let o = saaslab(&["load", "postgres", "not a url", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A refused connection says what the server said (no such database, no such role), and no
/// form of connection string shows its password.
#[test]
fn a_refused_connection_gives_the_servers_reason_without_the_password() {
    let Some(url) = server() else { return };
    let data = dataset(SMALL);
    let (base, _) = url.rsplit_once('/').unwrap();
    let port = base.rsplit_once(':').unwrap().1;
    let cases = [
        (format!("{base}/no_such_db"), "database \"no_such_db\" does not exist"),
        (base.replace("postgres@", "nobody_here:Secret123@") + "/postgres", "role \"nobody_here\" does not exist"),
        (format!("host=127.0.0.1 port={port} user=postgres password=WrongPass999 dbname=no_such_db"), "does not exist"),
    ];
    for (target, reason) in cases {
        let o = saaslab(&["load", "postgres", &target, "--data", data.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(reason), "{target}: {err}");
        assert!(!err.contains("Secret123") && !err.contains("WrongPass999"), "a password is shown: {err}");
    }
}
