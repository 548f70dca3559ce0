-- Under every attribution model, each account with a touch gives out exactly one signup.
with touched as (
    select count(distinct account_id) as accounts from {{ ref('int_marketing__touches') }}
)
select m.attribution_model, sum(m.attributed_signups) as credited, {{ dbt.any_value("t.accounts") }} as accounts
from {{ ref('marketing_channel_performance') }} as m
cross join touched as t
group by 1
having abs(sum(m.attributed_signups) - {{ dbt.any_value("t.accounts") }}) > 0.01
