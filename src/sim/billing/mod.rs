//! Billing: each subscription of an account's life as Stripe records it, and the MRR truth.
//!
//! A subscription follows a life period: a trial (first period only) that converts or lapses,
//! then paid periods renewed from the billing-cycle anchor. Two licensed items bill the
//! account's locations and devices; licences are synced at midnight (ordered a week ahead of
//! installation), and a change mid-period leaves proration lines — unused time credited,
//! remaining time charged — on the next renewal invoice. Renewals meet the list price then in
//! force. Charges fail with the account's payment reliability and are retried (days 0, 3, 5,
//! 7): an account whose life ends in a payment failure exhausts its retries, goes `past_due`,
//! `unpaid`, then `canceled`; any other recovers. Voluntary cancellations end monthly plans at
//! period end and quarterly or annual ones at once, with the unused time refunded. Pending
//! prorations are dropped at cancellation, as Stripe does without `invoice_now`.

pub mod catalog;
mod ledger;

use super::fleet::FleetSummary;
use super::ids::stripe_id;
use super::life::AccountLife;
use super::time::DAY;
use super::Context;
use crate::rng::{stream, Kind};
use crate::tables::{
    Tables, StripeCouponRow, StripeCoupons, StripePriceRow, StripePrices, StripeProductRow, StripeProducts,
    TruthMrrRow,
};
use catalog::{Catalog, Unit, UNITS};
use ledger::Ledger;

/// Licences are bought a week before a location opens or a device is installed.
const LICENSE_LEAD: i64 = 7 * DAY;

/// Coupons the sales team hands out: (code, name, duration, months, percent off).
pub const COUPONS: &[(&str, &str, &str, Option<i64>, f64)] = &[
    ("WELCOME20", "Welcome 20% off first invoice", "once", None, 20.0),
    ("QUARTER15", "15% off for three months", "repeating", Some(3), 15.0),
    ("PARTNER10", "Partner 10% off", "forever", None, 10.0),
];
/// Share of new customers who sign up with a coupon.
const COUPON_SHARE: f64 = 0.12;

/// What an account is licensed for at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    pub tier: usize,
    pub generation: usize,
    pub locations: i64,
    pub devices: i64,
}

impl Plan {
    pub fn quantity(&self, unit: Unit) -> i64 {
        match unit {
            Unit::Location => self.locations,
            Unit::Device => self.devices,
        }
    }
}

/// How a subscription ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    Running,
    /// Cancelled and ended at once (lapsed trials, failed payments, long intervals).
    Immediately { at: i64, refund: bool },
    /// Cancellation requested at `at`; the subscription runs out at the end of its period.
    AtPeriodEnd { at: i64 },
}

/// How many locations or devices are licensed at any time: those that start within the next
/// week and have not ended. Every span ends after it starts, so the count is the starts
/// before `t + lead` less the ends at or before `t` — two binary searches.
struct Licences {
    starts: Vec<i64>,
    ends: Vec<i64>,
}

impl Licences {
    fn new(spans: &[(i64, i64)]) -> Self {
        let mut starts: Vec<i64> = spans.iter().map(|s| s.0).collect();
        let mut ends: Vec<i64> = spans.iter().map(|s| s.1).collect();
        starts.sort_unstable();
        ends.sort_unstable();
        Licences { starts, ends }
    }

    fn at(&self, t: i64) -> i64 {
        (self.starts.partition_point(|s| *s < t + LICENSE_LEAD) - self.ends.partition_point(|e| *e <= t)) as i64
    }

    /// Midnights at which the count may change.
    fn change_days(&self) -> impl Iterator<Item = i64> + '_ {
        self.starts.iter().map(|s| next_midnight(s - LICENSE_LEAD)).chain(self.ends.iter().filter(|e| **e < i64::MAX).map(|e| next_midnight(*e)))
    }
}

fn next_midnight(t: i64) -> i64 {
    t.div_euclid(DAY) * DAY + if t.rem_euclid(DAY) == 0 { 0 } else { DAY }
}

