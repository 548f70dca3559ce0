//! `saaslab export dbt OUT`: the reference pipeline as a dbt project of its own, pointed at a
//! dataset: the project files, its vars set to the dataset's folder and dates, a `profiles.yml`
//! for the engine (a DuckDB database inside OUT that reads the dataset's files, the PostgreSQL
//! database the dataset was loaded into, or a local Spark that reads the Parquet files), and a
//! README of how to run it.

use super::project::Project;
use crate::dataset::Dataset;
use crate::sink::Format;
use crate::tables::TableSpec;
use crate::error::{Error, Result};
use std::path::Path;

/// The engine an exported project builds on: its `profiles.yml` and README.
pub enum DbtTarget {
    /// dbt-duckdb: `dbt.duckdb` in the project folder, the sources read the dataset's files.
    Duckdb,
    /// dbt-postgres on the database `saaslab load postgres` filled (a schema per source, as the
    /// sources name them); the models are built into its schema `main`.
    Postgres { host: String, port: u16, user: String, dbname: String },
    /// dbt-spark with `method: session`: a local PySpark (`local[*]`) in dbt's own process, a
    /// Hive metastore and `spark-warehouse/` in the project folder; the sources are views over
    /// the dataset's Parquet files, made by an `on-run-start` hook.
    Spark,
}

impl DbtTarget {
    /// A PostgreSQL target from a connection string (a URL or `host=… dbname=…`), as `saaslab
    /// load postgres` takes it. The password stays out of the file.
    pub fn postgres(url: &str) -> Result<DbtTarget> {
        let config: postgres::Config = url.parse().map_err(|e| {
            Error::input(format!(
                "--url is not a PostgreSQL connection string ({e}): write postgresql://user@host:port/database"
            ))
        })?;
        let host = match config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            Some(postgres::config::Host::Unix(path)) => path.display().to_string(),
            None => "localhost".to_string(),
        };
        Ok(DbtTarget::Postgres {
            host,
            port: config.get_ports().first().copied().unwrap_or(5432),
            user: config.get_user().unwrap_or("postgres").to_string(),
            dbname: config.get_dbname().unwrap_or("postgres").to_string(),
        })
    }

    /// The dbt adapter the project needs.
    pub fn adapter(&self) -> &'static str {
        match self {
            DbtTarget::Duckdb => "dbt-duckdb",
            DbtTarget::Postgres { .. } => "dbt-postgres",
            DbtTarget::Spark => "dbt-spark",
        }
    }

    fn profile(&self, dataset: &Dataset, data_dir: &str) -> String {
        match self {
            DbtTarget::Duckdb => {
                // A DuckDB-format dataset is one database file, attached read-only as `dataset`.
                let attach = match dataset.format() {
                    Format::Duckdb => format!(
                        "      attach:\n        - path: {:?}\n          alias: dataset\n          read_only: true\n",
                        format!("{data_dir}/{}", crate::dataset::duckdb_file::FILE)
                    ),
                    _ => String::new(),
                };
                format!(
                    "# The DuckDB database dbt builds into, in this folder (paths are relative to it: run dbt\n# from here); the raw data stays in {data_dir}.\nsaaslab:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: dbt.duckdb\n      threads: 2\n{attach}"
                )
            }
            DbtTarget::Postgres { host, port, user, dbname } => postgres_profile(host, *port, user, dbname),
            DbtTarget::Spark => SPARK_PROFILE.to_string(),
        }
    }
}

/// dbt-postgres on the database the load filled. The password is left to PGPASSWORD: the
/// project may be committed or handed on.
fn postgres_profile(host: &str, port: u16, user: &str, dbname: &str) -> String {
    format!(
        "# The PostgreSQL database the dataset was loaded into (saaslab load postgres): the sources\n\
         # are its schemas app, stripe, …; dbt builds the models into its schema main. The password\n\
         # is read from PGPASSWORD, not kept here.\n\
         saaslab:\n  target: postgres\n  outputs:\n    postgres:\n      type: postgres\n      host: {host:?}\n      port: {port}\n      user: {user:?}\n      password: \"{{{{ env_var('PGPASSWORD', '') }}}}\"\n      dbname: {dbname:?}\n      schema: main\n      threads: 2\n"
    )
}

