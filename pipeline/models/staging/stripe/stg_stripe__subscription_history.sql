-- Every version of every subscription, valid from valid_from until valid_to (exclusive).
select
    id as subscription_id,
    customer_id,
    status as subscription_status,
    created as created_at,
    start_date as started_at,
    current_period_start,
    current_period_end,
    trial_start as trial_started_at,
    trial_end as trial_ends_at,
    cancel_at_period_end,
    canceled_at,
    ended_at,
    cast(nullif({{ regexp_capture("metadata", '"app_account_id":"([0-9]+)"') }}, '') as bigint) as account_id,
    {{ dbt.safe_cast("nullif(" ~ regexp_capture("metadata", '"hubspot_deal_id":"([0-9]+)"') ~ ", '')", "bigint") }} as hubspot_deal_id,
    _fivetran_start as valid_from,
    _fivetran_end as valid_to,
    _fivetran_active as is_current
from {{ source('stripe', 'subscription_history') }}
