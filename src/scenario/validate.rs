//! Checks of meaning that types alone cannot express: ranges, known names, date order.
//! Each problem names its key path, so the loader can point at the file and line.

use super::model::*;
use crate::world::{catalog, countries, CHANNELS, BILLING_INTERVALS, SEGMENTS};
use std::collections::BTreeMap;

pub struct Problem {
    pub key: Vec<String>,
    pub message: String,
}

fn problem(key: &str, message: impl Into<String>) -> Problem {
    Problem { key: key.split('.').map(str::to_string).collect(), message: message.into() }
}

type Check = Result<(), Problem>;

fn probability(key: &str, v: f64) -> Check {
    if (0.0..=1.0).contains(&v) { Ok(()) } else { Err(problem(key, format!("{v} is not a probability: allowed is 0 to 1"))) }
}

fn non_negative(key: &str, v: f64) -> Check {
    if v.is_finite() && v >= 0.0 { Ok(()) } else { Err(problem(key, format!("{v} is not allowed: must be a number ≥ 0"))) }
}

fn positive(key: &str, v: f64) -> Check {
    if v.is_finite() && v > 0.0 { Ok(()) } else { Err(problem(key, format!("{v} is not allowed: must be a number > 0"))) }
}

/// The largest world one run simulates: a census this size fits in memory with room to spare
/// (every account's life is simulated on its own; only the census and the global tables are
/// held whole).
pub const MAX_CUSTOMERS: u64 = 5_000_000;
pub const MAX_LOCATIONS: u64 = 50_000_000;
/// Simulated days lie in this range, at most `MAX_YEARS` of them: an account's life is held
/// month by month, so memory grows with the span.
pub const FIRST_DAY: &str = "1990-01-01";
pub const LAST_DAY: &str = "2099-12-31";
pub const MAX_YEARS: i64 = 30;
/// Prices in cents, per unit and month: sums over every unit, month and account stay far
/// inside a 64-bit integer.
pub const MAX_PRICE_CENTS: i64 = 10_000_000;

/// A finite number within [lo, hi].
fn between(key: &str, v: f64, lo: f64, hi: f64) -> Check {
    if v.is_finite() && v >= lo && v <= hi { Ok(()) } else { Err(problem(key, format!("{v} is not allowed: allowed is {lo} to {hi}"))) }
}

/// A finite number ≥ 0 and at most `hi`.
fn up_to(key: &str, v: f64, hi: f64) -> Check {
    between(key, v, 0.0, hi)
}

/// A finite number > 0 and at most `hi`.
fn positive_up_to(key: &str, v: f64, hi: f64) -> Check {
    positive(key, v)?;
    up_to(key, v, hi)
}

fn whole_up_to(key: &str, v: u64, lo: u64, hi: u64) -> Check {
    if (lo..=hi).contains(&v) { Ok(()) } else { Err(problem(key, format!("{v} is not allowed: allowed is {lo} to {hi}"))) }
}

fn day(text: &str) -> Day {
    Day(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("the bounds are dates"))
}

fn within_dates(key: &str, d: Day, s: &Scenario) -> Check {
    if d >= s.dates.start && d <= s.dates.end {
        Ok(())
    } else {
        Err(problem(key, format!("{d} is outside the simulated dates {} to {}", s.dates.start, s.dates.end)))
    }
}

/// Weights: known names (when `allowed` is given), each ≥ 0, at least one > 0.
fn weights(key: &str, map: &BTreeMap<String, f64>, allowed: Option<&[&str]>) -> Check {
    for (name, w) in map {
        if let Some(allowed) = allowed {
            if !allowed.contains(&name.as_str()) {
                return Err(problem(&format!("{key}.{name}"), format!("unknown name `{name}`: allowed are {}", allowed.join(", "))));
            }
        }
        non_negative(&format!("{key}.{name}"), *w)?;
    }
    if map.values().sum::<f64>() <= 0.0 {
        return Err(problem(key, "needs at least one weight > 0"));
    }
    Ok(())
}

