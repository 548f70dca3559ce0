-- How well the churn-risk bands saw churn coming: on the first day of every month that has 90
-- days of data after it, the paying customers in each churn-risk band, and how many of them had
-- churned 90 days later (no row that day, or neither active nor past due) — exercise 2.6's
-- question asked every month, so a learner can see what a band is worth to an account manager.
with daily as (
    select account_id, snapshot_date, subscription_status, monthly_recurring_revenue, churn_risk_category
    from {{ ref('entity_customers_daily') }}
),

snapshots as (
    select account_id, snapshot_date, churn_risk_category
    from daily
    where extract(day from snapshot_date) = 1
      and monthly_recurring_revenue > 0
      and {{ dbt.dateadd('day', 90, 'snapshot_date') }} <= {{ as_of_date() }}
),

outcomes as (
    select
        s.snapshot_date,
        s.churn_risk_category,
        later.subscription_status is null
            or later.subscription_status not in ('active', 'past_due') as churned_90d
    from snapshots as s
    left join daily as later
        on later.account_id = s.account_id
        and later.snapshot_date = cast({{ dbt.dateadd('day', 90, 's.snapshot_date') }} as date)
)

select
    snapshot_date,
    churn_risk_category,
    count(*) as customers,
    count(*) filter (where churned_90d) as churned_90d,
    {{ round_exact("count(*) filter (where churned_90d) / " ~ to_double("count(*)"), 4) }} as churn_rate_90d
from outcomes
group by 1, 2
