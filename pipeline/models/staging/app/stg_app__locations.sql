with versions as (
    select
        *,
        row_number() over (partition by id order by _fivetran_synced desc) as version_rank
    from {{ source('app', 'locations') }}
    where not _fivetran_deleted
)

select
    id as location_id,
    account_id,
    name as location_name,
    city,
    region,
    country,
    timezone,
    latitude,
    longitude,
    opened_at,
    closed_at
from versions
where version_rank = 1