/// `t` plus `months` calendar months (clamped to the month's last day), same time of day.
pub fn add_months(t: i64, months: u32) -> i64 {
    let dt = chrono::DateTime::from_timestamp_micros(t).expect("time in range").naive_utc();
    let moved = dt.checked_add_months(chrono::Months::new(months)).expect("time in range");
    moved.and_utc().timestamp_micros()
}

pub fn customer_id(ctx: &Context, account_id: i64) -> String {
    super::ids::stripe_customer_id(ctx.seed, account_id)
}

pub fn subscription_id(ctx: &Context, account_id: i64, period: usize) -> String {
    stripe_id("sub", ctx.seed, Kind::Account, ((account_id as u64) << 8) | period as u64, "subscription")
}

pub fn item_id(ctx: &Context, account_id: i64, period: usize, unit: Unit) -> String {
    match unit {
        Unit::Device => super::ids::device_subscription_item_id(ctx.seed, account_id, period),
        Unit::Location => stripe_id("si", ctx.seed, Kind::Account, ((account_id as u64) << 8) | period as u64, "location_item"),
    }
}

pub fn coupon_id(ctx: &Context, code: &str) -> String {
    format!("{}_{}", code, &stripe_id("co", ctx.seed, Kind::Scenario, 0, code)[3..9])
}

/// The coupon an account signs up with, if any (an index into `COUPONS`).
pub fn coupon_of(ctx: &Context, account_id: i64) -> Option<usize> {
    use rand::RngExt;
    let mut rng = stream(ctx.seed, Kind::Account, account_id as u64, "coupon");
    (rng.random::<f64>() < COUPON_SHARE).then(|| rng.random_range(0..COUPONS.len()))
}

/// What other sources need to know of an account's billing.
pub struct BillingSummary {
    /// MRR when the account first paid (0 if it never did).
    pub first_mrr_cents: i64,
    /// When charges failed (dunning emails follow them).
    pub failed_charges: Vec<i64>,
    /// (from, MRR in cents) changes, in time order: the MRR truth before it is sampled.
    pub mrr_changes: Vec<(i64, i64)>,
}

impl BillingSummary {
    /// The account's MRR at `t`, in cents.
    pub fn mrr_at(&self, t: i64) -> i64 {
        mrr_at(&self.mrr_changes, t)
    }
}

/// The value of the last change at or before `t` (changes sorted by time; of two at the same
/// time, the later one).
fn mrr_at(changes: &[(i64, i64)], t: i64) -> i64 {
    changes.iter().rev().find(|(from, _)| *from <= t).map(|(_, v)| *v).unwrap_or(0)
}

/// Simulate the account's billing; writes Stripe rows and the MRR truth. A sales-led account's
/// HubSpot deal id goes into its first subscription's metadata.
pub fn simulate(ctx: &Context, catalog: &Catalog, life: &AccountLife, fleet: &FleetSummary, email: &str, deal: Option<i64>, out: &mut Tables) -> BillingSummary {
    let currency = ctx.money.of_country(life.firm.country);
    let mut ledger = Ledger::new(ctx, catalog, life, fleet, currency, email, deal);
    let coupon = coupon_of(ctx, life.id);
    let mut mrr_events: Vec<(i64, i64)> = Vec::new();
    for (index, period) in life.periods.iter().enumerate() {
        let ending = match (period.end, period.end_reason) {
            (None, _) => Ending::Running,
            (Some(at), Some("trial_not_converted" | "payment_failure")) => Ending::Immediately { at, refund: false },
            // A business that has closed stops paying at once.
            (Some(at), Some("business_closed")) => Ending::Immediately { at, refund: true },
            (Some(at), _) if life.firm.billing_interval == "monthly" => Ending::AtPeriodEnd { at },
            (Some(at), _) => Ending::Immediately { at, refund: true },
        };
        let trial_end = if index == 0 { life.trial_end } else { None };
        let coupon = if index == 0 { coupon } else { None };
        subscription(ctx, catalog, life, fleet, index, period.start, trial_end, ending, period.end_reason, coupon, currency, &mut ledger, &mut mrr_events, out);
    }
    ledger.finish_customer(out);
    // MRR is tracked in the billing currency and reported in dollars at the planning rate.
    mrr_events.sort_by_key(|(t, _)| *t);
    write_mrr_truth(ctx, life, currency, &mrr_events, out);
    let mrr_changes: Vec<(i64, i64)> = mrr_events.iter().map(|(t, v)| (*t, ctx.money.to_usd(currency, *v))).collect();
    let first_mrr_cents = mrr_changes.iter().map(|(_, v)| *v).find(|v| *v > 0).unwrap_or(0);
    BillingSummary { first_mrr_cents, failed_charges: ledger.failed_charges(), mrr_changes }
}

