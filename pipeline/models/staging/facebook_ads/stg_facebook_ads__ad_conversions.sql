-- Conversions Meta attributes to each ad and day (its own, generous, attribution).
select
    {{ adapter.quote('date') }} as stat_date,
    ad_id,
    sum(value) as platform_conversions
from {{ source('facebook_ads', 'basic_ad_actions') }}
group by 1, 2
