{{ config(materialized='incremental', unique_key='event_id', on_schema_change='append_new_columns') }}

-- Everything a known user did in the product, one row per event: web pages and mobile screens
-- after sign-in, tracked actions and premium feature use, with the user's account.
with activity as (
    select page_view_id as event_id, user_id, 'page_view' as activity_type, viewed_at as activity_at, received_at
    from {{ ref('stg_segment__pages') }} where user_id is not null
    union all
    select screen_view_id, user_id, 'screen_view', viewed_at, received_at
    from {{ ref('stg_segment__screens') }} where user_id is not null
    union all
    select track_id, user_id, 'track', occurred_at, received_at
    from {{ ref('stg_segment__tracks') }} where user_id is not null
    union all
    select feature_usage_id, user_id, 'feature_use', used_at, used_at
    from {{ ref('stg_app__feature_usage') }}
)

select
    a.event_id,
    a.user_id,
    u.account_id,
    a.activity_type,
    a.activity_at,
    cast(a.activity_at as date) as activity_date,
    a.received_at
from activity as a
inner join {{ ref('stg_app__users') }} as u
    on u.user_id = a.user_id
{% if is_incremental() %}
where a.received_at > (select max(received_at) from {{ this }})
{% endif %}
