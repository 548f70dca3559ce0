-- One row per account and day with any device event: what its fleet reported that day, and the
-- downtime devices reported when they came back online (an "online" event carries the seconds
-- the device was offline).
select
    account_id,
    event_date,
    count(*) as events,
    count(*) filter (where event_type = 'alert') as alerts,
    count(*) filter (where event_type = 'offline') as offline_events,
    coalesce(sum(offline_seconds) filter (where event_type = 'online'), 0) as offline_seconds
from {{ ref('int_iot__device_events') }}
group by 1, 2
