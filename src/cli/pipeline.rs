//! What `saaslab build`, `test` and `query` print: the pipeline's runs as a person reads them
//! (per-model and per-test lines, a KPI summary) or as JSON.

use super::{BuildArgs, PipelineArgs, QueryArgs, ResourceTypeArg, SelectArgs};
use crate::pipeline::project::Project;
use crate::pipeline::select::{Graph, Node};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeSet;
use std::io::IsTerminal;
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
    let options = materialize::BuildOptions {
        full_refresh: b.full_refresh,
        select: a.selection.select.clone(),
        exclude: a.selection.exclude.clone(),
        resources: warehouse::Resources { threads: b.threads.map(usize::from), memory_limit: b.memory_limit.clone() },
    };
    let report = if a.quiet || a.json {
        materialize::build(&project, &dataset, &renderer, &options, &mut Silent)?
    } else {
        eprintln!("building {} from {} on {} ({} to {})", if options.select.is_empty() && options.exclude.is_empty() { format!("{} models", project.models.len()) } else { "the selected models".to_string() }, project.describe(), dataset.dir.display(), dataset.start(), dataset.end());
        let mut lines = ModelLines::new();
        let result = materialize::build(&project, &dataset, &renderer, &options, &mut |e: materialize::BuildEvent| lines.show(e));
        lines.finish();
        result?
    };
    if report.models.is_empty() {
        say!("nothing to build: the selection holds no models");
        return Ok(());
    }
    let conn = warehouse::open_read_only(&dataset)?;
    let kpis = warehouse::kpis(&conn);
    if a.json {
        let mut value = serde_json::to_value(&report).map_err(|e| Error::Io(e.to_string()))?;
        value["kpis"] = kpis.clone().unwrap_or(serde_json::Value::Null);
        say!("{}", to_json(&value)?);
    } else {
        say!("\nbuilt {} model{} into {} in {:.1} s", report.models.len(), if report.models.len() == 1 { "" } else { "s" }, report.warehouse, report.seconds);
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
    let only = selected_tests(&project, &renderer, &a.selection)?;
    if only.as_ref().is_some_and(|o| o.is_empty()) {
        say!("nothing to test: the selection holds no tests");
        return Ok(());
    }
    let conn = warehouse::open_read_only(&dataset)?;
    warehouse::ready(&conn, &dataset)?;
    let report = if a.quiet || a.json {
        checks::run(&project, &renderer, &conn, only.as_ref(), &mut Silent)?
    } else {
        checks::run(&project, &renderer, &conn, only.as_ref(), &mut |t: checks::TestRan| {
            let label = match t.run.status {
                "pass" => "PASS".to_string(),
                "error" => "ERROR".to_string(),
                s => format!("{} {}", s.to_uppercase(), t.run.failures),
            };
            eprintln!("{:>3} of {}  {:<10} {:<72} {:>6.2} s", t.index, t.total, label, t.run.name, t.run.seconds);
        })?
    };
    checks::save(&dataset, &project, &report);
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
    print_rows(&dataset, &a.sql, a.limit, a.timeout, a.json, a.wide)
}

