-- All community costs by month, channel and kind: landed costs (shared ones allocated to channels
-- in proportion to that month's staff minutes), staff time at the loaded hourly cost, and actions'
-- direct costs. A shared cost in a month with no staff minutes stays on channel 'shared' rather
-- than being spread arbitrarily or lost.
with costs as (
    select * from {{ ref('int_costs_converted') }} where fx_rate is not null
),

actions as (
    select * from {{ ref('int_actions_converted') }}
),

minutes as (
    select
        {{ month_start('published_date') }} as month_start,
        channel,
        sum(staff_minutes) as staff_minutes,
        sum(staff_cost) as staff_cost,
        sum(coalesce(direct_cost, 0)) as direct_cost
    from actions
    group by 1, 2
),

minute_shares as (
    select
        month_start,
        channel,
        staff_minutes / nullif(sum(staff_minutes) over (partition by month_start), 0) as share
    from minutes
),

direct_costs as (
    select month_start, channel, {{ dbt.concat(["'costs:'", "category"]) }} as cost_kind,
           amount
    from costs
    where not is_shared
),

shared_allocated as (
    select
        costs.month_start,
        coalesce(minute_shares.channel, 'shared') as channel,
        {{ dbt.concat(["'costs:'", "costs.category"]) }} as cost_kind,
        costs.amount * coalesce(minute_shares.share, 1.0) as amount
    from costs
    left join minute_shares
        on minute_shares.month_start = costs.month_start
        and minute_shares.share > 0
    where costs.is_shared
),

staff as (
    select month_start, channel, 'staff_time' as cost_kind, staff_cost as amount from minutes
),

action_direct as (
    select month_start, channel, 'action_direct' as cost_kind, direct_cost as amount from minutes
),

unioned as (
    select * from direct_costs
    union all select * from shared_allocated
    union all select * from staff
    union all select * from action_direct
),

final as (
    select
        month_start,
        {{ month_label('month_start') }} as month,
        channel,
        cost_kind,
        sum(amount) as amount
    from unioned
    group by 1, 2, 3, 4
)

select * from final