#[allow(clippy::too_many_arguments)]
fn subscription(
    ctx: &Context,
    catalog: &Catalog,
    life: &AccountLife,
    fleet: &FleetSummary,
    index: usize,
    start: i64,
    trial_end: Option<i64>,
    ending: Ending,
    reason: Option<&str>,
    coupon: Option<usize>,
    currency: usize,
    ledger: &mut Ledger,
    mrr: &mut Vec<(i64, i64)>,
    out: &mut Tables,
) {
    let end = ctx.months.end;
    let months = crate::world::interval_months(&life.firm.billing_interval);
    let locations = Licences::new(&fleet.location_spans);
    let devices = Licences::new(&fleet.device_spans);
    let plan_at = |t: i64, generation: Option<usize>| {
        let tier = life.tier_at(t);
        Plan {
            tier,
            generation: generation.unwrap_or_else(|| catalog.generation_at(tier, t)),
            locations: locations.at(t),
            devices: devices.at(t),
        }
    };
    // The midnights at which licences or the plan tier may change, in order.
    let mut change_days: Vec<i64> = locations
        .change_days()
        .chain(devices.change_days())
        .chain(life.plan_changes.iter().map(|(t, _)| next_midnight(*t)))
        .collect();
    change_days.sort_unstable();
    change_days.dedup();
    let cancel_at = match ending {
        Ending::Running => None,
        Ending::Immediately { at, .. } | Ending::AtPeriodEnd { at } => Some(at),
    };
    let lapsed = reason == Some("trial_not_converted");
    let anchor = trial_end.unwrap_or(start);
    let mut sub = ledger.open_subscription(index, start, trial_end, anchor, coupon, out);

    // Creation: a $0 trial invoice, or the first period in advance.
    let mut plan = plan_at(start, None);
    if let Some(trial_end) = trial_end {
        ledger.invoice(&mut sub, start, "subscription_create", (start, trial_end), plan, true, Vec::new(), out);
        if lapsed || trial_end >= end {
            if lapsed {
                ledger.set_status(&mut sub, trial_end, "canceled");
                ledger.end_subscription(&mut sub, trial_end, trial_end);
            }
            ledger.close_subscription(sub, plan, out);
            return;
        }
        ledger.set_status(&mut sub, anchor, "active");
    }

    // Renewals stop at the cancellation (or the end of the data); the last invoice before a
    // cancellation for payment failure is the one whose retries all fail.
    let stop = cancel_at.unwrap_or(end);
    let mut period_start = anchor;
    let mut k = 0;
    let mut pending = Vec::new();
    loop {
        let period_end = add_months(anchor, months * (k + 1));
        plan = plan_at(period_start, None);
        let next_renewal_stops = period_end >= stop;
        let fatal = reason == Some("payment_failure") && next_renewal_stops;
        let billing_reason = if k == 0 && trial_end.is_none() { "subscription_create" } else { "subscription_cycle" };
        ledger.begin_period(&mut sub, period_start, period_end);
        // When the subscription stops, if it does in this period: payment attempts stop too.
        let ends = match ending {
            _ if !next_renewal_stops => None,
            Ending::Running => None,
            Ending::Immediately { at, .. } => Some(at),
            Ending::AtPeriodEnd { .. } => Some(period_end),
        };
        let outcome = ledger.invoice_and_collect(&mut sub, period_start, billing_reason, (period_start, period_end), plan, std::mem::take(&mut pending), fatal, ends, out);
        mrr.push((period_start, mrr_of(catalog, &plan, months, currency)));
        // Licences synced at each midnight of the period, until cancellation or the end.
        let sync_until = period_end.min(stop);
        let first = change_days.partition_point(|d| *d <= period_start);
        for &day in change_days[first..].iter().take_while(|d| **d < sync_until) {
            let now = plan_at(day, Some(if life.tier_at(day) == plan.tier { plan.generation } else { catalog.generation_at(life.tier_at(day), day) }));
            if now != plan {
                pending.extend(ledger.proration_lines(day, (period_start, period_end), plan, now));
                plan = now;
                // An unpaid subscription earns nothing, whatever it is licensed for.
                if outcome.unpaid_at.is_none_or(|u| day < u) {
                    mrr.push((day, mrr_of(catalog, &plan, months, currency)));
                }
            }
        }
        if let Some(unpaid_at) = outcome.unpaid_at {
            mrr.push((unpaid_at, 0));
        }
        if next_renewal_stops {
            match ending {
                Ending::Running => {}
                Ending::Immediately { at, refund } => {
                    ledger.cancel_now(&mut sub, at, refund.then_some((period_start, period_end)), out);
                    mrr.push((at, 0));
                }
                Ending::AtPeriodEnd { at } => {
                    ledger.request_cancel(&mut sub, at, period_end);
                    if period_end < end {
                        ledger.set_status(&mut sub, period_end, "canceled");
                        ledger.end_subscription(&mut sub, at, period_end);
                        mrr.push((period_end, 0));
                    }
                }
            }
            break;
        }
        period_start = period_end;
        k += 1;
    }
    ledger.close_subscription(sub, plan, out);
}

