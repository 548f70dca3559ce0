-- An account with an active (or past due) subscription pays something. (A business whose last
-- location has closed cancels — reason business_closed — instead of staying on at $0.)
select account_id, subscription_status, total_locations, monthly_recurring_revenue
from {{ ref('entity_customers') }}
where subscription_status in ('active', 'past_due')
  and coalesce(monthly_recurring_revenue, 0) <= 0
