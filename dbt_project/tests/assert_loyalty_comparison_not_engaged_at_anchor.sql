-- Comparison customers existed and had not engaged at their pseudo cohort date, which lies in the
-- month they are compared in; engaged rows are anchored at the customer's own cohort date.
with rows_ as (
    select * from {{ ref('fct_retention_comparison') }}
),

customers as (
    select customer_id, created_date, cohort_date from {{ ref('dim_customers') }}
)

select rows_.customer_id, rows_.role, rows_.anchor_date
from rows_
inner join customers on customers.customer_id = rows_.customer_id
where (rows_.role = 'comparison'
       and (customers.created_date >= rows_.anchor_date
            or customers.cohort_date <= rows_.anchor_date
            or {{ month_start('rows_.anchor_date') }} <> rows_.cohort_month))
   or (rows_.role = 'engaged' and customers.cohort_date <> rows_.anchor_date)
