//! Locations, the devices installed at them, and the telemetry those devices send.
//!
//! A location opens during the account's first subscription; each subscription period
//! installs a gateway and sensors there; devices drop offline more often when the account's
//! device health is low (and much more on a broken firmware), fail and are replaced (RMA),
//! and are decommissioned when the account cancels or the location closes.

use super::defects::{self, Injector};
use super::dist::{between, chance, exp, exponential, normal, poisson};
use super::ids;
use super::life::{fades, AccountLife};
use super::time::{DAY, HOUR, MINUTE, SECOND};
use super::Context;
use crate::rng::{stream, Kind, Rng};
use crate::scenario::Shock;
use crate::tables::{Tables, DeviceEventRow, DeviceRow, LocationRow};
use crate::world::catalog::{self, DeviceModel};
use rand::RngExt;
use std::fmt::Write;

/// Device ids are `location_id * SLOTS + slot`, so a location's devices need no global counter.
pub const SLOTS: i64 = 100;
/// Share of locations whose first devices go in weeks after it opens.
const LATE_INSTALL_RATE: f64 = 0.06;
/// Share of firmware updates followed by a re-flash of the same version.
const REFLASH_RATE: f64 = 0.03;
/// How a release reaches the fleet: in stages, as IoT vendors ship (a canary ring first, wider
/// rings once it holds up): (days after the release, share of the fleet offered it by then). A
/// device keeps its ring from release to release (the canaries are the same devices each time).
const ROLLOUT_STAGES: [(f64, f64); 4] = [(0.0, 0.02), (7.0, 0.15), (21.0, 0.5), (42.0, 1.0)];
/// Days over which a stage's devices are offered the release, and the mean days from the offer
/// to the check-in that installs it (devices check nightly, but many sit on flaky site links).
const ROLLOUT_STAGE_SPREAD_DAYS: f64 = 7.0;
const CHECK_IN_MEAN_DAYS: f64 = 4.0;
/// Share of devices whose owner turned automatic updates off (change freezes, sites that block
/// the update server): they take a release only when someone updates them by hand, which many
/// never do — so a fleet is never all on the latest version, and some skip versions.
const MANUAL_UPDATE_SHARE: f64 = 0.07;
const MANUAL_UPDATE_TAKE_RATE: f64 = 0.4;
const MANUAL_UPDATE_MEAN_DAYS: f64 = 120.0;

/// What billing needs to know of the fleet: when each location and device was in service.
pub struct FleetSummary {
    pub locations: u32,
    pub devices: u32,
    /// (opened, closed) of each location; `i64::MAX` while open.
    pub location_spans: Vec<(i64, i64)>,
    /// (installed, ended) of each device — decommissioned or sent back; `i64::MAX` while in service.
    pub device_spans: Vec<(i64, i64)>,
    /// The first location's address: the one Stripe bills (and taxes) the account at.
    pub head_office: super::addresses::Address,
}

impl FleetSummary {
    /// When the last of the account's locations closed, if every one of them has.
    pub fn last_location_closed_at(&self) -> Option<i64> {
        let last = self.location_spans.iter().map(|s| s.1).max()?;
        (last < i64::MAX).then_some(last)
    }
}

pub fn simulate(ctx: &Context, life: &AccountLife, out: &mut Tables) -> FleetSummary {
    let entry = &life.census;
    let end = ctx.months.end;
    let first_end = life.periods[0].end.unwrap_or(end);
    let mut location_spans = Vec::with_capacity(entry.locations as usize);
    let mut device_spans = Vec::new();
    let mut head_office = None;
    // The first location opens with the signup; chains grow over their first subscription.
    for k in 0..entry.locations as i64 {
        let location_id = entry.first_location_id + k;
        let mut rng = stream(ctx.seed, Kind::Location, location_id as u64, "location");
        let opened_at = if k == 0 {
            life.signup_at() + between(&mut rng, HOUR, 72 * HOUR)
        } else {
            life.early_in_first_period(end, rng.random(), 0.85) + DAY
        }
        .min(first_end.max(life.signup_at() + HOUR))
        .min(end - HOUR);
        let closed_at = location_closure(ctx, life, opened_at, &mut rng);
        let address = write_location(ctx, life, location_id, opened_at, closed_at, &mut rng, out);
        head_office.get_or_insert(address);
        location_spans.push((opened_at, closed_at.unwrap_or(i64::MAX)));
        install_devices(ctx, life, location_id, opened_at, closed_at, &mut device_spans, out);
    }
    let head_office = head_office.expect("every account has at least one location");
    FleetSummary { locations: entry.locations, devices: device_spans.len() as u32, location_spans, device_spans, head_office }
}

