//! `saaslab build`, `test` and `query`: the reference pipeline runs on baseline and clean
//! datasets, its tests pass there and fail on a broken one, its numbers agree with the billing
//! ground truth, and its scores rank the accounts that are about to churn.

use crate::common::*;
use std::path::{Path, PathBuf};

/// Four years of 3,000 accounts: big enough for the score to be measured, small enough to be quick.
const MEDIUM: &[&str] = &["--customers", "3000", "--locations", "4500", "--start", "2022-01-01", "--end", "2025-12-31", "--quiet"];

/// A shared dataset of `size` under `scenario`, built (`_name` says which test reads it).
fn built_world(_name: &str, scenario: &str, size: &[&str]) -> PathBuf {
    if scenario == "baseline" { built(size) } else { built(&with(size, &["--scenario", scenario])) }
}

/// A dataset of this test's own, built: the test changes it.
fn own_built(name: &str, scenario: &str, size: &[&str]) -> PathBuf {
    let dir = scratch(name).join("data");
    generate(&dir, &with(size, &["--scenario", scenario]));
    let o = saaslab(&["build", "--data", dir.to_str().unwrap()]);
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
    dir
}

fn run_tests(dir: &Path) -> std::process::Output {
    saaslab(&["test", "--data", dir.to_str().unwrap()])
}

#[test]
fn build_and_test_pass_on_baseline_and_clean() {
    for scenario in ["baseline", "clean"] {
        let dir = built_world(&format!("pipeline-{scenario}"), scenario, SMALL);
        let o = run_tests(&dir);
        let out = String::from_utf8_lossy(&o.stdout);
        println!("{scenario}: {}", out.lines().last().unwrap_or_default());
        assert!(o.status.success(), "{scenario}: saaslab test failed:\n{out}\n{}", String::from_utf8_lossy(&o.stderr));
        assert!(out.contains("ERROR=0 FAIL=0"), "{out}");
        let pass: usize = out.split("PASS=").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
        assert!(pass > 150, "only {pass} tests ran");
        if scenario == "clean" {
            assert!(out.contains("WARN=0"), "the clean dataset has no orphans to warn about: {out}");
        }
    }
}

