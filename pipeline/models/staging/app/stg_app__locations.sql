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
from {{ source('app', 'locations') }}
where not _fivetran_deleted
qualify row_number() over (partition by id order by _fivetran_synced desc) = 1
