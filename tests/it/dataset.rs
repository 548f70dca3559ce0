//! What the dataset promises: exact counts, resolving keys, listed defects, readable files.

use crate::common::*;

#[test]
fn counts_are_exact_and_every_key_resolves() {
    let dir = scratch("integrity").join("data");
    generate(&dir, &["--customers", "600", "--locations", "1000", "--start", "2022-06-01", "--end", "2024-12-31", "--quiet"]);
    let m = manifest(&dir);
    assert_eq!(table(&m, "app.accounts").rows, 600);
    assert_eq!(table(&m, "app.locations").rows, 1000);
    let db = duck(&dir);
    assert_eq!(count(&db, "select count(distinct id) from app_accounts"), 600);
    assert_eq!(count(&db, "select count(distinct id) from app_locations"), 1000);
    // Heavy tail: most accounts have one location, some have many.
    assert!(count(&db, "select count(*) from (select account_id from app_locations group by 1 having count(*) = 1)") > 300);
    assert!(count(&db, "select max(n) from (select count(*) n from app_locations group by account_id)") >= 10);

    let orphans = |table: &str| format!("select key from truth_defects where table_name = '{table}' and kind = 'orphan'");
    let checks = [
        ("devices → locations", "select count(*) from app_devices d left join app_locations l on d.location_id = l.id where l.id is null".to_string()),
        ("devices → accounts (same as location's)", "select count(*) from app_devices d join app_locations l on d.location_id = l.id where d.account_id <> l.account_id".to_string()),
        ("devices → device_models", "select count(*) from app_devices d left join app_device_models m on d.device_model_id = m.id where m.id is null".to_string()),
        ("locations → accounts", "select count(*) from app_locations l left join app_accounts a on l.account_id = a.id where a.id is null".to_string()),
        ("users → accounts", "select count(*) from app_users u left join app_accounts a on u.account_id = a.id where a.id is null".to_string()),
        ("device_events → devices", format!("select count(*) from iot_device_events e left join app_devices d on e.device_id = d.id where d.id is null and e.event_id not in ({})", orphans("iot.device_events"))),
        ("pages → users", format!("select count(*) from segment_pages p left join app_users u on p.user_id = cast(u.id as varchar) where p.user_id is not null and u.id is null and p.id not in ({})", orphans("segment.pages"))),
        ("anonymous pages → an identified browser", "select count(*) from segment_pages p where p.user_id is null and p.anonymous_id not in (select anonymous_id from segment_identifies)".to_string()),
        ("tracks → users", "select count(*) from segment_tracks t left join app_users u on t.user_id = cast(u.id as varchar) where u.id is null".to_string()),
        ("screens → users", "select count(*) from segment_screens t left join app_users u on t.user_id = cast(u.id as varchar) where u.id is null".to_string()),
        ("identifies → users (and emails agree)", "select count(*) from segment_identifies i left join app_users u on i.user_id = cast(u.id as varchar) and i.email = u.email where u.id is null".to_string()),
        ("feature_usage → users", format!("select count(*) from app_feature_usage f left join app_users u on f.user_id = u.id where u.id is null and f.id not in ({})", orphans("app.feature_usage"))),
        ("truth → accounts", "select count(*) from truth_accounts t left join app_accounts a on t.account_id = a.id where a.id is null".to_string()),
    ];
    for (what, sql) in checks {
        assert_eq!(count(&db, &sql), 0, "unresolved keys: {what}");
    }
    // Listed orphans really are orphans, and every kind of defect the scenario asks for occurs.
    let listed_orphans_that_resolve = format!(
        "select count(*) from iot_device_events e join app_devices d on e.device_id = d.id where e.event_id in ({})",
        orphans("iot.device_events")
    );
    assert_eq!(count(&db, &listed_orphans_that_resolve), 0, "an event listed as orphan points at a real device");
    for kind in ["duplicate", "late_arrival", "soft_delete", "null"] {
        assert!(count(&db, &format!("select count(*) from truth_defects where kind = '{kind}'")) > 0, "no {kind} defects in baseline");
    }
    // Duplicates listed are real duplicates of the event id.
    let listed = count(&db, "select count(*) from truth_defects where table_name = 'iot.device_events' and kind = 'duplicate'");
    let actual = count(&db, "select count(*) - count(distinct event_id) from iot_device_events");
    assert_eq!(listed, actual, "duplicate device events listed in truth/defects vs found");
    let soft = count(&db, "select count(*) from app_devices where _fivetran_deleted");
    assert_eq!(soft, count(&db, "select count(*) from truth_defects where table_name = 'app.devices' and kind = 'soft_delete'"));
}

