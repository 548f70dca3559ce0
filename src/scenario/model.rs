//! The scenario format: every parameter of the simulated world, as TOML.
//!
//! Unknown keys are rejected everywhere (`deny_unknown_fields`), so a typo never silently
//! falls back to a default. Weights (`*_mix`) are relative: they need not sum to one.

pub use super::day::Day;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// Set by the loader from the chain of `extends`; not part of a resolved scenario.
    #[serde(default, skip_serializing)]
    pub extends: Option<String>,
    pub dates: Dates,
    pub counts: Counts,
    pub mix: Mix,
    pub plans: Plans,
    pub growth: Growth,
    pub latent: Latent,
    pub churn: Churn,
    /// How each customer segment buys, grows and leaves.
    pub segments: BTreeMap<String, SegmentEconomics>,
    pub fleet: Fleet,
    pub events: Events,
    pub defects: Defects,
    pub marketing: Marketing,
    pub money: Money,
    #[serde(default)]
    pub shocks: Vec<Shock>,
}

/// Money by country: the currencies the company prices in besides US dollars, the rates finance
/// reports them at, how often customers abroad give a tax id, and how market rates move.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Lower-case ISO 4217 codes of the currencies priced locally. A country whose currency is
    /// not listed pays in US dollars.
    pub currencies: BTreeMap<String, LocalCurrency>,
    /// Per segment: share of customers outside the US that give a VAT / GST number, so that
    /// their invoices carry no tax (reverse charge).
    pub tax_id_share: BTreeMap<String, f64>,
    /// Day-to-day standard deviation of a market exchange rate around its planning rate (a
    /// mean-reverting walk; 0.004 is about what EUR/USD does).
    pub fx_daily_volatility: f64,
    /// The currency of LinkedIn's second (EMEA) ad account and the share of campaigns it runs.
    pub linkedin_emea_currency: String,
    pub linkedin_emea_share: f64,
    /// Share of successful charges partly refunded for reasons of their own (a goodwill
    /// credit, a duplicate charge), besides the refunds plan changes make. (Defaults keep
    /// manifests written before these were settings readable: they are the values used then.)
    #[serde(default = "default_refund_rate")]
    pub refund_rate: f64,
    /// Share of refunds that fail (the card was closed in the meantime: the money goes back
    /// to the balance and the refund row says `failed`).
    #[serde(default = "default_refund_failure_rate")]
    pub refund_failure_rate: f64,
}

fn default_site_outage_days_mean() -> f64 {
    20.0
}

fn default_refund_rate() -> f64 {
    0.004
}

