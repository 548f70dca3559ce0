select
    id as subscription_item_id,
    subscription_id,
    price_id,
    quantity,
    {{ regexp_capture("metadata", '"unit":"([a-z_]+)"') }} as billing_unit,
    created as created_at,
    current_period_start,
    current_period_end
from {{ source('stripe', 'subscription_item') }}
