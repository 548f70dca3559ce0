//! `saaslab build`: render every model, order them by their refs, and materialize them in the
//! warehouse as dbt would: views, tables, and incremental tables that take in only new rows
//! (delete + insert on the unique key).

use super::project::{Model, Project};
use super::render::{relation, Rendered, Renderer};
use super::select::{Graph, Node};
use super::warehouse;
use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::progress::Progress;
use duckdb::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

#[derive(Clone, Debug, Serialize)]
pub struct ModelRun {
    pub model: String,
    pub materialized: String,
    /// How an incremental model ran: `full` or `incremental`.
    pub mode: &'static str,
    /// `success`, `error`, or `skipped` (downstream of a model that failed).
    pub status: &'static str,
    pub rows: Option<u64>,
    pub seconds: f64,
    /// Why it failed or was skipped.
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct BuildReport {
    pub warehouse: String,
    pub full_refresh: bool,
    /// Whether `--select` / `--exclude` chose some of the models.
    pub selected: bool,
    pub models: Vec<ModelRun>,
    pub seconds: f64,
}

/// Render every model once without incremental logic: what each refers to.
pub fn parse(project: &Project, renderer: &Renderer) -> Result<BTreeMap<String, Rendered>> {
    let mut out = BTreeMap::new();
    for m in &project.models {
        out.insert(m.name.clone(), renderer.render(&m.path, &project.files[&m.path], &relation(&m.name), false)?);
    }
    Ok(out)
}

/// Models in an order where each comes after everything it refs (ties by name, so the order
/// is always the same). A cycle is an input error naming the models in it, in ref order.
pub fn order<'p>(project: &'p Project, parsed: &BTreeMap<String, Rendered>) -> Result<Vec<&'p Model>> {
    let mut waiting: BTreeMap<&str, BTreeSet<&str>> =
        project.models.iter().map(|m| (m.name.as_str(), parsed[&m.name].refs.iter().map(String::as_str).collect())).collect();
    let mut done: Vec<&Model> = Vec::new();
    while !waiting.is_empty() {
        let ready: Vec<&str> = waiting.iter().filter(|(_, deps)| deps.is_empty()).map(|(n, _)| *n).collect();
        if ready.is_empty() {
            return Err(Error::input(format!(
                "the models' refs form a cycle: {} (each refs the next). Remove one of those refs.",
                cycle(&waiting).join(" → ")
            )));
        }
        for name in ready {
            waiting.remove(name);
            for deps in waiting.values_mut() {
                deps.remove(name);
            }
            done.push(project.model(name).unwrap());
        }
    }
    Ok(done)
}

/// One cycle among models that all still wait for something, as the path that closes it
/// (`a, b, a`): from the first model by name, follow its first remaining ref until a model
/// repeats. Every model left waits on another model left, so the walk must meet itself.
fn cycle<'a>(waiting: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<&'a str> {
    let mut path: Vec<&str> = Vec::new();
    let mut at = *waiting.keys().next().expect("something is waiting");
    loop {
        if let Some(start) = path.iter().position(|&n| n == at) {
            let mut cycle = path.split_off(start);
            cycle.push(at);
            return cycle;
        }
        path.push(at);
        match waiting.get(at).and_then(|deps| deps.iter().find(|d| waiting.contains_key(*d))) {
            Some(next) => at = next,
            None => return path,
        }
    }
}

/// Render every singular test once: what each reads.
pub fn parse_singular_tests(project: &Project, renderer: &Renderer) -> Result<BTreeMap<String, Rendered>> {
    let mut out = BTreeMap::new();
    for (name, path) in &project.singular_tests {
        out.insert(name.clone(), renderer.render(path, &project.files[path], &relation(name), false)?);
    }
    Ok(out)
}

