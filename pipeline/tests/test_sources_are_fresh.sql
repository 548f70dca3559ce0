-- Source freshness, measured against the dataset's as-of date rather than today's clock (the
-- data describes a past period): every connector synced within two days after the as-of date,
-- and the busy event streams reach the as-of date itself.
with synced as (
    select 'app' as source, max(_fivetran_synced) as latest from {{ source('app', 'accounts') }}
    union all select 'stripe', max(_fivetran_synced) from {{ source('stripe', 'invoice') }}
    union all select 'hubspot', max(_fivetran_synced) from {{ source('hubspot', 'company') }}
    union all select 'segment', max(_fivetran_synced) from {{ source('segment', 'identifies') }}
    union all select 'google_ads', max(_fivetran_synced) from {{ source('google_ads', 'campaign_stats') }}
    union all select 'facebook_ads', max(_fivetran_synced) from {{ source('facebook_ads', 'basic_ad') }}
    union all select 'linkedin_ads', max(_fivetran_synced) from {{ source('linkedin_ads', 'ad_analytics_by_campaign') }}
    union all select 'iterable', max(_fivetran_synced) from {{ source('iterable', 'campaign_history') }}
),

events as (
    select 'iot.device_events' as stream, event_ts as event_at from {{ source('iot', 'device_events') }}
    union all select 'segment.pages', "timestamp" from {{ source('segment', 'pages') }}
),

streams as (
    select
        stream,
        max(event_at) as latest,
        count(*) filter (where event_at >= cast('{{ var("as_of_date") }}' as timestamp) - interval 33 day
                           and event_at < cast('{{ var("as_of_date") }}' as timestamp) - interval 3 day) / 30.0 as daily_before
    from events
    group by 1
)

select source, latest, 'synced too long after (or before) the as-of date' as problem
from synced
where latest is null
   or latest < cast('{{ var("as_of_date") }}' as timestamp)
   or latest > cast('{{ var("as_of_date") }}' as timestamp) + interval 3 day
union all
-- A stream stops early when it was busy (30+ events a day in the month before) and has nothing on
-- the as-of date: at that rate a quiet day cannot happen by chance. A few devices or users (a
-- small dataset) can be quiet for days, and that is not a connector fault.
select stream, latest, 'the stream stops before the as-of date'
from streams
where daily_before >= 30 and latest < cast('{{ var("as_of_date") }}' as timestamp)
