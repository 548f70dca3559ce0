//! The report page: a header naming the dataset, a table of contents, and one section per chart
//! with a caption saying how it is computed and which model it reads, and tables where exact
//! numbers matter. Self-contained: styles inline, charts inline SVG, no external request. A
//! small inline script marks each chart that drew (`data-drawn`), which the browser test reads.

use super::figures::{Figures, Month};
use super::svg::{self, esc, Line, Marker};
use chrono::NaiveDate;
use std::fmt::Write;

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn money(v: f64) -> String {
    crate::text::group(v.round().max(0.0) as u64).to_string()
}

fn signed_money(v: f64) -> String {
    if v < 0.0 { format!("−{}", money(-v)) } else { money(v) }
}

fn pct(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite()).map(|v| format!("{:.1} %", v * 100.0)).unwrap_or_else(|| "–".into())
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
    vec![
        ("MRR at the end (US$)".into(), end_mrr(a), end_mrr(b)),
        ("customers at the end".into(), end_customers(a), end_customers(b)),
        ("customers won, whole period".into(), signups(a), signups(b)),
        ("monthly logo churn, last 12 months (mean)".into(), pct(mean(last12(a))), pct(mean(last12(b)))),
        ("device time offline (monthly mean)".into(), pct(offline(a)), pct(offline(b))),
        ("device time offline (worst month)".into(), pct(worst_offline(a)), pct(worst_offline(b))),
    ]
}

