select
    id as identify_id,
    anonymous_id,
    try_cast(user_id as bigint) as user_id,
    lower(email) as email,
    "timestamp" as identified_at
from {{ source('segment', 'identifies') }}
qualify row_number() over (partition by id order by received_at) = 1