fn location_closure(ctx: &Context, life: &AccountLife, opened_at: i64, rng: &mut Rng) -> Option<i64> {
    let p = ctx.scenario.fleet.location_close_monthly;
    for m in ctx.months.index_of(opened_at)..ctx.months.count() {
        let (from, to) = ctx.months.span(m);
        let from = from.max(opened_at);
        if from < to && life.active_at(from) && chance(rng, p) {
            return Some(between(rng, from, to));
        }
    }
    None
}

fn write_location(
    ctx: &Context,
    life: &AccountLife,
    location_id: i64,
    opened_at: i64,
    closed_at: Option<i64>,
    rng: &mut Rng,
    out: &mut Tables,
) -> super::addresses::Address {
    let country = life.firm.country;
    let address = super::addresses::address(country, rng);
    let (lat0, lat1, lon0, lon1) = country.bounds;
    let latitude = lat0 + rng.random::<f64>() * (lat1 - lat0);
    let longitude = lon0 + rng.random::<f64>() * (lon1 - lon0);
    let other_timezone = country.timezones[rng.random_range(0..country.timezones.len())];
    let timezone = if location_id == life.census.first_location_id { life.firm.timezone } else { other_timezone };
    let name = if life.census.locations == 1 { life.firm.name.clone() } else { format!("{} - {}", life.firm.name, address.city) };
    let mut defects = Injector::new(&ctx.scenario.defects, ctx.seed, Kind::Location, location_id);
    let key = location_id.to_string();
    let null_postal = defects.null();
    let null_geo = defects.null();
    let deleted = defects.soft_delete();
    let table = "app.locations";
    if null_postal {
        defects::record(&mut out.truth.defects, table, &key, "null", "postal_code");
    }
    if null_geo {
        defects::record(&mut out.truth.defects, table, &key, "null", "latitude,longitude");
    }
    if deleted {
        defects::record(&mut out.truth.defects, table, &key, "soft_delete", "");
    }
    out.app.locations.push(LocationRow {
        id: location_id,
        account_id: life.id,
        name: &name,
        address_line_1: &address.line_1,
        city: &address.city,
        region: &address.region,
        country: country.code,
        postal_code: (!null_postal).then_some(address.postal_code.as_str()),
        timezone,
        latitude: (!null_geo).then_some((latitude * 1e5).round() / 1e5),
        longitude: (!null_geo).then_some((longitude * 1e5).round() / 1e5),
        opened_at,
        closed_at,
        _fivetran_deleted: deleted,
        _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::App, "locations", closed_at.unwrap_or(opened_at), location_id as u64),
    });
    address
}

/// A device waiting to be installed.
struct Install {
    model: &'static DeviceModel,
    at: i64,
    period: usize,
    /// When this device's subscription period (or the location) stops.
    until: i64,
    ends_by_decommission: bool,
}

/// The site outages of a location while it is open: spans over which none of its devices
/// reaches the cloud (the gateway unplugged, the internet cut, a seasonal closure). Drawn from
/// the location's own stream, so that no other draw moves. The first starts no sooner than a
/// fortnight after the location opens, once its kit is in.
fn site_outages(ctx: &Context, location_id: i64, opened_at: i64, closed_at: Option<i64>) -> Vec<(i64, i64)> {
    let f = &ctx.scenario.fleet;
    let (from, to) = (opened_at + 14 * DAY, closed_at.unwrap_or(ctx.months.end));
    if f.site_outages_yearly <= 0.0 || from >= to {
        return Vec::new();
    }
    let mut rng = stream(ctx.seed, Kind::Location, location_id as u64, "site_outage");
    let years = (to - from) as f64 / (365.25 * DAY as f64);
    let mut spans: Vec<(i64, i64)> = Vec::new();
    for _ in 0..poisson(&mut rng, f.site_outages_yearly * years) {
        let start = between(&mut rng, from, to);
        let finish = start + DAY + (exponential(&mut rng, f.site_outage_days_mean) * DAY as f64) as i64;
        if spans.iter().all(|(a, b)| finish <= *a || start >= *b) {
            spans.push((start, finish));
        }
    }
    spans.sort_unstable();
    spans
}

