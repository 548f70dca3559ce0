select
    d.deal_id,
    d.deal_pipeline_id as pipeline_id,
    d.deal_pipeline_stage_id as stage_id,
    s.label as stage_label,
    coalesce(s.is_closed, false) as is_closed,
    coalesce(s.closed_won, false) as is_closed_won,
    d.owner_id,
    d.property_dealname as deal_name,
    cast(d.property_amount as decimal(18, 2)) as amount,
    d.property_createdate as created_at,
    d.property_closedate as closed_at
from {{ source('hubspot', 'deal') }} as d
left join {{ source('hubspot', 'deal_pipeline_stage') }} as s
    on s.stage_id = d.deal_pipeline_stage_id
where not d.is_deleted
