//! `saaslab report`: the figures behind the charts equal the marts they read, the page is the
//! same bytes every time and asks for nothing over the network, `--vs` shows a shock's effect,
//! and a real browser draws every chart.

use crate::common::*;
use std::path::Path;
use std::process::Command;

fn report_json(data: &Path, extra: &[&str]) -> serde_json::Value {
    let o = saaslab(&with(&["report", "--data", data.to_str().unwrap(), "--json"], extra));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn query_json(data: &Path, sql: &str) -> serde_json::Value {
    let o = saaslab(&["query", "--data", data.to_str().unwrap(), "--json", "--limit", "100000", sql]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_figures_are_the_marts_and_the_page_is_the_same_every_time() {
    let data = built(SMALL);
    let f = &report_json(&data, &[])["figures"];
    // The waterfall is finance_mrr_movements, month by month.
    let marts = query_json(&data, "select cast(month_start as varchar) as m, new_mrr::double as n, contraction_mrr::double as c, churned_mrr::double as ch, closing_mrr::double as cl from finance_mrr_movements order by month_start");
    let months = f["months"].as_array().unwrap();
    assert_eq!(months.len(), marts.as_array().unwrap().len());
    for (a, b) in months.iter().zip(marts.as_array().unwrap()) {
        assert_eq!(a["month_start"], b["m"]);
        for (x, y) in [("new_mrr", "n"), ("contraction_mrr", "c"), ("churned_mrr", "ch"), ("closing_mrr", "cl")] {
            assert!((a[x].as_f64().unwrap() - b[y].as_f64().unwrap()).abs() < 0.005, "{x} in {}", a["month_start"]);
        }
    }
    // The heatmap is customer_cohort_retention, cell for cell.
    let cohorts = query_json(&data, "select cast(cohort_month as varchar) as m, months_since_start as k, logo_retention_rate as r from customer_cohort_retention order by 1, 2");
    let cells = f["cohorts"].as_array().unwrap();
    assert_eq!(cells.len(), cohorts.as_array().unwrap().len());
    assert!(cells.iter().zip(cohorts.as_array().unwrap()).all(|(a, b)| a["cohort_month"] == b["m"] && a["months_since_start"] == b["k"] && a["logo_retention_rate"] == b["r"]));
    assert!(!f["risk_bands"].as_array().unwrap().is_empty() && !f["fleet"].as_array().unwrap().is_empty() && !f["channels"].as_array().unwrap().is_empty());
    assert!(!f["defects"].as_array().unwrap().is_empty(), "the answer key's defects are counted");
    // The plan mix and the health histogram count the paying customers of entity_customers;
    // the funnel counts the last year's sign-ups.
    let paying = query_json(&data, "select count(*) as n from entity_customers where subscription_status in ('active', 'past_due')")[0]["n"].as_i64().unwrap();
    let sum = |list: &str, key: &str| f[list].as_array().unwrap().iter().map(|r| r[key].as_i64().unwrap()).sum::<i64>();
    assert_eq!(sum("plans", "customers"), paying);
    assert_eq!(sum("health", "customers"), paying);
    let signups = query_json(&data, "select count(*) as n from entity_customers where signed_up_at > timestamp '2024-12-31' - interval 1 year")[0]["n"].as_i64().unwrap();
    assert_eq!(sum("funnel", "signups"), signups);
    assert!(f["segments"].as_array().unwrap().iter().all(|s| s["nrr_12m"].as_f64().unwrap() >= s["grr_12m"].as_f64().unwrap()), "NRR below GRR");
    // Monthly spend adds up to the platforms' totals.
    let monthly: f64 = f["spend"].as_array().unwrap().iter().map(|m| m["spend"].as_f64().unwrap()).sum();
    let total: f64 = f["platforms"].as_array().unwrap().iter().map(|p| p["spend"].as_f64().unwrap()).sum();
    assert!(monthly > 0.0 && (monthly - total).abs() < 0.01 * f["spend"].as_array().unwrap().len() as f64, "{monthly} against {total}");

    // Logo churn by segment adds up to the company's, month by month.
    let company = query_json(&data, "select cast(month_start as varchar) as m, opening_customers as o, churned_customers as c from finance_mrr_movements order by 1");
    let by_segment = f["segment_churn"].as_array().unwrap();
    let months: Vec<&str> = {
        let mut m: Vec<&str> = by_segment.iter().map(|s| s["month_start"].as_str().unwrap()).collect();
        m.dedup();
        m
    };
    assert!(months.len() >= 12, "only {} months of churn by segment", months.len());
    for month in months {
        let of = |k: &str| by_segment.iter().filter(|s| s["month_start"] == month).map(|s| s[k].as_i64().unwrap()).sum::<i64>();
        let row = company.as_array().unwrap().iter().find(|r| r["m"] == month).unwrap_or_else(|| panic!("no {month} in finance_mrr_movements"));
        assert_eq!((of("paying_at_start"), of("churned")), (row["o"].as_i64().unwrap(), row["c"].as_i64().unwrap()), "churn by segment in {month}");
    }
    // Every account with a trial is in one trial month; the firmware rollout counts the devices
    // reporting on each version.
    let trials = query_json(&data, "select count(distinct account_id) as n from entity_subscriptions where trial_started_at is not null")[0]["n"].as_i64().unwrap();
    assert!(trials > 0);
    assert_eq!(sum("trials", "trials"), trials);
    let firmware = query_json(&data, "select count(*) as n from (select distinct date_trunc('month', event_at), firmware_version, device_id from stg_iot__device_events where firmware_version is not null)")[0]["n"].as_i64().unwrap();
    assert_eq!(sum("firmware", "devices"), firmware);
    // The tests guarding damaged tables are the project's tests, with `saaslab test`'s verdicts.
    let o = saaslab(&["test", "--data", data.to_str().unwrap(), "--json", "--select", "source:iot.device_events+1"]);
    let run: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    let guards: Vec<&serde_json::Value> = f["guards"].as_array().unwrap().iter().filter(|g| g["table"] == "iot.device_events").collect();
    let tests = run["tests"].as_array().unwrap();
    assert_eq!(guards.len(), tests.len(), "the guards of iot.device_events are not `saaslab test -s source:iot.device_events+1`");
    for g in guards {
        let t = tests.iter().find(|t| t["name"] == g["test"]).unwrap_or_else(|| panic!("{} is not in the selection", g["test"]));
        assert_eq!((&t["status"], &t["failures"]), (&g["status"], &g["failures"]), "{}", g["test"]);
    }

    let root = scratch("report-page");
    let (a, b) = (root.join("a.html"), root.join("b.html"));
    for out in [&a, &b] {
        let o = saaslab(&["report", "--data", data.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let page = std::fs::read_to_string(&a).unwrap();
    assert_eq!(page, std::fs::read_to_string(&b).unwrap(), "the same dataset gave two different pages");
    for attr in ["src=\"http", "href=\"http", "src='http", "href='http", "url(http", "@import"] {
        assert!(!page.contains(attr), "the page reaches for the network: {attr}");
    }
    for title in ["MRR over time", "MRR movements per month", "Paying customers", "Monthly logo churn", "Cohort retention (logos)", "Cohort retention (revenue)", "Average revenue per account", "Plan mix: share of paying customers and of MRR", "12-month NRR and GRR by segment", "Customer health score of paying customers", "Alerts per device and month, by device model", "Sign-up to activation to paying, by first-touch channel", "Ad spend per paid channel and month", "Conversions the ad platforms report against attributed sign-ups", "Observed 90-day churn by churn-risk band", "Device time online", "CAC per paid channel and attribution model", "Injected defects by table and kind", "Monthly logo churn by segment", "Trials that paid within 30 days", "Firmware rollout"] {
        assert!(page.contains(&format!("<title>{title}</title>")), "no chart titled {title}");
    }

    // A missing dataset is a usage error naming it.
    let o = saaslab(&["report", "--data", root.join("nothing").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("saaslab generate"));
}

/// `--vs`: the firmware outage against the baseline (same size and seed) — the share of device
/// time offline rises after the shock, and the page draws both with a table of differences.
#[test]
fn vs_shows_the_firmware_outage_against_the_baseline() {
    let baseline = built(SMALL);
    let outage = built(&with(SMALL, &["--scenario", "firmware_outage"]));
    let both = report_json(&outage, &["--vs", baseline.to_str().unwrap()]);
    let offline = |f: &serde_json::Value, month: &str| -> f64 {
        1.0 - f["fleet"].as_array().unwrap().iter().find(|m| m["month_start"].as_str().unwrap().starts_with(month)).unwrap()["uptime_ratio"].as_f64().unwrap()
    };
    let (shocked, calm) = (offline(&both["figures"], "2024-06"), offline(&both["vs"], "2024-06"));
    println!("device time offline in June 2024: firmware_outage {shocked:.4}, baseline {calm:.4}");
    assert!(shocked > calm * 1.5, "the outage did not raise the offline share: {shocked} against {calm}");
    assert!(both["figures"]["shocks"].as_array().unwrap().iter().any(|s| s["label"].as_str().unwrap().contains("firmware outage")));
    let root = scratch("report-vs");
    let out = root.join("vs.html");
    let o = saaslab(&["report", "--data", outage.to_str().unwrap(), "--vs", baseline.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("What differs") && page.contains("device time offline") && page.contains("TS-200 firmware outage") && page.contains("stroke-dasharray=\"6 4\"") && page.contains("fill-opacity=\"0.4\"") && page.contains("id=\"chart-cohorts-vs\"") && page.contains("id=\"chart-movements-vs\""), "the comparison is missing");
}

/// In a real browser (headless Chromium): every chart drew marks of non-zero size, the page
/// logged no error, and a screenshot of its first screen is kept as a test artefact.
#[test]
fn a_real_browser_draws_every_chart() {
    let Some(chromium) = service("SAASLAB_TEST_CHROMIUM", "the browser test of the report (headless Chromium)") else { return };
    let data = built(SMALL);
    let root = scratch("report-browser");
    let page = root.join("report.html");
    let o = saaslab(&["report", "--data", data.to_str().unwrap(), "--out", page.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let url = format!("file://{}", page.display());
    let common = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--enable-logging=stderr", "--v=0"];
    let profile = |name: &str| format!("--user-data-dir={}", root.join(name).display());
    let o = Command::new(&chromium).args(common).arg(profile("profile")).args(["--virtual-time-budget=5000", "--dump-dom", &url]).output().expect("chromium runs");
    let dom = String::from_utf8_lossy(&o.stdout);
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(dom.contains("data-checked=\"yes\""), "the page's script did not run:\n{log}");
    let charts: Vec<&str> = dom.split("<svg ").skip(1).collect();
    assert!(charts.len() >= 21, "only {} charts in the DOM", charts.len());
    for chart in &charts {
        let id = chart.split("id=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("?");
        let drawn: usize = chart.split("data-drawn=\"").nth(1).and_then(|r| r.split('"').next()).and_then(|n| n.parse().ok()).unwrap_or(0);
        assert!(drawn > 0, "chart {id} drew no marks of non-zero size");
    }
    for bad in ["Uncaught", ":ERROR:CONSOLE", "\"error\""] {
        assert!(!log.contains(bad), "the browser logged an error ({bad}):\n{log}");
    }
    let shot = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-first-screen.png");
    let o = Command::new(&chromium).args(common).arg(profile("profile2")).args(["--window-size=1280,1000", "--hide-scrollbars", &format!("--screenshot={}", shot.display()), &url]).output().expect("chromium runs");
    assert!(shot.is_file() && std::fs::metadata(&shot).unwrap().len() > 10_000, "no screenshot: {}", String::from_utf8_lossy(&o.stderr));
    println!("screenshot of the report's first screen: {}", shot.display());
}
