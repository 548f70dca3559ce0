//! dbt's node selection (`--select` / `--exclude`) over the project's graph of sources, models
//! and tests, for the selectors people write daily:
//!
//! - a name (`stg_app__accounts`, with `*` and `?` wildcards), or a path (`models/staging`,
//!   `models/marts/finance/finance_mrr.sql`);
//! - `tag:staging`, `path:models/staging`, `config.materialized:table`, `source:stripe` or
//!   `source:stripe.invoice`, `resource_type:model|test|source`, `test_name:unique`;
//! - graph operators: `+model` (and its ancestors), `model+` (and its descendants), `2+model`
//!   and `model+1` (to that depth), `@model` (its descendants and their ancestors);
//! - several selectors (in one argument, separated by spaces, or in several) are a union;
//!   `a,b` is an intersection.
//!
//! As in dbt, selecting a model selects its tests too (dbt's "eager" indirect selection: a test
//! is selected when anything it reads is). A selector that matches nothing is an input error
//! naming it, where dbt only warns: a typo should not quietly build nothing.

use super::project::{Project, Target, TestKind};
use super::render::Rendered;
use crate::error::{Error, Result};
use std::collections::{BTreeMap, BTreeSet};

/// A node of the graph: what dbt calls a resource.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    Source(String, String),
    Model(String),
    Test(String),
}

impl Node {
    pub fn resource_type(&self) -> &'static str {
        match self {
            Node::Source(..) => "source",
            Node::Model(_) => "model",
            Node::Test(_) => "test",
        }
    }

    pub fn name(&self) -> String {
        match self {
            Node::Source(s, t) => format!("{s}.{t}"),
            Node::Model(m) | Node::Test(m) => m.clone(),
        }
    }
}

/// What selection needs to know of a node.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// The file that defines it (a source or generic test: the YAML that declares it).
    pub path: String,
    pub tags: Vec<String>,
    /// A model's materialization after its own `config()`; empty for sources and tests.
    pub materialized: String,
    /// A generic test's kind (`unique`, `not_null`, …); `singular` for a file in tests/.
    pub test_name: String,
    pub parents: BTreeSet<Node>,
}

/// Every source, model and test with what it reads.
pub struct Graph {
    pub nodes: BTreeMap<Node, Facts>,
    children: BTreeMap<Node, BTreeSet<Node>>,
}

impl Graph {
    /// The graph of a project whose models (`parsed`) and singular tests (`singular`) have been
    /// rendered once, which is how their refs and sources are known.
    pub fn new(project: &Project, parsed: &BTreeMap<String, Rendered>, singular: &BTreeMap<String, Rendered>) -> Graph {
        let mut nodes = BTreeMap::new();
        for s in &project.sources {
            nodes.insert(Node::Source(s.source.clone(), s.table.clone()), Facts { path: s.file.clone(), ..Facts::default() });
        }
        let reads = |r: &Rendered| -> BTreeSet<Node> {
            r.refs.iter().map(|m| Node::Model(m.clone())).chain(r.sources.iter().map(|(s, t)| Node::Source(s.clone(), t.clone()))).collect()
        };
        for m in &project.models {
            let rendered = &parsed[&m.name];
            let mut tags = m.tags.clone();
            tags.extend(rendered.config.get("tags").map(|t| config_list(t)).unwrap_or_default());
            let materialized = rendered.config.get("materialized").cloned().unwrap_or_else(|| m.materialized.clone());
            nodes.insert(Node::Model(m.name.clone()), Facts { path: m.path.clone(), tags, materialized, parents: reads(rendered), ..Facts::default() });
        }
        let as_node = |t: &Target| match t {
            Target::Model(m) => Node::Model(m.clone()),
            Target::Source(s, tb) => Node::Source(s.clone(), tb.clone()),
        };
        for t in &project.generic_tests {
            let mut parents: BTreeSet<Node> = [as_node(&t.target)].into();
            let test_name = match &t.kind {
                TestKind::Unique => "unique",
                TestKind::NotNull => "not_null",
                TestKind::AcceptedValues(_) => "accepted_values",
                TestKind::Relationships { to, .. } => {
                    parents.insert(as_node(to));
                    "relationships"
                }
            };
            nodes.insert(Node::Test(t.name.clone()), Facts { path: t.file.clone(), test_name: test_name.into(), parents, ..Facts::default() });
        }
        for (name, path) in &project.singular_tests {
            let parents = singular.get(name).map(reads).unwrap_or_default();
            nodes.insert(Node::Test(name.clone()), Facts { path: path.clone(), test_name: "singular".into(), parents, ..Facts::default() });
        }
        let mut children: BTreeMap<Node, BTreeSet<Node>> = BTreeMap::new();
        for (node, facts) in &nodes {
            for p in &facts.parents {
                children.entry(p.clone()).or_default().insert(node.clone());
            }
        }
        Graph { nodes, children }
    }

