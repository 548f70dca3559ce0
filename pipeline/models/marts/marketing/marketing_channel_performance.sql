-- What each acquisition channel brought, under three attribution models, against what paid
-- channels cost. Every account's credit sums to 1 under each model:
--   first_touch: all to the first pre-signup visit; last_touch: all to the last one;
--   linear: split evenly across all its pre-signup visits.
-- Revenue is the account's lifetime revenue (paid invoices less refunds); CAC is spend per
-- attributed paying customer and ROAS attributed revenue per unit of spend (paid channels only).
with credit as (
    select account_id, channel, 'first_touch' as attribution_model, {{ to_double('1') }} as credit
    from {{ ref('int_marketing__touches') }} where is_first_touch
    union all
    select account_id, channel, 'last_touch', {{ to_double('1') }}
    from {{ ref('int_marketing__touches') }} where is_last_touch
    union all
    select account_id, channel, 'linear', {{ to_double('1') }} / touches_total
    from {{ ref('int_marketing__touches') }}
),

attributed as (
    select
        cr.channel,
        cr.attribution_model,
        sum(cr.credit) as attributed_signups,
        sum(cr.credit) filter (where c.first_payment_at is not null) as attributed_customers,
        sum(cr.credit * {{ to_double('c.lifetime_revenue') }}) as attributed_revenue
    from credit as cr
    inner join {{ ref('entity_customers') }} as c using (account_id)
    group by 1, 2
),

spend as (
    select channel, sum(spend) as spend, sum(clicks) as clicks, sum(impressions) as impressions
    from {{ ref('int_marketing__ad_performance_daily') }}
    group by 1
)

select
    a.channel,
    a.attribution_model,
    {{ round_exact("a.attributed_signups", 4) }} as attributed_signups,
    {{ round_exact("coalesce(a.attributed_customers, 0)", 4) }} as attributed_customers,
    {{ round_exact("a.attributed_revenue", 2) }} as attributed_revenue,
    coalesce(s.spend, 0) as spend,
    case when s.spend > 0 and a.attributed_customers > 0
         then {{ round_exact(to_double("s.spend") ~ " / a.attributed_customers", 2) }} end as customer_acquisition_cost,
    case when s.spend > 0 then {{ round_exact("a.attributed_revenue / " ~ to_double("s.spend"), 4) }} end as return_on_ad_spend
from attributed as a
left join spend as s using (channel)