#[test]
fn clean_has_no_defects() {
    let dir = dataset(&with(SMALL, &["--scenario", "clean"]));
    let db = duck(&dir);
    assert_eq!(count(&db, "select count(*) from truth_defects"), 0);
    assert_eq!(count(&db, "select count(*) - count(distinct event_id) from iot_device_events"), 0);
    assert_eq!(count(&db, "select count(*) from app_users where _fivetran_deleted or first_name is null"), 0);
}

#[test]
fn csv_and_parquet_hold_the_same_rows() {
    let (pq, csv) = (dataset(SMALL), dataset(&with(SMALL, &["--format", "csv"])));
    let m = manifest(&pq);
    let db = duckdb::Connection::open_in_memory().unwrap();
    let mc = manifest(&csv);
    for t in &m.tables {
        let name = t.table.as_str();
        let list = |dir: &std::path::Path, m: &saaslab::dataset::Manifest| {
            table(m, name).files.iter().map(|f| format!("'{}'", dir.join(f).display())).collect::<Vec<_>>().join(", ")
        };
        let parquet = format!("read_parquet([{}])", list(&pq, &m));
        // Read the CSV with the Parquet file's column types, so nothing is left to inference.
        let mut stmt = db.prepare(&format!("select column_name, column_type from (describe select * from {parquet})")).unwrap();
        let columns: Vec<String> = stmt
            .query_map([], |r| Ok(format!("'{}': '{}'", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let csv_reader = format!("read_csv([{}], header = true, columns = {{{}}})", list(&csv, &mc), columns.join(", "));
        let rows = t.rows as i64;
        assert_eq!(count(&db, &format!("select count(*) from {csv_reader}")), rows, "{name}: row count differs");
        let missing = count(&db, &format!("select count(*) from (select * from {parquet} except all select * from {csv_reader})"));
        let extra = count(&db, &format!("select count(*) from (select * from {csv_reader} except all select * from {parquet})"));
        assert_eq!((missing, extra), (0, 0), "{name}: Parquet and CSV rows differ");
    }
}

#[test]
fn parquet_types_are_timestamps_without_zone_and_dates() {
    let dir = dataset(SMALL);
    let db = duck(&dir);
    let ty = |view: &str, col: &str| -> String {
        db.query_row(&format!("select column_type from (describe select * from {view}) where column_name = '{col}'"), [], |r| r.get(0)).unwrap()
    };
    assert_eq!(ty("iot_device_events", "event_ts"), "TIMESTAMP");
    assert_eq!(ty("app_accounts", "created_at"), "TIMESTAMP");
    assert_eq!(ty("truth_account_months", "month"), "DATE");
    assert_eq!(ty("app_accounts", "hubspot_company_id"), "BIGINT");
    assert!(count(&db, "select count(*) from app_accounts where stripe_customer_id not like 'cus\\_%' escape '\\'") == 0);
}

/// A manifest from a newer saaslab, or of a format this one does not write, is refused with
/// the file and what to do, not read as if it were ours.
#[test]
fn a_manifest_from_a_newer_saaslab_or_of_an_unknown_format_is_refused() {
    let root = scratch("manifest-checks");
    let original = std::fs::read_to_string(dataset(SMALL).join("manifest.json")).unwrap();
    for (name, from, to, expect) in [
        ("newer", "\"saaslab_version\": \"0.", "\"saaslab_version\": \"9.9.9\", \"was\": \"0.", "9.9.9"),
        ("xml", "\"format\": \"parquet\"", "\"format\": \"xml\"", "xml"),
    ] {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let edited = original.replacen(from, to, 1);
        assert_ne!(edited, original, "{name}: the edit did not apply");
        std::fs::write(dir.join("manifest.json"), edited).unwrap();
        for command in ["build", "test", "query"] {
            let mut args = vec![command, "--data", dir.to_str().unwrap()];
            if command == "query" {
                args.push("select 1");
            }
            let o = saaslab(&args);
            let err = String::from_utf8_lossy(&o.stderr);
            assert_eq!(o.status.code(), Some(2), "{name} {command}: {err}");
            assert!(err.contains(expect) && err.contains("manifest.json"), "{name} {command}: {err}");
        }
    }
}
