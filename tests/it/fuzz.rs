//! Fuzzing, bounded: generated flags and scenario files thrown at `saaslab generate`, and
//! generated SQL thrown at the query sandbox. Whatever the input, saaslab must answer with exit
//! 0, 1 or 2 (never a panic, an abort or a kill), within a time and memory bound, and what it
//! generates must build and test green.
//!
//! Cases come from a seeded generator, so a failure names its seed and case and replays
//! exactly. CI runs a bounded number; run more with
//! `SAASLAB_FUZZ_CASES=500 SAASLAB_FUZZ_SEED=7 scripts/test fuzz` (see the README).

use crate::common::{built, run_bounded, saaslab, scratch, SMALL};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Cases per fuzz test in a normal run, and the generator's seed: both can be overridden.
fn cases(default: usize) -> usize {
    std::env::var("SAASLAB_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn seed() -> u64 {
    std::env::var("SAASLAB_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(20261202)
}

fn pick<'a, T: ?Sized>(rng: &mut Pcg64Mcg, options: &[&'a T]) -> &'a T {
    options[rng.random_range(0..options.len())]
}

// ---------------------------------------------------------------------------------------------
// generate

/// Values for each flag: valid small ones (so that some cases succeed), edges, and nonsense.
/// No value is both valid and large: a valid case must finish in seconds.
fn flag_values(flag: &str) -> &'static [&'static str] {
    match flag {
        "--customers" => &["0", "1", "7", "25", "60", "-1", "5000001", "18446744073709551615", "1e3", "abc", ""],
        "--locations" => &["0", "1", "9", "40", "90", "-3", "50000001", "18446744073709551615", "ten"],
        "--start" => &["2024-01-01", "2024-06-15", "2025-11-30", "1989-12-31", "2100-01-01", "2024-02-30", "0000-01-01", "yesterday"],
        "--end" => &["2024-03-31", "2025-12-31", "2024-06-15", "2099-12-31", "9999-12-31", "2023-13-01", ""],
        "--scale" => &["0.001", "0.002", "0", "-1", "1e9", "NaN", "inf", "-inf", "1e-300", "x"],
        "--seed" => &["0", "1", "42", "18446744073709551615", "18446744073709551616", "-5"],
        "--threads" => &["1", "2", "3", "0", "257", "10000", "-1"],
        "--format" => &["parquet", "csv", "duckdb", "xml", "PARQUET"],
        "--scenario" => &["baseline", "clean", "recession", "firmware_outage", "growth_push", "price_increase", "nope", "", "../../etc/passwd"],
        _ => &[],
    }
}

const FLAGS: &[&str] = &["--customers", "--locations", "--start", "--end", "--scale", "--seed", "--threads", "--format", "--scenario"];

/// A scenario file: `extends = "baseline"` with a few of its values replaced by something of
/// any type or size, and sometimes a shock.
fn scenario_text(rng: &mut Pcg64Mcg, baseline: &toml::Table) -> String {
    let mut leaves = Vec::new();
    collect_leaves(baseline, &mut Vec::new(), &mut leaves);
    let mut out = toml::Table::new();
    out.insert("extends".into(), "baseline".into());
    out.insert("name".into(), "fuzzed".into());
    for _ in 0..rng.random_range(1..=3) {
        let path = &leaves[rng.random_range(0..leaves.len())];
        let value = odd_value(rng);
        insert_at(&mut out, path, value);
    }
    if rng.random_bool(0.3) {
        let mut shock = toml::Table::new();
        shock.insert("kind".into(), (*pick(rng, &["recession", "firmware_outage", "price_increase", "growth_push", "meteor"])).into());
        shock.insert("start".into(), toml::Value::Datetime(pick(rng, &["2024-02-01", "2019-01-01", "2030-01-01"]).parse().unwrap()));
        for key in ["end", "duration_days", "churn_multiplier", "acquisition_multiplier", "payment_shift", "price_increase", "offline_share"] {
            if rng.random_bool(0.4) {
                shock.insert(key.into(), odd_value(rng));
            }
        }
        out.insert("shocks".into(), toml::Value::Array(vec![toml::Value::Table(shock)]));
    }
    toml::to_string(&out).unwrap_or_else(|_| "extends = \"baseline\"\nname = \"fuzzed\"\n".into())
}

