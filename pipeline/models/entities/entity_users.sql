-- One row per user: who they are, how much they use the product and its premium features, and
-- how they respond to email.
with activity as (
    select
        user_id,
        sum(activity_events) as lifetime_events,
        coalesce(sum(activity_events) filter (
            where activity_date > {{ dbt.dateadd('day', -30, as_of_date()) }}), 0) as events_30d,
        count(*) as active_days,
        max(last_activity_at) as last_active_at
    from {{ ref('int_product__user_daily_activity') }}
    group by 1
),

features as (
    select
        user_id,
        count(*) as feature_uses,
        count(distinct feature_name) as features_used
    from {{ ref('stg_app__feature_usage') }}
    group by 1
),

email as (
    select
        email,
        count(*) filter (where event_name = 'emailSend') as emails_sent,
        count(*) filter (where event_name = 'emailOpen') as emails_opened,
        count(*) filter (where event_name = 'emailClick') as emails_clicked
    from {{ ref('stg_iterable__email_events') }}
    group by 1
)

select
    u.user_id,
    u.account_id,
    u.email,
    u.first_name,
    u.last_name,
    u.user_role,
    u.created_at,
    u.last_login_at,
    coalesce(a.lifetime_events, 0) as lifetime_events,
    coalesce(a.events_30d, 0) as events_30d,
    coalesce(a.active_days, 0) as active_days,
    a.last_active_at,
    coalesce(f.feature_uses, 0) as feature_uses,
    coalesce(f.features_used, 0) as features_used,
    coalesce(e.emails_sent, 0) as emails_sent,
    coalesce(e.emails_opened, 0) as emails_opened,
    coalesce(e.emails_clicked, 0) as emails_clicked,
    case when e.emails_sent > 0 then {{ round_exact("e.emails_opened / " ~ to_double("e.emails_sent"), 4) }} end as email_open_rate
from {{ ref('stg_app__users') }} as u
left join activity as a using (user_id)
left join features as f using (user_id)
left join email as e using (email)
