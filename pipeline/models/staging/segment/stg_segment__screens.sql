select
    id as screen_view_id,
    anonymous_id,
    try_cast(user_id as bigint) as user_id,
    "timestamp" as viewed_at,
    received_at,
    name as screen_name,
    context_os_name as os_name,
    context_app_version as app_version
from {{ source('segment', 'screens') }}
qualify row_number() over (partition by id order by received_at) = 1
