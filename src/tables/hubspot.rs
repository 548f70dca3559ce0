//! HubSpot's tables. Each is declared once, here: its columns, its key, whether it is filled
//! once for the whole company (`global`) or per account, and whether it is written in parts.

crate::tables::tables! {
    /// HubSpot CRM: owners, companies, contacts, deals and their pipeline, engagements.
    pub struct Hubspot;

    owner: HubspotOwners, HubspotOwnerRow, area = "raw", source = "hubspot", key = [owner_id], global = true, parts = false, {
        owner_id: I64,
        email: Str,
        first_name: Str,
        last_name: Str,
        r#type: Str,
        created_at: Ts,
        updated_at: Ts,
        _fivetran_synced: Ts,
    }

    company: HubspotCompanies, HubspotCompanyRow, area = "raw", source = "hubspot", key = [id], global = false, parts = false, {
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

    contact: HubspotContacts, HubspotContactRow, area = "raw", source = "hubspot", key = [id], global = false, parts = false, {
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

    deal: HubspotDeals, HubspotDealRow, area = "raw", source = "hubspot", key = [deal_id], global = false, parts = false, {
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

    deal_pipeline: HubspotDealPipelines, HubspotDealPipelineRow, area = "raw", source = "hubspot", key = [pipeline_id], global = true, parts = false, {
        pipeline_id: Str,
        label: Str,
        display_order: I64,
        _fivetran_synced: Ts,
    }

    deal_pipeline_stage: HubspotDealPipelineStages, HubspotDealPipelineStageRow, area = "raw", source = "hubspot", key = [stage_id], global = true, parts = false, {
        stage_id: Str,
        pipeline_id: Str,
        label: Str,
        display_order: I64,
        probability: F64,
        is_closed: Bool,
        closed_won: Bool,
        _fivetran_synced: Ts,
    }

    deal_stage: HubspotDealStages, HubspotDealStageRow, area = "raw", source = "hubspot", key = [deal_id, _fivetran_start], global = false, parts = false, {
        deal_id: I64,
        value: Str,
        date_entered: Ts,
        _fivetran_start: Ts,
        _fivetran_end: Ts,
        _fivetran_active: Bool,
        _fivetran_synced: Ts,
    }

    deal_company: HubspotDealCompanies, HubspotDealCompanyRow, area = "raw", source = "hubspot", key = [], global = false, parts = false, {
        deal_id: I64,
        company_id: I64,
        type_id: I64,
        _fivetran_synced: Ts,
    }

    deal_contact: HubspotDealContacts, HubspotDealContactRow, area = "raw", source = "hubspot", key = [], global = false, parts = false, {
        deal_id: I64,
        contact_id: I64,
        type_id: I64,
        _fivetran_synced: Ts,
    }

    engagement: HubspotEngagements, HubspotEngagementRow, area = "raw", source = "hubspot", key = [id], global = false, parts = false, {
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
