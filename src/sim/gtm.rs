//! Go-to-market: how an account arrives. Sales-led accounts come through a HubSpot deal and
//! sign a contract (annual more often than not, never a self-serve trial); self-serve accounts
//! sign up on the website, most of them on a trial. Enterprise buys through sales, SMB mostly
//! does not (the scenario's `segments.*.sales_led_share`); outbound sales is sales-led by
//! definition.
//!
//! Decided from the census entry alone, so HubSpot (the deal) and the account's life (trial,
//! billing interval) agree without passing anything between them.

use super::census::CensusEntry;
use super::Context;
use crate::rng::{key, Kind};

/// A uniform draw in [0, 1) from the account's own key for `purpose`.
fn uniform(ctx: &Context, entry: &CensusEntry, purpose: &str) -> f64 {
    (key(ctx.seed, Kind::Account, entry.account_id as u64, purpose) >> 11) as f64 / (1u64 << 53) as f64
}

/// The scenario's economics for the account's segment.
pub fn economics<'a>(ctx: &'a Context, entry: &CensusEntry) -> &'a crate::scenario::SegmentEconomics {
    &ctx.scenario.segments[&ctx.census.segments.names[entry.segment]]
}

/// Did the account arrive through sales (a deal) rather than self-serve?
pub fn sales_led(ctx: &Context, entry: &CensusEntry) -> bool {
    ctx.census.channels.names[entry.channel] == "outbound_sales" || uniform(ctx, entry, "sales_led") < economics(ctx, entry).sales_led_share
}

/// Does a sales-led account sign an annual contract (instead of the self-serve interval mix)?
pub fn annual_contract(ctx: &Context, entry: &CensusEntry) -> bool {
    sales_led(ctx, entry) && uniform(ctx, entry, "annual_contract") < economics(ctx, entry).sales_led_annual_share
}
