//! Acquisition: CAC and ROAS per channel under each attribution model, spend over time, what
//! the ad platforms claim, and the sign-up → activation → paying funnel.

use crate::report::figures::Figures;
use crate::report::html::{date, money, pct, table, Cx, Section};
use crate::report::svg::{self, esc, Bars, Line};

pub fn add(cx: &Cx, out: &mut Vec<Section>) {
    let f = cx.f;
    let mut models: Vec<String> = f.channels.iter().map(|c| c.attribution_model.clone()).collect();
    models.dedup();
    let mut channels: Vec<String> = f.channels.iter().filter(|c| c.spend > 0.0).map(|c| c.channel.clone()).collect();
    channels.sort();
    channels.dedup();
    let cac = |g: &Figures| models.iter().map(|model| (model.clone(), channels.iter().map(|ch| g.channels.iter().find(|c| &c.channel == ch && &c.attribution_model == model).and_then(|c| c.customer_acquisition_cost).unwrap_or(f64::NAN)).collect())).collect();
    let chart = svg::grouped_bars("chart-cac", "CAC per paid channel and attribution model", "Grouped bars: customer acquisition cost of each paid channel under each attribution model.", "CAC (US$ per customer)", &channels, &cx.bars(cac));
    let rows = f.channels.iter().map(|c| {
        vec![
            esc(&c.attribution_model),
            esc(&c.channel),
            money(c.spend),
            format!("{:.1}", c.attributed_customers),
            money(c.attributed_revenue),
            c.customer_acquisition_cost.map(money).unwrap_or_else(|| "–".into()),
            c.return_on_ad_spend.map(|r| format!("{r:.2}")).unwrap_or_else(|| "–".into()),
        ]
    });
    out.push(Section { id: "acquisition", title: "Acquisition: spend, CAC and ROAS", body: format!("{chart}<p class=caption>Spend over the customers each paid channel won, first-touch, last-touch and linear side by side, from <code>marketing_channel_performance</code>:</p>{}", table(&["model", "channel", "spend", "customers", "revenue", "CAC", "ROAS"], rows)) });

    let mut paid: Vec<String> = f.spend.iter().map(|m| m.channel.clone()).collect();
    paid.sort();
    paid.dedup();
    let spend_lines: Vec<Line> = paid.iter().enumerate().map(|(k, ch)| Line { name: ch.clone(), points: f.spend.iter().filter(|m| &m.channel == ch).filter_map(|m| Some((date(&m.month_start)?, m.spend))).collect(), dashed: false, colour: k }).collect();
    let spend_chart = svg::lines("chart-spend", "Ad spend per paid channel and month", "Lines per paid channel: ad spend each month.", "spend (US$ per month)", false, &spend_lines, &cx.markers);
    let platforms: Vec<String> = f.platforms.iter().map(|p| p.channel.clone()).collect();
    let claimed = svg::grouped_bars(
        "chart-platforms",
        "Conversions the ad platforms report against attributed sign-ups",
        "Grouped bars per paid channel: conversions its platform reports, and the sign-ups attributed to it by last touch and by first touch.",
        "conversions / sign-ups",
        &platforms,
        &[
            Bars::new("platform-reported", f.platforms.iter().map(|p| p.platform_conversions).collect(), 0),
            Bars::new("last-touch sign-ups", f.platforms.iter().map(|p| p.signups_last_touch.unwrap_or(f64::NAN)).collect(), 1),
            Bars::new("first-touch sign-ups", f.platforms.iter().map(|p| p.signups_first_touch.unwrap_or(f64::NAN)).collect(), 2),
        ],
    );
    let rows = f.platforms.iter().map(|p| {
        let ratio = p.signups_last_touch.filter(|s| *s > 0.0).map(|s| format!("{:.2}", p.platform_conversions / s)).unwrap_or_else(|| "–".into());
        vec![esc(&p.channel), money(p.spend), format!("{:.0}", p.platform_conversions), p.signups_last_touch.map(|s| format!("{s:.0}")).unwrap_or_else(|| "–".into()), ratio]
    });
    let numbers = table(&["channel", "spend", "platform-reported conversions", "last-touch sign-ups", "reported ÷ last-touch"], rows);
    out.push(Section { id: "spend", title: "Acquisition: spend and what the platforms claim", body: format!("{spend_chart}<p class=caption>Spend each month per paid channel, from <code>int_marketing__ad_performance_daily</code> (three platforms' reports in one shape).</p>{claimed}<p class=caption>Every platform counts the conversions it can see, view-throughs and overlaps included, so their sum exceeds the sign-ups the company can trace; <code>marketing_channel_performance</code> attributes each sign-up once. Over the whole period:</p>{numbers}") });

    let funnel_channels: Vec<String> = f.funnel.iter().map(|r| r.channel.clone()).collect();
    let funnel = |g: &Figures| {
        let of = |pick: &dyn Fn(&crate::report::figures::FunnelRow) -> i64| funnel_channels.iter().map(|ch| g.funnel.iter().find(|r| &r.channel == ch).map(|r| pick(r) as f64).unwrap_or(f64::NAN)).collect::<Vec<f64>>();
        vec![("signed up".to_string(), of(&|r| r.signups)), ("activated in 14 days".to_string(), of(&|r| r.activated_14d)), ("paying".to_string(), of(&|r| r.paying))]
    };
    let chart = svg::grouped_bars("chart-funnel", "Sign-up to activation to paying, by first-touch channel", "Grouped bars per first-touch channel: sign-ups of the last twelve months, those that installed a device within 14 days, and those that paid.", "accounts", &funnel_channels, &cx.bars(funnel));
    let rows = f.funnel.iter().map(|r| vec![esc(&r.channel), r.signups.to_string(), r.activated_14d.to_string(), r.paying.to_string(), pct((r.signups > 0).then(|| r.paying as f64 / r.signups as f64))]);
    out.push(Section { id: "funnel", title: "Funnel: sign-up, activation, paying", body: format!("{chart}<p class=caption>Accounts that signed up in the last twelve months, by first-touch channel: how many installed a device within 14 days of signing up, and how many have paid (after the trial), from <code>entity_customers</code> and <code>entity_devices</code>:</p>{}", table(&["channel", "signed up", "activated in 14 days", "paying", "sign-up → paying"], rows)) });
}
