select
    id as campaign_id,
    name as campaign_name,
    type as campaign_type,
    message_medium,
    start_at as started_at
from {{ source('iterable', 'campaign_history') }}
qualify row_number() over (partition by id order by updated_at desc) = 1
