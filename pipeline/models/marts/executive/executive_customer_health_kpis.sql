-- The board's view of customer health on the as-of date, in one row: how many customers, how
-- healthy and how likely to churn, what they pay, and how their fleets and locations perform.
-- Customers are accounts whose subscription is trialing, active or past due.
with customers as (
    select * from {{ ref('entity_customers') }}
    where subscription_status in ('trialing', 'active', 'past_due')
),

locations as (
    select
        count(*) filter (where is_open) as open_locations,
        count(*) filter (where is_open and is_reporting_30d) as reporting_locations
    from {{ ref('entity_locations') }} as l
    inner join customers as c using (account_id)
)

select
    cast('{{ var("as_of_date") }}' as date) as as_of_date,
    count(*) as total_customers,
    count(*) filter (where monthly_recurring_revenue > 0) as paying_customers,
    count(*) filter (where health_category = 'healthy') as healthy_customers,
    count(*) filter (where health_category = 'at_risk') as at_risk_customers,
    count(*) filter (where health_category = 'unhealthy') as unhealthy_customers,
    {{ round_exact("count(*) filter (where health_category = 'healthy') / " ~ to_double("count(*)"), 4) }} as healthy_share,
    count(*) filter (where churn_risk_category = 'high') as high_churn_risk_customers,
    count(*) filter (where churn_risk_category = 'medium') as medium_churn_risk_customers,
    count(*) filter (where churn_risk_category = 'low') as low_churn_risk_customers,
    sum(monthly_recurring_revenue) as total_mrr,
    sum(annual_recurring_revenue) as total_arr,
    sum(monthly_recurring_revenue) filter (where churn_risk_category = 'high') as mrr_at_high_risk,
    {{ round_exact(to_double("sum(monthly_recurring_revenue)") ~ " / nullif(count(*) filter (where monthly_recurring_revenue > 0), 0)", 2) }} as average_mrr_per_paying_customer,
    {{ round_exact("avg(customer_health_score)", 4) }} as average_health_score,
    {{ round_exact("avg(churn_risk_score)", 4) }} as average_churn_risk_score,
    sum(active_devices) as active_devices,
    {{ round_exact("avg(device_online_ratio)", 6) }} as average_device_uptime,
    sum(total_locations) as total_locations,
    {{ dbt.any_value("l.reporting_locations") }} as locations_reporting_30d,
    {{ round_exact(dbt.any_value("l.reporting_locations") ~ " / nullif(" ~ to_double(dbt.any_value("l.open_locations")) ~ ", 0)", 4) }} as location_activity_rate
from customers
cross join locations as l
