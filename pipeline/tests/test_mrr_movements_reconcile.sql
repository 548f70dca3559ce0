-- Every month: opening MRR plus the movements is the closing MRR, and a month opens where the
-- previous one closed.
with months as (
    select *, lag(closing_mrr) over (order by month_start) as previous_closing
    from {{ ref('finance_mrr_movements') }}
)
select month_start, opening_mrr, closing_mrr, previous_closing
from months
where opening_mrr + new_mrr + reactivation_mrr + expansion_mrr + contraction_mrr + churned_mrr <> closing_mrr
   or opening_mrr <> coalesce(previous_closing, 0)
