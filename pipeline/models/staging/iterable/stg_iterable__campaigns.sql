with versions as (
    select
        *,
        row_number() over (partition by id order by updated_at desc) as version_rank
    from {{ source('iterable', 'campaign_history') }}
)

select
    id as campaign_id,
    name as campaign_name,
    type as campaign_type,
    message_medium,
    start_at as started_at
from versions
where version_rank = 1
