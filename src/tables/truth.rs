//! The ground-truth tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// The simulation's answer key (`truth/`): what the raw tables hide. Never in the warehouse.
    pub struct Truth;

    /// Ground truth per account: who they were, what they felt, when and why they left.
    accounts: TruthAccounts, TruthAccountRow, area = "truth", source = "", key = [], global = false, parts = false, {
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

    /// Ground truth per account and month: the latent state and the churn hazard it implied.
    account_months: TruthAccountMonths, TruthAccountMonthRow, area = "truth", source = "", key = [], global = false, parts = false, {
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

    /// Every injected data-quality defect: which table, which row, what kind.
    defects: TruthDefects, DefectRow, area = "truth", source = "", key = [], global = false, parts = false, {
        table_name: Str,
        key: Str,
        /// duplicate / late_arrival / soft_delete / null / orphan
        kind: Str,
        /// The column set to NULL, the delay, the dangling id …; NULL when the kind says it all.
        detail: OptStr,
    }

    /// Ground truth: each account's MRR at the start of every month (and at the end of the
    /// data), normalised to monthly across intervals, list price × quantity, and its movement.
    /// `mrr_cents` is in US dollars at finance's planning rate (see `finance.fx_rates`), one
    /// rounding of `local_mrr_cents`, which is in the account's billing currency.
    mrr: TruthMrr, TruthMrrRow, area = "truth", source = "", key = [], global = false, parts = false, {
        account_id: I64,
        /// The instant the MRR is measured at (month starts, then the end of the data).
        as_of: Ts,
        mrr_cents: I64,
        currency: Str,
        local_mrr_cents: I64,
        previous_mrr_cents: I64,
        /// new / expansion / contraction / churn / reactivation / unchanged
        movement: Str,
    }

    /// Ground truth: every touch of every account's journey to signup, in order.
    touches: TruthTouches, TruthTouchRow, area = "truth", source = "", key = [], global = false, parts = false, {
        account_id: I64,
        touch_number: I64,
        touched_at: Ts,
        /// An acquisition channel, or `direct`.
        channel: Str,
        /// google_ads / meta_ads / linkedin_ads for paid touches.
        platform: OptStr,
        campaign_id: OptI64,
        campaign_name: OptStr,
        utm_source: OptStr,
        utm_medium: OptStr,
        /// The landing page's utm_campaign: the ad campaign's name, a newsletter, a sequence.
        utm_campaign: OptStr,
        anonymous_id: Str,
        is_first: Bool,
        is_last: Bool,
    }

}
