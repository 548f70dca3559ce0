-- Premium feature use, one row per logged use (duplicated log lines removed).
select
    id as feature_usage_id,
    account_id,
    user_id,
    feature as feature_name,
    used_at,
    duration_s
from {{ source('app', 'feature_usage') }}
where not _fivetran_deleted
qualify row_number() over (partition by id order by _fivetran_synced desc) = 1
