{{ config(schema='intermediate') }}
{%- set horizons = [30, 90, 180] -%}
{%- set min_pre_days = var('loyalty_min_pre_days', 120) | int -%}
{%- set min_pool = 100 -%}
-- One row per engaged customer of the analysis period and horizon d (30, 90, 180 days) whose
-- window (cohort date, cohort date + d] is complete in the data: retained or not, and - when the
-- customer has a pre-period of at least {{ min_pre_days }} days - the estimated probability that they
-- would have been retained without engaging (docs/ereputation.md, "Loyalty"):
--   cf = 1 - (1 - g x d / s) ^ x
-- where x is the customer's completed orders in the s pre-period days before the cohort date.
-- For a steady (Poisson) buyer, (1 - t / s) ^ x is an unbiased estimate of the chance of buying
-- nothing in t days; g rescales t by the change in order rate that comparable not-yet-engaged
-- customers showed between the same kind of pre-period and the window (season, growth, churn), as
-- a ratio of sums per cohort month (all months pooled when a month has < {{ min_pool }} of them).
-- Two comparison pools bracket churn: all comparison customers (their churn is higher than that of
-- the customers who engage, so g is too low) and those still buying after the window (no churn,
-- g too high); the estimate is their midpoint and half the gap is added to the interval.
with comparison_rows as (
    select * from {{ ref('fct_retention_comparison') }}
),

stacked as (
    {% for d in horizons -%}
    select
        {{ d }} as horizon_days,
        customer_id,
        role,
        cohort_month,
        first_channel,
        is_loyalty_member,
        pre_days,
        pre_orders,
        orders_{{ d }}d as window_orders,
        retained_{{ d }}d as is_retained,
        bought_after_{{ d }}d as bought_after
    from comparison_rows
    where window_{{ d }}d_complete
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

pools as (
    select stacked.*, 'all' as pool from stacked
    where role = 'comparison' and pre_days >= {{ min_pre_days }}
    union all
    select stacked.*, 'still_buying' as pool from stacked
    where role = 'comparison' and pre_days >= {{ min_pre_days }} and bought_after
),

growth_by_month as (
    select
        horizon_days,
        pool,
        cohort_month,
        count(*) as customers,
        sum(window_orders) as window_orders,
        sum(pre_orders * horizon_days * 1.0 / pre_days) as expected_orders
    from pools
    group by horizon_days, pool, cohort_month
),

growth_overall as (
    select
        horizon_days,
        pool,
        sum(window_orders) * 1.0 / nullif(sum(expected_orders), 0) as growth
    from growth_by_month
    group by horizon_days, pool
),

engaged_months as (
    select distinct horizon_days, cohort_month from stacked where role = 'engaged'
),

growth as (
    select
        engaged_months.horizon_days,
        engaged_months.cohort_month,
        growth_overall.pool,
        case
            when growth_by_month.customers >= {{ min_pool }} and growth_by_month.expected_orders > 0
                then growth_by_month.window_orders * 1.0 / growth_by_month.expected_orders
            else growth_overall.growth
        end as growth
    from engaged_months
    inner join growth_overall on growth_overall.horizon_days = engaged_months.horizon_days
    left join growth_by_month
        on growth_by_month.horizon_days = engaged_months.horizon_days
        and growth_by_month.cohort_month = engaged_months.cohort_month
        and growth_by_month.pool = growth_overall.pool
),

engaged as (
    select
        stacked.horizon_days,
        stacked.customer_id,
        stacked.cohort_month,
        stacked.first_channel,
        stacked.is_loyalty_member,
        stacked.pre_days,
        stacked.pre_orders,
        stacked.is_retained,
        growth_all.growth as growth_all,
        growth_still.growth as growth_still_buying
    from stacked
    left join growth as growth_all
        on growth_all.horizon_days = stacked.horizon_days
        and growth_all.cohort_month = stacked.cohort_month
        and growth_all.pool = 'all'
    left join growth as growth_still
        on growth_still.horizon_days = stacked.horizon_days
        and growth_still.cohort_month = stacked.cohort_month
        and growth_still.pool = 'still_buying'
    where stacked.role = 'engaged'
),

final as (
    select
        engaged.*,
        engaged.pre_days >= {{ min_pre_days }}
            and engaged.growth_all is not null
            and engaged.growth_still_buying is not null
            and greatest(engaged.growth_all, engaged.growth_still_buying) * engaged.horizon_days
                < engaged.pre_days as is_evaluated,
        case
            when engaged.pre_days >= {{ min_pre_days }}
                and greatest(engaged.growth_all, engaged.growth_still_buying) * engaged.horizon_days
                    < engaged.pre_days
            then 1.0 - power(1.0 - engaged.growth_all * engaged.horizon_days / engaged.pre_days,
                             engaged.pre_orders)
        end as counterfactual_all,
        case
            when engaged.pre_days >= {{ min_pre_days }}
                and greatest(engaged.growth_all, engaged.growth_still_buying) * engaged.horizon_days
                    < engaged.pre_days
            then 1.0 - power(1.0 - engaged.growth_still_buying * engaged.horizon_days / engaged.pre_days,
                             engaged.pre_orders)
        end as counterfactual_still_buying
    from engaged
)

select * from final
