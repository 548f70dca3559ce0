-- Each account's subscription and MRR now: its current subscription (the live one if any) and
-- the quantities and prices of that subscription's items, MRR in US dollars at the planning rate.
with current_subscription as (
    select *
    from (
        select
            s.*,
            row_number() over (
                partition by s.customer_id
                order by case s.subscription_status
                             when 'active' then 1 when 'past_due' then 2 when 'trialing' then 3 else 4 end,
                         s.created_at desc, s.subscription_id) as preference
        from {{ ref('stg_stripe__subscriptions') }} as s
    ) as subscriptions
    where preference = 1
),

items as (
    select
        i.subscription_id,
        max(p.currency) as currency,
        sum({{ normalize_to_mrr('i.quantity * p.unit_amount_cents', 'p.billing_interval', 'p.interval_count') }}) as local_mrr,
        max(lower(replace(pr.product_name, 'saaslab ', ''))) as plan_tier,
        max(p.billing_interval) as billing_interval,
        max(p.interval_count) as interval_count
    from {{ ref('stg_stripe__subscription_items') }} as i
    inner join {{ ref('stg_stripe__prices') }} as p on p.price_id = i.price_id
    inner join {{ ref('stg_stripe__products') }} as pr on pr.product_id = p.product_id
    group by 1
),

items_usd as (
    select i.*, {{ to_usd('i.local_mrr', 'r.usd_per_unit') }} as mrr
    from items as i
    inner join {{ ref('stg_finance__fx_rates') }} as r on r.currency = i.currency
)

select
    a.account_id,
    s.subscription_id,
    s.subscription_status,
    s.started_at as subscription_started_at,
    s.ended_at as subscription_ended_at,
    i.plan_tier,
    i.billing_interval,
    i.interval_count,
    case when s.subscription_status in ('active', 'past_due') then coalesce(i.mrr, 0) else 0 end as mrr
from {{ ref('stg_app__accounts') }} as a
left join current_subscription as s on s.customer_id = a.stripe_customer_id
left join items_usd as i on i.subscription_id = s.subscription_id
