select
    id as track_id,
    anonymous_id,
    try_cast(user_id as bigint) as user_id,
    event as event_name,
    "timestamp" as occurred_at,
    received_at
from {{ source('segment', 'tracks') }}
qualify row_number() over (partition by id order by received_at) = 1