fn install_devices(
    ctx: &Context,
    life: &AccountLife,
    location_id: i64,
    opened_at: i64,
    closed_at: Option<i64>,
    spans: &mut Vec<(i64, i64)>,
    out: &mut Tables,
) {
    let s = ctx.scenario;
    let end = ctx.months.end;
    let mut rng = stream(ctx.seed, Kind::Location, location_id as u64, "devices");
    let site_outages = site_outages(ctx, location_id, opened_at, closed_at);
    let mut queue: Vec<Install> = Vec::new();
    for (period_index, period) in life.periods.iter().enumerate() {
        let from = period.start.max(opened_at);
        let period_end = period.end.unwrap_or(end);
        let until = period_end.min(closed_at.unwrap_or(end));
        if from >= until {
            continue;
        }
        let ends_by_decommission = until < end;
        // The kit goes in within days; now and then it waits weeks (hardware on backorder, an
        // electrician to book). Its own stream, so no other draw moves.
        let mut delay = stream(ctx.seed, Kind::Location, ((location_id as u64) << 8) | period_index as u64, "install_delay");
        let late = if delay.random::<f64>() < LATE_INSTALL_RATE { between(&mut delay, 8 * DAY, 45 * DAY) } else { 0 };
        let at = (from + between(&mut rng, HOUR, 5 * DAY) + late).min(until - MINUTE);
        let install = |model, at| Install { model, at, period: period_index, until, ends_by_decommission };
        queue.push(install(catalog::GATEWAY, at));
        let sensors = 1 + poisson(&mut rng, (s.fleet.sensors_per_location - 1.0).max(0.0));
        for _ in 0..sensors {
            queue.push(install(pick_sensor(life, &mut rng), at + between(&mut rng, 0, 2 * HOUR)));
        }
        // Sensors added while the subscription runs.
        for m in ctx.months.index_of(from)..=ctx.months.index_of(until - 1) {
            let (a, b) = ctx.months.span(m);
            let (a, b) = (a.max(from), b.min(until));
            if a < b && chance(&mut rng, s.fleet.sensor_add_monthly) {
                queue.push(install(pick_sensor(life, &mut rng), between(&mut rng, a, b)));
            }
        }
    }

    let mut slot = 0;
    let mut i = 0;
    while i < queue.len() && slot < SLOTS {
        let device_id = location_id * SLOTS + slot;
        slot += 1;
        let install = &queue[i];
        let outcome = simulate_device(ctx, life, device_id, location_id, install, &site_outages, out);
        spans.push((install.at, outcome.ended_at.unwrap_or(i64::MAX)));
        if let Some(failed_at) = outcome.failed_at {
            let replace_at = failed_at + between(&mut rng, 3 * DAY, 14 * DAY);
            if replace_at < install.until {
                let next = Install { model: install.model, at: replace_at, ..*install };
                queue.push(next);
            }
        }
        i += 1;
    }
}

fn pick_sensor(life: &AccountLife, rng: &mut Rng) -> &'static DeviceModel {
    let total: f64 = life.firm.sensor_mix.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in life.firm.sensor_mix.iter().enumerate() {
        if x < *w {
            return &catalog::MODELS[i];
        }
        x -= w;
    }
    &catalog::MODELS[1]
}

struct Outcome {
    failed_at: Option<i64>,
    ended_at: Option<i64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EventKind {
    Boot,
    Heartbeat,
    Alert,
    Offline,
    Online,
    FirmwareUpdate,
    BatteryLow,
    Tamper,
}

impl EventKind {
    fn name(self) -> &'static str {
        match self {
            EventKind::Boot => "boot",
            EventKind::Heartbeat => "heartbeat",
            EventKind::Alert => "alert",
            EventKind::Offline => "offline",
            EventKind::Online => "online",
            EventKind::FirmwareUpdate => "firmware_update",
            EventKind::BatteryLow => "battery_low",
            EventKind::Tamper => "tamper",
        }
    }
}

struct Event {
    ts: i64,
    kind: EventKind,
    /// Heartbeat or alert reading, offline duration, or firmware index, depending on kind.
    value: f64,
}

