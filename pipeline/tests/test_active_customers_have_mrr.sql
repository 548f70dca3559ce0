-- An account with an active (or past due) subscription and at least one open location pays
-- something. (An account whose locations have all closed keeps a subscription with nothing on
-- it: Stripe bills it $0, which is real, and not what this test is about.)
select account_id, subscription_status, total_locations, monthly_recurring_revenue
from {{ ref('entity_customers') }}
where subscription_status in ('active', 'past_due')
  and total_locations > 0
  and coalesce(monthly_recurring_revenue, 0) <= 0
