//! Finding, merging and reading scenarios, with errors that point at the file, key and line.
//!
//! A scenario is a built-in name (`baseline`) or a path to a TOML file. A file may say
//! `extends = "baseline"` (or a path, relative to itself) and override a few keys: tables merge
//! key by key, anything else (numbers, strings, arrays such as `shocks`) is replaced whole.

use super::model::Scenario;
use super::validate;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The built-in scenarios, embedded so an installed binary works from any directory.
pub const BUILTINS: &[(&str, &str)] = &[
    ("baseline", include_str!("../../scenarios/baseline.toml")),
    ("clean", include_str!("../../scenarios/clean.toml")),
    ("price_increase", include_str!("../../scenarios/price_increase.toml")),
    ("firmware_outage", include_str!("../../scenarios/firmware_outage.toml")),
    ("recession", include_str!("../../scenarios/recession.toml")),
    ("growth_push", include_str!("../../scenarios/growth_push.toml")),
    ("check", include_str!("../../scenarios/check.toml")),
];

/// One file of an `extends` chain: where it came from, its text and its parsed table.
struct Source {
    label: String,
    dir: Option<PathBuf>,
    text: String,
    table: toml::Table,
}

/// Load a scenario by built-in name or path, resolve its `extends` chain and validate it.
pub fn load(name_or_path: &str) -> Result<Scenario> {
    let chain = read_chain(name_or_path, None)?;
    let mut merged = toml::Table::new();
    for source in chain.iter().rev() {
        merge(&mut merged, source.table.clone());
    }
    merged.remove("extends");
    let scenario: Scenario = serde_path_to_error::deserialize(toml::Value::Table(merged))
        .map_err(|e| {
            let path = key_path(e.path());
            let message = e.inner().message().to_string();
            located_error(&chain, &path, &message)
        })?;
    if let Err(problem) = validate::validate(&scenario) {
        return Err(located_error(&chain, &problem.key, &problem.message));
    }
    Ok(scenario)
}

/// The one-line descriptions of the built-ins, for `saaslab scenarios`.
pub fn builtin_descriptions() -> Result<Vec<(String, String)>> {
    BUILTINS
        .iter()
        .map(|(name, _)| load(name).map(|s| (name.to_string(), s.description)))
        .collect()
}

fn read_chain(name_or_path: &str, relative_to: Option<&Path>) -> Result<Vec<Source>> {
    let mut chain: Vec<Source> = Vec::new();
    let mut next = Some((name_or_path.to_string(), relative_to.map(Path::to_path_buf)));
    while let Some((name, dir)) = next.take() {
        if chain.len() >= 8 {
            return Err(Error::input(format!(
                "scenario {}: `extends` chains more than 8 deep (a cycle?): {}",
                chain[0].label,
                chain.iter().map(|s: &Source| s.label.as_str()).collect::<Vec<_>>().join(" -> ")
            )));
        }
        let source = read_one(&name, dir.as_deref())?;
        if let Some(parent) = source.table.get("extends") {
            let Some(parent) = parent.as_str() else {
                return Err(located_error(
                    &[source],
                    &["extends".into()],
                    "`extends` must be a string: a built-in scenario name or a path to a .toml file",
                ));
            };
            next = Some((parent.to_string(), source.dir.clone()));
        }
        chain.push(source);
    }
    Ok(chain)
}

fn read_one(name: &str, dir: Option<&Path>) -> Result<Source> {
    let (label, dir, text) = if let Some((builtin, text)) = BUILTINS.iter().find(|(n, _)| *n == name) {
        (format!("scenarios/{builtin}.toml (built-in)"), None, text.to_string())
    } else {
        let path = match dir {
            Some(d) if Path::new(name).is_relative() => d.join(name),
            _ => PathBuf::from(name),
        };
        if !path.is_file() {
            let names: Vec<_> = BUILTINS.iter().map(|(n, _)| *n).collect();
            return Err(Error::input(format!(
                "unknown scenario `{name}`: it is not a built-in ({}) and there is no file at {}. \
                 Run `saaslab scenarios` to list the built-ins, or give the path to a .toml file.",
                names.join(", "),
                path.display()
            )));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io("cannot read scenario", &path, e))?;
        (path.display().to_string(), path.parent().map(Path::to_path_buf), text)
    };
    let table: toml::Table = toml::from_str(&text)
        .map_err(|e| Error::input(format!("scenario {label} is not valid TOML: {e}")))?;
    Ok(Source { label, dir, text, table })
}

/// Deep-merge `over` onto `base`: tables merge key by key, everything else is replaced.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// A key path as strings: table keys, and array indices as numbers.
fn key_path(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Map { key } => Some(key.clone()),
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// Build the error for a key: name the most-derived file of the chain that sets the key (or
/// its nearest parent table), with the line where it does.
fn located_error(chain: &[Source], key: &[String], message: &str) -> Error {
    let dotted = if key.is_empty() { "(top level)".to_string() } else { key.join(".") };
    // The file that spells out most of the key wins; among equals, the most derived one.
    let mut best: Option<(usize, usize, &Source)> = None;
    for source in chain {
        if let Some((depth, line)) = line_of(&source.text, key) {
            if best.is_none_or(|(d, _, _)| depth > d) {
                best = Some((depth, line, source));
            }
        }
    }
    match best {
        Some((_, line, source)) => Error::input(format!(
            "scenario {}, line {line}, key `{dotted}`: {message}",
            source.label
        )),
        None => Error::input(format!("scenario {}, key `{dotted}`: {message}", chain[0].label)),
    }
}

/// How many segments of `key` `text` spells out, and the 1-based line of the deepest one;
/// None if not even the first segment is there.
fn line_of(text: &str, key: &[String]) -> Option<(usize, usize)> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut value_here: Option<&DeValue> = None;
    let mut table: Option<&DeTable> = Some(doc.get_ref());
    let mut offset = None;
    let mut depth = 0;
    for segment in key {
        let next = if let Some(t) = table {
            t.iter().find(|(k, _)| k.get_ref().as_ref() == segment.as_str()).map(|(k, v)| (k.span().start, v))
        } else if let Some(DeValue::Array(items)) = value_here {
            let index: usize = segment.parse().ok()?;
            items.get(index).map(|v| (v.span().start, v))
        } else {
            None
        };
        let Some((start, v)) = next else { break };
        offset = Some(start);
        depth += 1;
        value_here = Some(v.get_ref());
        table = match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    offset.map(|o| (depth, text[..o.min(text.len())].matches('\n').count() + 1))
}
