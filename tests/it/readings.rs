//! The fleet reports: `iot.sensor_readings` holds what each sensor measured at its model's
//! interval over the dataset's last days, with the physics of real sensors, and the alerts and
//! battery warnings of `iot.device_events` are caused by those readings.

use crate::common::*;

#[test]
fn every_alert_in_the_readings_window_follows_a_reading_past_its_threshold() {
    let dir = built(CANONICAL);
    let w = warehouse(&dir);
    let window_start = "(select min(reading_at) from stg_iot__sensor_readings)";
    let alerts = number(&w, &format!("select count(*) from stg_iot__device_events where event_type = 'alert' and event_at >= {window_start}"));
    assert!(alerts > 1000.0, "{alerts} alerts in the readings window");
    // The alert is the first reading that crosses the model's threshold: a reading past it
    // within the last minute before the alert, on the same device and metric.
    let unexplained = number(
        &w,
        &format!(
            "select count(*) from stg_iot__device_events e
             join stg_app__devices d using (device_id) join stg_app__device_models m using (device_model_id)
             where e.event_type = 'alert' and e.event_at >= {window_start}
               and not exists (
                 select 1 from stg_iot__sensor_readings r
                 where r.device_id = e.device_id and r.metric = m.metric
                   and r.reading_at between e.event_at - interval 1 minute and e.event_at
                   and ((m.alert_direction = 'above' and r.value > m.alert_threshold) or (m.alert_direction = 'below' and r.value < m.alert_threshold)))"
        ),
    );
    assert_eq!(unexplained, 0.0, "alerts with no reading past the threshold just before them");
    // And the payload names the metric, the value and the threshold.
    let payload = number(&w, &format!("select count(*) from stg_iot__device_events where event_type = 'alert' and event_at >= {window_start} and not (payload like '%\"threshold\":%' and payload like '%\"metric\":%')"));
    assert_eq!(payload, 0.0);
    // Physical bounds: relative humidity is a percentage.
    let impossible = number(&w, "select count(*) from stg_iot__sensor_readings where metric = 'humidity_pct' and (value < 0 or value > 100)");
    assert_eq!(impossible, 0.0, "humidity outside 0–100 %");
    // Readings stay inside the dataset's dates, like every other row.
    let after = number(&w, "select count(*) from stg_iot__sensor_readings where reading_at >= timestamp '2026-01-01'");
    assert_eq!(after, 0.0, "readings after the as-of date");
}

