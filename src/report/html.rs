//! The report page: a header naming the dataset (and the `--vs` one), a table of contents, and
//! the sections (`sections/`), each a chart or two with a caption saying how it is computed and
//! which model it reads, and tables where exact numbers matter. Self-contained: styles inline,
//! charts inline SVG, no external request. A small inline script marks each chart that drew
//! (`data-drawn`), which the browser test reads.

use super::figures::{Figures, Month};
use super::sections;
use super::svg::{esc, Bars, Line, Marker};
use chrono::NaiveDate;
use std::fmt::Write;

/// One section of the page: its anchor, its heading, its HTML.
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub body: String,
}

/// What every section draws from: the dataset, the one beside it (`--vs`), the shock markers
/// of both, and how the two are named in legends.
pub struct Cx<'a> {
    pub f: &'a Figures,
    pub vs: Option<&'a Figures>,
    pub markers: Vec<Marker>,
    pub this: String,
    pub other: Option<String>,
    /// The two datasets as legends name them: by scenario when the scenarios differ, else by
    /// seed (a legend has room for a word or two).
    pub this_short: String,
    pub other_short: Option<String>,
}

impl<'a> Cx<'a> {
    pub fn new(f: &'a Figures, vs: Option<&'a Figures>) -> Cx<'a> {
        let markers = f.shocks.iter().chain(vs.map(|v| v.shocks.iter()).into_iter().flatten()).filter_map(|s| Some(Marker { date: date(&s.date)?, label: s.label.clone() })).collect();
        let short = |g: &Figures| match vs {
            Some(v) if v.header.scenario == f.header.scenario => format!("seed {}", g.header.seed),
            _ => g.header.scenario.clone(),
        };
        Cx {
            f,
            vs,
            markers,
            this: format!("{} (seed {})", f.header.scenario, f.header.seed),
            other: vs.map(|v| format!("{} (seed {})", v.header.scenario, v.header.seed)),
            this_short: short(f),
            other_short: vs.map(short),
        }
    }

    /// One line per dataset: the first solid in `colour` and named `what` (or after its dataset
    /// when there are two), the `--vs` one dashed in `vs_colour`.
    pub fn lines(&self, what: &str, colour: usize, vs_colour: usize, points: impl Fn(&Figures) -> Vec<(NaiveDate, f64)>) -> Vec<Line> {
        let mut out = vec![Line { name: if self.vs.is_some() { self.this_short.clone() } else { what.to_string() }, points: points(self.f), dashed: false, colour }];
        if let (Some(v), Some(name)) = (self.vs, &self.other_short) {
            out.push(Line { name: name.clone(), points: points(v), dashed: true, colour: vs_colour });
        }
        out
    }

    /// Bar series of the dataset, each followed by the `--vs` dataset's (faded, same colour).
    /// `series` gives a dataset's (name, values per category) in the first dataset's categories.
    pub fn bars(&self, series: impl Fn(&Figures) -> Vec<(String, Vec<f64>)>) -> Vec<Bars> {
        let other = self.vs.map(&series);
        let mut out = Vec::new();
        for (k, (name, values)) in series(self.f).into_iter().enumerate() {
            match (&other, &self.other_short) {
                (Some(o), Some(label)) => {
                    out.push(Bars::new(format!("{name}, {}", self.this_short), values, k));
                    if let Some((_, v)) = o.get(k) {
                        out.push(Bars { name: format!("{name}, {label}"), values: v.clone(), colour: k, faded: true });
                    }
                }
                _ => out.push(Bars::new(name, values, k)),
            }
        }
        out
    }
}

pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

pub fn money(v: f64) -> String {
    crate::text::group(v.round().max(0.0) as u64).to_string()
}

pub fn signed_money(v: f64) -> String {
    if v < 0.0 { format!("−{}", money(-v)) } else { money(v) }
}

pub fn pct(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite()).map(|v| format!("{:.1} %", v * 100.0)).unwrap_or_else(|| "–".into())
}

/// An HTML table: a header row and rows of cells (already escaped where they hold text).
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("<table><tr>");
    for h in header {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr>");
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            // Numbers right-aligned so their digits line up; words left-aligned.
            let numeric = !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit() || " ,.%−–-".contains(c));
            let _ = write!(out, "{}{cell}</td>", if numeric { "<td class=n>" } else { "<td>" });
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

/// Monthly logo churn: customers lost in the month over customers at its start.
pub fn logo_churn(m: &Month) -> Option<f64> {
    (m.opening_customers > 0).then(|| m.churned_customers as f64 / m.opening_customers as f64)
}

