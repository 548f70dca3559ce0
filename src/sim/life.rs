//! An account's life, month by month: latent propensities that drift, a trial that converts
//! or not, a churn hazard they drive, cancellations and reactivations, plan changes.
//!
//! The design follows fight-churn's simulator (behaviour rates → utility → a monthly churn
//! decision), made reproducible: every draw comes from the account's own streams.

use super::census::CensusEntry;
use super::time::{DAY, HOUR};
use super::Context;
use crate::rng::{stream, Kind, Rng};
use crate::scenario::{LatentDimension, Shock};
use crate::world::catalog;
use crate::world::countries::Country;
use super::dist::{exp, ln, pow, standard_normal};
use rand::RngExt;

/// The four latent propensities, each on the 0–1 scale.
#[derive(Clone, Copy, Debug, Default)]
pub struct Latent {
    pub engagement: f64,
    pub device_health: f64,
    pub payment_reliability: f64,
    pub price_sensitivity: f64,
}

#[derive(Clone, Debug)]
pub struct MonthState {
    pub month: usize,
    pub latent: Latent,
    /// The monthly churn probability in force (0 while trialing or canceled).
    pub hazard: f64,
    /// trialing / active / canceled, at the start of the month (or at signup).
    pub status: &'static str,
    pub churned: bool,
    pub tier: usize,
}

/// A span of subscription, from signup or reactivation to cancellation (or the end).
#[derive(Clone, Debug)]
pub struct Period {
    pub start: i64,
    pub end: Option<i64>,
    pub end_reason: Option<&'static str>,
}

#[derive(Clone, Debug)]
pub struct Firmographics {
    pub name: String,
    pub domain: String,
    pub industry: String,
    pub segment: &'static str,
    pub country: &'static Country,
    /// The head office's time zone (its first location's).
    pub timezone: &'static str,
    /// When its people work (see `rhythm`).
    pub clock: super::rhythm::Clock,
    /// How it spells its people's email addresses.
    pub email_style: super::firms::EmailStyle,
    pub role_mailbox: bool,
    pub channel: String,
    pub billing_interval: String,
    pub initial_tier: usize,
    /// Arrived through a sales deal (see `gtm`): no trial.
    pub sales_led: bool,
    pub had_trial: bool,
    /// The account's preference among sensor models (weights by catalog index).
    pub sensor_mix: [f64; catalog::MODELS.len()],
}

#[derive(Clone, Debug)]
pub struct AccountLife {
    pub id: i64,
    pub census: CensusEntry,
    pub firm: Firmographics,
    pub trial_end: Option<i64>,
    pub converted: bool,
    pub periods: Vec<Period>,
    /// (from, tier index) — the first entry is the signup tier.
    pub plan_changes: Vec<(i64, usize)>,
    pub months: Vec<MonthState>,
    pub start_latent: Latent,
}

/// Does something the account would do at `t` not happen because it is winding down before it
/// cancels (see `AccountLife::engagement_factor`)? Draws only inside the wind-down, so streams
/// elsewhere are untouched.
pub fn fades(rng: &mut crate::rng::Rng, life: &AccountLife, t: i64, wind_down: i64) -> bool {
    let keep = life.engagement_factor(t, wind_down);
    keep < 1.0 && rand::RngExt::random::<f64>(rng) >= keep
}

impl AccountLife {
    pub fn signup_at(&self) -> i64 {
        self.census.signup_at
    }

    /// Is the account subscribed (trialing or paying) at `t`?
    pub fn active_at(&self, t: i64) -> bool {
        self.periods.iter().any(|p| t >= p.start && p.end.is_none_or(|e| t < e))
    }

