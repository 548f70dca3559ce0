-- Contacts; a merged contact keeps the ids it absorbed in merged_object_ids.
select
    id as contact_id,
    lower(property_email) as email,
    property_firstname as first_name,
    property_lastname as last_name,
    property_jobtitle as job_title,
    property_lifecyclestage as lifecycle_stage,
    property_associatedcompanyid as company_id,
    property_hs_analytics_source as analytics_source,
    property_hs_merged_object_ids as merged_object_ids,
    property_createdate as created_at
from {{ source('hubspot', 'contact') }}
