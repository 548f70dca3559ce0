//! The simulation: scenario → census → each account's life → the rows it emits.
//!
//! Nothing here touches files. `simulate_chunk` fills the builders of `tables` for a run of
//! consecutive accounts; every draw comes from a stream keyed by the entity it concerns, so a
//! chunk's rows do not depend on which thread runs it or on any other chunk.

mod accounts;
pub mod billing;
pub mod census;
mod defects;
mod dist;
mod fakes;
mod fleet;
pub mod gtm;
pub mod ids;
pub mod hubspot;
pub mod iterable;
pub mod life;
pub mod marketing;
pub mod people;
pub mod time;
mod truth;
pub mod vitals;
mod weighted;

use crate::scenario::{Scenario, Shock};
use crate::tables::{DeviceModelRow, DeviceModels, StripeCoupons, StripePrices, StripeProducts, TableSpec, Tables};
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
    /// Stripe's products and prices.
    pub catalog: billing::catalog::Catalog,
    /// Every ad campaign of the run.
    pub campaigns: Vec<marketing::Campaign>,
    /// The month starts the vital signs look at (see `vitals`).
    pub vitals_window: Vec<i64>,
}

impl<'a> Context<'a> {
    pub fn new(scenario: &'a Scenario, seed: u64, census: &'a Census) -> Self {
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
        let synced_at = months.end + 2 * time::HOUR;
        let tiers: Vec<String> = tiers.into_iter().map(|(_, n)| n).collect();
        let catalog = billing::catalog::Catalog::new(scenario, seed, &tiers, months.start);
        Context {
            scenario,
            seed,
            census,
            industries: Weighted::new(&scenario.mix.industry),
            countries: Weighted::new(&scenario.mix.country),
            intervals: Weighted::new(&scenario.mix.billing_interval),
            plans_by_segment,
            tiers,
            catalog,
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
            months,
            synced_at,
        }
    }

    pub fn tier_index(&self, name: &str) -> usize {
        self.tiers.iter().position(|t| t == name).unwrap_or(0)
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
        let billing_email = people::simulate(ctx, &life, out);
        let first_touch = marketing::write_journey(ctx, entry, &people::anonymous_id(ctx, entry.first_user_id), out);
        let deal = hubspot::deal_id(ctx, entry);
        let billing = billing::simulate(ctx, &ctx.catalog, &life, &fleet, &billing_email, deal, out);
        hubspot::simulate(ctx, &life, first_touch, billing.first_mrr_cents, out);
        iterable::simulate(ctx, &life, &billing.failed_charges, out);
        truth::record(ctx, &life, &fleet, out);
        vitals.observe(ctx, &life, |t| billing.mrr_at(t));
    }
}

/// The rows that belong to the whole company rather than to one account — the device and
/// Stripe catalogs, ad campaigns and their daily stats, HubSpot's owners, pipeline and leads,
/// Iterable's campaigns and lists — written before any account's rows.
pub fn global_tables(ctx: &Context) -> Vec<(TableSpec, RecordBatch)> {
    let mut models = device_models(ctx.seed, ctx.synced_at);
    let (mut products, mut prices, mut coupons) = billing::catalog_tables(ctx, &ctx.catalog);
    let mut out = vec![
        (DeviceModels::SPEC, models.finish()),
        (StripeProducts::SPEC, products.finish()),
        (StripePrices::SPEC, prices.finish()),
        (StripeCoupons::SPEC, coupons.finish()),
    ];
    out.extend(marketing::write_ad_tables(ctx));
    out.extend(hubspot::global_tables(ctx));
    out.extend(iterable::global_tables(ctx));
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
            _fivetran_deleted: false,
            _fivetran_synced: synced_at,
        });
    }
    t
}