    /// How much of its usual product use the account keeps at `t`, 0 to 1: over the last
    /// `wind_down` seconds before a cancellation use fades, slowly at first and then to nothing
    /// (the square of the share of the window left), as a customer who has decided to leave stops
    /// logging in.
    pub fn engagement_factor(&self, t: i64, wind_down: i64) -> f64 {
        if wind_down <= 0 {
            return 1.0;
        }
        // A declined card is not a decision to leave: use does not fade before payment failures.
        let ending = self
            .periods
            .iter()
            .find(|p| t >= p.start && p.end.is_some_and(|e| t < e) && p.end_reason != Some("payment_failure"))
            .and_then(|p| p.end);
        match ending {
            Some(end) if end - t < wind_down => {
                let left = (end - t) as f64 / wind_down as f64;
                left * left * left
            }
            _ => 1.0,
        }
    }

    pub fn status_at_end(&self) -> &'static str {
        match self.periods.last() {
            // A trial that neither converted nor lapsed is still running at the end.
            Some(p) if p.end.is_none() => if self.converted { "active" } else { "trialing" },
            _ => "canceled",
        }
    }

    /// Latent state in month index `m` of the global grid (clamped to the account's months).
    pub fn latent_in(&self, m: usize) -> Latent {
        let first = self.months[0].month;
        let i = m.saturating_sub(first).min(self.months.len() - 1);
        self.months[i].latent
    }

    pub fn tier_at(&self, t: i64) -> usize {
        self.plan_changes.iter().rev().find(|(from, _)| *from <= t).map(|(_, tier)| *tier).unwrap_or(self.firm.initial_tier)
    }

    /// A time in the first subscription, skewed early: things an account sets up (locations,
    /// users) mostly arrive soon after signup. `u` is a uniform draw; `reach` the share of the
    /// period they can spread over.
    pub fn early_in_first_period(&self, end: i64, u: f64, reach: f64) -> i64 {
        let first_end = self.periods[0].end.unwrap_or(end);
        let span = (first_end - self.signup_at()).max(DAY) as f64;
        self.signup_at() + (span * reach * pow(u, 1.4)) as i64
    }

    pub fn final_latent(&self) -> Latent {
        self.months.last().map(|m| m.latent).unwrap_or(self.start_latent)
    }
}

fn logit(p: f64) -> f64 {
    ln(p / (1.0 - p))
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}

fn normal(rng: &mut Rng) -> f64 {
    standard_normal(rng)
}

/// One latent dimension on the logit scale: its long-run mean and current value.
struct Walk<'a> {
    params: &'a LatentDimension,
    home: f64,
    value: f64,
}

impl<'a> Walk<'a> {
    fn start(params: &'a LatentDimension, offset: f64, rng: &mut Rng) -> Self {
        let home = logit(params.mean) + offset + params.spread * normal(rng);
        Walk { params, home, value: home }
    }

    fn step(&mut self, rng: &mut Rng) {
        self.value = self.home + self.params.persistence * (self.value - self.home) + self.params.volatility * normal(rng);
    }

    fn now(&self, shift: f64) -> f64 {
        sigmoid(self.value + shift)
    }
}

pub const CHURN_REASONS: &[&str] = &[
    "low_engagement",
    "device_issues",
    "payment_failure",
    "price",
    "competitor",
    "budget_cuts",
    "business_closed",
    "trial_not_converted",
];

/// The head office's time zone, keyed rather than drawn (so the marketing journey, simulated
/// before the account's life, knows it too).
pub fn timezone_of(ctx: &Context, account_id: i64, country: &Country) -> &'static str {
    country.timezones[(crate::rng::key(ctx.seed, Kind::Account, account_id as u64, "timezone") % country.timezones.len() as u64) as usize]
}

/// When the people of an account (or of the prospect it was) work.
pub fn clock_of(ctx: &Context, account_id: i64) -> super::rhythm::Clock {
    let identity = ctx.firms.of(account_id);
    super::rhythm::Clock::new(timezone_of(ctx, account_id, identity.country), identity.country.code, &identity.industry)
}

