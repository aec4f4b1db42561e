{%- set min_pre_days = var('loyalty_min_pre_days', 120) | int -%}
{%- set min_customers = 30 -%}
-- One row per scope (overall; engaged customers who are / are not loyalty members): the 12-month
-- gross margin per engaged customer after their cohort date, against what comparable customers
-- suggest the same customers would have earned without engaging (their own pre-period margin rate
-- x the change comparable not-yet-engaged customers showed between the same pre-period and the 12
-- months; ratio of sums per cohort month, churn bracketed as in int_loyalty_counterfactual), the
-- difference with its 90% interval, and the naive margin of all not-yet-engaged customers.
-- Cohorts whose 12 months are not complete in the data are left out.
with rows_365 as (
    select * from {{ ref('fct_retention_comparison') }}
    where window_365d_complete
),

pools as (
    select rows_365.*, 'all' as pool from rows_365
    where role = 'comparison' and pre_days >= {{ min_pre_days }}
    union all
    select rows_365.*, 'still_buying' as pool from rows_365
    where role = 'comparison' and pre_days >= {{ min_pre_days }} and bought_after_365d
),

growth_by_month as (
    select
        pool,
        cohort_month,
        count(*) as customers,
        sum(margin_365d) as margin,
        sum(pre_margin * 365.0 / pre_days) as expected_margin
    from pools
    group by pool, cohort_month
),

growth_overall as (
    select pool, sum(margin) / nullif(sum(expected_margin), 0) as growth
    from growth_by_month
    group by pool
),

engaged as (
    select * from rows_365 where role = 'engaged'
),

per_customer as (
    select
        engaged.customer_id,
        engaged.cohort_month,
        engaged.is_loyalty_member,
        engaged.margin_365d,
        engaged.pre_days >= {{ min_pre_days }} as is_evaluated,
        engaged.pre_margin * 365.0 / nullif(engaged.pre_days, 0) * (
            case when month_all.customers >= 100 and month_all.expected_margin > 0
                 then month_all.margin / month_all.expected_margin else overall_all.growth end
        ) as counterfactual_all,
        engaged.pre_margin * 365.0 / nullif(engaged.pre_days, 0) * (
            case when month_still.customers >= 100 and month_still.expected_margin > 0
                 then month_still.margin / month_still.expected_margin else overall_still.growth end
        ) as counterfactual_still_buying
    from engaged
    left join growth_overall as overall_all on overall_all.pool = 'all'
    left join growth_overall as overall_still on overall_still.pool = 'still_buying'
    left join growth_by_month as month_all
        on month_all.pool = 'all' and month_all.cohort_month = engaged.cohort_month
    left join growth_by_month as month_still
        on month_still.pool = 'still_buying' and month_still.cohort_month = engaged.cohort_month
),

scoped as (
    select 'overall' as scope, 'all' as scope_value, per_customer.* from per_customer
    union all
    select 'loyalty_member' as scope,
           case when is_loyalty_member then 'member' else 'not_member' end as scope_value,
           per_customer.*
    from per_customer
),

comparison_by_month as (
    select cohort_month, avg(margin_365d) as margin_365d
    from rows_365
    where role = 'comparison'
    group by cohort_month
),

estimates as (
    select
        scoped.scope,
        scoped.scope_value,
        count(*) as engaged_customers,
        sum(case when scoped.is_evaluated then 1 else 0 end) as evaluated_customers,
        avg(scoped.margin_365d) as margin_12m_engaged,
        avg(case when scoped.is_evaluated then scoped.margin_365d end) as margin_12m_engaged_evaluated,
        avg(case when scoped.is_evaluated then scoped.margin_365d - scoped.counterfactual_all end)
            as value_all_pool,
        avg(case when scoped.is_evaluated then scoped.margin_365d - scoped.counterfactual_still_buying end)
            as value_still_buying_pool,
        stddev_samp(case when scoped.is_evaluated then scoped.margin_365d
                         - (scoped.counterfactual_all + scoped.counterfactual_still_buying) / 2.0 end)
            as value_sd,
        sum(comparison_by_month.margin_365d) / nullif(count(comparison_by_month.margin_365d), 0)
            as margin_12m_not_engaged_naive
    from scoped
    left join comparison_by_month on comparison_by_month.cohort_month = scoped.cohort_month
    group by scoped.scope, scoped.scope_value
),

scopes as (
    select 'overall' as scope, 'all' as scope_value
    union all select 'loyalty_member', 'member'
    union all select 'loyalty_member', 'not_member'
),

final as (
    select
        scopes.scope,
        scopes.scope_value,
        cast(coalesce(estimates.engaged_customers, 0) as bigint) as engaged_customers,
        cast(coalesce(estimates.evaluated_customers, 0) as bigint) as evaluated_customers,
        estimates.margin_12m_engaged,
        case when estimates.evaluated_customers >= {{ min_customers }}
             then estimates.margin_12m_engaged
                  - (estimates.value_all_pool + estimates.value_still_buying_pool) / 2.0
        end as margin_12m_matched_not_engaged,
        case when estimates.evaluated_customers >= {{ min_customers }}
             then (estimates.value_all_pool + estimates.value_still_buying_pool) / 2.0
        end as incremental_margin_12m,
        case when estimates.evaluated_customers >= {{ min_customers }}
             then (estimates.value_all_pool + estimates.value_still_buying_pool) / 2.0
                  - 1.645 * estimates.value_sd / sqrt(estimates.evaluated_customers)
                  - abs(estimates.value_all_pool - estimates.value_still_buying_pool) / 2.0
        end as incremental_margin_12m_low,
        case when estimates.evaluated_customers >= {{ min_customers }}
             then (estimates.value_all_pool + estimates.value_still_buying_pool) / 2.0
                  + 1.645 * estimates.value_sd / sqrt(estimates.evaluated_customers)
                  + abs(estimates.value_all_pool - estimates.value_still_buying_pool) / 2.0
        end as incremental_margin_12m_high,
        estimates.margin_12m_not_engaged_naive,
        case
            when coalesce(estimates.engaged_customers, 0) = 0
                then 'no engaged customer of the analysis period has 12 complete months of orders after engaging'
            when estimates.evaluated_customers < {{ min_customers }}
                then 'fewer than {{ min_customers }} engaged customers with a pre-period long enough to estimate their margin without engaging'
        end as reason
    from scopes
    left join estimates
        on estimates.scope = scopes.scope and estimates.scope_value = scopes.scope_value
)

select * from final
