with copies as (
    select
        *,
        row_number() over (partition by id order by received_at) as copy_rank
    from {{ source('segment', 'identifies') }}
)

select
    id as identify_id,
    anonymous_id,
    {{ dbt.safe_cast("user_id", "bigint") }} as user_id,
    lower(email) as email,
    {{ adapter.quote('timestamp') }} as identified_at
from copies
where copy_rank = 1
