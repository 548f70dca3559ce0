//! Currencies: which one each account pays in, its local list prices, the planning rates
//! finance reports MRR at, and the market rates Stripe converts charges at.
//!
//! Index 0 is always US dollars (the company's own and the reporting currency); the scenario's
//! `[money.currencies]` follow in code order. Rates are held as micro-dollars per unit, so that
//! conversions are integer arithmetic with one rounding, the same one SQL's `round` makes on a
//! `decimal(18, 6)` rate: the pipeline's converted MRR equals the truth to the cent.

use super::dist::{exp, pow, standard_normal};
use super::time::DAY;
use crate::rng::{stream, Kind};
use crate::scenario::Scenario;
use crate::world::countries::Country;
use crate::world::taxes::round_div;

/// Stripe's currency conversion fee, taken in the rate it converts at.
const CONVERSION_FEE: f64 = 0.01;
/// Days a market rate takes to forget half of a swing (mean reversion of the walk).
const HALF_LIFE_DAYS: f64 = 70.0;
/// Days of market rates kept before the start and after the end of the simulated dates.
const MARGIN_DAYS: i64 = 60;

pub struct Currency {
    pub code: String,
    /// Finance's planning rate: micro-dollars per unit.
    pub planning_micros: i64,
    pub price_factor: f64,
    /// Market rate of each day from `Money::first_day`, micro-dollars per unit.
    market: Vec<i64>,
}

pub struct Money {
    pub currencies: Vec<Currency>,
    first_day: i64,
}

pub const USD: usize = 0;

impl Money {
    pub fn new(s: &Scenario, seed: u64, start: i64, end: i64) -> Self {
        let first_day = start.div_euclid(DAY) - MARGIN_DAYS;
        let days = (end.div_euclid(DAY) + MARGIN_DAYS - first_day + 1) as usize;
        let mut currencies = vec![Currency { code: "usd".into(), planning_micros: 1_000_000, price_factor: 1.0, market: vec![1_000_000; days] }];
        let theta = 1.0 - pow(0.5, 1.0 / HALF_LIFE_DAYS);
        for (code, c) in &s.money.currencies {
            let planning_micros = (c.usd_per_unit * 1e6).round() as i64;
            // A mean-reverting walk of the log rate around the planning rate, started from its
            // long-run spread so the first days are not pinned to the plan.
            let sigma = s.money.fx_daily_volatility;
            let mut rng = stream(seed, Kind::Scenario, currencies.len() as u64, "fx_market");
            let mut x = standard_normal(&mut rng) * sigma / (2.0 * theta).sqrt();
            let market = (0..days)
                .map(|_| {
                    x = (1.0 - theta) * x + sigma * standard_normal(&mut rng);
                    ((planning_micros as f64) * exp(x)).round().max(1.0) as i64
                })
                .collect();
            currencies.push(Currency { code: code.clone(), planning_micros, price_factor: c.price_factor, market });
        }
        Money { currencies, first_day }
    }

    /// The currency an account in `country` pays in: its own if the company prices in it.
    pub fn of_country(&self, country: &Country) -> usize {
        self.currencies.iter().position(|c| c.code == country.currency).unwrap_or(USD)
    }

    pub fn code(&self, currency: usize) -> &str {
        &self.currencies[currency].code
    }

    /// `cents` of `currency` in US cents at the planning rate.
    pub fn to_usd(&self, currency: usize, cents: i64) -> i64 {
        convert(cents, self.currencies[currency].planning_micros)
    }

    /// The rate Stripe converts a charge in `currency` at `t` into US dollars: the day's
    /// market rate less the conversion fee, in micro-dollars (1 000 000 for dollars).
    pub fn stripe_rate_micros(&self, currency: usize, t: i64) -> i64 {
        if currency == USD {
            return 1_000_000;
        }
        (self.market_micros(currency, t) as f64 * (1.0 - CONVERSION_FEE)).round() as i64
    }

    /// The market rate on the day of `t`, in micro-dollars per unit.
    pub fn market_micros(&self, currency: usize, t: i64) -> i64 {
        let market = &self.currencies[currency].market;
        market[(t.div_euclid(DAY) - self.first_day).clamp(0, market.len() as i64 - 1) as usize]
    }

    /// The local list price for a US list price of `usd_cents` a month.
    pub fn local_price(&self, currency: usize, usd_cents: i64) -> i64 {
        if currency == USD {
            return usd_cents;
        }
        price_point(usd_cents as f64 * self.currencies[currency].price_factor)
    }
}

/// Finance's planning sheet (`finance.fx_rates`): one row per billing currency, dollars first.
/// The sheet was filled in a week before the data starts.
pub fn fx_rate_rows(ctx: &super::Context) -> crate::tables::FinanceFxRates {
    let mut t = crate::tables::FinanceFxRates::default();
    let edited = ctx.months.start - 7 * DAY;
    for (i, c) in ctx.money.currencies.iter().enumerate() {
        let note = if i == USD { "reporting currency" } else { "planning rate, constant currency" };
        t.push(crate::tables::FinanceFxRateRow {
            _row: i as i64 + 2,
            currency: &c.code.to_uppercase(),
            usd_per_unit: c.planning_micros as f64 / 1e6,
            note: Some(note),
            _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Sheets, "fx_rates", edited, i as u64),
        });
    }
    t
}

/// `cents` at `micros` micro-dollars per unit, rounded half away from zero.
pub fn convert(cents: i64, micros: i64) -> i64 {
    round_div(cents as i128 * micros as i128, 1_000_000)
}

/// A price as a price list shows it: from 20 units up the nearest amount ending in 4 or 9,
/// below that the nearest half unit.
fn price_point(cents: f64) -> i64 {
    let units = cents / 100.0;
    if units >= 20.0 {
        (((units + 1.0) / 5.0).round() * 5.0 - 1.0) as i64 * 100
    } else {
        ((units * 2.0).round().max(1.0) * 50.0) as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_points_look_like_a_price_list() {
        assert_eq!(price_point(2900.0 * 0.85), 2400);
        assert_eq!(price_point(5900.0 * 1.5), 8900);
        assert_eq!(price_point(9900.0 * 5.0), 49400);
        assert_eq!(price_point(400.0 * 0.85), 350);
        assert_eq!(price_point(600.0 * 1.35), 800);
        assert_eq!(price_point(10.0), 50);
    }

    #[test]
    fn conversion_rounds_once_half_away_from_zero() {
        assert_eq!(convert(2900, 1_080_000), 3132);
        assert_eq!(convert(50, 1_010_000), 51); // 50.5
        assert_eq!(convert(-50, 1_010_000), -51);
    }
}
