//! The raw tables carry the irregularities of a real business and real connectors, not the
//! regularities of a generator: people work in their local hours and rest at weekends, each
//! connector syncs on its own schedule, user agents age with the calendar, ids say nothing of
//! what they identify, and money moves when Stripe would move it.

use crate::common::*;
use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;
use std::collections::BTreeMap;

fn rows<T: duckdb::types::FromSql>(conn: &duckdb::Connection, sql: &str) -> Vec<(T, String, String)> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn product_use_follows_each_countrys_working_hours_and_weekdays() {
    let dir = dataset(CANONICAL);
    let raw = duck(&dir);
    // A fixed sample of signed-in page views, with the time zone of the account's head office
    // (its first location). Bundled DuckDB has no time zones, so the conversion happens here.
    let sample: Vec<(i64, String, String)> = rows(
        &raw,
        "with head_office as (select account_id, arg_min(timezone, id) as timezone, arg_min(country, id) as country from app_locations group by 1)
         select epoch_us(p.timestamp), h.timezone, h.country
         from (select * from segment_pages where user_id is not null using sample reservoir(120000 rows) repeatable (7)) p
         join app_users u on cast(u.id as varchar) = p.user_id
         join head_office h on h.account_id = u.account_id",
    );
    assert!(sample.len() > 100_000, "{} sampled page views joined to a head office", sample.len());
    let mut by_country: BTreeMap<String, ([u64; 24], [u64; 7])> = BTreeMap::new();
    for (micros, tz, country) in &sample {
        let tz: Tz = tz.parse().unwrap_or_else(|_| panic!("{tz} is not a time zone"));
        let local = DateTime::from_timestamp_micros(*micros).unwrap().with_timezone(&tz);
        let entry = by_country.entry(country.clone()).or_insert(([0; 24], [0; 7]));
        entry.0[local.hour() as usize] += 1;
        entry.1[local.weekday().num_days_from_monday() as usize] += 1;
    }
    for (country, (hours, weekdays)) in &by_country {
        let n: u64 = hours.iter().sum();
        if n < 3000 {
            continue;
        }
        // Local daytime (07:00–19:00) holds far more than the half a flat day would.
        let day: u64 = hours[7..19].iter().sum();
        let night: u64 = hours[0..5].iter().sum();
        println!("{country}: {n} views, {:.0} % in 07–19 local, {:.1} % in 00–05", 100.0 * day as f64 / n as f64, 100.0 * night as f64 / n as f64);
        assert!(day as f64 / n as f64 > 0.7, "{country}: only {day} of {n} page views in local working hours");
        assert!((night as f64 / n as f64) < 0.05, "{country}: {night} of {n} page views between midnight and 05:00 local");
        // Weekends are quieter for a B2B product, though restaurants and hotels still work.
        let weekday_mean = weekdays[..5].iter().sum::<u64>() as f64 / 5.0;
        let weekend_mean = weekdays[5..].iter().sum::<u64>() as f64 / 2.0;
        assert!(weekend_mean < 0.7 * weekday_mean, "{country}: weekend days {weekend_mean:.0} vs weekdays {weekday_mean:.0}");
        assert!(weekend_mean > 0.1 * weekday_mean, "{country}: nobody works weekends ({weekend_mean:.0})");
    }
    assert!(by_country.len() >= 4, "countries with enough views: {:?}", by_country.keys());
    // Prospects browse the marketing site in their working hours too (the journey's later
    // touches): its busiest UTC hour has several times the visits of its quietest.
    let (busiest, quietest) = (
        number(&raw, "select max(n) from (select hour(timestamp), count(*) as n from segment_pages where user_id is null group by 1)"),
        number(&raw, "select min(n) from (select hour(timestamp), count(*) as n from segment_pages where user_id is null group by 1)"),
    );
    assert!(busiest > 3.0 * quietest, "marketing-site visits by UTC hour range only {quietest} to {busiest}");
}

