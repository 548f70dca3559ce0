//! The app's `accounts` row: an account's current state as the product database holds it.

use super::defects::{self, Injector};
use super::ids;
use super::life::AccountLife;
use super::time::MINUTE;
use super::Context;
use crate::rng::Kind;
use crate::tables::{AccountRow, Tables};

pub fn write(ctx: &Context, life: &AccountLife, out: &mut Tables) {
    let end = ctx.months.end;
    let last_period = life.periods.last().expect("an account has at least one period");
    let status = life.status_at_end();
    let tier = life.tier_at(end);
    // The row was last touched by its latest lifecycle change.
    let updated_at = [
        Some(life.signup_at()),
        life.trial_end.filter(|t| *t < end),
        life.plan_changes.last().map(|(t, _)| *t),
        Some(last_period.start),
        last_period.end,
    ]
    .into_iter()
    .flatten()
    .filter(|t| *t < end)
    .max()
    .unwrap_or(life.signup_at())
        + MINUTE;
    let mut defects = Injector::new(&ctx.scenario.defects, ctx.seed, Kind::Account, life.id);
    let null_country = defects.null();
    if null_country {
        defects::record(&mut out.truth.defects, "app.accounts", &life.id.to_string(), "null", "country");
    }
    out.app.accounts.push(AccountRow {
        id: life.id,
        name: &life.firm.name,
        domain: &life.firm.domain,
        industry: &life.firm.industry,
        segment: life.firm.segment,
        country: (!null_country).then_some(life.firm.country.code),
        plan_tier: &ctx.tiers[tier],
        billing_interval: &life.firm.billing_interval,
        status,
        acquisition_channel: &life.firm.channel,
        stripe_customer_id: &ids::stripe_customer_id(ctx.seed, life.id),
        hubspot_company_id: ids::hubspot_company_id(ctx.seed, life.id),
        trial_ends_at: life.trial_end,
        canceled_at: last_period.end,
        created_at: life.signup_at(),
        updated_at: updated_at.min(end - MINUTE).max(life.signup_at()),
        _fivetran_deleted: false,
        _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::App, "accounts", updated_at.min(end - MINUTE).max(life.signup_at()), life.id as u64),
    });
}
