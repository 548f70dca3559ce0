//! What the sensors measure: `iot.sensor_readings` over the dataset's last `fleet.readings_days`
//! days, at each model's reporting interval, and the alerts those readings cause.
//!
//! Every reading is written only for the trailing window (the full history at full cadence
//! would be billions of rows); before it, telemetry stays the sparse status events of
//! `iot.device_events`. Inside the window the physics is explicit:
//! - a baseline per device (a cold room's setpoint, a site's base load), a daily cycle in the
//!   location's local time, slow drift and sensor noise;
//! - excursions — a door left open, a compressor fault, a leak — lift the reading past the
//!   model's threshold, and the **alert is the first reading that crosses it** (the excursions
//!   come at the rate the alerts of the rest of the history do);
//! - a few sensors get stuck and repeat one value; nothing is reported while the device is
//!   offline, and a reading is now and then lost in transit;
//! - battery models report their voltage, which decays over the battery's life: `battery_low`
//!   fires when it falls below 2.5 V, for the whole history, and the battery is replaced.

use super::defects::Injector;
use super::dist::{between, chance, exponential, normal, sin};
use super::time::{DAY, HOUR, MINUTE, SECOND};
use super::Context;
use crate::rng::{key, stream, Kind, Rng};
use crate::tables::{SensorReadingRow, Tables};
use crate::world::catalog::DeviceModel;

/// Voltage below which a battery device reports `battery_low`.
pub const BATTERY_LOW_V: f64 = 2.5;
const BATTERY_FULL_V: f64 = 3.05;
/// Hours between battery voltage reports.
const BATTERY_REPORT_HOURS: i64 = 6;

/// The knee of a lithium cell's discharge curve: 0 until 84 % of its life, then quadratic.
/// (Plain arithmetic, no `powi`, so every platform computes the same bits.)
fn knee(age: f64) -> f64 {
    let x = (age - 0.84).max(0.0) / 0.16;
    x * x
}

/// A battery device's battery: how long one lasts (they are replaced when they run out).
pub struct Battery {
    life: i64,
}

impl Battery {
    pub fn of(seed: u64, device_id: i64) -> Self {
        let h = key(seed, Kind::Device, device_id as u64, "battery");
        // 600–1,300 days: lithium cells in cold rooms and busy doors wear faster.
        Battery { life: (600 + (h % 700) as i64) * DAY }
    }

    /// Voltage at `t` of a battery cycle that started at `installed`: a slow slope, then the
    /// knee of a lithium cell in its last sixth.
    pub fn voltage(&self, installed: i64, t: i64) -> f64 {
        let age = (t - installed).rem_euclid(self.life) as f64 / self.life as f64;
        BATTERY_FULL_V - 0.3 * age - 0.6 * knee(age)
    }

    /// When the voltage crosses `BATTERY_LOW_V` in each battery cycle before `stop`, with the
    /// battery percentage at that moment.
    pub fn low_events(&self, installed: i64, stop: i64) -> Vec<(i64, f64)> {
        // The crossing's share of a cycle, found once by bisection on the curve.
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        for _ in 0..40 {
            let mid = (lo + hi) / 2.0;
            let v = BATTERY_FULL_V - 0.3 * mid - 0.6 * knee(mid);
            if v > BATTERY_LOW_V { lo = mid } else { hi = mid }
        }
        let crossing = (hi * self.life as f64) as i64 + MINUTE;
        let pct = ((BATTERY_LOW_V - 2.2) / (BATTERY_FULL_V - 2.2) * 100.0).round();
        (0..).map(|k| installed + k * self.life + crossing).take_while(|t| *t < stop).map(|t| (t, pct)).collect()
    }
}

/// A device's place in the readings window.
pub struct Device<'a> {
    pub id: i64,
    pub model: &'static DeviceModel,
    pub installed: i64,
    /// Readings stop here (failure, decommissioning or the end).
    pub stop: i64,
    /// Offline episodes (from, to).
    pub offline: &'a [(i64, i64)],
    /// The location's offset from UTC, for the daily cycle.
    pub utc_offset: i64,
}

