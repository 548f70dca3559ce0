-- One row per known user and day on which they did anything in the product: web pages and
-- mobile screens after sign-in, tracked actions and premium feature use.
with activity as (
    select user_id, 'page_view' as activity_type, viewed_at as activity_at
    from {{ ref('stg_segment__pages') }} where user_id is not null
    union all
    select user_id, 'screen_view', viewed_at
    from {{ ref('stg_segment__screens') }} where user_id is not null
    union all
    select user_id, 'track', occurred_at
    from {{ ref('stg_segment__tracks') }} where user_id is not null
    union all
    select user_id, 'feature_use', used_at
    from {{ ref('stg_app__feature_usage') }}
)

select
    a.user_id,
    u.account_id,
    cast(a.activity_at as date) as activity_date,
    count(*) as activity_events,
    count(*) filter (where a.activity_type = 'page_view') as page_views,
    count(*) filter (where a.activity_type = 'screen_view') as screen_views,
    count(*) filter (where a.activity_type = 'track') as tracked_actions,
    count(*) filter (where a.activity_type = 'feature_use') as feature_uses,
    max(a.activity_at) as last_activity_at
from activity as a
inner join {{ ref('stg_app__users') }} as u
    on u.user_id = a.user_id
group by 1, 2, 3
