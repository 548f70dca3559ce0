-- Daily performance per ad; Meta reports spend as a float in currency units.
select
    {{ adapter.quote('date') }} as stat_date,
    ad_id,
    impressions,
    inline_link_clicks as clicks,
    cast(spend as decimal(18, 2)) as spend,
    reach
from {{ source('facebook_ads', 'basic_ad') }}
