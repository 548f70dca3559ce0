with versions as (
    select
        *,
        row_number() over (partition by id order by last_modified_time desc) as version_rank
    from {{ source('linkedin_ads', 'campaign_history') }}
)

select
    id as campaign_id,
    campaign_group_id,
    name as campaign_name,
    status as campaign_status,
    cost_type,
    objective_type,
    run_schedule_start,
    run_schedule_end
from versions
where version_rank = 1
