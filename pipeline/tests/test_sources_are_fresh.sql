-- Source freshness, measured against the dataset's as-of date rather than today's clock (the
-- data describes a past period): no connector synced more than three days after the as-of date,
-- a busy one synced on it, and the busy event streams reach the as-of date itself. Each
-- connector is read from its busiest table (a settings table keeps the sync of its last change).
with synced as (
    select 'app' as source, _fivetran_synced as synced_at from {{ source('app', 'devices') }}
    union all select 'stripe', _fivetran_synced from {{ source('stripe', 'invoice') }}
    union all select 'hubspot', _fivetran_synced from {{ source('hubspot', 'company') }}
    union all select 'segment', _fivetran_synced from {{ source('segment', 'pages') }}
    union all select 'google_ads', _fivetran_synced from {{ source('google_ads', 'campaign_stats') }}
    union all select 'facebook_ads', _fivetran_synced from {{ source('facebook_ads', 'basic_ad') }}
    union all select 'linkedin_ads', _fivetran_synced from {{ source('linkedin_ads', 'ad_analytics_by_campaign') }}
    union all select 'iterable', _fivetran_synced from {{ source('iterable', 'event') }}
),

connectors as (
    select
        source,
        max(synced_at) as latest,
        count(*) filter (where synced_at >= {{ dbt.dateadd('day', -33, as_of_timestamp()) }}
                           and synced_at < {{ dbt.dateadd('day', -3, as_of_timestamp()) }}) / 30.0 as daily_before
    from synced
    group by 1
),

events as (
    select 'iot.device_events' as stream, event_ts as event_at from {{ source('iot', 'device_events') }}
    union all select 'segment.pages', {{ adapter.quote('timestamp') }} from {{ source('segment', 'pages') }}
),

streams as (
    select
        stream,
        max(event_at) as latest,
        count(*) filter (where event_at >= {{ dbt.dateadd('day', -33, as_of_timestamp()) }}
                           and event_at < {{ dbt.dateadd('day', -3, as_of_timestamp()) }}) / 30.0 as daily_before
    from events
    group by 1
)

-- A row is synced after it changes, so a connector's newest sync is its newest change's: a
-- connector whose tables changed 30+ times a day in the month before must have synced on the
-- as-of date; a quiet one (a few customers) can go days without a change, and that is no fault.
select source, latest, 'synced too long after (or before) the as-of date' as problem
from connectors
where latest is null
   or (daily_before >= 30 and latest < cast('{{ var("as_of_date") }}' as timestamp))
   or latest > {{ dbt.dateadd('day', 3, as_of_timestamp()) }}
union all
-- A stream stops early when it was busy (30+ events a day in the month before) and has nothing on
-- the as-of date: at that rate a quiet day cannot happen by chance. A few devices or users (a
-- small dataset) can be quiet for days, and that is not a connector fault.
select stream, latest, 'the stream stops before the as-of date'
from streams
where daily_before >= 30 and latest < cast('{{ var("as_of_date") }}' as timestamp)
