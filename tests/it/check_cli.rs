//! `saaslab exercises`, `exercise`, `check` and the sandbox learner SQL runs in, on a small
//! (non-canonical) dataset: expected results come from the reference solutions there.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Small, and ending where the exercises look (2025), so that their results are not empty.
const SMALL_2025: &[&str] = &["--customers", "400", "--locations", "700", "--start", "2024-01-01", "--end", "2025-12-31", "--quiet"];

/// One small built dataset shared by the tests of this file.
fn dataset() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| built(SMALL_2025))
}

fn sql_file(name: &str, sql: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-cli-sql");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, sql).unwrap();
    path
}

fn check(id: &str, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", id, file.to_str().unwrap(), "--data", dataset().to_str().unwrap()];
    args.extend_from_slice(extra);
    saaslab(&args)
}

fn text(o: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Every file of the dataset (raw data, manifest, truth, warehouse) with its bytes; the
/// learner's progress record is saaslab's, not the dataset's.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    all_files(dir).into_iter().filter(|(p, _)| p != "progress.json").collect()
}

#[test]
fn sandbox_refuses_writes_settings_files_and_stops_runaway_queries() {
    let data = dataset();
    let before = snapshot(data);
    let truth = format!("select * from read_parquet('{}/truth/*.parquet')", data.display());
    let traversal = format!("select * from read_text('{}/raw/../manifest.json')", data.display());
    let cases: &[(&str, &str, &str)] = &[
        ("copy", "COPY (select 1) TO 'raw/x.csv'", "COPY statements are not allowed"),
        ("copy-out", "copy (select * from stg_app__accounts) to '/tmp/saaslab-leak.csv'", "COPY statements are not allowed"),
        ("attach", "ATTACH 'raw/other.duckdb' AS other", "ATTACH statements are not allowed"),
        ("install", "INSTALL httpfs", "INSTALL / LOAD statements are not allowed"),
        ("load", "LOAD parquet", "INSTALL / LOAD statements are not allowed"),
        ("passwd", "select * from read_csv('/etc/passwd')", "Permission Error"),
        ("truth", &truth, "Permission Error"),
        ("traversal", &traversal, "Permission Error"),
        ("set", "SET threads = 1", "SET / RESET statements are not allowed"),
        ("pragma", "PRAGMA enable_profiling", "not allowed"),
        ("create", "create table stolen as select * from stg_app__accounts", "CREATE statements are not allowed"),
        ("insert", "insert into entity_customers select * from entity_customers", "INSERT statements are not allowed"),
        ("drop", "drop table entity_customers", "DROP statements are not allowed"),
        ("two", "select 1 as a; select 2 as a", "2 statements"),
        // DuckDB runs a PIVOT without an IN list as several statements: say so, and how to write it.
        ("pivot", "pivot stg_app__accounts on account_status using count(*)", "PIVOT without an IN list"),
        ("pivot-subquery", "select * from (pivot stg_app__accounts on account_status using count(*))", "List the values"),
    ];
    for (name, sql, message) in cases {
        let o = check("1.1", &sql_file(&format!("{name}.sql"), sql), &[]);
        let out = text(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: a check whose SQL cannot run fails (exit 1):\n{out}");
        assert!(out.contains("did not run") && out.contains(message), "{name}: expected a message containing {message:?}:\n{out}");
        // The scratchpad shares the sandbox; there a refusal is an input error.
        let o = saaslab(&["query", sql, "--data", data.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: saaslab query must refuse it too:\n{}", text(&o));
        assert!(text(&o).contains(message), "{name}: {}", text(&o));
    }
    // The PIVOT refusal's advice works: with its values listed, a PIVOT is one SELECT.
    let o = saaslab(&["query", "pivot stg_app__accounts on account_status in ('active', 'canceled') using count(*)", "--data", data.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let forever = sql_file("forever.sql", "select sum(a.range * b.range) as s from range(100000000) a, range(100000000) b");
    let started = std::time::Instant::now();
    let o = check("1.1", &forever, &["--timeout", "2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("stopped after 2 s"), "{}", text(&o));
    assert!(started.elapsed().as_secs() < 20, "the time limit must interrupt the query");
    let greedy = sql_file("greedy.sql", "select max(length(s)) as n from (select string_agg(range::varchar || 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', ',') as s from range(100000000))");
    let o = check("1.1", &greedy, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("needs more than 2.0 GB of memory"), "{}", text(&o));
    let huge = sql_file("huge.sql", "select range as n from range(250000)");
    let o = check("1.1", &huge, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("more than 100,000 rows"), "{}", text(&o));
    assert!(!Path::new("/tmp/saaslab-leak.csv").exists());
    assert!(snapshot(data) == before, "the dataset's files changed");
}

/// The limits hold for what they limit: the result is streamed (a billion-row query stops at
/// the row cap, or at `--limit`, without building the rest), the memory cap covers the query's
/// work and its returned rows, and an over-long SQL text is refused before DuckDB parses it.
#[test]
fn the_sandbox_limits_hold_for_memory_rows_and_size() {
    let data = dataset().display().to_string();
    let dir = scratch("sandbox-limits");
    let bounded = |name: &str, args: &[&str]| {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let ran = run_bounded(&args, std::time::Duration::from_secs(300), &dir.join(format!("{name}.txt")));
        assert!(!ran.timed_out && ran.signal.is_none(), "{name}: did not end by itself: {}", ran.stderr);
        ran
    };
    // Three columns of a billion rows: 24 GB if built. Stopped at the row cap.
    let wide = sql_file("billion.sql", "select range, range * 2 as b, range * 3 as c from range(1000000000)");
    let ran = bounded("billion", &["check", "1.1", wide.to_str().unwrap(), "--data", &data]);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.max_rss_mib < 2048, "check on a billion rows peaked at {} MiB", ran.max_rss_mib);
    let o = check("1.1", &wide, &[]);
    assert!(text(&o).contains("more than 100,000 rows"), "{}", text(&o));
    // The scratchpad prints --limit rows of 300 million and computes no more.
    let ran = bounded("query", &["query", "select * from range(300000000)", "--data", &data, "--limit", "5"]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(ran.max_rss_mib < 1024, "query on 300 M rows peaked at {} MiB", ran.max_rss_mib);
    // A hash aggregate past the memory limit fails (no spilling) instead of growing.
    let ran = bounded("distinct", &["query", "select count(distinct range) from range(600000000)", "--data", &data, "--timeout", "600"]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("needs more than 2.0 GB of memory"), "{}", ran.stderr);
    assert!(ran.max_rss_mib < 4096, "a query capped at 2 GB peaked at {} MiB", ran.max_rss_mib);
    // Rows under the row cap but too large together: 6 GB of strings in 60,000 rows.
    let ran = bounded("wide-rows", &["query", "select repeat('x', 100000) as s from range(60000)", "--data", &data, "--limit", "99999", "--timeout", "600"]);
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("needs more than 2.0 GB of memory"), "{}", ran.stderr);
    assert!(ran.max_rss_mib < 4096, "a 6 GB result peaked at {} MiB", ran.max_rss_mib);
    // Past the size limit: refused by `check` (file and standard input),
    // without parsing it. The text is the `1=1 or …` chain that took 15 s under --timeout 2.
    let chain = format!("select 1 as x where {}", vec!["1=1"; 200_000].join(" or "));
    let long = sql_file("long.sql", &chain);
    let o = check("1.1", &long, &["--timeout", "2"]);
    // A file saaslab will not read is an input error (exit 2), not a failed check.
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("longer than 128.0 KB"), "{}", text(&o));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache())
        .args(["check", "1.1", "-", "--data", &data])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // saaslab stops reading past the limit; the rest of the write may meet a closed pipe.
    let _ = std::io::Write::write_all(&mut child.stdin.take().unwrap(), chain.as_bytes());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("standard input") && text(&o).contains("longer than 128.0 KB"), "{}", text(&o));
    // (`query` takes its SQL as one argument, which Linux already caps at 128 KiB, so the
    // limit is reached only through `check`'s file and standard input.)
    // Under the limit, the same chain still runs; a deeper nesting than DuckDB allows gets
    // advice a learner can follow (not "use SET", which the sandbox refuses).
    let o = saaslab(&["query", &format!("select count(*) as n from range(3) where {}", vec!["range = 1"; 2000].join(" or ")), "--data", &data]);
    assert!(o.status.success(), "{}", text(&o));
    let deep = format!("select {}1{} as x", "abs(".repeat(1500), ")".repeat(1500));
    let o = saaslab(&["query", &deep, "--data", &data]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("expression depth") && !text(&o).contains("SET max_expression_depth") && text(&o).contains("cannot be raised here"), "{}", text(&o));
}

#[test]
fn a_syntax_error_shows_duckdbs_message_with_its_position() {
    let o = check("1.1", &sql_file("syntax.sql", "select month_start,\n  sum(mrr) as mrr\nform int_billing__account_mrr_monthly"), &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("Parser Error") && out.contains("LINE 3") && out.contains('^'), "{out}");
    let o = check("1.1", &sql_file("missing-table.sql", "select * from no_such_table"), &[]);
    assert!(text(&o).contains("Catalog Error") && text(&o).contains("no_such_table"), "{}", text(&o));
}

#[test]
fn reference_solutions_pass_on_another_dataset_and_json_reports_the_same() {
    let catalog = saaslab::exercise::Catalog::embedded().unwrap();
    for (_, e) in catalog.exercises() {
        let o = check(&e.id, &sql_file(&format!("solution-{}.sql", e.id), &e.solution), &["--json"]);
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}: not JSON: {}", e.id, text(&o)));
        assert_eq!(o.status.code(), Some(0), "{}: {}", e.id, text(&o));
        assert_eq!(report["passed"], true);
        assert_eq!(report["expected_from"], "reference_solution", "a small dataset is not the canonical one");
    }
    // A failing check as JSON: the same findings as data.
    let wrong = sql_file("wrong-1.1.sql", "select month_start, sum(mrr) as total_mrr, 12 * sum(mrr) as arr, count(*) filter (where mrr > 0) as paying_customers from int_billing__account_mrr_monthly where month_start >= date '2025-01-01' group by 1");
    let o = check("1.1", &wrong, &["--json"]);
    assert_eq!(o.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["passed"], false);
    assert_eq!(r["missing_columns"][0], "mrr");
    assert_eq!(r["extra_columns"][0], "total_mrr");
    assert!(r["hints"].as_array().unwrap().iter().any(|h| h.as_str().unwrap().contains("AS mrr")), "{r}");
    assert!(r["verdict"].as_str().unwrap().starts_with("FAIL"));
}

#[test]
fn wrong_answers_get_feedback_and_progress_is_kept() {
    let data = dataset();
    // Unrounded ARPA where the exercise rounds to 2 decimals, and in the wrong order.
    let unrounded = sql_file(
        "unrounded-1.2.sql",
        "select segment, count(*) as paying_customers, sum(monthly_recurring_revenue) as mrr, sum(monthly_recurring_revenue) / count(*) + 0.001 as arpa from entity_customers where monthly_recurring_revenue > 0 group by segment order by mrr desc",
    );
    let o = check("1.2", &unrounded, &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("FAIL") && out.contains("match after rounding") && out.contains("values that differ, matching rows on segment"), "{out}");
    let unordered = sql_file(
        "unordered-1.2.sql",
        "select segment, count(*) as paying_customers, sum(monthly_recurring_revenue) as mrr, round(sum(monthly_recurring_revenue) / count(*), 2) as arpa from entity_customers where monthly_recurring_revenue > 0 group by segment order by mrr asc",
    );
    let out = text(&check("1.2", &unordered, &[]));
    assert!(out.contains("right rows, wrong order") && out.contains("ORDER BY mrr desc"), "{out}");

    let o = saaslab(&["exercises", "--data", data.to_str().unwrap(), "--json"]);
    assert!(o.status.success());
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let modules = list.as_array().unwrap();
    assert_eq!(modules.len(), 4);
    for m in modules {
        assert!(m["exercises"].as_array().unwrap().len() >= 6, "module {} has fewer than six exercises", m["module"]);
    }
    let e12 = modules[0]["exercises"].as_array().unwrap().iter().find(|e| e["id"] == "1.2").unwrap();
    assert!(e12["attempts"].as_u64().unwrap() >= 2, "{e12}");
    assert!(data.join("progress.json").is_file());
}

#[test]
fn exercise_prompts_hints_and_usage_errors() {
    let o = saaslab(&["exercises", "--data", dataset().to_str().unwrap()]);
    let out = text(&o);
    assert!(o.status.success() && out.contains("Module 1 — SaaS business fundamentals") && out.contains("4.6"), "{out}");

    let o = saaslab(&["exercise", "1.3"]);
    let out = text(&o);
    assert!(o.status.success() && out.contains("Logo churn") && out.contains("int_billing__account_mrr_monthly") && out.contains("--hint 1"), "{out}");
    let o = saaslab(&["exercise", "1.3", "--hint", "1"]);
    assert!(o.status.success() && text(&o).starts_with("hint 1 of 3") && text(&o).contains("--hint 2"), "{}", text(&o));
    let o = saaslab(&["exercise", "1.3", "--hint", "9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("has 3 hints"), "{}", text(&o));

    let o = saaslab(&["lesson", "2"]);
    assert!(o.status.success() && text(&o).contains("three-table architecture"), "{}", text(&o));

    let o = saaslab(&["exercise", "9.9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("no exercise `9.9`") && text(&o).contains("1.1"), "{}", text(&o));

    let o = check("1.1", Path::new("/nonexistent/answer.sql"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("cannot read your SQL file") && text(&o).contains("/nonexistent/answer.sql"), "{}", text(&o));

    // The SQL may come on standard input.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache())
        .args(["check", "3.1", "-", "--data", dataset().to_str().unwrap()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let solution = saaslab::exercise::Catalog::embedded().unwrap().find("3.1").unwrap().1.solution.clone();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), solution.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("PASS"), "{}", text(&o));

    let unbuilt = scratch("check-cli-unbuilt").join("data");
    generate(&unbuilt, SMALL);
    let o = saaslab(&["check", "1.1", sql_file("any.sql", "select 1").to_str().unwrap(), "--data", unbuilt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("saaslab build"), "{}", text(&o));
}

/// Checks at the same time lose no attempt; an unreadable record is kept aside, with a warning.
#[test]
fn parallel_checks_record_every_attempt_and_a_bad_record_is_kept() {
    let root = scratch("check-cli-progress");
    let data = root.join("data");
    generate(&data, &["--customers", "40", "--locations", "50", "--start", "2025-01-01", "--end", "2025-12-31", "--quiet"]);
    assert!(saaslab(&["build", "--data", data.to_str().unwrap(), "--quiet"]).status.success());
    let solution = saaslab::exercise::Catalog::embedded().unwrap().find("1.1").unwrap().1.solution.clone();
    let file = sql_file("progress-1.1.sql", &solution);
    let children: Vec<_> = (0..8)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_saaslab")).env("SAASLAB_CACHE_DIR", crate::common::check_cache())
                .args(["check", "1.1", file.to_str().unwrap(), "--data", data.to_str().unwrap()])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let record: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(data.join("progress.json")).unwrap()).unwrap();
    assert_eq!(record["exercises"]["1.1"]["attempts"], 8, "{record}");

    std::fs::write(data.join("progress.json"), "{ not json").unwrap();
    let o = saaslab(&["check", "1.1", file.to_str().unwrap(), "--data", data.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(text(&o).contains("not valid JSON") && text(&o).contains("progress.json.bad"), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(data.join("progress.json.bad")).unwrap(), "{ not json");
    let record: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(data.join("progress.json")).unwrap()).unwrap();
    assert_eq!(record["exercises"]["1.1"]["attempts"], 1);

    // A dataset folder where the record cannot be written (read-only for a learner; here, as
    // tests may run as root, the record's name is taken by a folder): the record goes to the
    // user's state folder, and `exercises` reads it from there.
    std::fs::remove_file(data.join("progress.json")).unwrap();
    std::fs::create_dir(data.join("progress.json")).unwrap();
    let state = root.join("state");
    let with_state = |args: &[&str]| std::process::Command::new(env!("CARGO_BIN_EXE_saaslab")).args(args).env("XDG_STATE_HOME", &state).env("SAASLAB_CACHE_DIR", check_cache()).output().unwrap();
    for _ in 0..2 {
        let o = with_state(&["check", "1.1", file.to_str().unwrap(), "--data", data.to_str().unwrap(), "--quick"]);
        assert!(o.status.success() && !text(&o).contains("warning"), "{}", text(&o));
    }
    let kept: Vec<PathBuf> = std::fs::read_dir(state.join("saaslab/progress")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let record: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&kept[0]).unwrap()).unwrap();
    assert_eq!(record["exercises"]["1.1"]["attempts"], 2, "{record}");
    let listed = with_state(&["exercises", "--data", data.to_str().unwrap()]);
    assert!(text(&listed).contains(&kept[0].display().to_string()), "{}", text(&listed));
}

/// The hidden check datasets: made once in the cache folder the environment names, a half-made
/// one (no `.ready`) made again, `--quick` skips them, and a verdict lists where it checked.
#[test]
fn check_datasets_are_cached_remade_when_half_made_and_skipped_with_quick() {
    let cache = scratch("check-cli-hidden-cache");
    let solution = saaslab::exercise::Catalog::embedded().unwrap().find("3.1").unwrap().1.solution.clone();
    let file = sql_file("hidden-3.1.sql", &solution);
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "3.1", file.to_str().unwrap(), "--data", dataset().to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_saaslab")).args(&args).env("SAASLAB_CACHE_DIR", &cache).output().unwrap()
    };
    let json = |o: &std::process::Output| -> serde_json::Value { serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(o))) };

    let quick = run(&["--quick"]);
    assert_eq!(quick.status.code(), Some(0), "{}", text(&quick));
    assert_eq!(json(&quick)["checked_on"], serde_json::json!(["your dataset"]));
    assert!(!cache.join("check").exists(), "--quick made check datasets");

    let first = run(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert_eq!(json(&first)["checked_on"], serde_json::json!(["your dataset", "check-1", "check-2"]));
    assert!(text(&first).contains("preparing the check datasets"), "{}", text(&first));
    let seeds: Vec<PathBuf> = std::fs::read_dir(cache.join("check")).unwrap().flat_map(|build| std::fs::read_dir(build.unwrap().path()).unwrap()).map(|e| e.unwrap().path()).collect();
    assert_eq!(seeds.len(), 1, "one folder per learner seed: {seeds:?}");
    let check_2 = seeds[0].join("check-2");
    assert!(check_2.join(".ready").is_file() && check_2.join("warehouse.duckdb").is_file());

    // Cached: nothing is prepared again.
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!text(&again).contains("preparing"), "{}", text(&again));

    // Half-made (an interrupted check): made again, and the check still passes.
    std::fs::remove_file(check_2.join(".ready")).unwrap();
    std::fs::remove_file(check_2.join("warehouse.duckdb")).unwrap();
    let remade = run(&[]);
    assert_eq!(remade.status.code(), Some(0), "{}", text(&remade));
    assert!(text(&remade).contains("preparing") && check_2.join(".ready").is_file(), "{}", text(&remade));
}