/// Every segment that can occur must have an entry in a per-segment table.
fn per_segment<T>(key: &str, map: &BTreeMap<String, T>, s: &Scenario) -> Check {
    for (segment, w) in &s.mix.segment {
        if *w > 0.0 && !map.contains_key(segment) {
            return Err(problem(key, format!("has no entry for segment `{segment}`, which mix.segment allows")));
        }
    }
    for name in map.keys() {
        if !SEGMENTS.contains(&name.as_str()) {
            return Err(problem(&format!("{key}.{name}"), format!("unknown segment `{name}`: allowed are {}", SEGMENTS.join(", "))));
        }
    }
    Ok(())
}

fn latent(key: &str, d: &LatentDimension) -> Check {
    if !(d.mean > 0.0 && d.mean < 1.0) {
        return Err(problem(&format!("{key}.mean"), format!("{} is not allowed: a mean propensity lies strictly between 0 and 1", d.mean)));
    }
    up_to(&format!("{key}.spread"), d.spread, 10.0)?;
    probability(&format!("{key}.persistence"), d.persistence)?;
    up_to(&format!("{key}.volatility"), d.volatility, 10.0)
}

/// Currencies: ISO-looking codes the world knows, sensible rates and price factors.
fn money(s: &Scenario) -> Check {
    let known: Vec<&str> = countries::ALL.iter().map(|c| c.currency).collect();
    for (code, c) in &s.money.currencies {
        let key = format!("money.currencies.{code}");
        if !known.contains(&code.as_str()) || code == "usd" {
            let others: Vec<&str> = known.iter().copied().filter(|k| *k != "usd").collect();
            return Err(problem(&key, format!("'{code}' is not a currency saaslab prices in: allowed are {} (US dollars need no entry)", others.join(", "))));
        }
        between(&format!("{key}.usd_per_unit"), c.usd_per_unit, 0.0001, 10_000.0)?;
        between(&format!("{key}.price_factor"), c.price_factor, 0.01, 10_000.0)?;
    }
    per_segment("money.tax_id_share", &s.money.tax_id_share, s)?;
    for (segment, v) in &s.money.tax_id_share {
        probability(&format!("money.tax_id_share.{segment}"), *v)?;
    }
    up_to("money.fx_daily_volatility", s.money.fx_daily_volatility, 0.05)?;
    probability("money.linkedin_emea_share", s.money.linkedin_emea_share)?;
    up_to("money.refund_rate", s.money.refund_rate, 0.5)?;
    probability("money.refund_failure_rate", s.money.refund_failure_rate)?;
    let emea = &s.money.linkedin_emea_currency;
    if emea != "usd" && !s.money.currencies.contains_key(emea) {
        return Err(problem("money.linkedin_emea_currency", format!("'{emea}' is not usd or one of money.currencies")));
    }
    Ok(())
}

