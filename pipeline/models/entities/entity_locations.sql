-- One row per location: where it is, its fleet now, and what the fleet reported in the last 30 days.
with fleet as (
    select
        location_id,
        count(*) as total_devices,
        count(*) filter (where is_active) as active_devices,
        sum(events_30d) as device_events_30d,
        sum(offline_events_30d) as offline_events_30d,
        max(last_event_at) as last_event_at
    from {{ ref('entity_devices') }}
    group by 1
)

select
    l.location_id,
    l.account_id,
    l.location_name,
    l.city,
    l.region,
    l.country,
    l.timezone,
    l.opened_at,
    l.closed_at,
    l.closed_at is null as is_open,
    coalesce(f.total_devices, 0) as total_devices,
    coalesce(f.active_devices, 0) as active_devices,
    coalesce(f.device_events_30d, 0) as device_events_30d,
    coalesce(f.offline_events_30d, 0) as offline_events_30d,
    f.last_event_at,
    coalesce(f.device_events_30d, 0) > 0 as is_reporting_30d
from {{ ref('stg_app__locations') }} as l
left join fleet as f using (location_id)