    /// Everything `select` names (all when it is empty) less everything `exclude` names, with
    /// the tests of what is selected.
    pub fn select(&self, select: &[String], exclude: &[String]) -> Result<BTreeSet<Node>> {
        let mut chosen = if terms(select).is_empty() { self.nodes.keys().cloned().collect() } else { self.union(select)? };
        // Eager indirect selection: a test of anything selected is selected.
        let tests: Vec<Node> = self
            .nodes
            .iter()
            .filter(|(n, f)| matches!(n, Node::Test(_)) && f.parents.iter().any(|p| chosen.contains(p)))
            .map(|(n, _)| n.clone())
            .collect();
        chosen.extend(tests);
        if !terms(exclude).is_empty() {
            let dropped = self.union(exclude)?;
            chosen.retain(|n| !dropped.contains(n));
            // A test of something excluded goes with it.
            chosen.retain(|n| !matches!(n, Node::Test(_)) || !self.nodes[n].parents.iter().any(|p| dropped.contains(p) && !matches!(p, Node::Source(..))));
        }
        Ok(chosen)
    }

    fn union(&self, args: &[String]) -> Result<BTreeSet<Node>> {
        let mut out = BTreeSet::new();
        for term in terms(args) {
            let mut parts = term.split(',').filter(|p| !p.is_empty());
            let first = parts.next().ok_or_else(|| Error::input(format!("the selector `{term}` is empty around its commas")))?;
            let mut set = self.atom(first)?;
            for part in parts {
                let other = self.atom(part)?;
                set.retain(|n| other.contains(n));
            }
            out.extend(set);
        }
        Ok(out)
    }

    /// One selector with its graph operators.
    fn atom(&self, text: &str) -> Result<BTreeSet<Node>> {
        let (at, rest) = match text.strip_prefix('@') {
            Some(r) => (true, r),
            None => (false, text),
        };
        let (up, rest) = match rest.find('+') {
            Some(i) if rest[..i].chars().all(|c| c.is_ascii_digit()) => (Some(depth(&rest[..i], text)?), &rest[i + 1..]),
            _ => (None, rest),
        };
        let (down, core) = match rest.rfind('+') {
            Some(i) if rest[i + 1..].chars().all(|c| c.is_ascii_digit()) => (Some(depth(&rest[i + 1..], text)?), &rest[..i]),
            _ => (None, rest),
        };
        if core.is_empty() || core.contains('+') {
            return Err(Error::input(format!(
                "cannot read the selector `{text}`: write a name or method:value with an optional `+` (or `N+`) before it and `+` (or `+N`) after it, e.g. +stg_app__accounts, entity_customers+, 2+finance_mrr, tag:staging+"
            )));
        }
        if at && (up.is_some() || down.is_some()) {
            return Err(Error::input(format!("the selector `{text}` mixes `@` with `+`: `@x` already means x, its descendants and their ancestors")));
        }
        let base = self.method(core)?;
        let mut out = base.clone();
        if at {
            // As dbt walks it: the descendants include tests, so the ancestors of a
            // relationships test's other model come along too.
            let below = self.walk(&base, None, true, |n| self.children.get(n));
            out.extend(below.iter().cloned());
            out.extend(self.walk(&below, None, false, |n| Some(&self.nodes[n].parents)));
            return Ok(out);
        }
        if let Some(d) = up {
            out.extend(self.walk(&base, d, false, |n| Some(&self.nodes[n].parents)));
        }
        if let Some(d) = down {
            out.extend(self.walk(&base, d, false, |n| self.children.get(n)));
        }
        Ok(out)
    }