/// Spark in dbt's process, on this machine's cores, in UTC: the dataset's timestamps are wall-clock
/// UTC, and a session in another zone would shift them.
const SPARK_PROFILE: &str = "# A local Spark (PySpark, local[*]) inside dbt's process: the tables it builds and its\n\
# metastore stay in this folder (spark-warehouse/, metastore_db/).\n\
saaslab:\n  target: spark\n  outputs:\n    spark:\n      type: spark\n      method: session\n      host: NA\n      schema: main\n      threads: 1\n      server_side_parameters:\n        \"spark.master\": \"local[*]\"\n        \"spark.sql.session.timeZone\": \"UTC\"\n        \"spark.driver.memory\": \"2g\"\n        \"spark.ui.enabled\": \"false\"\n";

/// Views, one per raw table, over the dataset's Parquet files (every shard's, with a glob), made
/// when a dbt-spark run starts: Spark has no external locations as dbt-duckdb does, and a view
/// reads the files in place. Paths are relative to the project folder, where dbt runs.
fn spark_sources(shards: Option<u64>) -> String {
    let prefix = match shards {
        Some(n) => format!("shard-*-of-{n}/"),
        None => String::new(),
    };
    let tables: Vec<String> = crate::tables::all_specs()
        .into_iter()
        .filter(|spec| spec.area == "raw")
        .map(|spec| {
            let files = if spec.parts { format!("{}/*.parquet", spec.rel_path()) } else { format!("{}.parquet", spec.rel_path()) };
            format!("        ('{}', '{}', '{prefix}{files}')", spec.source, spec.name)
        })
        .collect();
    format!(
        "{{#- Written by `saaslab export dbt --target spark`: the sources as views over the dataset's\n    \
         Parquet files, made by the on-run-start hook in dbt_project.yml (Spark reads files in place\n    \
         through a view; dbt-duckdb's external locations do the same on DuckDB). -#}}\n\
         {{% macro create_spark_sources() %}}\n\
         {{%- if target.type == 'spark' -%}}\n\
         {{%- set tables = [\n{}\n    ] -%}}\n\
         {{%- for schema, name, files in tables -%}}\n\
         {{%- do run_query('create database if not exists ' ~ schema) -%}}\n\
         {{%- do run_query('create or replace view ' ~ schema ~ '.' ~ name ~ ' as select * from parquet.`' ~ var('data_dir') ~ '/' ~ files ~ '`') -%}}\n\
         {{%- endfor -%}}\n\
         {{%- endif -%}}\n\
         select 1\n\
         {{% endmacro %}}\n",
        tables.join(",\n")
    )
}

