with versions as (
    select
        *,
        row_number() over (partition by id order by _fivetran_synced desc) as version_rank
    from {{ source('app', 'devices') }}
    where not _fivetran_deleted
)

select
    id as device_id,
    serial_number,
    account_id,
    location_id,
    device_model_id,
    firmware_version,
    status as device_status,
    installed_at,
    decommissioned_at,
    last_seen_at,
    stripe_subscription_item_id
from versions
where version_rank = 1