    /// The nodes reachable from `from` in up to `depth` steps (any number when None), `from`
    /// included; tests only when `tests` (indirect selection adds them otherwise).
    fn walk<'g>(&'g self, from: &BTreeSet<Node>, depth: Option<usize>, tests: bool, next: impl Fn(&Node) -> Option<&'g BTreeSet<Node>>) -> BTreeSet<Node> {
        let mut seen = from.clone();
        let mut frontier: Vec<Node> = from.iter().cloned().collect();
        let mut steps = 0;
        while !frontier.is_empty() && depth.is_none_or(|d| steps < d) {
            let mut found = Vec::new();
            for n in &frontier {
                for m in next(n).into_iter().flatten() {
                    if (tests || !matches!(m, Node::Test(_))) && seen.insert(m.clone()) {
                        found.push(m.clone());
                    }
                }
            }
            frontier = found;
            steps += 1;
        }
        seen
    }

    /// The nodes a selector without graph operators names.
    fn method(&self, core: &str) -> Result<BTreeSet<Node>> {
        let (method, value) = match core.split_once(':') {
            Some((m, v)) => (m, v),
            None if looks_like_path(core) => ("path", core),
            None => ("", core),
        };
        let pick = |keep: &dyn Fn(&Node, &Facts) -> bool| -> BTreeSet<Node> { self.nodes.iter().filter(|(n, f)| keep(n, f)).map(|(n, _)| n.clone()).collect() };
        let found = match method {
            "" | "fqn" => pick(&|n, _| match n {
                Node::Model(m) | Node::Test(m) => wildcard(value, m),
                Node::Source(..) => false,
            }),
            "tag" => pick(&|_, f| f.tags.iter().any(|t| wildcard(value, t))),
            "path" => {
                let value = value.trim_end_matches('/');
                let value = value.strip_prefix("./").unwrap_or(value);
                // Generic tests live in the YAML of what they test and follow it by indirect
                // selection; singular tests are files of their own.
                pick(&|n, f| (!matches!(n, Node::Test(_)) || f.test_name == "singular") && under(&f.path, value))
            }
            "config.materialized" => pick(&|n, f| matches!(n, Node::Model(_)) && f.materialized == value),
            "source" => pick(&|n, _| match n {
                Node::Source(s, t) => match value.split_once('.') {
                    Some((vs, vt)) => wildcard(vs, s) && wildcard(vt, t),
                    None => wildcard(value, s),
                },
                _ => false,
            }),
            "resource_type" => match value {
                "model" | "test" | "source" => pick(&|n, _| n.resource_type() == value),
                other => return Err(Error::input(format!("resource_type:{other}: saaslab's projects have model, test and source resources"))),
            },
            "test_name" => pick(&|n, f| matches!(n, Node::Test(_)) && f.test_name == value),
            "test_type" => match value {
                "singular" => pick(&|n, f| matches!(n, Node::Test(_)) && f.test_name == "singular"),
                "generic" => pick(&|n, f| matches!(n, Node::Test(_)) && f.test_name != "singular"),
                other => return Err(Error::input(format!("test_type:{other}: a test is singular (a file in tests/) or generic (declared in YAML)"))),
            },
            other => {
                return Err(Error::input(format!(
                    "the selector method `{other}:` is not one saaslab knows; use a name, tag:, path:, config.materialized:, source:, resource_type:, test_name: or test_type: (singular or generic)"
                )))
            }
        };
        if found.is_empty() {
            return Err(Error::input(format!("the selector `{core}` matches nothing in the project{}", self.suggest(method, value))));
        }
        Ok(found)
    }

    /// ": did you mean …?" for a name close to what was typed, or the values that exist.
    fn suggest(&self, method: &str, value: &str) -> String {
        let names: Vec<String> = match method {
            "" | "fqn" => self.nodes.keys().filter(|n| !matches!(n, Node::Source(..))).map(Node::name).collect(),
            "tag" => self.nodes.values().flat_map(|f| f.tags.clone()).collect::<BTreeSet<_>>().into_iter().collect(),
            "source" => self.nodes.keys().filter(|n| matches!(n, Node::Source(..))).map(Node::name).collect(),
            "config.materialized" => self.nodes.values().map(|f| f.materialized.clone()).filter(|m| !m.is_empty()).collect::<BTreeSet<_>>().into_iter().collect(),
            _ => Vec::new(),
        };
        // Close in spelling, or containing what was typed (`finance_mrr` → finance_mrr_movements).
        let mut close: Vec<(usize, usize, &String)> = names
            .iter()
            .map(|n| (if n.contains(value) && value.len() >= 3 { 0 } else { strsim_distance(value, n) }, n.len(), n))
            .filter(|(d, len, _)| *d <= 3.max(len / 4))
            .collect();
        close.sort();
        let prefix = if method.is_empty() { String::new() } else { format!("{method}:") };
        let shown: Vec<String> = close.iter().take(3).map(|(_, _, n)| format!("`{prefix}{n}`")).collect();
        match (method, close.first()) {
            (_, Some(_)) => format!(": did you mean {}?", shown.join(" or ")),
            ("tag" | "config.materialized", None) if !names.is_empty() => format!("; the project has {}", names.join(", ")),
            _ => String::new(),
        }
    }
}

