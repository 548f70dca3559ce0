-- One row per account and day on which any of its users did anything in the product.
select
    account_id,
    activity_date,
    count(*) as activity_events,
    count(distinct user_id) as active_users
from {{ ref('int_product__user_activity') }}
group by 1, 2
