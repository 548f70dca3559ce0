-- Retention by cohort: accounts grouped by the month they first paid, followed month by month.
-- Logo retention counts accounts still paying; revenue retention compares the cohort's MRR with
-- its MRR in the first month (net of expansion and contraction, so it can exceed 1).
with paying as (
    select account_id, month_start, mrr
    from {{ ref('int_billing__account_mrr_monthly') }}
),

cohorts as (
    select account_id, min(month_start) as cohort_month
    from paying
    where mrr > 0
    group by 1
),

cohort_start as (
    select c.cohort_month, count(*) as cohort_customers, sum(p.mrr) as cohort_starting_mrr
    from cohorts as c
    inner join paying as p on p.account_id = c.account_id and p.month_start = c.cohort_month
    group by 1
)

select
    c.cohort_month,
    {{ dbt.datediff('c.cohort_month', 'p.month_start', 'month') }} as months_since_start,
    s.cohort_customers,
    s.cohort_starting_mrr,
    count(*) filter (where p.mrr > 0) as retained_customers,
    sum(p.mrr) as retained_mrr,
    {{ round_exact("count(*) filter (where p.mrr > 0) / " ~ to_double("s.cohort_customers"), 4) }} as logo_retention_rate,
    {{ round_exact(to_double("sum(p.mrr)") ~ " / " ~ to_double("s.cohort_starting_mrr"), 4) }} as revenue_retention_rate
from cohorts as c
inner join paying as p on p.account_id = c.account_id and p.month_start >= c.cohort_month
inner join cohort_start as s on s.cohort_month = c.cohort_month
group by 1, 2, 3, 4
