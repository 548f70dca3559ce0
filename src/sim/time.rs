//! Time as the simulator counts it: microseconds since the Unix epoch (UTC), and months
//! indexed from the scenario's first month.

use chrono::{Datelike, NaiveDate};

pub const SECOND: i64 = 1_000_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

pub fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// Midnight at the start of `date`, in microseconds.
pub fn micros(date: NaiveDate) -> i64 {
    (date - epoch()).num_days() * DAY
}

/// Days since the epoch (Arrow's Date32).
pub fn day_number(date: NaiveDate) -> i32 {
    (date - epoch()).num_days() as i32
}

/// The calendar day a timestamp falls on.
pub fn date_of(ts: i64) -> NaiveDate {
    epoch() + chrono::Duration::days(ts.div_euclid(DAY))
}

/// The first day of the month `months` after the month of `date`.
pub fn add_months(date: NaiveDate, months: i32) -> NaiveDate {
    let total = date.year() * 12 + date.month0() as i32 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).expect("valid month")
}

/// Month grid of a simulation: month 0 is the month of the start date.
#[derive(Clone, Debug)]
pub struct Months {
    first: NaiveDate,
    /// Start of each month, plus one past the end (so month m spans starts[m]..starts[m+1]).
    starts: Vec<i64>,
    /// The end of simulated time: midnight after the last simulated day.
    pub end: i64,
    pub start: i64,
}

impl Months {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        let first = add_months(start, 0);
        let mut starts = Vec::new();
        let mut m = 0;
        loop {
            let d = add_months(first, m);
            starts.push(micros(d));
            if d > end {
                break;
            }
            m += 1;
        }
        Months { first, starts, end: micros(end) + DAY, start: micros(start) }
    }

    pub fn count(&self) -> usize {
        self.starts.len() - 1
    }

    /// The month containing `ts` (clamped to the grid).
    pub fn index_of(&self, ts: i64) -> usize {
        match self.starts.binary_search(&ts) {
            Ok(i) => i.min(self.count() - 1),
            Err(i) => i.saturating_sub(1).min(self.count() - 1),
        }
    }

    /// The part of month `m` inside the simulated period: [from, to).
    pub fn span(&self, m: usize) -> (i64, i64) {
        (self.starts[m].max(self.start), self.starts[m + 1].min(self.end))
    }

    pub fn first_day(&self, m: usize) -> NaiveDate {
        add_months(self.first, m as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_grid_covers_the_period() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let months = Months::new(d(2019, 1, 15), d(2019, 3, 10));
        assert_eq!(months.count(), 3);
        assert_eq!(months.span(0).0, micros(d(2019, 1, 15)));
        assert_eq!(months.span(2).1, micros(d(2019, 3, 11)));
        assert_eq!(months.index_of(micros(d(2019, 2, 1))), 1);
        assert_eq!(date_of(micros(d(2020, 2, 29)) + 5 * HOUR), d(2020, 2, 29));
    }
}
