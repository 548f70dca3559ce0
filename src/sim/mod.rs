//! The simulation: scenario → census → each account's life → the rows it emits.
//!
//! Nothing here touches files. `simulate_chunk` fills the builders of `tables` for a run of
//! consecutive accounts; every draw comes from a stream keyed by the entity it concerns, so a
//! chunk's rows do not depend on which thread runs it or on any other chunk.

mod accounts;
mod addresses;
pub mod billing;
pub mod census;
mod defects;
mod dist;
pub mod firms;
mod fleet;
pub mod gtm;
pub mod ids;
pub mod hubspot;
pub mod iterable;
pub mod life;
pub mod marketing;
pub mod money;
pub mod people;
pub mod readings;
pub mod rhythm;
pub mod sync;
pub mod time;
mod truth;
pub mod vitals;
mod weighted;

use crate::scenario::{Scenario, Shock};
use crate::tables::{DeviceModelRow, DeviceModels, FinanceFxRates, StripeCoupons, StripePrices, StripeProducts, StripeTaxRates, TableSpec, Tables};
use arrow::record_batch::RecordBatch;
use crate::world::catalog;
use census::Census;
use time::Months;
use weighted::Weighted;

/// Everything a chunk needs to know about the world, computed once per run.
pub struct Context<'a> {
    pub scenario: &'a Scenario,
    pub seed: u64,
    pub months: Months,
    pub census: &'a Census,
    pub industries: Weighted,
    pub countries: Weighted,
    pub intervals: Weighted,
    pub plans_by_segment: Vec<Weighted>,
    /// Tier names, cheapest first.
    pub tiers: Vec<String>,
    /// Firmware releases (time, version), in order.
    pub releases: Vec<(i64, String)>,
    /// (broken firmware, the hotfix that replaces it) for each firmware outage.
    pub hotfixes: Vec<(String, String)>,
    /// When the connectors last synced: the end of the simulated period.
    pub synced_at: i64,
    /// Currencies, planning and market rates.
    pub money: money::Money,
    /// Stripe's products and prices.
    pub catalog: billing::catalog::Catalog,
    /// Every ad campaign of the run.
    pub campaigns: Vec<marketing::Campaign>,
    /// The month starts the vital signs look at (see `vitals`).
    pub vitals_window: Vec<i64>,
    /// The mobile app's releases (time, version), in order.
    pub app_releases: Vec<(i64, String)>,
    /// The window `iot.sensor_readings` covers: `fleet.readings_days` days up to the end (or
    /// up to `fleet.readings_end`).
    pub readings_from: i64,
    pub readings_to: i64,
    /// Who each account is (index: account id − 1) and each HubSpot lead (see `firms`).
    /// Who each kept account is, and each HubSpot lead (see `firms`).
    pub firms: firms::Firms,
}

impl<'a> Context<'a> {
    /// The context of a whole run: every account and lead.
    pub fn new(scenario: &'a Scenario, seed: u64, census: &'a Census) -> Self {
        Self::for_accounts(scenario, seed, census, 0..census.entries.len(), true)
    }

    /// The context of a run that simulates only the accounts at `accounts` (census indices) —
    /// a shard — and the company-wide tables only if `company_tables`. Without the company-wide
    /// tables it keeps only those accounts' identities, not the whole company's and the leads'.
    pub fn for_accounts(scenario: &'a Scenario, seed: u64, census: &'a Census, accounts: std::ops::Range<usize>, company_tables: bool) -> Self {
        let mut tiers: Vec<(i64, String)> = scenario
            .plans
            .tiers
            .iter()
            .map(|(name, t)| (t.per_location_cents + 4 * t.per_device_cents, name.clone()))
            .collect();
        tiers.sort();
        let plans_by_segment = census
            .segments
            .names
            .iter()
            .map(|seg| Weighted::new(&scenario.mix.plan[seg]))
            .collect();
        let months = Months::new(*scenario.dates.start, *scenario.dates.end);
        let synced_at = synced_at(&months);
        let tiers: Vec<String> = tiers.into_iter().map(|(_, n)| n).collect();
        let money = money::Money::new(scenario, seed, months.start, months.end);
        let catalog = billing::catalog::Catalog::new(scenario, seed, &tiers, months.start, &money);
        let industries = Weighted::new(&scenario.mix.industry);
        let countries = Weighted::new(&scenario.mix.country);
        let readings_to = scenario.fleet.readings_end.map_or(months.end, |d| (time::micros(*d) + time::DAY).min(months.end));
        // The company-wide tables (ad stats, CRM leads) draw on every account's identity.
        let keep = if company_tables { 0..census.entries.len() } else { accounts };
        let firms = firms::identities(seed, &countries, &industries, census.entries.len(), hubspot::lead_count(census.entries.len()), keep, company_tables);
        Context {
            scenario,
            seed,
            census,
            industries,
            countries,
            firms,
            intervals: Weighted::new(&scenario.mix.billing_interval),
            plans_by_segment,
            tiers,
            catalog,
            money,
            campaigns: marketing::campaigns(scenario, seed, months.start, months.end),
            releases: scenario.fleet.firmware.iter().map(|r| (time::micros(*r.released), r.version.clone())).collect(),
            hotfixes: scenario
                .shocks
                .iter()
                .filter_map(|s| match s {
                    Shock::FirmwareOutage { firmware_version, .. } => {
                        Some((firmware_version.clone(), format!("{firmware_version}-hotfix.1")))
                    }
                    _ => None,
                })
                .collect(),
            vitals_window: vitals::month_starts(&months),
            app_releases: app_releases(seed, months.start, months.end),
            readings_to,
            readings_from: (readings_to - scenario.fleet.readings_days as i64 * time::DAY).max(months.start),
            months,
            synced_at,
        }
    }

