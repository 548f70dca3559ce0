//! The app database's tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// The product's own database (Fivetran from PostgreSQL): accounts, users, locations, the device catalog and fleet, feature use.
    pub struct App;

    /// The product's customers: one row per account.
    accounts: Accounts, AccountRow, area = "raw", source = "app", key = [id], global = false, parts = false, {
        id: I64,
        name: Str,
        domain: Str,
        industry: Str,
        segment: Str,
        country: OptStr,
        plan_tier: Str,
        billing_interval: Str,
        /// trialing / active / canceled
        status: Str,
        acquisition_channel: Str,
        stripe_customer_id: Str,
        hubspot_company_id: I64,
        trial_ends_at: OptTs,
        canceled_at: OptTs,
        created_at: Ts,
        updated_at: Ts,
        _fivetran_deleted: Bool,
        _fivetran_synced: Ts,
    }

    users: Users, UserRow, area = "raw", source = "app", key = [id], global = false, parts = false, {
        id: I64,
        account_id: I64,
        email: Str,
        first_name: OptStr,
        last_name: OptStr,
        /// admin / manager / technician / viewer
        role: Str,
        created_at: Ts,
        last_login_at: OptTs,
        _fivetran_deleted: Bool,
        _fivetran_synced: Ts,
    }

    locations: Locations, LocationRow, area = "raw", source = "app", key = [id], global = false, parts = false, {
        id: I64,
        account_id: I64,
        name: Str,
        address_line_1: Str,
        city: Str,
        region: Str,
        country: Str,
        postal_code: OptStr,
        timezone: Str,
        latitude: OptF64,
        longitude: OptF64,
        opened_at: Ts,
        closed_at: OptTs,
        _fivetran_deleted: Bool,
        _fivetran_synced: Ts,
    }

    device_models: DeviceModels, DeviceModelRow, area = "raw", source = "app", key = [id], global = true, parts = false, {
        id: I64,
        sku: Str,
        name: Str,
        /// sensor / gateway
        kind: Str,
        hardware_rev: Str,
        stripe_product_id: Str,
        list_price_cents: I64,
        /// What the device measures (the metric of its readings and alerts).
        metric: Str,
        reporting_interval_s: I64,
        /// An alert fires when a reading crosses this value (`above` or `below` it).
        alert_threshold: F64,
        alert_direction: Str,
        battery_powered: Bool,
        _fivetran_deleted: Bool,
        _fivetran_synced: Ts,
    }

    devices: Devices, DeviceRow, area = "raw", source = "app", key = [id], global = false, parts = false, {
        id: I64,
        serial_number: Str,
        account_id: I64,
        location_id: I64,
        device_model_id: I64,
        firmware_version: OptStr,
        /// provisioned / active / offline / decommissioned / rma
        status: Str,
        installed_at: Ts,
        decommissioned_at: OptTs,
        last_seen_at: OptTs,
        stripe_subscription_item_id: Str,
        _fivetran_deleted: Bool,
        _fivetran_synced: Ts,
    }

    feature_usage: FeatureUsage, FeatureUsageRow, area = "raw", source = "app", key = [id], global = false, parts = true, {
        id: Str,
        account_id: I64,
        user_id: I64,
        feature: Str,
        used_at: Ts,
        duration_s: I64,
        _fivetran_deleted: Bool,
        _fivetran_synced: Ts,
    }

}
