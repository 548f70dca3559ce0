-- One row per live account: soft-deleted rows out, the latest version of each id kept.
with versions as (
    select
        *,
        row_number() over (partition by id order by updated_at desc) as version_rank
    from {{ source('app', 'accounts') }}
    where not _fivetran_deleted
)

select
    id as account_id,
    name as account_name,
    domain,
    industry,
    segment,
    country,
    plan_tier,
    billing_interval,
    status as account_status,
    acquisition_channel,
    stripe_customer_id,
    hubspot_company_id,
    trial_ends_at,
    canceled_at,
    created_at,
    updated_at
from versions
where version_rank = 1