    pub fn tier_index(&self, name: &str) -> usize {
        self.tiers.iter().position(|t| t == name).unwrap_or(0)
    }

    /// The mobile app version a phone that updates at once runs at `t`.
    pub fn app_version_at(&self, t: i64) -> &str {
        let i = self.app_releases.partition_point(|(at, _)| *at <= t);
        &self.app_releases[i.saturating_sub(1)].1
    }

    /// The version that replaces a broken firmware release.
    pub fn hotfix_version(&self, broken: &str) -> &str {
        self.hotfixes.iter().find(|(b, _)| b == broken).map(|(_, h)| h.as_str()).unwrap_or("")
    }

    /// List price of a tier at `t`, relative to its original list price.
    pub fn price_level(&self, tier: usize, t: i64) -> f64 {
        let name = &self.tiers[tier];
        let mut level = 1.0;
        for shock in &self.scenario.shocks {
            if let Shock::PriceIncrease { date, increase, tiers } = shock {
                if time::micros(**date) <= t && (tiers.is_empty() || tiers.contains(name)) {
                    level *= 1.0 + increase;
                }
            }
        }
        level
    }
}

/// Simulate accounts `range` (indices into the census) into `out`, adding them to `vitals`.
pub fn simulate_chunk(ctx: &Context, range: std::ops::Range<usize>, out: &mut Tables, vitals: &mut vitals::Tally) {
    for entry in &ctx.census.entries[range] {
        let mut life = life::simulate(ctx, entry);
        let fleet = fleet::simulate(ctx, &life, out);
        if let Some(at) = fleet.last_location_closed_at() {
            life::close_business(ctx, &mut life, at);
        }
        accounts::write(ctx, &life, out);
        let roster = people::roster(ctx, &life);
        let billing_email = people::simulate(ctx, &life, &roster, out);
        let first_touch = marketing::write_journey(ctx, entry, &people::anonymous_id(ctx, entry.first_user_id), out);
        let deal = hubspot::deal_id(ctx, entry);
        let billing = billing::simulate(ctx, &ctx.catalog, &life, &fleet, &billing_email, deal, out);
        hubspot::simulate(ctx, &life, &roster, first_touch, out);
        iterable::simulate(ctx, &life, &roster, &billing.failed_charges, out);
        truth::record(ctx, &life, &fleet, out);
        vitals.observe(ctx, &life, |t| billing.mrr_at(t));
    }
}

/// The rows that belong to the whole company rather than to one account — the device and
/// When the connectors last synced: two hours after the simulated period ends.
pub fn synced_at(months: &Months) -> i64 {
    months.end + 2 * time::HOUR
}

/// Stripe catalogs, ad campaigns and their daily stats, HubSpot's owners, pipeline and leads,
/// Iterable's campaigns and lists — written before any account's rows.
pub fn global_tables(ctx: &Context) -> Vec<(TableSpec, RecordBatch)> {
    let mut models = device_models(ctx.seed, ctx.synced_at);
    let (mut products, mut prices, mut coupons) = billing::catalog_tables(ctx, &ctx.catalog);
    let mut tax_rates = billing::tax_rate_rows(ctx);
    let mut fx_rates = money::fx_rate_rows(ctx);
    let mut out = vec![
        (DeviceModels::SPEC, models.finish()),
        (StripeProducts::SPEC, products.finish()),
        (StripePrices::SPEC, prices.finish()),
        (StripeTaxRates::SPEC, tax_rates.finish()),
        (StripeCoupons::SPEC, coupons.finish()),
        (FinanceFxRates::SPEC, fx_rates.finish()),
    ];
    out.extend(marketing::write_ad_tables(ctx));
    out.extend(hubspot::global_tables(ctx));
    out.extend(iterable::global_tables(ctx));
    out
}

/// The mobile app's release history: a release every two to seven weeks from a quarter before
/// the data starts, minor versions with patch releases between them, a new major each ten minors.
fn app_releases(seed: u64, start: i64, end: i64) -> Vec<(i64, String)> {
    let mut rng = crate::rng::stream(seed, crate::rng::Kind::Scenario, 0, "app-releases");
    let (mut major, mut minor, mut patch) = (2, 4, 0);
    let mut at = start - 90 * time::DAY;
    let mut out = vec![(at, format!("{major}.{minor}.{patch}"))];
    while at < end {
        at += rand::RngExt::random_range(&mut rng, 14..50) * time::DAY + rand::RngExt::random_range(&mut rng, 0..time::DAY);
        if rand::RngExt::random::<f64>(&mut rng) < 0.3 {
            patch += 1;
        } else if minor == 9 {
            (major, minor, patch) = (major + 1, 0, 0);
        } else {
            (minor, patch) = (minor + 1, 0);
        }
        out.push((at, format!("{major}.{minor}.{patch}")));
    }
    out
}

/// The device catalog as the app's `device_models` table.
fn device_models(seed: u64, synced_at: i64) -> DeviceModels {
    let mut t = DeviceModels::default();
    for m in catalog::MODELS {
        t.push(DeviceModelRow {
            id: m.id,
            sku: m.sku,
            name: m.name,
            kind: m.kind,
            hardware_rev: m.hardware_rev,
            stripe_product_id: &ids::stripe_product_id(seed, m.id),
            list_price_cents: m.list_price_cents,
            metric: m.metric,
            reporting_interval_s: m.interval_minutes * 60,
            alert_threshold: m.threshold,
            alert_direction: if m.alert_below { "below" } else { "above" },
            battery_powered: m.battery,
            _fivetran_deleted: false,
            _fivetran_synced: synced_at,
        });
    }
    t
}
