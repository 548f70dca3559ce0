-- The latest version of each Google Ads campaign.
with versions as (
    select
        *,
        row_number() over (partition by id order by updated_at desc) as version_rank
    from {{ source('google_ads', 'campaign_history') }}
)

select
    id as campaign_id,
    name as campaign_name,
    status as campaign_status,
    advertising_channel_type,
    start_date,
    nullif(end_date, date '2037-12-30') as end_date,
    tracking_url_template
from versions
where version_rank = 1
