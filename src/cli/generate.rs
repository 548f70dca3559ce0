//! `saaslab generate` (a progress bar, then the table of what was written) and
//! `saaslab scenarios`.

use super::{FormatArg, GenerateArgs};
use crate::error::Result;
use crate::generate::{self, Event};
use crate::dataset::shards::{self, Merged, Shard};
use crate::progress::Silent;
use crate::sink::Format;
use crate::text::{group, human_bytes, to_json};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

pub fn generate(a: GenerateArgs) -> Result<()> {
    if let Some(roster) = a.class.clone() {
        return generate_class(a, &roster);
    }
    let seed = match &a.student {
        Some(name) => crate::class::seed_for(a.seed, &crate::class::student(name)?.name),
        None => a.seed,
    };
    let mut options = options_of(&a, seed, a.out.clone());
    options.shard = a.shard.as_deref().map(Shard::parse).transpose()?;
    let summary = if a.quiet || a.json || !std::io::stderr().is_terminal() {
        generate::run(&options, &mut Silent)?
    } else {
        let mut bar = Bar::default();
        let summary = generate::run(&options, &mut |e: Event| bar.show(e));
        bar.0.finish_and_clear();
        summary?
    };
    if a.json {
        say!("{}", to_json(&summary)?);
    } else if a.quiet {
        // Quiet hides the progress and the tables, not the result.
        print_result(&summary);
    } else {
        print_summary(&summary);
    }
    Ok(())
}

/// The run the flags ask for, with its seed and output folder.
fn options_of(a: &GenerateArgs, seed: u64, out: std::path::PathBuf) -> generate::Options {
    generate::Options {
        scenario: a.scenario.clone(),
        seed,
        out,
        format: match a.format {
            FormatArg::Parquet => Format::Parquet,
            FormatArg::Csv => Format::Csv,
            FormatArg::Duckdb => Format::Duckdb,
        },
        customers: a.customers,
        locations: a.locations,
        start: a.start,
        end: a.end,
        scale: a.scale,
        threads: a.threads.map(usize::from),
        force: a.force,
        yes: a.yes,
        with_truth: a.with_truth,
        shard: None,
    }
}

/// A dataset per student of the roster, in OUT/<student>/, each seeded from the class seed and
/// the student's name, and OUT/class.json naming them (what `grade` reads).
fn generate_class(a: GenerateArgs, roster: &std::path::Path) -> Result<()> {
    use crate::class::{self, ClassEntry, ClassIndex};
    let students = class::read_roster(roster)?;
    let root = a.out.clone();
    if root.join(class::INDEX).exists() && !a.force {
        return Err(crate::error::Error::input(format!("{} already holds a class: pass --force to replace it", root.display())));
    }
    let mut entries = Vec::new();
    for (i, s) in students.iter().enumerate() {
        let seed = class::seed_for(a.seed, &s.name);
        let options = options_of(&a, seed, root.join(&s.slug));
        let summary = generate::run(&options, &mut Silent)?;
        if !a.quiet && !a.json {
            eprintln!("{:>3} of {}  {:<28} seed {:>10}  {} rows  {:.1} s", i + 1, students.len(), s.slug, seed, group(summary.rows), summary.elapsed_s);
        }
        entries.push(ClassEntry { name: s.name.clone(), folder: s.slug.clone(), seed });
    }
    let index = ClassIndex { class_seed: a.seed, scenario: a.scenario.clone(), students: entries };
    let path = root.join(class::INDEX);
    let text = serde_json::to_string_pretty(&index).map_err(|e| crate::error::Error::Io(e.to_string()))? + "\n";
    std::fs::write(&path, text).map_err(|e| crate::error::Error::io("cannot write", &path, e))?;
    if a.json {
        say!("{}", to_json(&index)?);
    } else if !a.quiet {
        say!("wrote {} datasets into {} (named in {}); build each with `saaslab build --data {}/<student>`", index.students.len(), root.display(), path.display(), root.display());
    }
    Ok(())
}

/// The bar on standard error while accounts are simulated.
struct Bar(ProgressBar);

impl Default for Bar {
    fn default() -> Self {
        Bar(ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()))
    }
}

impl Bar {
    fn show(&mut self, event: Event) {
        match event {
            Event::Simulating { chunks } => {
                self.0 = ProgressBar::new(chunks);
                // No estimate until a tenth is done: the first chunks (thread start-up, the
                // largest accounts first) would promise minutes for a job of seconds.
                self.0.set_style(ProgressStyle::with_template("{spinner} simulating accounts {bar:40} {pos}/{len} chunks ({elapsed})").expect("valid template"));
                self.0.enable_steady_tick(Duration::from_millis(120));
            }
            Event::ChunkWritten => {
                self.0.inc(1);
                let len = self.0.length().unwrap_or(0);
                if self.0.position() * 10 >= len && self.0.position() * 10 < len + 10 {
                    self.0.set_style(ProgressStyle::with_template("{spinner} simulating accounts {bar:40} {pos}/{len} chunks ({eta} left)").expect("valid template"));
                }
            }
            Event::Consolidating { tables } => {
                // Loading the Parquet into one DuckDB file takes a while: a bar of its own.
                self.0.finish_and_clear();
                self.0 = ProgressBar::new(tables);
                self.0.set_style(ProgressStyle::with_template("{spinner} loading into saaslab.duckdb {bar:30} {pos}/{len} tables  {msg}").expect("valid template"));
                self.0.enable_steady_tick(Duration::from_millis(120));
            }
            Event::ConsolidatingTable { table } => {
                if !self.0.message().is_empty() {
                    self.0.inc(1);
                }
                self.0.set_message(table);
            }
        }
    }
}

