with copies as (
    select
        *,
        row_number() over (partition by id order by received_at) as copy_rank
    from {{ source('segment', 'screens') }}
)

select
    id as screen_view_id,
    anonymous_id,
    {{ dbt.safe_cast("user_id", "bigint") }} as user_id,
    {{ adapter.quote('timestamp') }} as viewed_at,
    received_at,
    name as screen_name,
    context_os_name as os_name,
    context_app_version as app_version
from copies
where copy_rank = 1
