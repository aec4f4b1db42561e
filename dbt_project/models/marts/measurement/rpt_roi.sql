-- One row per scope: overall, each channel of first engagement, and each action type of first
-- engagement. ROI = (incremental margin - cost) / cost over the analysis period, its 90% interval
-- from the same bootstrap draws as the margin's, payback, cost per engaged customer, and the naive
-- difference beside the causal one.
-- A channel's cost is what fct_community_costs puts on it (shared costs allocated by staff
-- minutes); costs left on 'shared' count only in the overall row.
-- An action type's cost is what fct_action_type_costs puts on it: staff and direct cost of its
-- actions published in the period's months, plus its share (by staff minutes) of the landed and
-- shared costs. Costs no action type can carry (months or channels without staff minutes) form
-- the explicit row action_type '(unallocated)', so action-type costs add up to the overall cost.
-- An action type with cost but no engaged customer in the period still gets a row (engaged
-- customers 0, reason given); channels keep only the scopes the estimator returned.
with period as (
    select * from {{ ref('dim_analysis_period') }}
),

incrementality as (
    select * from {{ ref('fct_incrementality') }}
    where scope in ('overall', 'channel', 'action_type')
),

costs as (
    select costs.channel, sum(costs.amount) as cost
    from {{ ref('fct_community_costs') }} as costs
    cross join period
    where costs.month_start between period.period_start and period.period_end
    group by costs.channel
),

action_type_costs as (
    select costs.action_type, sum(costs.amount) as cost
    from {{ ref('fct_action_type_costs') }} as costs
    cross join period
    where costs.month_start between period.period_start and period.period_end
    group by costs.action_type
),

scope_costs as (
    select 'overall' as scope, 'all' as scope_value, sum(cost) as cost from costs
    union all
    select 'channel', channel, cost from costs
    union all
    select 'action_type', action_type, cost from action_type_costs
),

-- every scope the estimator returned, plus action types that only have a cost
scopes as (
    select scope, scope_value from incrementality
    union
    select scope, scope_value from scope_costs where scope = 'action_type'
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
        scopes.scope,
        scopes.scope_value,
        case
            when incrementality.scope is not null then incrementality.engaged_customers
            -- an action type no engaged customer of the period first engaged with
            when scopes.scope_value <> '(unallocated)' then cast(0 as bigint)
        end as engaged_customers,
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
            when scopes.scope_value = '(unallocated)' and scopes.scope = 'action_type'
                then 'cost of months or channels without staff minutes: no action type to carry it (counted in the overall cost)'
            when incrementality.scope is null
                then 'no engaged customer of the analysis period first engaged with this action type: no incremental margin, ROI undefined'
            when incrementality.reason is not null then incrementality.reason
            when scope_costs.cost is null or scope_costs.cost <= 0
                then 'no community cost recorded for this scope: ROI undefined'
        end as reason
    from scopes
    cross join period
    left join incrementality
        on incrementality.scope = scopes.scope
        and incrementality.scope_value = scopes.scope_value
    left join scope_costs
        on scope_costs.scope = scopes.scope
        and scope_costs.scope_value = scopes.scope_value
    left join roi_draws
        on roi_draws.scope = scopes.scope
        and roi_draws.scope_value = scopes.scope_value
)

select * from final