pub fn simulate(ctx: &Context, entry: &CensusEntry) -> AccountLife {
    let s = ctx.scenario;
    let id = entry.account_id;
    let mut rng = stream(ctx.seed, Kind::Account, id as u64, "firmographics");
    let segment = crate::world::SEGMENTS.iter().find(|x| **x == ctx.census.segments.names[entry.segment]).copied().unwrap_or("smb");
    let identity = ctx.firms.of(id);
    let (country, name, domain, industry) = (identity.country, identity.name.clone(), identity.domain.clone(), identity.industry.clone());
    let sales_led = super::gtm::sales_led(ctx, entry);
    let self_serve_interval = ctx.intervals.sample_name(&mut rng);
    let billing_interval = if super::gtm::annual_contract(ctx, entry) { "annual" } else { self_serve_interval }.to_string();
    let initial_tier = ctx.tier_index(ctx.plans_by_segment[entry.segment].sample_name(&mut rng));
    // Trials are self-serve: a sales-led account signs a contract instead.
    let had_trial = rng.random::<f64>() < s.plans.trial_share && !sales_led;
    let mut sensor_mix = [0.0; catalog::MODELS.len()];
    for (i, m) in catalog::MODELS.iter().enumerate() {
        // Each account leans to some sensor models: an exponential taste per model.
        sensor_mix[i] = m.sensor_weight * -ln(1.0 - rng.random::<f64>());
    }
    let timezone = timezone_of(ctx, id, country);
    let clock = super::rhythm::Clock::new(timezone, country.code, &industry);
    let firm = Firmographics {
        name,
        domain,
        industry,
        segment,
        country,
        timezone,
        clock,
        email_style: identity.email_style,
        role_mailbox: identity.role_mailbox,
        channel: ctx.census.channels.names[entry.channel].clone(),
        billing_interval,
        initial_tier,
        sales_led,
        had_trial,
        sensor_mix,
    };

    let mut rng = stream(ctx.seed, Kind::Account, id as u64, "life");
    // Bigger accounts pay more reliably and are a little less price sensitive.
    let size_offset = match segment {
        "enterprise" => 0.6,
        "mid_market" => 0.3,
        _ => 0.0,
    };
    let mut engagement = Walk::start(&s.latent.engagement, 0.0, &mut rng);
    let mut health = Walk::start(&s.latent.device_health, 0.0, &mut rng);
    let mut payment = Walk::start(&s.latent.payment_reliability, size_offset, &mut rng);
    let mut price = Walk::start(&s.latent.price_sensitivity, -size_offset, &mut rng);
    let start_latent = Latent {
        engagement: engagement.now(0.0),
        device_health: health.now(0.0),
        payment_reliability: payment.now(0.0),
        price_sensitivity: price.now(0.0),
    };

    let signup = entry.signup_at;
    let end = ctx.months.end;
    let interval_months = crate::world::interval_months(&firm.billing_interval) as usize;
    let trial_end = had_trial.then(|| signup + s.plans.trial_days as i64 * DAY);
    let mut converted = !had_trial;
    let mut periods = vec![Period { start: signup, end: None, end_reason: None }];
    let mut plan_changes = vec![(signup, initial_tier)];
    let mut tier = initial_tier;
    let mut months = Vec::new();
    let first_month = ctx.months.index_of(signup);
    let mut canceled_at: Option<i64> = None;
    // The list price the account pays, relative to the original list; renewals catch up.
    let mut paid_price_level = ctx.price_level(tier, signup);
    let mut price_shock_logit = 0.0;
    let mut period_start_month = first_month;
    // When the current subscription's billing cycle started: renewals fall whole intervals on.
    let mut anchor = trial_end.unwrap_or(signup);
    let economics = super::gtm::economics(ctx, entry);
    // Multi-location accounts are stickier (switching costs grow with the fleet).
    let size_factor = pow(entry.locations.max(1) as f64, -s.churn.size_elasticity);

    for m in first_month..ctx.months.count() {
        let (month_start, month_end) = ctx.months.span(m);
        let from = month_start.max(signup);
        if m > first_month {
            engagement.step(&mut rng);
            health.step(&mut rng);
            payment.step(&mut rng);
            price.step(&mut rng);
        }
        let shocks = ctx.shock_effects(month_start, &firm);
        let latent = Latent {
            engagement: engagement.now(shocks.engagement_shift),
            device_health: health.now(shocks.device_health_shift),
            payment_reliability: payment.now(shocks.payment_shift),
            price_sensitivity: price.now(0.0),
        };
        let status_at_start: &'static str = if canceled_at.is_some() {
            "canceled"
        } else if trial_end.is_some_and(|t| t > from) {
            "trialing"
        } else {
            "active"
        };
        let mut churned = false;
        let mut hazard = 0.0;

        match canceled_at {
            None => {
                // A trial ends inside this month: convert or leave.
                if let Some(t_end) = trial_end.filter(|t| *t >= from && *t < month_end && !converted) {
                    let p = s.churn.trial_conversion_low
                        + (s.churn.trial_conversion_high - s.churn.trial_conversion_low) * latent.engagement;
                    if rng.random::<f64>() < p {
                        converted = true;
                    } else {
                        churned = true;
                        canceled_at = Some(t_end);
                        close_period(&mut periods, t_end, "trial_not_converted");
                    }
                }
                let paying = converted && trial_end.is_none_or(|t| t < month_end);
                if !churned && paying {
                    // Renewal: the account meets today's list price.
                    let months_in = m - period_start_month;
                    if months_in > 0 && months_in % interval_months == 0 {
                        let level = ctx.price_level(tier, month_start);
                        if level > paid_price_level {
                            price_shock_logit = s.churn.price_weight * latent.price_sensitivity * (level / paid_price_level - 1.0);
                        }
                        paid_price_level = level;
                    }
                    let tenure = m - period_start_month;
                    let terms = HazardTerms {
                        engagement: s.churn.engagement_weight * (0.5 - latent.engagement),
                        device: s.churn.device_health_weight * (0.5 - latent.device_health),
                        payment: s.churn.payment_weight * (0.5 - latent.payment_reliability),
                        price: price_shock_logit,
                    };
                    let early = if (tenure as u32) < s.churn.early_tenure_months { s.churn.early_tenure_multiplier } else { 1.0 };
                    hazard = (sigmoid(logit(s.churn.base_monthly_hazard) + terms.sum())
                        * economics.churn_multiplier
                        * size_factor
                        * early
                        * shocks.churn_multiplier)
                        .min(0.95);
                    price_shock_logit *= 0.5;
                    // Involuntary churn: a renewal this month whose every retry is declined. The
                    // subscription is canceled after the last retry (day 7) fails.
                    let renewal = renewal_in(anchor, interval_months as u32, from, month_end, trial_end.is_some() && period_start_month == first_month);
                    let fails_for_good = renewal.is_some()
                        && rng.random::<f64>() < s.churn.involuntary_per_renewal * (1.0 - latent.payment_reliability);
                    let involuntary_at = renewal
                        .filter(|_| fails_for_good)
                        .map(|r| r + 8 * DAY + (rng.random::<f64>() * 2.0 * DAY as f64) as i64)
                        .filter(|at| *at < end - HOUR);
                    if let Some(at) = involuntary_at {
                        churned = true;
                        canceled_at = Some(at);
                        close_period(&mut periods, at, "payment_failure");
                    } else if rng.random::<f64>() < hazard {
                        churned = true;
                        let at = from + (rng.random::<f64>() * (month_end - from) as f64) as i64;
                        // A paying account leaves after its trial has ended, not at that instant.
                        let at = at.max(trial_end.map_or(i64::MIN, |t| t + HOUR)).min(end - HOUR);
                        let reason = terms.pick_reason(&shocks, &mut rng);
                        canceled_at = Some(at);
                        close_period(&mut periods, at, reason);
                    } else {
                        // Plan moves: engaged accounts grow into bigger plans, price-sensitive ones shrink.
                        let u = rng.random::<f64>();
                        let up = economics.upgrade_monthly * latent.engagement * latent.engagement;
                        let down = economics.downgrade_monthly * latent.price_sensitivity;
                        let new_tier = if u < up && tier + 1 < ctx.tiers.len() {
                            Some(tier + 1)
                        } else if u >= up && u < up + down && tier > 0 {
                            Some(tier - 1)
                        } else {
                            None
                        };
                        if let Some(t) = new_tier {
                            tier = t;
                            let at = from + (rng.random::<f64>() * (month_end - from) as f64) as i64;
                            plan_changes.push((at, tier));
                        }
                    }
                }
            }
            Some(at) => {
                let months_out = m - ctx.months.index_of(at);
                if months_out >= 1 && months_out as u32 <= s.churn.reactivation_window_months {
                    let comeback = s.churn.reactivation_monthly * (0.5 + latent.engagement);
                    // A new subscription starts only after the old one has run out (a monthly
                    // plan cancelled at period end bills up to a month after the cancellation).
                    let earliest = at + 35 * DAY;
                    if rng.random::<f64>() < comeback && month_end > earliest {
                        let at = month_start.max(earliest) + (rng.random::<f64>() * (month_end - month_start.max(earliest)) as f64 * 0.9) as i64;
                        periods.push(Period { start: at, end: None, end_reason: None });
                        canceled_at = None;
                        converted = true;
                        period_start_month = m;
                        anchor = at;
                        paid_price_level = ctx.price_level(tier, at);
                        plan_changes.push((at, tier));
                        // Coming back is a fresh start: engagement recovers.
                        engagement.value = engagement.value.max(engagement.home);
                    }
                }
            }
        }
        months.push(MonthState { month: m, latent, hazard, status: status_at_start, churned, tier });
    }

    AccountLife { id, census: entry.clone(), firm, trial_end, converted, periods, plan_changes, months, start_latent }
}

