select
    _fivetran_id as email_event_id,
    lower(email) as email,
    campaign_id,
    message_id,
    event_name,
    created_at as occurred_at
from {{ source('iterable', 'event') }}
qualify row_number() over (partition by _fivetran_id order by _fivetran_synced desc) = 1
