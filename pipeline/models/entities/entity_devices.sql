{{ config(post_hook="{{ analyze_relation(this) }}") }}
{#- Devices still in service count until the end of the as-of day. -#}
{%- set service_end = dbt.dateadd('day', 1, as_of_timestamp()) %}

-- One row per installed device: what it is, where it is, and how it has behaved, over its life
-- and over the last 30 days before the as-of date.
with events as (
    select
        device_id,
        count(*) as lifetime_events,
        count(*) filter (where event_type = 'alert') as lifetime_alerts,
        count(*) filter (where event_type = 'offline') as lifetime_offline_events,
        coalesce(sum(offline_seconds) filter (where event_type = 'online'), 0) as lifetime_offline_seconds,
        count(*) filter (where event_at > {{ dbt.dateadd('day', -29, as_of_timestamp()) }}) as events_30d,
        count(*) filter (where event_type = 'offline'
                           and event_at > {{ dbt.dateadd('day', -29, as_of_timestamp()) }}) as offline_events_30d,
        max(event_at) as last_event_at
    from {{ ref('int_iot__device_events') }}
    group by 1
)

select
    d.device_id,
    d.serial_number,
    d.account_id,
    d.location_id,
    d.device_model_id,
    m.sku,
    m.model_name,
    m.device_kind,
    d.firmware_version,
    d.device_status,
    d.installed_at,
    d.decommissioned_at,
    d.installed_at is not null and d.decommissioned_at is null as is_active,
    {{ dbt.datediff('cast(d.installed_at as date)', "cast(coalesce(d.decommissioned_at, " ~ service_end ~ ") as date)", 'day') }} as days_in_service,
    coalesce(e.lifetime_events, 0) as lifetime_events,
    coalesce(e.lifetime_alerts, 0) as lifetime_alerts,
    coalesce(e.lifetime_offline_events, 0) as lifetime_offline_events,
    coalesce(e.lifetime_offline_seconds, 0) as lifetime_offline_seconds,
    case when d.installed_at is not null then {{ round_exact("greatest(0.0, 1.0 - coalesce(e.lifetime_offline_seconds, 0) / greatest(1.0, "
        ~ seconds_between('d.installed_at', "coalesce(d.decommissioned_at, " ~ service_end ~ ")") ~ "))", 6) }}
    end as lifetime_uptime_ratio,
    coalesce(e.events_30d, 0) as events_30d,
    coalesce(e.offline_events_30d, 0) as offline_events_30d,
    e.last_event_at,
    d.stripe_subscription_item_id
from {{ ref('stg_app__devices') }} as d
left join {{ ref('stg_app__device_models') }} as m using (device_model_id)
left join events as e using (device_id)
