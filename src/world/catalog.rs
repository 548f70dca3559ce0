//! The device catalog: what the company sells. Every location has one gateway and a mix of
//! sensors; `reliability` scales how often a model drops offline or fails.

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
    /// The metric the device reports in heartbeat payloads.
    pub metric: &'static str,
}

pub const MODELS: &[DeviceModel] = &[
    DeviceModel { id: 1, sku: "GW-100", name: "Site Gateway", kind: "gateway", hardware_rev: "C", list_price_cents: 24900, sensor_weight: 0.0, unreliability: 0.8, metric: "rssi_dbm" },
    DeviceModel { id: 2, sku: "TS-200", name: "Temperature Probe", kind: "sensor", hardware_rev: "B", list_price_cents: 7900, sensor_weight: 0.34, unreliability: 1.0, metric: "temperature_c" },
    DeviceModel { id: 3, sku: "HS-210", name: "Humidity & Temperature Sensor", kind: "sensor", hardware_rev: "A", list_price_cents: 8900, sensor_weight: 0.18, unreliability: 1.1, metric: "humidity_pct" },
    DeviceModel { id: 4, sku: "DS-300", name: "Door Contact Sensor", kind: "sensor", hardware_rev: "B", list_price_cents: 4900, sensor_weight: 0.2, unreliability: 0.9, metric: "battery_pct" },
    DeviceModel { id: 5, sku: "PM-400", name: "Power Meter", kind: "sensor", hardware_rev: "A", list_price_cents: 15900, sensor_weight: 0.16, unreliability: 1.2, metric: "power_w" },
    DeviceModel { id: 6, sku: "LS-500", name: "Leak Detector", kind: "sensor", hardware_rev: "A", list_price_cents: 6900, sensor_weight: 0.12, unreliability: 1.0, metric: "battery_pct" },
];

pub const GATEWAY: &DeviceModel = &MODELS[0];

pub fn by_sku(sku: &str) -> Option<&'static DeviceModel> {
    MODELS.iter().find(|m| m.sku == sku)
}