#[test]
fn entities_agree_with_the_billing_truth_and_movements_reconcile() {
    let dir = built_world("pipeline-truth", "baseline", SMALL);
    let w = warehouse(&dir);
    let raw = duck(&dir);
    let accounts = count(&raw, "select count(*) from app_accounts where not _fivetran_deleted");
    assert_eq!(count(&w, "select count(*) from entity_customers"), accounts);
    assert_eq!(count(&w, "select count(distinct account_id) from entity_customers"), accounts);

    // MRR on the as-of date equals the ground truth's last MRR, to the cent, account by account.
    let truth: Vec<(i64, i64)> = {
        let mut s = raw.prepare("select account_id, mrr_cents from truth_mrr where as_of = (select max(as_of) from truth_mrr) order by 1").unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
    };
    let mut s = w.prepare("select account_id, cast(monthly_recurring_revenue * 100 as bigint) from entity_customers order by 1").unwrap();
    let ours: std::collections::BTreeMap<i64, i64> = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect();
    let differ = truth.iter().filter(|(a, m)| ours.get(a).copied().unwrap_or(0) != *m).count();
    let paying = truth.iter().filter(|(_, m)| *m > 0).count();
    println!("MRR on the as-of date: {} accounts in the truth ({paying} paying), {differ} differ", truth.len());
    assert!(paying > 100);
    assert_eq!(differ, 0);

    // Movements: opening + movements = closing, and each month opens at the last one's close.
    let broken = count(&w, "select count(*) from (select *, lag(closing_mrr) over (order by month_start) prev from finance_mrr_movements)
        where opening_mrr + new_mrr + reactivation_mrr + expansion_mrr + contraction_mrr + churned_mrr <> closing_mrr or opening_mrr <> coalesce(prev, 0)");
    let months = count(&w, "select count(*) from finance_mrr_movements");
    assert_eq!(broken, 0);
    assert_eq!(months, 24);
    // The monthly series agrees with the truth's month-start MRR where both are defined.
    // All but a handful for monthly plans. Not always for quarterly and annual ones: Stripe invoices the
    // prorations of a mid-period change (a sensor added, a plan upgraded) at the next renewal,
    // so inside a period that has not renewed yet — up to a year on an annual contract — the
    // invoice lines still show the old quantities, and the rebuilt MRR lags the truth.
    let (monthly, monthly_same, longer, longer_same, longer_ahead): (i64, i64, i64, i64, i64) = w
        .query_row(
            &format!(
                "with pairs as (
                    select s.billing_interval = 'monthly' as monthly, cast(m.mrr * 100 as bigint) as rebuilt, t.mrr_cents as truth
                    from int_billing__account_mrr_monthly m
                    join read_parquet('{}') t on t.account_id = m.account_id and cast(t.as_of as date) = m.month_start
                    join stg_app__accounts s on s.account_id = m.account_id)
                 select count(*) filter (where monthly), count(*) filter (where monthly and rebuilt = truth),
                        count(*) filter (where not monthly), count(*) filter (where not monthly and rebuilt = truth),
                        count(*) filter (where not monthly and rebuilt > truth)
                 from pairs",
                dir.join("truth/mrr.parquet").display()
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    println!(
        "monthly MRR rebuilt from invoice lines equals the truth: {monthly_same} of {monthly} account-months on monthly plans, \
         {longer_same} of {longer} on quarterly and annual ones ({longer_ahead} ahead of it)"
    );
    assert!(monthly > 500 && longer > 500);
    assert!(monthly_same as f64 >= 0.995 * monthly as f64, "monthly plans: {monthly_same} of {monthly}");
    // Young accounts grow fastest, so on this two-year dataset the lag shows most.
    assert!(longer_same as f64 >= 0.75 * longer as f64, "quarterly and annual plans: {longer_same} of {longer}");
    assert!((longer_ahead as f64) < 0.01 * longer as f64, "the rebuilt MRR runs ahead of the truth: {longer_ahead}");
    // The board's numbers are the entity's.
    let kpi_mrr = number(&w, "select total_mrr from executive_customer_health_kpis");
    let entity_mrr = number(&w, "select sum(monthly_recurring_revenue) from entity_customers where subscription_status in ('trialing', 'active', 'past_due')");
    assert_eq!(kpi_mrr, entity_mrr);
}

/// ROC AUC of `score` for the positives `y`: the chance a random positive outranks a random
/// negative (ties count half).
pub fn auc(rows: &[(f64, bool)]) -> f64 {
    let mut sorted: Vec<_> = rows.to_vec();
    sorted.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let (mut rank_sum, mut i) = (0.0, 0);
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j].0 == sorted[i].0 {
            j += 1;
        }
        let mid = (i + j + 1) as f64 / 2.0; // average 1-based rank of the tie group
        rank_sum += sorted[i..j].iter().filter(|r| r.1).count() as f64 * mid;
        i = j;
    }
    let pos = rows.iter().filter(|r| r.1).count() as f64;
    let neg = rows.len() as f64 - pos;
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}

