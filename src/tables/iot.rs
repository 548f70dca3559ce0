//! The IoT platform's tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// Device telemetry as the IoT platform lands it.
    pub struct Iot;

    /// Telemetry status events (the stream lands them via an object store).
    device_events: DeviceEvents, DeviceEventRow, area = "raw", source = "iot", key = [], global = false, parts = true, {
        event_id: Str,
        device_id: I64,
        /// boot / heartbeat / alert / offline / online / firmware_update / battery_low / tamper
        event_type: Str,
        event_ts: Ts,
        received_at: Ts,
        firmware_version: OptStr,
        payload: Str,
    }

    /// What the sensors measured, at each model's reporting interval, over the dataset's last
    /// `fleet.readings_days` days (one row per device, time and metric).
    sensor_readings: SensorReadings, SensorReadingRow, area = "raw", source = "iot", key = [], global = false, parts = true, {
        device_id: I64,
        reading_ts: Ts,
        /// temperature_c / humidity_pct / power_w / rssi_dbm / door_open_s / water_detected / battery_v
        metric: Str,
        value: F64,
        received_at: Ts,
    }

}
