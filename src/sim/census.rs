//! The census: who arrives when, and how many locations and users each account has.
//!
//! This is the only pass over all accounts at once, and it is cheap (a few draws each). It
//! fixes what must add up globally — exactly `customers` accounts, exactly `locations`
//! locations, contiguous ids — so that every account's life can then be simulated on its own.

use super::dist::{cos, exp, pow};
use super::time::{DAY, HOUR, MINUTE};
use super::weighted::Weighted;
use crate::rng::{stream, Kind};
use crate::scenario::{Scenario, Shock};
use chrono::{Datelike, Duration, NaiveDate};
use rand::RngExt;

#[derive(Clone, Debug)]
pub struct CensusEntry {
    pub account_id: i64,
    pub signup_at: i64,
    pub segment: usize,
    pub channel: usize,
    pub locations: u32,
    pub first_location_id: i64,
    pub users: u32,
    pub first_user_id: i64,
}

pub struct Census {
    pub entries: Vec<CensusEntry>,
    pub segments: Weighted,
    pub channels: Weighted,
}

impl Census {
    /// The highest user id of the run.
    pub fn newest_user_id(&self) -> i64 {
        self.entries.last().map_or(0, |e| e.first_user_id + e.users as i64 - 1)
    }

    /// The highest location id of the run.
    pub fn newest_location_id(&self) -> i64 {
        self.entries.last().map_or(0, |e| e.first_location_id + e.locations as i64 - 1)
    }
}

/// The relative arrival rate of new accounts on each simulated day.
pub fn daily_intensity(s: &Scenario) -> Vec<f64> {
    let start = *s.dates.start;
    let days = (*s.dates.end - start).num_days() as usize + 1;
    let peak_doy = NaiveDate::from_ymd_opt(2001, s.growth.yearly_peak_month, 15).unwrap().ordinal() as f64;
    (0..days)
        .map(|i| {
            let day = start + Duration::days(i as i64);
            let years = i as f64 / 365.25;
            let trend = pow(1.0 + s.growth.annual_growth, years);
            let weekday = s.growth.weekday_weights[day.weekday().num_days_from_monday() as usize];
            let yearly = 1.0
                + s.growth.yearly_amplitude
                    * cos(2.0 * std::f64::consts::PI * (day.ordinal() as f64 - peak_doy) / 365.25);
            trend * weekday * yearly * acquisition_multiplier(s, day, None)
        })
        .collect()
}

/// The product of the acquisition multipliers of the shocks in force on `day`. With a channel,
/// only shocks that target it (or target all channels) count.
pub fn acquisition_multiplier(s: &Scenario, day: NaiveDate, channel: Option<&str>) -> f64 {
    let mut m = 1.0;
    for shock in &s.shocks {
        match shock {
            Shock::Recession { start, end, acquisition_multiplier, .. } if day >= **start && day <= **end => {
                if channel.is_none() {
                    m *= acquisition_multiplier;
                }
            }
            Shock::MarketingPush { start, end, acquisition_multiplier, channels } if day >= **start && day <= **end => {
                match channel {
                    None => m *= acquisition_multiplier,
                    Some(c) if channels.is_empty() || channels.iter().any(|x| x == c) => m *= acquisition_multiplier,
                    Some(_) => {}
                }
            }
            _ => {}
        }
    }
    m
}

/// Signup hour of day: business hours, a little in the evening.
const HOUR_WEIGHTS: [f64; 24] = [
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.0, 2.0, 3.0, 3.4, 3.2, 2.6, 2.9, 3.1, 2.9, 2.4, 1.8, 1.3, 1.1, 0.9, 0.7, 0.5, 0.3,
];

