-- Device uptime by month and device model: the share of in-service device time not spent
-- offline, with offline episodes and alerts per device. In-service time runs from installation
-- to decommissioning; downtime is what devices report when they come back online.
with month_starts as (
    {{ date_series('month', "date_trunc('month', cast('" ~ var("start_date") ~ "' as date))", as_of_date(), 'month_start') }}
),

months as (
    select
        month_start,
        cast({{ dbt.dateadd('month', 1, 'month_start') }} as timestamp) as month_end
    from month_starts
),

exposure as (
    select
        m.month_start,
        d.device_model_id,
        count(*) as devices_in_service,
        sum({{ seconds_between(
            'greatest(d.installed_at, cast(m.month_start as timestamp))',
            "least(coalesce(d.decommissioned_at, m.month_end), m.month_end, "
                ~ dbt.dateadd('day', 1, as_of_timestamp()) ~ ")") }}) as service_seconds
    from {{ ref('stg_app__devices') }} as d
    inner join months as m
        on d.installed_at < m.month_end
        and coalesce(d.decommissioned_at, timestamp '9999-12-31') > m.month_start
    group by 1, 2
),

events as (
    select
        cast(date_trunc('month', event_at) as date) as month_start,
        device_model_id,
        count(*) filter (where event_type = 'offline') as offline_events,
        count(*) filter (where event_type = 'alert') as alerts,
        coalesce(sum(offline_seconds) filter (where event_type = 'online'), 0) as offline_seconds
    from {{ ref('int_iot__device_events') }}
    group by 1, 2
)

select
    x.month_start,
    m.sku,
    m.model_name,
    x.devices_in_service,
    coalesce(e.offline_events, 0) as offline_events,
    coalesce(e.alerts, 0) as alerts,
    {{ round_exact("coalesce(e.offline_seconds, 0) / 3600.0", 2) }} as offline_hours,
    {{ round_exact("coalesce(e.offline_events, 0) / " ~ to_double("x.devices_in_service"), 4) }} as offline_events_per_device,
    {{ round_exact("greatest(0.0, 1.0 - coalesce(e.offline_seconds, 0) / x.service_seconds)", 6) }} as uptime_ratio
from exposure as x
inner join {{ ref('stg_app__device_models') }} as m using (device_model_id)
left join events as e using (month_start, device_model_id)
where x.service_seconds > 0
