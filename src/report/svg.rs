//! Charts as inline SVG, drawn from numbers alone: time lines, signed stacked bars, grouped
//! bars and a heatmap. Every chart carries a `<title>` and an `aria-label` (its text
//! alternative), axis labels with units, and colours from the Okabe–Ito palette (told apart by
//! readers with colour-vision deficiencies). Output depends only on the input: numbers are
//! printed with fixed decimals, so the same figures give the same bytes.

use chrono::NaiveDate;
use std::fmt::Write;

/// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
pub const PALETTE: [&str; 8] = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

const WIDTH: f64 = 860.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 46.0;

/// A named series of (date, value) points.
pub struct Line {
    pub name: String,
    pub points: Vec<(NaiveDate, f64)>,
    /// Dashed: the `--vs` dataset's series beside the first's.
    pub dashed: bool,
    pub colour: usize,
}

/// A named series of bars, one value per category. `faded`: the `--vs` dataset's bars, drawn
/// lighter beside the first's in the same colour.
pub struct Bars {
    pub name: String,
    pub values: Vec<f64>,
    pub colour: usize,
    pub faded: bool,
}

impl Bars {
    pub fn new(name: impl Into<String>, values: Vec<f64>, colour: usize) -> Bars {
        Bars { name: name.into(), values, colour, faded: false }
    }
}

/// A dated event drawn as a labelled vertical rule.
pub struct Marker {
    pub date: NaiveDate,
    pub label: String,
}

/// Text made safe inside HTML and SVG markup.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn open(out: &mut String, id: &str, title: &str, alt: &str) {
    let _ = write!(
        out,
        r#"<svg id="{id}" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(alt),
        esc(title)
    );
}

/// A round step for an axis covering `span` in about `ticks` steps.
fn nice_step(span: f64, ticks: f64) -> f64 {
    if span <= 0.0 || !span.is_finite() {
        return 1.0;
    }
    let raw = span / ticks;
    let magnitude = 10f64.powf(raw.log10().floor());
    let unit = raw / magnitude;
    let nice = if unit <= 1.0 { 1.0 } else if unit <= 2.0 { 2.0 } else if unit <= 5.0 { 5.0 } else { 10.0 };
    nice * magnitude
}

