with copies as (
    select
        *,
        row_number() over (partition by id order by received_at) as copy_rank
    from {{ source('segment', 'tracks') }}
)

select
    id as track_id,
    anonymous_id,
    {{ dbt.safe_cast("user_id", "bigint") }} as user_id,
    event as event_name,
    {{ adapter.quote('timestamp') }} as occurred_at,
    received_at
from copies
where copy_rank = 1
