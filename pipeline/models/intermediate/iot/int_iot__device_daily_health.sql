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
),

joined as (
    select
        r.device_id,
        d.account_id,
        d.location_id,
        d.sku,
        r.reading_date,
        r.metric,
        r.value,
        -- battery_v comes every six hours, the model's own metric at its interval.
        case when r.metric = 'battery_v' then 21600 else d.reporting_interval_s end as interval_s,
        r.metric = d.model_metric
            and ((d.alert_direction = 'above' and r.value > d.alert_threshold)
              or (d.alert_direction = 'below' and r.value < d.alert_threshold)) as is_past_threshold
    from readings as r
    inner join devices as d using (device_id)
)

select
    device_id,
    account_id,
    location_id,
    sku,
    reading_date,
    metric,
    count(*) as readings,
    {{ int_div('86400', 'interval_s') }} as expected_readings,
    {{ round_exact('least(1.0, count(*) / (86400.0 / interval_s))', 4) }} as coverage,
    min(value) as min_value,
    max(value) as max_value,
    {{ round_exact('avg(value)', 3) }} as avg_value,
    count(case when is_past_threshold then 1 end) as readings_past_threshold,
    count(*) >= 12 and min(value) = max(value) and metric not in ('door_open_s', 'water_detected') as looks_stuck
from joined
-- interval_s follows from (device_id, metric): grouping by it keeps one row per device, day and metric.
group by device_id, account_id, location_id, sku, reading_date, metric, interval_s
