-- Stripe customers, with the app account id their metadata carries.
select
    id as customer_id,
    cast(nullif({{ regexp_capture("metadata", '"app_account_id":"([0-9]+)"') }}, '') as bigint) as account_id,
    lower(email) as email,
    name as customer_name,
    currency,
    cast(balance / 100.0 as decimal(18, 2)) as balance,
    delinquent as is_delinquent,
    address_country as country,
    address_state as region,
    tax_exempt,
    created as created_at
from {{ source('stripe', 'customer') }}
where not is_deleted