#[test]
fn battery_warnings_follow_battery_decay_and_sensors_behave_like_sensors() {
    let dir = built(CANONICAL);
    let w = warehouse(&dir);
    // battery_low fires as a battery's voltage falls through 2.5 V: the last battery_v report
    // before the warning is above it, the first after is below.
    let wrong_side = number(
        &w,
        "with lows as (select device_id, event_at from stg_iot__device_events where event_type = 'battery_low'
                        and event_at > (select min(reading_at) from stg_iot__sensor_readings) + interval 6 hour),
              around as (
                select l.device_id, l.event_at,
                       (select arg_max(value, reading_at) from stg_iot__sensor_readings r where r.device_id = l.device_id and r.metric = 'battery_v' and r.reading_at < l.event_at) as before_v,
                       (select arg_min(value, reading_at) from stg_iot__sensor_readings r where r.device_id = l.device_id and r.metric = 'battery_v' and r.reading_at > l.event_at) as after_v
                from lows l)
         select count(*) from around where before_v < 2.48 or after_v > 2.52",
    );
    assert_eq!(wrong_side, 0.0, "battery_low warnings on the wrong side of the voltage curve");
    // Over the whole history, a battery sensor warns once per battery life (600–1,300 days),
    // and many devices are retired before their first battery runs down.
    let per_device_year = number(
        &w,
        "select count(*) filter (where e.event_type = 'battery_low') * 365.0 /
                (select sum(date_diff('day', installed_at, coalesce(decommissioned_at, timestamp '2026-01-01'))) from stg_app__devices d join stg_app__device_models m using (device_model_id) where m.battery_powered)
         from stg_iot__device_events e",
    );
    assert!((0.1..0.6).contains(&per_device_year), "{per_device_year:.2} battery warnings per battery device-year");

    // Readings arrive at the model's interval: the median gap between a device's readings is
    // its reporting interval.
    let off_interval = number(
        &w,
        "with gaps as (
            select r.device_id, m.reporting_interval_s,
                   date_diff('second', lag(r.reading_at) over (partition by r.device_id order by r.reading_at), r.reading_at) as gap
            from stg_iot__sensor_readings r join stg_app__devices d using (device_id) join stg_app__device_models m using (device_model_id)
            where r.metric = m.metric)
         select count(*) from (select device_id, any_value(reporting_interval_s) as interval_s, median(gap) as gap from gaps group by 1)
         where abs(gap - interval_s) > 30",
    );
    assert_eq!(off_interval, 0.0, "devices whose median gap is not their reporting interval");
    // Nothing is reported while a device is offline (an online event says for how long it was).
    let during_outage = number(
        &w,
        "with episodes as (
            select device_id, event_at - to_seconds(offline_seconds) as went_offline, event_at as back
            from stg_iot__device_events where event_type = 'online')
         select count(*) from stg_iot__sensor_readings r join episodes e
           on e.device_id = r.device_id and r.reading_at > e.went_offline + interval 1 minute and r.reading_at < e.back - interval 1 minute",
    );
    assert_eq!(during_outage, 0.0, "readings while the device was offline");
    // A few stuck sensors, found by the daily health model; most days are complete.
    let stuck = number(&w, "select count(distinct device_id) from int_iot__device_daily_health where looks_stuck");
    let devices = number(&w, "select count(distinct device_id) from int_iot__device_daily_health");
    println!("{stuck} of {devices} devices look stuck on some day");
    assert!(stuck > 0.0 && stuck < devices * 0.03, "{stuck} stuck of {devices}");
    let coverage = number(&w, "select avg(coverage) from int_iot__device_daily_health where metric <> 'battery_v'");
    assert!((0.95..1.0).contains(&coverage), "mean daily coverage {coverage:.3}");
    // Cold-room probes follow a daily cycle: warmer in the afternoon than before dawn (UTC
    // hours of US locations, where most probes are).
    let cycle = number(
        &w,
        "select avg(value) filter (where hour(reading_at) between 19 and 23) - avg(value) filter (where hour(reading_at) between 8 and 12)
         from stg_iot__sensor_readings r join stg_app__devices d using (device_id) join stg_app__locations l using (location_id)
         where r.metric = 'temperature_c' and l.country = 'US' and r.value < 8",
    );
    assert!(cycle > 0.3, "US afternoon vs early morning probe temperature differs by {cycle:.2} °C");
}

#[test]
fn readings_grow_the_dataset_by_at_most_about_half() {
    let dir = dataset(CANONICAL);
    let m = saaslab::dataset::Dataset::open(&dir).unwrap().manifest;
    let readings = m.tables.iter().find(|t| t.table == "iot.sensor_readings").expect("iot.sensor_readings is written");
    let rest: u64 = m.tables.iter().filter(|t| t.table != "iot.sensor_readings").map(|t| t.bytes).sum();
    let rest_rows: u64 = m.tables.iter().filter(|t| t.table != "iot.sensor_readings").map(|t| t.rows).sum();
    println!("sensor_readings: {} rows, {} MB; the rest: {} rows, {} MB", readings.rows, readings.bytes / 1_000_000, rest_rows, rest / 1_000_000);
    assert!(readings.bytes * 2 <= rest, "readings take {} of {} bytes", readings.bytes, rest);
    assert!(readings.rows * 10 <= rest_rows * 6, "readings add {} rows to {}", readings.rows, rest_rows);
}
