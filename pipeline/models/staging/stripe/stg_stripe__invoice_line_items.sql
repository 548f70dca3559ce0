select
    id as invoice_line_item_id,
    invoice_id,
    subscription_id,
    subscription_item_id,
    price_id,
    type as line_type,
    amount as amount_cents,
    cast(amount / 100.0 as decimal(18, 2)) as amount,
    currency,
    cast(tax_amount / 100.0 as decimal(18, 2)) as tax_amount,
    tax_rate_id,
    quantity,
    period_start,
    period_end,
    proration as is_proration,
    description
from {{ source('stripe', 'invoice_line_item') }}
