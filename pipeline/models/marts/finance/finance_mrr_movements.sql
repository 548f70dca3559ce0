-- MRR movements month by month. Each account's MRR at a month start is compared with the
-- previous month start's: new (first revenue ever), reactivation (revenue again after none),
-- expansion, contraction, churn (revenue to none). Contraction and churn are negative, so that
-- opening_mrr + new + reactivation + expansion + contraction + churned = closing_mrr, always.
with series as (
    select
        account_id,
        month_start,
        mrr,
        coalesce(lag(mrr) over (partition by account_id order by month_start), 0) as previous_mrr,
        coalesce(max(mrr) over (partition by account_id order by month_start
                                rows between unbounded preceding and 1 preceding), 0) as best_mrr_before
    from {{ ref('int_billing__account_mrr_monthly') }}
),

classified as (
    select
        *,
        case
            when previous_mrr = 0 and mrr > 0 and best_mrr_before = 0 then 'new'
            when previous_mrr = 0 and mrr > 0 then 'reactivation'
            when previous_mrr > 0 and mrr = 0 then 'churn'
            when mrr > previous_mrr then 'expansion'
            when mrr < previous_mrr then 'contraction'
        end as movement
    from series
)

select
    month_start,
    sum(previous_mrr) as opening_mrr,
    coalesce(sum(mrr - previous_mrr) filter (where movement = 'new'), 0) as new_mrr,
    coalesce(sum(mrr - previous_mrr) filter (where movement = 'reactivation'), 0) as reactivation_mrr,
    coalesce(sum(mrr - previous_mrr) filter (where movement = 'expansion'), 0) as expansion_mrr,
    coalesce(sum(mrr - previous_mrr) filter (where movement = 'contraction'), 0) as contraction_mrr,
    coalesce(sum(mrr - previous_mrr) filter (where movement = 'churn'), 0) as churned_mrr,
    sum(mrr) as closing_mrr,
    sum(mrr) - sum(previous_mrr) as net_new_mrr,
    count(*) filter (where previous_mrr > 0) as opening_customers,
    count(*) filter (where movement = 'new') as new_customers,
    count(*) filter (where movement = 'reactivation') as reactivated_customers,
    count(*) filter (where movement = 'churn') as churned_customers,
    count(*) filter (where mrr > 0) as closing_customers
from classified
group by 1
