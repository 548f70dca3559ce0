//! What `saaslab build`, `test` and `query` print: the pipeline's runs as a person reads them
//! (per-model and per-test lines, a KPI summary) or as JSON.

use super::{BuildArgs, PipelineArgs, QueryArgs};
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::pipeline::{self, checks, display, materialize, render::Renderer, warehouse};
use crate::progress::Silent;
use crate::text::{group, to_json};

pub fn build(b: BuildArgs) -> Result<()> {
    let a = b.pipeline;
    let dataset = Dataset::open(&a.data)?;
    let project = pipeline::load_project(a.pipeline.as_deref())?;
    let renderer = Renderer::new(&project, &pipeline::vars_for(&project, &dataset))?;
    let options = materialize::BuildOptions { full_refresh: b.full_refresh };
    let report = if a.quiet || a.json {
        materialize::build(&project, &dataset, &renderer, &options, &mut Silent)?
    } else {
        eprintln!("building {} models from {} on {} ({} to {})", project.models.len(), project.describe(), dataset.dir.display(), dataset.start(), dataset.end());
        materialize::build(&project, &dataset, &renderer, &options, &mut |m: materialize::ModelBuilt| {
            let rows = m.run.rows.map(|r| format!("{} rows", group(r))).unwrap_or_default();
            eprintln!("{:>3} of {}  {:<12} {:<44} {:>16}  {:>6.2} s", m.index, m.total, m.run.materialized, m.run.model, rows, m.run.seconds);
        })?
    };
    let conn = warehouse::open_read_only(&dataset)?;
    let kpis = warehouse::kpis(&conn);
    if a.json {
        let mut value = serde_json::to_value(&report).map_err(|e| Error::Io(e.to_string()))?;
        value["kpis"] = kpis.clone().unwrap_or(serde_json::Value::Null);
        say!("{}", to_json(&value)?);
    } else {
        say!("\nbuilt {} models into {} in {:.1} s", report.models.len(), report.warehouse, report.seconds);
        if let Some(k) = kpis {
            let n = |key: &str| k[key].as_f64().unwrap_or(0.0);
            say!(
                "as of {}: {} customers ({} paying), MRR ${}, ARR ${}\nhealth: {} healthy, {} at risk, {} unhealthy; churn risk: {} high, {} medium, {} low",
                k["as_of_date"].as_str().unwrap_or_default(),
                group(n("total_customers") as u64),
                group(n("paying_customers") as u64),
                group(n("total_mrr").round() as u64),
                group(n("total_arr").round() as u64),
                group(n("healthy_customers") as u64),
                group(n("at_risk_customers") as u64),
                group(n("unhealthy_customers") as u64),
                group(n("high_churn_risk_customers") as u64),
                group(n("medium_churn_risk_customers") as u64),
                group(n("low_churn_risk_customers") as u64),
            );
        }
    }
    Ok(())
}

pub fn test(a: PipelineArgs) -> Result<()> {
    let dataset = Dataset::open(&a.data)?;
    let project = pipeline::load_project(a.pipeline.as_deref())?;
    let renderer = Renderer::new(&project, &pipeline::vars_for(&project, &dataset))?;
    let conn = warehouse::open_read_only(&dataset)?;
    warehouse::ready(&conn, &dataset)?;
    let report = if a.quiet || a.json {
        checks::run(&project, &renderer, &conn, &mut Silent)?
    } else {
        checks::run(&project, &renderer, &conn, &mut |t: checks::TestRan| {
            let label = match t.run.status {
                "pass" => "PASS".to_string(),
                "error" => "ERROR".to_string(),
                s => format!("{} {}", s.to_uppercase(), t.run.failures),
            };
            eprintln!("{:>3} of {}  {:<10} {:<72} {:>6.2} s", t.index, t.total, label, t.run.name, t.run.seconds);
        })?
    };
    if a.json {
        let mut value = serde_json::to_value(&report).map_err(|e| Error::Io(e.to_string()))?;
        for (t, v) in report.tests.iter().zip(value["tests"].as_array_mut().into_iter().flatten()) {
            v["failing_rows"] = t.failing_rows.clone().unwrap_or(serde_json::Value::Null);
        }
        say!("{}", to_json(&value)?);
    } else {
        for t in report.tests.iter().filter(|t| t.status != "pass") {
            let what = match t.status {
                "error" => "Error in",
                "warn" => "Warning in",
                _ => "Failure in",
            };
            say!("\n{what} test {} ({})", t.name, t.file);
            if t.status != "error" {
                say!("  Got {} result{}, configured to {} if != 0", t.failures, if t.failures == 1 { "" } else { "s" }, if t.status == "warn" { "warn" } else { "fail" });
            }
            if let Some(d) = &t.detail {
                say!("{d}");
            }
        }
        say!(
            "\nDone. PASS={} WARN={} ERROR={} FAIL={} TOTAL={} ({:.1} s)",
            report.pass,
            report.warn,
            report.error,
            report.fail,
            report.tests.len(),
            report.seconds
        );
    }
    if report.succeeded() {
        Ok(())
    } else {
        Err(Error::Failed(format!("{} of {} data tests failed and {} could not run", report.fail, report.tests.len(), report.error)))
    }
}

pub fn query(a: QueryArgs) -> Result<()> {
    let dataset = Dataset::open(&a.data)?;
    // The learner's scratchpad runs in the same sandbox as `saaslab check`; before a build it
    // sees the raw tables alone.
    let sandbox = crate::sandbox::Sandbox::open(&dataset, crate::sandbox::Limits { max_rows: a.limit, truncate: true, timeout: std::time::Duration::from_secs(a.timeout), ..Default::default() }, false)?;
    let output = sandbox.run(&a.sql)?;
    let batches = output.batches;
    let total: usize = batches.iter().map(|b| b.num_rows()).sum();
    let (names, rows, numeric) = display::cells(&batches, a.limit);
    if a.json {
        say!("{}", to_json(&display::json_rows(&names, &rows, &numeric))?);
    } else {
        say!("{}", display::table(&names, &rows, &numeric));
        if output.truncated {
            say!("more than {} rows, first {} shown (--limit to see more)", group(rows.len() as u64), rows.len());
        } else if total > rows.len() {
            say!("{} rows, first {} shown (--limit to see more)", group(total as u64), rows.len());
        } else {
            say!("{} row{}", group(total as u64), if total == 1 { "" } else { "s" });
        }
    }
    Ok(())
}

pub fn export_dbt(out: &std::path::Path, data: &std::path::Path, force: bool) -> Result<()> {
    let dataset = Dataset::open(data)?;
    let project = pipeline::load_project(None)?;
    let files = pipeline::export::dbt_project(&project, &dataset, out, force)?;
    say!(
        "wrote a dbt-duckdb project ({files} files) to {} for the dataset in {}\nrun it: cd {} && dbt build --profiles-dir .  (see its README.md)",
        out.display(),
        dataset.dir.display(),
        out.display()
    );
    Ok(())
}
