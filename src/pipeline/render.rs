//! Renders the project's Jinja the way dbt does, with minijinja: `ref`, `source`, `var`,
//! `config`, `is_incremental`, `this` and the project's macros. Rendering a model also records
//! what it refers to and how it configures itself, which is how the runner orders and builds it.

use super::project::Project;
use crate::error::{Error, Result};
use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, UndefinedBehavior};
use serde_yaml::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

/// What rendering one model produced.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub sql: String,
    pub refs: BTreeSet<String>,
    pub sources: BTreeSet<(String, String)>,
    /// `config(...)` arguments, as strings (`materialized`, `unique_key`, …).
    pub config: BTreeMap<String, String>,
    pub post_hooks: Vec<String>,
}

#[derive(Default)]
struct State {
    incremental: bool,
    out: Rendered,
}

pub struct Renderer {
    env: Environment<'static>,
    state: Arc<Mutex<State>>,
    /// `{% from "macros/x.sql" import a, b %}` for every macro file, put on a model's first
    /// line so that its line numbers stay those of the file.
    imports: String,
}

/// How a model's relation is written in SQL: every model lives in the `main` schema.
pub fn relation(model: &str) -> String {
    format!("main.{model}")
}

impl Renderer {
    pub fn new(project: &Project, vars: &BTreeMap<String, Yaml>) -> Result<Renderer> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let state = Arc::new(Mutex::new(State::default()));

        let models: BTreeSet<String> = project.models.iter().map(|m| m.name.clone()).collect();
        let s = state.clone();
        env.add_function("ref", move |name: String| -> std::result::Result<Value, minijinja::Error> {
            if !models.contains(&name) {
                return Err(jinja_error(format!("ref('{name}'): there is no model named {name} in models/")));
            }
            s.lock().unwrap().out.refs.insert(name.clone());
            Ok(Value::from(relation(&name)))
        });

        let sources: BTreeSet<(String, String)> = project.sources.iter().map(|t| (t.source.clone(), t.table.clone())).collect();
        let s = state.clone();
        env.add_function("source", move |source: String, table: String| -> std::result::Result<Value, minijinja::Error> {
            if !sources.contains(&(source.clone(), table.clone())) {
                return Err(jinja_error(format!("source('{source}', '{table}'): no such source table is declared in models/sources/")));
            }
            s.lock().unwrap().out.sources.insert((source.clone(), table.clone()));
            Ok(Value::from(format!("{source}.{table}")))
        });

        let values: BTreeMap<String, Value> = vars.iter().map(|(k, v)| (k.clone(), yaml_to_value(v))).collect();
        env.add_function("var", move |name: String, default: Option<Value>| -> std::result::Result<Value, minijinja::Error> {
            values
                .get(&name)
                .cloned()
                .or(default)
                .ok_or_else(|| jinja_error(format!("var('{name}') is not defined: add it under vars: in dbt_project.yml")))
        });

        let s = state.clone();
        env.add_function("config", move |kwargs: Kwargs| -> std::result::Result<String, minijinja::Error> {
            let mut st = s.lock().unwrap();
            for key in kwargs.args() {
                let value: Value = kwargs.get(key)?;
                if key == "post_hook" {
                    match value.try_iter() {
                        Ok(items) if value.as_str().is_none() => st.out.post_hooks.extend(items.map(|v| v.to_string())),
                        _ => st.out.post_hooks.push(value.to_string()),
                    }
                } else {
                    st.out.config.insert(key.to_string(), value.to_string());
                }
            }
            Ok(String::new())
        });

        let s = state.clone();
        env.add_function("is_incremental", move || s.lock().unwrap().incremental);

