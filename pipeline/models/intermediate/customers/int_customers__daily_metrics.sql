-- One row per account and day, from the later of its sign-up and the start of the snapshot
-- window (daily_snapshot_days before the as-of date) to the as-of date: its fleet, telemetry over
-- the trailing 30 days, product activity, delinquency and subscription at the end of that day.
-- Accounts that had left before the window are not in it.
-- The grid starts 29 days before the window so that 30-day sums are complete on its first day.
{%- set grid_start = dbt.dateadd('day', -(var('daily_snapshot_days') | int + 28), as_of_date()) %}

with days as (
    {{ date_series('day', grid_start, as_of_date(), 'snapshot_date') }}
),

grid as (
    select
        a.account_id,
        a.stripe_customer_id,
        a.created_at,
        d.snapshot_date,
        cast({{ dbt.dateadd('day', 1, 'd.snapshot_date') }} as timestamp) as snapshot_at
    from {{ ref('stg_app__accounts') }} as a
    inner join days as d on d.snapshot_date >= cast(a.created_at as date)
    left join {{ ref('int_billing__account_mrr_current') }} as b on b.account_id = a.account_id
    -- accounts whose last subscription ended before the grid starts have nothing to show
    where b.subscription_ended_at is null
       or b.subscription_ended_at >= {{ grid_start }}
),

telemetry_days as (
    select * from {{ ref('int_iot__account_daily_telemetry') }}
),

activity_days as (
    select * from {{ ref('int_product__account_daily_activity') }}
),

device_changes as (
    select account_id, cast(installed_at as date) as change_date, 1 as delta
    from {{ ref('stg_app__devices') }} where installed_at is not null
    union all
    select account_id, cast(decommissioned_at as date), -1
    from {{ ref('stg_app__devices') }} where decommissioned_at is not null
),

fleet_size as (
    select account_id, change_date,
           sum(sum(delta)) over (partition by account_id order by change_date) as active_devices
    from device_changes
    group by 1, 2
),

location_changes as (
    select account_id, cast(opened_at as date) as change_date, 1 as delta
    from {{ ref('stg_app__locations') }}
    union all
    select account_id, cast(closed_at as date), -1
    from {{ ref('stg_app__locations') }} where closed_at is not null
),

location_count as (
    select account_id, change_date,
           sum(sum(delta)) over (partition by account_id order by change_date) as open_locations
    from location_changes
    group by 1, 2
),

rolling as (
    select
        g.account_id,
        g.stripe_customer_id,
        g.created_at,
        g.snapshot_date,
        g.snapshot_at,
        sum(coalesce(t.events, 0)) over w30 as device_events_30d,
        sum(coalesce(t.alerts, 0)) over w30 as alerts_30d,
        sum(coalesce(t.offline_events, 0)) over w30 as offline_events_30d,
        sum(coalesce(t.offline_seconds, 0)) over w30 as offline_seconds_30d,
        sum(coalesce(p.activity_events, 0)) over w30 as product_events_30d
    from grid as g
    left join telemetry_days as t
        on t.account_id = g.account_id and t.event_date = g.snapshot_date
    left join activity_days as p
        on p.account_id = g.account_id and p.activity_date = g.snapshot_date
    window w30 as (partition by g.account_id order by g.snapshot_date rows between 29 preceding and current row)
),

-- The subscription status at the end of the day: the latest change to any of the customer's
-- subscriptions (a canceled one stays canceled, so after a comeback the new one is the latest).
subscription_changes as (
    select customer_id, valid_from, subscription_status
    from {{ ref('stg_stripe__subscription_history') }}
),

-- Delinquent at the end of day D: a period began before midnight and had not ended by it.
-- Periods are few and short, so they are spelled out day by day and joined on the day.
delinquent_on_day as (
    select distinct p.account_id, d.snapshot_date
    from {{ ref('int_billing__delinquency_periods') }} as p
    inner join days as d
        on d.snapshot_date >= cast(p.delinquent_from as date)
        and d.snapshot_date <= cast({{ dbt.dateadd('day', -1, "least(p.delinquent_until, " ~ dbt.dateadd('day', 1, as_of_timestamp()) ~ ")") }} as date)
)

select
    r.account_id,
    r.snapshot_date,
    coalesce(s.subscription_status, 'none') as subscription_status,
    coalesce(f.active_devices, 0) as active_devices,
    coalesce(l.open_locations, 0) as total_locations,
    r.device_events_30d,
    r.alerts_30d,
    r.offline_events_30d,
    case when coalesce(f.active_devices, 0) > 0
         then {{ round_exact("greatest(0.0, 1.0 - r.offline_seconds_30d / (f.active_devices * 30 * 86400.0))", 6) }}
    end as device_online_ratio,
    r.product_events_30d,
    a.activity_date as last_activity_date,
    {{ dbt.datediff('coalesce(a.activity_date, cast(r.created_at as date))', 'r.snapshot_date', 'day') }} as days_since_last_activity,
    d.account_id is not null as is_delinquent,
    coalesce(m.mrr, 0) as mrr_at_month_start
from rolling as r
left join delinquent_on_day as d using (account_id, snapshot_date)
{{ asof_left_join('subscription_changes', 's', 'customer_id', 'r.stripe_customer_id', 'valid_from', '<', 'r.snapshot_at') }}
{{ asof_left_join('fleet_size', 'f', 'account_id', 'r.account_id', 'change_date', '<=', 'r.snapshot_date') }}
{{ asof_left_join('location_count', 'l', 'account_id', 'r.account_id', 'change_date', '<=', 'r.snapshot_date') }}
{{ asof_left_join(ref('int_product__account_daily_activity'), 'a', 'account_id', 'r.account_id', 'activity_date', '<=', 'r.snapshot_date') }}
-- every day of the grid falls in a month of the account's monthly MRR series
left join {{ ref('int_billing__account_mrr_monthly') }} as m
    on m.account_id = r.account_id and m.month_start = cast({{ dbt.date_trunc('month', 'r.snapshot_date') }} as date)
where r.snapshot_date > {{ dbt.dateadd('day', -(var('daily_snapshot_days') | int), as_of_date()) }}
