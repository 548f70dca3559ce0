with versions as (
    select
        *,
        row_number() over (partition by id order by _fivetran_synced desc) as version_rank
    from {{ source('app', 'users') }}
    where not _fivetran_deleted
)

select
    id as user_id,
    account_id,
    lower(email) as email,
    first_name,
    last_name,
    role as user_role,
    created_at,
    last_login_at
from versions
where version_rank = 1
