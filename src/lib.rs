//! saaslab: simulate a B2B IoT-monitoring SaaS company, build its analytics pipeline, check
//! learners' SQL.
//!
//! Data flows one way: `scenario` → `sim` (census, lives, rows into `tables`) → `sink`
//! (Parquet, CSV) → a dataset folder with `manifest` and truth. `generate` drives that flow;
//! `cli` is the command line on top.

pub mod cli;
pub mod error;
pub mod generate;
pub mod manifest;
pub mod rng;
pub mod scenario;
pub mod sim;
pub mod sink;
pub mod tables;
pub mod world;
