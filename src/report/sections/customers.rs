//! Customers: paying customers and logo churn (overall and by segment), cohort retention, the
//! trial → paid conversion, churn risk against observed churn, and health.

use crate::report::figures::{Cohort, Figures};
use crate::report::html::{date, logo_churn, pct, table, Cx, Section};
use crate::report::svg::{self, esc, Line};

/// Months averaged in the by-segment churn line: one month of a small segment is noise.
const SEGMENT_WINDOW: usize = 3;

/// Logo churn by segment, month by month, over a trailing window of `SEGMENT_WINDOW` months:
/// customers lost in the window over customers paying at the start of each of its months.
pub fn segment_churn_lines(f: &Figures) -> Vec<(String, Vec<(String, f64)>)> {
    let mut segments: Vec<&str> = f.segment_churn.iter().map(|s| s.segment.as_str()).collect();
    segments.sort();
    segments.dedup();
    segments
        .into_iter()
        .map(|segment| {
            let months: Vec<_> = f.segment_churn.iter().filter(|s| s.segment == segment).collect();
            let points = (SEGMENT_WINDOW - 1..months.len())
                .filter_map(|i| {
                    let window = &months[i + 1 - SEGMENT_WINDOW..=i];
                    let paying: i64 = window.iter().map(|m| m.paying_at_start).sum();
                    (paying > 0).then(|| (months[i].month_start.clone(), window.iter().map(|m| m.churned).sum::<i64>() as f64 / paying as f64))
                })
                .collect();
            (segment.to_string(), points)
        })
        .collect()
}

/// One heatmap row per sign-up month (the mart is ordered by cohort); `value` picks the share.
fn heatmap_rows(cohorts: &[Cohort], value: impl Fn(&Cohort) -> Option<f64>) -> Vec<(String, Vec<Option<f64>>)> {
    let mut rows: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for c in cohorts {
        let label = c.cohort_month[..7].to_string();
        if rows.last().map(|r| &r.0) != Some(&label) {
            rows.push((label, Vec::new()));
        }
        let row = &mut rows.last_mut().expect("a row was just pushed").1;
        let at = c.months_since_start.max(0) as usize;
        if row.len() <= at {
            row.resize(at + 1, None);
        }
        row[at] = value(c);
    }
    rows
}

