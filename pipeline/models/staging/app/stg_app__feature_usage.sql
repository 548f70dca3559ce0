-- Premium feature use, one row per logged use (duplicated log lines removed).
with versions as (
    select
        *,
        row_number() over (partition by id order by _fivetran_synced desc) as version_rank
    from {{ source('app', 'feature_usage') }}
    where not _fivetran_deleted
)

select
    id as feature_usage_id,
    account_id,
    user_id,
    feature as feature_name,
    used_at,
    duration_s
from versions
where version_rank = 1