fn print_summary(s: &generate::Summary) {
    say!("{:<40} {:>12} {:>10}", "table", "rows", "size");
    for t in &s.tables {
        let size = if t.bytes > 0 { human_bytes(t.bytes) } else { String::new() };
        say!("{:<40} {:>12} {:>10}", t.table, group(t.rows), size);
    }
    say!();
    print_result(s);
    // A shard's accounts are a slice of the company: its vital signs would mislead.
    if s.shard.is_none() {
        print_vitals(&s.vitals);
    }
}

/// What was written, where, and (for a shard) what is still to come: the lines `--quiet` keeps.
fn print_result(s: &generate::Summary) {
    say!(
        "wrote {} raw rows ({}) for scenario `{}`, seed {}, to {} in {:.1} s: {} rows/s on {} threads",
        group(s.rows),
        human_bytes(s.bytes),
        s.scenario,
        s.seed,
        s.out.display(),
        s.elapsed_s,
        group(s.rows_per_s as u64),
        s.threads
    );
    match &s.shard {
        Some(sh) if sh.complete => say!("\nshard {} of {}: all {} shards are in {}, which is now one dataset: `saaslab build --data {}`", sh.index, sh.count, sh.count, sh.dataset.display(), sh.dataset.display()),
        Some(sh) => {
            let missing: Vec<String> = (1..=sh.count).filter(|k| !sh.present.contains(k)).map(|k| format!("{k}/{}", sh.count)).collect();
            say!("\nshard {} of {}: {} of {} shards are in {}; still to write: {} (the last one to land makes the folder one dataset)", sh.index, sh.count, sh.present.len(), sh.count, sh.dataset.display(), missing.join(", "));
        }
        None => {}
    }
}

/// The business the dataset describes: a table by segment, then the company-wide rates.
fn print_vitals(v: &crate::sim::vitals::Vitals) {
    let percent = |x: Option<f64>, digits: usize| x.map_or("–".to_string(), |x| format!("{:.*} %", digits, x * 100.0));
    let dollars = |cents: i64| format!("${}", group((cents / 100) as u64));
    say!("
the business on {} (churn and retention over the 12 months since {}):", v.as_of, v.since);
    say!("{:<12} {:>10} {:>14} {:>16} {:>9} {:>9}", "segment", "customers", "MRR", "logo churn / mo", "NRR", "GRR");
    let rows = crate::world::SEGMENTS.iter().filter_map(|name| v.segments.get(*name).map(|s| (*name, s))).chain([("all", &v.all)]);
    for (name, s) in rows {
        say!(
            "{:<12} {:>10} {:>14} {:>16} {:>9} {:>9}",
            name,
            group(s.customers),
            dollars(s.mrr_cents),
            percent(s.monthly_logo_churn, 2),
            percent(s.nrr_12m, 1),
            percent(s.grr_12m, 1)
        );
    }
    say!(
        "ARR {} · trials that paid {} · involuntary share of churn {}",
        dollars(v.all.mrr_cents * 12),
        percent(v.trial_conversion, 1),
        percent(v.involuntary_share, 1)
    );
}

pub fn scenarios(json: bool) -> Result<()> {
    let list = crate::scenario::builtin_descriptions()?;
    if json {
        let items: Vec<_> = list.iter().map(|(n, d)| serde_json::json!({"name": n, "description": d})).collect();
        say!("{}", to_json(&items)?);
    } else {
        for (name, description) in list {
            say!("{name:<16} {description}");
        }
    }
    Ok(())
}

/// `saaslab merge-manifests DIR`: the shards in DIR as one dataset, or which are missing.
pub fn merge_manifests(dir: &std::path::Path) -> Result<()> {
    match shards::merge(dir)? {
        Merged::Complete { shards, manifest } => {
            let rows: u64 = manifest.tables.iter().filter(|t| !t.is_truth()).map(|t| t.rows).sum();
            say!("{} shards in {} make one dataset ({} raw rows): wrote {}; build it with `saaslab build --data {}`", shards, dir.display(), group(rows), dir.join(crate::dataset::manifest::FILE).display(), dir.display());
            Ok(())
        }
        Merged::Waiting { count, present } => {
            let missing: Vec<String> = (1..=count).filter(|k| !present.contains(k)).map(|k| format!("{k}/{count}")).collect();
            Err(crate::error::Error::input(format!(
                "{} holds {} of {count} shards; missing (or still being written): {}. Write them with `saaslab generate --shard K/N --out {}` and the same flags",
                dir.display(),
                present.len(),
                missing.join(", "),
                dir.display()
            )))
        }
    }
}