        let mut imports = String::new();
        for (path, names) in &project.macros {
            let text = &project.files[path];
            env.add_template_owned(path.clone(), text.clone()).map_err(|e| Error::input(format!("pipeline macro file {path}: {e}")))?;
            if !names.is_empty() {
                imports.push_str(&format!("{{% from {path:?} import {} %}}", names.join(", ")));
            }
        }
        Ok(Renderer { env, state, imports })
    }

    /// Render a project file (a model or a singular test). `this` is the relation being built.
    pub fn render(&self, path: &str, text: &str, this: &str, incremental: bool) -> Result<Rendered> {
        {
            let mut st = self.state.lock().unwrap();
            st.incremental = incremental;
            st.out = Rendered::default();
        }
        let source = format!("{}{}", self.imports, text);
        let sql = self
            .env
            .render_named_str(path, &source, minijinja::context! { this => this })
            .map_err(|e| render_error(path, &e))?;
        let mut out = std::mem::take(&mut self.state.lock().unwrap().out);
        out.sql = sql;
        // Hooks are templates too (`ANALYZE {{ this }}`), rendered once the model is known.
        let hooks = std::mem::take(&mut out.post_hooks);
        for hook in hooks {
            let rendered = self.env.render_str(&hook, minijinja::context! { this => this }).map_err(|e| render_error(path, &e))?;
            out.post_hooks.push(rendered);
        }
        Ok(out)
    }
}

fn jinja_error(msg: String) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, msg)
}

fn render_error(path: &str, e: &minijinja::Error) -> Error {
    let line = e.line().map(|l| format!(", line {l}")).unwrap_or_default();
    let detail = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
    let inside = e.name().filter(|n| *n != path).map(|n| format!(" (in {n})")).unwrap_or_default();
    Error::input(format!("{path}{line}{inside}: cannot render the Jinja: {detail}"))
}

fn yaml_to_value(v: &Yaml) -> Value {
    match v {
        Yaml::Null => Value::from(()),
        Yaml::Bool(b) => Value::from(*b),
        Yaml::Number(n) => n.as_i64().map(Value::from).unwrap_or_else(|| Value::from(n.as_f64().unwrap_or(0.0))),
        Yaml::String(s) => Value::from(s.clone()),
        Yaml::Sequence(items) => Value::from(items.iter().map(yaml_to_value).collect::<Vec<_>>()),
        Yaml::Mapping(m) => Value::from(
            m.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), yaml_to_value(v))).collect::<BTreeMap<_, _>>(),
        ),
        Yaml::Tagged(t) => yaml_to_value(&t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_sources_config_and_macros_render() {
        let project = Project::embedded().unwrap();
        let r = Renderer::new(&project, &project.vars).unwrap();
        let text = "{{ config(materialized='incremental', unique_key='event_id', post_hook='ANALYZE {{ this }}') }}\
            select {{ normalize_to_mrr('a', 'b', 'c') }} from {{ ref('stg_app__accounts') }}, {{ source('app', 'users') }}\
            {% if is_incremental() %} where x {% endif %} -- {{ var('churn_lookback_days') }}";
        let out = r.render("models/x.sql", text, "main.x", false).unwrap();
        assert!(out.sql.contains("from main.stg_app__accounts, app.users"), "{}", out.sql);
        assert!(out.sql.contains("when 'year' then (a) // (12 * c)"), "{}", out.sql);
        assert!(!out.sql.contains("where x") && out.sql.contains("-- 90"));
        assert_eq!(out.config["materialized"], "incremental");
        assert_eq!(out.post_hooks, vec!["ANALYZE main.x".to_string()]);
        assert!(r.render("models/x.sql", text, "main.x", true).unwrap().sql.contains("where x"));
    }

    #[test]
    fn unknown_refs_and_bad_jinja_name_the_file_and_line() {
        let project = Project::embedded().unwrap();
        let r = Renderer::new(&project, &project.vars).unwrap();
        let e = r.render("models/y.sql", "select 1\nfrom {{ ref('nope') }}", "main.y", false).unwrap_err().to_string();
        assert!(e.contains("models/y.sql, line 2") && e.contains("no model named nope"), "{e}");
        let e = r.render("models/y.sql", "select {{ 1 +", "main.y", false).unwrap_err().to_string();
        assert!(e.starts_with("models/y.sql, line 1"), "{e}");
    }
}
