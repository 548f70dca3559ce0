//! Injected data-quality defects: each decision comes from the entity's own "defects" stream,
//! and each defect injected is recorded in `truth/defects` as it happens.

use crate::rng::{stream, Kind, Rng};
use crate::scenario::Defects;
use crate::tables::{DefectRow, TruthDefects};
use rand::RngExt;

pub struct Injector<'a> {
    rates: &'a Defects,
    rng: Rng,
}

impl<'a> Injector<'a> {
    pub fn new(rates: &'a Defects, seed: u64, kind: Kind, id: i64) -> Self {
        Self::for_purpose(rates, seed, kind, id, "defects")
    }

    /// An injector with a stream of its own, for defects of a table whose entity already has
    /// an injector elsewhere (so the two make independent decisions).
    pub fn for_purpose(rates: &'a Defects, seed: u64, kind: Kind, id: i64, purpose: &str) -> Self {
        Injector { rates, rng: stream(seed, kind, id as u64, purpose) }
    }

    fn roll(&mut self, rate: f64) -> bool {
        rate > 0.0 && self.rng.random::<f64>() < rate
    }

    pub fn duplicate(&mut self) -> bool {
        let rate = self.rates.duplicate_event_rate;
        self.roll(rate)
    }

    /// A second delivery of the same message a few seconds after the first (Segment delivers
    /// at least once), if this one is duplicated: the delay.
    pub fn redelivered(&mut self) -> Option<i64> {
        let rate = self.rates.duplicate_event_rate;
        self.roll(rate).then(|| super::time::SECOND + (self.rng.random::<f64>() * 29.0 * super::time::SECOND as f64) as i64)
    }

    /// Extra delivery delay for a late-arriving row (2 hours to 5 days), if this one is late.
    pub fn late(&mut self) -> Option<i64> {
        let rate = self.rates.late_arrival_rate;
        self.roll(rate).then(|| super::time::HOUR * 2 + (self.rng.random::<f64>() * 118.0 * super::time::HOUR as f64) as i64)
    }

    pub fn soft_delete(&mut self) -> bool {
        let rate = self.rates.soft_delete_rate;
        self.roll(rate)
    }

    pub fn null(&mut self) -> bool {
        let rate = self.rates.null_rate;
        self.roll(rate)
    }

    pub fn orphan(&mut self) -> bool {
        let rate = self.rates.orphan_rate;
        self.roll(rate)
    }

    /// An id no row has, that looks like its neighbours: a little past the newest id the
    /// simulator assigns (`newest`), as for an entity created after the table's last sync.
    /// Ids come in blocks of `spacing` (a location's device slots), of which the first
    /// `slots` are used.
    pub fn orphan_id(&mut self, newest: i64, spacing: i64, slots: i64) -> i64 {
        (newest / spacing + self.rng.random_range(1..400)) * spacing + self.rng.random_range(0..slots.max(1))
    }
}

pub fn record(out: &mut TruthDefects, table: &str, key: &str, kind: &str, detail: &str) {
    out.push(DefectRow { table_name: table, key, kind, detail: (!detail.is_empty()).then_some(detail) });
}
