select
    id as charge_id,
    customer_id,
    invoice_id,
    cast(amount / 100.0 as decimal(18, 2)) as amount,
    cast(amount_refunded / 100.0 as decimal(18, 2)) as amount_refunded,
    currency,
    status as charge_status,
    failure_code,
    created as created_at
from {{ source('stripe', 'charge') }}