/// Run one read-only statement in the learner's sandbox (the one `saaslab check` uses; before
/// a build it sees the raw tables alone) and print its first `limit` rows.
fn print_rows(dataset: &Dataset, sql: &str, limit: usize, timeout: u64, json: bool, wide: bool) -> Result<()> {
    let sandbox = crate::sandbox::Sandbox::open(dataset, crate::sandbox::Limits { max_rows: limit, truncate: true, timeout: std::time::Duration::from_secs(timeout), ..Default::default() }, false)?;
    let output = sandbox.run(sql)?;
    let batches = output.batches;
    let total: usize = batches.iter().map(|b| b.num_rows()).sum();
    let (names, rows, numeric) = display::cells(&batches, limit);
    if json {
        say!("{}", to_json(&display::OrderedRows { names: &names, rows: &rows, numeric: &numeric })?);
    } else {
        // On a terminal a result wider than the window drops middle columns (as the DuckDB
        // shell does) unless --wide; a pipe or file gets every column.
        let width = if wide { None } else { terminal_width() };
        let (text, hidden) = match width {
            Some(w) => display::table_within(&names, &rows, &numeric, w),
            None => (display::table(&names, &rows, &numeric), 0),
        };
        say!("{text}");
        if hidden > 0 {
            say!("{hidden} of {} columns hidden to fit the terminal (--wide shows them all)", names.len());
        }
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

pub fn export_dbt(out: &std::path::Path, data: &std::path::Path, force: bool, target: super::DbtTargetArg, url: Option<&str>) -> Result<()> {
    use pipeline::export::DbtTarget;
    let target = match (target, url) {
        (super::DbtTargetArg::Duckdb, None) => DbtTarget::Duckdb,
        (super::DbtTargetArg::Spark, None) => DbtTarget::Spark,
        (super::DbtTargetArg::Duckdb | super::DbtTargetArg::Spark, Some(_)) => {
            return Err(Error::input("--url is for --target postgres: a DuckDB or Spark project reads the dataset's files"));
        }
        (super::DbtTargetArg::Postgres, Some(url)) => DbtTarget::postgres(url)?,
        (super::DbtTargetArg::Postgres, None) => {
            return Err(Error::input(
                "--target postgres needs --url: the database the dataset was loaded into (saaslab load postgres URL --data DIR)",
            ));
        }
    };
    let dataset = Dataset::open(data)?;
    let project = pipeline::load_project(None)?;
    let files = pipeline::export::dbt_project(&project, &dataset, out, force, &target)?;
    say!(
        "wrote a {} project ({files} files) to {} for the dataset in {}\nrun it: cd {} && dbt build --profiles-dir .  (see its README.md)",
        target.adapter(),
        out.display(),
        dataset.dir.display(),
        out.display()
    );
    Ok(())
}

/// The names of the tests a selection holds; None when nothing was selected (every test).
fn selected_tests(project: &Project, renderer: &Renderer, selection: &SelectArgs) -> Result<Option<BTreeSet<String>>> {
    if selection.select.is_empty() && selection.exclude.is_empty() {
        return Ok(None);
    }
    let graph = project_graph(project, renderer)?;
    let chosen = graph.select(&selection.select, &selection.exclude)?;
    Ok(Some(chosen.into_iter().filter_map(|n| if let Node::Test(t) = n { Some(t) } else { None }).collect()))
}

fn project_graph(project: &Project, renderer: &Renderer) -> Result<Graph> {
    let parsed = materialize::parse(project, renderer)?;
    materialize::graph(project, renderer, &parsed)
}

/// What `build` prints while it runs: on a terminal, finished models as lines above a live
/// line naming the model being built and how long it has taken; elsewhere (a log, a pipe), a
/// START line before each model as dbt prints.
struct ModelLines {
    bar: Option<ProgressBar>,
}

impl ModelLines {
    fn new() -> ModelLines {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        ModelLines { bar }
    }

    fn show(&mut self, event: materialize::BuildEvent) {
        match event {
            materialize::BuildEvent::Started { index, total, model, materialized } => match &self.bar {
                Some(bar) => {
                    bar.reset_elapsed();
                    bar.set_message(format!("{index:>3} of {total}  building {materialized} {model} …"));
                }
                None => eprintln!("{index:>3} of {total}  START  {materialized:<12} {model}"),
            },
            materialize::BuildEvent::Finished { index, total, run } => {
                let outcome = match run.status {
                    "success" => run.rows.map(|r| format!("{} rows", group(r))).unwrap_or_else(|| "OK".to_string()),
                    "skipped" => "SKIP".to_string(),
                    _ => "ERROR".to_string(),
                };
                let line = format!("{:>3} of {}  {:<12} {:<44} {:>16}  {:>6.2} s", index, total, run.materialized, run.model, outcome, run.seconds);
                match &self.bar {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// `saaslab ls`: what a selection resolves to, models in build order.
pub fn ls(selection: &SelectArgs, kind: Option<ResourceTypeArg>, folder: Option<&std::path::Path>, json: bool) -> Result<()> {
    let project = pipeline::load_project(folder)?;
    let renderer = Renderer::new(&project, &project.vars)?;
    let parsed = materialize::parse(&project, &renderer)?;
    let graph = materialize::graph(&project, &renderer, &parsed)?;
    let chosen = graph.select(&selection.select, &selection.exclude)?;
    let wanted = |n: &Node| match kind {
        None => true,
        Some(ResourceTypeArg::Model) => matches!(n, Node::Model(_)),
        Some(ResourceTypeArg::Test) => matches!(n, Node::Test(_)),
        Some(ResourceTypeArg::Source) => matches!(n, Node::Source(..)),
    };
    // Sources first, then models as they build, then tests: the order a reader follows.
    let mut nodes: Vec<Node> = chosen.iter().filter(|n| matches!(n, Node::Source(..))).cloned().collect();
    nodes.extend(materialize::order(&project, &parsed)?.into_iter().map(|m| Node::Model(m.name.clone())).filter(|n| chosen.contains(n)));
    nodes.extend(chosen.iter().filter(|n| matches!(n, Node::Test(_))).cloned());
    nodes.retain(wanted);
    if json {
        let rows: Vec<serde_json::Value> = nodes
            .iter()
            .map(|n| {
                let f = &graph.nodes[n];
                serde_json::json!({
                    "name": n.name(),
                    "resource_type": n.resource_type(),
                    "path": f.path,
                    "materialized": if f.materialized.is_empty() { serde_json::Value::Null } else { f.materialized.clone().into() },
                    "tags": f.tags,
                    "depends_on": f.parents.iter().map(|p| format!("{}.{}", p.resource_type(), p.name())).collect::<Vec<_>>(),
                })
            })
            .collect();
        say!("{}", to_json(&serde_json::Value::Array(rows))?);
        return Ok(());
    }
    for n in &nodes {
        let f = &graph.nodes[n];
        let detail = match n {
            Node::Model(_) => f.materialized.clone(),
            Node::Test(_) => f.test_name.clone(),
            Node::Source(..) => String::new(),
        };
        say!("{:<7} {:<72} {:<12} {}", n.resource_type(), n.name(), detail, f.path);
    }
    if !std::io::stdout().is_terminal() {
        return Ok(());
    }
    let count = |t: &str| nodes.iter().filter(|n| n.resource_type() == t).count();
    eprintln!("{} models, {} tests, {} sources", count("model"), count("test"), count("source"));
    Ok(())
}

/// `saaslab show MODEL`: the first rows of a built model.
pub fn show(model: &str, data: &std::path::Path, limit: usize, folder: Option<&std::path::Path>, json: bool, wide: bool) -> Result<()> {
    let project = pipeline::load_project(folder)?;
    if project.model(model).is_none() {
        let renderer = Renderer::new(&project, &project.vars)?;
        // The selection's own words for a name that is not there ("did you mean …").
        project_graph(&project, &renderer)?.select(&[model.to_string()], &[])?;
        return Err(Error::input(format!("{model} is not a model of {}; `saaslab ls --resource-type model` lists them", project.describe())));
    }
    let dataset = Dataset::open(data)?;
    let conn = warehouse::open_read_only(&dataset)?;
    warehouse::ready(&conn, &dataset)?;
    drop(conn);
    print_rows(&dataset, &format!("select * from main.{model}"), limit, 30, json, wide)
}

/// The width of the terminal standard output is, if it is one.
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    // SAFETY: TIOCGWINSZ fills a winsize struct, which lives on this stack frame.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col > 0).then_some(usize::from(size.ws_col))
}
