{%- set min_customers = 30 -%}
-- One row per horizon d (30, 90, 180 days): retention of the engaged customers of the analysis
-- period ("retained at d days" = at least one completed order in (cohort date, cohort date + d];
-- customers whose window is not complete in the data are left out of that horizon), the
-- estimated retention of the same customers had they not engaged (retention_matched_not_engaged:
-- comparable not-yet-engaged customers' change applied to the engaged customers' own pre-period,
-- int_loyalty_counterfactual), the uplift with its 90% interval, and the naive retention of all
-- not-yet-engaged customers over the same calendar months, shown only to make selection visible.
with counterfactual as (
    select * from {{ ref('int_loyalty_counterfactual') }}
),

comparison_rows as (
    select * from {{ ref('fct_retention_comparison') }}
    where role = 'comparison'
),

horizons as (
    select 30 as horizon_days union all select 90 union all select 180
),

engaged as (
    select
        horizon_days,
        count(*) as engaged_customers,
        avg(case when is_retained then 1.0 else 0.0 end) as retention_engaged,
        cast(sum(case when is_evaluated then 1 else 0 end) as bigint) as evaluated_customers,
        avg(case when is_evaluated then (case when is_retained then 1.0 else 0.0 end) end)
            as retention_engaged_evaluated,
        avg(case when is_evaluated then (case when is_retained then 1.0 else 0.0 end)
                 - counterfactual_all end) as uplift_all_pool,
        avg(case when is_evaluated then (case when is_retained then 1.0 else 0.0 end)
                 - counterfactual_still_buying end) as uplift_still_buying_pool,
        stddev_samp(case when is_evaluated then (case when is_retained then 1.0 else 0.0 end)
                         - (counterfactual_all + counterfactual_still_buying) / 2.0 end)
            as uplift_sd
    from counterfactual
    group by horizon_days
),

engaged_by_month as (
    select horizon_days, cohort_month, count(*) as engaged_customers
    from counterfactual
    group by horizon_days, cohort_month
),

comparison_by_month as (
    {% for d in [30, 90, 180] -%}
    select
        {{ d }} as horizon_days,
        cohort_month,
        avg(case when retained_{{ d }}d then 1.0 else 0.0 end) as retention
    from comparison_rows
    where window_{{ d }}d_complete
    group by cohort_month
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

naive as (
    select
        engaged_by_month.horizon_days,
        sum(engaged_by_month.engaged_customers * comparison_by_month.retention)
            / nullif(sum(engaged_by_month.engaged_customers), 0) as retention_not_engaged_naive
    from engaged_by_month
    inner join comparison_by_month
        on comparison_by_month.horizon_days = engaged_by_month.horizon_days
        and comparison_by_month.cohort_month = engaged_by_month.cohort_month
    group by engaged_by_month.horizon_days
),

estimates as (
    select
        horizons.horizon_days,
        coalesce(engaged.engaged_customers, 0) as engaged_customers,
        coalesce(engaged.evaluated_customers, 0) as evaluated_customers,
        engaged.retention_engaged,
        engaged.retention_engaged_evaluated,
        case when engaged.evaluated_customers >= {{ min_customers }}
             then (engaged.uplift_all_pool + engaged.uplift_still_buying_pool) / 2.0 end as uplift,
        case when engaged.evaluated_customers >= {{ min_customers }}
             then 1.645 * engaged.uplift_sd / sqrt(engaged.evaluated_customers)
                  + abs(engaged.uplift_all_pool - engaged.uplift_still_buying_pool) / 2.0
        end as uplift_margin_of_error,
        naive.retention_not_engaged_naive,
        case
            when coalesce(engaged.engaged_customers, 0) = 0
                then 'no engaged customer of the analysis period has a complete window for this horizon'
            when engaged.evaluated_customers < {{ min_customers }}
                then 'fewer than {{ min_customers }} engaged customers with a pre-period long enough to estimate their retention without engaging'
        end as reason
    from horizons
    left join engaged on engaged.horizon_days = horizons.horizon_days
    left join naive on naive.horizon_days = horizons.horizon_days
),

final as (
    select
        horizon_days,
        engaged_customers,
        evaluated_customers,
        retention_engaged,
        retention_engaged - uplift as retention_matched_not_engaged,
        uplift as retention_uplift,
        uplift - uplift_margin_of_error as retention_uplift_low,
        uplift + uplift_margin_of_error as retention_uplift_high,
        retention_engaged_evaluated,
        retention_not_engaged_naive,
        retention_engaged - retention_not_engaged_naive as naive_difference,
        reason
    from estimates
)

select * from final
