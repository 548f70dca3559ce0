-- The board's totals are the sums of the customer entity.
with totals as (
    select count(*) as customers, sum(monthly_recurring_revenue) as mrr
    from {{ ref('entity_customers') }}
    where subscription_status in ('trialing', 'active', 'past_due')
)
select k.total_customers, t.customers, k.total_mrr, t.mrr
from {{ ref('executive_customer_health_kpis') }} as k
cross join totals as t
where k.total_customers <> t.customers
   or k.total_mrr <> t.mrr
   or k.healthy_customers + k.at_risk_customers + k.unhealthy_customers <> k.total_customers
   or k.high_churn_risk_customers + k.medium_churn_risk_customers + k.low_churn_risk_customers <> k.total_customers
   or k.total_arr <> 12 * k.total_mrr
