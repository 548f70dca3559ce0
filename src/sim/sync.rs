//! When a connector copied a row: `_fivetran_synced`.
//!
//! A Fivetran connector syncs on a schedule (every 30 minutes for the app database, hourly or
//! slower for the SaaS APIs), each sync starting a little after its slot and taking minutes to
//! reach a given row. A row carries the time of the sync that last copied it: the first sync
//! after its last change, never later than the dataset's final sync (`Context::synced_at`).
//! Rows that change over the period (a user's last login, a device's last heartbeat) were last
//! copied near the end; rows written once keep the sync that first saw them.
//!
//! The time comes from a hash of the row's change time and table, not from a stream, so adding
//! it changes no other draw.

use super::time::{MINUTE, SECOND};
use super::Context;
use crate::rng::{key, mix64, Kind};

/// A connector and its sync frequency.
#[derive(Clone, Copy, Debug)]
pub enum Connector {
    App,
    Stripe,
    Hubspot,
    Segment,
    Iterable,
    Ads,
    /// Google Sheets (finance's planning sheet).
    Sheets,
}

impl Connector {
    fn every(self) -> i64 {
        match self {
            Connector::App => 30 * MINUTE,
            Connector::Stripe | Connector::Iterable | Connector::Segment => 60 * MINUTE,
            Connector::Hubspot => 180 * MINUTE,
            Connector::Ads | Connector::Sheets => 360 * MINUTE,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Connector::App => "app",
            Connector::Stripe => "stripe",
            Connector::Hubspot => "hubspot",
            Connector::Segment => "segment",
            Connector::Iterable => "iterable",
            Connector::Ads => "ads",
            Connector::Sheets => "google_sheets",
        }
    }
}

/// `_fivetran_synced` of a row of `table` last changed at `changed_at`. `row` tells rows that
/// changed at the same moment apart (an id, or 0).
pub fn synced(ctx: &Context, connector: Connector, table: &str, changed_at: i64, row: u64) -> i64 {
    let every = connector.every();
    // Each connector's schedule has its own offset within the hour.
    let phase = (key(ctx.seed, Kind::Scenario, 0, connector.name()) % every as u64) as i64;
    let slot = (changed_at - phase).div_euclid(every) + 1;
    let h = mix64(changed_at as u64 ^ row.rotate_left(17) ^ key(ctx.seed, Kind::Scenario, 1, table));
    // The sync starts up to two minutes after its slot and reaches this row within ~20 minutes.
    let start = phase + slot * every + (h % (120 * SECOND as u64)) as i64;
    let reach = ((h >> 20) % (20 * MINUTE as u64)) as i64;
    (start + reach).min(ctx.synced_at - (h.rotate_left(23) % (5 * MINUTE as u64)) as i64)
}

/// A row key for `synced` from a text id.
pub fn row_key(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}
