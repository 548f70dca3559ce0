//! Go-to-market sources (first part: ad platforms and journeys): campaigns whose UTMs match
//! Segment's, daily stats consistent with the accounts they acquired, and a true first touch
//! that Segment page views recover exactly.

use crate::common::*;

/// The shared three-year dataset of a scenario (`_name` says which test reads it).
fn world(_name: &str, scenario: &str) -> duckdb::Connection {
    duck(&dataset(&with(THREE_YEARS, &["--scenario", scenario])))
}

/// Each account's earliest page view over its users' anonymous ids, with its utm_campaign.
const RECOVERED_FIRST_TOUCH: &str = "
    with browsers as (
        select distinct i.anonymous_id, u.account_id
        from segment_identifies i join app_users u on i.user_id = cast(u.id as varchar)),
    ranked as (
        select b.account_id, p.context_campaign_name, p.context_campaign_medium,
               row_number() over (partition by b.account_id order by p.timestamp, p.id) as rn
        from segment_pages p join browsers b on b.anonymous_id = p.anonymous_id)
    select account_id, context_campaign_name, context_campaign_medium from ranked where rn = 1";

#[test]
fn the_true_first_touch_is_recoverable_from_segment_utms() {
    let db = world("mkt-first-touch", "baseline");
    let sql = format!("
        with truth as (select account_id, utm_campaign from truth_touches where is_first),
        recovered as ({RECOVERED_FIRST_TOUCH})
        select count(*) filter (where truth.utm_campaign is distinct from recovered.context_campaign_name),
               count(*) filter (where truth.account_id is null or recovered.account_id is null),
               count(*)
        from truth full join recovered using (account_id)");
    let (differ, unmatched, all): (i64, i64, i64) = db.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!(all, 3000);
    assert_eq!((differ, unmatched), (0, 0), "first touch from Segment vs truth/touches");

    // Per ad campaign: the accounts it truly acquired = the signups its UTMs recover.
    let sql = format!("
        with truth as (select campaign_name, count(*) n from truth_touches where is_first and campaign_id is not null group by 1),
        recovered as (select context_campaign_name as campaign_name, count(*) n from ({RECOVERED_FIRST_TOUCH})
                      where context_campaign_medium in ('cpc', 'paid_social') group by 1)
        select count(*) filter (where truth.n is distinct from recovered.n), count(*) from truth full join recovered using (campaign_name)");
    let (differ, campaigns): (i64, i64) = db.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert!(campaigns >= 10, "only {campaigns} campaigns acquired anyone");
    assert_eq!(differ, 0, "campaigns whose acquired accounts differ between truth and Segment");

    // Every paid UTM names a campaign of its platform, and the platforms' URLs carry it.
    for (what, sql) in [
        ("google UTMs → campaigns", "select count(*) from segment_pages p where p.context_campaign_medium = 'cpc' and p.context_campaign_name not in (select name from google_ads_campaign_history)"),
        ("facebook UTMs → campaigns", "select count(*) from segment_pages p where p.context_campaign_source = 'facebook' and p.context_campaign_name not in (select name from facebook_ads_campaign_history)"),
        ("linkedin UTMs → campaigns", "select count(*) from segment_pages p where p.context_campaign_source = 'linkedin' and p.context_campaign_name not in (select name from linkedin_ads_campaign_history)"),
        ("google templates carry the name", "select count(*) from google_ads_campaign_history where tracking_url_template not like '%utm_campaign=' || name || '%'"),
        ("meta url_tags carry the name", "select count(*) from facebook_ads_creative_history c join facebook_ads_ad_history a on a.creative_id = c.id join facebook_ads_campaign_history h on h.id = a.campaign_id where c.url_tags not like '%utm_campaign=' || h.name || '%'"),
        ("linkedin click_uri carries the name", "select count(*) from linkedin_ads_creative_history c join linkedin_ads_campaign_history h on h.id = c.campaign_id where c.click_uri not like '%utm_campaign=' || h.name || '%'"),
        ("stats → campaigns", "select count(*) from google_ads_campaign_stats s left join (select distinct id from google_ads_campaign_history) h using (id) where h.id is null"),
        ("basic_ad → ads", "select count(*) from facebook_ads_basic_ad s left join facebook_ads_ad_history a on a.id = s.ad_id where a.id is null"),
        ("linkedin analytics → campaigns", "select count(*) from linkedin_ads_ad_analytics_by_campaign s left join (select distinct id from linkedin_ads_campaign_history) h on h.id = s.campaign_id where h.id is null"),
        ("touch campaigns → platforms", "select count(*) from truth_touches t where t.platform = 'google_ads' and t.campaign_id not in (select id from google_ads_campaign_history)"),
    ] {
        assert_eq!(count(&db, sql), 0, "unresolved: {what}");
    }
}

#[test]
fn platforms_over_report_conversions_within_a_stated_ratio_and_prices_stay_in_range() {
    let db = world("mkt-stats", "baseline");
    let true_signups = count(&db, "select count(*) from truth_touches where is_first and campaign_id is not null") as f64;
    let reported = number(&db, "select (select sum(conversions) from google_ads_campaign_stats)
        + (select sum(value) from facebook_ads_basic_ad_actions)
        + (select sum(external_website_conversions) from linkedin_ads_ad_analytics_by_campaign)");
    let ratio = reported / true_signups;
    println!("platform-reported conversions {reported:.0} for {true_signups:.0} paid first-touch signups: {ratio:.2}× (allowed 1–4×)");
    assert!((1.0..=4.0).contains(&ratio), "reported/true = {ratio:.2}");

    // Per campaign, over its life: CTR and CPC within the scenario's ranges (±20 % for the
    // daily noise around each campaign's own draw).
    for (platform, sql, (ctr_lo, ctr_hi), (cpc_lo, cpc_hi)) in [
        ("google_ads", "select min(c), max(c), min(p), max(p) from (select id, sum(clicks) / sum(impressions) c, sum(cost_micros) / 1e4 / sum(clicks) p from google_ads_campaign_stats group by 1)", (0.02, 0.06), (300.0, 900.0)),
        ("meta_ads", "select min(c), max(c), min(p), max(p) from (select ad_id, sum(inline_link_clicks) / sum(impressions) c, sum(spend) * 100 / sum(inline_link_clicks) p from facebook_ads_basic_ad group by 1)", (0.008, 0.016), (100.0, 400.0)),
        ("linkedin_ads", "select min(c), max(c), min(p), max(p) from (select campaign_id, sum(clicks) / sum(impressions) c, sum(cost_in_usd) * 100 / sum(clicks) p from linkedin_ads_ad_analytics_by_campaign group by 1)", (0.004, 0.009), (600.0, 1400.0)),
    ] {
        let (c0, c1, p0, p1): (f64, f64, f64, f64) = db.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap();
        println!("{platform}: CTR {c0:.4}–{c1:.4}, CPC {p0:.0}–{p1:.0} cents");
        assert!(c0 >= ctr_lo * 0.8 && c1 <= ctr_hi * 1.2, "{platform} CTR {c0:.4}–{c1:.4} outside {ctr_lo}–{ctr_hi}");
        assert!(p0 >= cpc_lo * 0.8 && p1 <= cpc_hi * 1.2, "{platform} CPC {p0:.0}–{p1:.0} outside {cpc_lo}–{cpc_hi}");
    }
}

#[test]
fn growth_push_raises_spend_and_signups_in_its_window() {
    let window = "between timestamp '2024-04-01' and timestamp '2024-09-30'";
    let measure = |db: &duckdb::Connection| {
        let spend = number(db, &format!("select
            (select sum(cost_micros) / 1e6 from google_ads_campaign_stats where date::timestamp {window})
          + (select sum(spend) from facebook_ads_basic_ad where date::timestamp {window})
          + (select sum(cost_in_usd) from linkedin_ads_ad_analytics_by_campaign where day {window})"));
        let signups = count(db, &format!("select count(*) from truth_touches t join app_accounts a on a.id = t.account_id
            where t.is_first and t.campaign_id is not null and a.created_at {window}"));
        (spend, signups)
    };
    let (base_spend, base_signups) = measure(&world("mkt-base", "baseline"));
    let (push_spend, push_signups) = measure(&world("mkt-push", "growth_push"));
    println!("Apr–Sep 2024 paid spend ${base_spend:.0} → ${push_spend:.0}, paid signups {base_signups} → {push_signups}");
    assert!(push_spend > 1.3 * base_spend && push_signups as f64 > 1.3 * base_signups as f64);
}

#[test]
fn crm_and_email_join_to_the_product_and_billing() {
    let db = world("gtm-joins", "baseline");
    for (what, sql) in [
        ("accounts → companies", "select count(*) from app_accounts a left join hubspot_company c on c.id = a.hubspot_company_id where c.id is null or c.property_app_account_id <> a.id"),
        ("companies → accounts", "select count(*) from hubspot_company c left join app_accounts a on a.id = c.property_app_account_id where c.property_app_account_id is not null and a.id is null"),
        ("contacts → companies", "select count(*) from hubspot_contact c left join hubspot_company co on co.id = c.property_associatedcompanyid where co.id is null"),
        ("users → contacts by email", "select count(*) from app_users u left join hubspot_contact c on c.property_email = u.email where c.id is null"),
        ("deal_company", "select count(*) from hubspot_deal_company dc left join hubspot_deal d using (deal_id) left join hubspot_company c on c.id = dc.company_id where d.deal_id is null or c.id is null"),
        ("deal_contact", "select count(*) from hubspot_deal_contact dc left join hubspot_deal d using (deal_id) left join hubspot_contact c on c.id = dc.contact_id where d.deal_id is null or c.id is null"),
        ("deal_stage → deals and stages", "select count(*) from hubspot_deal_stage s left join hubspot_deal d using (deal_id) left join hubspot_deal_pipeline_stage p on p.stage_id = s.value where d.deal_id is null or p.stage_id is null"),
        ("one active stage row per deal", "select count(*) from (select deal_id from hubspot_deal_stage where _fivetran_active group by 1 having count(*) <> 1)"),
        ("deal stage = its active history row", "select count(*) from hubspot_deal d join hubspot_deal_stage s on s.deal_id = d.deal_id and s._fivetran_active where s.value <> d.deal_pipeline_stage_id"),
        ("owners", "select count(*) from hubspot_deal d left join hubspot_owner o on o.owner_id = d.owner_id where o.owner_id is null"),
        ("subscription deal ids → closed-won deals", r#"select count(*) from stripe_subscription_history s left join hubspot_deal d
            on d.deal_id = regexp_extract(s.metadata, '"hubspot_deal_id":"([0-9]+)"', 1)::bigint
            where s.metadata like '%hubspot_deal_id%' and (d.deal_id is null or d.deal_pipeline_stage_id <> 'closedwon')"#),
        ("closed-won deals → a subscription", r#"select count(*) from hubspot_deal d where d.deal_pipeline_stage_id = 'closedwon'
            and d.deal_id not in (select regexp_extract(metadata, '"hubspot_deal_id":"([0-9]+)"', 1)::bigint from stripe_subscription_history where metadata like '%hubspot_deal_id%')"#),
        ("email events → users", "select count(*) from iterable_event e left join app_users u on u.email = e.email where u.id is null"),
        ("email events → campaigns", "select count(*) from iterable_event e left join (select distinct id from iterable_campaign_history) c on c.id = e.campaign_id where c.id is null"),
        ("merged contacts are listed as defects", "select (select count(*) from hubspot_contact where property_hs_merged_object_ids is not null) - (select count(*) from truth_defects where table_name = 'hubspot.contact' and kind = 'merged')"),
    ] {
        assert_eq!(count(&db, sql), 0, "{what}");
    }
    for (what, sql) in [
        ("won deals", "select count(*) from hubspot_deal where deal_pipeline_stage_id = 'closedwon'"),
        ("lost deals", "select count(*) from hubspot_deal where deal_pipeline_stage_id = 'closedlost'"),
        ("leads that never converted", "select count(*) from hubspot_company where property_app_account_id is null"),
        ("merged contacts", "select count(*) from hubspot_contact where property_hs_merged_object_ids is not null"),
        ("dunning emails", "select count(*) from iterable_event where campaign_id = 1003"),
    ] {
        assert!(count(&db, sql) > 0, "no {what}");
    }
}

#[test]
fn engaged_accounts_open_and_click_more_email() {
    let db = world("gtm-email", "baseline");
    let sql = "
        with quartiles as (select account_id, ntile(4) over (order by engagement_start) as q from truth_accounts),
        per_event as (
            select q.q, e.event_name from iterable_event e
            join app_users u on u.email = e.email join quartiles q on q.account_id = u.account_id
            where e.campaign_id >= 100000)
        select q, count(*) filter (where event_name = 'emailOpen') / count(*) filter (where event_name = 'emailSend'),
                  count(*) filter (where event_name = 'emailClick') / count(*) filter (where event_name = 'emailSend')
        from per_event group by q order by q";
    let mut stmt = db.prepare(sql).unwrap();
    let rates: Vec<(i64, f64, f64)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    println!("newsletter open and click rates by engagement quartile: {rates:?}");
    let (low, high) = (rates[0], rates[3]);
    assert!(high.1 > 1.3 * low.1, "open rate: top quartile {:.3} vs bottom {:.3}", high.1, low.1);
    assert!(high.2 > 1.3 * low.2, "click rate: top quartile {:.3} vs bottom {:.3}", high.2, low.2);
}
