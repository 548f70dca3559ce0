//! The fleet: device time online, the firmware rollout, and alerts per device model.

use crate::report::figures::Figures;
use crate::report::html::{date, Cx, Section};
use crate::report::svg::{self, esc, Line};
use std::collections::BTreeMap;

/// Per firmware version, the share of the month's reporting devices that reported on it.
/// A device updated within a month reports on two versions, so a month's shares can add past 1.
pub fn firmware_shares(f: &Figures) -> BTreeMap<String, Vec<(String, f64)>> {
    let mut reporting: BTreeMap<&str, i64> = BTreeMap::new();
    for m in &f.firmware {
        let devices = f.fleet.iter().find(|x| x.month_start == m.month_start).map(|x| x.devices_in_service).unwrap_or(0);
        reporting.insert(&m.month_start, devices);
    }
    // Devices in service (not those that happened to report) are the base, so an outage that
    // silences devices shows as a dip rather than vanishing from the shares.
    let mut out: BTreeMap<String, Vec<(String, f64)>> = BTreeMap::new();
    for m in &f.firmware {
        let base = reporting.get(m.month_start.as_str()).copied().unwrap_or(0);
        if base > 0 {
            out.entry(m.firmware_version.clone()).or_default().push((m.month_start.clone(), m.devices as f64 / base as f64));
        }
    }
    out
}

pub fn add(cx: &Cx, out: &mut Vec<Section>) {
    let f = cx.f;
    let online = cx.lines("time online", 2, 3, |f| f.fleet.iter().filter_map(|m| Some((date(&m.month_start)?, m.uptime_ratio))).collect());
    let chart = svg::lines("chart-fleet", "Device time online", "Share of device time online each month, over all device models.", "time online (%)", true, &online, &cx.markers);
    out.push(Section { id: "fleet", title: "Fleet: devices online", body: format!("{chart}<p class=caption>Share of in-service device time not offline, each month, weighted by devices in service, from <code>iot_device_uptime</code>.</p>") });

    let versions: Vec<Line> = firmware_shares(f).into_iter().enumerate().map(|(k, (version, points))| Line { name: version, points: points.iter().filter_map(|(m, v)| Some((date(m)?, *v))).collect(), dashed: false, colour: k }).collect();
    let chart = svg::lines("chart-firmware", "Firmware rollout", "Lines per firmware version: the share of devices in service that reported on it each month.", "devices on the version (%)", true, &versions, &cx.markers);
    out.push(Section { id: "firmware", title: "Fleet: firmware rollout", body: format!("{chart}<p class=caption>Devices that sent any event on each firmware version in a month, over the devices in service that month (<code>stg_iot__device_events</code>, <code>iot_device_uptime</code>): each release climbs as devices update and the one before it falls away; a device updated during a month counts for both versions.</p>") });

    let skus: Vec<String> = f.alerts.iter().map(|a| a.sku.clone()).collect();
    let per_model = |g: &Figures| vec![("alerts".to_string(), skus.iter().map(|s| g.alerts.iter().find(|a| &a.sku == s).and_then(|a| a.alerts_per_device_month).unwrap_or(f64::NAN)).collect())];
    let chart = svg::grouped_bars("chart-alerts", "Alerts per device and month, by device model", "Bars per device model: alerts per device in service and month over the last twelve months.", "alerts per device-month", &skus, &cx.bars(per_model));
    let names: Vec<String> = f.alerts.iter().map(|a| format!("{} ({})", esc(&a.sku), esc(&a.model_name))).collect();
    out.push(Section { id: "alerts", title: "Fleet: alerts by device model", body: format!("{chart}<p class=caption>Alerts over devices in service, per month, over the last twelve months, from <code>iot_device_uptime</code>: {}.</p>", names.join(", ")) });
}
