//! saaslab: simulate a B2B IoT-monitoring SaaS company, build its analytics pipeline, check
//! learners' SQL.
//!
//! Data flows one way: `scenario` → `sim` (census, lives, rows into `tables`) → `sink`
//! (Parquet, CSV) → a `dataset` folder with its manifest and truth. `generate` drives that
//! flow; `pipeline` runs the reference dbt project on a dataset into a DuckDB warehouse;
//! `check` grades a learner's SQL on it; `load` copies it into PostgreSQL. Library code
//! reports through `progress` and returns values; `cli` is the command line on top and the
//! only module that prints.

pub mod check;
pub mod class;
pub mod cli;
pub mod dataset;
pub mod dirs;
pub mod embedded;
pub mod error;
pub mod exercise;
pub mod generate;
pub mod grade;
pub mod load;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod rng;
pub mod sandbox;
pub mod scenario;
pub mod sim;
pub mod sink;
pub mod tables;
pub mod text;
pub mod world;