fn default_refund_failure_rate() -> f64 {
    0.05
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LocalCurrency {
    /// US dollars per unit at which finance reports (constant-currency planning rate).
    pub usd_per_unit: f64,
    /// Local list price ≈ US list price × this, rounded to a price point (…4 or …9 from 20
    /// units up, half units below).
    pub price_factor: f64,
}

/// Paid marketing: how each ad platform runs campaigns and what its clicks cost. Ranges are
/// [low, high]; each campaign draws its own value in the range.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Marketing {
    /// Mean touches before signup beyond the first (organic visits, retargeting, email …).
    pub extra_touches: f64,
    /// Mean days from an account's first touch to its signup.
    pub journey_days: f64,
    pub google_ads: AdPlatform,
    pub meta_ads: AdPlatform,
    pub linkedin_ads: AdPlatform,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdPlatform {
    /// Campaigns started per year.
    pub campaigns_per_year: u32,
    /// Click-through rate (clicks / impressions).
    pub ctr: [f64; 2],
    /// Cost per click, in cents.
    pub cpc_cents: [i64; 2],
    /// Share of clicks whose visitor goes on to sign up.
    pub click_to_signup: [f64; 2],
    /// How many platform-reported conversions per true signup (view-through, overlap).
    pub reported_conversion_inflation: [f64; 2],
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    pub start: Day,
    /// The last simulated day, and the "as of" date of trailing metrics.
    pub end: Day,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub customers: u64,
    pub locations: u64,
}

/// Relative weights of categorical attributes of new accounts.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Mix {
    pub segment: BTreeMap<String, f64>,
    pub industry: BTreeMap<String, f64>,
    pub country: BTreeMap<String, f64>,
    pub channel: BTreeMap<String, f64>,
    pub billing_interval: BTreeMap<String, f64>,
    /// Plan weights per segment: `[mix.plan.smb] starter = 0.7 …`.
    pub plan: BTreeMap<String, BTreeMap<String, f64>>,
    /// Mean extra locations per account beyond the first, per segment (heavy-tailed).
    pub extra_locations: BTreeMap<String, f64>,
    /// Mean users per location, per segment.
    pub users_per_location: BTreeMap<String, f64>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Plans {
    /// Days of free trial for accounts that start with one.
    pub trial_days: u32,
    /// Share of new accounts that start on a trial.
    pub trial_share: f64,
    pub tiers: BTreeMap<String, PlanTier>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PlanTier {
    /// List price per location per month, in cents.
    pub per_location_cents: i64,
    /// List price per billable device per month, in cents.
    pub per_device_cents: i64,
    /// Discount for paying a year up front (0.15 = 15 % off twelve months).
    pub annual_discount: f64,
    /// Premium features the tier unlocks (feature_usage only records these).
    pub features: Vec<String>,
}

/// The arrival curve of new accounts: a trend with weekly and yearly seasonality.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Growth {
    /// Year-over-year growth of the arrival rate (0.35 = 35 % more signups each year).
    pub annual_growth: f64,
    /// Relative arrival rate Monday … Sunday.
    pub weekday_weights: [f64; 7],
    /// Amplitude of the yearly cycle (0.2 = ±20 %).
    pub yearly_amplitude: f64,
    /// Month (1–12) when the yearly cycle peaks.
    pub yearly_peak_month: u32,
}

/// One latent propensity: it lives on the logit scale as a mean-reverting random walk.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LatentDimension {
    /// Mean of the starting value, on the 0–1 scale.
    pub mean: f64,
    /// Spread of starting values between accounts (logit scale).
    pub spread: f64,
    /// Month-to-month persistence of deviations (0 = none, 1 = a pure random walk).
    pub persistence: f64,
    /// Month-to-month noise (logit scale).
    pub volatility: f64,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Latent {
    pub engagement: LatentDimension,
    pub device_health: LatentDimension,
    pub payment_reliability: LatentDimension,
    pub price_sensitivity: LatentDimension,
}

/// The monthly churn hazard: logit(h) = base + Σ weight × (0.5 − propensity) + shocks.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Churn {
    /// Monthly churn probability of an account at average propensities.
    pub base_monthly_hazard: f64,
    pub engagement_weight: f64,
    pub device_health_weight: f64,
    pub payment_weight: f64,
    /// How much a price change at renewal raises the hazard, per unit of price sensitivity
    /// and per unit of relative price increase.
    pub price_weight: f64,
    /// Hazard multiplier in the first months (new accounts churn more).
    pub early_tenure_multiplier: f64,
    pub early_tenure_months: u32,
    /// Probability that a trial converts, at engagement 0 and at engagement 1.
    pub trial_conversion_low: f64,
    pub trial_conversion_high: f64,
    /// Monthly probability that a churned account comes back, for `reactivation_window_months`.
    pub reactivation_monthly: f64,
    pub reactivation_window_months: u32,
    /// Accounts disengage before they cancel: over this many days before a cancellation their
    /// users' product use fades linearly to nothing (0 = no warning signs).
    pub wind_down_days: u32,
    /// Bigger accounts are stickier: the hazard is multiplied by locations^(−size_elasticity),
    /// so revenue churns more slowly than logos.
    pub size_elasticity: f64,
    /// Involuntary churn: the chance that a renewal's charges fail for good (every retry
    /// declined, `past_due` → `unpaid` → canceled with reason `payment_failure`), per unit of
    /// (1 − payment reliability).
    pub involuntary_per_renewal: f64,
}

/// A segment's economics. The latent propensities still drive each account; these set the
/// segment's levels (see the README's calibration table).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentEconomics {
    /// Multiplies the monthly (voluntary) churn hazard of the segment's accounts.
    pub churn_multiplier: f64,
    /// Share of accounts that arrive through a sales deal — a HubSpot deal, no self-serve trial.
    /// Accounts from outbound sales are always sales-led.
    pub sales_led_share: f64,
    /// Share of sales-led accounts that sign an annual contract; the rest follow
    /// `mix.billing_interval`, as self-serve accounts do.
    pub sales_led_annual_share: f64,
    /// Monthly chance of moving up a plan tier at full engagement (it scales with engagement²).
    pub upgrade_monthly: f64,
    /// Monthly chance of moving down a tier at full price sensitivity.
    pub downgrade_monthly: f64,
}

