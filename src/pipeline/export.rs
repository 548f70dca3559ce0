//! `saaslab export dbt OUT`: the reference pipeline as a dbt-duckdb project of its own, pointed
//! at a dataset: the project files, its vars set to the dataset's folder and dates, a
//! `profiles.yml` with a DuckDB target inside OUT, and a README of how to run it.

use super::project::Project;
use crate::dataset::Dataset;
use crate::sink::Format;
use crate::error::{Error, Result};
use std::path::Path;

/// Write the project; returns how many files were written.
pub fn dbt_project(project: &Project, dataset: &Dataset, out: &Path, force: bool) -> Result<usize> {
    if dataset.format() != Format::Parquet {
        return Err(Error::input(format!(
            "{} is a {} dataset; the exported project reads Parquet through dbt-duckdb's external locations. Regenerate it with `saaslab generate --format parquet`.",
            dataset.dir.display(),
            dataset.format().name()
        )));
    }
    if out.exists() && !out.is_dir() {
        return Err(Error::input(format!("{} is a file, not a folder: choose another folder for the project", out.display())));
    }
    if out.is_dir() && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(false) && !force {
        return Err(Error::input(format!("{} already exists and is not empty: choose another folder or pass --force", out.display())));
    }
    let write = |relative: &str, text: &str| -> Result<()> {
        let path = out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
    };
    let data_dir = dataset.dir.display().to_string();
    for (path, text) in &project.files {
        let text = if path == "dbt_project.yml" { point_vars(text, &data_dir, &dataset.start(), &dataset.end()) } else { text.clone() };
        write(path, &text)?;
    }
    let out_abs = std::fs::canonicalize(out).map_err(|e| Error::io("cannot resolve", out, e))?;
    write(
        "profiles.yml",
        &format!(
            "# The DuckDB database dbt builds into; the raw data stays in {data_dir}.\nsaaslab:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: {:?}\n      threads: 2\n",
            out_abs.join("dbt.duckdb").display().to_string()
        ),
    )?;
    write("README.md", &readme(dataset))?;
    Ok(project.files.len() + 2)
}

/// Set `data_dir`, `start_date` and `as_of_date` under `vars:` to the dataset's.
fn point_vars(text: &str, data_dir: &str, start: &str, end: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let set = |key: &str, value: &str| format!("{indent}{key}: {value:?}");
        let line = if trimmed.starts_with("data_dir:") {
            set("data_dir", data_dir)
        } else if trimmed.starts_with("start_date:") {
            set("start_date", start)
        } else if trimmed.starts_with("as_of_date:") {
            set("as_of_date", end)
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn readme(dataset: &Dataset) -> String {
    format!(
        "# saaslab reference pipeline (dbt-duckdb)\n\n\
         Exported by `saaslab export dbt` for the dataset in `{dir}` (scenario `{scenario}`, seed {seed},\n\
         {start} to {end}). The sources read its Parquet files through dbt-duckdb's external\n\
         locations (`meta.external_location` in `models/sources/`); the models are built into\n\
         `dbt.duckdb` here.\n\n\
         ```sh\n\
         python3 -m venv .venv && .venv/bin/pip install \"dbt-core<1.12\" dbt-duckdb\n\
         DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/dbt build --profiles-dir .\n\
         duckdb dbt.duckdb \"select * from executive_customer_health_kpis\"   # or any DuckDB client\n\
         ```\n\n\
         `dbt build` runs every model and every test; `dbt test --select entity_customers` tests one\n\
         model. Vars (`dbt_project.yml`): `data_dir`, `start_date` and `as_of_date` are the dataset's;\n\
         `churn_lookback_days` and `daily_snapshot_days` are yours to change. `saaslab build` runs the\n\
         same project and gives the same tables.\n",
        dir = dataset.dir.display(),
        scenario = dataset.scenario_name(),
        seed = dataset.seed(),
        start = dataset.start(),
        end = dataset.end()
    )
}