/// MRR of a plan in `currency`: each unit's licensed quantity × its price, normalised to a month.
pub fn mrr_of(catalog: &Catalog, plan: &Plan, months: u32, currency: usize) -> i64 {
    let interval = match months {
        12 => "annual",
        3 => "quarterly",
        _ => "monthly",
    };
    UNITS.iter().map(|u| plan.quantity(*u) * catalog.price(plan.tier, *u, interval, plan.generation, currency).monthly_amount).sum()
}

/// The account's MRR at each month start after signup and at the end, with its movement.
fn write_mrr_truth(ctx: &Context, life: &AccountLife, currency: usize, events: &[(i64, i64)], out: &mut Tables) {
    let at = |t: i64| mrr_at(events, t);
    let mut points: Vec<i64> = (ctx.months.index_of(life.signup_at())..ctx.months.count())
        .map(|m| ctx.months.span(m).1)
        .filter(|t| *t > life.signup_at() && *t <= ctx.months.end)
        .collect();
    if points.last() != Some(&ctx.months.end) {
        points.push(ctx.months.end);
    }
    let mut previous = 0;
    let mut ever = false;
    for t in points {
        let local = at(t);
        let mrr = ctx.money.to_usd(currency, local);
        let movement = match (previous, mrr) {
            (0, 0) => "unchanged",
            (0, _) if ever => "reactivation",
            (0, _) => "new",
            (_, 0) => "churn",
            (p, c) if c > p => "expansion",
            (p, c) if c < p => "contraction",
            _ => "unchanged",
        };
        ever |= mrr > 0;
        out.truth.mrr.push(TruthMrrRow {
            account_id: life.id,
            as_of: t,
            mrr_cents: mrr,
            currency: ctx.money.code(currency),
            local_mrr_cents: local,
            previous_mrr_cents: previous,
            movement,
        });
        previous = mrr;
    }
}

