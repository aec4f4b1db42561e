-- One row: the report's loyalty figures - 90-day retention of the analysis period's engaged
-- customers and of the same customers had they not engaged (estimated from comparable
-- not-yet-engaged customers, rpt_retention_curves), the uplift with its 90% interval, and the
-- 12-month incremental margin per engaged customer (rpt_customer_value). NULL figures carry a
-- reason, never a made-up zero.
with period as (
    select
        period_start,
        period_end,
        period_start is null or period_end is null or period_start > period_end as is_invalid
    from {{ ref('dim_analysis_period') }}
),

curves as (
    select * from {{ ref('rpt_retention_curves') }}
    where horizon_days = 90
),

value as (
    select * from {{ ref('rpt_customer_value') }}
    where scope = 'overall'
),

final as (
    select
        period.period_start,
        period.period_end,
        coalesce(curves.engaged_customers, 0) as engaged_customers,
        coalesce(curves.evaluated_customers, 0) as evaluated_customers,
        curves.retention_engaged as retention_90d_engaged,
        case
            when period.is_invalid then 'no valid analysis period (see dim_analysis_period)'
            when curves.retention_engaged is null
                then 'no engaged customer of the analysis period has 90 days of orders after engaging'
        end as retention_90d_engaged_reason,
        curves.retention_matched_not_engaged as retention_90d_matched_not_engaged,
        curves.retention_uplift as retention_90d_uplift,
        curves.retention_uplift_low as retention_90d_uplift_low,
        curves.retention_uplift_high as retention_90d_uplift_high,
        case
            when curves.retention_matched_not_engaged is not null then null
            when period.is_invalid then 'no valid analysis period (see dim_analysis_period)'
            else coalesce(curves.reason, 'retention without engaging could not be estimated')
        end as retention_90d_matched_not_engaged_reason,
        curves.retention_not_engaged_naive as retention_90d_not_engaged_naive,
        value.margin_12m_engaged,
        value.incremental_margin_12m,
        value.incremental_margin_12m_low,
        value.incremental_margin_12m_high,
        case
            when value.incremental_margin_12m is not null then null
            when period.is_invalid then 'no valid analysis period (see dim_analysis_period)'
            else coalesce(value.reason, 'no engaged customer with 12 months of orders after engaging')
        end as incremental_margin_12m_reason
    from period
    left join curves on 1 = 1
    left join value on 1 = 1
)

select * from final
