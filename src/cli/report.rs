//! `saaslab report`: build the warehouse if it is not built (or is stale), read the figures,
//! write the page, say where it is.

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::pipeline::{self, materialize, render::Renderer, warehouse};
use crate::progress::Silent;
use crate::report;
use crate::text::{human_bytes, to_json};
use std::path::Path;

pub fn report(data: &Path, out: Option<&Path>, vs: Option<&Path>, json: bool, quiet: bool) -> Result<()> {
    let started = std::time::Instant::now();
    let dataset = Dataset::open(data)?;
    let other = vs.map(Dataset::open).transpose()?;
    for d in std::iter::once(&dataset).chain(other.as_ref()) {
        build_if_needed(d, quiet || json)?;
    }
    if !quiet && !json {
        eprintln!("reading the figures of {}{}, and running the data tests that guard the damaged tables (about 10 s on the default dataset)", dataset.dir.display(), other.as_ref().map(|o| format!(" and {}", o.dir.display())).unwrap_or_default());
    }
    let figures = report::figures_of(&dataset)?;
    let vs_figures = other.as_ref().map(report::figures_of).transpose()?;
    if json {
        let value = serde_json::json!({ "figures": figures, "vs": vs_figures });
        say!("{}", to_json(&value)?);
        return Ok(());
    }
    let page = report::html::page(&figures, vs_figures.as_ref());
    let target = out.map(Path::to_path_buf).unwrap_or_else(|| dataset.dir.join("report.html"));
    if target.is_dir() {
        return Err(Error::input(format!("{} is a folder: give --out a file name such as report.html", target.display())));
    }
    // Written beside and renamed, so a reader never sees half a page.
    let tmp = target.with_extension("html.tmp");
    std::fs::write(&tmp, &page).map_err(|e| Error::io("cannot write", &tmp, e))?;
    std::fs::rename(&tmp, &target).map_err(|e| Error::io("cannot write", &target, e))?;
    if !quiet {
        say!("wrote {} ({}) in {:.1} s: open it in any browser, offline", target.display(), human_bytes(page.len() as u64), started.elapsed().as_secs_f64());
    }
    Ok(())
}

/// A dataset whose warehouse is missing, unfinished or from other data is built first.
fn build_if_needed(dataset: &Dataset, quiet: bool) -> Result<()> {
    let ready = warehouse::open_read_only(dataset).and_then(|c| warehouse::ready(&c, dataset)).is_ok();
    if ready {
        return Ok(());
    }
    if !quiet {
        eprintln!("building the warehouse of {} first (saaslab build)", dataset.dir.display());
    }
    let project = pipeline::load_project(None)?;
    let renderer = Renderer::new(&project, &pipeline::vars_for(&project, dataset))?;
    materialize::build(&project, dataset, &renderer, &materialize::BuildOptions::default(), &mut Silent)?;
    Ok(())
}