#[test]
fn no_column_is_constant_where_the_real_connector_varies_it() {
    let dir = dataset(CANONICAL);
    let raw = duck(&dir);
    // Every table a Fivetran connector writes: `_fivetran_synced` follows the connector's
    // schedule and each row's last change, so a table of any size holds many values, and none
    // is later than the final sync (the as-of date + 2 hours) or earlier than the row's change.
    let dataset = saaslab::dataset::Dataset::open(&dir).unwrap();
    let mut checked = 0;
    for t in &dataset.manifest.tables {
        let view = t.table.replace('.', "_");
        let has_synced = number(&raw, &format!("select count(*) from information_schema.columns where table_name = '{view}' and column_name = '_fivetran_synced'")) > 0.0;
        if !has_synced || t.rows < 20 {
            continue;
        }
        let distinct = number(&raw, &format!("select count(distinct _fivetran_synced) from {view}"));
        assert!(distinct >= (t.rows as f64).min(1000.0) / 10.0, "{}: {distinct} distinct sync times in {} rows", t.table, t.rows);
        let late = number(&raw, &format!("select count(*) from {view} where _fivetran_synced > timestamp '2026-01-01 02:00:00'"));
        assert_eq!(late, 0.0, "{}: rows synced after the final sync", t.table);
        checked += 1;
    }
    assert!(checked > 30, "only {checked} synced tables");
    let pages_before_sync = number(&raw, "select count(*) from segment_pages where _fivetran_synced < received_at and received_at < timestamp '2026-01-01 01:00:00'");
    assert_eq!(pages_before_sync, 0.0, "page views synced before Segment received them");

    // User agents: many, and none from a browser released after the page view.
    let agents = number(&raw, "select count(distinct context_user_agent) from segment_pages");
    assert!(agents > 500.0, "{agents} distinct user agents");
    let chrome_2019 = number(&raw, "select max(cast(regexp_extract(context_user_agent, 'Chrome/(\\d+)', 1) as int)) from segment_pages where timestamp < timestamp '2019-12-01' and context_user_agent like '%Chrome/%'");
    assert!(chrome_2019 <= 79.0, "Chrome {chrome_2019} in 2019 (Chrome 79 was December 2019's)");
    let chrome_2025 = number(&raw, "select max(cast(regexp_extract(context_user_agent, 'Chrome/(\\d+)', 1) as int)) from segment_pages where timestamp >= timestamp '2025-06-01' and context_user_agent like '%Chrome/%'");
    assert!(chrome_2025 >= 137.0, "newest Chrome in late 2025 is {chrome_2025}");
    let app_versions = number(&raw, "select count(distinct context_app_version) from segment_screens where timestamp >= timestamp '2025-01-01'");
    assert!(app_versions >= 4.0, "{app_versions} mobile app versions in use during 2025 (phones update at their own pace)");

    // HubSpot ids say nothing of the object: won and lost deals share one range, leads' and
    // customers' companies too, and owners are not a multiple of a step.
    let overlap = |sql: &str| number(&raw, sql) > 0.0;
    assert!(overlap(
        "with d as (select deal_id, deal_pipeline_stage_id = 'closedwon' as won from hubspot_deal)
         select count(*) from (select min(deal_id) filter (where won) a, max(deal_id) filter (where won) b,
                                      min(deal_id) filter (where not won) c, max(deal_id) filter (where not won) d from d)
         where a < d and c < b"
    ), "won and lost deal ids fall in separate ranges");
    assert!(overlap(
        "select count(*) from (select min(id) filter (where property_app_account_id is null) a, max(id) filter (where property_app_account_id is null) b,
                                      min(id) filter (where property_app_account_id is not null) c, max(id) filter (where property_app_account_id is not null) d from hubspot_company)
         where a < d and c < b"
    ), "leads' and customers' company ids fall in separate ranges");
    assert!(number(&raw, "select count(distinct owner_id % 101) from hubspot_owner") > 1.0, "owner ids are multiples of 101");

    // Orphaned telemetry names a device id like its neighbours: past the newest device, not
    // in a range of its own.
    let newest = number(&raw, "select max(id) from app_devices");
    let orphan_max = number(&raw, "select coalesce(max(e.device_id), 0) from iot_device_events e anti join app_devices d on d.id = e.device_id");
    assert!(orphan_max > 0.0 && orphan_max < newest * 1.05, "orphan device ids reach {orphan_max}, the newest device is {newest}");
}

