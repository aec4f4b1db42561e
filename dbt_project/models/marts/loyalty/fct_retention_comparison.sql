{%- set max_pre_days = 365 -%}
-- One row per (customer, anchor date) of the loyalty comparison: every engaged customer whose
-- cohort date lies in the analysis period, anchored at that cohort date (role 'engaged'), and,
-- for every month of the period, every customer not engaged by then, anchored at a pseudo cohort
-- date spread deterministically over that month (role 'comparison'). For each anchor: the
-- customer's completed orders and margin in the pre-period (up to {{ max_pre_days }} days before the
-- anchor, from the day after the account was created and from the first order date of the data),
-- retention flags "at least one completed order in (anchor, anchor + d]" for d = 30, 90, 180, order
-- counts in those windows, 12-month margin, and whether the customer still bought after each
-- window (used to bracket churn; docs/ereputation.md, "Loyalty").
with period as (
    select * from {{ ref('dim_analysis_period') }}
),

months as (
    select
        calendar.month_start,
        count(*) as days_in_month
    from {{ ref('dim_calendar') }} as calendar
    cross join period
    where calendar.month_start between period.period_start and period.period_end
    group by calendar.month_start
),

customers as (
    select customer_id, created_date, cohort_date, first_channel, is_loyalty_member
    from {{ ref('dim_customers') }}
),

orders as (
    select customer_id, order_date, gross_margin
    from {{ ref('fct_orders') }}
    where is_completed
),

last_orders as (
    select customer_id, max(order_date) as last_order_date
    from orders
    group by customer_id
),

engaged as (
    select
        customers.customer_id,
        'engaged' as role,
        customers.cohort_date as anchor_date,
        {{ month_start('customers.cohort_date') }} as cohort_month
    from customers
    cross join period
    where customers.cohort_date between period.period_start and period.period_end
),

comparison_candidates as (
    select
        customers.customer_id,
        'comparison' as role,
        cast({{ dbt.dateadd('day',
            hash_bucket(dbt.concat(['customers.customer_id', "'|'", 'cast(months.month_start as ' ~ dbt.type_string() ~ ')']), 'months.days_in_month'),
            'months.month_start') }} as date) as anchor_date,
        months.month_start as cohort_month,
        customers.created_date,
        customers.cohort_date
    from customers
    cross join months
),

comparison as (
    select customer_id, role, anchor_date, cohort_month
    from comparison_candidates
    -- an account that existed at the anchor and had not engaged yet (it may engage later)
    where created_date < anchor_date
        and (cohort_date is null or cohort_date > anchor_date)
),

anchors as (
    select * from engaged
    union all
    select * from comparison
),

windows as (
    select
        anchors.*,
        customers.first_channel,
        customers.is_loyalty_member,
        period.last_order_date as data_last_order_date,
        greatest(
            cast({{ dbt.dateadd('day', 1, 'customers.created_date') }} as date),
            period.first_order_date,
            cast({{ dbt.dateadd('day', -max_pre_days, 'anchors.anchor_date') }} as date)
        ) as pre_start
    from anchors
    inner join customers on customers.customer_id = anchors.customer_id
    cross join period
),

measured as (
    select
        windows.customer_id,
        windows.role,
        windows.anchor_date,
        windows.cohort_month,
        windows.first_channel,
        windows.is_loyalty_member,
        windows.data_last_order_date,
        windows.pre_start,
        count(case when orders.order_date >= windows.pre_start
                    and orders.order_date < windows.anchor_date then 1 end) as pre_orders,
        sum(case when orders.order_date >= windows.pre_start
                  and orders.order_date < windows.anchor_date then orders.gross_margin else 0 end)
            as pre_margin,
        {% for d in [30, 90, 180, 365] -%}
        count(case when orders.order_date > windows.anchor_date
                    and orders.order_date <= cast({{ dbt.dateadd('day', d, 'windows.anchor_date') }} as date)
                   then 1 end) as orders_{{ d }}d,
        {% endfor -%}
        sum(case when orders.order_date > windows.anchor_date
                  and orders.order_date <= cast({{ dbt.dateadd('day', 365, 'windows.anchor_date') }} as date)
                 then orders.gross_margin else 0 end) as margin_365d
    from windows
    left join orders
        on orders.customer_id = windows.customer_id
        and orders.order_date >= windows.pre_start
        and orders.order_date <= cast({{ dbt.dateadd('day', 365, 'windows.anchor_date') }} as date)
    group by 1, 2, 3, 4, 5, 6, 7, 8
),

final as (
    select
        measured.customer_id,
        measured.role,
        measured.anchor_date,
        measured.cohort_month,
        measured.first_channel,
        measured.is_loyalty_member,
        measured.pre_start,
        greatest({{ days_between('measured.pre_start', 'measured.anchor_date') }}, 0) as pre_days,
        measured.pre_orders,
        measured.pre_margin,
        {% for d in [30, 90, 180, 365] -%}
        cast({{ dbt.dateadd('day', d, 'measured.anchor_date') }} as date) <= measured.data_last_order_date
            as window_{{ d }}d_complete,
        measured.orders_{{ d }}d,
        {% if d != 365 -%}
        measured.orders_{{ d }}d > 0 as retained_{{ d }}d,
        {% endif -%}
        coalesce(last_orders.last_order_date > cast({{ dbt.dateadd('day', d, 'measured.anchor_date') }} as date), false)
            as bought_after_{{ d }}d,
        {% endfor -%}
        measured.margin_365d
    from measured
    left join last_orders on last_orders.customer_id = measured.customer_id
)

select * from final
