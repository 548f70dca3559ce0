select
    id as refund_id,
    charge_id,
    cast(amount / 100.0 as decimal(18, 2)) as amount,
    currency,
    reason as refund_reason,
    status as refund_status,
    created as created_at
from {{ source('stripe', 'refund') }}
