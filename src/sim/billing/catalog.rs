//! What saaslab sells, as Stripe holds it: a product per plan tier with licensed prices per
//! location and per device for each billing interval, re-issued at every list-price increase;
//! and a product per device model (hardware, one-off price).
//!
//! Each price exists in US dollars and in every currency the company prices locally (see
//! `sim::money`): a local list price is a price point near the dollar price × the currency's
//! price factor, not a daily conversion, as companies that price locally do.
//!
//! Unit amounts are chosen so that MRR per unit is a whole number of cents: quarterly is three
//! monthly amounts, annual twelve discounted monthly amounts.

use super::super::ids::stripe_id;
use super::super::time::{micros, DAY};
use crate::rng::Kind;
use crate::scenario::{Scenario, Shock};
use crate::sim::money::Money;
use std::collections::HashMap;

/// The two things a plan charges for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Location = 0,
    Device = 1,
}

pub const UNITS: [Unit; 2] = [Unit::Location, Unit::Device];

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Location => "location",
            Unit::Device => "device",
        }
    }
}

/// One recurring price: a tier, a unit, an interval and a list-price generation.
#[derive(Clone, Debug)]
pub struct Price {
    pub id: String,
    pub product_id: String,
    pub tier: usize,
    pub unit: Unit,
    pub interval: &'static str,
    pub interval_months: u32,
    pub generation: usize,
    /// Index into `Money::currencies`.
    pub currency: usize,
    pub unit_amount: i64,
    /// `unit_amount / interval_months`, exact by construction.
    pub monthly_amount: i64,
    pub created: i64,
    pub active: bool,
}

/// The plan products and every price ever listed.
pub struct Catalog {
    /// Per tier: product id.
    pub products: Vec<String>,
    pub prices: Vec<Price>,
    /// Per tier: times at which a new generation of list prices starts (generation 0 at -∞).
    generations: Vec<Vec<(i64, f64)>>,
    /// (tier, unit, interval index, generation, currency) → index into `prices`.
    index: HashMap<(usize, Unit, usize, usize, usize), usize>,
}

const INTERVALS: [(&str, u32); 3] = [("monthly", 1), ("quarterly", 3), ("annual", 12)];

impl Catalog {
    /// `tiers` cheapest first; `start` is when the simulation begins (prices exist before it).
    pub fn new(s: &Scenario, seed: u64, tiers: &[String], start: i64, money: &Money) -> Self {
        let mut products = Vec::new();
        let mut prices = Vec::new();
        let mut generations = Vec::new();
        let mut index = HashMap::new();
        for (t, name) in tiers.iter().enumerate() {
            let tier = &s.plans.tiers[name];
            products.push(stripe_id("prod", seed, Kind::Scenario, t as u64, "plan_product"));
            // Generation 0 from the start; one more at each price increase touching this tier.
            let mut gens = vec![(i64::MIN, 1.0)];
            let mut level = 1.0;
            let mut increases: Vec<(i64, f64)> = s
                .shocks
                .iter()
                .filter_map(|sh| match sh {
                    Shock::PriceIncrease { date, increase, tiers } if tiers.is_empty() || tiers.contains(name) => {
                        Some((micros(**date), *increase))
                    }
                    _ => None,
                })
                .collect();
            increases.sort_by(|a, b| a.0.cmp(&b.0));
            for (at, increase) in increases {
                level *= 1.0 + increase;
                gens.push((at, level));
            }
            let last = gens.len() - 1;
            for (g, (from, level)) in gens.iter().enumerate() {
                for unit in UNITS {
                    let base = match unit {
                        Unit::Location => tier.per_location_cents,
                        Unit::Device => tier.per_device_cents,
                    };
                    let usd_monthly = (base as f64 * level).round() as i64;
                    for currency in 0..money.currencies.len() {
                        let monthly = money.local_price(currency, usd_monthly);
                        for (i, (interval, months)) in INTERVALS.iter().enumerate() {
                            let monthly_amount = if *months == 12 {
                                (monthly as f64 * (1.0 - tier.annual_discount)).round() as i64
                            } else {
                                monthly
                            };
                            // Dollar prices keep the ids they had before local pricing.
                            let key = ((((t * 100 + g) * 10 + unit as usize) * 10 + i) as u64) | (currency as u64) << 40;
                            index.insert((t, unit, i, g, currency), prices.len());
                            prices.push(Price {
                                id: stripe_id("price", seed, Kind::Scenario, key, "price"),
                                product_id: products[t].clone(),
                                tier: t,
                                unit,
                                interval,
                                interval_months: *months,
                                generation: g,
                                currency,
                                unit_amount: monthly_amount * *months as i64,
                                monthly_amount,
                                created: if *from == i64::MIN { start - 30 * DAY } else { *from },
                                active: g == last,
                            });
                        }
                    }
                }
            }
            generations.push(gens);
        }
        Catalog { products, prices, generations, index }
    }

    /// The list-price generation of a tier in force at `t`.
    pub fn generation_at(&self, tier: usize, t: i64) -> usize {
        self.generations[tier].iter().rposition(|(from, _)| *from <= t).unwrap_or(0)
    }

    pub fn price(&self, tier: usize, unit: Unit, interval: &str, generation: usize, currency: usize) -> &Price {
        let i = INTERVALS.iter().position(|(name, _)| *name == interval).unwrap_or(0);
        &self.prices[self.index[&(tier, unit, i, generation, currency)]]
    }
}