#[test]
fn deals_and_payments_move_when_a_business_would_move_them() {
    let dir = dataset(CANONICAL);
    let raw = duck(&dir);
    // Card charges: Stripe finalizes an invoice about an hour after creating it and the charge
    // settles in seconds; retries land days later at varied hours.
    let exact_hour = number(&raw, "select avg(case when status_transitions_paid_at - created = interval 1 hour then 1 else 0 end) from stripe_invoice where paid");
    assert!(exact_hour < 0.01, "{:.1} % of invoices paid exactly an hour after creation", exact_hour * 100.0);
    let first_try = number(&raw, "select avg(case when status_transitions_paid_at - created between interval 1 hour and interval 62 minute then 1 else 0 end) from stripe_invoice where paid and attempt_count = 1");
    assert!(first_try > 0.95, "first-attempt payments settling within two minutes of finalization: {:.1} %", first_try * 100.0);
    let retry_hours = number(&raw, "select count(distinct hour(status_transitions_paid_at - created)) from stripe_invoice where paid and attempt_count > 1");
    assert!(retry_hours >= 8.0, "retried payments settle at only {retry_hours} distinct hours after creation");

    // Deals: lost deals are sized like won ones (both from the plan and fleet they would buy),
    // and close at a working hour of their own, not at their creation's time of day.
    let won = number(&raw, "select median(property_amount) from hubspot_deal where deal_pipeline_stage_id = 'closedwon'");
    let lost = number(&raw, "select median(property_amount) from hubspot_deal where deal_pipeline_stage_id = 'closedlost'");
    println!("median deal: won ${won:.0}, lost ${lost:.0}");
    assert!(lost / won > 0.33 && lost / won < 3.0, "median lost deal ${lost:.0} vs won ${won:.0}");
    let same_time = number(
        &raw,
        "select avg(case when cast(property_closedate as time) = cast(property_createdate as time) then 1 else 0 end)
         from hubspot_deal where deal_pipeline_stage_id = 'closedlost'",
    );
    assert!(same_time < 0.01, "{:.1} % of lost deals close at their creation's time of day", same_time * 100.0);
}

#[test]
fn names_domains_and_emails_belong_to_their_country() {
    let dir = dataset(CANONICAL);
    let raw = duck(&dir);
    let count = |sql: &str| number(&raw, sql);
    // No English "and" inside a German, French, Dutch or Brazilian name; no Faker gag names.
    assert_eq!(count("select count(*) from app_accounts where country in ('DE', 'FR', 'NL', 'BR') and name like '% and %'"), 0.0);
    assert_eq!(count("select count(*) from app_users where last_name in ('Kub', 'Jakubowski', 'Runolfsdottir', 'Wintheiser', 'Treutel')"), 0.0);
    // German businesses read German: most carry a German word or legal form.
    let german = count(
        "select avg(case when regexp_matches(name, 'GmbH|OHG|Gasthaus|Praxis|Spedition|Logistik|Labor|Hotel|Bäckerei|Metzgerei|Feinkost|Bioladen|Kaufhaus|Handels|Fachhandel|Apotheke|Ärztehaus|MVZ|Zahnarzt|Kühlhaus|Landhotel|Pension|Frischemarkt|Getränke|Hofladen|Brauhaus|Restaurant|Ratskeller|Gaststätte|Eisenwaren|Institut|Transporte|Analytik|Gemeinschaftspraxis') then 1.0 else 0.0 end)
         from app_accounts where country = 'DE'",
    );
    assert!(german > 0.95, "{:.1} % of German accounts read German", german * 100.0);
    // Domains: one per business, without the legal form.
    assert_eq!(count("select count(*) - count(distinct domain) from app_accounts"), 0.0, "two accounts share a domain");
    assert_eq!(count("select count(*) from app_accounts where regexp_matches(domain, '(gmbh|llc|ltda|sarl|bv)\\.')"), 0.0, "a legal form inside a domain");
    // Emails: unique, in the company's own style, digits only where two people share a name.
    assert_eq!(count("select count(*) - count(distinct email) from app_users"), 0.0, "two users share an email");
    let with_digits = count("select avg(case when regexp_matches(split_part(email, '@', 1), '[0-9]') then 1.0 else 0.0 end) from app_users");
    assert!(with_digits < 0.02, "{:.1} % of emails carry digits", with_digits * 100.0);
    let styles = count(
        "select count(distinct case when regexp_matches(split_part(email, '@', 1), '^[a-z]\\.[a-z]') then 'f.last'
                                     when regexp_matches(split_part(email, '@', 1), '^[a-z]+\\.[a-z]+') then 'first.last'
                                     when regexp_matches(split_part(email, '@', 1), '_') then 'first_last' else 'other' end) from app_users",
    );
    assert!(styles >= 4.0, "only {styles} email styles");
    // Addresses: real cities, postcodes in the national format.
    assert_eq!(count("select count(*) from app_locations where country = 'NL' and not regexp_matches(postal_code, '^[0-9]{4} [A-Z]{2}$')"), 0.0);
    assert_eq!(count("select count(*) from app_locations where country = 'GB' and not regexp_matches(postal_code, '^[A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2}$')"), 0.0);
    assert_eq!(count("select count(*) from app_locations where country = 'DE' and city not in ('Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart', 'Düsseldorf', 'Leipzig', 'Dortmund', 'Essen', 'Bremen', 'Dresden', 'Hannover', 'Nürnberg', 'Freiburg', 'Münster', 'Augsburg', 'Bonn', 'Mainz', 'Kiel')"), 0.0);
}

