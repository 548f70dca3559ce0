//! When people at a customer work: the local hours and weekdays of its industry, its country's
//! public holidays, and its time zone (with daylight saving, from `chrono-tz`).
//!
//! Product use, marketing visits and sales activity are placed with a `Clock`; device telemetry
//! is not (devices report round the clock). A restaurant's manager opens the dashboard before
//! the lunch service and after closing, every day of the week; a laboratory's staff during
//! office hours on weekdays; a warehouse's through its shifts.

use super::dist::between;
use super::time::{self, DAY, HOUR};
use crate::rng::Rng;
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use chrono_tz::Tz;
use rand::RngExt;

/// A day's rhythm: relative activity by local hour (0–23) and by weekday (Monday first).
#[derive(Debug)]
struct Profile {
    hours: [f64; 24],
    weekdays: [f64; 7],
}

const OFFICE: Profile = Profile {
    hours: [0.0, 0.0, 0.0, 0.0, 0.0, 0.01, 0.05, 0.3, 0.8, 1.0, 1.0, 0.9, 0.6, 0.8, 0.95, 0.9, 0.75, 0.45, 0.2, 0.12, 0.08, 0.05, 0.02, 0.01],
    weekdays: [1.0, 1.0, 1.0, 0.97, 0.85, 0.1, 0.06],
};
const RESTAURANT: Profile = Profile {
    hours: [0.15, 0.05, 0.01, 0.0, 0.0, 0.02, 0.1, 0.35, 0.7, 0.9, 0.8, 0.45, 0.3, 0.35, 0.6, 0.65, 0.45, 0.3, 0.25, 0.25, 0.3, 0.45, 0.55, 0.35],
    weekdays: [0.8, 0.85, 0.9, 0.95, 1.0, 0.75, 0.55],
};
const RETAIL: Profile = Profile {
    hours: [0.0, 0.0, 0.0, 0.0, 0.0, 0.02, 0.15, 0.6, 1.0, 0.9, 0.7, 0.6, 0.5, 0.6, 0.65, 0.6, 0.5, 0.45, 0.35, 0.3, 0.2, 0.1, 0.03, 0.01],
    weekdays: [1.0, 0.95, 0.95, 0.95, 0.9, 0.55, 0.3],
};
const WAREHOUSE: Profile = Profile {
    hours: [0.05, 0.04, 0.03, 0.03, 0.06, 0.3, 0.8, 0.9, 0.85, 0.8, 0.75, 0.6, 0.55, 0.75, 0.8, 0.7, 0.55, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.07],
    weekdays: [1.0, 1.0, 1.0, 1.0, 0.95, 0.3, 0.12],
};
const HOTEL: Profile = Profile {
    hours: [0.1, 0.06, 0.04, 0.03, 0.04, 0.1, 0.4, 0.75, 0.9, 0.85, 0.75, 0.6, 0.5, 0.6, 0.7, 0.7, 0.6, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.15],
    weekdays: [0.95, 0.95, 0.95, 0.95, 1.0, 0.6, 0.5],
};
const GROCERY: Profile = Profile {
    hours: [0.0, 0.0, 0.0, 0.0, 0.02, 0.2, 0.7, 1.0, 0.9, 0.75, 0.6, 0.5, 0.45, 0.55, 0.6, 0.55, 0.5, 0.45, 0.4, 0.3, 0.2, 0.1, 0.04, 0.01],
    weekdays: [1.0, 0.95, 0.95, 0.95, 0.95, 0.6, 0.35],
};

fn profile(industry: &str) -> &'static Profile {
    match industry {
        "restaurants" => &RESTAURANT,
        "retail" => &RETAIL,
        "warehouses" => &WAREHOUSE,
        "hotels" => &HOTEL,
        "grocery" => &GROCERY,
        // Clinics, laboratories, and anything a scenario adds: office hours.
        _ => &OFFICE,
    }
}

/// How busy a public holiday is, relative to the same weekday.
const HOLIDAY_FACTOR: f64 = 0.15;

