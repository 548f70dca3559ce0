//! What saaslab sells, as Stripe holds it: a product per plan tier with licensed prices per
//! location and per device for each billing interval, re-issued at every list-price increase;
//! and a product per device model (hardware, one-off price).
//!
//! Unit amounts are chosen so that MRR per unit is a whole number of cents: quarterly is three
//! monthly amounts, annual twelve discounted monthly amounts.

use super::super::ids::stripe_id;
use super::super::time::{micros, DAY};
use crate::rng::Kind;
use crate::scenario::{Scenario, Shock};

/// The two things a plan charges for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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
}

const INTERVALS: [(&str, u32); 3] = [("monthly", 1), ("quarterly", 3), ("annual", 12)];

impl Catalog {
    /// `tiers` cheapest first; `start` is when the simulation begins (prices exist before it).
    pub fn new(s: &Scenario, seed: u64, tiers: &[String], start: i64) -> Self {
        let mut products = Vec::new();
        let mut prices = Vec::new();
        let mut generations = Vec::new();
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
                    let monthly = (base as f64 * level).round() as i64;
                    for (i, (interval, months)) in INTERVALS.iter().enumerate() {
                        let monthly_amount = if *months == 12 {
                            (monthly as f64 * (1.0 - tier.annual_discount)).round() as i64
                        } else {
                            monthly
                        };
                        let key = ((t * 100 + g) * 10 + unit as usize) * 10 + i;
                        prices.push(Price {
                            id: stripe_id("price", seed, Kind::Scenario, key as u64, "price"),
                            product_id: products[t].clone(),
                            tier: t,
                            unit,
                            interval,
                            interval_months: *months,
                            generation: g,
                            unit_amount: monthly_amount * *months as i64,
                            monthly_amount,
                            created: if *from == i64::MIN { start - 30 * DAY } else { *from },
                            active: g == last,
                        });
                    }
                }
            }
            generations.push(gens);
        }
        Catalog { products, prices, generations }
    }

    /// The list-price generation of a tier in force at `t`.
    pub fn generation_at(&self, tier: usize, t: i64) -> usize {
        self.generations[tier].iter().rposition(|(from, _)| *from <= t).unwrap_or(0)
    }

    pub fn price(&self, tier: usize, unit: Unit, interval: &str, generation: usize) -> &Price {
        self.prices
            .iter()
            .find(|p| p.tier == tier && p.unit == unit && p.interval == interval && p.generation == generation)
            .expect("every tier, unit, interval and generation has a price")
    }
}
