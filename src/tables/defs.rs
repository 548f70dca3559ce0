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
    /// Stripe customers: one per account (`metadata` carries the app account id).
    StripeCustomers, StripeCustomerRow, area = "raw", source = "stripe", name = "customer", parts = false, {
        id: Str,
        created: Ts,
        email: OptStr,
        name: Str,
        description: OptStr,
        currency: Str,
        /// Cents; negative is credit the customer holds.
        balance: I64,
        delinquent: Bool,
        invoice_prefix: Str,
        address_line1: OptStr,
        address_city: OptStr,
        address_state: OptStr,
        address_postal_code: OptStr,
        address_country: OptStr,
        /// none / exempt / reverse
        tax_exempt: Str,
        metadata: Str,
        livemode: Bool,
        is_deleted: Bool,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeProducts, StripeProductRow, area = "raw", source = "stripe", name = "product", parts = false, {
        id: Str,
        name: Str,
        description: OptStr,
        active: Bool,
        /// service / good
        r#type: Str,
        unit_label: OptStr,
        metadata: Str,
        created: Ts,
        updated: Ts,
        is_deleted: Bool,
        _fivetran_synced: Ts,
    }
}

table! {
    StripePrices, StripePriceRow, area = "raw", source = "stripe", name = "price", parts = false, {
        id: Str,
        product_id: Str,
        active: Bool,
        currency: Str,
        unit_amount: I64,
        /// recurring / one_time
        r#type: Str,
        billing_scheme: Str,
        recurring_interval: OptStr,
        recurring_interval_count: OptI64,
        recurring_usage_type: OptStr,
        nickname: OptStr,
        lookup_key: OptStr,
        created: Ts,
        is_deleted: Bool,
        _fivetran_synced: Ts,
    }
}


