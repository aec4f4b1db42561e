-- One row per scope: overall and each channel of first engagement. ROI = (incremental margin -
-- cost) / cost over the analysis period, its 90% interval from the same bootstrap draws as the
-- margin's, payback, cost per engaged customer, and the naive difference beside the causal one.
-- A channel's cost is what fct_community_costs puts on it (shared costs allocated by staff
-- minutes); costs left on 'shared' count only in the overall row.
with period as (
    select * from {{ ref('dim_analysis_period') }}
),

incrementality as (
    select * from {{ ref('fct_incrementality') }}
    where scope in ('overall', 'channel')
),

costs as (
    select costs.channel, sum(costs.amount) as cost
    from {{ ref('fct_community_costs') }} as costs
    cross join period
    where costs.month_start between period.period_start and period.period_end
    group by costs.channel
),

scope_costs as (
    select 'overall' as scope, 'all' as scope_value, sum(cost) as cost from costs
    union all
    select 'channel', channel, cost from costs
),

draws as (
    select
        incrementality.scope,
        incrementality.scope_value,
        unnest(incrementality.margin_draws) as margin_draw
    from incrementality
),

roi_draws as (
    select
        draws.scope,
        draws.scope_value,
        {{ percentile_cont('(draws.margin_draw - scope_costs.cost) / scope_costs.cost', 0.05) }}
            as roi_low,
        {{ percentile_cont('(draws.margin_draw - scope_costs.cost) / scope_costs.cost', 0.95) }}
            as roi_high
    from draws
    inner join scope_costs
        on scope_costs.scope = draws.scope and scope_costs.scope_value = draws.scope_value
    where scope_costs.cost > 0
    group by draws.scope, draws.scope_value
),

final as (
    select
        incrementality.scope,
        incrementality.scope_value,
        incrementality.engaged_customers,
        incrementality.matched_customers,
        incrementality.per_customer_estimate,
        incrementality.per_customer_low,
        incrementality.per_customer_high,
        incrementality.incremental_margin_estimate,
        incrementality.incremental_margin_low,
        incrementality.incremental_margin_high,
        incrementality.incremental_revenue_estimate,
        incrementality.incremental_revenue_low,
        incrementality.incremental_revenue_high,
        incrementality.naive_per_customer,
        scope_costs.cost,
        case when scope_costs.cost > 0
            then (incrementality.incremental_margin_estimate - scope_costs.cost) / scope_costs.cost
        end as roi_estimate,
        roi_draws.roi_low,
        roi_draws.roi_high,
        case when scope_costs.cost > 0 and incrementality.engaged_customers > 0
            then scope_costs.cost / incrementality.engaged_customers
        end as cost_per_engaged_customer,
        -- months of incremental margin (at the horizon's monthly pace) needed to repay the cost
        case when incrementality.incremental_margin_estimate > 0
            then scope_costs.cost / (incrementality.incremental_margin_estimate
                                     / (period.horizon_days / 30.4375))
        end as payback_months,
        case
            when incrementality.reason is not null then incrementality.reason
            when scope_costs.cost is null or scope_costs.cost <= 0
                then 'no community cost recorded for this scope: ROI undefined'
        end as reason
    from incrementality
    cross join period
    left join scope_costs
        on scope_costs.scope = incrementality.scope
        and scope_costs.scope_value = incrementality.scope_value
    left join roi_draws
        on roi_draws.scope = incrementality.scope
        and roi_draws.scope_value = incrementality.scope_value
)

select * from final
