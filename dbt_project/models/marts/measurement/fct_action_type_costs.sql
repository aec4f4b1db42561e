-- One row per month, channel, action type and cost kind: every community cost of
-- fct_community_costs, put on the action types of the actions published that month on that channel.
--
-- Allocation rule (the same principle fct_community_costs uses for channels):
--   * staff time and actions' direct costs belong to the action that carried them: summed per
--     action type, exactly;
--   * every other cost of the month and channel (landed costs: the channel's own, and its share
--     of shared costs, itself allocated by staff minutes) is split across the action types in
--     proportion to their staff minutes on that channel that month. A shared cost therefore ends
--     up split by each action type's share of all staff minutes of the month.
--   * a landed cost of a month and channel with no staff minutes (no action there, or only
--     zero-minute ones), and shared costs of a month with no staff minutes at all (channel
--     'shared'), cannot be put on any action type: they stay explicit, under action type
--     '(unallocated)', so action types always add up to the total community cost, month by month.
-- A direct cost that cannot be converted to the reporting currency counts as 0, as in
-- fct_community_costs (int_unconvertible_amounts lists it).
with community_costs as (
    select * from {{ ref('fct_community_costs') }}
),

actions as (
    select * from {{ ref('int_actions_converted') }}
),

type_totals as (
    select
        {{ month_start('published_date') }} as month_start,
        channel,
        action_type,
        sum(staff_minutes) as staff_minutes,
        sum(staff_cost) as staff_cost,
        sum(coalesce(direct_cost, 0)) as direct_cost
    from actions
    group by 1, 2, 3
),

type_shares as (
    select
        month_start,
        channel,
        action_type,
        staff_minutes
            / nullif(sum(staff_minutes) over (partition by month_start, channel), 0) as share
    from type_totals
),

landed_costs as (
    select month_start, channel, cost_kind, amount
    from community_costs
    where cost_kind not in ('staff_time', 'action_direct')
),

landed_allocated as (
    select
        landed_costs.month_start,
        landed_costs.channel,
        coalesce(type_shares.action_type, '(unallocated)') as action_type,
        landed_costs.cost_kind,
        landed_costs.amount * coalesce(type_shares.share, 1.0) as amount
    from landed_costs
    left join type_shares
        on type_shares.month_start = landed_costs.month_start
        and type_shares.channel = landed_costs.channel
        and type_shares.share > 0
),

staff as (
    select month_start, channel, action_type, 'staff_time' as cost_kind, staff_cost as amount
    from type_totals
),

action_direct as (
    select month_start, channel, action_type, 'action_direct' as cost_kind, direct_cost as amount
    from type_totals
),

unioned as (
    select * from landed_allocated
    union all select * from staff
    union all select * from action_direct
),

final as (
    select
        month_start,
        {{ month_label('month_start') }} as month,
        channel,
        action_type,
        cost_kind,
        sum(amount) as amount
    from unioned
    group by 1, 2, 3, 4, 5
)

select * from final