/// The project's graph, for selection.
pub fn graph(project: &Project, renderer: &Renderer, parsed: &BTreeMap<String, Rendered>) -> Result<Graph> {
    Ok(Graph::new(project, parsed, &parse_singular_tests(project, renderer)?))
}

#[derive(Default)]
pub struct BuildOptions {
    pub full_refresh: bool,
    /// dbt's `--select` / `--exclude`; both empty builds every model.
    pub select: Vec<String>,
    pub exclude: Vec<String>,
    pub resources: warehouse::Resources,
}

impl BuildOptions {
    fn selects_all(&self) -> bool {
        self.select.iter().all(|s| s.trim().is_empty()) && self.exclude.iter().all(|s| s.trim().is_empty())
    }
}

/// What a build tells its watcher: a model starts (dbt's START line), then ends as built,
/// failed or skipped (downstream of a failure). `index` counts from 1 to `total`.
#[derive(Clone, Debug)]
pub enum BuildEvent {
    Started { index: usize, total: usize, model: String, materialized: String },
    Finished { index: usize, total: usize, run: ModelRun },
}

pub fn build(project: &Project, dataset: &Dataset, renderer: &Renderer, opts: &BuildOptions, progress: &mut impl Progress<BuildEvent>) -> Result<BuildReport> {
    let started = Instant::now();
    let _lock = warehouse::lock_for_build(dataset)?;
    let parsed = parse(project, renderer)?;
    let ordered = order(project, &parsed)?;
    let everything = opts.selects_all();
    let chosen: BTreeSet<String> = if everything {
        ordered.iter().map(|m| m.name.clone()).collect()
    } else {
        graph(project, renderer, &parsed)?
            .select(&opts.select, &opts.exclude)?
            .into_iter()
            .filter_map(|n| if let Node::Model(m) = n { Some(m) } else { None })
            .collect()
    };
    let ordered: Vec<&Model> = ordered.into_iter().filter(|m| chosen.contains(&m.name)).collect();

    // A warehouse built from other data (the folder was regenerated) starts over, or its
    // incremental models would mix two datasets.
    let path = dataset.warehouse_path();
    let mut full_refresh = opts.full_refresh;
    let mut was_complete = false;
    let mut same = false;
    let mut there: BTreeSet<String> = BTreeSet::new();
    if path.exists() {
        // A file another program holds open is left alone (its lock is the error); one that
        // does not open at all (damaged) is replaced.
        match Connection::open(&path) {
            Ok(c) => {
                same = warehouse::built_from(&c).as_deref() == Some(dataset.fingerprint.as_str());
                was_complete = same && warehouse::build_finished(&c);
                if same {
                    there = project.models.iter().filter(|m| kind_of(&c, &m.name).is_some()).map(|m| m.name.clone()).collect();
                }
            }
            Err(e) => {
                if let Some(in_use) = warehouse::lock_conflict(dataset, &e.to_string()) {
                    return Err(in_use);
                }
            }
        }
    }
    // A selection builds on what is there: the models it reads but does not build must be in
    // a warehouse of this data.
    if !everything {
        let missing: Vec<String> = ordered
            .iter()
            .flat_map(|m| parsed[&m.name].refs.iter().filter(|r| !chosen.contains(*r)).map(move |r| (r, &m.name)))
            .filter(|(r, _)| !there.contains(*r))
            .map(|(r, m)| format!("{r} (read by {m})"))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if !missing.is_empty() {
            return Err(Error::input(format!(
                "the selection reads models that are not built in {}: {}. Add them to the selection (`--select +MODEL` builds a model with everything upstream) or run a full `saaslab build` first.",
                path.display(),
                missing.join(", ")
            )));
        }
    }
    // `--full-refresh` with a selection rebuilds the selected incremental models alone.
    if path.exists() && (!same || (full_refresh && everything)) {
        full_refresh = true;
        for p in [path.clone(), path.with_extension("duckdb.wal")] {
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| Error::io("cannot replace the warehouse", &p, e))?;
            }
        }
    } else if !path.exists() {
        full_refresh = true;
    }
    let conn = warehouse::open_for_build(dataset, &opts.resources)?;
    dataset.expose_sources(&conn)?;
    // Until every model is built, readers are told the build did not finish. A selection on a
    // finished warehouse replaces each model it builds in one statement, so readers keep a
    // whole warehouse throughout, as under dbt.
    let keeps_complete = !everything && was_complete;
    if !keeps_complete {
        warehouse::record_build(&conn, dataset, false)?;
    }

    let compiled_dir = dataset.dir.join("target").join("compiled");
    let total = ordered.len();
    let mut runs: Vec<ModelRun> = Vec::new();
    let mut failures: Vec<String> = Vec::new();
    let mut broken: BTreeSet<&str> = BTreeSet::new();
    for (i, model) in ordered.iter().enumerate() {
        let index = i + 1;
        let materialized = parsed[&model.name].config.get("materialized").cloned().unwrap_or_else(|| model.materialized.clone());
        let mut run = ModelRun { model: model.name.clone(), materialized: materialized.clone(), status: "success", mode: "", rows: None, seconds: 0.0, error: None };
        if let Some(upstream) = parsed[&model.name].refs.iter().find(|r| broken.contains(r.as_str())) {
            run.status = "skipped";
            run.error = Some(format!("skipped: {upstream} did not build"));
            broken.insert(&model.name);
            progress.report(BuildEvent::Finished { index, total, run: run.clone() });
            runs.push(run);
            continue;
        }
        progress.report(BuildEvent::Started { index, total, model: model.name.clone(), materialized: materialized.clone() });
        let t0 = Instant::now();
        match build_one(&conn, project, renderer, model, &materialized, full_refresh, &compiled_dir) {
            Ok((mode, rows)) => {
                run.mode = mode;
                run.rows = rows;
            }
            Err(e) => {
                run.status = "error";
                run.error = Some(e.to_string());
                failures.push(e.to_string());
                broken.insert(&model.name);
            }
        }
        run.seconds = t0.elapsed().as_secs_f64();
        progress.report(BuildEvent::Finished { index, total, run: run.clone() });
        runs.push(run);
    }
    if !failures.is_empty() {
        let skipped: Vec<&str> = runs.iter().filter(|r| r.status == "skipped").map(|r| r.model.as_str()).collect();
        let mut msg = failures.join("\n\n");
        if !skipped.is_empty() {
            msg.push_str(&format!("\n\nSkipped {} model{} downstream: {}.", skipped.len(), if skipped.len() == 1 { "" } else { "s" }, skipped.join(", ")));
        }
        let _ = conn.execute_batch("checkpoint");
        return Err(Error::input(msg));
    }
    if !keeps_complete {
        // Complete when every model of the project is now in the warehouse, built from this data.
        let all_there = everything || project.models.iter().all(|m| kind_of(&conn, &m.name).is_some());
        warehouse::record_build(&conn, dataset, all_there)?;
    }
    conn.execute_batch("checkpoint").map_err(|e| Error::io("cannot write", &path, e))?;
    Ok(BuildReport { warehouse: path.display().to_string(), full_refresh, selected: !everything, models: runs, seconds: started.elapsed().as_secs_f64() })
}

