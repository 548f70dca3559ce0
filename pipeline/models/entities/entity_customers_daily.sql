-- One row per customer and day over the snapshot window: the state entity_customers shows for
-- today, as it stood at the end of each day. Accounts appear on the days they were customers
-- (trialing, active or past due) and on the day they churned.
with daily as (
    select
        m.*,
        m.mrr_at_month_start as monthly_recurring_revenue,
        lag(m.subscription_status) over (partition by m.account_id order by m.snapshot_date) as previous_status
    from {{ ref('int_customers__daily_metrics') }} as m
),

scored as (
    select
        *,
        {{ calculate_customer_health_score('subscription_status', 'device_events_30d', 'device_online_ratio', 'is_delinquent', 'monthly_recurring_revenue') }} as customer_health_score
    from daily
    where subscription_status in ('trialing', 'active', 'past_due')
       or previous_status in ('trialing', 'active', 'past_due')
),

with_risk as (
select
    account_id,
    snapshot_date,
    subscription_status,
    monthly_recurring_revenue,
    total_locations,
    active_devices,
    device_events_30d,
    alerts_30d,
    device_online_ratio,
    product_events_30d,
    days_since_last_activity,
    is_delinquent,
    customer_health_score,
    {{ calculate_churn_risk_score('subscription_status', 'device_events_30d', 'days_since_last_activity', 'is_delinquent', 'customer_health_score') }} as churn_risk_score
from scored
)

select
    *,
    {{ health_category('customer_health_score') }} as health_category,
    {{ churn_risk_category('churn_risk_score') }} as churn_risk_category
from with_risk
