//! The reference pipeline: a dbt project (`pipeline/`, embedded in the binary) run on the
//! dataset in embedded DuckDB. Data flows one way: `project` (read the files) → `render`
//! (Jinja to SQL) → `materialize` (models into `warehouse`) → `checks` (data tests).

pub mod checks;
pub mod display;
pub mod export;
pub mod materialize;
pub mod project;
pub mod render;
pub mod select;
pub mod warehouse;

use crate::error::Result;
use project::Project;
use serde_yaml::Value as Yaml;
use std::collections::BTreeMap;
use std::path::Path;
use crate::dataset::Dataset;

/// The built-in project, or an edited copy on disk.
pub fn load_project(folder: Option<&Path>) -> Result<Project> {
    match folder {
        Some(dir) => Project::from_folder(dir),
        None => Project::embedded(),
    }
}

/// The project's vars with the dataset's own: where it is and the dates it covers.
pub fn vars_for(project: &Project, dataset: &Dataset) -> BTreeMap<String, Yaml> {
    let mut vars = project.vars.clone();
    vars.insert("data_dir".into(), Yaml::String(dataset.dir.display().to_string()));
    vars.insert("start_date".into(), Yaml::String(dataset.start()));
    vars.insert("as_of_date".into(), Yaml::String(dataset.end()));
    vars
}
