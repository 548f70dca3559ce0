//! The dbt project on disk (or embedded in the binary): its files, `dbt_project.yml` (name,
//! vars, folder configs), the models, sources and tests its YAML declares, its macros and its
//! singular tests. Reading only; rendering is `render`, running is `materialize` and `checks`.

use crate::error::{Error, Result};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::embedded;

/// Where the project came from, for messages: "the built-in pipeline" or a folder.
#[derive(Clone, Debug)]
pub enum Origin {
    Embedded,
    Folder(PathBuf),
}

pub struct Project {
    pub origin: Origin,
    pub name: String,
    /// Path relative to the project root (forward slashes) → contents.
    pub files: BTreeMap<String, String>,
    pub vars: BTreeMap<String, Value>,
    pub models: Vec<Model>,
    pub sources: Vec<SourceTable>,
    pub generic_tests: Vec<GenericTest>,
    /// Singular tests: (name, path).
    pub singular_tests: Vec<(String, String)>,
    /// Macro files and the macro names each defines.
    pub macros: Vec<(String, Vec<String>)>,
}

/// A model file with the configuration its folders give it (a `config()` call in the file
/// overrides it when rendered).
#[derive(Clone, Debug)]
pub struct Model {
    pub name: String,
    pub path: String,
    pub materialized: String,
    pub tags: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct SourceTable {
    pub source: String,
    pub table: String,
    /// The YAML file that declares it.
    pub file: String,
}

/// What a generic test is attached to.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Model(String),
    Source(String, String),
}

#[derive(Clone, Debug)]
pub enum TestKind {
    Unique,
    NotNull,
    AcceptedValues(Vec<String>),
    Relationships { to: Target, field: String },
}

#[derive(Clone, Debug)]
pub struct GenericTest {
    pub name: String,
    pub target: Target,
    pub column: String,
    pub kind: TestKind,
    /// `warn` or `error` (dbt's default).
    pub severity: String,
    /// An optional filter on the tested relation (dbt's `where` config).
    pub filter: Option<String>,
    /// The YAML file that declares it, for messages.
    pub file: String,
}

impl Project {
    /// The project built into the binary.
    pub fn embedded() -> Result<Project> {
        let files = embedded::PIPELINE_FILES.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
        Project::from_files(Origin::Embedded, files)
    }

    /// A project folder on disk (an edited copy of `pipeline/`).
    pub fn from_folder(dir: &Path) -> Result<Project> {
        if !dir.join("dbt_project.yml").is_file() {
            return Err(Error::input(format!(
                "{} is not a dbt project: it has no dbt_project.yml. Point --pipeline at a copy of saaslab's pipeline/ folder, or leave the flag out to use the built-in one.",
                dir.display()
            )));
        }
        let files = embedded::read_folder(dir, &["sql", "yml", "yaml"])?;
        Project::from_files(Origin::Folder(dir.to_path_buf()), files)
    }

    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::Embedded => "the built-in pipeline".to_string(),
            Origin::Folder(p) => p.display().to_string(),
        }
    }

    fn from_files(origin: Origin, files: BTreeMap<String, String>) -> Result<Project> {
        let project_yml = files.get("dbt_project.yml").ok_or_else(|| Error::input("the pipeline has no dbt_project.yml"))?;
        let config: Value = parse_yaml("dbt_project.yml", project_yml)?;
        let name = config.get("name").and_then(Value::as_str).unwrap_or("saaslab").to_string();
        let mut vars = BTreeMap::new();
        if let Some(Value::Mapping(m)) = config.get("vars") {
            for (k, v) in m {
                if let Some(k) = k.as_str() {
                    vars.insert(k.to_string(), v.clone());
                }
            }
        }
        let folder_configs = config.get("models").and_then(|m| m.get(name.as_str())).cloned().unwrap_or(Value::Null);

        let mut models = Vec::new();
        let mut macros = Vec::new();
        let mut singular_tests = Vec::new();
        for (path, text) in &files {
            if let Some(rest) = path.strip_prefix("models/").filter(|_| path.ends_with(".sql")) {
                let folders: Vec<&str> = rest.split('/').collect();
                let name = folders.last().unwrap().trim_end_matches(".sql").to_string();
                let (materialized, tags) = folder_config(&folder_configs, &folders[..folders.len() - 1]);
                models.push(Model { name, path: path.clone(), materialized, tags });
            } else if path.starts_with("macros/") && path.ends_with(".sql") {
                macros.push((path.clone(), macro_names(text)));
            } else if path.starts_with("tests/") && path.ends_with(".sql") {
                let name = path.rsplit('/').next().unwrap().trim_end_matches(".sql").to_string();
                singular_tests.push((name, path.clone()));
            }
        }
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for m in &models {
            if let Some(other) = seen.insert(&m.name, &m.path) {
                return Err(Error::input(format!("two models are named {}: {other} and {}; model names must be unique", m.name, m.path)));
            }
        }

        let mut sources = Vec::new();
        let mut generic_tests = Vec::new();
        for (path, text) in files.iter().filter(|(p, _)| p.starts_with("models/") && (p.ends_with(".yml") || p.ends_with(".yaml"))) {
            let doc = parse_yaml(path, text)?;
            if let Some(Value::Sequence(list)) = doc.get("sources") {
                for source in list {
                    let source_name = str_key(source, "name", path)?;
                    for table in source.get("tables").and_then(Value::as_sequence).into_iter().flatten() {
                        let table_name = str_key(table, "name", path)?;
                        let target = Target::Source(source_name.clone(), table_name.clone());
                        collect_tests(table, &target, path, &mut generic_tests)?;
                        sources.push(SourceTable { source: source_name.clone(), table: table_name, file: path.clone() });
                    }
                }
            }
            if let Some(Value::Sequence(list)) = doc.get("models") {
                for model in list {
                    let model_name = str_key(model, "name", path)?;
                    if !models.iter().any(|m| m.name == model_name) {
                        return Err(Error::input(format!("{path} documents a model {model_name} that has no .sql file under models/")));
                    }
                    collect_tests(model, &Target::Model(model_name), path, &mut generic_tests)?;
                }
            }
        }
        Ok(Project { origin, name, files, vars, models, sources, generic_tests, singular_tests, macros })
    }

    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    pub fn has_source(&self, source: &str, table: &str) -> bool {
        self.sources.iter().any(|s| s.source == source && s.table == table)
    }
}

