with copies as (
    select
        *,
        row_number() over (partition by _fivetran_id order by _fivetran_synced desc) as copy_rank
    from {{ source('iterable', 'event') }}
)

select
    _fivetran_id as email_event_id,
    lower(email) as email,
    campaign_id,
    message_id,
    event_name,
    created_at as occurred_at
from copies
where copy_rank = 1
