//! Revenue: MRR and ARR, the monthly movements, ARPA, the plan mix, and retention by segment.

use crate::report::figures::Figures;
use crate::report::html::{date, money, pct, signed_money, table, Cx, Section};
use crate::report::svg::{self, esc};
use chrono::NaiveDate;

/// The months of `finance_mrr_movements` and its movements by kind, as stacked-bar parts.
fn movements(f: &Figures) -> (Vec<NaiveDate>, Vec<(String, Vec<f64>)>) {
    let months = f.months.iter().filter_map(|m| date(&m.month_start)).collect();
    let part = |name: &str, pick: fn(&crate::report::figures::Month) -> f64| (name.to_string(), f.months.iter().map(pick).collect());
    let parts = vec![
        part("new", |m| m.new_mrr),
        part("reactivation", |m| m.reactivation_mrr),
        part("expansion", |m| m.expansion_mrr),
        part("contraction", |m| m.contraction_mrr),
        part("churn", |m| m.churned_mrr),
    ];
    (months, parts)
}

pub fn add(cx: &Cx, out: &mut Vec<Section>) {
    let f = cx.f;
    let last = f.months.last();
    let arr = last.map(|m| money(m.closing_mrr * 12.0)).unwrap_or_default();
    let series = cx.lines("MRR", 0, 3, |f| f.months.iter().filter_map(|m| Some((date(&m.month_start)?, m.closing_mrr))).collect());
    let chart = svg::lines("chart-mrr", "MRR over time", &format!("Closing MRR by month; {} at the end (ARR {arr}).", last.map(|m| money(m.closing_mrr)).unwrap_or_default()), "MRR (US$)", false, &series, &cx.markers);
    out.push(Section { id: "mrr", title: "MRR and ARR over time", body: format!("{chart}<p class=caption>Closing MRR each month, from <code>finance_mrr_movements</code>; ARR is 12 × MRR ({arr} at the end).</p>") });

    let (months, parts) = movements(f);
    let chart = svg::signed_bars("chart-movements", "MRR movements per month", "Stacked bars per month: new, reactivation and expansion MRR above zero, contraction and churned MRR below.", "MRR change (US$)", &months, &parts, &cx.markers);
    let last12: Vec<_> = f.months.iter().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
    let rows = last12.iter().map(|m| vec![m.month_start[..7].to_string(), money(m.opening_mrr), money(m.new_mrr), money(m.reactivation_mrr), money(m.expansion_mrr), signed_money(m.contraction_mrr), signed_money(m.churned_mrr), money(m.closing_mrr)]);
    let numbers = table(&["month", "opening", "new", "reactivation", "expansion", "contraction", "churn", "closing"], rows);
    // The --vs dataset's movements are their own chart: stacked bars do not share a slot.
    let beside = match (cx.vs, &cx.other) {
        (Some(v), Some(name)) => {
            let (months, parts) = movements(v);
            let title = format!("MRR movements per month: {name}");
            let chart = svg::signed_bars("chart-movements-vs", &title, "The same stacked bars for the dataset compared with.", "MRR change (US$)", &months, &parts, &cx.markers);
            format!("{chart}<p class=caption>The same for {}, on its own axes.</p>", esc(name))
        }
        _ => String::new(),
    };
    out.push(Section { id: "movements", title: "MRR movements", body: format!("{chart}<p class=caption>Each month's change in MRR by kind, from <code>finance_mrr_movements</code> (opening + new + reactivation + expansion + contraction + churn = closing; losses are negative). The last twelve months, in US$:</p>{numbers}{beside}") });

    let arpa = cx.lines("ARPA", 1, 4, |f| f.months.iter().filter(|m| m.closing_customers > 0).filter_map(|m| Some((date(&m.month_start)?, m.closing_mrr / m.closing_customers as f64))).collect());
    let chart = svg::lines("chart-arpa", "Average revenue per account", "Closing MRR over paying customers, each month.", "ARPA (US$ per month)", false, &arpa, &cx.markers);
    out.push(Section { id: "arpa", title: "Average revenue per account", body: format!("{chart}<p class=caption>Closing MRR over paying customers at each month's end, from <code>finance_mrr_movements</code>.</p>") });

    let tiers: Vec<String> = f.plans.iter().map(|p| p.plan_tier.clone()).collect();
    let mix = |g: &Figures| {
        let customers: f64 = g.plans.iter().map(|p| p.customers as f64).sum();
        let mrr: f64 = g.plans.iter().map(|p| p.mrr).sum();
        let share = |v: f64, of: f64| if of > 0.0 { v / of * 100.0 } else { 0.0 };
        let of = |tier: &String, pick: &dyn Fn(&crate::report::figures::Plan) -> f64, total: f64| g.plans.iter().find(|p| &p.plan_tier == tier).map(|p| share(pick(p), total)).unwrap_or(f64::NAN);
        vec![
            ("customers".to_string(), tiers.iter().map(|t| of(t, &|p| p.customers as f64, customers)).collect()),
            ("MRR".to_string(), tiers.iter().map(|t| of(t, &|p| p.mrr, mrr)).collect()),
        ]
    };
    let chart = svg::grouped_bars("chart-plans", "Plan mix: share of paying customers and of MRR", "Grouped bars per plan tier: its share of paying customers and its share of MRR, in percent.", "share (%)", &tiers, &cx.bars(mix));
    let rows = f.plans.iter().map(|p| vec![esc(&p.plan_tier), p.customers.to_string(), money(p.mrr), if p.customers > 0 { money(p.mrr / p.customers as f64) } else { "–".into() }]);
    out.push(Section { id: "plans", title: "Plan mix", body: format!("{chart}<p class=caption>Paying customers (active or past due) and their MRR by plan tier at the as-of date, from <code>entity_customers</code>:</p>{}", table(&["plan", "paying customers", "MRR", "ARPA"], rows)) });

    let names: Vec<String> = f.segments.iter().map(|s| s.segment.clone()).collect();
    let retention = |g: &Figures| {
        let of = |name: &String, pick: &dyn Fn(&crate::report::figures::Segment) -> Option<f64>| g.segments.iter().find(|s| &s.segment == name).and_then(pick).map(|v| v * 100.0).unwrap_or(f64::NAN);
        vec![("NRR".to_string(), names.iter().map(|n| of(n, &|s| s.nrr_12m)).collect()), ("GRR".to_string(), names.iter().map(|n| of(n, &|s| s.grr_12m)).collect())]
    };
    let chart = svg::grouped_bars("chart-segments", "12-month NRR and GRR by segment", "Grouped bars per customer segment: net and gross revenue retention over the last twelve months, in percent.", "retention (%)", &names, &cx.bars(retention));
    let rows = f.segments.iter().map(|s| vec![esc(&s.segment), s.customers_a_year_before.to_string(), pct(s.nrr_12m), pct(s.grr_12m), pct(s.logo_churn_12m)]);
    out.push(Section { id: "segments", title: "Retention by segment", body: format!("{chart}<p class=caption>The accounts paying in the month a year before the last: their MRR now over their MRR then (NRR; expansion counts, new customers do not), the same with each account capped at its old MRR (GRR), and the share that pays nothing now — from <code>int_billing__account_mrr_monthly</code> and <code>entity_customers</code>:</p>{}", table(&["segment", "paying a year before", "NRR", "GRR", "of them gone (logo churn, 12 months)"], rows)) });
}
