//! Loading a generated dataset into a database: dataset → database, one schema per source.

pub mod postgres;