fn collect_leaves(table: &toml::Table, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    for (k, v) in table {
        prefix.push(k.clone());
        match v {
            toml::Value::Table(t) => collect_leaves(t, prefix, out),
            _ => out.push(prefix.clone()),
        }
        prefix.pop();
    }
}

fn insert_at(table: &mut toml::Table, path: &[String], value: toml::Value) {
    if path.len() == 1 {
        table.insert(path[0].clone(), value);
        return;
    }
    let child = table.entry(path[0].clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(t) = child {
        insert_at(t, &path[1..], value);
    }
}

fn odd_value(rng: &mut Pcg64Mcg) -> toml::Value {
    use toml::Value::*;
    match rng.random_range(0..14) {
        0 => Integer(0),
        1 => Integer(-1),
        2 => Integer(i64::MAX),
        3 => Integer(4_294_967_295),
        4 => Integer(rng.random_range(1..100)),
        5 => Float(f64::NAN),
        6 => Float(f64::INFINITY),
        7 => Float(1e300),
        8 => Float(rng.random_range(0.0..1.5)),
        9 => Float(-0.5),
        10 => String("garbage".into()),
        11 => Boolean(true),
        12 => Array(vec![Integer(1), String("x".into())]),
        _ => Datetime("2031-04-05".parse().unwrap()),
    }
}

/// One generate case's arguments (after `generate --out DIR --quiet`): a few flags with odd
/// values, and a size small enough to run in seconds unless a flag says otherwise.
fn generate_case(rng: &mut Pcg64Mcg, scenario_file: Option<&Path>) -> Vec<String> {
    let mut args: Vec<String> = vec!["--customers".into(), "30".into(), "--locations".into(), "45".into(), "--start".into(), "2024-01-01".into(), "--end".into(), "2024-12-31".into()];
    for _ in 0..rng.random_range(1..=3) {
        let flag = pick(rng, FLAGS);
        let value = pick(rng, flag_values(flag));
        // A later flag wins in clap's eyes only for repeatable ones: replace, don't repeat.
        if let Some(i) = args.iter().position(|a| a == flag) {
            args[i + 1] = value.into();
        } else {
            args.push(flag.into());
            args.push(value.into());
        }
    }
    if let Some(file) = scenario_file {
        if let Some(i) = args.iter().position(|a| a == "--scenario") {
            args[i + 1] = file.display().to_string();
        } else {
            args.push("--scenario".into());
            args.push(file.display().to_string());
        }
    }
    // A scale with explicit counts is refused or ignored; without them, a tiny scale runs.
    if args.iter().any(|a| a == "--scale") && rng.random_bool(0.5) {
        for flag in ["--customers", "--locations"] {
            if let Some(i) = args.iter().position(|a| a == flag) {
                args.drain(i..i + 2);
            }
        }
    }
    args
}

/// Bounds a case must stay within. Generous: they catch hangs and runaway allocation, not
/// slowness (a valid case here is a few dozen accounts).
const CASE_TIME: Duration = Duration::from_secs(120);
const CASE_MEMORY_MIB: i64 = 3 * 1024;

#[test]
fn generate_answers_any_flags_and_scenario_with_0_1_or_2_and_its_datasets_build_green() {
    let seed = seed();
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let baseline: toml::Table = toml::from_str(&std::fs::read_to_string("scenarios/baseline.toml").unwrap()).unwrap();
    let root = scratch("fuzz-generate");
    let n = cases(24);
    let mut outcomes = [0usize; 3];
    let mut built_green = 0;
    for case in 0..n {
        let dir = root.join(format!("case-{case}"));
        std::fs::create_dir_all(&dir).unwrap();
        let scenario = if rng.random_bool(0.4) {
            let file = dir.join("scenario.toml");
            std::fs::write(&file, scenario_text(&mut rng, &baseline)).unwrap();
            Some(file)
        } else {
            None
        };
        let out = dir.join("data");
        let mut args: Vec<String> = vec!["generate".into(), "--out".into(), out.display().to_string(), "--quiet".into()];
        args.extend(generate_case(&mut rng, scenario.as_deref()));
        let replay = format!("case {case} of seed {seed} (SAASLAB_FUZZ_SEED={seed}): saaslab {}", args.join(" "));
        let ran = run_bounded(&args, CASE_TIME, &dir.join("stderr.txt"));
        let scenario_note = scenario.as_ref().map(|f| format!("\nscenario file:\n{}", std::fs::read_to_string(f).unwrap())).unwrap_or_default();
        assert!(!ran.timed_out, "{replay}: still running after {} s{scenario_note}", CASE_TIME.as_secs());
        assert!(ran.signal.is_none(), "{replay}: killed by signal {:?}\n{}{scenario_note}", ran.signal, ran.stderr);
        let code = ran.code.unwrap();
        assert!(matches!(code, 0..=2), "{replay}: exit {code}\n{}{scenario_note}", ran.stderr);
        assert!(!ran.stderr.contains("panicked") && !ran.stderr.contains("hit a bug"), "{replay}: {}{scenario_note}", ran.stderr);
        assert!(ran.max_rss_mib < CASE_MEMORY_MIB, "{replay}: peak memory {} MiB{scenario_note}", ran.max_rss_mib);
        outcomes[code as usize] += 1;
        if code == 2 {
            assert!(!ran.stderr.trim().is_empty(), "{replay}: exit 2 without a word");
            assert!(!out.join("manifest.json").exists(), "{replay}: refused, yet a dataset was written");
        }
        if code == 0 {
            // What generate writes, the pipeline must build and test green (the first few:
            // each build is a few seconds).
            if built_green < 4 {
                let data = out.display().to_string();
                for command in ["build", "test"] {
                    let o = saaslab(&[command, "--data", &data, "--quiet"]);
                    assert!(o.status.success(), "{replay}: `saaslab {command}` failed:\n{}{}{scenario_note}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
                }
                built_green += 1;
            }
            std::fs::remove_dir_all(&out).unwrap();
        }
    }
    println!("{n} generate cases (seed {seed}): {} succeeded ({built_green} built and tested), {} exit 1, {} refused", outcomes[0], outcomes[1], outcomes[2]);
    // A fuzz run that never gets past validation tests only validation.
    assert!(outcomes[0] >= 1 && outcomes[2] >= 1, "the cases should include successes and refusals: {outcomes:?}");
}

// ---------------------------------------------------------------------------------------------
// SQL at the sandbox

/// Pieces learner SQL is made of, and pieces an attacker would try.
const FRAGMENTS: &[&str] = &[
    "select 1",
    "select * from stripe.invoice",
    "select count(*) from app.accounts",
    "with a as (select 1 x) select x from a",
    "values (1, 'a'), (2, 'b')",
    "from app.accounts select id",
    "select * from entity_customers",
    "select * from read_csv('/etc/passwd')",
    "select * from read_parquet('../truth/*.parquet')",
    "select * from glob('/*')",
    "select getenv('HOME')",
    "copy (select 1) to 'FUZZ_CANARY'",
    "attach 'FUZZ_CANARY' as x",
    "create table FUZZ_CANARY as select 1",
    "insert into entity_customers select * from entity_customers",
    "drop table entity_customers",
    "pragma version",
    "set memory_limit = '100GB'",
    "reset memory_limit",
    "install httpfs",
    "load httpfs",
    "export database 'FUZZ_CANARY'",
    "call pragma_version()",
    "pivot app.accounts on status using count(*)",
    "pivot app.accounts on status in ('active', 'canceled') using count(*)",
    "unpivot (select 1 a, 2 b) on a, b into name k value v",
    "explain select 1",
    "describe app.accounts",
    "show tables",
    "summarize app.accounts",
    "begin",
    "checkpoint",
    "select * from range(1000000000)",
    "select range, range * 2 b from range(100000000)",
    "select repeat('x', 100000)",
    "select * from app.accounts a, app.accounts b",
    "select 1 where 1=1",
    "select 'unterminated",
    "select \"quoted",
    "/* open comment",
    "-- line comment",
    "select ((((1))))",
    "select 1;",
    ";",
    "",
    "   ",
    "select é, '☃' from (select 1 é)",
    "select $1",
    "select ?",
    "select 1e400",
    "select -9223372036854775808 - 1",
    "select 1 / 0",
    "select cast('x' as integer)",
    "select * from nope",
    "selec 1",
];

/// One statement-ish text: fragments joined by separators, sometimes wrapped, nested or blown
/// up past the size limit.
fn sql_case(rng: &mut Pcg64Mcg) -> String {
    let mut sql = String::new();
    for i in 0..rng.random_range(1..=3) {
        if i > 0 {
            sql.push_str(pick(rng, &["; ", " ", "\n", " union all ", ";\n-- x\n", " /* c */ "]));
        }
        sql.push_str(pick(rng, FRAGMENTS));
    }
    match rng.random_range(0..12) {
        0 => sql = format!("{}{sql}{}", "(".repeat(rng.random_range(1..3000)), ")".repeat(rng.random_range(0..3000))),
        1 => sql = format!("select 1 where {}", vec!["1=1"; rng.random_range(100..60_000)].join(" or ")),
        2 => sql = format!("select {}1{}", "abs(".repeat(rng.random_range(100..2000)), ")".repeat(rng.random_range(100..2000))),
        3 => sql.push('\0'),
        4 => sql = format!("/* {} */ {sql}", "x".repeat(rng.random_range(1_000..200_000))),
        _ => {}
    }
    sql
}

#[test]
fn the_sandbox_answers_any_sql_with_a_result_or_a_learner_error_and_writes_nothing() {
    use saaslab::dataset::Dataset;
    use saaslab::sandbox::{Limits, Sandbox};
    let dir = built(SMALL);
    let dataset = Dataset::open(&dir).unwrap();
    // What generate wrote and the warehouse: other tests may record check attempts beside them.
    let snapshot = || (crate::common::dataset_files(&dir), std::fs::read(dir.join("warehouse.duckdb")).unwrap());
    let before = snapshot();
    let work = scratch("fuzz-sql");
    let canary: PathBuf = work.join("canary");
    let limits = Limits { timeout: Duration::from_secs(3), memory_bytes: 512 << 20, ..Limits::default() };
    let sandbox = Sandbox::open(&dataset, limits.clone(), true).unwrap();
    let seed = seed();
    let mut rng = Pcg64Mcg::seed_from_u64(seed ^ 0x5eed);
    let n = cases(150);
    let (mut ok, mut refused) = (0, 0);
    for case in 0..n {
        let sql = sql_case(&mut rng).replace("FUZZ_CANARY", &canary.display().to_string());
        let shown: String = sql.chars().take(300).collect();
        let replay = format!("SQL case {case} of seed {seed} ({} bytes): {shown}", sql.len());
        let started = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sandbox.run(&sql)));
        let took = started.elapsed();
        let result = result.unwrap_or_else(|_| panic!("{replay}: panicked"));
        // A hang guard, not a speed check: the time limit plus what parsing a text of the
        // largest accepted size can cost before the limit can act.
        assert!(took < limits.timeout + Duration::from_secs(20), "{replay}: took {took:?} under a {:?} limit", limits.timeout);
        match result {
            Ok(output) => {
                ok += 1;
                assert!(output.rows <= limits.max_rows, "{replay}: {} rows past the cap", output.rows);
            }
            Err(e) => {
                refused += 1;
                assert_eq!(e.exit_code(), 2, "{replay}: not a learner error: {e}");
                let text = e.to_string();
                assert!(!text.trim().is_empty() && !text.contains("SET max_expression_depth"), "{replay}: {text}");
            }
        }
        assert!(!canary.exists(), "{replay}: wrote {}", canary.display());
    }
    drop(sandbox);
    assert!(snapshot() == before, "the fuzzed SQL changed the dataset or its warehouse");
    println!("{n} SQL cases (seed {seed}): {ok} ran, {refused} refused or failed with a learner's error");
    assert!(ok >= 1 && refused >= 1, "the cases should include both: {ok} ran, {refused} refused");
}
