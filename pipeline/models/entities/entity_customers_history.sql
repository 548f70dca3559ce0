-- The change history of every account: one row per stretch of months over which its
-- subscription status, plan and MRR stayed the same (at each month start), with valid_from /
-- valid_to (exclusive; null while current). Built from the monthly billing series by
-- "gaps and islands": a new version starts wherever any tracked attribute changes.
with monthly as (
    select
        account_id,
        month_start,
        subscription_status,
        plan_tier,
        mrr,
        case when lag(month_start) over w is null
               or subscription_status is distinct from lag(subscription_status) over w
               or plan_tier is distinct from lag(plan_tier) over w
               or mrr is distinct from lag(mrr) over w
             then 1 else 0 end as starts_version
    from {{ ref('int_billing__account_mrr_monthly') }}
    window w as (partition by account_id order by month_start)
),

versioned as (
    select *, sum(starts_version) over (partition by account_id order by month_start) as version_number
    from monthly
),

versions as (
    select
        account_id,
        version_number,
        min(month_start) as valid_from,
        {{ dbt.any_value("subscription_status") }} as subscription_status,
        {{ dbt.any_value("plan_tier") }} as plan_tier,
        {{ dbt.any_value("mrr") }} as monthly_recurring_revenue,
        count(*) as months
    from versioned
    group by 1, 2
)

select
    account_id,
    version_number,
    valid_from,
    lead(valid_from) over (partition by account_id order by version_number) as valid_to,
    lead(valid_from) over (partition by account_id order by version_number) is null as is_current,
    subscription_status,
    plan_tier,
    monthly_recurring_revenue,
    monthly_recurring_revenue
        - coalesce(lag(monthly_recurring_revenue) over (partition by account_id order by version_number), 0) as mrr_change,
    months
from versions
