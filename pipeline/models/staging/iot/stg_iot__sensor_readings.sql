-- Sensor readings, one row per device, time and metric: the stream delivers some readings
-- twice, so the first copy received is kept.
with copies as (
    select
        *,
        row_number() over (partition by device_id, reading_ts, metric order by received_at) as copy_rank
    from {{ source('iot', 'sensor_readings') }}
)

select
    device_id,
    reading_ts as reading_at,
    metric,
    value,
    received_at
from copies
where copy_rank = 1
