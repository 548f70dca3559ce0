-- Subscriptions as they are now: the current version of each.
select
    subscription_id,
    customer_id,
    account_id,
    subscription_status,
    created_at,
    started_at,
    current_period_start,
    current_period_end,
    trial_started_at,
    trial_ends_at,
    cancel_at_period_end,
    canceled_at,
    ended_at,
    hubspot_deal_id
from {{ ref('stg_stripe__subscription_history') }}
where is_current
