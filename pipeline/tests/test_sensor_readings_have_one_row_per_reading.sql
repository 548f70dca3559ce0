-- Staging keeps one row per device, time and metric, and the daily health model one row per
-- device, day and metric; coverage stays between 0 and 1.
select 'stg_iot__sensor_readings' as model, device_id, count(*) as copies
from {{ ref('stg_iot__sensor_readings') }}
group by device_id, reading_at, metric
having count(*) > 1
union all
select 'int_iot__device_daily_health', device_id, count(*)
from {{ ref('int_iot__device_daily_health') }}
group by device_id, reading_date, metric
having count(*) > 1
union all
select 'int_iot__device_daily_health coverage', device_id, 0
from {{ ref('int_iot__device_daily_health') }}
where coverage < 0 or coverage > 1
