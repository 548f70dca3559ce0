-- Each account's MRR at the start of every month from its sign-up month to the as-of date,
-- rebuilt from Stripe: the subscription in force at that instant (active or past_due) and, for
-- each of its items, the latest invoiced line covering the instant (credit lines for unused time
-- left out), normalized to a month, summed in the billing currency and converted to US dollars
-- at finance's planning rate.
with months as (
    {{ date_series('month', "date_trunc('month', cast('" ~ var("start_date") ~ "' as date))", as_of_date(), 'month_start') }}
),

points as (
    select a.account_id, a.stripe_customer_id, m.month_start
    from {{ ref('stg_app__accounts') }} as a
    inner join months as m
        on m.month_start >= date_trunc('month', a.created_at)
),

in_force as (
    select account_id, month_start, subscription_id, subscription_status
    from (
        select
            p.account_id,
            p.month_start,
            h.subscription_id,
            h.subscription_status,
            row_number() over (
                partition by p.account_id, p.month_start
                order by case h.subscription_status
                             when 'active' then 1 when 'past_due' then 2 when 'trialing' then 3 else 4 end,
                         h.valid_from desc, h.subscription_id) as preference
        from points as p
        inner join {{ ref('stg_stripe__subscription_history') }} as h
            on h.customer_id = p.stripe_customer_id
            and h.valid_from <= p.month_start
            and p.month_start < h.valid_to
    ) as candidates
    where preference = 1
),

latest_lines as (
    select account_id, month_start, quantity, price_id
    from (
        select
            f.account_id,
            f.month_start,
            l.quantity,
            l.price_id,
            row_number() over (
                partition by f.account_id, f.month_start, l.subscription_item_id
                order by l.period_start desc, l.is_proration desc, l.invoice_line_item_id desc) as recency
        from in_force as f
        inner join {{ ref('stg_stripe__invoice_line_items') }} as l
            on l.subscription_id = f.subscription_id
            and l.period_start <= f.month_start
            and f.month_start < l.period_end
        where f.subscription_status in ('active', 'past_due')
          and not (l.is_proration and l.description like 'Unused time%')
    ) as covering_lines
    where recency = 1
),

local_mrr as (
    select
        l.account_id,
        l.month_start,
        max(p.currency) as currency,
        sum({{ normalize_to_mrr('l.quantity * p.unit_amount_cents', 'p.billing_interval', 'p.interval_count') }}) as mrr,
        max(lower(replace(pr.product_name, 'saaslab ', ''))) as plan_tier
    from latest_lines as l
    inner join {{ ref('stg_stripe__prices') }} as p on p.price_id = l.price_id
    inner join {{ ref('stg_stripe__products') }} as pr on pr.product_id = p.product_id
    group by 1, 2
),

mrr as (
    select m.account_id, m.month_start, m.plan_tier, {{ to_usd('m.mrr', 'r.usd_per_unit') }} as mrr
    from local_mrr as m
    inner join {{ ref('stg_finance__fx_rates') }} as r on r.currency = m.currency
)

select
    p.account_id,
    p.month_start,
    coalesce(f.subscription_status, 'none') as subscription_status,
    m.plan_tier,
    coalesce(m.mrr, 0) as mrr
from points as p
left join in_force as f using (account_id, month_start)
left join mrr as m using (account_id, month_start)
