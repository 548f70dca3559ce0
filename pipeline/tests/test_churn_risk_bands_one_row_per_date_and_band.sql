-- customer_churn_risk_bands has one row per snapshot date and band, and its customers add up to
-- the paying customers of that day.
select snapshot_date, churn_risk_category, count(*) as rows_for_band
from {{ ref('customer_churn_risk_bands') }}
group by 1, 2
having count(*) > 1
union all
select b.snapshot_date, 'all', abs(b.customers - d.customers)
from (select snapshot_date, sum(customers) as customers from {{ ref('customer_churn_risk_bands') }} group by 1) as b
inner join (
    select snapshot_date, count(*) as customers
    from {{ ref('entity_customers_daily') }}
    where monthly_recurring_revenue > 0
    group by 1
) as d using (snapshot_date)
where b.customers <> d.customers