/// The installed base: devices per location and how they behave.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fleet {
    /// Mean sensors per location (each location also has one gateway).
    pub sensors_per_location: f64,
    /// Monthly probability that a location adds a sensor while the account is active.
    pub sensor_add_monthly: f64,
    /// Monthly probability that a device fails and is sent back (RMA), at device health 0.5.
    pub rma_monthly: f64,
    /// Mean offline episodes per device per month, at device health 0.5.
    pub offline_episodes_monthly: f64,
    /// Mean length of an offline episode, in hours.
    pub offline_hours_mean: f64,
    /// Monthly probability that a location closes while the account is active.
    pub location_close_monthly: f64,
    /// Site outages per location and year: the gateway unplugged or the site's internet cut
    /// (a renovation, a seasonal closure), so that no device there reports until it is back.
    /// (Defaults keep manifests written before this was a setting readable: none then.)
    #[serde(default)]
    pub site_outages_yearly: f64,
    /// Mean length of a site outage, in days (exponentially distributed).
    #[serde(default = "default_site_outage_days_mean")]
    pub site_outage_days_mean: f64,
    /// Days at the end of the dataset for which `iot.sensor_readings` holds every reading at
    /// each model's reporting interval (0 writes none). Each day adds about 6 million rows
    /// on the default dataset.
    pub readings_days: u32,
    /// The last day the readings window covers (it ends at midnight after it), if not the
    /// dataset's last day: a scenario can look at the readings around its own shock. A date
    /// after the dataset's end is the end; one before its start writes no readings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readings_end: Option<Day>,
    /// Firmware releases: version and release date; devices update some days later.
    pub firmware: Vec<FirmwareRelease>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FirmwareRelease {
    pub version: String,
    pub released: Day,
}

/// Event rates: the volume knobs of the dataset.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Events {
    /// Heartbeats per online device per day.
    pub heartbeats_per_device_day: f64,
    /// Alerts per device per month at device health 0.5 (more when health is low).
    pub alerts_per_device_month: f64,
    /// Web sessions per user per month at engagement 1.
    pub sessions_per_user_month: f64,
    /// Mean page views per web session.
    pub pages_per_session: f64,
    /// Share of users who also use the mobile app, and screens per app session.
    pub mobile_user_share: f64,
    pub screens_per_session: f64,
    /// Tracked actions per session.
    pub tracks_per_session: f64,
    /// Premium feature uses per user per month at engagement 1.
    pub feature_uses_per_user_month: f64,
}

/// Rates of injected data-quality defects (each listed in `truth/defects`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defects {
    /// Share of device events and Segment messages delivered twice with the same id.
    pub duplicate_event_rate: f64,
    /// Share of events whose `received_at` is hours to days after the event.
    pub late_arrival_rate: f64,
    /// Share of app rows soft-deleted by the connector (`_fivetran_deleted = true`).
    pub soft_delete_rate: f64,
    /// Share of rows with a NULL where a connector can send one.
    pub null_rate: f64,
    /// Share of events pointing at a device or user that does not exist.
    pub orphan_rate: f64,
}

/// A dated event in the world that changes what follows it.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Shock {
    /// List prices rise; existing subscribers keep theirs until their next renewal.
    PriceIncrease {
        date: Day,
        /// Relative increase (0.2 = +20 %).
        increase: f64,
        /// Tiers affected (all when empty).
        #[serde(default)]
        tiers: Vec<String>,
    },
    /// A firmware release that makes one device model drop offline until a fix ships.
    FirmwareOutage {
        date: Day,
        device_sku: String,
        firmware_version: String,
        duration_days: u32,
        /// Multiplier of offline episodes on affected devices while the bug lasts.
        offline_multiplier: f64,
    },
    /// Fewer signups, more churn and more failed payments for a while.
    Recession {
        start: Day,
        end: Day,
        acquisition_multiplier: f64,
        churn_multiplier: f64,
        /// Drop of payment reliability (logit scale) during the recession.
        payment_shift: f64,
    },
    /// A competitor launches: churn rises, decaying over the following months.
    CompetitorLaunch {
        date: Day,
        churn_multiplier: f64,
        decay_months: u32,
    },
    /// More marketing spend: signups rise in the window, tilted to the pushed channels.
    MarketingPush {
        start: Day,
        end: Day,
        acquisition_multiplier: f64,
        #[serde(default)]
        channels: Vec<String>,
    },
}
