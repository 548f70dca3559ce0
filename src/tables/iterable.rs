//! Iterable's tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// Iterable email: campaigns, lists and their members, user history, send / open / click events.
    pub struct Iterable;

    campaign_history: IterableCampaigns, IterableCampaignRow, area = "raw", source = "iterable", key = [id, updated_at], global = true, parts = false, {
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

    list: IterableLists, IterableListRow, area = "raw", source = "iterable", key = [id], global = true, parts = false, {
        id: I64,
        name: Str,
        list_type: Str,
        created_at: Ts,
        _fivetran_synced: Ts,
    }

    list_user: IterableListUsers, IterableListUserRow, area = "raw", source = "iterable", key = [], global = false, parts = false, {
        list_id: I64,
        email: Str,
        _fivetran_synced: Ts,
    }

    user_history: IterableUserHistory, IterableUserHistoryRow, area = "raw", source = "iterable", key = [], global = false, parts = false, {
        email: Str,
        updated_at: Ts,
        user_id: Str,
        first_name: OptStr,
        last_name: OptStr,
        signup_date: Ts,
        signup_source: Str,
        _fivetran_synced: Ts,
    }

    event: IterableEvents, IterableEventRow, area = "raw", source = "iterable", key = [_fivetran_id], global = false, parts = true, {
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