#[test]
fn money_is_in_each_countrys_currency_taxed_where_it_applies() {
    let raw = duck(&dataset(CANONICAL));
    // Each country pays in its own currency (the baseline prices locally in all of them).
    let mismatched = number(&raw, "
        select count(*) from stripe_customer
        where currency <> case address_country when 'US' then 'usd' when 'CA' then 'cad' when 'GB' then 'gbp'
              when 'AU' then 'aud' when 'BR' then 'brl' else 'eur' end");
    assert_eq!(mismatched, 0.0, "customers billed in another country's currency");
    // Tax: VAT where no VAT id was given, none under reverse charge, sales tax in taxing states
    // only, none in Brazil.
    let share = |sql: &str| number(&raw, sql);
    let eu_taxed = share("select avg(case when i.tax > 0 then 1.0 else 0 end) from stripe_invoice i join stripe_customer c on c.id = i.customer_id where c.address_country in ('DE', 'FR', 'NL') and i.subtotal > 0");
    assert!(eu_taxed > 0.03 && eu_taxed < 0.5, "{eu_taxed} of EU invoices carry VAT");
    assert_eq!(share("select count(*) from stripe_invoice i join stripe_customer c on c.id = i.customer_id where c.address_country = 'BR' and i.tax <> 0"), 0.0, "tax in Brazil");
    assert_eq!(share("select count(*) from stripe_invoice i join stripe_customer c on c.id = i.customer_id where c.address_state = 'California' and i.tax <> 0"), 0.0, "sales tax in California");
    assert!(share("select count(*) from stripe_invoice i join stripe_customer c on c.id = i.customer_id where c.address_state = 'New York' and i.tax > 0") > 100.0, "no sales tax in New York");
    let vat = share("select max(tax * 1.0 / (subtotal - total_discount_amount)) from stripe_invoice i join stripe_customer c on c.id = i.customer_id where c.address_country = 'DE' and i.subtotal - i.total_discount_amount > 1000");
    assert!((vat - 0.19).abs() < 0.001, "German VAT at {vat}");
    // LinkedIn's EMEA account reports cost in euros, about cost_in_usd / 1.08.
    let (euro_rows, ratio) = (
        share("select count(*) from linkedin_ads_ad_analytics_by_campaign where cost_in_local_currency <> cost_in_usd and cost_in_usd > 0"),
        share("select sum(cost_in_usd) / sum(cost_in_local_currency) from linkedin_ads_ad_analytics_by_campaign where cost_in_local_currency <> cost_in_usd and cost_in_usd > 0"),
    );
    assert!(euro_rows > 100.0 && (ratio - 1.08).abs() < 0.08, "{euro_rows} LinkedIn rows in another currency at {ratio} dollars each");
    // Settlement rates move day to day around the planning rate, less Stripe's 1 % fee.
    let eur = share("select avg(b.exchange_rate) from stripe_balance_transaction b join stripe_charge c on c.id = b.source where c.currency = 'eur'");
    assert!((eur - 1.08 * 0.99).abs() < 0.04, "euro charges settle at {eur} on average");
    assert!(share("select count(distinct b.exchange_rate) from stripe_balance_transaction b join stripe_charge c on c.id = b.source where c.currency = 'eur'") > 300.0, "the euro rate does not move");
}