/// Write the project; returns how many files were written.
pub fn dbt_project(project: &Project, dataset: &Dataset, out: &Path, force: bool, target: &DbtTarget) -> Result<usize> {
    if out.exists() && !out.is_dir() {
        return Err(Error::input(format!("{} is a file, not a folder: choose another folder for the project", out.display())));
    }
    if out.is_dir() && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(false) && !force {
        return Err(Error::input(format!("{} already exists and is not empty: choose another folder or pass --force", out.display())));
    }
    if matches!(target, DbtTarget::Spark) && dataset.format() != Format::Parquet {
        return Err(Error::input(format!(
            "--target spark reads a Parquet dataset, and {} is {}: generate one with --format parquet (the default)",
            dataset.dir.display(),
            match dataset.format() {
                Format::Csv => "CSV",
                _ => "a DuckDB file",
            }
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| Error::io("cannot create", out, e))?;
    let write = |relative: &str, text: &str| -> Result<()> {
        let path = out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
    };
    // Paths relative to the project, so that the project and the dataset can be moved, committed
    // or handed on together; dbt runs from the project folder (`cd OUT && dbt build`).
    let out_abs = std::fs::canonicalize(out).map_err(|e| Error::io("cannot resolve", out, e))?;
    let data_abs = std::fs::canonicalize(&dataset.dir).map_err(|e| Error::io("cannot resolve", &dataset.dir, e))?;
    let data_dir = relative_path(&data_abs, &out_abs);
    // Spark reads the files through parquet.`path`: a backtick would end the path.
    if matches!(target, DbtTarget::Spark) && data_dir.contains('`') {
        return Err(Error::input(format!(
            "--target spark reads the dataset through a path quoted in backticks, and {data_dir} holds one: move or rename the dataset folder"
        )));
    }
    for (path, text) in &project.files {
        let text = if path == "dbt_project.yml" {
            let text = point_vars(text, &data_dir, &dataset.start(), &dataset.end());
            match target {
                DbtTarget::Spark => text + "\n# The sources as views over the dataset's Parquet files (macros/spark_sources.sql).\non-run-start:\n  - \"{{ create_spark_sources() }}\"\n",
                _ => text,
            }
        } else if path.starts_with("models/sources/") {
            in_shards(&read_as(text, dataset.format()), dataset.manifest.shards)
        } else {
            text.clone()
        };
        write(path, &text)?;
    }
    write("profiles.yml", &target.profile(dataset, &data_dir))?;
    let mut extra = 0;
    if matches!(target, DbtTarget::Spark) {
        write("macros/spark_sources.sql", &spark_sources(dataset.manifest.shards))?;
        extra = 1;
    }
    write("README.md", &readme(dataset, &data_dir, target))?;
    Ok(project.files.len() + 2 + extra)
}

/// `target` as a path from `base` (both absolute): `../saaslab-data`, or `target` itself when
/// they share nothing but the root.
fn relative_path(target: &Path, base: &Path) -> String {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common <= 1 {
        return target.display().to_string();
    }
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), b.len() - common).collect();
    parts.extend(t[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

/// A sharded dataset (`generate --shard`) keeps each table in every shard's folder: the sources
/// read them all with one glob over `shard-*-of-N/`.
fn in_shards(text: &str, shards: Option<u64>) -> String {
    match shards {
        Some(n) => text.replace("{{ var('data_dir') }}/raw/", &format!("{{{{ var('data_dir') }}}}/shard-*-of-{n}/raw/")),
        None => text.to_string(),
    }
}

/// The sources' external locations for the dataset's format: the project reads Parquet files;
/// a CSV dataset has the same files as `.csv`, and a DuckDB one has each table in its file.
fn read_as(text: &str, format: Format) -> String {
    match format {
        Format::Parquet => text.to_string(),
        Format::Csv => csv_locations(text),
        Format::Duckdb => text
            .lines()
            .map(|line| match duckdb_location(line) {
                Some(replaced) => replaced,
                None => line.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
    }
}

/// A CSV dataset's sources: each table reads its own files with its column types (a column that
/// is empty in a small dataset would otherwise be read as text), so each table gets its own
/// `meta.external_location`, in place of the source-wide `{name}` one.
fn csv_locations(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut source = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 2 && trimmed.starts_with("- name: ") {
            source = trimmed["- name: ".len()..].trim().to_string();
        }
        if let Some(path) = parquet_path(line) {
            // A table's own location (a folder of parts): its path names the table.
            match TableSpec::at_path(&path) {
                Some(spec) => out.push(format!("{}external_location: \"{}\"", &line[..indent], csv_reader(&path, &spec))),
                None => out.push(line.to_string()),
            }
            continue;
        }
        // The source-wide location stays for any table this version does not know.
        out.push(line.replace("read_parquet('", "read_csv('").replace(".parquet')", ".csv', header = true)"));
        if indent == 6 && trimmed.starts_with("- name: ") {
            let table = trimmed["- name: ".len()..].trim();
            let path = format!("raw/{source}/{table}");
            let has_own = lines.clone().take_while(|l| l.len() - l.trim_start().len() > 6).any(|l| l.contains("external_location:"));
            if let Some(spec) = TableSpec::at_path(&path).filter(|_| !has_own) {
                out.push(format!("        meta:\n          external_location: \"{}\"", csv_reader(&path, &spec)));
            }
        }
    }
    out.join("\n") + "\n"
}

fn csv_reader(path: &str, spec: &TableSpec) -> String {
    let files = if spec.parts { format!("{path}/*.csv") } else { format!("{path}.csv") };
    format!("read_csv('{{{{ var('data_dir') }}}}/{files}', header = true, types = {})", spec.csv_types())
}

/// A `read_parquet('{{ var('data_dir') }}/raw/…')` location in a line, cut in three: the text
/// before the call, the path below `raw/` without the extension (`app/{name}`,
/// `iot/device_events/*`), and the text after the call.
fn parquet_location(line: &str) -> Option<(&str, &str, &str)> {
    const CALL_END: &str = ".parquet')";
    let start = line.find("read_parquet('")?;
    let rest = &line[start..];
    let end = rest.find(CALL_END)?;
    let path = &rest[rest.find("/raw/")? + "/raw/".len()..end];
    Some((&line[..start], path, &rest[end + CALL_END.len()..]))
}

/// The dataset path a table's own location reads, without the extension or the `/*` of a
/// folder of parts: `raw/app/feature_usage`. None for the source-wide `{name}` lines.
fn parquet_path(line: &str) -> Option<String> {
    let (_, path, _) = parquet_location(line)?;
    let path = path.strip_suffix("/*").unwrap_or(path);
    (!path.contains("{name}")).then(|| format!("raw/{path}"))
}

/// `read_parquet('{{ var('data_dir') }}/raw/SOURCE/{name}.parquet')` → `(select * from
/// dataset.SOURCE.{name})`, and `…/raw/SOURCE/TABLE/*.parquet` → the same of `SOURCE.TABLE`.
fn duckdb_location(line: &str) -> Option<String> {
    let (before, path, after) = parquet_location(line)?;
    // A subquery, not the bare name: dbt-duckdb quotes a location without parentheses as a
    // file path.
    let relation = match path.split('/').collect::<Vec<_>>().as_slice() {
        [source, "{name}"] => format!("(select * from dataset.{source}.{{name}})"),
        [source, table, "*"] => format!("(select * from dataset.{source}.{table})"),
        _ => return None,
    };
    Some(format!("{before}{relation}{after}"))
}

/// Set `data_dir`, `start_date` and `as_of_date` under `vars:` to the dataset's.
fn point_vars(text: &str, data_dir: &str, start: &str, end: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let set = |key: &str, value: &str| format!("{indent}{key}: {value:?}");
        let line = if trimmed.starts_with("data_dir:") {
            set("data_dir", data_dir)
        } else if trimmed.starts_with("start_date:") {
            set("start_date", start)
        } else if trimmed.starts_with("as_of_date:") {
            set("as_of_date", end)
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn readme(dataset: &Dataset, data_dir: &str, target: &DbtTarget) -> String {
    let about = format!(
        "Exported by `saaslab export dbt` for the dataset in `{dir}` (scenario `{scenario}`, seed {seed},\n\
         {start} to {end}).",
        dir = data_dir,
        scenario = dataset.scenario_name(),
        seed = dataset.seed(),
        start = dataset.start(),
        end = dataset.end()
    );
    let vars = "Vars (`dbt_project.yml`): `data_dir`, `start_date` and `as_of_date` are the dataset's;\n\
         `churn_lookback_days` and `daily_snapshot_days` are yours to change. `saaslab build` runs the\n\
         same project and gives the same tables.";
    match target {
        DbtTarget::Duckdb => format!(
            "# saaslab reference pipeline (dbt-duckdb)\n\n\
             {about} The sources read its {format} through dbt-duckdb's external\n\
             locations (`meta.external_location` in `models/sources/`); the models are built into\n\
             `dbt.duckdb` here. Paths are relative to this folder (`data_dir` in `dbt_project.yml`,\n\
             the database in `profiles.yml`): run dbt from here, and move the project and the dataset\n\
             together or change `data_dir`.\n\n\
             ```sh\n\
             python3 -m venv .venv && .venv/bin/pip install \"dbt-core<1.12\" dbt-duckdb\n\
             DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/dbt build --profiles-dir .\n\
             duckdb dbt.duckdb \"select * from executive_customer_health_kpis\"   # or any DuckDB client\n\
             ```\n\n\
             `dbt build` runs every model and every test; `dbt test --select entity_customers` tests one\n\
             model. {vars}\n",
            format = match dataset.format() {
                Format::Parquet => "Parquet files",
                Format::Csv => "CSV files",
                Format::Duckdb => "DuckDB file (attached as `dataset` in `profiles.yml`)",
            },
        ),
        DbtTarget::Spark => format!(
            "# saaslab reference pipeline (dbt-spark)\n\n\
             {about} dbt-spark builds it on a local Spark (`method: session`: PySpark\n\
             `local[*]` inside dbt's process, Java 17), in UTC. When a run starts, a hook\n\
             (`macros/spark_sources.sql`) makes each raw table a view over the dataset's Parquet files\n\
             (`app.accounts` …{shards}); the models are written to `spark-warehouse/main.db/` here as\n\
             Parquet. `int_iot__device_events`, incremental elsewhere, is rebuilt whole on Spark: plain\n\
             Parquet tables have no strategy that replaces rows by key. Run dbt from this folder (the\n\
             paths are relative to it).\n\n\
             ```sh\n\
             python3 -m venv .venv && .venv/bin/pip install \"dbt-core<1.12\" \"dbt-spark[session]\"\n\
             DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/dbt build --profiles-dir .\n\
             duckdb -c \"select * from 'spark-warehouse/main.db/executive_customer_health_kpis/*.parquet'\"\n\
             ```\n\n\
             `dbt build` runs every model and every test; `dbt test --select entity_customers` tests one\n\
             model. {vars}\n",
            shards = match dataset.manifest.shards {
                Some(n) => format!(", every shard's: `shard-*-of-{n}/raw/…`"),
                None => String::new(),
            }
        ),
        DbtTarget::Postgres { host, port, user, dbname } => format!(
            "# saaslab reference pipeline (dbt-postgres)\n\n\
             {about} dbt-postgres builds it on the PostgreSQL database `{dbname}` at\n\
             {host}:{port} (user `{user}`, password from `PGPASSWORD`): the sources are the schemas that\n\
             `saaslab load postgres` writes there (`app`, `stripe`, `iot` …), the models go to schema\n\
             `main`. Where engines spell SQL differently the models call dbt's cross-database macros\n\
             (`dbt.dateadd`, `dbt.datediff` …) or the project's own in `macros/cross_engine.sql`, so\n\
             the tables equal those of `saaslab build` on the same dataset.\n\n\
             ```sh\n\
             saaslab load postgres postgresql://{user}@{host}:{port}/{dbname} --data {data_dir}   # once, from here\n\
             python3 -m venv .venv && .venv/bin/pip install \"dbt-core<1.12\" dbt-postgres\n\
             DBT_SEND_ANONYMOUS_USAGE_STATS=false .venv/bin/dbt build --profiles-dir .\n\
             psql -h {host} -p {port} -U {user} {dbname} -c \"select * from main.executive_customer_health_kpis\"\n\
             ```\n\n\
             `dbt build` runs every model and every test; `dbt test --select entity_customers` tests one\n\
             model. {vars}\n"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_project() {
        assert_eq!(relative_path(Path::new("/a/b/data"), Path::new("/a/b/project")), "../data");
        assert_eq!(relative_path(Path::new("/a/data"), Path::new("/a/b/c/project")), "../../../data");
        assert_eq!(relative_path(Path::new("/a/b/project/data"), Path::new("/a/b/project")), "data");
        assert_eq!(relative_path(Path::new("/x/data"), Path::new("/y/project")), "/x/data");
    }

    #[test]
    fn sources_read_each_format() {
        let table = "      external_location: \"read_parquet('{{ var('data_dir') }}/raw/app/{name}.parquet')\"";
        let folder = "          external_location: \"read_parquet('{{ var('data_dir') }}/raw/iot/device_events/*.parquet')\"";
        assert_eq!(read_as(table, Format::Duckdb).trim_end(), "      external_location: \"(select * from dataset.app.{name})\"");
        assert_eq!(read_as(folder, Format::Duckdb).trim_end(), "          external_location: \"(select * from dataset.iot.device_events)\"");
        let csv = read_as(folder, Format::Csv);
        assert!(csv.contains("read_csv('{{ var('data_dir') }}/raw/iot/device_events/*.csv', header = true, types = ['VARCHAR', 'BIGINT'"), "{csv}");
        let yaml = "sources:\n  - name: app\n    meta:\n      external_location: \"read_parquet('{{ var('data_dir') }}/raw/app/{name}.parquet')\"\n    tables:\n      - name: accounts\n        columns:\n          - name: id\n";
        let csv = read_as(yaml, Format::Csv);
        assert!(csv.contains("      - name: accounts\n        meta:\n          external_location: \"read_csv('{{ var('data_dir') }}/raw/app/accounts.csv', header = true, types = ['BIGINT'"), "{csv}");
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&csv).is_ok(), "{csv}");
        assert_eq!(read_as(table, Format::Parquet), table);
        assert_eq!(in_shards(folder, Some(3)).trim_end(), "          external_location: \"read_parquet('{{ var('data_dir') }}/shard-*-of-3/raw/iot/device_events/*.parquet')\"");
        assert_eq!(in_shards(table, None), table);
    }

    #[test]
    fn a_postgres_target_reads_the_url_and_keeps_the_password_out() {
        let DbtTarget::Postgres { host, port, user, dbname } = DbtTarget::postgres("postgresql://ana:s3cret@db.example:6543/class").unwrap() else { panic!() };
        assert_eq!((host.as_str(), port, user.as_str(), dbname.as_str()), ("db.example", 6543, "ana", "class"));
        let DbtTarget::Postgres { host, port, dbname, .. } = DbtTarget::postgres("host=localhost dbname=analytics").unwrap() else { panic!() };
        assert_eq!((host.as_str(), port, dbname.as_str()), ("localhost", 5432, "analytics"));
        assert!(DbtTarget::postgres("not a url").is_err());
        let DbtTarget::Postgres { host, port, user, dbname } = DbtTarget::postgres("postgresql://ana:s3cret@db.example:6543/class").unwrap() else { panic!() };
        let text = postgres_profile(&host, port, &user, &dbname);
        assert!(!text.contains("s3cret") && text.contains("env_var('PGPASSWORD'"), "{text}");
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&text).is_ok(), "{text}");
    }
}