table! {
    /// One row per change of a subscription's state; `_fivetran_active` marks the current one.
    StripeSubscriptionHistory, StripeSubscriptionHistoryRow, area = "raw", source = "stripe", name = "subscription_history", parts = false, {
        id: Str,
        customer_id: Str,
        /// incomplete / incomplete_expired / trialing / active / past_due / canceled / unpaid
        status: Str,
        created: Ts,
        start_date: Ts,
        billing_cycle_anchor: Ts,
        current_period_start: Ts,
        current_period_end: Ts,
        trial_start: OptTs,
        trial_end: OptTs,
        cancel_at: OptTs,
        cancel_at_period_end: Bool,
        canceled_at: OptTs,
        ended_at: OptTs,
        collection_method: Str,
        days_until_due: OptI64,
        latest_invoice_id: OptStr,
        metadata: Str,
        _fivetran_active: Bool,
        _fivetran_start: Ts,
        _fivetran_end: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeSubscriptionItems, StripeSubscriptionItemRow, area = "raw", source = "stripe", name = "subscription_item", parts = false, {
        id: Str,
        subscription_id: Str,
        price_id: Str,
        quantity: I64,
        created: Ts,
        current_period_start: Ts,
        current_period_end: Ts,
        metadata: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeInvoices, StripeInvoiceRow, area = "raw", source = "stripe", name = "invoice", parts = false, {
        id: Str,
        customer_id: Str,
        subscription_id: Str,
        charge_id: OptStr,
        payment_intent_id: OptStr,
        number: Str,
        /// draft / open / paid / uncollectible / void
        status: Str,
        /// subscription_create / subscription_cycle / subscription_update / manual
        billing_reason: Str,
        created: Ts,
        due_date: OptTs,
        period_start: Ts,
        period_end: Ts,
        subtotal: I64,
        tax: I64,
        /// Sum of the discounts applied (Stripe's `total_discount_amounts`, summed).
        total_discount_amount: I64,
        total: I64,
        /// Customer balance before and after this invoice (negative = credit).
        starting_balance: I64,
        ending_balance: I64,
        amount_due: I64,
        amount_paid: I64,
        amount_remaining: I64,
        attempt_count: I64,
        paid: Bool,
        currency: Str,
        status_transitions_paid_at: OptTs,
        status_transitions_voided_at: OptTs,
        status_transitions_marked_uncollectible_at: OptTs,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeInvoiceLineItems, StripeInvoiceLineItemRow, area = "raw", source = "stripe", name = "invoice_line_item", parts = false, {
        id: Str,
        invoice_id: Str,
        subscription_id: Str,
        subscription_item_id: Str,
        price_id: Str,
        /// subscription / invoiceitem
        r#type: Str,
        amount: I64,
        currency: Str,
        quantity: I64,
        period_start: Ts,
        period_end: Ts,
        proration: Bool,
        description: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeCharges, StripeChargeRow, area = "raw", source = "stripe", name = "charge", parts = false, {
        id: Str,
        customer_id: Str,
        invoice_id: Str,
        payment_intent_id: Str,
        balance_transaction_id: OptStr,
        amount: I64,
        amount_refunded: I64,
        currency: Str,
        /// succeeded / pending / failed
        status: Str,
        paid: Bool,
        captured: Bool,
        refunded: Bool,
        failure_code: OptStr,
        failure_message: OptStr,
        outcome_type: Str,
        created: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    StripePaymentIntents, StripePaymentIntentRow, area = "raw", source = "stripe", name = "payment_intent", parts = false, {
        id: Str,
        customer_id: Str,
        invoice_id: Str,
        amount: I64,
        amount_received: I64,
        currency: Str,
        /// succeeded / requires_payment_method / canceled
        status: Str,
        last_payment_error_code: OptStr,
        created: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeRefunds, StripeRefundRow, area = "raw", source = "stripe", name = "refund", parts = false, {
        id: Str,
        charge_id: Str,
        payment_intent_id: Str,
        balance_transaction_id: Str,
        amount: I64,
        currency: Str,
        /// duplicate / fraudulent / requested_by_customer
        reason: Str,
        status: Str,
        created: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeBalanceTransactions, StripeBalanceTransactionRow, area = "raw", source = "stripe", name = "balance_transaction", parts = false, {
        id: Str,
        /// The ch_ or re_ id that moved the money.
        source: Str,
        /// charge / refund / adjustment
        r#type: Str,
        reporting_category: Str,
        amount: I64,
        fee: I64,
        net: I64,
        currency: Str,
        status: Str,
        available_on: Ts,
        created: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeCoupons, StripeCouponRow, area = "raw", source = "stripe", name = "coupon", parts = false, {
        id: Str,
        name: Str,
        /// once / repeating / forever
        duration: Str,
        duration_in_months: OptI64,
        percent_off: OptF64,
        amount_off: OptI64,
        currency: OptStr,
        times_redeemed: I64,
        valid: Bool,
        created: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    StripeDiscounts, StripeDiscountRow, area = "raw", source = "stripe", name = "discount", parts = false, {
        id: Str,
        coupon_id: Str,
        customer_id: Str,
        subscription_id: Str,
        start: Ts,
        end: OptTs,
        _fivetran_synced: Ts,
    }
}

table! {
    GoogleCampaignHistory, GoogleCampaignHistoryRow, area = "raw", source = "google_ads", name = "campaign_history", parts = false, {
        id: I64,
        updated_at: Ts,
        customer_id: I64,
        name: Str,
        /// ENABLED / PAUSED / REMOVED
        status: Str,
        advertising_channel_type: Str,
        start_date: Date,
        /// 2037-12-30 when open
        end_date: Date,
        tracking_url_template: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    GoogleAdGroupHistory, GoogleAdGroupHistoryRow, area = "raw", source = "google_ads", name = "ad_group_history", parts = false, {
        id: I64,
        updated_at: Ts,
        campaign_id: I64,
        name: Str,
        status: Str,
        r#type: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    GoogleKeywordHistory, GoogleKeywordHistoryRow, area = "raw", source = "google_ads", name = "keyword_history", parts = false, {
        id: I64,
        updated_at: Ts,
        ad_group_id: I64,
        keyword_text: Str,
        /// EXACT / PHRASE / BROAD
        keyword_match_type: Str,
        status: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    GoogleCampaignStats, GoogleCampaignStatsRow, area = "raw", source = "google_ads", name = "campaign_stats", parts = false, {
        date: Date,
        id: I64,
        customer_id: I64,
        /// MOBILE / DESKTOP / TABLET
        device: Str,
        ad_network_type: Str,
        impressions: I64,
        clicks: I64,
        cost_micros: I64,
        conversions: F64,
        conversions_value: F64,
        _fivetran_synced: Ts,
    }
}

table! {
    FacebookCampaignHistory, FacebookCampaignHistoryRow, area = "raw", source = "facebook_ads", name = "campaign_history", parts = false, {
        id: I64,
        updated_time: Ts,
        account_id: I64,
        name: Str,
        /// ACTIVE / PAUSED / DELETED / ARCHIVED
        status: Str,
        start_time: Ts,
        stop_time: OptTs,
        daily_budget: OptI64,
        lifetime_budget: OptI64,
        created_time: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    FacebookAdSetHistory, FacebookAdSetHistoryRow, area = "raw", source = "facebook_ads", name = "ad_set_history", parts = false, {
        id: I64,
        updated_time: Ts,
        campaign_id: I64,
        account_id: I64,
        name: Str,
        status: Str,
        optimization_goal: Str,
        daily_budget: OptI64,
        start_time: Ts,
        end_time: OptTs,
        _fivetran_synced: Ts,
    }
}

table! {
    FacebookAdHistory, FacebookAdHistoryRow, area = "raw", source = "facebook_ads", name = "ad_history", parts = false, {
        id: I64,
        updated_time: Ts,
        ad_set_id: I64,
        campaign_id: I64,
        account_id: I64,
        creative_id: I64,
        name: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    FacebookCreativeHistory, FacebookCreativeHistoryRow, area = "raw", source = "facebook_ads", name = "creative_history", parts = false, {
        id: I64,
        _fivetran_id: Str,
        account_id: I64,
        name: Str,
        /// The UTM query string appended to the landing page.
        url_tags: Str,
        page_link: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    FacebookBasicAd, FacebookBasicAdRow, area = "raw", source = "facebook_ads", name = "basic_ad", parts = false, {
        ad_id: I64,
        ad_name: Str,
        adset_name: Str,
        account_id: I64,
        date: Date,
        impressions: I64,
        inline_link_clicks: I64,
        /// In currency units (dollars), as Meta reports it.
        spend: F64,
        reach: I64,
        frequency: F64,
        _fivetran_synced: Ts,
    }
}

table! {
    /// Meta's reported conversions (the pixel's lead events), per ad and day.
    FacebookBasicAdActions, FacebookBasicAdActionRow, area = "raw", source = "facebook_ads", name = "basic_ad_actions", parts = false, {
        ad_id: I64,
        date: Date,
        action_type: Str,
        value: F64,
        _fivetran_synced: Ts,
    }
}

table! {
    LinkedinCampaignGroupHistory, LinkedinCampaignGroupHistoryRow, area = "raw", source = "linkedin_ads", name = "campaign_group_history", parts = false, {
        id: I64,
        last_modified_time: Ts,
        account_id: I64,
        name: Str,
        status: Str,
        run_schedule_start: Ts,
        run_schedule_end: OptTs,
        _fivetran_synced: Ts,
    }
}

table! {
    LinkedinCampaignHistory, LinkedinCampaignHistoryRow, area = "raw", source = "linkedin_ads", name = "campaign_history", parts = false, {
        id: I64,
        last_modified_time: Ts,
        account_id: I64,
        campaign_group_id: I64,
        name: Str,
        /// ACTIVE / PAUSED / COMPLETED
        status: Str,
        r#type: Str,
        /// CPM / CPC
        cost_type: Str,
        objective_type: Str,
        daily_budget_amount: F64,
        run_schedule_start: Ts,
        run_schedule_end: OptTs,
        _fivetran_synced: Ts,
    }
}

table! {
    LinkedinCreativeHistory, LinkedinCreativeHistoryRow, area = "raw", source = "linkedin_ads", name = "creative_history", parts = false, {
        id: I64,
        last_modified_time: Ts,
        campaign_id: I64,
        intended_status: Str,
        /// Landing page with UTMs.
        click_uri: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    LinkedinAdAnalyticsByCampaign, LinkedinAdAnalyticsRow, area = "raw", source = "linkedin_ads", name = "ad_analytics_by_campaign", parts = false, {
        campaign_id: I64,
        day: Ts,
        impressions: I64,
        clicks: I64,
        cost_in_usd: F64,
        cost_in_local_currency: F64,
        external_website_conversions: I64,
        one_click_leads: I64,
        landing_page_clicks: I64,
        _fivetran_synced: Ts,
    }
}

table! {
    /// Ground truth: every touch of every account's journey to signup, in order.
    TruthTouches, TruthTouchRow, area = "truth", source = "", name = "touches", parts = false, {
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

table! {
    HubspotOwners, HubspotOwnerRow, area = "raw", source = "hubspot", name = "owner", parts = false, {
        owner_id: I64,
        email: Str,
        first_name: Str,
        last_name: Str,
        r#type: Str,
        created_at: Ts,
        updated_at: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotCompanies, HubspotCompanyRow, area = "raw", source = "hubspot", name = "company", parts = false, {
        id: I64,
        portal_id: I64,
        is_deleted: Bool,
        property_name: Str,
        property_domain: Str,
        property_industry: OptStr,
        property_numberofemployees: OptI64,
        property_annualrevenue: OptF64,
        property_lifecyclestage: Str,
        property_hubspot_owner_id: OptI64,
        property_createdate: Ts,
        property_city: OptStr,
        property_country: OptStr,
        /// The app's account id; NULL for leads that never became customers.
        property_app_account_id: OptI64,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotContacts, HubspotContactRow, area = "raw", source = "hubspot", name = "contact", parts = false, {
        id: I64,
        property_email: Str,
        property_firstname: OptStr,
        property_lastname: OptStr,
        property_jobtitle: OptStr,
        /// subscriber / lead / marketingqualifiedlead / salesqualifiedlead / opportunity / customer / evangelist / other
        property_lifecyclestage: Str,
        property_hs_lead_status: OptStr,
        property_hubspot_owner_id: OptI64,
        property_associatedcompanyid: OptI64,
        property_createdate: Ts,
        property_hs_analytics_source: Str,
        /// Semicolon-separated ids of contacts merged into this one.
        property_hs_merged_object_ids: OptStr,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotDeals, HubspotDealRow, area = "raw", source = "hubspot", name = "deal", parts = false, {
        deal_id: I64,
        portal_id: I64,
        deal_pipeline_id: Str,
        deal_pipeline_stage_id: Str,
        owner_id: OptI64,
        is_deleted: Bool,
        property_dealname: Str,
        property_amount: OptF64,
        property_closedate: OptTs,
        property_createdate: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotDealPipelines, HubspotDealPipelineRow, area = "raw", source = "hubspot", name = "deal_pipeline", parts = false, {
        pipeline_id: Str,
        label: Str,
        display_order: I64,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotDealPipelineStages, HubspotDealPipelineStageRow, area = "raw", source = "hubspot", name = "deal_pipeline_stage", parts = false, {
        stage_id: Str,
        pipeline_id: Str,
        label: Str,
        display_order: I64,
        probability: F64,
        is_closed: Bool,
        closed_won: Bool,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotDealStages, HubspotDealStageRow, area = "raw", source = "hubspot", name = "deal_stage", parts = false, {
        deal_id: I64,
        value: Str,
        date_entered: Ts,
        _fivetran_start: Ts,
        _fivetran_end: Ts,
        _fivetran_active: Bool,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotDealCompanies, HubspotDealCompanyRow, area = "raw", source = "hubspot", name = "deal_company", parts = false, {
        deal_id: I64,
        company_id: I64,
        type_id: I64,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotDealContacts, HubspotDealContactRow, area = "raw", source = "hubspot", name = "deal_contact", parts = false, {
        deal_id: I64,
        contact_id: I64,
        type_id: I64,
        _fivetran_synced: Ts,
    }
}

table! {
    HubspotEngagements, HubspotEngagementRow, area = "raw", source = "hubspot", name = "engagement", parts = false, {
        id: I64,
        /// NOTE / EMAIL / TASK / MEETING / CALL
        r#type: Str,
        timestamp: Ts,
        owner_id: OptI64,
        company_id: OptI64,
        contact_id: OptI64,
        deal_id: OptI64,
        _fivetran_synced: Ts,
    }
}

table! {
    IterableCampaigns, IterableCampaignRow, area = "raw", source = "iterable", name = "campaign_history", parts = false, {
        id: I64,
        updated_at: Ts,
        name: Str,
        /// Blast / Triggered
        r#type: Str,
        campaign_state: Str,
        message_medium: Str,
        template_id: I64,
        start_at: Ts,
        ended_at: OptTs,
        created_at: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    IterableLists, IterableListRow, area = "raw", source = "iterable", name = "list", parts = false, {
        id: I64,
        name: Str,
        list_type: Str,
        created_at: Ts,
        _fivetran_synced: Ts,
    }
}

table! {
    IterableListUsers, IterableListUserRow, area = "raw", source = "iterable", name = "list_user", parts = false, {
        list_id: I64,
        email: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    IterableUserHistory, IterableUserHistoryRow, area = "raw", source = "iterable", name = "user_history", parts = false, {
        email: Str,
        updated_at: Ts,
        user_id: Str,
        first_name: OptStr,
        last_name: OptStr,
        signup_date: Ts,
        signup_source: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    IterableEvents, IterableEventRow, area = "raw", source = "iterable", name = "event", parts = true, {
        _fivetran_id: Str,
        email: Str,
        campaign_id: I64,
        message_id: Str,
        created_at: Ts,
        /// emailSend / emailOpen / emailClick / emailBounce / emailComplaint / emailUnSubscribe
        event_name: Str,
        status: OptStr,
        user_agent_device: OptStr,
        additional_properties: Str,
        _fivetran_synced: Ts,
    }
}

table! {
    /// Ground truth: each account's MRR at the start of every month (and at the end of the
    /// data), normalised to monthly across intervals, list price × quantity, and its movement.
    TruthMrr, TruthMrrRow, area = "truth", source = "", name = "mrr", parts = false, {
        account_id: I64,
        /// The instant the MRR is measured at (month starts, then the end of the data).
        as_of: Ts,
        mrr_cents: I64,
        previous_mrr_cents: I64,
        /// new / expansion / contraction / churn / reactivation / unchanged
        movement: Str,
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
    pub stripe_customers: StripeCustomers,
    pub stripe_subscription_history: StripeSubscriptionHistory,
    pub stripe_subscription_items: StripeSubscriptionItems,
    pub stripe_invoices: StripeInvoices,
    pub stripe_invoice_line_items: StripeInvoiceLineItems,
    pub stripe_charges: StripeCharges,
    pub stripe_payment_intents: StripePaymentIntents,
    pub stripe_refunds: StripeRefunds,
    pub stripe_balance_transactions: StripeBalanceTransactions,
    pub stripe_discounts: StripeDiscounts,
    pub hubspot_companies: HubspotCompanies,
    pub hubspot_contacts: HubspotContacts,
    pub hubspot_deals: HubspotDeals,
    pub hubspot_deal_stages: HubspotDealStages,
    pub hubspot_deal_companies: HubspotDealCompanies,
    pub hubspot_deal_contacts: HubspotDealContacts,
    pub hubspot_engagements: HubspotEngagements,
    pub iterable_list_users: IterableListUsers,
    pub iterable_user_history: IterableUserHistory,
    pub iterable_events: IterableEvents,
    pub truth_mrr: TruthMrr,
    pub truth_touches: TruthTouches,
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
        StripeCustomers::SPEC,
        StripeProducts::SPEC,
        StripePrices::SPEC,
        StripeSubscriptionHistory::SPEC,
        StripeSubscriptionItems::SPEC,
        StripeInvoices::SPEC,
        StripeInvoiceLineItems::SPEC,
        StripeCharges::SPEC,
        StripePaymentIntents::SPEC,
        StripeRefunds::SPEC,
        StripeBalanceTransactions::SPEC,
        StripeCoupons::SPEC,
        StripeDiscounts::SPEC,
        GoogleCampaignHistory::SPEC,
        GoogleAdGroupHistory::SPEC,
        GoogleKeywordHistory::SPEC,
        GoogleCampaignStats::SPEC,
        FacebookCampaignHistory::SPEC,
        FacebookAdSetHistory::SPEC,
        FacebookAdHistory::SPEC,
        FacebookCreativeHistory::SPEC,
        FacebookBasicAd::SPEC,
        FacebookBasicAdActions::SPEC,
        LinkedinCampaignGroupHistory::SPEC,
        LinkedinCampaignHistory::SPEC,
        LinkedinCreativeHistory::SPEC,
        LinkedinAdAnalyticsByCampaign::SPEC,
        HubspotOwners::SPEC,
        HubspotCompanies::SPEC,
        HubspotContacts::SPEC,
        HubspotDeals::SPEC,
        HubspotDealPipelines::SPEC,
        HubspotDealPipelineStages::SPEC,
        HubspotDealStages::SPEC,
        HubspotDealCompanies::SPEC,
        HubspotDealContacts::SPEC,
        HubspotEngagements::SPEC,
        IterableCampaigns::SPEC,
        IterableLists::SPEC,
        IterableListUsers::SPEC,
        IterableUserHistory::SPEC,
        IterableEvents::SPEC,
        TruthAccounts::SPEC,
        TruthAccountMonths::SPEC,
        TruthDefects::SPEC,
        TruthMrr::SPEC,
        TruthTouches::SPEC,
    ]
}

impl ChunkTables {
    /// Drain every builder into (spec, batch) pairs, in `all_specs` order (the global tables —
    /// device models, Stripe products, prices and coupons — are not among them).
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
            (StripeCustomers::SPEC, self.stripe_customers.finish()),
            (StripeSubscriptionHistory::SPEC, self.stripe_subscription_history.finish()),
            (StripeSubscriptionItems::SPEC, self.stripe_subscription_items.finish()),
            (StripeInvoices::SPEC, self.stripe_invoices.finish()),
            (StripeInvoiceLineItems::SPEC, self.stripe_invoice_line_items.finish()),
            (StripeCharges::SPEC, self.stripe_charges.finish()),
            (StripePaymentIntents::SPEC, self.stripe_payment_intents.finish()),
            (StripeRefunds::SPEC, self.stripe_refunds.finish()),
            (StripeBalanceTransactions::SPEC, self.stripe_balance_transactions.finish()),
            (StripeDiscounts::SPEC, self.stripe_discounts.finish()),
            (TruthAccounts::SPEC, self.truth_accounts.finish()),
            (TruthAccountMonths::SPEC, self.truth_account_months.finish()),
            (TruthDefects::SPEC, self.truth_defects.finish()),
            (HubspotCompanies::SPEC, self.hubspot_companies.finish()),
            (HubspotContacts::SPEC, self.hubspot_contacts.finish()),
            (HubspotDeals::SPEC, self.hubspot_deals.finish()),
            (HubspotDealStages::SPEC, self.hubspot_deal_stages.finish()),
            (HubspotDealCompanies::SPEC, self.hubspot_deal_companies.finish()),
            (HubspotDealContacts::SPEC, self.hubspot_deal_contacts.finish()),
            (HubspotEngagements::SPEC, self.hubspot_engagements.finish()),
            (IterableListUsers::SPEC, self.iterable_list_users.finish()),
            (IterableUserHistory::SPEC, self.iterable_user_history.finish()),
            (IterableEvents::SPEC, self.iterable_events.finish()),
            (TruthMrr::SPEC, self.truth_mrr.finish()),
            (TruthTouches::SPEC, self.truth_touches.finish()),
        ]
    }
}