pub fn validate(s: &Scenario) -> Check {
    for (key, d) in [("dates.start", s.dates.start), ("dates.end", s.dates.end)] {
        if d < day(FIRST_DAY) || d > day(LAST_DAY) {
            return Err(problem(key, format!("{d} is outside the dates saaslab simulates: allowed is {FIRST_DAY} to {LAST_DAY}")));
        }
    }
    if s.dates.end <= s.dates.start {
        return Err(problem("dates.end", format!("{} is not after dates.start ({})", s.dates.end, s.dates.start)));
    }
    let span_days = (s.dates.end.0 - s.dates.start.0).num_days();
    if span_days > MAX_YEARS * 366 {
        return Err(problem("dates.end", format!("{} is more than {MAX_YEARS} years after dates.start ({}): simulate at most {MAX_YEARS} years", s.dates.end, s.dates.start)));
    }
    money(s)?;
    whole_up_to("counts.customers", s.counts.customers, 1, MAX_CUSTOMERS)?;
    if s.counts.locations > MAX_LOCATIONS {
        return Err(problem("counts.locations", format!("{} is not allowed: at most {MAX_LOCATIONS}", s.counts.locations)));
    }
    if s.counts.locations < s.counts.customers {
        return Err(problem("counts.locations", format!(
            "{} is fewer than counts.customers ({}): every account has at least one location",
            s.counts.locations, s.counts.customers
        )));
    }
    weights("mix.segment", &s.mix.segment, Some(SEGMENTS))?;
    weights("mix.industry", &s.mix.industry, None)?;
    let country_codes: Vec<&str> = countries::ALL.iter().map(|c| c.code).collect();
    weights("mix.country", &s.mix.country, Some(&country_codes))?;
    weights("mix.channel", &s.mix.channel, Some(CHANNELS))?;
    weights("mix.billing_interval", &s.mix.billing_interval, Some(BILLING_INTERVALS))?;
    per_segment("mix.plan", &s.mix.plan, s)?;
    let tiers: Vec<&str> = s.plans.tiers.keys().map(String::as_str).collect();
    for (segment, plan_weights) in &s.mix.plan {
        weights(&format!("mix.plan.{segment}"), plan_weights, Some(&tiers))?;
    }
    per_segment("mix.extra_locations", &s.mix.extra_locations, s)?;
    per_segment("mix.users_per_location", &s.mix.users_per_location, s)?;
    for (segment, v) in &s.mix.extra_locations {
        up_to(&format!("mix.extra_locations.{segment}"), *v, 10_000.0)?;
    }
    for (segment, v) in &s.mix.users_per_location {
        positive_up_to(&format!("mix.users_per_location.{segment}"), *v, 100.0)?;
    }

    whole_up_to("plans.trial_days", s.plans.trial_days.into(), 0, 365)?;
    probability("plans.trial_share", s.plans.trial_share)?;
    if s.plans.tiers.is_empty() {
        return Err(problem("plans.tiers", "needs at least one tier"));
    }
    for (name, tier) in &s.plans.tiers {
        for (k, v) in [("per_location_cents", tier.per_location_cents), ("per_device_cents", tier.per_device_cents)] {
            if !(0..=MAX_PRICE_CENTS).contains(&v) {
                return Err(problem(&format!("plans.tiers.{name}.{k}"), format!("{v} is not allowed: prices are cents from 0 to {MAX_PRICE_CENTS}")));
            }
        }
        probability(&format!("plans.tiers.{name}.annual_discount"), tier.annual_discount)?;
    }

    between("growth.annual_growth", s.growth.annual_growth, -1.0, 10.0)?;
    for (i, w) in s.growth.weekday_weights.iter().enumerate() {
        non_negative(&format!("growth.weekday_weights.{i}"), *w)?;
    }
    if s.growth.weekday_weights.iter().sum::<f64>() <= 0.0 {
        return Err(problem("growth.weekday_weights", "needs at least one weight > 0"));
    }
    if !(0.0..1.0).contains(&s.growth.yearly_amplitude) {
        return Err(problem("growth.yearly_amplitude", format!("{} is not allowed: 0 ≤ amplitude < 1", s.growth.yearly_amplitude)));
    }
    if !(1..=12).contains(&s.growth.yearly_peak_month) {
        return Err(problem("growth.yearly_peak_month", format!("{} is not a month: allowed are 1 to 12", s.growth.yearly_peak_month)));
    }

    latent("latent.engagement", &s.latent.engagement)?;
    latent("latent.device_health", &s.latent.device_health)?;
    latent("latent.payment_reliability", &s.latent.payment_reliability)?;
    latent("latent.price_sensitivity", &s.latent.price_sensitivity)?;

    let c = &s.churn;
    probability("churn.base_monthly_hazard", c.base_monthly_hazard)?;
    if c.base_monthly_hazard == 0.0 || c.base_monthly_hazard == 1.0 {
        return Err(problem("churn.base_monthly_hazard", "must lie strictly between 0 and 1"));
    }
    for (k, v) in [
        ("churn.engagement_weight", c.engagement_weight),
        ("churn.device_health_weight", c.device_health_weight),
        ("churn.payment_weight", c.payment_weight),
        ("churn.price_weight", c.price_weight),
    ] {
        up_to(k, v, 20.0)?;
    }
    positive_up_to("churn.early_tenure_multiplier", c.early_tenure_multiplier, 100.0)?;
    probability("churn.trial_conversion_low", c.trial_conversion_low)?;
    probability("churn.trial_conversion_high", c.trial_conversion_high)?;
    probability("churn.reactivation_monthly", c.reactivation_monthly)?;
    if c.wind_down_days > 365 {
        return Err(problem("churn.wind_down_days", "must be at most 365 (days of fading use before a cancellation)"));
    }
    up_to("churn.size_elasticity", c.size_elasticity, 5.0)?;
    up_to("churn.involuntary_per_renewal", c.involuntary_per_renewal, 1.0)?;

    per_segment("segments", &s.segments, s)?;
    for (segment, e) in &s.segments {
        let key = |k: &str| format!("segments.{segment}.{k}");
        up_to(&key("churn_multiplier"), e.churn_multiplier, 100.0)?;
        probability(&key("sales_led_share"), e.sales_led_share)?;
        probability(&key("sales_led_annual_share"), e.sales_led_annual_share)?;
        probability(&key("upgrade_monthly"), e.upgrade_monthly)?;
        probability(&key("downgrade_monthly"), e.downgrade_monthly)?;
    }

    let f = &s.fleet;
    up_to("fleet.sensors_per_location", f.sensors_per_location, 1_000.0)?;
    probability("fleet.sensor_add_monthly", f.sensor_add_monthly)?;
    probability("fleet.rma_monthly", f.rma_monthly)?;
    up_to("fleet.offline_episodes_monthly", f.offline_episodes_monthly, 100.0)?;
    positive_up_to("fleet.offline_hours_mean", f.offline_hours_mean, 720.0)?;
    probability("fleet.location_close_monthly", f.location_close_monthly)?;
    up_to("fleet.site_outages_yearly", f.site_outages_yearly, 12.0)?;
    positive_up_to("fleet.site_outage_days_mean", f.site_outage_days_mean, 365.0)?;
    whole_up_to("fleet.readings_days", f.readings_days as u64, 0, 31)?;
    if f.firmware.is_empty() {
        return Err(problem("fleet.firmware", "needs at least one release"));
    }
    for (i, pair) in f.firmware.windows(2).enumerate() {
        if pair[1].released <= pair[0].released {
            return Err(problem(&format!("fleet.firmware.{}.released", i + 1), "releases must be listed in date order"));
        }
    }

    let e = &s.events;
    // Rates bounded by what a device or a person can plausibly emit (a heartbeat a minute).
    for (k, v, hi) in [
        ("events.heartbeats_per_device_day", e.heartbeats_per_device_day, 1_440.0),
        ("events.alerts_per_device_month", e.alerts_per_device_month, 1_000.0),
        ("events.sessions_per_user_month", e.sessions_per_user_month, 1_000.0),
        ("events.screens_per_session", e.screens_per_session, 100.0),
        ("events.tracks_per_session", e.tracks_per_session, 100.0),
        ("events.feature_uses_per_user_month", e.feature_uses_per_user_month, 10_000.0),
    ] {
        up_to(k, v, hi)?;
    }
    positive_up_to("events.pages_per_session", e.pages_per_session, 100.0)?;
    probability("events.mobile_user_share", e.mobile_user_share)?;

    let d = &s.defects;
    for (k, v) in [
        ("defects.duplicate_event_rate", d.duplicate_event_rate),
        ("defects.late_arrival_rate", d.late_arrival_rate),
        ("defects.soft_delete_rate", d.soft_delete_rate),
        ("defects.null_rate", d.null_rate),
        ("defects.orphan_rate", d.orphan_rate),
    ] {
        probability(k, v)?;
    }

    up_to("marketing.extra_touches", s.marketing.extra_touches, 50.0)?;
    positive_up_to("marketing.journey_days", s.marketing.journey_days, 365.0)?;
    for (name, p) in [("google_ads", &s.marketing.google_ads), ("meta_ads", &s.marketing.meta_ads), ("linkedin_ads", &s.marketing.linkedin_ads)] {
        let key = |k: &str| format!("marketing.{name}.{k}");
        whole_up_to(&key("campaigns_per_year"), p.campaigns_per_year.into(), 1, 1_000)?;
        for (k, [lo, hi]) in [("ctr", p.ctr), ("click_to_signup", p.click_to_signup)] {
            if !(lo > 0.0 && lo <= hi && hi <= 1.0) {
                return Err(problem(&key(k), format!("[{lo}, {hi}] is not a range of rates: allowed is 0 < low ≤ high ≤ 1")));
            }
        }
        let [lo, hi] = p.cpc_cents;
        if !(lo > 0 && lo <= hi && hi <= 1_000_000) {
            return Err(problem(&key("cpc_cents"), format!("[{lo}, {hi}] is not a range of prices: allowed is 0 < low ≤ high ≤ 1000000")));
        }
        let [lo, hi] = p.reported_conversion_inflation;
        if !(lo >= 1.0 && lo <= hi && hi <= 100.0) {
            return Err(problem(&key("reported_conversion_inflation"), format!("[{lo}, {hi}]: platforms never report fewer conversions than happened; allowed is 1 ≤ low ≤ high ≤ 100")));
        }
    }

    for (i, shock) in s.shocks.iter().enumerate() {
        let at = |k: &str| format!("shocks.{i}.{k}");
        match shock {
            Shock::PriceIncrease { date, increase, tiers: affected } => {
                within_dates(&at("date"), *date, s)?;
                up_to(&at("increase"), *increase, 10.0)?;
                for t in affected {
                    if !tiers.contains(&t.as_str()) {
                        return Err(problem(&at("tiers"), format!("unknown tier `{t}`: allowed are {}", tiers.join(", "))));
                    }
                }
            }
            Shock::FirmwareOutage { date, device_sku, duration_days, offline_multiplier, .. } => {
                within_dates(&at("date"), *date, s)?;
                if catalog::by_sku(device_sku).is_none() {
                    let skus: Vec<&str> = catalog::MODELS.iter().map(|m| m.sku).collect();
                    return Err(problem(&at("device_sku"), format!("unknown device model `{device_sku}`: allowed are {}", skus.join(", "))));
                }
                whole_up_to(&at("duration_days"), (*duration_days).into(), 1, span_days as u64)?;
                positive_up_to(&at("offline_multiplier"), *offline_multiplier, 1_000.0)?;
            }
            Shock::Recession { start, end, acquisition_multiplier, churn_multiplier, payment_shift } => {
                within_dates(&at("start"), *start, s)?;
                if end < start {
                    return Err(problem(&at("end"), format!("{end} is before start ({start})")));
                }
                up_to(&at("acquisition_multiplier"), *acquisition_multiplier, 100.0)?;
                up_to(&at("churn_multiplier"), *churn_multiplier, 100.0)?;
                between(&at("payment_shift"), *payment_shift, -10.0, 10.0)?;
            }
            Shock::CompetitorLaunch { date, churn_multiplier, decay_months } => {
                within_dates(&at("date"), *date, s)?;
                up_to(&at("churn_multiplier"), *churn_multiplier, 100.0)?;
                whole_up_to(&at("decay_months"), (*decay_months).into(), 1, 1_200)?;
            }
            Shock::MarketingPush { start, end, acquisition_multiplier, channels } => {
                within_dates(&at("start"), *start, s)?;
                if end < start {
                    return Err(problem(&at("end"), format!("{end} is before start ({start})")));
                }
                up_to(&at("acquisition_multiplier"), *acquisition_multiplier, 100.0)?;
                for ch in channels {
                    if !CHANNELS.contains(&ch.as_str()) {
                        return Err(problem(&at("channels"), format!("unknown channel `{ch}`: allowed are {}", CHANNELS.join(", "))));
                    }
                }
            }
        }
    }
    Ok(())
}
