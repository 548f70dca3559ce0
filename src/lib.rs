//! saaslab: simulate a B2B IoT-monitoring SaaS company, build its analytics pipeline, check
//! learners' SQL.
//!
//! Data flows one way: `scenario` → `sim` (census, lives, rows into `tables`) → `sink`
//! (Parquet, CSV) → a dataset folder with `manifest` and truth. `generate` drives that flow;
//! `pipeline` runs the reference dbt project on a dataset into a DuckDB warehouse.
//! `cli` is the command line on top.

pub mod cli;
pub mod cli_exercise;
pub mod cli_pipeline;
pub mod check;
pub mod embedded;
pub mod error;
pub mod exercise;
pub mod generate;
pub mod load;
pub mod manifest;
pub mod pipeline;
pub mod rng;
pub mod sandbox;
pub mod scenario;
pub mod sim;
pub mod sink;
pub mod tables;
pub mod world;
