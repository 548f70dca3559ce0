select
    id as ad_id,
    ad_set_id,
    campaign_id,
    creative_id,
    name as ad_name
from {{ source('facebook_ads', 'ad_history') }}
qualify row_number() over (partition by id order by updated_time desc) = 1