/// The firmware a device runs over time: (from, version), in time order.
fn firmware_timeline<'c>(ctx: &'c Context, model: &DeviceModel, installed: i64, stop: i64, rng: &mut Rng) -> Vec<(i64, &'c str)> {
    let mut timeline: Vec<(i64, &str)> = Vec::new();
    // Provisioned with the latest release, then updated as each later release reaches it.
    let current = ctx.releases.iter().rev().find(|(t, _)| *t <= installed).unwrap_or(&ctx.releases[0]);
    timeline.push((installed, &current.1));
    let ring = rng.random::<f64>();
    let manual = chance(rng, MANUAL_UPDATE_SHARE);
    let mut updates: Vec<(i64, &'c str)> = Vec::new();
    for (released, version) in ctx.releases.iter().filter(|(t, _)| *t > installed) {
        let wait_days = if manual {
            if !chance(rng, MANUAL_UPDATE_TAKE_RATE) {
                continue;
            }
            exponential(rng, MANUAL_UPDATE_MEAN_DAYS)
        } else {
            let stage_day = ROLLOUT_STAGES.iter().find(|(_, share)| ring < *share).map_or(0.0, |(day, _)| *day);
            stage_day + rng.random::<f64>() * ROLLOUT_STAGE_SPREAD_DAYS + exponential(rng, CHECK_IN_MEAN_DAYS)
        };
        let at = released + (wait_days * DAY as f64) as i64;
        // A device that got a newer release first never installs the older one: it skipped it.
        while updates.last().is_some_and(|(t, _)| *t >= at) {
            updates.pop();
        }
        updates.push((at, version));
    }
    timeline.extend(updates.into_iter().filter(|(at, _)| *at < stop));
    for shock in &ctx.scenario.shocks {
        if let Shock::FirmwareOutage { date, device_sku, firmware_version, duration_days, .. } = shock {
            if model.sku != device_sku {
                continue;
            }
            let start = super::time::micros(**date);
            let fixed = start + *duration_days as i64 * DAY;
            let bad_at = (start + (exponential(rng, 3.0) * DAY as f64) as i64).max(installed);
            if bad_at < stop && bad_at < fixed {
                timeline.push((bad_at, firmware_version));
                let fix_at = fixed + (exponential(rng, 2.0) * DAY as f64) as i64;
                if fix_at < stop {
                    timeline.push((fix_at, ctx.hotfix_version(firmware_version)));
                }
            }
        }
    }
    timeline.sort_by_key(|(t, _)| *t);
    timeline
}

fn version_at<'c>(timeline: &[(i64, &'c str)], t: i64) -> &'c str {
    timeline.iter().rev().find(|(from, _)| *from <= t).map(|(_, v)| *v).unwrap_or(timeline[0].1)
}

fn is_broken(ctx: &Context, version: &str) -> Option<f64> {
    ctx.scenario.shocks.iter().find_map(|s| match s {
        Shock::FirmwareOutage { firmware_version, offline_multiplier, .. } if firmware_version == version => Some(*offline_multiplier),
        _ => None,
    })
}

