-- Health and churn-risk scores are between 0 and 1 for every customer, every day.
select account_id, null as snapshot_date, customer_health_score, churn_risk_score
from {{ ref('entity_customers') }}
where customer_health_score is null or customer_health_score not between 0 and 1
   or churn_risk_score is null or churn_risk_score not between 0 and 1
union all
select account_id, snapshot_date, customer_health_score, churn_risk_score
from {{ ref('entity_customers_daily') }}
where customer_health_score is null or customer_health_score not between 0 and 1
   or churn_risk_score is null or churn_risk_score not between 0 and 1