/// The first renewal (a billing-cycle start after the first) in [from, to), if any. After a
/// trial the first charge, at the trial's end, counts: a card declined then is involuntary churn.
fn renewal_in(anchor: i64, interval_months: u32, from: i64, to: i64, first_charge_counts: bool) -> Option<i64> {
    let first = if first_charge_counts { 0 } else { 1 };
    // Whole intervals from the anchor to `from` (counting long months), less one, so the search
    // starts at or before it.
    let elapsed = ((from - anchor).max(0) / (31 * DAY)) as u32 / interval_months.max(1);
    let mut k = elapsed.saturating_sub(1).max(first);
    loop {
        let t = super::billing::add_months(anchor, interval_months * k);
        if t >= to {
            return None;
        }
        if t >= from {
            return Some(t);
        }
        k += 1;
    }
}

/// The account's last open location closed at `at`: the business is gone, so the account
/// cancels then (reason `business_closed`) and never comes back. Called once the fleet is known.
pub fn close_business(ctx: &Context, life: &mut AccountLife, at: i64) {
    let Some(index) = life.periods.iter().position(|p| at >= p.start && p.end.is_none_or(|e| at < e)) else {
        // Closed between subscriptions: a business that no longer exists does not come back.
        let before = life.periods.len();
        life.periods.retain(|p| p.start < at);
        if life.periods.len() < before {
            life.plan_changes.retain(|(t, _)| *t < at);
            let month = ctx.months.index_of(at);
            for state in life.months.iter_mut().filter(|s| s.month > month) {
                state.status = "canceled";
                state.churned = false;
                state.hazard = 0.0;
            }
        }
        return;
    };
    let mut cancel = (at + HOUR).min(ctx.months.end - 1);
    if index == 0 && life.trial_end.is_some_and(|t| cancel < t && t >= ctx.months.end) {
        // Closed during a trial that outlasts the data: the trial is still running at the end.
        return;
    }
    life.periods.truncate(index + 1);
    match life.trial_end.filter(|t| index == 0 && cancel < *t) {
        // Closed during the trial: it lapses unpaid at its end, like any trial not converted.
        Some(trial_end) => {
            cancel = trial_end;
            life.converted = false;
            close_period(&mut life.periods, cancel, "trial_not_converted");
        }
        None => close_period(&mut life.periods, cancel, "business_closed"),
    }
    life.plan_changes.retain(|(t, _)| *t < cancel);
    let month = ctx.months.index_of(cancel);
    for state in life.months.iter_mut().filter(|s| s.month >= month) {
        if state.month == month {
            state.churned = true;
        } else {
            state.status = "canceled";
            state.churned = false;
        }
        state.hazard = 0.0;
    }
}

