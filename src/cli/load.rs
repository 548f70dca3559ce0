//! `saaslab load postgres`: a line per table under a progress bar, then the totals.

use crate::error::Result;
use crate::load::postgres::{self, Event};
use crate::progress::Silent;
use crate::text::{group, to_json};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

pub fn postgres(url: &str, data: &Path, with_truth: bool, quiet: bool, json: bool) -> Result<()> {
    let summary = if quiet || json {
        postgres::run(url, data, with_truth, &mut Silent)?
    } else {
        let mut bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let summary = postgres::run(url, data, with_truth, &mut |e: Event| match e {
            Event::Loading { tables } => {
                if std::io::stderr().is_terminal() {
                    bar = ProgressBar::new(tables as u64);
                    bar.set_style(ProgressStyle::with_template("{spinner} loading {bar:30} {pos}/{len} tables  {msg}").expect("valid template"));
                }
            }
            Event::TableStarted { table } => bar.set_message(table),
            Event::TableLoaded { table, rows } => {
                // Above the bar on a terminal; to a log or pipe, as plain lines (a hidden bar
                // prints nothing), so a long load still says how far it has got.
                let line = format!("{table:<40} {:>14} rows", group(rows));
                if bar.is_hidden() {
                    eprintln!("{line}");
                } else {
                    bar.println(line);
                }
                bar.inc(1);
            }
        });
        bar.finish_and_clear();
        summary?
    };
    if json {
        say!("{}", to_json(&summary)?);
    } else if !quiet {
        say!(
            "\nloaded {} rows in {} tables in {:.1} s: {} rows/s",
            group(summary.rows),
            summary.tables,
            summary.elapsed_s,
            group(summary.rows_per_s as u64)
        );
    }
    Ok(())
}
