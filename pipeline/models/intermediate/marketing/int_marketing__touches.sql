-- Every marketing touch before each account signed up: the visits (sessions split by 30 minutes
-- of inactivity) of the browsers its users were later identified on, with the channel each visit
-- came through, read from its UTMs or its referrer.
with browsers as (
    select distinct i.anonymous_id, u.account_id
    from {{ ref('stg_segment__identifies') }} as i
    inner join {{ ref('stg_app__users') }} as u on u.user_id = i.user_id
),

pre_signup_views as (
    select b.account_id, p.*
    from {{ ref('stg_segment__pages') }} as p
    inner join browsers as b on b.anonymous_id = p.anonymous_id
    inner join {{ ref('stg_app__accounts') }} as a on a.account_id = b.account_id
    where p.user_id is null  -- signed-in page views are product use, not marketing
      and p.viewed_at <= a.created_at
),

page_view_gaps as (
    select
        *,
        lag(viewed_at) over (partition by anonymous_id order by viewed_at, page_view_id) as previous_viewed_at
    from pre_signup_views
),

visits as (
    select *
    from page_view_gaps
    where previous_viewed_at is null
       or viewed_at > {{ dbt.dateadd('minute', 30, 'previous_viewed_at') }}
),

classified as (
    select
        account_id,
        anonymous_id,
        viewed_at as touched_at,
        case
            when utm_source = 'google' and utm_medium = 'cpc' then 'google_ads'
            when utm_source = 'facebook' then 'meta_ads'
            when utm_source = 'linkedin' then 'linkedin_ads'
            when utm_medium = 'email' then 'email'
            when utm_medium = 'sales_email' then 'outbound_sales'
            when utm_medium = 'referral' then 'referral'
            when referrer_host like '%google.%' or referrer_host like '%bing.%' then 'organic_search'
            else 'direct'
        end as channel,
        utm_source,
        utm_medium,
        utm_campaign
    from visits
)

select
    account_id,
    row_number() over (partition by account_id order by touched_at, anonymous_id) as touch_number,
    touched_at,
    channel,
    utm_source,
    utm_medium,
    utm_campaign,
    count(*) over (partition by account_id) as touches_total,
    row_number() over (partition by account_id order by touched_at, anonymous_id) = 1 as is_first_touch,
    row_number() over (partition by account_id order by touched_at desc, anonymous_id desc) = 1 as is_last_touch
from classified
