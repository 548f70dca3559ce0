//! The fixed vocabulary of the simulated world: segments, channels, billing intervals,
//! countries and the device catalog. Scenarios choose weights over these names; the
//! simulator and the scenario validator both read them from here.

pub mod catalog;
pub mod clients;
pub mod countries;
pub mod names;
pub mod taxes;

pub const SEGMENTS: &[&str] = &["smb", "mid_market", "enterprise"];

/// Acquisition channels, as the app records them in `accounts.acquisition_channel`.
pub const CHANNELS: &[&str] = &[
    "google_ads",
    "meta_ads",
    "linkedin_ads",
    "organic_search",
    "referral",
    "outbound_sales",
    "email",
];

/// Billing intervals and their length in months.
pub const BILLING_INTERVALS: &[&str] = &["monthly", "quarterly", "annual"];

pub fn interval_months(interval: &str) -> u32 {
    match interval {
        "annual" => 12,
        "quarterly" => 3,
        _ => 1,
    }
}
