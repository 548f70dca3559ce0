with versions as (
    select
        *,
        row_number() over (partition by id order by updated_time desc) as version_rank
    from {{ source('facebook_ads', 'ad_history') }}
)

select
    id as ad_id,
    ad_set_id,
    campaign_id,
    creative_id,
    name as ad_name
from versions
where version_rank = 1
