//! `saaslab load postgres`: against a real PostgreSQL server, which `.ci/run` starts and names
//! in SAASLAB_TEST_PG_URL. Without one, the test says it was skipped and why.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn server() -> Option<String> {
    match std::env::var("SAASLAB_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            println!("skipped: SAASLAB_TEST_PG_URL is not set (.ci/run starts a PostgreSQL server and sets it)");
            None
        }
    }
}

fn pg_count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap_or_else(|e| panic!("{sql}: {e}")).get(0)
}

fn table_counts(client: &mut postgres::Client, manifest: &serde_json::Value) -> Vec<(String, i64, i64)> {
    manifest["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            let name = t["table"].as_str().unwrap().to_string();
            let (schema, table) = name.split_once('.').unwrap();
            let n = pg_count(client, &format!("select count(*) from \"{schema}\".\"{table}\""));
            (name, t["rows"].as_i64().unwrap(), n)
        })
        .collect()
}

#[test]
fn loads_the_default_dataset_replaces_without_duplicates_and_survives_a_killed_load() {
    let Some(url) = server() else { return };
    let dir = scratch("postgres").join("data");
    generate(&dir, &["--quiet"]);
    let m = manifest(&dir);
    let load = |extra: &[&str]| {
        let mut args = vec!["load", "postgres", url.as_str(), "--data", dir.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        saaslab(&args)
    };
    let o = load(&[]);
    assert!(o.status.success(), "load failed: {}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    println!("loaded {} rows at {:.0} rows/s", summary["rows"], summary["rows_per_s"].as_f64().unwrap());

    let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for (name, expected, actual) in table_counts(&mut client, &m) {
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
    assert_eq!(pg_count(&mut client, "select count(*) from information_schema.table_constraints where constraint_type = 'PRIMARY KEY' and table_schema = 'stripe'"), 13);

    // Re-running replaces: still exactly the manifest's rows.
    assert!(load(&["--quiet"]).status.success());
    for (name, expected, actual) in table_counts(&mut client, &m) {
        assert_eq!(actual, expected, "{name}: rows after a second load");
    }

    // Kill the connection in the middle of a big table: every table keeps its earlier state.
    let child = Command::new(env!("CARGO_BIN_EXE_saaslab"))
        .args(["load", "postgres", url.as_str(), "--data", dir.to_str().unwrap(), "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut killed = 0;
    while killed == 0 && started.elapsed() < Duration::from_secs(300) {
        killed = pg_count(&mut client, "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity
            where query ilike 'copy%device_events__loading%' and pid <> pg_backend_pid()) t");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(killed, 1, "never saw the device events COPY to kill");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a killed load exits 2: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("iot.device_events"), "{}", String::from_utf8_lossy(&out.stderr));
    for (name, expected, actual) in table_counts(&mut client, &m) {
        assert_eq!(actual, expected, "{name}: rows after a killed load");
    }
    assert_eq!(pg_count(&mut client, "select count(*) from information_schema.tables where table_name like '%\\_\\_loading'"), 0, "a half-loaded table was left behind");
}

#[test]
fn a_wrong_url_or_missing_dataset_exits_2_with_a_clear_message() {
    let dir = scratch("postgres-errors").join("nothing");
    let o = saaslab(&["load", "postgres", "postgresql://nobody@127.0.0.1:1/none", "--data", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no dataset"), "{}", String::from_utf8_lossy(&o.stderr));
    let data = scratch("postgres-errors-data").join("data");
    generate(&data, SMALL);
    let o = saaslab(&["load", "postgres", "postgresql://nobody:secret@127.0.0.1:1/none", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("cannot connect to PostgreSQL") && !e.contains("secret"), "{e}");
    let o = saaslab(&["load", "postgres", "not a url", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
}