/// An alert a reading caused: (time, value).
pub type Alert = (i64, f64);

/// Write the device's readings in [from, to) and return the alerts they caused. `excursions`
/// are the moments something went wrong (a door left open …): each lifts the readings past the
/// threshold for a while.
pub fn simulate(ctx: &Context, d: &Device, from: i64, to: i64, excursions: &[i64], out: &mut Tables) -> Vec<Alert> {
    let m = d.model;
    let step = m.interval_minutes * MINUTE;
    // Only the episodes that touch the window matter (a device has dozens over its life).
    let offline: Vec<(i64, i64)> = d.offline.iter().copied().filter(|(a, b)| *b > from && *a < to).collect();
    let mut rng = stream(ctx.seed, Kind::Device, d.id as u64, "readings");
    let mut defects = Injector::for_purpose(&ctx.scenario.defects, ctx.seed, Kind::Device, d.id, "readings-defects");
    let physics = Physics::draw(m, &mut rng);
    // Excursions: (start, end, strength).
    let bursts: Vec<(i64, i64, f64)> = excursions
        .iter()
        .map(|t| (*t, t + between(&mut rng, 30 * MINUTE, 150 * MINUTE), 0.2 + exponential(&mut rng, 0.6)))
        .collect();
    // One sensor in a hundred sticks at some point of the window and repeats its last value.
    let stuck_from = chance(&mut rng, 0.01).then(|| between(&mut rng, from, to));
    let mut stuck_value = None;
    let mut drift = 0.0;
    let mut alerts = Vec::new();
    let mut in_breach = false;
    // Readings on the device's own grid: every `step` from installation, with a little jitter.
    let phase = (d.installed - from).rem_euclid(step);
    let mut t = from + phase;
    while t < to.min(d.stop) {
        let at = t + between(&mut rng, 0, 20 * SECOND);
        t += step;
        if at >= to.min(d.stop) {
            break;
        }
        drift += normal(&mut rng, 0.0, physics.drift);
        if offline.iter().any(|(a, b)| at >= *a && at < *b) || at < d.installed {
            in_breach = false;
            continue;
        }
        let burst = bursts.iter().filter(|(a, b, _)| at >= *a && at < *b).map(|x| x.2).fold(0.0, f64::max);
        let mut value = physics.value(m, at + d.utc_offset, drift, burst, &mut rng);
        if let Some(since) = stuck_from {
            if at >= since {
                value = *stuck_value.get_or_insert(value);
            }
        }
        let crossed = if m.alert_below { value < m.threshold } else { value > m.threshold };
        let alerting = crossed && !in_breach;
        if alerting {
            alerts.push((at + between(&mut rng, SECOND, 30 * SECOND), value));
        }
        in_breach = crossed;
        // A reading lost in transit now and then (the device sends the one that alerts with
        // the alert, so that one always lands).
        if chance(&mut rng, 0.003) && !alerting {
            continue;
        }
        push(out, d.id, at, m.metric, value, &mut rng, &mut defects);
    }
    if m.battery {
        let battery = Battery::of(ctx.seed, d.id);
        let step = BATTERY_REPORT_HOURS * HOUR;
        let mut t = from + (d.installed - from).rem_euclid(step);
        while t < to.min(d.stop) {
            let at = t + between(&mut rng, 0, 20 * SECOND);
            t += step;
            if at >= to.min(d.stop) {
                break;
            }
            if at < d.installed || offline.iter().any(|(a, b)| at >= *a && at < *b) {
                continue;
            }
            let v = ((battery.voltage(d.installed, at) + normal(&mut rng, 0.0, 0.008)) * 1000.0).round() / 1000.0;
            push(out, d.id, at, "battery_v", v, &mut rng, &mut defects);
        }
    }
    alerts
}

