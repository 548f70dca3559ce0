//! Ground truth, apart from the raw tables: what the simulator knows and an analyst must infer.

use super::fleet::FleetSummary;
use super::life::AccountLife;
use super::time::day_number;
use super::Context;
use crate::tables::{Tables, TruthAccountMonthRow, TruthAccountRow};

pub fn record(ctx: &Context, life: &AccountLife, fleet: &FleetSummary, out: &mut Tables) {
    let closed: Vec<_> = life.periods.iter().filter(|p| p.end.is_some()).collect();
    let last = life.periods.last().expect("an account has at least one period");
    let start = life.start_latent;
    let end = life.final_latent();
    out.truth.accounts.push(TruthAccountRow {
        account_id: life.id,
        signup_at: life.signup_at(),
        segment: life.firm.segment,
        acquisition_channel: &life.firm.channel,
        initial_plan_tier: &ctx.tiers[life.firm.initial_tier],
        billing_interval: &life.firm.billing_interval,
        had_trial: life.firm.had_trial,
        // Paid at least once: no trial, or a trial that converted (not one still running).
        converted: life.periods[0].end_reason != Some("trial_not_converted") && life.status_at_end() != "trialing",
        locations: fleet.locations as i64,
        devices: fleet.devices as i64,
        first_churned_at: closed.first().and_then(|p| p.end),
        churned_at: last.end,
        churn_reason: closed.last().and_then(|p| p.end_reason),
        times_churned: closed.len() as i64,
        reactivated_at: (life.periods.len() > 1).then(|| last.start),
        status_at_end: life.status_at_end(),
        engagement_start: start.engagement,
        device_health_start: start.device_health,
        payment_reliability_start: start.payment_reliability,
        price_sensitivity_start: start.price_sensitivity,
        engagement_end: end.engagement,
        device_health_end: end.device_health,
        payment_reliability_end: end.payment_reliability,
        price_sensitivity_end: end.price_sensitivity,
    });
    for month in &life.months {
        out.truth.account_months.push(TruthAccountMonthRow {
            account_id: life.id,
            month: day_number(ctx.months.first_day(month.month)),
            status: month.status,
            plan_tier: &ctx.tiers[month.tier],
            engagement: month.latent.engagement,
            device_health: month.latent.device_health,
            payment_reliability: month.latent.payment_reliability,
            price_sensitivity: month.latent.price_sensitivity,
            churn_hazard: month.hazard,
            churned: month.churned,
        });
    }
}