fn simulate_device(
    ctx: &Context,
    life: &AccountLife,
    device_id: i64,
    location_id: i64,
    install: &Install,
    site_outages: &[(i64, i64)],
    out: &mut Tables,
) -> Outcome {
    let s = ctx.scenario;
    let end = ctx.months.end;
    let model = install.model;
    let installed_at = install.at;
    // Firmware has its own stream, so a scenario's extra release leaves telemetry draws alone.
    let mut firmware_rng = stream(ctx.seed, Kind::Device, device_id as u64, "firmware");
    let timeline = firmware_timeline(ctx, model, installed_at, install.until, &mut firmware_rng);
    let mut rng = stream(ctx.seed, Kind::Device, device_id as u64, "telemetry");

    let mut events: Vec<Event> = vec![Event { ts: installed_at, kind: EventKind::Boot, value: 0.0 }];
    let mut failed_at = None;
    let mut stop = install.until;
    let mut offline_until = i64::MIN;
    let mut offline_episodes: Vec<(i64, i64)> = Vec::new();
    // The site's outages, as the platform sees them: each device drops offline when the site
    // does and reports the outage when it is back (if it is still in service then).
    for &(start, finish) in site_outages.iter().filter(|(start, _)| *start > installed_at && *start < install.until) {
        offline_episodes.push((start, finish));
        events.push(Event { ts: start, kind: EventKind::Offline, value: 0.0 });
        if finish < install.until {
            events.push(Event { ts: finish, kind: EventKind::Online, value: (finish - start) as f64 / SECOND as f64 });
        }
    }

    for (i, (at, _)) in timeline.iter().enumerate().skip(1) {
        events.push(Event { ts: *at, kind: EventKind::FirmwareUpdate, value: i as f64 });
        events.push(Event { ts: at + 40 * SECOND, kind: EventKind::Boot, value: 1.0 });
        // Now and then support re-flashes the same version (after a factory reset, or to cure
        // a misbehaving device): a second firmware_update to the version it already runs. Its
        // own stream, so no other draw moves.
        let mut reflash = stream(ctx.seed, Kind::Device, ((device_id as u64) << 8) | i as u64, "firmware_reflash");
        if reflash.random::<f64>() < REFLASH_RATE {
            let again = at + reflash.random_range(2 * HOUR..20 * DAY);
            let next = timeline.get(i + 1).map_or(i64::MAX, |(t, _)| *t);
            if again < next.min(install.until).min(end) - HOUR {
                events.push(Event { ts: again, kind: EventKind::FirmwareUpdate, value: -(i as f64) });
                events.push(Event { ts: again + 40 * SECOND, kind: EventKind::Boot, value: 1.0 });
            }
        }
    }

    let first = ctx.months.index_of(installed_at);
    let mut m = first;
    while m < ctx.months.count() {
        let (a, b) = ctx.months.span(m);
        let (from, to) = (a.max(installed_at), b.min(stop));
        if from >= to {
            if a >= stop {
                break;
            }
            m += 1;
            continue;
        }
        let share = (to - from) as f64 / (30.44 * DAY as f64);
        let health = life.latent_in(m).device_health;
        let health_factor = exp(2.0 * (0.5 - health));

        // Failure: the device goes back to the vendor and is replaced.
        if failed_at.is_none() && chance(&mut rng, s.fleet.rma_monthly * model.unreliability * health_factor * share) {
            let at = between(&mut rng, from, to);
            failed_at = Some(at);
            stop = at;
        }
        let to = to.min(stop);

        // Offline episodes, more of them on a broken firmware.
        let broken = is_broken(ctx, version_at(&timeline, from)).or_else(|| is_broken(ctx, version_at(&timeline, to - 1)));
        let rate = s.fleet.offline_episodes_monthly * model.unreliability * health_factor * broken.unwrap_or(1.0) * share;
        let mut episodes: Vec<(i64, i64)> = Vec::new();
        for _ in 0..poisson(&mut rng, rate) {
            let start = between(&mut rng, from, to);
            let hours = exponential(&mut rng, s.fleet.offline_hours_mean * (1.5 - health) * if broken.is_some() { 3.0 } else { 1.0 });
            let finish = start + (hours * HOUR as f64) as i64 + 5 * MINUTE;
            if start < offline_until || episodes.iter().chain(site_outages).any(|(x, y)| start < *y && finish > *x) {
                continue;
            }
            episodes.push((start, finish));
            offline_episodes.push((start, finish));
            offline_until = offline_until.max(finish);
            events.push(Event { ts: start, kind: EventKind::Offline, value: 0.0 });
            if finish < stop {
                events.push(Event { ts: finish, kind: EventKind::Online, value: (finish - start) as f64 / SECOND as f64 });
            }
        }
        let offline = |t: i64| within(&episodes, t) || within(site_outages, t);

        // Heartbeats carry the latest reading. They thin out before a cancellation, as a
        // customer on its way out stops looking after its devices (gateways unplugged).
        let days = (to - from) as f64 / DAY as f64;
        let wind_down = s.churn.wind_down_days as i64 * DAY;
        for _ in 0..poisson(&mut rng, s.events.heartbeats_per_device_day * days) {
            let t = between(&mut rng, from, to);
            if !offline(t) && !fades(&mut rng, life, t, wind_down) {
                events.push(Event { ts: t, kind: EventKind::Heartbeat, value: reading(model, &mut rng, false) });
            }
        }
        for _ in 0..poisson(&mut rng, s.events.alerts_per_device_month * model.unreliability * exp(1.5 * (0.5 - health)) * share) {
            let t = between(&mut rng, from, to);
            if !offline(t) {
                events.push(Event { ts: t, kind: EventKind::Alert, value: reading(model, &mut rng, true) });
            }
        }
        if chance(&mut rng, 0.002 * share) {
            events.push(Event { ts: between(&mut rng, from, to), kind: EventKind::Tamper, value: 0.0 });
        }
        m += 1;
    }
    // Batteries run down over their life (see `readings::Battery`) and are replaced.
    if model.battery {
        for (t, pct) in super::readings::Battery::of(ctx.seed, device_id).low_events(installed_at, stop.min(end)) {
            if !within(&offline_episodes, t) {
                events.push(Event { ts: t, kind: EventKind::BatteryLow, value: pct });
            }
        }
    }
    // The trailing readings window: what the sensor measured, and the alerts that caused.
    let window_from = ctx.readings_from.max(installed_at);
    let window_to = stop.min(end).min(ctx.readings_to);
    if window_from < window_to {
        let in_window = |e: &Event| e.kind == EventKind::Alert && e.ts >= window_from && e.ts < window_to;
        let excursions: Vec<i64> = events.iter().filter(|e| in_window(e)).map(|e| e.ts).collect();
        events.retain(|e| !in_window(e));
        let device = super::readings::Device {
            id: device_id,
            model,
            installed: installed_at,
            stop: window_to,
            offline: &offline_episodes,
            utc_offset: life.firm.clock.utc_offset_at(window_from),
        };
        for (ts, value) in super::readings::simulate(ctx, &device, window_from, window_to, &excursions, out) {
            events.push(Event { ts, kind: EventKind::Alert, value });
        }
    }
    events.retain(|e| e.ts < stop && e.ts < end);
    events.sort_by(|x, y| x.ts.cmp(&y.ts).then((x.kind as u8).cmp(&(y.kind as u8))));

    write_events(ctx, device_id, model, &timeline, &events, &mut rng, out);

    // The device's row as the app sees it at the end.
    let last_seen_at = events.iter().rev().find(|e| e.kind != EventKind::Offline).map(|e| e.ts);
    let in_offline_episode = events.iter().rev().find(|e| matches!(e.kind, EventKind::Offline | EventKind::Online)).is_some_and(|e| e.kind == EventKind::Offline);
    let (status, decommissioned_at) = if let Some(at) = failed_at {
        ("rma", Some(at))
    } else if install.ends_by_decommission {
        ("decommissioned", Some((install.until + between(&mut rng, 0, 7 * DAY)).min(end - MINUTE)))
    } else if installed_at > end - 2 * DAY && events.len() <= 1 {
        ("provisioned", None)
    } else if in_offline_episode {
        ("offline", None)
    } else {
        ("active", None)
    };
    let mut defects = Injector::new(&s.defects, ctx.seed, Kind::Device, device_id);
    let key = device_id.to_string();
    let null_firmware = defects.null();
    let deleted = defects.soft_delete();
    if null_firmware {
        defects::record(&mut out.truth.defects, "app.devices", &key, "null", "firmware_version");
    }
    if deleted {
        defects::record(&mut out.truth.defects, "app.devices", &key, "soft_delete", "");
    }
    let firmware = version_at(&timeline, stop.min(end) - 1);
    out.app.devices.push(DeviceRow {
        id: device_id,
        serial_number: &ids::serial_number(ctx.seed, model.sku, device_id),
        account_id: life.id,
        location_id,
        device_model_id: model.id,
        firmware_version: (!null_firmware).then_some(firmware),
        status,
        installed_at,
        decommissioned_at,
        last_seen_at,
        stripe_subscription_item_id: &ids::device_subscription_item_id(ctx.seed, life.id, install.period),
        _fivetran_deleted: deleted,
        // The row changes with every heartbeat (last_seen_at) and at decommissioning.
        _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::App, "devices", decommissioned_at.or(last_seen_at).unwrap_or(installed_at).max(installed_at), device_id as u64),
    });
    Outcome { failed_at, ended_at: decommissioned_at }
}

