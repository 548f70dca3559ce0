//! Segment's tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// Segment's warehouse tables: page views on the marketing site and app, screens, tracks, identifies.
    pub struct Segment;

    pages: Pages, PageRow, area = "raw", source = "segment", key = [], global = false, parts = true, {
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

    screens: Screens, ScreenRow, area = "raw", source = "segment", key = [], global = false, parts = true, {
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

    tracks: Tracks, TrackRow, area = "raw", source = "segment", key = [], global = false, parts = true, {
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

    identifies: Identifies, IdentifyRow, area = "raw", source = "segment", key = [], global = false, parts = false, {
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
