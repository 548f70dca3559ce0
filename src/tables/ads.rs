//! The three ad platforms' tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// Google Ads: campaigns, ad groups and keywords (history) and daily campaign stats.
    pub struct GoogleAds;

    campaign_history: GoogleCampaignHistory, GoogleCampaignHistoryRow, area = "raw", source = "google_ads", key = [id, updated_at], global = true, parts = false, {
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

    ad_group_history: GoogleAdGroupHistory, GoogleAdGroupHistoryRow, area = "raw", source = "google_ads", key = [id, updated_at], global = true, parts = false, {
        id: I64,
        updated_at: Ts,
        campaign_id: I64,
        name: Str,
        status: Str,
        r#type: Str,
        _fivetran_synced: Ts,
    }

    keyword_history: GoogleKeywordHistory, GoogleKeywordHistoryRow, area = "raw", source = "google_ads", key = [id, updated_at], global = true, parts = false, {
        id: I64,
        updated_at: Ts,
        ad_group_id: I64,
        keyword_text: Str,
        /// EXACT / PHRASE / BROAD
        keyword_match_type: Str,
        status: Str,
        _fivetran_synced: Ts,
    }

    campaign_stats: GoogleCampaignStats, GoogleCampaignStatsRow, area = "raw", source = "google_ads", key = [], global = true, parts = false, {
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

crate::tables::tables! {
    /// Meta (Facebook) Ads: campaigns, ad sets, ads, creatives (history) and daily ad stats.
    pub struct FacebookAds;

    campaign_history: FacebookCampaignHistory, FacebookCampaignHistoryRow, area = "raw", source = "facebook_ads", key = [id, updated_time], global = true, parts = false, {
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

    ad_set_history: FacebookAdSetHistory, FacebookAdSetHistoryRow, area = "raw", source = "facebook_ads", key = [id, updated_time], global = true, parts = false, {
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

    ad_history: FacebookAdHistory, FacebookAdHistoryRow, area = "raw", source = "facebook_ads", key = [id, updated_time], global = true, parts = false, {
        id: I64,
        updated_time: Ts,
        ad_set_id: I64,
        campaign_id: I64,
        account_id: I64,
        creative_id: I64,
        name: Str,
        _fivetran_synced: Ts,
    }

    creative_history: FacebookCreativeHistory, FacebookCreativeHistoryRow, area = "raw", source = "facebook_ads", key = [id], global = true, parts = false, {
        id: I64,
        _fivetran_id: Str,
        account_id: I64,
        name: Str,
        /// The UTM query string appended to the landing page.
        url_tags: Str,
        page_link: Str,
        _fivetran_synced: Ts,
    }

    basic_ad: FacebookBasicAd, FacebookBasicAdRow, area = "raw", source = "facebook_ads", key = [], global = true, parts = false, {
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

    /// Meta's reported conversions (the pixel's lead events), per ad and day.
    basic_ad_actions: FacebookBasicAdActions, FacebookBasicAdActionRow, area = "raw", source = "facebook_ads", key = [], global = true, parts = false, {
        ad_id: I64,
        date: Date,
        action_type: Str,
        value: F64,
        _fivetran_synced: Ts,
    }

}

crate::tables::tables! {
    /// LinkedIn Ads: campaign groups, campaigns, creatives (history) and daily campaign analytics.
    pub struct LinkedinAds;

    campaign_group_history: LinkedinCampaignGroupHistory, LinkedinCampaignGroupHistoryRow, area = "raw", source = "linkedin_ads", key = [id, last_modified_time], global = true, parts = false, {
        id: I64,
        last_modified_time: Ts,
        account_id: I64,
        name: Str,
        status: Str,
        run_schedule_start: Ts,
        run_schedule_end: OptTs,
        _fivetran_synced: Ts,
    }

    campaign_history: LinkedinCampaignHistory, LinkedinCampaignHistoryRow, area = "raw", source = "linkedin_ads", key = [id, last_modified_time], global = true, parts = false, {
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

    creative_history: LinkedinCreativeHistory, LinkedinCreativeHistoryRow, area = "raw", source = "linkedin_ads", key = [id, last_modified_time], global = true, parts = false, {
        id: I64,
        last_modified_time: Ts,
        campaign_id: I64,
        intended_status: Str,
        /// Landing page with UTMs.
        click_uri: Str,
        _fivetran_synced: Ts,
    }

    ad_analytics_by_campaign: LinkedinAdAnalyticsByCampaign, LinkedinAdAnalyticsRow, area = "raw", source = "linkedin_ads", key = [], global = true, parts = false, {
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
