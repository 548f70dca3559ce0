//! saaslab's integration tests: one binary (DuckDB is linked once), a module per area, and a
//! shared fixture (`common`) that generates each distinct dataset once per run and builds each
//! warehouse once, whichever tests ask for it.

mod common;

mod behaviour;
mod billing;
mod calibration;
mod check_cli;
mod cli;
mod compare;
mod dataset;
mod dbt;
mod deliver;
mod determinism;
mod exercises;
mod fuzz;
mod grade;
mod library;
mod marketing;
mod pipeline;
mod postgres;
mod readings;
mod realism;
mod report;
mod shards;
mod tour;
