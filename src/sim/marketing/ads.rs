//! The ad platforms' own tables: campaign structure with history rows, and daily statistics
//! consistent with the accounts each campaign actually brought.
//!
//! Clicks on a day are the clicks of future customers on that day (from their journeys) plus
//! clicks of visitors who never sign up, in the proportion the campaign's click-to-signup rate
//! sets; impressions follow from the click-through rate and spend from the cost per click.
//! Platforms report a conversion for every signup the campaign touched in the 30 days before
//! it — so accounts touched on several platforms count on each — inflated further by the
//! campaign's view-through factor, as real platforms over-count.

use super::super::dist::poisson;
use super::super::time::{date_of, day_number, micros, DAY, HOUR};
use super::super::Context;
use super::{journey, Campaign};
use crate::rng::{key, stream, Kind, Rng};
use crate::tables::*;
use arrow::record_batch::RecordBatch;
use rand::RngExt;

const ATTRIBUTION_WINDOW: i64 = 30 * DAY;

/// What happened on a campaign each day: (future customers' clicks, true signups touched).
struct Daily {
    clicks: Vec<u32>,
    signups: Vec<u32>,
}

fn noise(rng: &mut Rng, spread: f64) -> f64 {
    1.0 - spread + 2.0 * spread * rng.random::<f64>()
}

/// Split `total` by shares, rounding so the parts add up to it.
fn split(total: i64, shares: &[f64]) -> Vec<i64> {
    let mut parts: Vec<i64> = shares.iter().map(|s| (total as f64 * s).floor() as i64).collect();
    let rest = total - parts.iter().sum::<i64>();
    parts[0] += rest;
    parts
}