/// A plausible reading of the model's metric; alerts are readings out of range.
/// Whether `t` falls in one of the spans (start inclusive, end exclusive).
fn within(spans: &[(i64, i64)], t: i64) -> bool {
    spans.iter().any(|(a, b)| t >= *a && t < *b)
}

fn reading(model: &DeviceModel, rng: &mut Rng, alert: bool) -> f64 {
    let v = match (model.metric, alert) {
        ("temperature_c", false) => normal(rng, 3.8, 1.2),
        ("temperature_c", true) => normal(rng, 11.0, 3.0),
        ("humidity_pct", false) => normal(rng, 46.0, 6.0),
        ("humidity_pct", true) => normal(rng, 78.0, 6.0),
        ("power_w", false) => normal(rng, 420.0, 120.0).max(0.0),
        ("power_w", true) => normal(rng, 1900.0, 300.0),
        ("rssi_dbm", false) => normal(rng, -62.0, 7.0),
        ("rssi_dbm", true) => normal(rng, -92.0, 4.0),
        ("door_open_s", false) => exponential(rng, 90.0).min(600.0).round(),
        ("door_open_s", true) => rng.random_range(1200..3600) as f64,
        ("water_detected", alert) => if alert { 1.0 } else { 0.0 },
        (_, false) => normal(rng, 70.0, 15.0).clamp(1.0, 100.0),
        (_, true) => normal(rng, 8.0, 3.0).clamp(0.0, 100.0),
    };
    (v * 10.0).round() / 10.0
}