fn close_period(periods: &mut [Period], at: i64, reason: &'static str) {
    if let Some(p) = periods.last_mut() {
        p.end = Some(at.max(p.start + HOUR));
        p.end_reason = Some(reason);
    }
}

struct HazardTerms {
    engagement: f64,
    device: f64,
    payment: f64,
    price: f64,
}

impl HazardTerms {
    fn sum(&self) -> f64 {
        self.engagement + self.device + self.payment + self.price
    }

    /// The reason an account gives is drawn in proportion to what pushed it out.
    fn pick_reason(&self, shocks: &ShockEffects, rng: &mut Rng) -> &'static str {
        let candidates = [
            ("low_engagement", self.engagement.max(0.0)),
            ("device_issues", self.device.max(0.0)),
            // Unreliable payers are cash-strapped businesses; payment failures are their own process.
            ("budget_cuts", self.payment.max(0.0)),
            ("price", self.price.max(0.0)),
            ("competitor", ln(shocks.competitor).max(0.0)),
            ("budget_cuts", ln(shocks.recession).max(0.0)),
            // Some leave with nothing pushing them: no longer needed, or no budget this year.
            // (A business that closes is not drawn here: its last location closing cancels it.)
            ("budget_cuts", 0.2),
        ];
        let total: f64 = candidates.iter().map(|c| c.1).sum();
        let mut x = rng.random::<f64>() * total;
        for (reason, w) in candidates {
            if x < w {
                return reason;
            }
            x -= w;
        }
        "budget_cuts"
    }
}