/// The whole page for `f`, with `vs` drawn beside it where given.
pub fn page(f: &Figures, vs: Option<&Figures>) -> String {
    let markers: Vec<Marker> = f.shocks.iter().chain(vs.map(|v| v.shocks.iter()).into_iter().flatten()).filter_map(|s| Some(Marker { date: date(&s.date)?, label: s.label.clone() })).collect();
    let other = vs.map(|v| format!("{} (seed {})", v.header.scenario, v.header.seed));
    let this = format!("{} (seed {})", f.header.scenario, f.header.seed);
    let mut sections: Vec<(String, String, String)> = Vec::new(); // id, title, body

    // 1. MRR and ARR.
    let mrr_line = |f: &Figures, name: &str, dashed: bool, colour: usize| Line { name: name.to_string(), points: f.months.iter().filter_map(|m| Some((date(&m.month_start)?, m.closing_mrr))).collect(), dashed, colour };
    // Legends name the dataset only when there are two; the chart's title says what is drawn.
    let name_of = |what: &str| if vs.is_some() { this.clone() } else { what.to_string() };
    let mut series = vec![mrr_line(f, &name_of("MRR"), false, 0)];
    if let (Some(v), Some(name)) = (vs, &other) {
        series.push(mrr_line(v, name, true, 3));
    }
    let last = f.months.last();
    let chart = svg::lines("chart-mrr", "MRR over time", &format!("Closing MRR by month; {} at the end (ARR {}).", last.map(|m| money(m.closing_mrr)).unwrap_or_default(), last.map(|m| money(m.closing_mrr * 12.0)).unwrap_or_default()), "MRR (US$)", false, &series, &markers);
    sections.push(("mrr".into(), "MRR and ARR over time".into(), format!("{chart}<p class=caption>Closing MRR each month, from <code>finance_mrr_movements</code>; ARR is 12 × MRR ({} at the end).</p>", last.map(|m| money(m.closing_mrr * 12.0)).unwrap_or_default())));

    // 2. MRR movements.
    let months: Vec<NaiveDate> = f.months.iter().filter_map(|m| date(&m.month_start)).collect();
    let parts: Vec<(String, Vec<f64>)> = vec![
        ("new".into(), f.months.iter().map(|m| m.new_mrr).collect()),
        ("reactivation".into(), f.months.iter().map(|m| m.reactivation_mrr).collect()),
        ("expansion".into(), f.months.iter().map(|m| m.expansion_mrr).collect()),
        ("contraction".into(), f.months.iter().map(|m| m.contraction_mrr).collect()),
        ("churn".into(), f.months.iter().map(|m| m.churned_mrr).collect()),
    ];
    let chart = svg::signed_bars("chart-movements", "MRR movements per month", "Stacked bars per month: new, reactivation and expansion MRR above zero, contraction and churned MRR below.", "MRR change (US$)", &months, &parts, &markers);
    let mut table = String::from("<table><tr><th>month</th><th>opening</th><th>new</th><th>reactivation</th><th>expansion</th><th>contraction</th><th>churn</th><th>closing</th></tr>");
    for m in f.months.iter().rev().take(12).collect::<Vec<_>>().into_iter().rev() {
        let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", &m.month_start[..7], money(m.opening_mrr), money(m.new_mrr), money(m.reactivation_mrr), money(m.expansion_mrr), signed_money(m.contraction_mrr), signed_money(m.churned_mrr), money(m.closing_mrr));
    }
    table.push_str("</table>");
    sections.push(("movements".into(), "MRR movements".into(), format!("{chart}<p class=caption>Each month's change in MRR by kind, from <code>finance_mrr_movements</code> (opening + new + reactivation + expansion + contraction + churn = closing; losses are negative). The last twelve months, in US$:</p>{table}")));

    // 2b. ARPA.
    let arpa = |f: &Figures, name: &str, dashed: bool, colour: usize| Line {
        name: name.to_string(),
        points: f.months.iter().filter(|m| m.closing_customers > 0).filter_map(|m| Some((date(&m.month_start)?, m.closing_mrr / m.closing_customers as f64))).collect(),
        dashed,
        colour,
    };
    let mut a_series = vec![arpa(f, &name_of("ARPA"), false, 1)];
    if let (Some(v), Some(name)) = (vs, &other) {
        a_series.push(arpa(v, name, true, 4));
    }
    let chart = svg::lines("chart-arpa", "Average revenue per account", "Closing MRR over paying customers, each month.", "ARPA (US$ per month)", false, &a_series, &markers);
    sections.push(("arpa".into(), "Average revenue per account".into(), format!("{chart}<p class=caption>Closing MRR over paying customers at each month's end, from <code>finance_mrr_movements</code>.</p>")));

    // 2c. Plan mix.
    let total_customers: f64 = f.plans.iter().map(|p| p.customers as f64).sum();
    let total_mrr: f64 = f.plans.iter().map(|p| p.mrr).sum();
    let tiers: Vec<String> = f.plans.iter().map(|p| p.plan_tier.clone()).collect();
    let share = |v: f64, of: f64| if of > 0.0 { v / of * 100.0 } else { 0.0 };
    let chart = svg::grouped_bars(
        "chart-plans",
        "Plan mix: share of paying customers and of MRR",
        "Grouped bars per plan tier: its share of paying customers and its share of MRR, in percent.",
        "share (%)",
        &tiers,
        &[
            ("customers".into(), f.plans.iter().map(|p| share(p.customers as f64, total_customers)).collect()),
            ("MRR".into(), f.plans.iter().map(|p| share(p.mrr, total_mrr)).collect()),
        ],
    );
    let mut table = String::from("<table><tr><th>plan</th><th>paying customers</th><th>MRR</th><th>ARPA</th></tr>");
    for p in &f.plans {
        let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&p.plan_tier), p.customers, money(p.mrr), if p.customers > 0 { money(p.mrr / p.customers as f64) } else { "–".into() });
    }
    table.push_str("</table>");
    sections.push(("plans".into(), "Plan mix".into(), format!("{chart}<p class=caption>Paying customers (active or past due) and their MRR by plan tier at the as-of date, from <code>entity_customers</code>:</p>{table}")));

    // 2d. Segments.
    let names: Vec<String> = f.segments.iter().map(|s| s.segment.clone()).collect();
    let pct_of = |v: Option<f64>| v.map(|v| v * 100.0).unwrap_or(f64::NAN);
    let chart = svg::grouped_bars(
        "chart-segments",
        "12-month NRR and GRR by segment",
        "Grouped bars per customer segment: net and gross revenue retention over the last twelve months, in percent.",
        "retention (%)",
        &names,
        &[("NRR".into(), f.segments.iter().map(|s| pct_of(s.nrr_12m)).collect()), ("GRR".into(), f.segments.iter().map(|s| pct_of(s.grr_12m)).collect())],
    );
    let mut table = String::from("<table><tr><th>segment</th><th>paying a year before</th><th>NRR</th><th>GRR</th><th>of them gone (logo churn, 12 months)</th></tr>");
    for s in &f.segments {
        let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&s.segment), s.customers_a_year_before, pct(s.nrr_12m), pct(s.grr_12m), pct(s.logo_churn_12m));
    }
    table.push_str("</table>");
    sections.push(("segments".into(), "Retention by segment".into(), format!("{chart}<p class=caption>The accounts paying in the month a year before the last: their MRR now over their MRR then (NRR; expansion counts, new customers do not), the same with each account capped at its old MRR (GRR), and the share that pays nothing now — from <code>int_billing__account_mrr_monthly</code> and <code>entity_customers</code>:</p>{table}")));

    // 3. Customers and logo churn.
    let customers = |f: &Figures, name: &str, dashed: bool, colour: usize| Line { name: name.to_string(), points: f.months.iter().filter_map(|m| Some((date(&m.month_start)?, m.closing_customers as f64))).collect(), dashed, colour };
    let churn = |f: &Figures, name: &str, dashed: bool, colour: usize| Line { name: name.to_string(), points: f.months.iter().filter_map(|m| Some((date(&m.month_start)?, logo_churn(m)?))).collect(), dashed, colour };
    let mut c_series = vec![customers(f, &name_of("customers"), false, 0)];
    let mut k_series = vec![churn(f, &name_of("logo churn"), false, 3)];
    if let (Some(v), Some(name)) = (vs, &other) {
        c_series.push(customers(v, name, true, 2));
        k_series.push(churn(v, name, true, 4));
    }
    let a = svg::lines("chart-customers", "Paying customers", "Paying customers at the end of each month.", "customers", false, &c_series, &markers);
    let b = svg::lines("chart-churn", "Monthly logo churn", "Customers lost in a month over customers at its start.", "logo churn (% per month)", true, &k_series, &markers);
    sections.push(("customers".into(), "Customers and logo churn".into(), format!("{a}{b}<p class=caption>Paying customers at each month's end, and customers lost over customers at the month's start, from <code>finance_mrr_movements</code>.</p>")));

    // 4. Cohorts.
    // One row per sign-up month, logos and revenue side by side (the mart is ordered by cohort).
    let mut rows: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    let mut revenue: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    for c in &f.cohorts {
        let label = c.cohort_month[..7].to_string();
        if rows.last().map(|r| &r.0) != Some(&label) {
            rows.push((label.clone(), Vec::new()));
            revenue.push((label, Vec::new()));
        }
        let at = c.months_since_start.max(0) as usize;
        for (row, value) in [(&mut rows.last_mut().unwrap().1, c.logo_retention_rate), (&mut revenue.last_mut().unwrap().1, c.revenue_retention_rate)] {
            if row.len() <= at {
                row.resize(at + 1, None);
            }
            row[at] = value;
        }
    }
    let logos = svg::heatmap("chart-cohorts", "Cohort retention (logos)", "Heatmap: for each sign-up month (rows), the share of its customers still paying each month after (columns).", "months since the first payment", &rows);
    let revenue = svg::heatmap("chart-cohorts-revenue", "Cohort retention (revenue)", "Heatmap: for each sign-up month (rows), its MRR each month after (columns) as a share of its starting MRR; above 100 % is drawn as 100 %.", "months since the first payment", &revenue);
    sections.push(("cohorts".into(), "Cohort retention".into(), format!("{logos}<p class=caption>Share of each month's new customers still paying N months later (logo retention, % of month 0), from <code>customer_cohort_retention</code>; darker is higher.</p>{revenue}<p class=caption>The same cohorts' MRR N months later over their starting MRR (revenue retention); expansion can take it past 100 %, drawn as the darkest shade (the exact value is in each cell's tooltip).</p>")));

    // 5. Churn risk.
    let mut bands: Vec<Line> = Vec::new();
    for (k, band) in ["high", "medium", "low"].iter().enumerate() {
        bands.push(Line { name: format!("{band} risk"), points: f.risk_bands.iter().filter(|r| r.churn_risk_category == *band).filter_map(|r| Some((date(&r.snapshot_date)?, r.churn_rate_90d?))).collect(), dashed: false, colour: [3, 1, 2][k] });
    }
    let chart = svg::lines("chart-risk", "Observed 90-day churn by churn-risk band", "For each month's snapshot, the share of each risk band's customers that churned within 90 days.", "churned within 90 days (%)", true, &bands, &markers);
    let mut table = String::from("<table><tr><th>snapshot</th><th>band</th><th>customers</th><th>churned in 90 days</th><th>rate</th></tr>");
    if let Some(latest) = f.risk_bands.iter().filter(|r| r.churn_rate_90d.is_some()).map(|r| r.snapshot_date.clone()).max() {
        for r in f.risk_bands.iter().filter(|r| r.snapshot_date == latest) {
            let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", r.snapshot_date, esc(&r.churn_risk_category), r.customers, r.churned_90d, pct(r.churn_rate_90d));
        }
    }
    table.push_str("</table>");
    sections.push(("risk".into(), "Churn risk".into(), format!("{chart}<p class=caption>Customers scored on the first of each month by <code>churn_risk_score</code>, and how many of each band churned in the next 90 days, from <code>customer_churn_risk_bands</code>. The latest snapshot with a full 90 days after it:</p>{table}")));

    // 5b. Health.
    let bins: Vec<String> = (0..10).map(|i| format!("{:.1}", i as f64 / 10.0)).collect();
    let counts: Vec<f64> = (0..10).map(|i| f.health.iter().find(|b| (b.from * 10.0).round() as i64 == i).map(|b| b.customers as f64).unwrap_or(0.0)).collect();
    let chart = svg::grouped_bars("chart-health", "Customer health score of paying customers", "Histogram: paying customers by health score, in bins of 0.1 from 0 to 1.", "customers", &bins, &[("customers".into(), counts)]);
    sections.push(("health".into(), "Customer health".into(), format!("{chart}<p class=caption>Paying customers by <code>customer_health_score</code> (0 to 1, in bins of 0.1 labelled by their lower edge) at the as-of date, from <code>entity_customers</code>; below 0.4 is unhealthy, from 0.7 healthy.</p>")));

    // 6. Fleet.
    let online = |f: &Figures, name: &str, dashed: bool, colour: usize| Line { name: name.to_string(), points: f.fleet.iter().filter_map(|m| Some((date(&m.month_start)?, m.uptime_ratio))).collect(), dashed, colour };
    let mut series = vec![online(f, &name_of("time online"), false, 2)];
    if let (Some(v), Some(name)) = (vs, &other) {
        series.push(online(v, name, true, 3));
    }
    let chart = svg::lines("chart-fleet", "Device time online", "Share of device time online each month, over all device models.", "time online (%)", true, &series, &markers);
    sections.push(("fleet".into(), "Fleet: devices online".into(), format!("{chart}<p class=caption>Share of in-service device time not offline, each month, weighted by devices in service, from <code>iot_device_uptime</code>.</p>")));

    // 6b. Alerts per device model.
    let skus: Vec<String> = f.alerts.iter().map(|a| a.sku.clone()).collect();
    let chart = svg::grouped_bars("chart-alerts", "Alerts per device and month, by device model", "Bars per device model: alerts per device in service and month over the last twelve months.", "alerts per device-month", &skus, &[("alerts".into(), f.alerts.iter().map(|a| a.alerts_per_device_month.unwrap_or(f64::NAN)).collect())]);
    let names: Vec<String> = f.alerts.iter().map(|a| format!("{} ({})", esc(&a.sku), esc(&a.model_name))).collect();
    sections.push(("alerts".into(), "Fleet: alerts by device model".into(), format!("{chart}<p class=caption>Alerts over devices in service, per month, over the last twelve months, from <code>iot_device_uptime</code>: {}.</p>", names.join(", "))));

    // 7. Acquisition.
    let models: Vec<String> = {
        let mut m: Vec<String> = f.channels.iter().map(|c| c.attribution_model.clone()).collect();
        m.dedup();
        m
    };
    let mut channels: Vec<String> = f.channels.iter().filter(|c| c.spend > 0.0).map(|c| c.channel.clone()).collect();
    channels.sort();
    channels.dedup();
    let series: Vec<(String, Vec<f64>)> = models
        .iter()
        .map(|model| (model.clone(), channels.iter().map(|ch| f.channels.iter().find(|c| &c.channel == ch && &c.attribution_model == model).and_then(|c| c.customer_acquisition_cost).unwrap_or(f64::NAN)).collect()))
        .collect();
    let chart = svg::grouped_bars("chart-cac", "CAC per paid channel and attribution model", "Grouped bars: customer acquisition cost of each paid channel under each attribution model.", "CAC (US$ per customer)", &channels, &series);
    let mut table = String::from("<table><tr><th>model</th><th>channel</th><th>spend</th><th>customers</th><th>revenue</th><th>CAC</th><th>ROAS</th></tr>");
    for c in &f.channels {
        let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&c.attribution_model), esc(&c.channel), money(c.spend), c.attributed_customers, money(c.attributed_revenue), c.customer_acquisition_cost.map(money).unwrap_or_else(|| "–".into()), c.return_on_ad_spend.map(|r| format!("{r:.2}")).unwrap_or_else(|| "–".into()));
    }
    table.push_str("</table>");
    sections.push(("acquisition".into(), "Acquisition: spend, CAC and ROAS".into(), format!("{chart}<p class=caption>Spend over the customers each paid channel won, first-touch, last-touch and linear side by side, from <code>marketing_channel_performance</code>:</p>{table}")));

    // 7a. Spend over time and what the platforms claim.
    let mut paid: Vec<String> = f.spend.iter().map(|m| m.channel.clone()).collect();
    paid.sort();
    paid.dedup();
    let spend_lines: Vec<Line> = paid
        .iter()
        .enumerate()
        .map(|(k, ch)| Line { name: ch.clone(), points: f.spend.iter().filter(|m| &m.channel == ch).filter_map(|m| Some((date(&m.month_start)?, m.spend))).collect(), dashed: false, colour: k })
        .collect();
    let spend_chart = svg::lines("chart-spend", "Ad spend per paid channel and month", "Lines per paid channel: ad spend each month.", "spend (US$ per month)", false, &spend_lines, &markers);
    let claimed = svg::grouped_bars(
        "chart-platforms",
        "Conversions the ad platforms report against attributed sign-ups",
        "Grouped bars per paid channel: conversions its platform reports, and the sign-ups attributed to it by last touch and by first touch.",
        "conversions / sign-ups",
        &f.platforms.iter().map(|p| p.channel.clone()).collect::<Vec<_>>(),
        &[
            ("platform-reported".into(), f.platforms.iter().map(|p| p.platform_conversions).collect()),
            ("last-touch sign-ups".into(), f.platforms.iter().map(|p| p.signups_last_touch.unwrap_or(f64::NAN)).collect()),
            ("first-touch sign-ups".into(), f.platforms.iter().map(|p| p.signups_first_touch.unwrap_or(f64::NAN)).collect()),
        ],
    );
    let mut table = String::from("<table><tr><th>channel</th><th>spend</th><th>platform-reported conversions</th><th>last-touch sign-ups</th><th>reported ÷ last-touch</th></tr>");
    for p in &f.platforms {
        let ratio = p.signups_last_touch.filter(|s| *s > 0.0).map(|s| format!("{:.2}", p.platform_conversions / s)).unwrap_or_else(|| "–".into());
        let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{:.0}</td><td>{}</td><td>{ratio}</td></tr>", esc(&p.channel), money(p.spend), p.platform_conversions, p.signups_last_touch.map(|s| format!("{s:.0}")).unwrap_or_else(|| "–".into()));
    }
    table.push_str("</table>");
    sections.push(("spend".into(), "Acquisition: spend and what the platforms claim".into(), format!("{spend_chart}<p class=caption>Spend each month per paid channel, from <code>int_marketing__ad_performance_daily</code> (three platforms' reports in one shape).</p>{claimed}<p class=caption>Every platform counts the conversions it can see, view-throughs and overlaps included, so their sum exceeds the sign-ups the company can trace; <code>marketing_channel_performance</code> attributes each sign-up once. Over the whole period:</p>{table}")));

    // 7b. Funnel.
    let funnel_channels: Vec<String> = f.funnel.iter().map(|r| r.channel.clone()).collect();
    let chart = svg::grouped_bars(
        "chart-funnel",
        "Sign-up to activation to paying, by first-touch channel",
        "Grouped bars per first-touch channel: sign-ups of the last twelve months, those that installed a device within 14 days, and those that paid.",
        "accounts",
        &funnel_channels,
        &[
            ("signed up".into(), f.funnel.iter().map(|r| r.signups as f64).collect()),
            ("activated in 14 days".into(), f.funnel.iter().map(|r| r.activated_14d as f64).collect()),
            ("paying".into(), f.funnel.iter().map(|r| r.paying as f64).collect()),
        ],
    );
    let mut table = String::from("<table><tr><th>channel</th><th>signed up</th><th>activated in 14 days</th><th>paying</th><th>sign-up → paying</th></tr>");
    for r in &f.funnel {
        let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&r.channel), r.signups, r.activated_14d, r.paying, pct((r.signups > 0).then(|| r.paying as f64 / r.signups as f64)));
    }
    table.push_str("</table>");
    sections.push(("funnel".into(), "Funnel: sign-up, activation, paying".into(), format!("{chart}<p class=caption>Accounts that signed up in the last twelve months, by first-touch channel: how many installed a device within 14 days of signing up, and how many have paid (after the trial), from <code>entity_customers</code> and <code>entity_devices</code>:</p>{table}")));

    // 8. Data quality.
    let mut tables: Vec<String> = f.defects.iter().map(|d| d.table.clone()).collect();
    tables.sort();
    tables.dedup();
    let mut kinds: Vec<String> = f.defects.iter().map(|d| d.kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    let body = if f.defects.is_empty() {
        "<p>This dataset's answer key (<code>truth/defects</code>) is not in it, so the injected defects cannot be shown.</p>".to_string()
    } else {
        let series: Vec<(String, Vec<f64>)> = kinds.iter().map(|k| (k.clone(), tables.iter().map(|t| f.defects.iter().find(|d| &d.table == t && &d.kind == k).map(|d| d.rows as f64).unwrap_or(0.0)).collect())).collect();
        let short_tables: Vec<String> = tables.iter().map(|t| t.rsplit('.').next().unwrap_or(t).to_string()).collect();
        let chart = svg::grouped_bars("chart-defects", "Injected defects by table and kind", "Grouped bars: rows of each table the simulation damaged on purpose, by kind of defect.", "rows", &short_tables, &series);
        let mut table = String::from("<table><tr><th>table</th><th>kind</th><th>rows</th></tr>");
        for d in &f.defects {
            let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&d.table), esc(&d.kind), crate::text::group(d.rows.max(0) as u64));
        }
        table.push_str("</table>");
        format!("{chart}<p class=caption>Rows the simulation duplicated, delivered late, soft-deleted, nulled or orphaned on purpose, from <code>truth/defects</code>; the staging models remove or flag them and the data tests watch for them.</p>{table}")
    };
    sections.push(("quality".into(), "Data quality".into(), body));

    // The comparison.
    if let Some(v) = vs {
        let mut table = format!("<table><tr><th>figure</th><th>{}</th><th>{}</th></tr>", esc(&this), esc(other.as_deref().unwrap_or_default()));
        for (label, a, b) in differences(f, v) {
            let _ = write!(table, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&label), esc(&a), esc(&b));
        }
        table.push_str("</table>");
        sections.insert(0, ("comparison".into(), "What differs".into(), format!("<p>{} against {}, on the same axes below (the second dashed).</p>{table}", esc(&this), esc(other.as_deref().unwrap_or_default()))));
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
td, th {{ border: 1px solid #ddd; padding: 2px 8px; text-align: right; }} th {{ background: #f5f5f5; }}
td:first-child, th:first-child {{ text-align: left; }} svg.chart {{ display: block; margin: 8px 0; max-width: 100%; height: auto; }}
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
    for (id, title, _) in &sections {
        let _ = write!(out, "<li><a href=\"#{id}\">{}</a></li>", esc(title));
    }
    out.push_str("</ol></nav>\n");
    for (id, title, body) in &sections {
        let _ = write!(out, "<section id=\"{id}\"><h2>{}</h2>\n{body}\n</section>\n", esc(title));
    }
    // Marks every chart that drew something with a size, for the browser test (and nothing else).
    out.push_str(
        "<script>\nfor (const svg of document.querySelectorAll('svg.chart')) {\n  const drawn = [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;\n  svg.setAttribute('data-drawn', String(drawn));\n}\ndocument.body.setAttribute('data-checked', 'yes');\n</script>\n</body></html>\n",
    );
    out
}
