//! The device catalog: what the company sells. Every location has one gateway and a mix of
//! sensors; `unreliability` scales how often a model drops offline or fails. Each model
//! measures one metric at its reporting interval and alerts when the metric crosses its
//! threshold; battery models also report their battery voltage.

pub struct DeviceModel {
    pub id: i64,
    pub sku: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub hardware_rev: &'static str,
    /// One-off hardware price, in cents.
    pub list_price_cents: i64,
    /// Relative weight among sensors at a new location (0 for gateways).
    pub sensor_weight: f64,
    /// > 1 means more offline episodes and failures than average.
    pub unreliability: f64,
    /// The metric the device measures (heartbeat and alert payloads, `iot.sensor_readings`).
    pub metric: &'static str,
    /// Minutes between readings.
    pub interval_minutes: i64,
    /// The alert threshold: an alert fires when a reading goes above it (below, for
    /// `alert_below` models).
    pub threshold: f64,
    pub alert_below: bool,
    /// Runs on a battery (and reports `battery_v`); the others are mains powered.
    pub battery: bool,
}

pub const MODELS: &[DeviceModel] = &[
    DeviceModel { id: 1, sku: "GW-100", name: "Site Gateway", kind: "gateway", hardware_rev: "C", list_price_cents: 24900, sensor_weight: 0.0, unreliability: 0.8, metric: "rssi_dbm", interval_minutes: 60, threshold: -85.0, alert_below: true, battery: false },
    DeviceModel { id: 2, sku: "TS-200", name: "Temperature Probe", kind: "sensor", hardware_rev: "B", list_price_cents: 7900, sensor_weight: 0.34, unreliability: 1.0, metric: "temperature_c", interval_minutes: 15, threshold: 8.0, alert_below: false, battery: true },
    DeviceModel { id: 3, sku: "HS-210", name: "Humidity & Temperature Sensor", kind: "sensor", hardware_rev: "A", list_price_cents: 8900, sensor_weight: 0.18, unreliability: 1.1, metric: "humidity_pct", interval_minutes: 60, threshold: 70.0, alert_below: false, battery: true },
    DeviceModel { id: 4, sku: "DS-300", name: "Door Contact Sensor", kind: "sensor", hardware_rev: "B", list_price_cents: 4900, sensor_weight: 0.2, unreliability: 0.9, metric: "door_open_s", interval_minutes: 60, threshold: 900.0, alert_below: false, battery: true },
    DeviceModel { id: 5, sku: "PM-400", name: "Power Meter", kind: "sensor", hardware_rev: "A", list_price_cents: 15900, sensor_weight: 0.16, unreliability: 1.2, metric: "power_w", interval_minutes: 30, threshold: 1500.0, alert_below: false, battery: false },
    DeviceModel { id: 6, sku: "LS-500", name: "Leak Detector", kind: "sensor", hardware_rev: "A", list_price_cents: 6900, sensor_weight: 0.12, unreliability: 1.0, metric: "water_detected", interval_minutes: 60, threshold: 0.5, alert_below: false, battery: true },
];

pub const GATEWAY: &DeviceModel = &MODELS[0];

pub fn by_sku(sku: &str) -> Option<&'static DeviceModel> {
    MODELS.iter().find(|m| m.sku == sku)
}