/// Render and materialize one model; how an incremental model ran and the rows of a table.
fn build_one(
    conn: &Connection,
    project: &Project,
    renderer: &Renderer,
    model: &Model,
    materialized: &str,
    full_refresh: bool,
    compiled_dir: &std::path::Path,
) -> Result<(&'static str, Option<u64>)> {
    let this = relation(&model.name);
    let existing = kind_of(conn, &model.name);
    let incremental = materialized == "incremental" && existing.as_deref() == Some("table") && !full_refresh;
    let rendered = renderer.render(&model.path, &project.files[&model.path], &this, incremental)?;
    write_compiled(compiled_dir, &model.path, &rendered.sql);
    let fail = |e: duckdb::Error| {
        let msg = e.to_string();
        // DuckDB's advice is in SQL; say it as saaslab's flags.
        let advice = if msg.contains("Out of Memory") {
            format!("\nsaaslab: give the build more memory (`--memory-limit 4GB`; the default is {}) or fewer threads (`--threads 1`).", warehouse::MEMORY_LIMIT)
        } else {
            String::new()
        };
        Error::input(format!("model {} ({}) failed: {msg}{advice}\nThe SQL that ran is in {}.", model.name, model.path, compiled_dir.join(&model.path).display()))
    };
    let sql = rendered.sql.trim().trim_end_matches(';');
    match materialized {
        "view" => {
            if existing.as_deref() == Some("table") {
                conn.execute_batch(&format!("drop table {this}")).map_err(fail)?;
            }
            conn.execute_batch(&format!("create or replace view {this} as (\n{sql}\n)")).map_err(fail)?;
        }
        "table" | "incremental" if !incremental => {
            if existing.as_deref() == Some("view") {
                conn.execute_batch(&format!("drop view {this}")).map_err(fail)?;
            }
            conn.execute_batch(&format!("create or replace table {this} as (\n{sql}\n)")).map_err(fail)?;
        }
        "incremental" => {
            let key = rendered.config.get("unique_key").cloned();
            let tmp = format!("{}__dbt_tmp", model.name);
            let mut batch = format!("begin;\ncreate or replace temp table {tmp} as (\n{sql}\n);\n");
            if let Some(key) = key {
                batch.push_str(&format!("delete from {this} where {key} in (select {key} from {tmp});\n"));
            }
            batch.push_str(&format!("insert into {this} by name select * from {tmp};\ndrop table {tmp};\ncommit;"));
            if let Err(e) = conn.execute_batch(&batch) {
                let _ = conn.execute_batch("rollback");
                return Err(fail(e));
            }
        }
        other => {
            return Err(Error::input(format!(
                "model {} ({}) asks for materialized='{other}'; saaslab builds view, table and incremental",
                model.name, model.path
            )))
        }
    }
    for hook in &rendered.post_hooks {
        conn.execute_batch(hook).map_err(fail)?;
    }
    let rows = if materialized == "view" {
        None
    } else {
        conn.query_row(&format!("select count(*) from {this}"), [], |r| r.get::<_, i64>(0)).ok().map(|n| n as u64)
    };
    let mode = if materialized != "incremental" { "" } else if incremental { "incremental" } else { "full" };
    Ok((mode, rows))
}

/// `table`, `view` or None for a relation in `main`.
fn kind_of(conn: &Connection, name: &str) -> Option<String> {
    conn.query_row(
        "select case when table_type = 'VIEW' then 'view' else 'table' end from information_schema.tables where table_schema = 'main' and table_name = ?",
        [name],
        |r| r.get(0),
    )
    .ok()
}

/// The rendered SQL beside the dataset, as dbt keeps it in target/compiled/, for debugging.
fn write_compiled(dir: &std::path::Path, path: &str, sql: &str) {
    let file = dir.join(path);
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = std::fs::write(file, sql);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_is_named_by_its_own_models_in_ref_order() {
        // a refs b, b refs c, c refs b; d (downstream of the cycle) is stuck but not in it.
        let waiting: BTreeMap<&str, BTreeSet<&str>> = [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["b"]), ("d", vec!["a", "c"])]
            .into_iter()
            .map(|(n, deps)| (n, deps.into_iter().collect()))
            .collect();
        assert_eq!(cycle(&waiting), ["b", "c", "b"]);
        let itself: BTreeMap<&str, BTreeSet<&str>> = [("m", ["m"].into_iter().collect())].into_iter().collect();
        assert_eq!(cycle(&itself), ["m", "m"]);
    }
}