/// What differs between two datasets, in the figures that matter; (label, first, second).
pub fn differences(a: &Figures, b: &Figures) -> Vec<(String, String, String)> {
    let last12 = |f: &Figures| -> Vec<f64> { f.months.iter().rev().take(12).filter_map(logo_churn).collect() };
    let mean = |v: Vec<f64>| if v.is_empty() { None } else { Some(v.iter().sum::<f64>() / v.len() as f64) };
    let end_mrr = |f: &Figures| f.months.last().map(|m| money(m.closing_mrr)).unwrap_or_default();
    let end_customers = |f: &Figures| f.months.last().map(|m| crate::text::group(m.closing_customers.max(0) as u64)).unwrap_or_default();
    let signups = |f: &Figures| crate::text::group(f.months.iter().map(|m| m.new_customers.max(0) as u64).sum());
    let offline = |f: &Figures| mean(f.fleet.iter().map(|m| 1.0 - m.uptime_ratio).collect());
    let worst_offline = |f: &Figures| f.fleet.iter().map(|m| 1.0 - m.uptime_ratio).fold(None, |acc: Option<f64>, v| Some(acc.map_or(v, |a| a.max(v))));
    let nrr = |f: &Figures| {
        let (now, before): (f64, f64) = f.segments.iter().filter_map(|s| Some((s.nrr_12m? * s.customers_a_year_before as f64, s.customers_a_year_before as f64))).fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
        (before > 0.0).then(|| now / before)
    };
    vec![
        ("MRR at the end (US$)".into(), end_mrr(a), end_mrr(b)),
        ("customers at the end".into(), end_customers(a), end_customers(b)),
        ("customers won, whole period".into(), signups(a), signups(b)),
        ("monthly logo churn, last 12 months (mean)".into(), pct(mean(last12(a))), pct(mean(last12(b)))),
        ("12-month NRR (segments weighted by accounts)".into(), pct(nrr(a)), pct(nrr(b))),
        ("device time offline (monthly mean)".into(), pct(offline(a)), pct(offline(b))),
        ("device time offline (worst month)".into(), pct(worst_offline(a)), pct(worst_offline(b))),
    ]
}

/// The whole page for `f`, with `vs` drawn beside it where given.
pub fn page(f: &Figures, vs: Option<&Figures>) -> String {
    let cx = Cx::new(f, vs);
    let mut all: Vec<Section> = Vec::new();
    sections::revenue::add(&cx, &mut all);
    sections::customers::add(&cx, &mut all);
    sections::fleet::add(&cx, &mut all);
    sections::acquisition::add(&cx, &mut all);
    sections::quality::add(&cx, &mut all);
    if let (Some(v), Some(other)) = (vs, &cx.other) {
        let rows = differences(f, v).into_iter().map(|(label, a, b)| vec![esc(&label), esc(&a), esc(&b)]);
        let body = format!("<p>{} against {}, on the same axes below (the second dashed or faded).</p>{}", esc(&cx.this), esc(other), table(&["figure", &esc(&cx.this), &esc(other)], rows));
        all.insert(0, Section { id: "comparison", title: "What differs", body });
    }

    let h = &f.header;
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>saaslab report: {scenario}</title>
<style>
body {{ font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1000px; color: #222; padding: 0 16px; }}
h1 {{ font-size: 24px; margin-bottom: 4px; }} h2 {{ margin-top: 36px; border-bottom: 1px solid #ddd; }}
.meta {{ color: #555; }} .caption {{ color: #444; max-width: 860px; }}
table {{ border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }}
td, th {{ border: 1px solid #ddd; padding: 2px 8px; text-align: left; vertical-align: top; }} th {{ background: #f5f5f5; }}
td.n {{ text-align: right; }} svg.chart {{ display: block; margin: 8px 0; max-width: 100%; height: auto; }}
nav ol {{ columns: 2; }}
</style></head><body>
<h1>{scenario}: the company in pictures</h1>
<p class=meta>{description}</p>
<p class=meta>Scenario <b>{scenario}</b>, seed {seed}, {customers} customers and {locations} locations, {start} to {end}; generated by saaslab {version}; dataset fingerprint <code>{fingerprint}</code>.{vs}</p>
<nav><h2>Contents</h2><ol>"#,
        scenario = esc(&h.scenario),
        description = esc(&h.description),
        seed = h.seed,
        customers = crate::text::group(h.customers),
        locations = crate::text::group(h.locations),
        start = h.start,
        end = h.end,
        version = esc(&h.saaslab_version),
        fingerprint = esc(&h.fingerprint),
        vs = vs.map(|v| format!(" Compared with <b>{}</b>, seed {}, fingerprint <code>{}</code>.", esc(&v.header.scenario), v.header.seed, esc(&v.header.fingerprint))).unwrap_or_default(),
    );
    for s in &all {
        let _ = write!(out, "<li><a href=\"#{}\">{}</a></li>", s.id, esc(s.title));
    }
    out.push_str("</ol></nav>\n");
    for s in &all {
        let _ = write!(out, "<section id=\"{}\"><h2>{}</h2>\n{}\n</section>\n", s.id, esc(s.title), s.body);
    }
    // Marks every chart that drew something with a size, for the browser test (and nothing else).
    out.push_str(
        "<script>\nfor (const svg of document.querySelectorAll('svg.chart')) {\n  const drawn = [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;\n  svg.setAttribute('data-drawn', String(drawn));\n}\ndocument.body.setAttribute('data-checked', 'yes');\n</script>\n</body></html>\n",
    );
    out
}
