-- Sensor readings, one row per device, time and metric: the stream delivers some readings
-- twice, so the first copy received is kept.
select
    device_id,
    reading_ts as reading_at,
    metric,
    value,
    received_at
from {{ source('iot', 'sensor_readings') }}
qualify row_number() over (partition by device_id, reading_ts, metric order by received_at) = 1
