//! The dataset's vital signs: the business figures an instructor looks at first — customers,
//! MRR and ARR, monthly logo churn and 12-month NRR / GRR by segment, trial conversion and the
//! involuntary share of churn — folded account by account as the simulation runs, so that
//! `generate` can end its summary with the world it made.
//!
//! Definitions (the README's calibration table uses the same ones):
//! - *now* (T1) is the last month start inside the data, T0 the month start twelve months
//!   earlier; MRR is the billing truth at a month start.
//! - monthly logo churn: over the month-to-month steps from T0 to T1, the accounts paying at a
//!   month start and not at the next, over the accounts paying at the month start;
//! - NRR: the MRR at T1 of the accounts paying at T0, over their MRR at T0; GRR the same with
//!   each account's T1 MRR capped at its T0 MRR (so expansion does not count);
//! - trial conversion: of the trials that ended inside the data, the share that went on to pay;
//! - involuntary share: of the paid subscriptions cancelled inside the data, the share
//!   cancelled because every retry of a charge failed.
//!
//! Every tally is an integer sum, so the order chunks are merged in cannot change a figure.

use super::life::AccountLife;
use super::Context;
use crate::world::SEGMENTS;
use serde::Serialize;

/// Month-to-month steps the churn and retention figures look back over.
const WINDOW_MONTHS: usize = 12;

#[derive(Clone, Copy, Debug, Default)]
struct SegmentTally {
    customers: u64,
    mrr_cents: i64,
    opening_logos: u64,
    churned_logos: u64,
    mrr_t0: i64,
    mrr_t1_of_t0: i64,
    retained_of_t0: i64,
}

impl SegmentTally {
    fn add(&mut self, b: &SegmentTally) {
        self.customers += b.customers;
        self.mrr_cents += b.mrr_cents;
        self.opening_logos += b.opening_logos;
        self.churned_logos += b.churned_logos;
        self.mrr_t0 += b.mrr_t0;
        self.mrr_t1_of_t0 += b.mrr_t1_of_t0;
        self.retained_of_t0 += b.retained_of_t0;
    }
}

/// Running sums over the accounts simulated so far; `merge` two, `figures` at the end.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    segments: [SegmentTally; SEGMENTS.len()],
    trials_ended: u64,
    trials_converted: u64,
    paid_cancellations: u64,
    involuntary_cancellations: u64,
}

impl Tally {
    /// Add one account: its life and its MRR at each month start (`mrr_at`: micros → cents).
    pub fn observe(&mut self, ctx: &Context, life: &AccountLife, mrr_at: impl Fn(i64) -> i64) {
        let Some(segment) = SEGMENTS.iter().position(|s| *s == life.firm.segment) else { return };
        let t = &mut self.segments[segment];
        let window = &ctx.vitals_window;
        let now = mrr_at(*window.last().expect("at least one month start"));
        if now > 0 {
            t.customers += 1;
            t.mrr_cents += now;
        }
        let series: Vec<i64> = window.iter().map(|m| mrr_at(*m)).collect();
        for step in series.windows(2) {
            if step[0] > 0 {
                t.opening_logos += 1;
                t.churned_logos += u64::from(step[1] == 0);
            }
        }
        if series.len() == WINDOW_MONTHS + 1 && series[0] > 0 {
            t.mrr_t0 += series[0];
            t.mrr_t1_of_t0 += now;
            t.retained_of_t0 += now.min(series[0]);
        }
        let end = ctx.months.end;
        if life.trial_end.is_some_and(|t| t < end) {
            self.trials_ended += 1;
            let lapsed = life.periods[0].end_reason == Some("trial_not_converted");
            self.trials_converted += u64::from(!lapsed);
        }
        for (index, period) in life.periods.iter().enumerate() {
            let paid = index > 0 || period.end_reason != Some("trial_not_converted");
            if paid && period.end.is_some_and(|e| e < end) {
                self.paid_cancellations += 1;
                self.involuntary_cancellations += u64::from(period.end_reason == Some("payment_failure"));
            }
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.segments.iter_mut().zip(&other.segments) {
            a.add(b);
        }
        self.trials_ended += other.trials_ended;
        self.trials_converted += other.trials_converted;
        self.paid_cancellations += other.paid_cancellations;
        self.involuntary_cancellations += other.involuntary_cancellations;
    }

    pub fn figures(&self, ctx: &Context) -> Vitals {
        let ratio = |a: f64, b: f64| (b > 0.0).then(|| round4(a / b));
        let segment = |t: &SegmentTally| SegmentVitals {
            customers: t.customers,
            mrr_cents: t.mrr_cents,
            monthly_logo_churn: ratio(t.churned_logos as f64, t.opening_logos as f64),
            nrr_12m: ratio(t.mrr_t1_of_t0 as f64, t.mrr_t0 as f64),
            grr_12m: ratio(t.retained_of_t0 as f64, t.mrr_t0 as f64),
        };
        let all = self.segments.iter().fold(SegmentTally::default(), |mut a, b| {
            a.add(b);
            a
        });
        let window = &ctx.vitals_window;
        let date = |t: i64| super::time::date_of(t).to_string();
        Vitals {
            as_of: date(*window.last().expect("at least one month start")),
            since: date(window[0]),
            all: segment(&all),
            segments: SEGMENTS.iter().zip(&self.segments).map(|(name, t)| (name.to_string(), segment(t))).collect(),
            trial_conversion: ratio(self.trials_converted as f64, self.trials_ended as f64),
            involuntary_share: ratio(self.involuntary_cancellations as f64, self.paid_cancellations as f64),
        }
    }
}

/// The month starts inside the data, the last `WINDOW_MONTHS + 1` of them (fewer in a short
/// run): computed once per run (`Context::vitals_window`), read for every account.
pub fn month_starts(months: &super::time::Months) -> Vec<i64> {
    let starts: Vec<i64> = (0..months.count())
        .map(|m| super::time::micros(months.first_day(m)))
        .filter(|t| *t >= months.start && *t < months.end)
        .collect();
    let starts = if starts.is_empty() { vec![months.start] } else { starts };
    starts[starts.len().saturating_sub(WINDOW_MONTHS + 1)..].to_vec()
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// One segment's (or the whole company's) figures.
#[derive(Clone, Debug, Serialize)]
pub struct SegmentVitals {
    /// Accounts paying at `as_of`.
    pub customers: u64,
    pub mrr_cents: i64,
    pub monthly_logo_churn: Option<f64>,
    pub nrr_12m: Option<f64>,
    pub grr_12m: Option<f64>,
}

/// The figures `generate` reports (None where the data is too short or too small for one).
#[derive(Clone, Debug, Serialize)]
pub struct Vitals {
    /// The month start the figures are taken at ("now").
    pub as_of: String,
    /// The month start the churn and retention figures look back to.
    pub since: String,
    pub all: SegmentVitals,
    pub segments: std::collections::BTreeMap<String, SegmentVitals>,
    pub trial_conversion: Option<f64>,
    pub involuntary_share: Option<f64>,
}