#[test]
fn churn_risk_ranks_the_accounts_that_churn_and_health_means_something() {
    let dir = built_world("pipeline-scores", "baseline", MEDIUM);
    let w = warehouse(&dir);
    let months = dir.join("truth/account_months.parquet").display().to_string();
    // Snapshots 90 to 330 days before the end; churn = the truth records a churn in the
    // following 90 days. Pooled over four dates for a steadier figure.
    let sql = format!(
        "with snap as (
            select account_id, snapshot_date, churn_risk_score, health_category
            from entity_customers_daily
            where subscription_status in ('active', 'past_due', 'trialing')
              and snapshot_date in (date '2025-10-02', date '2025-07-04', date '2025-04-05', date '2025-02-04'))
        select s.churn_risk_score, s.health_category = 'healthy',
               exists (select 1 from read_parquet('{months}') t
                       where t.account_id = s.account_id and t.churned
                         and t.month > s.snapshot_date and t.month <= s.snapshot_date + interval 90 day) as churned
        from snap s"
    );
    let mut stmt = w.prepare(&sql).unwrap();
    let rows: Vec<(f64, bool, bool)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    let risk: Vec<(f64, bool)> = rows.iter().map(|r| (r.0, r.2)).collect();
    let positives = rows.iter().filter(|r| r.2).count();
    let a = auc(&risk);
    println!("churn_risk_score vs churn within 90 days: ROC AUC {a:.3} over {} account-dates ({positives} churned)", rows.len());
    assert!(positives >= 60, "too few churners to measure: {positives}");
    assert!(a >= 0.70, "churn risk AUC {a:.3} < 0.70");

    let rate = |healthy: bool| {
        let band: Vec<_> = rows.iter().filter(|r| r.1 == healthy).collect();
        (band.iter().filter(|r| r.2).count() as f64 / band.len().max(1) as f64, band.len())
    };
    let (healthy, n_h) = rate(true);
    let (unhealthy, n_u) = rate(false);
    println!("churn within 90 days: healthy {:.1} % of {n_h}, at risk or unhealthy {:.1} % of {n_u}", healthy * 100.0, unhealthy * 100.0);
    assert!(n_u > 0 && healthy < unhealthy);
}

