select
    id as product_id,
    name as product_name,
    type as product_type,
    active as is_active
from {{ source('stripe', 'product') }}
where not is_deleted