/// Selector arguments split into space-separated terms.
fn terms(args: &[String]) -> Vec<&str> {
    args.iter().flat_map(|a| a.split_whitespace()).collect()
}

fn depth(text: &str, whole: &str) -> Result<Option<usize>> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|_| Error::input(format!("the selector `{whole}` has a depth `{text}` that is not a number")))
}

/// A bare selector that names files: dbt reads `models/staging` or `x.sql` as a path.
fn looks_like_path(text: &str) -> bool {
    text.contains('/') || text.ends_with(".sql") || text.ends_with(".yml")
}

/// `path` is the folder `prefix` or inside it, or is that file (with or without `models/`).
fn under(path: &str, prefix: &str) -> bool {
    let inside = |p: &str| path == p || path.strip_prefix(p).is_some_and(|r| r.starts_with('/')) || wildcard(p, path);
    inside(prefix) || inside(&format!("models/{prefix}"))
}

/// Shell-style `*` and `?` matching (a pattern without them matches itself only).
fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Classic two-pointer matcher with backtracking to the last `*`.
    let (mut i, mut j, mut star, mut mark) = (0, 0, None, 0);
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some(i);
            mark = j;
            i += 1;
        } else if let Some(s) = star {
            i = s + 1;
            mark += 1;
            j = mark;
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// Levenshtein distance, for suggestions.
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// `config(tags=['a', 'b'])` arrives as the list's text, `config(tags='a')` as the string.
fn config_list(text: &str) -> Vec<String> {
    text.trim_matches(|c| c == '[' || c == ']').split(',').map(|t| t.trim().trim_matches(|c| c == '"' || c == '\'').to_string()).filter(|t| !t.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{materialize, render::Renderer};

    fn graph() -> Graph {
        let project = Project::embedded().unwrap();
        let renderer = Renderer::new(&project, &project.vars).unwrap();
        let parsed = materialize::parse(&project, &renderer).unwrap();
        let singular = materialize::parse_singular_tests(&project, &renderer).unwrap();
        Graph::new(&project, &parsed, &singular)
    }

    fn models(g: &Graph, select: &[&str], exclude: &[&str]) -> Vec<String> {
        let s: Vec<String> = select.iter().map(|s| s.to_string()).collect();
        let e: Vec<String> = exclude.iter().map(|s| s.to_string()).collect();
        g.select(&s, &e).unwrap().into_iter().filter_map(|n| if let Node::Model(m) = n { Some(m) } else { None }).collect()
    }

    #[test]
    fn the_daily_selectors_resolve_as_dbt_resolves_them() {
        let g = graph();
        assert_eq!(models(&g, &["stg_app__accounts"], &[]), ["stg_app__accounts"]);
        let up = models(&g, &["+int_customers__daily_metrics"], &[]);
        assert!(up.contains(&"stg_app__accounts".to_string()) && up.contains(&"int_customers__daily_metrics".to_string()));
        assert!(!up.iter().any(|m| m.starts_with("entity_") || m.starts_with("finance_")), "{up:?}");
        let one_up = models(&g, &["1+entity_customers"], &[]);
        assert!(one_up.len() > 1 && one_up.iter().all(|m| m == "entity_customers" || m.starts_with("int_") || m.starts_with("stg_")), "{one_up:?}");
        assert!(one_up.len() < models(&g, &["+entity_customers"], &[]).len());
        let down = models(&g, &["entity_customers+"], &[]);
        assert!(down.iter().all(|m| !m.starts_with("stg_")) && down.iter().any(|m| m.starts_with("executive_")), "{down:?}");
        let staging = models(&g, &["tag:staging"], &[]);
        assert!(!staging.is_empty() && staging.iter().all(|m| m.starts_with("stg_")));
        assert_eq!(models(&g, &["path:models/staging"], &[]), staging);
        assert_eq!(models(&g, &["models/staging/"], &[]), staging);
        let stripe = models(&g, &["path:staging/stripe"], &[]);
        assert!(!stripe.is_empty() && stripe.iter().all(|m| m.starts_with("stg_stripe__")), "{stripe:?}");
        let tables = models(&g, &["config.materialized:table"], &[]);
        // The one staging table is the deduplicated device events (its config() says so).
        assert!(tables.iter().filter(|m| m.starts_with("stg_")).eq(["stg_iot__device_events"].iter()), "{tables:?}");
        assert!(tables.contains(&"entity_customers".to_string()));
        // Union (several terms, in one argument or several) and intersection.
        assert_eq!(models(&g, &["stg_app__accounts stg_app__users"], &[]), models(&g, &["stg_app__accounts", "stg_app__users"], &[]));
        assert_eq!(models(&g, &["stg_app__accounts stg_app__users"], &[]).len(), 2);
        let staged_tables = models(&g, &["tag:staging,config.materialized:table"], &[]);
        assert!(staged_tables.iter().all(|m| staging.contains(m) && tables.contains(m)));
        assert_eq!(models(&g, &["stg_stripe__*"], &[]), stripe);
        assert!(models(&g, &["tag:staging"], &["stg_stripe__*"]).iter().all(|m| !m.starts_with("stg_stripe__")));
        // Sources lead to what reads them.
        let from_stripe = models(&g, &["source:stripe+"], &[]);
        assert!(from_stripe.contains(&"stg_stripe__invoices".to_string()) && !from_stripe.contains(&"stg_app__accounts".to_string()));
    }

    #[test]
    fn tests_follow_their_models() {
        let g = graph();
        let picked = g.select(&["stg_app__accounts".to_string()], &[]).unwrap();
        assert!(picked.contains(&Node::Test("unique_stg_app__accounts_account_id".into())), "{picked:?}");
        // Every test picked reads the model (a relationships test from another model to it too).
        let g2 = &g;
        assert!(picked.iter().all(|n| !matches!(n, Node::Test(_)) || g2.nodes[n].parents.contains(&Node::Model("stg_app__accounts".into()))));
        let none = g.select(&["stg_app__accounts".to_string()], &["stg_app__accounts".to_string()]).unwrap();
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn a_selector_that_matches_nothing_says_so() {
        let g = graph();
        let e = g.select(&["stg_app__acounts".to_string()], &[]).unwrap_err().to_string();
        assert!(e.contains("matches nothing") && e.contains("did you mean `stg_app__accounts`"), "{e}");
        let e = g.select(&["tag:nope".to_string()], &[]).unwrap_err().to_string();
        assert!(e.contains("staging"), "{e}");
        for bad in ["colour:red", "+", "a++b", "@+x", "x+y+"] {
            assert!(g.select(&[bad.to_string()], &[]).is_err(), "{bad}");
        }
    }

    #[test]
    fn wildcards_match_as_shells_do() {
        assert!(wildcard("stg_*", "stg_app") && wildcard("*__users", "stg_app__users") && wildcard("a?c", "abc"));
        assert!(!wildcard("stg_*", "int_x") && !wildcard("abc", "abcd") && wildcard("*", ""));
    }
}
