//! Renders the project's Jinja the way dbt does, with minijinja: `ref`, `source`, `var`,
//! `config`, `is_incremental`, `this`, the project's macros, `adapter.dispatch`, `target` and
//! the `dbt` namespace of cross-database macros. Rendering a model also records what it refers
//! to and how it configures itself, which is how the runner orders and builds it.
//!
//! saaslab builds on DuckDB, so it renders as dbt-duckdb would: `target.type` is `duckdb`,
//! `adapter.dispatch('x')` finds `duckdb__x` before `default__x`, and `dbt.dateadd` & co. write
//! DuckDB's SQL. The same project under dbt-postgres or dbt-spark picks that engine's versions.

use super::project::Project;
use crate::error::{Error, Result};
use minijinja::value::{Kwargs, Rest, Value};
use minijinja::{Environment, State as JinjaState, UndefinedBehavior};
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
}

/// The dbt adapter saaslab's build stands in for: `target.type`, and the prefix
/// `adapter.dispatch` tries before `default__`.
pub const ADAPTER: &str = "duckdb";

/// dbt's own cross-database macros (`dbt.dateadd` …) as dbt-duckdb writes them, under a name no
/// project file can have.
const DBT_MACROS_PATH: &str = "<dbt>/cross_database.sql";
const DBT_MACROS: &str = include_str!("dbt_macros.sql");

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

        // Every macro is a global, as in dbt: models, tests and other macro files call any of them
        // by name. `project_macros` says where each lives, for `adapter.dispatch`.
        let mut project_macros: BTreeMap<String, String> = BTreeMap::new();
        for (path, names) in &project.macros {
            let text = &project.files[path];
            env.add_template_owned(path.clone(), text.clone()).map_err(|e| Error::input(format!("pipeline macro file {path}: {e}")))?;
            for name in names {
                if let Some(other) = project_macros.insert(name.clone(), path.clone()) {
                    return Err(Error::input(format!("pipeline macro {name} is defined twice, in {other} and {path}: rename one")));
                }
                env.add_global(name.clone(), macro_value(path, name));
            }
        }

        env.add_template(DBT_MACROS_PATH, DBT_MACROS).expect("saaslab's copy of dbt's macros parses");
        let dbt_macros: BTreeSet<String> = super::project::macro_names(DBT_MACROS).into_iter().collect();
        let namespace: BTreeMap<String, Value> = dbt_macros.iter().map(|name| (name.clone(), macro_value(DBT_MACROS_PATH, name))).collect();
        env.add_global("dbt", Value::from(namespace));

        env.add_global("target", minijinja::context! { type => ADAPTER, name => "dev", schema => "main", database => "memory" });

        let project_name = project.name.clone();
        let dispatch = move |name: String, namespace: Option<String>| -> std::result::Result<Value, minijinja::Error> {
            // dbt searches the namespace named (the project's own when none is), for the
            // adapter's implementation first and then the default one.
            let dbt_only = namespace.as_deref() == Some("dbt");
            if let Some(ns) = namespace.as_deref().filter(|ns| *ns != "dbt" && *ns != project_name) {
                return Err(jinja_error(format!("adapter.dispatch('{name}', '{ns}'): saaslab knows the namespaces '{project_name}' (this project's macros) and 'dbt'")));
            }
            for candidate in [format!("{ADAPTER}__{name}"), format!("default__{name}")] {
                if !dbt_only {
                    if let Some(path) = project_macros.get(&candidate) {
                        return Ok(macro_value(path, &candidate));
                    }
                }
                if dbt_macros.contains(&candidate) {
                    return Ok(macro_value(DBT_MACROS_PATH, &candidate));
                }
            }
            if dbt_macros.contains(&name) && (dbt_only || !project_macros.contains_key(&name)) {
                return Ok(macro_value(DBT_MACROS_PATH, &name));
            }
            Err(jinja_error(format!("adapter.dispatch('{name}'): no macro named {ADAPTER}__{name} or default__{name} in macros/")))
        };
        // adapter.quote: an identifier quoted as the engine does (DuckDB and PostgreSQL `"x"`;
        // dbt-spark's own is a backtick), for columns named like keywords (`date`, `timestamp`).
        let quote = |identifier: String| -> Value { Value::from(format!("\"{}\"", identifier.replace('"', "\"\""))) };
        let adapter: BTreeMap<&str, Value> =
            BTreeMap::from([("dispatch", Value::from_function(dispatch)), ("quote", Value::from_function(quote))]);
        env.add_global("adapter", Value::from(adapter));

        Ok(Renderer { env, state })
    }

    /// Render a project file (a model or a singular test). `this` is the relation being built.
    pub fn render(&self, path: &str, text: &str, this: &str, incremental: bool) -> Result<Rendered> {
        {
            let mut st = self.state.lock().unwrap();
            st.incremental = incremental;
            st.out = Rendered::default();
        }
        let sql = self
            .env
            .render_named_str(path, text, minijinja::context! { this => this })
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

/// A macro of a macro file as a value Jinja can call: `adapter.dispatch` returns one, and the
/// `dbt` namespace is made of them. Calling it renders the macro with the arguments given.
fn macro_value(path: &str, name: &str) -> Value {
    let (path, name) = (path.to_string(), name.to_string());
    Value::from_function(move |state: &JinjaState, args: Rest<Value>, kwargs: Kwargs| -> std::result::Result<Value, minijinja::Error> {
        let mut args = args.0;
        if kwargs.args().next().is_some() {
            args.push(Value::from(kwargs));
        }
        let template = state.env().get_template(&path)?;
        let mut module = template.render_captured(minijinja::context! {})?;
        let out = module.with_state_mut(|state| state.call_macro(&name, &args))?;
        Ok(Value::from_safe_string(out))
    })
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
        assert!(out.sql.contains("when 'year' then ((a) // (12 * c))"), "{}", out.sql);
        assert!(!out.sql.contains("where x") && out.sql.contains("-- 90"));
        assert_eq!(out.config["materialized"], "incremental");
        assert_eq!(out.post_hooks, vec!["ANALYZE main.x".to_string()]);
        assert!(r.render("models/x.sql", text, "main.x", true).unwrap().sql.contains("where x"));
    }

    #[test]
    fn dispatch_target_and_dbt_macros_render_as_dbt_duckdb_would() {
        let project = Project::embedded().unwrap();
        let r = Renderer::new(&project, &project.vars).unwrap();
        let render = |text: &str| r.render("models/x.sql", text, "main.x", false).map(|o| o.sql);
        // The project's dispatching macro finds duckdb__ first, and default__ when there is none.
        assert_eq!(render("{{ int_div('a', 'b') }}").unwrap(), "((a) // (b))");
        assert_eq!(render("{{ adapter.dispatch('regexp_capture', 'saaslab')('s', 'x(y)') }}").unwrap(), "regexp_extract(s, 'x(y)', 1)");
        assert_eq!(render("{{ adapter.dispatch('type_double')() }}").unwrap(), "double");
        // Keyword arguments reach the macro, and macros of one file call another file's.
        assert_eq!(render("{{ to_double(expression='n') }}").unwrap(), "cast(n as double)");
        assert_eq!(render("{{ target.type }}").unwrap(), "duckdb");
        assert_eq!(render("{{ dbt.safe_cast('x', 'bigint') }}").unwrap(), "try_cast(x as bigint)");
        assert_eq!(render("{{ dbt.dateadd('day', 30, 'd') }}").unwrap(), "(d + cast(30 as bigint) * interval 1 day)");
        assert_eq!(render("{{ adapter.dispatch('any_value', 'dbt')('v') }}").unwrap(), "arbitrary(v)");
        let e = render("{{ adapter.dispatch('nope')() }}").unwrap_err().to_string();
        assert!(e.contains("no macro named duckdb__nope or default__nope"), "{e}");
        let e = render("{{ adapter.dispatch('int_div', 'dbt_utils')(1, 2) }}").unwrap_err().to_string();
        assert!(e.contains("saaslab knows the namespaces"), "{e}");
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
