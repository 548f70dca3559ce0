-- Daily campaign performance, summed over device and network; cost from micros to currency.
select
    {{ adapter.quote('date') }} as stat_date,
    id as campaign_id,
    sum(impressions) as impressions,
    sum(clicks) as clicks,
    cast(sum(cost_micros) / 1000000.0 as decimal(18, 2)) as spend,
    sum(conversions) as platform_conversions
from {{ source('google_ads', 'campaign_stats') }}
group by 1, 2