/// What the shocks in force do to an account in a month.
pub struct ShockEffects {
    pub churn_multiplier: f64,
    pub competitor: f64,
    pub recession: f64,
    pub engagement_shift: f64,
    pub device_health_shift: f64,
    pub payment_shift: f64,
}

impl Context<'_> {
    pub fn shock_effects(&self, at: i64, firm: &Firmographics) -> ShockEffects {
        let mut e = ShockEffects {
            churn_multiplier: 1.0,
            competitor: 1.0,
            recession: 1.0,
            engagement_shift: 0.0,
            device_health_shift: 0.0,
            payment_shift: 0.0,
        };
        let day = super::time::date_of(at);
        for shock in &self.scenario.shocks {
            match shock {
                Shock::Recession { start, end, churn_multiplier, payment_shift, .. } if day >= **start && day <= **end => {
                    e.recession *= churn_multiplier;
                    e.churn_multiplier *= churn_multiplier;
                    e.payment_shift -= payment_shift;
                    e.engagement_shift -= 0.3;
                }
                Shock::CompetitorLaunch { date, churn_multiplier, decay_months } if day >= **date => {
                    let months = (day - **date).num_days() as f64 / 30.44;
                    let m = 1.0 + (churn_multiplier - 1.0) * exp(-months / *decay_months as f64);
                    e.competitor *= m;
                    e.churn_multiplier *= m;
                }
                Shock::FirmwareOutage { date, device_sku, duration_days, .. } => {
                    // Accounts that run many of the broken model feel it for the outage and
                    // the month after.
                    let until = **date + chrono::Duration::days(*duration_days as i64 + 30);
                    if day >= **date - chrono::Duration::days(31) && day <= until {
                        if let Some(i) = catalog::MODELS.iter().position(|m| m.sku == device_sku) {
                            let total: f64 = firm.sensor_mix.iter().sum();
                            let share = if total > 0.0 { firm.sensor_mix[i] / total } else { 0.0 };
                            e.device_health_shift -= 4.0 * share;
                        }
                    }
                }
                _ => {}
            }
        }
        e
    }
}
