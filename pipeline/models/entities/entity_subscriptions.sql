-- One row per Stripe subscription: whose it is, its lifecycle, what it is worth now, and what it
-- has been billed and paid, in US dollars at finance's planning rate (its billing currency beside).
with invoices as (
    select
        subscription_id,
        max(currency) as currency,
        count(*) as invoices,
        sum(total) as total_invoiced,
        sum(amount_paid) as total_paid,
        count(*) filter (where invoice_status = 'open') as open_invoices
    from {{ ref('stg_stripe__invoices') }}
    where subscription_id is not null
    group by 1
),

items as (
    select
        i.subscription_id,
        max(p.currency) as currency,
        sum({{ normalize_to_mrr('i.quantity * p.unit_amount_cents', 'p.billing_interval', 'p.interval_count') }}) as item_mrr,
        sum(i.quantity) filter (where i.billing_unit = 'device') as billed_devices,
        sum(i.quantity) filter (where i.billing_unit = 'location') as billed_locations,
        max(p.billing_interval) as billing_interval,
        max(p.interval_count) as interval_count
    from {{ ref('stg_stripe__subscription_items') }} as i
    inner join {{ ref('stg_stripe__prices') }} as p using (price_id)
    group by 1
)

select
    s.subscription_id,
    s.customer_id,
    s.account_id,
    s.subscription_status,
    s.created_at,
    s.started_at,
    s.trial_started_at,
    s.trial_ends_at,
    s.canceled_at,
    s.ended_at,
    s.cancel_at_period_end,
    s.current_period_start,
    s.current_period_end,
    i.billing_interval,
    i.interval_count,
    coalesce(i.billed_locations, 0) as billed_locations,
    coalesce(i.billed_devices, 0) as billed_devices,
    i.currency,
    case when s.subscription_status in ('active', 'past_due') then coalesce({{ to_usd('i.item_mrr', 'ir.usd_per_unit') }}, 0) else 0 end as monthly_recurring_revenue,
    coalesce(v.invoices, 0) as invoices,
    coalesce({{ to_usd('v.total_invoiced', 'vr.usd_per_unit') }}, 0) as total_invoiced,
    coalesce({{ to_usd('v.total_paid', 'vr.usd_per_unit') }}, 0) as total_paid,
    coalesce(v.open_invoices, 0) as open_invoices,
    s.hubspot_deal_id
from {{ ref('stg_stripe__subscriptions') }} as s
left join items as i using (subscription_id)
left join invoices as v using (subscription_id)
left join {{ ref('stg_finance__fx_rates') }} as ir on ir.currency = i.currency
left join {{ ref('stg_finance__fx_rates') }} as vr on vr.currency = v.currency
