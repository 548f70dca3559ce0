-- The MRR entity_customers reports is the MRR of the live subscriptions, account by account.
select c.account_id, c.monthly_recurring_revenue, coalesce(s.mrr, 0) as subscription_mrr
from {{ ref('entity_customers') }} as c
left join (
    select account_id, sum(monthly_recurring_revenue) as mrr
    from {{ ref('entity_subscriptions') }}
    group by 1
) as s using (account_id)
where c.monthly_recurring_revenue <> coalesce(s.mrr, 0)
