select
    id as campaign_id,
    name as campaign_name,
    status as campaign_status,
    start_time as started_at,
    stop_time as stopped_at
from {{ source('facebook_ads', 'campaign_history') }}
qualify row_number() over (partition by id order by updated_time desc) = 1