fn parse_yaml(path: &str, text: &str) -> Result<Value> {
    serde_yaml::from_str(text).map_err(|e| {
        let at = e.location().map(|l| format!(", line {}, column {}", l.line(), l.column())).unwrap_or_default();
        Error::input(format!("pipeline file {path}{at}: invalid YAML: {e}"))
    })
}

fn str_key(node: &Value, key: &str, path: &str) -> Result<String> {
    node.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| Error::input(format!("{path}: an entry has no `{key}`; every source, table and model needs one")))
}

/// `+materialized` and `+tags` from dbt_project.yml's `models:` tree, inherited down folders.
fn folder_config(root: &Value, folders: &[&str]) -> (String, Vec<String>) {
    let mut materialized = "view".to_string();
    let mut tags = Vec::new();
    let mut node = root;
    let mut apply = |node: &Value| {
        if let Some(m) = node.get("+materialized").or_else(|| node.get("materialized")).and_then(Value::as_str) {
            materialized = m.to_string();
        }
        match node.get("+tags").or_else(|| node.get("tags")) {
            Some(Value::Sequence(list)) => tags.extend(list.iter().filter_map(Value::as_str).map(str::to_string)),
            Some(Value::String(s)) => tags.push(s.clone()),
            _ => {}
        }
    };
    apply(node);
    for folder in folders {
        match node.get(*folder) {
            Some(child) => {
                node = child;
                apply(node);
            }
            None => break,
        }
    }
    (materialized, tags)
}

/// The names of the macros a file defines (`{% macro name(` …).
pub fn macro_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let tag = rest.trim_start_matches('-').trim_start();
        if let Some(after) = tag.strip_prefix("macro ") {
            let name: String = after.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
}

/// Tests declared on a model or source table and on its columns (`data_tests:` or `tests:`).
fn collect_tests(node: &Value, target: &Target, path: &str, out: &mut Vec<GenericTest>) -> Result<()> {
    for column in node.get("columns").and_then(Value::as_sequence).into_iter().flatten() {
        let column_name = str_key(column, "name", path)?;
        let tests = column.get("data_tests").or_else(|| column.get("tests")).and_then(Value::as_sequence);
        for test in tests.into_iter().flatten() {
            out.push(parse_test(test, target, &column_name, path)?);
        }
    }
    Ok(())
}

