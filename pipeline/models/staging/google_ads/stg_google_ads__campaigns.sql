-- The latest version of each Google Ads campaign.
select
    id as campaign_id,
    name as campaign_name,
    status as campaign_status,
    advertising_channel_type,
    start_date,
    nullif(end_date, date '2037-12-30') as end_date,
    tracking_url_template
from {{ source('google_ads', 'campaign_history') }}
qualify row_number() over (partition by id order by updated_at desc) = 1