/// Axis numbers people read: 1.2M, 350k, 12.5 %, 0.8.
pub fn short(v: f64, percent: bool) -> String {
    if percent {
        return format!("{:.0} %", v * 100.0);
    }
    let a = v.abs();
    if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e3 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 10.0 || a == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The y range with room: from min(0, lowest) to the highest, extended to round steps.
fn y_range(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = (lo.min(0.0), if hi <= lo { lo + 1.0 } else { hi });
    let step = nice_step(hi - lo, 5.0);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

fn y_axis(out: &mut String, lo: f64, hi: f64, step: f64, label: &str, percent: bool) {
    let plot_h = HEIGHT - TOP - BOTTOM;
    let mut v = lo;
    while v <= hi + step / 2.0 {
        let y = TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
        let _ = write!(out, r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{}</text>"##, WIDTH - RIGHT, LEFT - 6.0, y + 4.0, short(v, percent));
        v += step;
    }
    let _ = write!(out, r#"<text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle" font-size="12">{}</text>"#, TOP + plot_h / 2.0, esc(label));
}

fn legend(out: &mut String, items: &[(String, usize, bool)]) {
    for (i, (name, colour, dashed)) in items.iter().enumerate() {
        let y = TOP + 10.0 + i as f64 * 18.0;
        let x = WIDTH - RIGHT + 12.0;
        let dash = if *dashed { r#" stroke-dasharray="5 3""# } else { "" };
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{}" stroke-width="3"{dash}/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
            x + 18.0,
            PALETTE[colour % PALETTE.len()],
            x + 24.0,
            y + 4.0,
            esc(name)
        );
    }
}

/// Lines over time, with dated markers; `percent` shows the y axis as percentages.
pub fn lines(id: &str, title: &str, alt: &str, y_label: &str, percent: bool, series: &[Line], markers: &[Marker]) -> String {
    let mut out = String::new();
    open(&mut out, id, title, alt);
    let all: Vec<(NaiveDate, f64)> = series.iter().flat_map(|s| s.points.iter().copied()).filter(|(_, v)| v.is_finite()).collect();
    let (Some(first), Some(last)) = (all.iter().map(|p| p.0).min(), all.iter().map(|p| p.0).max()) else {
        out.push_str(r#"<text x="20" y="40">no data</text></svg>"#);
        return out;
    };
    let lo = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let hi = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi, step) = y_range(lo, hi);
    y_axis(&mut out, lo, hi, step, y_label, percent);
    let days = (last - first).num_days().max(1) as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x_of = |d: NaiveDate| LEFT + plot_w * (d - first).num_days() as f64 / days;
    let y_of = |v: f64| TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
    // Years along the bottom.
    use chrono::Datelike;
    for year in first.year()..=last.year() {
        let jan = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        if jan >= first && jan <= last {
            let x = x_of(jan);
            let _ = write!(out, r##"<line x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="#eee"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="11">{year}</text>"##, HEIGHT - BOTTOM, HEIGHT - BOTTOM + 16.0);
        }
    }
    let _ = write!(out, r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12">month</text>"#, LEFT + plot_w / 2.0, HEIGHT - 6.0);
    for m in markers.iter().filter(|m| m.date >= first && m.date <= last) {
        let x = x_of(m.date);
        let _ = write!(out, r##"<line class="marker" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="#555" stroke-dasharray="2 3"/><text x="{:.1}" y="{:.1}" font-size="10" fill="#333">{}</text>"##, HEIGHT - BOTTOM, x + 3.0, TOP + 10.0, esc(&m.label));
    }
    for s in series {
        let pts: Vec<String> = s.points.iter().filter(|(_, v)| v.is_finite()).map(|(d, v)| format!("{:.1},{:.1}", x_of(*d), y_of(*v))).collect();
        if pts.is_empty() {
            continue;
        }
        let dash = if s.dashed { r#" stroke-dasharray="6 4""# } else { "" };
        let _ = write!(out, r#"<polyline class="mark" fill="none" stroke="{}" stroke-width="2"{dash} points="{}"><title>{}</title></polyline>"#, PALETTE[s.colour % PALETTE.len()], pts.join(" "), esc(&s.name));
    }
    legend(&mut out, &series.iter().map(|s| (s.name.clone(), s.colour, s.dashed)).collect::<Vec<_>>());
    out.push_str("</svg>");
    out
}

/// Stacked bars per month: positive parts above zero, negative parts below.
pub fn signed_bars(id: &str, title: &str, alt: &str, y_label: &str, months: &[NaiveDate], parts: &[(String, Vec<f64>)], markers: &[Marker]) -> String {
    let mut out = String::new();
    open(&mut out, id, title, alt);
    if months.is_empty() {
        out.push_str(r#"<text x="20" y="40">no data</text></svg>"#);
        return out;
    }
    let up: Vec<f64> = (0..months.len()).map(|i| parts.iter().map(|(_, v)| v[i].max(0.0)).sum()).collect();
    let down: Vec<f64> = (0..months.len()).map(|i| parts.iter().map(|(_, v)| v[i].min(0.0)).sum()).collect();
    let (lo, hi, step) = y_range(down.iter().copied().fold(0.0, f64::min), up.iter().copied().fold(0.0, f64::max));
    y_axis(&mut out, lo, hi, step, y_label, false);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / months.len() as f64;
    let y_of = |v: f64| TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
    use chrono::Datelike;
    for (i, m) in months.iter().enumerate() {
        let x = LEFT + slot * i as f64;
        if m.month() == 1 || i == 0 {
            let _ = write!(out, r#"<text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#, x, HEIGHT - BOTTOM + 16.0, m.year());
        }
        let (mut pos, mut neg) = (0.0, 0.0);
        for (k, (name, values)) in parts.iter().enumerate() {
            let v = values[i];
            if v == 0.0 {
                continue;
            }
            let (from, to) = if v > 0.0 {
                let r = (pos, pos + v);
                pos += v;
                r
            } else {
                let r = (neg + v, neg);
                neg += v;
                r
            };
            let (y1, y2) = (y_of(to), y_of(from));
            let _ = write!(
                out,
                r#"<rect class="mark" x="{:.1}" y="{y1:.1}" width="{:.1}" height="{:.1}" fill="{}"><title>{} {}: {}</title></rect>"#,
                x + slot * 0.1,
                (slot * 0.8).max(0.5),
                (y2 - y1).max(0.1),
                PALETTE[k % PALETTE.len()],
                m.format("%Y-%m"),
                esc(name),
                format!("{v:.2}")
            );
        }
    }
    let zero = y_of(0.0);
    let _ = write!(out, r##"<line x1="{LEFT}" x2="{:.1}" y1="{zero:.1}" y2="{zero:.1}" stroke="#333"/>"##, WIDTH - RIGHT);
    let first = months[0];
    let last = *months.last().unwrap();
    for mk in markers.iter().filter(|m| m.date >= first && m.date <= last) {
        let i = months.iter().position(|d| *d >= mk.date).unwrap_or(0);
        let x = LEFT + slot * i as f64;
        let _ = write!(out, r##"<line class="marker" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="#555" stroke-dasharray="2 3"/><text x="{:.1}" y="{:.1}" font-size="10" fill="#333">{}</text>"##, HEIGHT - BOTTOM, x + 3.0, TOP + 10.0, esc(&mk.label));
    }
    let _ = write!(out, r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12">month</text>"#, LEFT + plot_w / 2.0, HEIGHT - 6.0);
    legend(&mut out, &parts.iter().enumerate().map(|(k, (n, _))| (n.clone(), k, false)).collect::<Vec<_>>());
    out.push_str("</svg>");
    out
}

/// Bars per category, one bar per series side by side.
pub fn grouped_bars(id: &str, title: &str, alt: &str, y_label: &str, categories: &[String], series: &[Bars]) -> String {
    let mut out = String::new();
    open(&mut out, id, title, alt);
    let values: Vec<f64> = series.iter().flat_map(|s| s.values.iter().copied()).filter(|v| v.is_finite()).collect();
    if categories.is_empty() || values.is_empty() {
        out.push_str(r#"<text x="20" y="40">no data</text></svg>"#);
        return out;
    }
    let (lo, hi, step) = y_range(values.iter().copied().fold(0.0, f64::min), values.iter().copied().fold(0.0, f64::max));
    y_axis(&mut out, lo, hi, step, y_label, false);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = plot_w / categories.len() as f64;
    let bar = slot * 0.8 / series.len().max(1) as f64;
    let y_of = |v: f64| TOP + plot_h * (1.0 - (v - lo) / (hi - lo));
    for (i, c) in categories.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + slot * 0.1;
        // Many categories: slanted labels, so long names do not run into each other.
        let (cx, cy) = (LEFT + slot * (i as f64 + 0.5), HEIGHT - BOTTOM + 14.0);
        if categories.len() > 6 {
            let _ = write!(out, r#"<text transform="translate({cx:.1} {cy:.1}) rotate(-20)" text-anchor="end" font-size="10">{}</text>"#, esc(c));
        } else {
            let _ = write!(out, r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="11">{}</text>"#, cy + 2.0, esc(c));
        }
        for (k, s) in series.iter().enumerate() {
            let value = s.values.get(i).copied().unwrap_or(f64::NAN);
            if !value.is_finite() {
                continue;
            }
            let (a, b) = (y_of(value.max(0.0)), y_of(value.min(0.0)));
            let colour = PALETTE[s.colour % PALETTE.len()];
            let fade = if s.faded { format!(r#" fill-opacity="0.4" stroke="{colour}" stroke-dasharray="3 2""#) } else { String::new() };
            let _ = write!(
                out,
                r#"<rect class="mark" x="{:.1}" y="{a:.1}" width="{:.1}" height="{:.1}" fill="{colour}"{fade}><title>{} {}: {:.2}</title></rect>"#,
                x0 + bar * k as f64,
                bar.max(0.5),
                (b - a).max(0.1),
                esc(c),
                esc(&s.name),
                value
            );
        }
    }
    let _ = write!(out, r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#333"/>"##, WIDTH - RIGHT, y_of(0.0), y_of(0.0));
    legend(&mut out, &series.iter().map(|s| (s.name.clone(), s.colour, s.faded)).collect::<Vec<_>>());
    out.push_str("</svg>");
    out
}

/// A heatmap of shares (0 to 1): one row per label, one column per step, darker is higher.
pub fn heatmap(id: &str, title: &str, alt: &str, x_label: &str, rows: &[(String, Vec<Option<f64>>)]) -> String {
    let mut out = String::new();
    let columns = rows.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let cell_h = 11.0;
    let height = TOP + BOTTOM + cell_h * rows.len() as f64;
    let _ = write!(
        out,
        r#"<svg id="{id}" class="chart" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(alt),
        esc(title)
    );
    if rows.is_empty() || columns == 0 {
        out.push_str(r#"<text x="20" y="40">no data</text></svg>"#);
        return out;
    }
    let cell_w = (WIDTH - LEFT - RIGHT) / columns as f64;
    for (r, (label, values)) in rows.iter().enumerate() {
        let y = TOP + cell_h * r as f64;
        if r % 6 == 0 {
            let _ = write!(out, r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="10">{}</text>"#, LEFT - 6.0, y + 9.0, esc(label));
        }
        for (c, v) in values.iter().enumerate() {
            let Some(v) = v else { continue };
            // Blue ramp: white at 0, #08306b at 1.
            let t = v.clamp(0.0, 1.0);
            let (r0, g0, b0) = (247.0, 251.0, 255.0);
            let (r1, g1, b1) = (8.0, 48.0, 107.0);
            let colour = format!("#{:02x}{:02x}{:02x}", (r0 + (r1 - r0) * t) as u8, (g0 + (g1 - g0) * t) as u8, (b0 + (b1 - b0) * t) as u8);
            let _ = write!(out, r#"<rect class="mark" x="{:.1}" y="{y:.1}" width="{:.1}" height="{cell_h:.1}" fill="{colour}"><title>{label} +{c}: {:.1} %</title></rect>"#, LEFT + cell_w * c as f64, cell_w.max(0.5), v * 100.0);
        }
    }
    for c in (0..columns).step_by(6) {
        let _ = write!(out, r#"<text x="{:.1}" y="{:.1}" font-size="10">{c}</text>"#, LEFT + cell_w * c as f64, TOP + cell_h * rows.len() as f64 + 14.0);
    }
    let _ = write!(out, r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="12">{}</text>"#, LEFT + (WIDTH - LEFT - RIGHT) / 2.0, height - 8.0, esc(x_label));
    let _ = write!(out, r#"<text transform="translate(14 {:.1}) rotate(-90)" text-anchor="middle" font-size="12">sign-up month</text>"#, TOP + cell_h * rows.len() as f64 / 2.0);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_numbers_short() {
        assert_eq!(nice_step(1000.0, 5.0), 200.0);
        assert_eq!(nice_step(7.0, 5.0), 2.0);
        assert_eq!(short(1_250_000.0, false), "1.2M");
        assert_eq!(short(0.125, true), "12 %");
    }

    #[test]
    fn a_chart_is_accessible_and_the_same_every_time() {
        let d = |m| NaiveDate::from_ymd_opt(2024, m, 1).unwrap();
        let series = [Line { name: "MRR".into(), points: vec![(d(1), 10.0), (d(2), 12.0), (d(3), 9.0)], dashed: false, colour: 0 }];
        let markers = [Marker { date: d(2), label: "price increase".into() }];
        let a = lines("mrr", "MRR", "MRR by month, 9 to 12", "US$", false, &series, &markers);
        assert_eq!(a, lines("mrr", "MRR", "MRR by month, 9 to 12", "US$", false, &series, &markers));
        assert!(a.contains("<title>MRR</title>") && a.contains(r#"role="img""#) && a.contains("price increase") && a.contains("polyline"));
        let bars = signed_bars("m", "moves", "alt", "US$", &[d(1), d(2)], &[("new".into(), vec![5.0, 3.0]), ("churn".into(), vec![-2.0, -1.0])], &[]);
        assert_eq!(bars.matches("<rect").count(), 4);
    }
}