/// The global Stripe tables: products, prices and coupons.
pub fn catalog_tables(ctx: &Context, catalog: &Catalog) -> (StripeProducts, StripePrices, StripeCoupons) {
    let created = ctx.months.start - 30 * DAY;
    let mut products = StripeProducts::default();
    let mut prices = StripePrices::default();
    let mut coupons = StripeCoupons::default();
    for (t, id) in catalog.products.iter().enumerate() {
        let name = format!("saaslab {}", title(&ctx.tiers[t]));
        products.push(StripeProductRow {
            id,
            name: &name,
            description: Some("IoT monitoring subscription, licensed per location and per device"),
            active: true,
            r#type: "service",
            unit_label: None,
            metadata: &format!(r#"{{"plan_tier":"{}"}}"#, ctx.tiers[t]),
            created,
            updated: created,
            is_deleted: false,
            _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Stripe, "products", created, super::sync::row_key(id)),
        });
    }
    for m in crate::world::catalog::MODELS {
        let id = super::ids::stripe_product_id(ctx.seed, m.id);
        products.push(StripeProductRow {
            id: &id,
            name: m.name,
            description: Some(m.sku),
            active: true,
            r#type: "good",
            unit_label: Some("device"),
            metadata: &format!(r#"{{"device_model_id":"{}","sku":"{}"}}"#, m.id, m.sku),
            created,
            updated: created,
            is_deleted: false,
            _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Stripe, "products", created, super::sync::row_key(&id)),
        });
        prices.push(StripePriceRow {
            id: &stripe_id("price", ctx.seed, Kind::DeviceModel, m.id as u64, "hardware_price"),
            product_id: &id,
            active: true,
            currency: "usd",
            unit_amount: m.list_price_cents,
            r#type: "one_time",
            billing_scheme: "per_unit",
            recurring_interval: None,
            recurring_interval_count: None,
            recurring_usage_type: None,
            nickname: Some(m.name),
            lookup_key: Some(m.sku),
            created,
            is_deleted: false,
            _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Stripe, "prices", created, super::sync::row_key(&id)),
        });
    }
    for p in &catalog.prices {
        let (interval, count) = match p.interval_months {
            12 => ("year", 1),
            3 => ("month", 3),
            _ => ("month", 1),
        };
        prices.push(StripePriceRow {
            id: &p.id,
            product_id: &p.product_id,
            active: p.active,
            currency: ctx.money.code(p.currency),
            unit_amount: p.unit_amount,
            r#type: "recurring",
            billing_scheme: "per_unit",
            recurring_interval: Some(interval),
            recurring_interval_count: Some(count),
            recurring_usage_type: Some("licensed"),
            nickname: Some(&format!("{} per {} ({})", title(&ctx.tiers[p.tier]), p.unit.label(), p.interval)),
            lookup_key: Some(&format!("{}_{}_{}_v{}_{}", ctx.tiers[p.tier], p.unit.label(), p.interval, p.generation + 1, ctx.money.code(p.currency))),
            created: p.created,
            is_deleted: false,
            _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Stripe, "prices", p.created, super::sync::row_key(&p.id)),
        });
    }
    let mut redeemed = [0i64; COUPONS.len()];
    for entry in &ctx.census.entries {
        if let Some(c) = coupon_of(ctx, entry.account_id) {
            redeemed[c] += 1;
        }
    }
    for (c, (code, name, duration, months, percent)) in COUPONS.iter().enumerate() {
        coupons.push(StripeCouponRow {
            id: &coupon_id(ctx, code),
            name,
            duration,
            duration_in_months: *months,
            percent_off: Some(*percent),
            amount_off: None,
            currency: None,
            times_redeemed: redeemed[c],
            valid: true,
            created,
            _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Stripe, "coupons", created, c as u64),
        });
    }
    (products, prices, coupons)
}

/// The id of a tax rate of `world::taxes::RATES`.
pub fn tax_rate_id(ctx: &Context, rate: &crate::world::taxes::TaxRate) -> String {
    stripe_id("txr", ctx.seed, Kind::Scenario, super::sync::row_key(rate.key), "tax_rate")
}

/// Stripe's tax rates: every rate of the table, created before the data starts.
pub fn tax_rate_rows(ctx: &Context) -> crate::tables::StripeTaxRates {
    let created = ctx.months.start - 30 * DAY;
    let mut t = crate::tables::StripeTaxRates::default();
    for rate in crate::world::taxes::RATES {
        let id = tax_rate_id(ctx, rate);
        t.push(crate::tables::StripeTaxRateRow {
            id: &id,
            display_name: rate.display_name,
            description: rate.description,
            jurisdiction: rate.state.unwrap_or(rate.country),
            country: rate.country,
            state: rate.state,
            percentage: rate.basis_points as f64 / 100.0,
            inclusive: false,
            active: true,
            created,
            _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Stripe, "tax_rates", created, super::sync::row_key(&id)),
        });
    }
    t
}

fn title(name: &str) -> String {
    let mut c = name.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
