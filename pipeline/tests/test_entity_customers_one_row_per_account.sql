-- entity_customers has exactly the live accounts, once each.
select coalesce(a.account_id, c.account_id) as account_id, a.account_id is null as extra, c.account_id is null as missing
from {{ ref('stg_app__accounts') }} as a
full outer join (select distinct account_id from {{ ref('entity_customers') }}) as c using (account_id)
where a.account_id is null or c.account_id is null
union all
select account_id, false, false
from {{ ref('entity_customers') }}
group by account_id
having count(*) > 1