fn push(out: &mut Tables, device_id: i64, at: i64, metric: &str, value: f64, rng: &mut Rng, defects: &mut Injector) {
    let received_at = at + SECOND + (exponential(rng, 3.0) * SECOND as f64) as i64;
    let row = |received_at| SensorReadingRow { device_id, reading_ts: at, metric, value, received_at };
    out.iot.sensor_readings.push(row(received_at));
    // The stream delivers a reading twice now and then: staging keeps one.
    if defects.duplicate() {
        out.iot.sensor_readings.push(row(received_at + between(rng, SECOND, 60 * SECOND)));
    }
}

/// A device's measuring habits.
struct Physics {
    base: f64,
    cycle: f64,
    noise: f64,
    drift: f64,
    /// Defrost every six hours, for cold-room probes.
    defrost: bool,
}

impl Physics {
    fn draw(m: &DeviceModel, rng: &mut Rng) -> Self {
        let (base, cycle, noise, drift) = match m.metric {
            "temperature_c" => (normal(rng, 3.5, 0.8), 0.6, 0.15, 0.01),
            "humidity_pct" => (normal(rng, 45.0, 5.0), 5.0, 1.0, 0.05),
            // Peak load (base × 1.9) stays under the 1,500 W threshold.
            "power_w" => (normal(rng, 420.0, 110.0).clamp(120.0, 700.0), 0.9, 0.05, 0.0),
            "rssi_dbm" => (normal(rng, -62.0, 6.0).min(-45.0), 1.5, 2.0, 0.05),
            "door_open_s" => (exponential(rng, 90.0) + 20.0, 1.0, 0.0, 0.0),
            _ => (0.0, 0.0, 0.0, 0.0),
        };
        Physics { base, cycle, noise, drift, defrost: m.metric == "temperature_c" && chance(rng, 0.7) }
    }

    /// The reading at local time `local` (UTC plus the location's offset), during an excursion
    /// of `burst` strength (0 when none): an excursion holds the reading past the threshold by
    /// an overshoot that grows with its strength.
    fn value(&self, m: &DeviceModel, local: i64, drift: f64, burst: f64, rng: &mut Rng) -> f64 {
        let hour = (local.rem_euclid(DAY)) as f64 / HOUR as f64;
        // Busiest mid-afternoon, quietest before dawn.
        let daily = sin(std::f64::consts::TAU * (hour - 9.0) / 24.0);
        let open_hours = (7.0..22.0).contains(&hour);
        let noise = normal(rng, 0.0, self.noise);
        let normal_value = match m.metric {
            "temperature_c" => {
                let defrost = if self.defrost && (local.rem_euclid(6 * HOUR)) < 20 * MINUTE { 1.8 } else { 0.0 };
                self.base + self.cycle * daily + drift + defrost + noise
            }
            "humidity_pct" => self.base + self.cycle * daily + drift + noise,
            "power_w" => self.base * (1.0 + if open_hours { self.cycle * (1.0 + daily) / 2.0 } else { 0.0 }) * (1.0 + noise),
            "rssi_dbm" => self.base + self.cycle * daily + drift + noise,
            "door_open_s" if open_hours => exponential(rng, self.base).min(600.0),
            _ => 0.0,
        };
        let v = if burst <= 0.0 {
            normal_value
        } else {
            let scale = match m.metric {
                "temperature_c" => 3.0,
                "humidity_pct" => 8.0,
                "power_w" => 500.0,
                "rssi_dbm" => 8.0,
                "door_open_s" => 2400.0,
                _ => 0.0,
            };
            match m.metric {
                "rssi_dbm" => normal_value.min(m.threshold - scale * burst + noise),
                "door_open_s" => (m.threshold + scale * burst.min(1.0)).min(3600.0),
                "water_detected" => 1.0,
                _ => normal_value.max(m.threshold + scale * burst + noise),
            }
        };
        // Relative humidity is a percentage: a saturated sensor reads 100.
        let v = if m.metric == "humidity_pct" { v.clamp(0.0, 100.0) } else { v };
        (v * 10.0).round() / 10.0
    }
}
