-- Paid media from the three ad platforms in one shape: one row per platform, campaign and day,
-- money in currency units (Google's micros and Meta's and LinkedIn's floats converted).
with google as (
    select 'google_ads' as channel, s.stat_date, s.campaign_id, c.campaign_name,
           s.impressions, s.clicks, s.spend, s.platform_conversions
    from {{ ref('stg_google_ads__campaign_stats') }} as s
    inner join {{ ref('stg_google_ads__campaigns') }} as c using (campaign_id)
),

meta as (
    select 'meta_ads' as channel, b.stat_date, a.campaign_id, c.campaign_name,
           sum(b.impressions) as impressions, sum(b.clicks) as clicks, sum(b.spend) as spend,
           coalesce(sum(v.platform_conversions), 0) as platform_conversions
    from {{ ref('stg_facebook_ads__basic_ad') }} as b
    inner join {{ ref('stg_facebook_ads__ads') }} as a using (ad_id)
    inner join {{ ref('stg_facebook_ads__campaigns') }} as c on c.campaign_id = a.campaign_id
    left join {{ ref('stg_facebook_ads__ad_conversions') }} as v using (ad_id, stat_date)
    group by 1, 2, 3, 4
),

linkedin as (
    select 'linkedin_ads' as channel, s.stat_date, s.campaign_id, c.campaign_name,
           s.impressions, s.clicks, s.spend, {{ to_double('s.platform_conversions') }} as platform_conversions
    from {{ ref('stg_linkedin_ads__campaign_stats') }} as s
    inner join {{ ref('stg_linkedin_ads__campaigns') }} as c using (campaign_id)
)

select * from google
union all select * from meta
union all select * from linkedin
