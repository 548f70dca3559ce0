with versions as (
    select
        *,
        row_number() over (partition by id order by updated_time desc) as version_rank
    from {{ source('facebook_ads', 'campaign_history') }}
)

select
    id as campaign_id,
    name as campaign_name,
    status as campaign_status,
    start_time as started_at,
    stop_time as stopped_at
from versions
where version_rank = 1
