-- One row per paid campaign on any ad platform: what it cost and what it brought, by the
-- platform's own count and by first-touch attribution from Segment UTMs.
with performance as (
    select
        channel,
        campaign_id,
        campaign_name,
        min(stat_date) as first_active_date,
        max(stat_date) as last_active_date,
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(spend) as spend,
        sum(platform_conversions) as platform_conversions
    from {{ ref('int_marketing__ad_performance_daily') }}
    group by 1, 2, 3
),

first_touch_signups as (
    select t.channel, t.utm_campaign as campaign_name, count(*) as signups,
           count(*) filter (where c.first_payment_at is not null) as paying_customers,
           sum(c.lifetime_revenue) as lifetime_revenue
    from {{ ref('int_marketing__touches') }} as t
    inner join {{ ref('entity_customers') }} as c using (account_id)
    where t.is_first_touch
    group by 1, 2
)

select
    p.channel,
    p.campaign_id,
    p.campaign_name,
    p.first_active_date,
    p.last_active_date,
    p.impressions,
    p.clicks,
    p.spend,
    case when p.impressions > 0 then {{ round_exact("p.clicks / " ~ to_double("p.impressions"), 6) }} end as click_through_rate,
    case when p.clicks > 0 then {{ round_exact(to_double("p.spend") ~ " / p.clicks", 4) }} end as cost_per_click,
    {{ round_exact("p.platform_conversions", 2) }} as platform_conversions,
    coalesce(s.signups, 0) as first_touch_signups,
    coalesce(s.paying_customers, 0) as first_touch_customers,
    coalesce(s.lifetime_revenue, 0) as first_touch_lifetime_revenue,
    case when s.paying_customers > 0 then {{ round_exact(to_double("p.spend") ~ " / s.paying_customers", 2) }} end as customer_acquisition_cost
from performance as p
left join first_touch_signups as s
    on s.channel = p.channel and s.campaign_name = p.campaign_name