fn parse_test(test: &Value, target: &Target, column: &str, path: &str) -> Result<GenericTest> {
    let (kind_name, body) = match test {
        Value::String(s) => (s.clone(), Value::Null),
        Value::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next().unwrap();
            (k.as_str().unwrap_or_default().to_string(), v.clone())
        }
        _ => return Err(Error::input(format!("{path}: a test on column {column} is neither a name nor a one-key mapping"))),
    };
    // dbt ≥ 1.10 nests a test's own arguments under `arguments:`; older projects put them beside `config:`.
    let args = body.get("arguments").cloned().unwrap_or_else(|| body.clone());
    let config = body.get("config").cloned().unwrap_or(Value::Null);
    let severity = config.get("severity").or_else(|| body.get("severity")).and_then(Value::as_str).unwrap_or("error").to_lowercase();
    let filter = config.get("where").or_else(|| body.get("where")).and_then(Value::as_str).map(str::to_string);
    let subject = match target {
        Target::Model(m) => m.clone(),
        Target::Source(s, t) => format!("{s}_{t}"),
    };
    let prefix = if matches!(target, Target::Source(..)) { "source_" } else { "" };
    let (kind, name) = match kind_name.as_str() {
        "unique" => (TestKind::Unique, format!("{prefix}unique_{subject}_{column}")),
        "not_null" => (TestKind::NotNull, format!("{prefix}not_null_{subject}_{column}")),
        "accepted_values" => {
            let values: Vec<String> = args
                .get("values")
                .and_then(Value::as_sequence)
                .ok_or_else(|| Error::input(format!("{path}: accepted_values on {subject}.{column} needs a `values:` list")))?
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
                })
                .collect();
            (TestKind::AcceptedValues(values), format!("{prefix}accepted_values_{subject}_{column}"))
        }
        "relationships" => {
            let to = args
                .get("to")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::input(format!("{path}: relationships on {subject}.{column} needs `to: ref('model')` or `to: source('source', 'table')`")))?;
            let field = args
                .get("field")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::input(format!("{path}: relationships on {subject}.{column} needs `field:`")))?;
            let to = parse_relation(to).ok_or_else(|| Error::input(format!("{path}: relationships on {subject}.{column}: cannot read `to: {to}`; write ref('model') or source('source', 'table')")))?;
            let to_name = match &to {
                Target::Model(m) => m.clone(),
                Target::Source(s, t) => format!("{s}_{t}"),
            };
            (TestKind::Relationships { to, field: field.to_string() }, format!("{prefix}relationships_{subject}_{column}__{field}__{to_name}"))
        }
        other => {
            return Err(Error::input(format!(
                "{path}: test `{other}` on {subject}.{column} is not one saaslab runs; use unique, not_null, accepted_values or relationships, or write a singular test in tests/"
            )))
        }
    };
    Ok(GenericTest { name, target: target.clone(), column: column.to_string(), kind, severity, filter, file: path.to_string() })
}

/// `ref('x')` or `source('a', 'b')` as written in YAML.
fn parse_relation(text: &str) -> Option<Target> {
    let text = text.trim();
    let args = |inner: &str| -> Vec<String> { inner.split(',').map(|a| a.trim().trim_matches(|c| c == '\'' || c == '"').to_string()).collect() };
    if let Some(inner) = text.strip_prefix("ref(").and_then(|r| r.strip_suffix(')')) {
        let a = args(inner);
        return (a.len() == 1).then(|| Target::Model(a[0].clone()));
    }
    if let Some(inner) = text.strip_prefix("source(").and_then(|r| r.strip_suffix(')')) {
        let a = args(inner);
        return (a.len() == 2).then(|| Target::Source(a[0].clone(), a[1].clone()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_project_reads() {
        let p = Project::embedded().unwrap();
        assert_eq!(p.name, "saaslab");
        let m = p.model("stg_app__accounts").unwrap();
        assert_eq!(m.materialized, "view");
        assert_eq!(p.model("entity_customers").unwrap().materialized, "table");
        assert!(p.macros.iter().any(|(_, names)| names.contains(&"normalize_to_mrr".to_string())));
        assert!(p.has_source("stripe", "invoice"));
        assert!(p.generic_tests.iter().any(|t| t.name == "source_unique_app_accounts_id"));
    }

    #[test]
    fn relations_parse() {
        assert_eq!(parse_relation("ref('a')"), Some(Target::Model("a".into())));
        assert_eq!(parse_relation("source('app', \"users\")"), Some(Target::Source("app".into(), "users".into())));
        assert_eq!(parse_relation("model.a"), None);
    }
}