#[test]
fn tests_fail_on_a_broken_dataset_and_say_which() {
    let dir = own_built("pipeline-broken", "clean", SMALL);
    // Break the raw data three ways: a duplicated account, an unknown event type, an invoice line
    // whose invoice is gone.
    let conn = duckdb::Connection::open_in_memory().unwrap();
    let f = |p: &str| dir.join(p).display().to_string();
    let events = f("raw/iot/device_events/part-00000.parquet");
    conn.execute_batch(&format!(
        "copy (select * from read_parquet('{a}') union all (select * from read_parquet('{a}') limit 1)) to '{a}.new' (format parquet);
         copy (select * replace (case when row_number() over () = 1 then 'explode' else event_type end as event_type) from read_parquet('{e}')) to '{e}.new' (format parquet);
         copy (select * from read_parquet('{i}') where id <> (select min(invoice_id) from read_parquet('{l}'))) to '{i}.new' (format parquet);",
        a = f("raw/app/accounts.parquet"),
        e = events,
        i = f("raw/stripe/invoice.parquet"),
        l = f("raw/stripe/invoice_line_item.parquet"),
    ))
    .unwrap();
    for p in [f("raw/app/accounts.parquet"), events, f("raw/stripe/invoice.parquet")] {
        std::fs::rename(format!("{p}.new"), &p).unwrap();
    }
    let o = saaslab(&["build", "--data", dir.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run_tests(&dir);
    let out = String::from_utf8_lossy(&o.stdout);
    println!("{}", out.lines().last().unwrap_or_default());
    assert_eq!(o.status.code(), Some(1), "{out}");
    for name in ["source_unique_app_accounts_id", "source_accepted_values_iot_device_events_event_type", "source_relationships_stripe_invoice_line_item_invoice_id__id__stripe_invoice", "relationships_stg_stripe__invoice_line_items_invoice_id__invoice_id__stg_stripe__invoices"] {
        assert!(out.contains(&format!("Failure in test {name}")), "{name} did not fail:\n{out}");
    }
    assert!(out.contains("explode"), "the failing rows are shown:\n{out}");
}

#[test]
fn query_prints_a_table_and_errors_are_clear() {
    let root = scratch("pipeline-cli");
    let dir = root.join("data");
    // Before a build: raw tables only.
    generate(&dir, SMALL);
    let d = dir.to_str().unwrap();
    let o = saaslab(&["query", "--data", d, "select segment, count(*) as accounts from app.accounts group by 1 order by 1"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && out.contains("│ enterprise ") && out.contains("3 rows"), "{out}");
    // A model before the build: the message says to build, not "did you mean sqlite_master".
    let o = saaslab(&["query", "--data", d, "select count(*) from entity_customers"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("no warehouse yet") && err.contains("saaslab build") && !err.contains("sqlite_master"), "{err}");
    // Timestamps print as SQL writes them; --json keeps the columns in the query's order.
    let o = saaslab(&["query", "--data", d, "select created_at from app.accounts order by 1 limit 1"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let stamp = out.lines().nth(3).unwrap_or_default();
    assert!(stamp.contains(" 20") && stamp.chars().filter(|c| *c == ':').count() == 2 && !stamp.contains('T'), "{out}");
    let o = saaslab(&["query", "--data", d, "--json", "select 2 as zeta, 'x' as alpha, null as mid"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let (z, a, m) = (out.find("zeta").unwrap(), out.find("alpha").unwrap(), out.find("mid").unwrap());
    assert!(z < a && a < m, "{out}");

    // No dataset, no warehouse, bad SQL: exit 2 and a message that says what to do.
    let missing = root.join("nothing");
    let o = saaslab(&["build", "--data", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("saaslab generate"));
    let o = saaslab(&["test", "--data", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("saaslab build"));
    let o = saaslab(&["query", "--data", d, "select nonsense from app.accounts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nonsense"));

    // An edited pipeline with a broken model: the error names the model, its file and DuckDB's message.
    let pipeline = root.join("pipeline");
    copy_tree(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pipeline"), &pipeline);
    let model = pipeline.join("models/entities/entity_locations.sql");
    let text = std::fs::read_to_string(&model).unwrap().replace("l.location_name,", "l.location_nme,");
    std::fs::write(&model, text).unwrap();
    let o = saaslab(&["build", "--data", d, "--pipeline", pipeline.to_str().unwrap(), "--quiet"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("model entity_locations (models/entities/entity_locations.sql) failed") && err.contains("location_nme"), "{err}");

    // After a good build, queries see the models, read-only.
    let o = saaslab(&["build", "--data", d, "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = saaslab(&["query", "--data", d, "--json", "select count(*) as n from entity_customers"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows[0]["n"], 400);
    let o = saaslab(&["query", "--data", d, "create table x as select 1"]);
    assert_eq!(o.status.code(), Some(2));
    // Building again takes in nothing new: incremental models keep their rows.
    let before = count(&warehouse(&dir), "select count(*) from int_iot__device_events");
    let o = saaslab(&["build", "--data", d, "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let inc = report["models"].as_array().unwrap().iter().find(|m| m["model"] == "int_iot__device_events").unwrap();
    assert_eq!(inc["mode"], "incremental");
    assert_eq!(inc["rows"].as_i64().unwrap(), before);
    assert!(report["kpis"]["total_customers"].as_i64().unwrap() > 0);
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A build that fails half-way leaves a warehouse that says so: `test`, `query` and `check`
/// refuse it with "did not finish" until a build completes.
#[test]
fn a_build_that_did_not_finish_is_refused_until_one_does() {
    let root = scratch("pipeline-unfinished");
    let dir = root.join("data");
    generate(&dir, SMALL);
    let d = dir.to_str().unwrap();
    let pipeline = root.join("pipeline");
    copy_tree(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pipeline"), &pipeline);
    let model = pipeline.join("models/marts/executive/executive_customer_health_kpis.sql");
    std::fs::write(&model, "select no_such_column from entity_customers").unwrap();
    let o = saaslab(&["build", "--data", d, "--pipeline", pipeline.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    let sql = root.join("answer.sql");
    std::fs::write(&sql, "select 1 as x").unwrap();
    for args in [vec!["test", "--data", d], vec!["query", "--data", d, "select count(*) from entity_customers"], vec!["check", "1.1", sql.to_str().unwrap(), "--data", d]] {
        let o = saaslab(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("did not finish") && err.contains("saaslab build"), "{args:?}: {err}");
    }
    let o = saaslab(&["build", "--data", d, "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(saaslab(&["test", "--data", d, "--quiet"]).status.success());
}

/// The pipeline holds on every dataset saaslab can generate, not only the canonical one: other
/// scenarios and seeds, short ranges, ranges that end mid-month, a one-month world. The first
/// case is the one where activity stamped after the as-of date made a churn risk negative.
#[test]
fn build_and_test_pass_across_scenarios_seeds_and_date_ranges() {
    let root = scratch("pipeline-variants");
    let variants: &[&[&str]] = &[
        &["--customers", "500", "--locations", "800", "--start", "2024-01-01"],
        &["--customers", "60", "--locations", "90", "--start", "2025-03-01", "--end", "2025-05-17"],
        &["--scenario", "firmware_outage", "--customers", "200", "--locations", "300", "--start", "2023-06-01", "--end", "2024-09-30", "--seed", "11"],
        &["--scenario", "recession", "--customers", "200", "--locations", "300", "--start", "2022-06-15", "--end", "2024-02-10", "--seed", "3"],
        &["--scenario", "clean", "--customers", "80", "--locations", "100", "--start", "2025-11-01", "--end", "2025-12-31"],
        &["--scenario", "growth_push", "--seed", "99", "--customers", "150", "--locations", "260", "--start", "2024-02-01", "--end", "2024-11-20"],
        &["--scenario", "price_increase", "--seed", "5", "--customers", "150", "--locations", "200", "--start", "2023-11-01", "--end", "2024-07-15"],
        &["--customers", "30", "--locations", "30", "--start", "2025-12-01", "--end", "2025-12-31", "--seed", "8"],
    ];
    let mut failures = Vec::new();
    for (i, args) in variants.iter().enumerate() {
        let dir = root.join(format!("v{i}"));
        generate(&dir, &with(args, &["--quiet"]));
        let d = dir.to_str().unwrap();
        let o = saaslab(&["build", "--data", d, "--quiet"]);
        if !o.status.success() {
            failures.push(format!("{args:?}: build failed: {}", String::from_utf8_lossy(&o.stderr)));
            continue;
        }
        let o = run_tests(&dir);
        let out = String::from_utf8_lossy(&o.stdout);
        if !o.status.success() || !out.contains("ERROR=0 FAIL=0") {
            failures.push(format!("{args:?}: saaslab test failed:\n{out}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// One writer per warehouse: a second build stops at once with the first one's pid, and no
/// build deletes or rewrites a warehouse another program has open. Readers (`test`, `query`)
/// meeting a writer are told to wait, not shown DuckDB's lock error.
#[test]
fn a_warehouse_has_one_writer_and_readers_are_told_to_wait() {
    let root = scratch("pipeline-locks");
    let dir = root.join("data");
    generate(&dir, SMALL);
    let d = dir.to_str().unwrap();
    assert!(saaslab(&["build", "--data", d, "--quiet"]).status.success());
    let warehouse_file = dir.join("warehouse.duckdb");
    let before = std::fs::read(&warehouse_file).unwrap();

    // A build in progress holds target/build.lock (here: this test, with a made-up pid).
    let lock = std::fs::OpenOptions::new().write(true).open(dir.join("target/build.lock")).unwrap();
    lock.try_lock().unwrap();
    std::fs::write(dir.join("target/build.lock"), "4242").unwrap();
    let o = saaslab(&["build", "--data", d, "--quiet"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("another saaslab is building the warehouse") && err.contains("(pid 4242)"), "{err}");
    drop(lock);
    assert!(std::fs::read(&warehouse_file).unwrap() == before, "a refused build changed the warehouse");

    // A writer has the file open (this test, through DuckDB): readers are told to wait.
    let writer = duckdb::Connection::open(&warehouse_file).unwrap();
    for args in [vec!["test", "--data", d], vec!["query", "--data", d, "select 1"]] {
        let o = saaslab(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is in use by another program") && err.contains(&format!("(pid {})", std::process::id())), "{args:?}: {err}");
    }
    drop(writer);

    // A reader has it open: a full rebuild must not delete the file under it.
    let config = duckdb::Config::default().access_mode(duckdb::AccessMode::ReadOnly).unwrap();
    let reader = duckdb::Connection::open_with_flags(&warehouse_file, config).unwrap();
    let o = saaslab(&["build", "--data", d, "--full-refresh", "--quiet"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("is in use by another program"), "{err}");
    assert_eq!(count(&reader, "select count(*) from entity_customers"), 400, "the reader's warehouse is intact");
    drop(reader);
    assert!(saaslab(&["build", "--data", d, "--quiet"]).status.success());
}

/// The warehouse's raw views read the dataset's files by absolute path. After the folder moves
/// (or is copied), every reader says so and what to do; a build in the new place fixes it.
#[test]
fn a_moved_dataset_is_told_to_rebuild_and_a_rebuild_fixes_it() {
    let root = scratch("pipeline-moved");
    let first = root.join("first");
    generate(&first, SMALL);
    assert!(saaslab(&["build", "--data", first.to_str().unwrap(), "--quiet"]).status.success());
    let moved = root.join("moved");
    std::fs::rename(&first, &moved).unwrap();
    let d = moved.to_str().unwrap();
    let sql = root.join("answer.sql");
    std::fs::write(&sql, "select 1 as x").unwrap();
    for args in [vec!["test", "--data", d], vec!["query", "--data", d, "select count(*) from stg_app__accounts"], vec!["check", "1.1", sql.to_str().unwrap(), "--data", d]] {
        let o = saaslab(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("has moved to") && err.contains(&first.display().to_string()) && err.contains("saaslab build --data"), "{args:?}: {err}");
    }
    let o = saaslab(&["build", "--data", d, "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = saaslab(&["test", "--data", d, "--quiet"]);
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}

/// A cycle of refs is named by the models in it, in ref order, not by everything downstream.
#[test]
fn a_ref_cycle_names_its_models() {
    let root = scratch("pipeline-cycle");
    let dir = root.join("data");
    generate(&dir, &["--customers", "30", "--locations", "40", "--start", "2025-06-01", "--quiet"]);
    let pipeline = root.join("pipeline");
    copy_tree(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pipeline"), &pipeline);
    // stg_app__accounts refs entity_customers, which (through the intermediates) refs it back.
    let model = pipeline.join("models/staging/app/stg_app__accounts.sql");
    let text = std::fs::read_to_string(&model).unwrap();
    std::fs::write(&model, format!("-- {{{{ ref('entity_customers') }}}}\n{text}")).unwrap();
    let o = saaslab(&["build", "--data", dir.to_str().unwrap(), "--pipeline", pipeline.to_str().unwrap(), "--quiet"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let cycle = err.split("cycle: ").nth(1).and_then(|r| r.split(" (each").next()).unwrap_or_else(|| panic!("{err}"));
    let models: Vec<&str> = cycle.split(" → ").collect();
    assert!(models.len() >= 3 && models.first() == models.last(), "{err}");
    assert!(models.contains(&"stg_app__accounts") && models.contains(&"entity_customers"), "{err}");
    // Marts downstream of entity_customers wait on the cycle but are not in it.
    assert!(!models.iter().any(|m| m.starts_with("executive_") || m.starts_with("finance_")), "{err}");
}

/// The freshness test can fail: a busy event stream that stops two days before the as-of date
/// and a busy connector whose syncs stopped then (connectors that fell behind) are named, while
/// the quiet streams and connectors of tiny datasets pass (the fuzz test builds and tests those).
#[test]
fn the_freshness_test_names_a_busy_stream_that_stops_early() {
    let root = scratch("pipeline-stale");
    let dir = root.join("data");
    generate(&dir, &["--customers", "200", "--locations", "300", "--start", "2024-06-01", "--end", "2024-12-31", "--quiet"]);
    let d = dir.to_str().unwrap();
    assert!(saaslab(&["build", "--data", d, "--quiet"]).status.success());
    let pipeline = root.join("pipeline");
    copy_tree(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pipeline"), &pipeline);
    let test = pipeline.join("tests/test_sources_are_fresh.sql");
    let text = std::fs::read_to_string(&test).unwrap();
    let stale = text.replace(
        "from {{ source('iot', 'device_events') }}",
        "from {{ source('iot', 'device_events') }} where event_ts < cast('{{ var(\"as_of_date\") }}' as timestamp) - interval 2 day",
    );
    assert_ne!(stale, text, "the test no longer reads iot.device_events as this test expects");
    // And a busy connector whose syncs stopped two days early (Segment's): named as well.
    let behind = stale.replace(
        "select 'segment', _fivetran_synced from {{ source('segment', 'pages') }}",
        "select 'segment', _fivetran_synced from {{ source('segment', 'pages') }} where _fivetran_synced < cast('{{ var(\"as_of_date\") }}' as timestamp) - interval 2 day",
    );
    assert_ne!(behind, stale, "the test no longer reads segment.pages' syncs as this test expects");
    std::fs::write(&test, behind).unwrap();
    let o = saaslab(&["test", "--data", d, "--pipeline", pipeline.to_str().unwrap()]);
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("test_sources_are_fresh") && out.contains("iot.device_events") && out.contains("stops before the as-of date"), "{out}");
    assert!(!out.contains("segment.pages"), "only the stopped stream is named: {out}");
    assert!(out.contains("segment ") && out.contains("synced too long after (or before)"), "the stale connector is named: {out}");
    assert!(!out.contains("│ stripe"), "only the stale connector is named: {out}");
    let o = saaslab(&["test", "--data", d, "--quiet"]);
    assert!(o.status.success(), "the built-in test passes on the same data: {}", String::from_utf8_lossy(&o.stdout));
}

/// `--select` / `--exclude` build and test what they name, as dbt does: a selection on a fresh
/// dataset needs its parents (and says so), builds them with `+`, leaves the warehouse marked
/// unfinished until every model is there, and a later selection on a whole warehouse keeps it
/// whole; `test --select` runs only the selected models' tests; `show` previews a model.
#[test]
fn selection_builds_and_tests_what_it_names() {
    let root = scratch("pipeline-select");
    let dir = root.join("data");
    generate(&dir, &["--customers", "60", "--locations", "90", "--start", "2025-01-01", "--quiet"]);
    let d = dir.to_str().unwrap();
    let built_models = |o: &std::process::Output| -> Vec<String> {
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
        report["models"].as_array().unwrap().iter().map(|m| m["model"].as_str().unwrap().to_string()).collect()
    };

    // Nothing built yet: a model alone cannot be built on nothing.
    let o = saaslab(&["build", "--data", d, "--select", "entity_customers"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("not built") && err.contains("int_customers__daily_metrics (read by entity_customers)") && err.contains("--select +MODEL"), "{err}");
    // With its ancestors it builds, and exactly what `ls` resolves.
    let o = saaslab(&["build", "--data", d, "--select", "+entity_customers", "--json"]);
    let models = built_models(&o);
    let o = saaslab(&["ls", "--select", "+entity_customers", "--resource-type", "model"]);
    let listed: Vec<String> = String::from_utf8_lossy(&o.stdout).lines().map(|l| l.split_whitespace().nth(1).unwrap().to_string()).collect();
    assert_eq!(models, listed);
    assert_eq!(models.last().map(String::as_str), Some("entity_customers"));
    assert!(!models.iter().any(|m| m.starts_with("finance_") || m == "entity_devices"), "{models:?}");
    // Part of the project: test and query refuse it until a whole build.
    let o = saaslab(&["test", "--data", d]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(saaslab(&["build", "--data", d, "--quiet"]).status.success());

    // On a whole warehouse: one model, its children, an intersection, an exclusion.
    assert_eq!(built_models(&saaslab(&["build", "--data", d, "-s", "finance_mrr_movements", "--json"])), ["finance_mrr_movements"]);
    let down = built_models(&saaslab(&["build", "--data", d, "-s", "entity_customers+", "--json"]));
    assert!(down[0] == "entity_customers" && down.contains(&"executive_customer_health_kpis".to_string()) && !down.iter().any(|m| m.starts_with("stg_")), "{down:?}");
    let staged = built_models(&saaslab(&["build", "--data", d, "-s", "tag:staging,path:models/staging/stripe", "--exclude", "stg_stripe__refunds", "--json"]));
    assert!(!staged.is_empty() && staged.iter().all(|m| m.starts_with("stg_stripe__") && m != "stg_stripe__refunds"), "{staged:?}");
    let o = saaslab(&["test", "--data", d, "--quiet", "--select", "tag:staging"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}");
    let all = saaslab(&["test", "--data", d, "--json"]);
    let total = serde_json::from_slice::<serde_json::Value>(&all.stdout).unwrap()["tests"].as_array().unwrap().len();
    let o = saaslab(&["test", "--data", d, "--json", "--select", "stg_app__accounts"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = report["tests"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"unique_stg_app__accounts_account_id") && names.len() < total / 4, "{names:?}");
    // The warehouse is still whole: test runs (and passes) on it.
    assert!(saaslab(&["test", "--data", d, "--quiet"]).status.success());

    // A typo is an error with a suggestion; an empty intersection is nothing to do.
    let o = saaslab(&["build", "--data", d, "-s", "entity_customer"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("did you mean `entity_customers`"), "{err}");
    let o = saaslab(&["build", "--data", d, "-s", "tag:staging,tag:marts"]);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stdout).contains("nothing to build"), "{}", String::from_utf8_lossy(&o.stderr));

    // show: the first rows of a model; a name that is not a model is an input error.
    let o = saaslab(&["show", "entity_customers", "--data", d, "--limit", "3", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
    assert_eq!(rows.as_array().unwrap().len(), 3);
    assert!(rows[0]["account_id"].is_number() || rows[0]["account_id"].is_string(), "{rows}");
    let o = saaslab(&["show", "entity_customer", "--data", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("entity_customers"));
}

/// A model that fails does not stop the build: what does not depend on it is built, what does
/// is reported SKIP (as dbt does), the error names the model, and the warehouse is unfinished.
#[test]
fn models_downstream_of_a_failure_are_skipped() {
    let root = scratch("pipeline-skip");
    let dir = root.join("data");
    generate(&dir, &["--customers", "40", "--locations", "60", "--start", "2025-03-01", "--quiet"]);
    let d = dir.to_str().unwrap();
    let pipeline = root.join("pipeline");
    copy_tree(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("pipeline"), &pipeline);
    std::fs::write(pipeline.join("models/intermediate/product/int_product__user_daily_activity.sql"), "select no_such_column from {{ ref('stg_app__users') }}").unwrap();
    let o = saaslab(&["build", "--data", d, "--pipeline", pipeline.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let line = |model: &str| err.lines().find(|l| l.contains(&format!(" {model} ")) && !l.contains("START")).unwrap_or_else(|| panic!("no line for {model}:\n{err}")).to_string();
    assert!(line("int_product__user_daily_activity").contains("ERROR"), "{err}");
    for skipped in ["int_product__account_daily_activity", "int_customers__daily_metrics", "entity_customers", "executive_customer_health_kpis"] {
        assert!(line(skipped).contains("SKIP"), "{skipped}:\n{err}");
    }
    for fine in ["finance_mrr_movements", "entity_devices", "iot_device_uptime"] {
        assert!(line(fine).contains("rows"), "{fine}:\n{err}");
    }
    assert!(err.contains("no_such_column") && err.contains("Skipped") && err.contains("entity_customers"), "{err}");
    let o = saaslab(&["test", "--data", d]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did not finish"), "{}", String::from_utf8_lossy(&o.stderr));

    // The build's resources: fewer threads and less memory still build; too little memory is
    // an error that says which flag gives more; a size DuckDB cannot read is a usage error.
    assert!(saaslab(&["build", "--data", d, "--quiet", "--threads", "1", "--memory-limit", "500MB"]).status.success());
    let o = saaslab(&["build", "--data", d, "--quiet", "--full-refresh", "--memory-limit", "1MB"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("Out of Memory") && err.contains("--memory-limit 4GB"), "{err}");
    let o = saaslab(&["build", "--data", d, "--memory-limit", "lots"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("800MB"));
}
