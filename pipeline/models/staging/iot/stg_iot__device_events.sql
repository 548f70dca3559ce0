-- Device events, one row per event_id: the stream delivers some events twice, so the first
-- copy received is kept. Late arrivals stay (received_at tells them apart). The downtime an
-- "online" event reports is pulled out of its JSON payload.
select
    event_id,
    device_id,
    event_type,
    event_ts as event_at,
    received_at,
    firmware_version,
    cast(nullif(regexp_extract(payload, '"offline_s":([0-9]+)', 1), '') as bigint) as offline_seconds,
    payload
from {{ source('iot', 'device_events') }}
qualify row_number() over (partition by event_id order by received_at, device_id) = 1
