//! Library-level checks that need no binary: the table declarations and the generation plan
//! that follows from them.

use saaslab::scenario;
use saaslab::sim::{self, census, Context};
use saaslab::tables::{all_specs, Tables};
use std::collections::BTreeSet;

fn small_world() -> scenario::Scenario {
    let mut s = scenario::load("baseline").unwrap();
    s.counts.customers = 30;
    s.counts.locations = 40;
    s.dates.start = scenario::Day(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    s.dates.end = scenario::Day(chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
    s
}

#[test]
fn every_table_is_declared_once_with_a_key_its_schema_has() {
    let specs = all_specs();
    let names: BTreeSet<String> = specs.iter().map(|s| s.qualified()).collect();
    assert_eq!(names.len(), specs.len(), "a table is declared twice");
    assert_eq!(specs.len(), 61);
    for s in &specs {
        let schema = (s.schema)();
        for k in s.key {
            assert!(schema.field_with_name(k).is_ok(), "{}: key column {k} is not a column", s.qualified());
        }
        assert!(!(s.parts && s.global), "{}: a global table is written by the main thread, not in parts", s.qualified());
        assert!(s.area != "truth" || s.key.is_empty(), "{}: truth tables have no source key", s.qualified());
    }
    // The PostgreSQL load takes its keys from the same declarations.
    assert_eq!(saaslab::load::postgres::primary_key("stripe.subscription_history"), Some(&["id", "_fivetran_start"][..]));
    assert_eq!(saaslab::load::postgres::primary_key("iot.device_events"), None);
}

#[test]
fn global_rows_fill_every_global_table_and_accounts_fill_none() {
    let s = small_world();
    let census = census::take(&s, 42);
    let ctx = Context::new(&s, 42, &census);
    let global: BTreeSet<String> = sim::global_tables(&ctx).iter().filter(|(_, b)| b.num_rows() > 0).map(|(spec, _)| spec.qualified()).collect();
    for spec in all_specs().iter().filter(|s| s.global) {
        assert!(global.contains(&spec.qualified()), "{} is declared global but sim::global_tables writes no rows to it", spec.qualified());
    }
    let mut tables = Tables::default();
    sim::simulate_chunk(&ctx, 0..census.entries.len(), &mut tables, &mut Default::default());
    let filled: Vec<_> = tables.drain().into_iter().map(|(spec, _)| spec).collect();
    assert!(filled.len() > 30, "a chunk of accounts fills most tables");
    for spec in filled {
        assert!(!spec.global, "{} is declared global but accounts write rows to it", spec.qualified());
    }
}

#[test]
fn the_size_estimate_is_near_the_default_datasets_size() {
    // Measured: the default dataset holds about 30 M rows in 1.2 GB of Parquet.
    let e = saaslab::generate::estimate(&scenario::load("baseline").unwrap());
    assert!((15e6..60e6).contains(&e.rows), "estimated {} rows", e.rows);
    assert!((0.6e9..2.4e9).contains(&e.bytes), "estimated {} bytes", e.bytes);
}
