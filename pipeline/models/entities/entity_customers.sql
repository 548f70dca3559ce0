{{ config(post_hook="{{ analyze_relation(this) }}") }}

-- One row per account, as it stands on the as-of date: who the customer is, what it pays, how
-- its fleet and its people use the product, and the health and churn-risk scores built on that.
with today as (
    select *
    from {{ ref('int_customers__daily_metrics') }}
    where snapshot_date = cast('{{ var("as_of_date") }}' as date)
),

billing as (
    select * from {{ ref('int_billing__account_mrr_current') }}
),

revenue as (
    select
        a.account_id,
        max(i.currency) as currency,
        sum(i.amount_paid) as lifetime_revenue,
        count(*) filter (where i.amount_paid > 0) as paid_invoices,
        min(i.paid_at) filter (where i.amount_paid > 0) as first_payment_at
    from {{ ref('stg_stripe__invoices') }} as i
    inner join {{ ref('stg_app__accounts') }} as a on a.stripe_customer_id = i.customer_id
    group by 1
),

refunds as (
    select a.account_id, sum(r.amount) as refunded
    from {{ ref('stg_stripe__refunds') }} as r
    inner join {{ ref('stg_stripe__charges') }} as c on c.charge_id = r.charge_id
    inner join {{ ref('stg_app__accounts') }} as a on a.stripe_customer_id = c.customer_id
    where r.refund_status = 'succeeded'
    group by 1
),

fleet as (
    select account_id, count(*) as total_devices
    from {{ ref('stg_app__devices') }}
    group by 1
),

people as (
    select account_id, count(*) as total_users
    from {{ ref('stg_app__users') }}
    group by 1
),

last_activity as (
    -- As of the as-of date: an event stamped after it (a late or time-shifted one) must not
    -- make the days since the last activity negative.
    select account_id, max(activity_date) as last_activity_date
    from {{ ref('int_product__account_daily_activity') }}
    where activity_date <= cast('{{ var("as_of_date") }}' as date)
    group by 1
),

first_touch as (
    select account_id, channel as first_touch_channel, utm_campaign as first_touch_campaign
    from {{ ref('int_marketing__touches') }}
    where is_first_touch
),

assembled as (
    select
        a.account_id,
        a.account_name,
        a.industry,
        a.segment,
        a.country,
        coalesce(b.plan_tier, a.plan_tier) as plan_tier,
        a.billing_interval,
        a.acquisition_channel,
        ft.first_touch_channel,
        ft.first_touch_campaign,
        coalesce(b.subscription_status, 'none') as subscription_status,
        a.created_at as signed_up_at,
        b.subscription_started_at,
        b.subscription_ended_at,
        {{ dbt.datediff('cast(a.created_at as date)', as_of_date(), 'day') }} as tenure_days,
        coalesce(b.mrr, 0) as monthly_recurring_revenue,
        coalesce(b.mrr, 0) * 12 as annual_recurring_revenue,
        coalesce(t.total_locations, 0) as total_locations,
        coalesce(f.total_devices, 0) as total_devices,
        coalesce(t.active_devices, 0) as active_devices,
        coalesce(t.device_events_30d, 0) as device_events_30d,
        coalesce(t.alerts_30d, 0) as alerts_30d,
        t.device_online_ratio,
        coalesce(p.total_users, 0) as total_users,
        coalesce(t.product_events_30d, 0) as product_events_30d,
        la.last_activity_date,
        {{ dbt.datediff('coalesce(la.last_activity_date, cast(a.created_at as date))', as_of_date(), 'day') }} as days_since_last_activity,
        coalesce(t.is_delinquent, false) as is_delinquent,
        coalesce({{ to_usd('r.lifetime_revenue - coalesce(rf.refunded, 0)', 'fx.usd_per_unit') }}, 0) as lifetime_revenue,
        coalesce(r.paid_invoices, 0) as paid_invoices,
        r.first_payment_at,
        a.stripe_customer_id,
        a.hubspot_company_id
    from {{ ref('stg_app__accounts') }} as a
    left join billing as b using (account_id)
    left join today as t using (account_id)
    left join revenue as r using (account_id)
    left join refunds as rf using (account_id)
    left join {{ ref('stg_finance__fx_rates') }} as fx on fx.currency = r.currency
    left join fleet as f using (account_id)
    left join people as p using (account_id)
    left join last_activity as la using (account_id)
    left join first_touch as ft using (account_id)
),

scored as (
    select
        *,
        {{ calculate_customer_health_score('subscription_status', 'device_events_30d', 'device_online_ratio', 'is_delinquent', 'monthly_recurring_revenue') }} as customer_health_score
    from assembled
),

with_risk as (
    select
        *,
        {{ calculate_churn_risk_score('subscription_status', 'device_events_30d', 'days_since_last_activity', 'is_delinquent', 'customer_health_score') }} as churn_risk_score
    from scored
)

select
    *,
    {{ health_category('customer_health_score') }} as health_category,
    {{ churn_risk_category('churn_risk_score') }} as churn_risk_category
from with_risk