/// Where and how a customer works.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    tz: Tz,
    country: &'static str,
    profile: &'static Profile,
    hour_total: f64,
    busiest_day: f64,
}

impl Clock {
    pub fn new(timezone: &str, country: &'static str, industry: &str) -> Self {
        let tz: Tz = timezone.parse().unwrap_or(Tz::UTC);
        let profile = profile(industry);
        Clock {
            tz,
            country,
            profile,
            hour_total: profile.hours.iter().sum(),
            busiest_day: profile.weekdays.iter().cloned().fold(0.0, f64::max),
        }
    }

    /// The company's own team (sales, marketing ops): US office hours in New York.
    pub fn head_office() -> Self {
        Clock::new("America/New_York", "US", "office")
    }

    /// A moment in [from, to) when someone at this customer would be at work: a day drawn by
    /// its weekday and holiday weight, then an hour by the industry's profile, in local time.
    /// Spans too short to hold a working day fall back to a uniform draw.
    pub fn working_moment(&self, rng: &mut Rng, from: i64, to: i64) -> i64 {
        if to - from < 2 * HOUR {
            return between(rng, from, to);
        }
        for _ in 0..12 {
            let t = between(rng, from, to);
            let local = self.tz.from_utc_datetime(&utc(t)).naive_local();
            let day = local.date();
            if rng.random::<f64>() * self.busiest_day > self.day_weight(day) {
                continue;
            }
            let mut x = rng.random::<f64>() * self.hour_total;
            let mut hour = 0;
            while hour < 23 && x >= self.profile.hours[hour] {
                x -= self.profile.hours[hour];
                hour += 1;
            }
            let at = day.and_hms_opt(hour as u32, 0, 0).expect("valid hour");
            let Some(start) = self.tz.from_local_datetime(&at).earliest() else { continue };
            let moment = start.naive_utc().and_utc().timestamp_micros() + between(rng, 0, HOUR);
            if moment >= from && moment < to {
                return moment;
            }
        }
        between(rng, from, to)
    }

    /// A moment on the same local day as `t` (or the next working day) during working hours,
    /// never before `t`: when a person acts on something that happened at `t`.
    pub fn next_working_moment(&self, rng: &mut Rng, t: i64, within: i64) -> i64 {
        self.working_moment(rng, t, t + within.max(2 * HOUR))
    }

    /// The local clock's offset from UTC at `t`, in microseconds.
    pub fn utc_offset_at(&self, t: i64) -> i64 {
        (self.local(t) - utc(t)).num_microseconds().unwrap_or(0)
    }

    /// `hour`:00 local time on `day`, in UTC microseconds.
    pub fn at_local(&self, day: NaiveDate, hour: u32) -> i64 {
        let local = day.and_hms_opt(hour, 0, 0).expect("valid hour");
        match self.tz.from_local_datetime(&local).earliest() {
            Some(t) => t.naive_utc().and_utc().timestamp_micros(),
            None => time::micros(day) + hour as i64 * HOUR,
        }
    }

    fn day_weight(&self, day: NaiveDate) -> f64 {
        let weekday = self.profile.weekdays[day.weekday().num_days_from_monday() as usize];
        if is_public_holiday(self.country, day) {
            weekday * HOLIDAY_FACTOR
        } else {
            weekday
        }
    }

    /// The local hour (0–23) and weekday of a timestamp, for tests and summaries.
    pub fn local(&self, t: i64) -> NaiveDateTime {
        self.tz.from_utc_datetime(&utc(t)).naive_local()
    }
}

fn utc(t: i64) -> NaiveDateTime {
    time::date_of(t).and_hms_opt(0, 0, 0).expect("midnight") + chrono::Duration::microseconds(t.rem_euclid(DAY))
}

/// Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a date")
}

