-- Each device's day of readings, per metric: how many arrived of those its reporting interval
-- promises (coverage: gaps mean the device was offline or readings were lost), the range and
-- mean, the readings past the model's alert threshold, and whether the sensor looks stuck
-- (a dozen readings or more, all one value, on a metric that should vary). Days are the UTC
-- days of the readings window, which starts and ends at midnight.
with readings as (
    select
        device_id,
        metric,
        value,
        cast(reading_at as date) as reading_date
    from {{ ref('stg_iot__sensor_readings') }}
),

devices as (
    select
        d.device_id,
        d.account_id,
        d.location_id,
        m.sku,
        m.metric as model_metric,
        m.reporting_interval_s,
        m.alert_threshold,
        m.alert_direction
    from {{ ref('stg_app__devices') }} as d
    inner join {{ ref('stg_app__device_models') }} as m using (device_model_id)
)

select
    r.device_id,
    d.account_id,
    d.location_id,
    d.sku,
    r.reading_date,
    r.metric,
    count(*) as readings,
    -- battery_v comes every six hours, the model's own metric at its interval.
    any_value(86400 // case when r.metric = 'battery_v' then 21600 else d.reporting_interval_s end) as expected_readings,
    round(least(1.0, count(*) / any_value(86400.0 / case when r.metric = 'battery_v' then 21600 else d.reporting_interval_s end)), 4) as coverage,
    min(r.value) as min_value,
    max(r.value) as max_value,
    round(avg(r.value), 3) as avg_value,
    count(*) filter (
        where r.metric = d.model_metric
          and ((d.alert_direction = 'above' and r.value > d.alert_threshold)
            or (d.alert_direction = 'below' and r.value < d.alert_threshold))
    ) as readings_past_threshold,
    count(*) >= 12 and min(r.value) = max(r.value) and r.metric not in ('door_open_s', 'water_detected') as looks_stuck
from readings as r
inner join devices as d using (device_id)
group by r.device_id, d.account_id, d.location_id, d.sku, r.reading_date, r.metric
