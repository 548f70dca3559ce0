//! Scenarios: the TOML files that set every parameter of the simulated world.

mod day;
pub use day::Day;
mod load;
mod model;
mod validate;

pub use load::{builtin_descriptions, load, BUILTINS};
pub use model::*;

/// Check a scenario changed after loading (for example by command-line flags): the key and
/// what is wrong, if anything.
pub fn check(s: &Scenario) -> Result<(), (String, String)> {
    validate::validate(s).map_err(|p| (p.key.join("."), p.message))
}