/// The `n`-th `weekday` of a month (n = -1: the last).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: i32) -> NaiveDate {
    if n > 0 {
        NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8).expect("valid nth weekday")
    } else {
        let mut d = time::add_months(NaiveDate::from_ymd_opt(year, month, 1).expect("valid month"), 1).pred_opt().expect("a day before");
        while d.weekday() != weekday {
            d = d.pred_opt().expect("a day before");
        }
        d
    }
}

/// National public holidays on which most businesses close or run light — the main ones of
/// each country, not every regional day.
pub fn is_public_holiday(country: &str, day: NaiveDate) -> bool {
    let (y, m, d) = (day.year(), day.month(), day.day());
    let easter = easter(y);
    let from_easter = (day - easter).num_days();
    let fixed = |list: &[(u32, u32)]| list.contains(&(m, d));
    match country {
        "US" => {
            fixed(&[(1, 1), (7, 4), (12, 25)])
                || day == nth_weekday(y, 1, Weekday::Mon, 3)
                || day == nth_weekday(y, 5, Weekday::Mon, -1)
                || day == nth_weekday(y, 9, Weekday::Mon, 1)
                || day == nth_weekday(y, 11, Weekday::Thu, 4)
        }
        "CA" => fixed(&[(1, 1), (7, 1), (12, 25), (12, 26)]) || from_easter == -2 || day == nth_weekday(y, 9, Weekday::Mon, 1) || day == nth_weekday(y, 10, Weekday::Mon, 2),
        "GB" => fixed(&[(1, 1), (12, 25), (12, 26)]) || matches!(from_easter, -2 | 1) || day == nth_weekday(y, 5, Weekday::Mon, 1) || day == nth_weekday(y, 5, Weekday::Mon, -1) || day == nth_weekday(y, 8, Weekday::Mon, -1),
        "AU" => fixed(&[(1, 1), (1, 26), (4, 25), (12, 25), (12, 26)]) || matches!(from_easter, -2 | 1),
        "DE" => fixed(&[(1, 1), (5, 1), (10, 3), (12, 25), (12, 26)]) || matches!(from_easter, -2 | 1 | 39 | 50),
        "FR" => fixed(&[(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]) || matches!(from_easter, 1 | 39 | 50),
        "NL" => fixed(&[(1, 1), (4, 27), (12, 25), (12, 26)]) || matches!(from_easter, 1 | 39 | 50),
        "BR" => fixed(&[(1, 1), (4, 21), (5, 1), (9, 7), (10, 12), (11, 2), (11, 15), (12, 25)]) || matches!(from_easter, -48 | -47 | -2),
        _ => fixed(&[(1, 1), (12, 25)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{stream, Kind};

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn easter_and_holidays_fall_on_their_days() {
        assert_eq!(easter(2024), d(2024, 3, 31));
        assert_eq!(easter(2025), d(2025, 4, 20));
        assert!(is_public_holiday("US", d(2024, 11, 28)), "Thanksgiving 2024");
        assert!(is_public_holiday("GB", d(2024, 4, 1)), "Easter Monday 2024");
        assert!(is_public_holiday("DE", d(2024, 10, 3)));
        assert!(!is_public_holiday("US", d(2024, 11, 27)));
    }

    #[test]
    fn an_office_works_weekdays_in_local_hours() {
        let clock = Clock::new("Europe/Berlin", "DE", "laboratories");
        let mut rng = stream(1, Kind::Scenario, 0, "t");
        let (from, to) = (time::micros(d(2024, 1, 1)), time::micros(d(2024, 12, 31)));
        let (mut weekend, mut office_hours, n) = (0, 0, 4000);
        for _ in 0..n {
            let t = clock.working_moment(&mut rng, from, to);
            assert!(t >= from && t < to);
            let local = clock.local(t);
            if local.weekday().num_days_from_monday() >= 5 {
                weekend += 1;
            }
            if (7..19).contains(&chrono::Timelike::hour(&local)) {
                office_hours += 1;
            }
        }
        assert!(weekend < n / 20, "{weekend} of {n} on weekends");
        assert!(office_hours > n * 9 / 10, "{office_hours} of {n} in office hours");
    }
}