pub fn write_ad_tables(ctx: &Context) -> Vec<(TableSpec, RecordBatch)> {
    let start = ctx.months.start;
    let days = ((ctx.months.end - start) / DAY) as usize;
    let mut daily: Vec<Daily> = ctx.campaigns.iter().map(|_| Daily { clicks: vec![0; days], signups: vec![0; days] }).collect();
    for entry in &ctx.census.entries {
        let touches = journey(ctx, entry);
        let signup_day = ((entry.signup_at - start) / DAY) as usize;
        let mut credited: Vec<usize> = Vec::new();
        for t in &touches {
            let Some(c) = t.campaign else { continue };
            if t.at >= start {
                daily[c].clicks[((t.at - start) / DAY) as usize] += 1;
            }
            if entry.signup_at - t.at <= ATTRIBUTION_WINDOW && !credited.contains(&c) {
                credited.push(c);
                daily[c].signups[signup_day.min(days - 1)] += 1;
            }
        }
    }

    // Settings rows were last synced after their campaign started; daily stats are re-synced
    // for three days after the day (late conversions), so they carry the last of those syncs.
    let history_synced = |at: i64, row: i64| super::super::sync::synced(ctx, super::super::sync::Connector::Ads, "history", at, row as u64);
    let stats_synced = |day: i64, row: i64| super::super::sync::synced(ctx, super::super::sync::Connector::Ads, "stats", (day + 3 * DAY).min(ctx.months.end - HOUR), row as u64);
    let mut g_campaigns = GoogleCampaignHistory::default();
    let mut g_groups = GoogleAdGroupHistory::default();
    let mut g_keywords = GoogleKeywordHistory::default();
    let mut g_stats = GoogleCampaignStats::default();
    let mut f_campaigns = FacebookCampaignHistory::default();
    let mut f_sets = FacebookAdSetHistory::default();
    let mut f_ads = FacebookAdHistory::default();
    let mut f_creatives = FacebookCreativeHistory::default();
    let mut f_basic = FacebookBasicAd::default();
    let mut f_actions = FacebookBasicAdActions::default();
    let mut l_groups = LinkedinCampaignGroupHistory::default();
    let mut l_campaigns = LinkedinCampaignHistory::default();
    let mut l_creatives = LinkedinCreativeHistory::default();
    let mut l_analytics = LinkedinAdAnalyticsByCampaign::default();
    let google_customer = 1_000_000_000 + (key(ctx.seed, Kind::Scenario, 0, "google_customer") % 8_999_999_999) as i64;
    let meta_account = 100_000_000_000_000 + (key(ctx.seed, Kind::Scenario, 0, "meta_account") % 899_999_999_999_999) as i64;
    let linkedin_account = 500_000_000 + (key(ctx.seed, Kind::Scenario, 0, "linkedin_account") % 99_999_999) as i64;
    // LinkedIn's EMEA team runs some campaigns from its own ad account, billed in its own
    // currency: LinkedIn reports their cost in that currency and in dollars at the day's rate.
    let emea_currency = ctx.money.currencies.iter().position(|m| m.code == ctx.scenario.money.linkedin_emea_currency).unwrap_or(crate::sim::money::USD);
    let emea_account = 500_000_000 + (key(ctx.seed, Kind::Scenario, 1, "linkedin_account") % 99_999_999) as i64;
    let linkedin_account_of = |c: &Campaign| -> (i64, usize) {
        let draw = (key(ctx.seed, Kind::Scenario, c.id as u64, "linkedin_emea") >> 11) as f64 / (1u64 << 53) as f64;
        if draw < ctx.scenario.money.linkedin_emea_share { (emea_account, emea_currency) } else { (linkedin_account, crate::sim::money::USD) }
    };
    let open_date = day_number(chrono::NaiveDate::from_ymd_opt(2037, 12, 30).expect("valid date"));

    // LinkedIn campaign groups: one per year, and one for the always-on programme.
    let group_of = |c: &Campaign, account: i64| -> i64 {
        if c.end.is_none() && c.name.contains("always_on") { account * 10 } else { account * 10 + date_of(c.start.max(start)).format("%Y").to_string().parse::<i64>().unwrap_or(0) % 100 }
    };
    let mut groups_written: Vec<i64> = Vec::new();

    for (ci, c) in ctx.campaigns.iter().enumerate() {
        let (linkedin_account_id, linkedin_currency) = linkedin_account_of(c);
        let d = &daily[ci];
        let mut rng = stream(ctx.seed, Kind::Scenario, c.id as u64, "ad_stats");
        let first = ((c.start.max(start) - start) / DAY) as usize;
        let last = c.end.map_or(days, |e| (((e - start) / DAY) as usize).min(days));
        let active_days = last.saturating_sub(first).max(1) as f64;
        let customer_clicks: u32 = d.clicks[first..last.max(first)].iter().sum();
        // Visitors who click and never sign up: as many, per future customer's click, as the
        // click-to-signup rate implies, following a four-week moving average of those clicks
        // (so spend rises and falls with what the campaign acquires).
        let others_per_customer_click = 1.0 / c.click_to_signup - 1.0;
        let mut prefix = vec![0u64; days + 1];
        for (i, n) in d.clicks.iter().enumerate() {
            prefix[i + 1] = prefix[i] + *n as u64;
        }
        let others_on = |day: usize| {
            let (a, b) = (day.saturating_sub(14).max(first), (day + 15).min(last.max(first + 1)));
            let mean = (prefix[b] - prefix[a]) as f64 / (b - a).max(1) as f64;
            (mean * others_per_customer_click).max(2.0)
        };
        let daily_budget_cents = ((customer_clicks as f64 / active_days * others_per_customer_click).max(2.0) * c.cpc_cents as f64 * 1.2).round() as i64;
        let (source, medium) = c.utm();
        let landing = format!("{}/product", super::WEBSITE);
        let utm = format!("utm_source={source}&utm_medium={medium}&utm_campaign={}", c.name);
        let ended = c.end.filter(|e| *e < ctx.months.end);

        match c.platform {
            0 => {
                let template = format!("{{lpurl}}?{utm}&utm_term={{keyword}}&utm_content={{adgroupid}}");
                for (at, status) in std::iter::once((c.start, "ENABLED")).chain(ended.map(|e| (e, "PAUSED"))) {
                    g_campaigns.push(GoogleCampaignHistoryRow {
                        id: c.id,
                        updated_at: at,
                        customer_id: google_customer,
                        name: &c.name,
                        status,
                        advertising_channel_type: if c.name.contains("always_on") { "SEARCH" } else if c.index % 3 == 2 { "PERFORMANCE_MAX" } else { "SEARCH" },
                        start_date: day_number(date_of(c.start)),
                        end_date: c.end.map_or(open_date, |e| day_number(date_of(e))),
                        tracking_url_template: &template,
                        _fivetran_synced: history_synced(c.start, c.id),
                    });
                }
                for g in 0..2 {
                    let group_id = c.id * 10 + g;
                    let name = format!("{} - {}", c.theme, if g == 0 { "exact" } else { "broad" });
                    g_groups.push(GoogleAdGroupHistoryRow { id: group_id, updated_at: c.start, campaign_id: c.id, name: &name, status: "ENABLED", r#type: "SEARCH_STANDARD", _fivetran_synced: history_synced(c.start, c.id) });
                    for (k, phrase) in ["monitoring", "sensors", "software"].iter().enumerate() {
                        let text = format!("{} {phrase}", c.theme.replace('_', " "));
                        g_keywords.push(GoogleKeywordHistoryRow {
                            id: group_id * 10 + k as i64,
                            updated_at: c.start,
                            ad_group_id: group_id,
                            keyword_text: &text,
                            keyword_match_type: ["EXACT", "BROAD"][g as usize],
                            status: "ENABLED",
                            _fivetran_synced: history_synced(c.start, c.id),
                        });
                    }
                }
            }
            1 => {
                for (at, status) in std::iter::once((c.start, "ACTIVE")).chain(ended.map(|e| (e, "PAUSED"))) {
                    f_campaigns.push(FacebookCampaignHistoryRow {
                        id: c.id,
                        updated_time: at,
                        account_id: meta_account,
                        name: &c.name,
                        status,
                        start_time: c.start,
                        stop_time: c.end,
                        daily_budget: Some(daily_budget_cents),
                        lifetime_budget: None,
                        created_time: c.start - DAY,
                        _fivetran_synced: history_synced(c.start, c.id),
                    });
                }
                for s in 0..2 {
                    let set_id = c.id * 10 + s;
                    let set_name = format!("{} - {}", c.theme, ["lookalike", "interest"][s as usize]);
                    f_sets.push(FacebookAdSetHistoryRow {
                        id: set_id, updated_time: c.start, campaign_id: c.id, account_id: meta_account, name: &set_name,
                        status: "ACTIVE", optimization_goal: "LEAD_GENERATION", daily_budget: Some(daily_budget_cents / 2),
                        start_time: c.start, end_time: c.end, _fivetran_synced: history_synced(c.start, c.id),
                    });
                    let ad_id = set_id * 10 + 1;
                    let ad_name = format!("ad_{}", c.index + 1);
                    let creative_id = ad_id * 10;
                    f_ads.push(FacebookAdHistoryRow { id: ad_id, updated_time: c.start, ad_set_id: set_id, campaign_id: c.id, account_id: meta_account, creative_id, name: &ad_name, _fivetran_synced: history_synced(c.start, c.id) });
                    f_creatives.push(FacebookCreativeHistoryRow {
                        id: creative_id, _fivetran_id: &creative_id.to_string(), account_id: meta_account, name: &format!("{} creative", c.theme),
                        url_tags: &format!("{utm}&utm_content=ad_{}", c.index + 1), page_link: &landing, _fivetran_synced: history_synced(c.start, c.id),
                    });
                }
            }
            _ => {
                let group = group_of(c, linkedin_account_id);
                if !groups_written.contains(&group) {
                    groups_written.push(group);
                    let name = if group == linkedin_account_id * 10 { "Always on".to_string() } else { format!("FY{}", date_of(c.start.max(start)).format("%Y")) };
                    l_groups.push(LinkedinCampaignGroupHistoryRow { id: group, last_modified_time: c.start, account_id: linkedin_account_id, name: &name, status: "ACTIVE", run_schedule_start: c.start, run_schedule_end: None, _fivetran_synced: history_synced(c.start, c.id) });
                }
                for (at, status) in std::iter::once((c.start, "ACTIVE")).chain(ended.map(|e| (e, "COMPLETED"))) {
                    l_campaigns.push(LinkedinCampaignHistoryRow {
                        id: c.id, last_modified_time: at, account_id: linkedin_account_id, campaign_group_id: group, name: &c.name, status,
                        r#type: "SPONSORED_UPDATES", cost_type: "CPC", objective_type: "LEAD_GENERATION",
                        // Budgets are set in the ad account's currency, in whole units.
                        daily_budget_amount: (daily_budget_cents as f64 / 100.0 * 1e6 / ctx.money.currencies[linkedin_currency].planning_micros as f64).round(), run_schedule_start: c.start, run_schedule_end: c.end, _fivetran_synced: history_synced(c.start, c.id),
                    });
                }
                l_creatives.push(LinkedinCreativeHistoryRow {
                    id: c.id * 10 + 1, last_modified_time: c.start, campaign_id: c.id, intended_status: "ACTIVE",
                    click_uri: &format!("{landing}?{utm}&utm_content=ad_{}", c.index + 1), _fivetran_synced: history_synced(c.start, c.id),
                });
            }
        }

        for day in first..last {
            let date = micros(date_of(start)) + day as i64 * DAY;
            let clicks = (d.clicks[day] + poisson(&mut rng, others_on(day))) as i64;
            let impressions = ((clicks as f64 / c.ctr) * noise(&mut rng, 0.15)).round().max(clicks as f64) as i64;
            let spend_cents = (clicks as f64 * c.cpc_cents as f64 * noise(&mut rng, 0.15)).round() as i64;
            let signups = d.signups[day] as f64;
            let reported = if signups > 0.0 { (signups * c.inflation * 10.0).round() / 10.0 } else { 0.0 };
            match c.platform {
                0 => {
                    let shares = [0.6, 0.33, 0.07];
                    let (i, k, s) = (split(impressions, &shares), split(clicks, &shares), split(spend_cents, &shares));
                    for (n, device) in ["DESKTOP", "MOBILE", "TABLET"].iter().enumerate() {
                        g_stats.push(GoogleCampaignStatsRow {
                            date: day_number(date_of(date)),
                            id: c.id,
                            customer_id: google_customer,
                            device,
                            ad_network_type: "SEARCH",
                            impressions: i[n],
                            clicks: k[n],
                            cost_micros: s[n] * 10_000,
                            conversions: (reported * shares[n] * 100.0).round() / 100.0,
                            conversions_value: (reported * shares[n] * 1200.0 * 100.0).round() / 100.0,
                            _fivetran_synced: stats_synced(date, c.id),
                        });
                    }
                }
                1 => {
                    let shares = [0.55, 0.45];
                    let (i, k, s) = (split(impressions, &shares), split(clicks, &shares), split(spend_cents, &shares));
                    for n in 0..2 {
                        let ad_id = (c.id * 10 + n as i64) * 10 + 1;
                        let reach = ((i[n] as f64) / (1.2 + 0.6 * rng.random::<f64>())).round().max(1.0) as i64;
                        f_basic.push(FacebookBasicAdRow {
                            ad_id,
                            ad_name: &format!("ad_{}", c.index + 1),
                            adset_name: &format!("{} - {}", c.theme, ["lookalike", "interest"][n]),
                            account_id: meta_account,
                            date: day_number(date_of(date)),
                            impressions: i[n],
                            inline_link_clicks: k[n],
                            spend: s[n] as f64 / 100.0,
                            reach,
                            frequency: (i[n] as f64 / reach as f64 * 1000.0).round() / 1000.0,
                            _fivetran_synced: stats_synced(date, c.id),
                        });
                        if reported > 0.0 {
                            f_actions.push(FacebookBasicAdActionRow {
                                ad_id,
                                date: day_number(date_of(date)),
                                action_type: "offsite_conversion.fb_pixel_lead",
                                value: (reported * shares[n] * 100.0).round() / 100.0,
                                _fivetran_synced: stats_synced(date, c.id),
                            });
                        }
                    }
                }
                _ => {
                    l_analytics.push(LinkedinAdAnalyticsRow {
                        campaign_id: c.id,
                        day: date,
                        impressions,
                        clicks,
                        cost_in_usd: spend_cents as f64 / 100.0,
                        cost_in_local_currency: if linkedin_currency == crate::sim::money::USD {
                            spend_cents as f64 / 100.0
                        } else {
                            (spend_cents as f64 * 1e6 / ctx.money.market_micros(linkedin_currency, date) as f64).round() / 100.0
                        },
                        external_website_conversions: reported.round() as i64,
                        one_click_leads: (reported * 0.3).round() as i64,
                        landing_page_clicks: (clicks as f64 * 0.9).round() as i64,
                        _fivetran_synced: stats_synced(date, c.id),
                    });
                }
            }
        }
    }
    vec![
        (GoogleCampaignHistory::SPEC, g_campaigns.finish()),
        (GoogleAdGroupHistory::SPEC, g_groups.finish()),
        (GoogleKeywordHistory::SPEC, g_keywords.finish()),
        (GoogleCampaignStats::SPEC, g_stats.finish()),
        (FacebookCampaignHistory::SPEC, f_campaigns.finish()),
        (FacebookAdSetHistory::SPEC, f_sets.finish()),
        (FacebookAdHistory::SPEC, f_ads.finish()),
        (FacebookCreativeHistory::SPEC, f_creatives.finish()),
        (FacebookBasicAd::SPEC, f_basic.finish()),
        (FacebookBasicAdActions::SPEC, f_actions.finish()),
        (LinkedinCampaignGroupHistory::SPEC, l_groups.finish()),
        (LinkedinCampaignHistory::SPEC, l_campaigns.finish()),
        (LinkedinCreativeHistory::SPEC, l_creatives.finish()),
        (LinkedinAdAnalyticsByCampaign::SPEC, l_analytics.finish()),
    ]
}
