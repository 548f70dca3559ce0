select
    id as company_id,
    property_app_account_id as account_id,
    property_name as company_name,
    property_domain as domain,
    property_industry as industry,
    property_numberofemployees as employee_count,
    property_lifecyclestage as lifecycle_stage,
    property_hubspot_owner_id as owner_id,
    property_createdate as created_at
from {{ source('hubspot', 'company') }}
where not is_deleted
