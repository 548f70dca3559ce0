-- When each customer was delinquent: from an invoice's first failed payment until the invoice
-- was paid, voided or written off (open-ended while it is still open).
select
    i.invoice_id,
    a.account_id,
    min(c.created_at) as delinquent_from,
    coalesce(i.paid_at, i.voided_at, i.marked_uncollectible_at, timestamp '9999-12-31') as delinquent_until
from {{ ref('stg_stripe__invoices') }} as i
inner join {{ ref('stg_stripe__charges') }} as c
    on c.invoice_id = i.invoice_id and c.charge_status = 'failed'
inner join {{ ref('stg_app__accounts') }} as a
    on a.stripe_customer_id = i.customer_id
group by i.invoice_id, a.account_id, i.paid_at, i.voided_at, i.marked_uncollectible_at
