select
    id as price_id,
    product_id,
    nickname as price_name,
    type as price_type,
    unit_amount as unit_amount_cents,
    cast(unit_amount / 100.0 as decimal(18, 2)) as unit_amount,
    recurring_interval as billing_interval,
    recurring_interval_count as interval_count,
    currency,
    active as is_active
from {{ source('stripe', 'price') }}
where not is_deleted
