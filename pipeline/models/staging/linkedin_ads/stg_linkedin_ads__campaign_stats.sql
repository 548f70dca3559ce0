select
    cast({{ adapter.quote('day') }} as date) as stat_date,
    campaign_id,
    impressions,
    clicks,
    cast(cost_in_usd as decimal(18, 2)) as spend,
    external_website_conversions as platform_conversions
from {{ source('linkedin_ads', 'ad_analytics_by_campaign') }}
