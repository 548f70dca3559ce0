//! `saaslab report`: the company in pictures — one self-contained HTML page of charts drawn from
//! the built warehouse's marts, optionally beside a second dataset (`--vs`). Data flows one way:
//! `figures` (read the marts) → `svg` (draw) → `html` (the page). The same dataset gives the
//! same bytes: no clock, no randomness, fixed number formats.

pub mod figures;
pub mod html;
pub mod sections;
pub mod svg;

use crate::dataset::Dataset;
use crate::error::Result;
use crate::pipeline::{self, render::Renderer, warehouse};
use figures::Figures;

/// The figures of a built dataset (refused, with what to do, when it is not built or stale).
pub fn figures_of(dataset: &Dataset) -> Result<Figures> {
    let conn = warehouse::open_read_only(dataset)?;
    warehouse::ready(&conn, dataset)?;
    let mut figures = figures::read(dataset, &conn)?;
    let project = pipeline::load_project(None)?;
    let renderer = Renderer::new(&project, &pipeline::vars_for(&project, dataset))?;
    figures.guards = figures::guards(dataset, &figures.defects, &project, &renderer, &conn)?;
    Ok(figures)
}
