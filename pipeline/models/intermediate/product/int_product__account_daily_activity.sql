-- One row per account and day on which any of its users did anything in the product.
select
    account_id,
    activity_date,
    sum(activity_events) as activity_events,
    count(*) as active_users
from {{ ref('int_product__user_daily_activity') }}
group by 1, 2
