-- Web page views, one row per message id (Segment retries send some twice). user_id is the app
-- user's id once the visitor is known; before sign-up only anonymous_id is set. The copies of a
-- message share its user_id, so partitioning by it too changes nothing but lets a filter on
-- user_id (pre-signup views only, say) reach the scan instead of waiting for the dedupe.
with copies as (
    select
        *,
        row_number() over (partition by id, user_id order by received_at) as copy_rank
    from {{ source('segment', 'pages') }}
)

select
    id as page_view_id,
    anonymous_id,
    {{ dbt.safe_cast("user_id", "bigint") }} as user_id,
    {{ adapter.quote('timestamp') }} as viewed_at,
    received_at,
    coalesce(path, context_page_path) as page_path,
    coalesce(url, context_page_url) as page_url,
    coalesce(referrer, context_page_referrer) as referrer,
    {{ regexp_capture("coalesce(referrer, context_page_referrer)", '//([^/]+)') }} as referrer_host,
    context_campaign_source as utm_source,
    context_campaign_medium as utm_medium,
    context_campaign_name as utm_campaign,
    context_campaign_term as utm_term,
    context_campaign_content as utm_content
from copies
where copy_rank = 1
