//! Every table saaslab writes, with the columns of `design/sources.md` (plus what the
//! simulation naturally knows). Fivetran's `_fivetran_synced` / `_fivetran_deleted` columns
//! are on every connector table.

use super::{table, TableSpec};
use arrow::record_batch::RecordBatch;

table! {
    /// The product's customers: one row per account.
    Accounts, AccountRow, area = "raw", source = "app", name = "accounts", parts = false, {
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
}

table! {
    Users, UserRow, area = "raw", source = "app", name = "users", parts = false, {
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
}

table! {
    Locations, LocationRow, area = "raw", source = "app", name = "locations", parts = false, {
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
}

table! {
    DeviceModels, DeviceModelRow, area = "raw", source = "app", name = "device_models", parts = false, {
        id: I64,
        sku: Str,
        name: Str,
        /// sensor / gateway
        kind: Str,
        hardware_rev: Str,
        stripe_product_id: Str,
        list_price_cents: I64,
        _fivetran_deleted: Bool,
        _fivetran_synced: Ts,
    }
}

table! {
    Devices, DeviceRow, area = "raw", source = "app", name = "devices", parts = false, {
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
}

table! {
    FeatureUsage, FeatureUsageRow, area = "raw", source = "app", name = "feature_usage", parts = true, {
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

table! {
    /// Telemetry status events (the stream lands them via an object store).
    DeviceEvents, DeviceEventRow, area = "raw", source = "iot", name = "device_events", parts = true, {
        event_id: Str,
        device_id: I64,
        /// boot / heartbeat / alert / offline / online / firmware_update / battery_low / tamper
        event_type: Str,
        event_ts: Ts,
        received_at: Ts,
        firmware_version: OptStr,
        payload: Str,
    }
}

table! {
    Pages, PageRow, area = "raw", source = "segment", name = "pages", parts = true, {
        id: Str,
        anonymous_id: Str,
        user_id: OptStr,
        received_at: Ts,
        sent_at: Ts,
        timestamp: Ts,
        context_ip: OptStr,
        context_user_agent: OptStr,
        context_page_path: Str,
        context_page_url: Str,
        context_page_title: Str,
        context_page_referrer: OptStr,
        context_campaign_source: OptStr,
        context_campaign_medium: OptStr,
        context_campaign_name: OptStr,
        context_campaign_term: OptStr,
        context_campaign_content: OptStr,
        name: Str,
        path: Str,
        url: Str,
        referrer: OptStr,
        title: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    Screens, ScreenRow, area = "raw", source = "segment", name = "screens", parts = true, {
        id: Str,
        anonymous_id: Str,
        user_id: OptStr,
        received_at: Ts,
        sent_at: Ts,
        timestamp: Ts,
        context_ip: OptStr,
        context_app_version: Str,
        context_os_name: Str,
        context_device_model: Str,
        name: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    Tracks, TrackRow, area = "raw", source = "segment", name = "tracks", parts = true, {
        id: Str,
        anonymous_id: Str,
        user_id: OptStr,
        event: Str,
        event_text: Str,
        received_at: Ts,
        sent_at: Ts,
        timestamp: Ts,
        context_ip: OptStr,
        context_user_agent: OptStr,
        context_page_path: OptStr,
        _fivetran_synced: Ts,
    }
}

table! {
    Identifies, IdentifyRow, area = "raw", source = "segment", name = "identifies", parts = false, {
        id: Str,
        anonymous_id: Str,
        user_id: Str,
        email: Str,
        received_at: Ts,
        sent_at: Ts,
        timestamp: Ts,
        context_ip: OptStr,
        _fivetran_synced: Ts,
    }
}

table! {
    /// Ground truth per account: who they were, what they felt, when and why they left.
    TruthAccounts, TruthAccountRow, area = "truth", source = "", name = "accounts", parts = false, {
        account_id: I64,
        signup_at: Ts,
        segment: Str,
        acquisition_channel: Str,
        initial_plan_tier: Str,
        billing_interval: Str,
        had_trial: Bool,
        converted: Bool,
        locations: I64,
        /// Devices ever installed (replacements included).
        devices: I64,
        first_churned_at: OptTs,
        churned_at: OptTs,
        churn_reason: OptStr,
        times_churned: I64,
        reactivated_at: OptTs,
        status_at_end: Str,
        engagement_start: F64,
        device_health_start: F64,
        payment_reliability_start: F64,
        price_sensitivity_start: F64,
        engagement_end: F64,
        device_health_end: F64,
        payment_reliability_end: F64,
        price_sensitivity_end: F64,
    }
}

table! {
    /// Ground truth per account and month: the latent state and the churn hazard it implied.
    TruthAccountMonths, TruthAccountMonthRow, area = "truth", source = "", name = "account_months", parts = false, {
        account_id: I64,
        month: Date,
        status: Str,
        plan_tier: Str,
        engagement: F64,
        device_health: F64,
        payment_reliability: F64,
        price_sensitivity: F64,
        churn_hazard: F64,
        churned: Bool,
    }
}

table! {
    /// Every injected data-quality defect: which table, which row, what kind.
    TruthDefects, DefectRow, area = "truth", source = "", name = "defects", parts = false, {
        table_name: Str,
        key: Str,
        /// duplicate / late_arrival / soft_delete / null / orphan
        kind: Str,
        /// The column set to NULL, the delay, the dangling id …; NULL when the kind says it all.
        detail: OptStr,
    }
}

/// All the builders one chunk of accounts fills.
#[derive(Default)]
pub struct ChunkTables {
    pub accounts: Accounts,
    pub users: Users,
    pub locations: Locations,
    pub devices: Devices,
    pub feature_usage: FeatureUsage,
    pub device_events: DeviceEvents,
    pub pages: Pages,
    pub screens: Screens,
    pub tracks: Tracks,
    pub identifies: Identifies,
    pub truth_accounts: TruthAccounts,
    pub truth_account_months: TruthAccountMonths,
    pub truth_defects: TruthDefects,
}

/// The specs of every table in the order the dataset lists them.
pub fn all_specs() -> Vec<TableSpec> {
    vec![
        Accounts::SPEC,
        Users::SPEC,
        Locations::SPEC,
        DeviceModels::SPEC,
        Devices::SPEC,
        FeatureUsage::SPEC,
        DeviceEvents::SPEC,
        Pages::SPEC,
        Screens::SPEC,
        Tracks::SPEC,
        Identifies::SPEC,
        TruthAccounts::SPEC,
        TruthAccountMonths::SPEC,
        TruthDefects::SPEC,
    ]
}

impl ChunkTables {
    /// Drain every builder into (spec, batch) pairs, in `all_specs` order (device models,
    /// which are global, are not among them).
    pub fn drain(&mut self) -> Vec<(TableSpec, RecordBatch)> {
        vec![
            (Accounts::SPEC, self.accounts.finish()),
            (Users::SPEC, self.users.finish()),
            (Locations::SPEC, self.locations.finish()),
            (Devices::SPEC, self.devices.finish()),
            (FeatureUsage::SPEC, self.feature_usage.finish()),
            (DeviceEvents::SPEC, self.device_events.finish()),
            (Pages::SPEC, self.pages.finish()),
            (Screens::SPEC, self.screens.finish()),
            (Tracks::SPEC, self.tracks.finish()),
            (Identifies::SPEC, self.identifies.finish()),
            (TruthAccounts::SPEC, self.truth_accounts.finish()),
            (TruthAccountMonths::SPEC, self.truth_account_months.finish()),
            (TruthDefects::SPEC, self.truth_defects.finish()),
        ]
    }
}
