//! The world is causal: latent state drives churn, and shocks change what follows them.

use crate::common::*;

/// Voluntary churn within a year of signup among paying accounts, by quartile of a starting
/// propensity (1 = lowest). Trials that never converted, cards declined for good and businesses
/// that closed are processes of their own, left out.
fn churn_by_quartile(db: &duckdb::Connection, column: &str) -> Vec<f64> {
    let sql = format!(
        "with eligible as (
            select *, ntile(4) over (order by {column}) as quartile
            from truth_accounts
            where signup_at <= timestamp '2024-12-31' - interval 12 month and converted
        )
        select quartile,
               avg(case when first_churned_at < signup_at + interval 12 month
                         and coalesce(churn_reason, '') not in ('payment_failure', 'business_closed') then 1.0 else 0.0 end)
        from eligible group by quartile order by quartile"
    );
    let mut stmt = db.prepare(&sql).unwrap();
    stmt.query_map([], |r| r.get::<_, f64>(1)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn low_engagement_or_device_health_churns_voluntarily_at_least_twice_as_often() {
    let dir = dataset(&["--customers", "4000", "--locations", "6000", "--start", "2021-01-01", "--end", "2024-12-31", "--quiet"]);
    let db = duck(&dir);
    for column in ["engagement_start", "device_health_start"] {
        let q = churn_by_quartile(&db, column);
        println!("first-year churn by quartile of {column}: {q:?} (ratio lowest/highest {:.2})", q[0] / q[3]);
        assert!(q[0] >= 2.0 * q[3], "{column}: lowest quartile churns {:.3}, highest {:.3}", q[0], q[3]);
    }
    // The pipeline's job later: observable behaviour must carry the signal too.
    let sql = "with usage as (
            select a.account_id, a.engagement_start, count(p.id) as pages
            from truth_accounts a left join app_users u on u.account_id = a.account_id
            left join segment_pages p on p.user_id = cast(u.id as varchar)
            group by 1, 2)
        select corr(engagement_start, pages) from usage";
    let r = number(&db, sql);
    println!("correlation of latent engagement with page views: {r:.2}");
    assert!(r > 0.1, "page views barely follow engagement (r = {r:.2})");
}

#[test]
fn firmware_outage_raises_the_broken_models_offline_share() {
    let args = ["--customers", "1500", "--locations", "2500", "--start", "2023-06-01", "--end", "2024-09-30", "--quiet"];
    let (base, outage) = (dataset(&args), dataset(&with(&args, &["--scenario", "firmware_outage"])));
    // Offline events per TS-200 device-day in the six weeks after the bad release.
    let rate = |dir: &std::path::Path, from: &str, to: &str| {
        let db = duck(dir);
        number(&db, &format!(
            "select count(*) filter (where e.event_type = 'offline') / count(distinct e.device_id)
             from iot_device_events e join app_devices d on e.device_id = d.id
             join app_device_models m on d.device_model_id = m.id
             where m.sku = 'TS-200' and e.event_ts >= timestamp '{from}' and e.event_ts < timestamp '{to}'"
        ))
    };
    let (before_b, after_b) = (rate(&base, "2024-03-01", "2024-04-12"), rate(&base, "2024-06-05", "2024-07-15"));
    let (before_o, after_o) = (rate(&outage, "2024-03-01", "2024-04-12"), rate(&outage, "2024-06-05", "2024-07-15"));
    println!("TS-200 offline events per device: baseline {before_b:.2} → {after_b:.2}; firmware_outage {before_o:.2} → {after_o:.2}");
    assert!(after_o > 3.0 * after_b, "outage window: {after_o:.2} vs baseline {after_b:.2}");
    assert!((before_o - before_b).abs() < 0.5 * before_b.max(0.05), "before the shock the scenarios should agree");
    let db = duck(&outage);
    assert!(count(&db, "select count(*) from iot_device_events where firmware_version = '5.1.0-rc'") > 0);
    // The scenario reads its sensors in the outage (fleet.readings_end = 2024-06-30): the
    // broken probes' readings have gaps the other models' do not.
    let received = |sku: &str| {
        number(&db, &format!(
            "select count(*) * m.reporting_interval_s / 3.0 / 86400 / count(distinct r.device_id)
             from iot_sensor_readings r join app_devices d on r.device_id = d.id join app_device_models m on d.device_model_id = m.id
             where m.sku = '{sku}' and r.metric = m.metric group by m.reporting_interval_s"
        ))
    };
    let (probes, humidity) = (received("TS-200"), received("HS-210"));
    println!("share of expected readings received, 2024-06-28 to 06-30: TS-200 {probes:.3}, HS-210 {humidity:.3}");
    assert!(probes < humidity - 0.05, "the outage shows in the probes' readings: {probes:.3} vs {humidity:.3}");
    assert_eq!(count(&db, "select count(*) from iot_sensor_readings where reading_ts < timestamp '2024-06-28' or reading_ts >= timestamp '2024-07-01'"), 0);
}

#[test]
fn every_shock_changes_what_follows_it() {
    let run = |scenario: &str| duck(&dataset(&with(THREE_YEARS, &["--scenario", scenario])));
    let (base, recession, push, price) = (run("baseline"), run("recession"), run("growth_push"), run("price_increase"));

    // Monthly paid churn hazard realised in a window: churn events per active account-month.
    let churn = |db: &duckdb::Connection, from: &str, to: &str| {
        number(db, &format!(
            "select sum(churned::int) / count(*) from truth_account_months
             where status = 'active' and month >= date '{from}' and month < date '{to}'"
        ))
    };
    let (b, r) = (churn(&base, "2023-01-01", "2024-01-01"), churn(&recession, "2023-01-01", "2024-01-01"));
    println!("2023 monthly churn: baseline {b:.4}, recession {r:.4}");
    assert!(r > 1.4 * b, "recession should raise churn: {r:.4} vs {b:.4}");

    let (b, p) = (churn(&base, "2024-03-01", "2024-06-01"), churn(&price, "2024-03-01", "2024-06-01"));
    println!("monthly churn after the price increase: baseline {b:.4}, price_increase {p:.4}");
    assert!(p > 1.2 * b, "a price increase should raise churn at renewal: {p:.4} vs {b:.4}");

    // Signups from the ad platforms inside the push window.
    let paid = |db: &duckdb::Connection| {
        count(db, "select count(*) from app_accounts where acquisition_channel in ('google_ads', 'meta_ads', 'linkedin_ads')
                   and created_at >= timestamp '2024-04-01' and created_at < timestamp '2024-10-01'")
    };
    let (b, g) = (paid(&base), paid(&push));
    println!("paid-channel signups Apr–Sep 2024: baseline {b}, growth_push {g}");
    assert!(g as f64 > 1.5 * b as f64, "growth_push should raise paid signups: {g} vs {b}");
}