fn write_events(
    ctx: &Context,
    device_id: i64,
    model: &DeviceModel,
    timeline: &[(i64, &str)],
    events: &[Event],
    rng: &mut Rng,
    out: &mut Tables,
) {
    let mut defects = Injector::new(&ctx.scenario.defects, ctx.seed, Kind::Device, device_id);
    let mut event_id = String::with_capacity(36);
    let mut payload = String::with_capacity(96);
    let table = "iot.device_events";
    for e in events {
        ids::uuid_into(rng, &mut event_id);
        payload.clear();
        let _ = match e.kind {
            EventKind::Heartbeat => write!(payload, r#"{{"metric":"{}","value":{}}}"#, model.metric, e.value),
            EventKind::Alert => write!(payload, r#"{{"alert_type":"threshold_exceeded","metric":"{}","value":{},"threshold":{}}}"#, model.metric, e.value, model.threshold),
            EventKind::Offline => write!(payload, r#"{{"reason":"missed_heartbeats"}}"#),
            EventKind::Online => write!(payload, r#"{{"offline_s":{}}}"#, e.value.round() as i64),
            EventKind::Boot => write!(payload, r#"{{"reason":"{}"}}"#, if e.value > 0.0 { "firmware_update" } else { "install" }),
            EventKind::FirmwareUpdate => {
                // A negative index is a re-flash of the version the device runs.
                let i = e.value.abs() as usize;
                let from = if e.value < 0.0 { timeline[i].1 } else { timeline[i - 1].1 };
                write!(payload, r#"{{"from":"{}","to":"{}"}}"#, from, timeline[i].1)
            }
            EventKind::BatteryLow => write!(payload, r#"{{"battery_pct":{},"battery_v":{}}}"#, e.value, super::readings::BATTERY_LOW_V),
            EventKind::Tamper => write!(payload, r#"{{"sensor":"enclosure"}}"#),
        };
        let mut received_at = e.ts + SECOND / 2 + (exponential(rng, 6.0) * SECOND as f64) as i64;
        if let Some(delay) = defects.late() {
            received_at += delay;
            defects::record(&mut out.truth.defects, table, &event_id, "late_arrival", &format!("delay_s={}", delay / SECOND));
        }
        let mut row_device = device_id;
        if defects.orphan() {
            row_device = defects.orphan_id(ctx.census.newest_location_id() * SLOTS, SLOTS, 6);
            defects::record(&mut out.truth.defects, table, &event_id, "orphan", &format!("device_id={row_device}"));
        }
        let firmware = if defects.null() {
            defects::record(&mut out.truth.defects, table, &event_id, "null", "firmware_version");
            None
        } else {
            Some(version_at(timeline, e.ts))
        };
        let row = |received_at| DeviceEventRow {
            event_id: &event_id,
            device_id: row_device,
            event_type: e.kind.name(),
            event_ts: e.ts,
            received_at,
            firmware_version: firmware,
            payload: &payload,
        };
        out.iot.device_events.push(row(received_at));
        if defects.duplicate() {
            defects::record(&mut out.truth.defects, table, &event_id, "duplicate", "");
            out.iot.device_events.push(row(received_at + between(rng, SECOND, 90 * SECOND)));
        }
    }
}