pub fn take(s: &Scenario, seed: u64) -> Census {
    let n = s.counts.customers as usize;
    let intensity = daily_intensity(s);
    let mut cumulative = Vec::with_capacity(intensity.len());
    let mut total = 0.0;
    for x in &intensity {
        total += x;
        cumulative.push(total);
    }
    let hour_total: f64 = HOUR_WEIGHTS.iter().sum();
    let start = *s.dates.start;
    let segments = Weighted::new(&s.mix.segment);
    let channels = Weighted::new(&s.mix.channel);

    let mut entries = Vec::with_capacity(n);
    let mut extra_weights = Vec::with_capacity(n);
    for i in 0..n {
        let account_id = i as i64 + 1;
        let mut rng = stream(seed, Kind::Account, account_id as u64, "census");
        // Stratified quantiles keep signups in id order, as an auto-increment id would be.
        let q = (i as f64 + rng.random::<f64>()) / n as f64 * total;
        let day_index = cumulative.partition_point(|c| *c < q).min(intensity.len() - 1);
        let day = start + Duration::days(day_index as i64);
        let mut h = rng.random::<f64>() * hour_total;
        let mut hour = 0;
        while hour < 23 && h >= HOUR_WEIGHTS[hour] {
            h -= HOUR_WEIGHTS[hour];
            hour += 1;
        }
        let signup_at = super::time::micros(day) + hour as i64 * HOUR + rng.random_range(0..60 * MINUTE);
        debug_assert!(signup_at < super::time::micros(day) + DAY);

        let segment = segments.sample(&mut rng);
        let pushes: Vec<String> = s
            .shocks
            .iter()
            .filter_map(|sh| match sh {
                Shock::MarketingPush { start, end, channels, acquisition_multiplier } if day >= **start && day <= **end => {
                    Some((channels.clone(), *acquisition_multiplier))
                }
                _ => None,
            })
            .flat_map(|(chs, _)| chs)
            .collect();
        let channel = if pushes.is_empty() {
            channels.sample(&mut rng)
        } else {
            let factor = acquisition_multiplier(s, day, Some(&pushes[0]));
            Weighted::boosted(&s.mix.channel, &pushes, factor).sample(&mut rng)
        };

        // Heavy-tailed chain size: a Pareto draw with mean one, scaled by the segment's mean.
        let mean_extra = s.mix.extra_locations[&segments.names[segment]];
        let alpha = 1.5;
        let pareto = (alpha - 1.0) / alpha / pow(1.0 - rng.random::<f64>(), 1.0 / alpha);
        extra_weights.push(mean_extra * pareto);
        entries.push(CensusEntry {
            account_id,
            signup_at,
            segment,
            channel,
            locations: 1,
            first_location_id: 0,
            users: 0,
            first_user_id: 0,
        });
    }

    let extra = allocate((s.counts.locations - s.counts.customers) as u64, &extra_weights);
    let mut next_location = 1;
    let mut next_user = 1;
    for (e, extra) in entries.iter_mut().zip(extra) {
        e.locations = 1 + extra as u32;
        e.first_location_id = next_location;
        next_location += e.locations as i64;
        let mut rng = stream(seed, Kind::Account, e.account_id as u64, "census-users");
        let per_location = s.mix.users_per_location[&segments.names[e.segment]];
        let mean = per_location * e.locations as f64;
        let noise = exp(0.5 * (rng.random::<f64>() - 0.5) * 2.0);
        e.users = ((mean * noise).round() as u32).max(1);
        e.first_user_id = next_user;
        next_user += e.users as i64;
    }
    Census { entries, segments, channels }
}

/// Split `total` into integers proportional to `weights` (largest remainder; ties to the
/// lower index), so the parts sum to exactly `total`.
pub fn allocate(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if weights.is_empty() {
        return Vec::new();
    }
    let weights: Vec<f64> = if sum > 0.0 { weights.to_vec() } else { vec![1.0; weights.len()] };
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| w / sum * total as f64).collect();
    let mut parts: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let assigned: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = exact[a] - exact[a].floor();
        let rb = exact[b] - exact[b].floor();
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut remaining = total.saturating_sub(assigned);
    let mut k = 0;
    while remaining > 0 {
        parts[order[k % order.len()]] += 1;
        remaining -= 1;
        k += 1;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_exact_and_proportional() {
        let parts = allocate(10, &[1.0, 1.0, 8.0]);
        assert_eq!(parts.iter().sum::<u64>(), 10);
        assert_eq!(parts, vec![1, 1, 8]);
        assert_eq!(allocate(5, &[0.0, 0.0]).iter().sum::<u64>(), 5);
        assert_eq!(allocate(7, &[0.3, 0.3, 0.4]).iter().sum::<u64>(), 7);
    }
}
