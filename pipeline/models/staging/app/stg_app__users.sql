select
    id as user_id,
    account_id,
    lower(email) as email,
    first_name,
    last_name,
    role as user_role,
    created_at,
    last_login_at
from {{ source('app', 'users') }}
where not _fivetran_deleted
qualify row_number() over (partition by id order by _fivetran_synced desc) = 1