pub fn add(cx: &Cx, out: &mut Vec<Section>) {
    let f = cx.f;
    let customers = cx.lines("customers", 0, 2, |f| f.months.iter().filter_map(|m| Some((date(&m.month_start)?, m.closing_customers as f64))).collect());
    let churn = cx.lines("logo churn", 3, 4, |f| f.months.iter().filter_map(|m| Some((date(&m.month_start)?, logo_churn(m)?))).collect());
    let a = svg::lines("chart-customers", "Paying customers", "Paying customers at the end of each month.", "customers", false, &customers, &cx.markers);
    let b = svg::lines("chart-churn", "Monthly logo churn", "Customers lost in a month over customers at its start.", "logo churn (% per month)", true, &churn, &cx.markers);
    let mut by_segment: Vec<Line> = Vec::new();
    for (k, (segment, points)) in segment_churn_lines(f).into_iter().enumerate() {
        by_segment.push(Line { name: segment.clone(), points: points.iter().filter_map(|(m, v)| Some((date(m)?, *v))).collect(), dashed: false, colour: k });
        if let (Some(v), Some(other)) = (cx.vs, &cx.other_short) {
            if let Some((_, points)) = segment_churn_lines(v).into_iter().find(|(s, _)| *s == segment) {
                by_segment.push(Line { name: format!("{segment}, {other}"), points: points.iter().filter_map(|(m, v)| Some((date(m)?, *v))).collect(), dashed: true, colour: k });
            }
        }
    }
    let c = svg::lines("chart-segment-churn", "Monthly logo churn by segment", "Lines per customer segment: customers lost per month over customers paying at the month's start, averaged over three months.", "logo churn (% per month)", true, &by_segment, &cx.markers);
    out.push(Section { id: "customers", title: "Customers and logo churn", body: format!("{a}{b}<p class=caption>Paying customers at each month's end, and customers lost over customers at the month's start, from <code>finance_mrr_movements</code>.</p>{c}<p class=caption>The same churn by segment (an account paying in one month and not the next is lost), over a trailing {SEGMENT_WINDOW}-month window so that small segments read as a trend, from <code>int_billing__account_mrr_monthly</code> and <code>entity_customers.segment</code>{}.</p>", if cx.vs.is_some() { "; the compared dataset's lines are dashed" } else { "" }) });

    let logos = svg::heatmap("chart-cohorts", "Cohort retention (logos)", "Heatmap: for each sign-up month (rows), the share of its customers still paying each month after (columns).", "months since the first payment", &heatmap_rows(&f.cohorts, |c| c.logo_retention_rate));
    let revenue = svg::heatmap("chart-cohorts-revenue", "Cohort retention (revenue)", "Heatmap: for each sign-up month (rows), its MRR each month after (columns) as a share of its starting MRR; above 100 % is drawn as 100 %.", "months since the first payment", &heatmap_rows(&f.cohorts, |c| c.revenue_retention_rate));
    let beside = match (cx.vs, &cx.other) {
        (Some(v), Some(name)) => {
            let chart = svg::heatmap("chart-cohorts-vs", &format!("Cohort retention (logos): {name}"), "The same logo-retention heatmap for the dataset compared with.", "months since the first payment", &heatmap_rows(&v.cohorts, |c| c.logo_retention_rate));
            format!("{chart}<p class=caption>Logo retention of {}, for comparison with the first heatmap.</p>", esc(name))
        }
        _ => String::new(),
    };
    out.push(Section { id: "cohorts", title: "Cohort retention", body: format!("{logos}<p class=caption>Share of each month's new customers still paying N months later (logo retention, % of month 0), from <code>customer_cohort_retention</code>; darker is higher.</p>{revenue}<p class=caption>The same cohorts' MRR N months later over their starting MRR (revenue retention); expansion can take it past 100 %, drawn as the darkest shade (the exact value is in each cell's tooltip).</p>{beside}") });

    let conversion = cx.lines("trial → paid", 2, 3, |f| f.trials.iter().filter(|t| t.complete && t.trials > 0).filter_map(|t| Some((date(&t.month_start)?, t.paid_within_30d as f64 / t.trials as f64))).collect());
    let chart = svg::lines("chart-trials", "Trials that paid within 30 days", "For each month's new trials, the share that paid within 30 days of starting.", "trial → paid (%)", true, &conversion, &cx.markers);
    let rows = f.trials.iter().rev().take(12).collect::<Vec<_>>().into_iter().rev().map(|t| vec![t.month_start[..7].to_string(), t.trials.to_string(), t.paid_within_30d.to_string(), if t.complete { pct((t.trials > 0).then(|| t.paid_within_30d as f64 / t.trials as f64)) } else { "still running".into() }]);
    out.push(Section { id: "trials", title: "Trial → paid", body: format!("{chart}<p class=caption>Accounts whose first trial started in each month, and how many made a first payment within 30 days of the start (the trial is 14 days), from <code>entity_subscriptions</code> and <code>entity_customers</code>; months whose trials have not all had 30 days are left off the line. The last twelve months:</p>{}", table(&["trial month", "trials", "paid within 30 days", "trial → paid"], rows)) });

    let bands: Vec<Line> = ["high", "medium", "low"]
        .iter()
        .zip([3, 1, 2])
        .map(|(band, colour)| Line { name: format!("{band} risk"), points: f.risk_bands.iter().filter(|r| r.churn_risk_category == *band).filter_map(|r| Some((date(&r.snapshot_date)?, r.churn_rate_90d?))).collect(), dashed: false, colour })
        .collect();
    let chart = svg::lines("chart-risk", "Observed 90-day churn by churn-risk band", "For each month's snapshot, the share of each risk band's customers that churned within 90 days.", "churned within 90 days (%)", true, &bands, &cx.markers);
    let latest = f.risk_bands.iter().filter(|r| r.churn_rate_90d.is_some()).map(|r| r.snapshot_date.clone()).max();
    let rows = f.risk_bands.iter().filter(|r| Some(&r.snapshot_date) == latest.as_ref()).map(|r| vec![r.snapshot_date.clone(), esc(&r.churn_risk_category), r.customers.to_string(), r.churned_90d.to_string(), pct(r.churn_rate_90d)]);
    out.push(Section { id: "risk", title: "Churn risk", body: format!("{chart}<p class=caption>Customers scored on the first of each month by <code>churn_risk_score</code>, and how many of each band churned in the next 90 days, from <code>customer_churn_risk_bands</code>. The latest snapshot with a full 90 days after it:</p>{}", table(&["snapshot", "band", "customers", "churned in 90 days", "rate"], rows)) });

    let bins: Vec<String> = (0..10).map(|i| format!("{:.1}", i as f64 / 10.0)).collect();
    let histogram = |g: &Figures| vec![("customers".to_string(), (0..10).map(|i| g.health.iter().find(|b| (b.from * 10.0).round() as i64 == i).map(|b| b.customers as f64).unwrap_or(0.0)).collect())];
    let chart = svg::grouped_bars("chart-health", "Customer health score of paying customers", "Histogram: paying customers by health score, in bins of 0.1 from 0 to 1.", "customers", &bins, &cx.bars(histogram));
    out.push(Section { id: "health", title: "Customer health", body: format!("{chart}<p class=caption>Paying customers by <code>customer_health_score</code> (0 to 1, in bins of 0.1 labelled by their lower edge) at the as-of date, from <code>entity_customers</code>; below 0.4 is unhealthy, from 0.7 healthy.</p>") });
}
