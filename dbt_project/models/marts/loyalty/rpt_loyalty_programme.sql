-- One row per calendar month and member group: loyalty-programme activity of community members
-- (loyalty members who had engaged with the community by the end of the month) against the other
-- loyalty members - active members, points earned / redeemed / expired, tier moves, and per
-- member: points, completed orders and gross margin. Descriptive: community members are more
-- loyal to begin with; the causal value of engaging is in rpt_customer_value / rpt_retention_curves.
with months as (
    select month_start, min(date_day) as first_day, max(date_day) as last_day
    from {{ ref('dim_calendar') }}
    group by month_start
),

members as (
    select
        members.member_id,
        members.customer_id,
        members.joined_date,
        members.left_date,
        customers.cohort_date
    from {{ ref('stg_loyalty__members') }} as members
    left join {{ ref('dim_customers') }} as customers
        on customers.customer_id = members.customer_id
),

member_months as (
    select
        months.month_start,
        members.member_id,
        members.customer_id,
        case when members.cohort_date <= months.last_day then 'community_member'
             else 'other_member' end as member_group
    from months
    inner join members
        on members.joined_date <= months.last_day
        and (members.left_date is null or members.left_date >= months.first_day)
),

events as (
    select
        {{ month_start('event_date') }} as month_start,
        member_id,
        sum(case when event_type = 'earn' then abs(coalesce(points, 0)) else 0 end) as points_earned,
        sum(case when event_type = 'redeem' then abs(coalesce(points, 0)) else 0 end) as points_redeemed,
        sum(case when event_type = 'expire' then abs(coalesce(points, 0)) else 0 end) as points_expired,
        sum(case when event_type = 'tier_up' then 1 else 0 end) as tier_ups,
        sum(case when event_type = 'tier_down' then 1 else 0 end) as tier_downs
    from {{ ref('stg_loyalty__events') }}
    group by 1, 2
),

orders as (
    select order_month as month_start, customer_id, count(*) as orders, sum(gross_margin) as gross_margin
    from {{ ref('fct_orders') }}
    where is_completed
    group by 1, 2
),

joined as (
    select
        member_months.month_start,
        member_months.member_group,
        member_months.member_id,
        coalesce(events.points_earned, 0) as points_earned,
        coalesce(events.points_redeemed, 0) as points_redeemed,
        coalesce(events.points_expired, 0) as points_expired,
        coalesce(events.tier_ups, 0) as tier_ups,
        coalesce(events.tier_downs, 0) as tier_downs,
        coalesce(orders.orders, 0) as orders,
        coalesce(orders.gross_margin, 0) as gross_margin
    from member_months
    left join events
        on events.month_start = member_months.month_start
        and events.member_id = member_months.member_id
    left join orders
        on orders.month_start = member_months.month_start
        and orders.customer_id = member_months.customer_id
),

final as (
    select
        month_start,
        {{ month_label('month_start') }} as month,
        member_group,
        count(*) as active_members,
        cast(sum(points_earned) as bigint) as points_earned,
        cast(sum(points_redeemed) as bigint) as points_redeemed,
        cast(sum(points_expired) as bigint) as points_expired,
        cast(sum(tier_ups) as bigint) as tier_ups,
        cast(sum(tier_downs) as bigint) as tier_downs,
        sum(points_earned) * 1.0 / count(*) as points_earned_per_member,
        sum(points_redeemed) * 1.0 / count(*) as points_redeemed_per_member,
        sum(points_redeemed) * 1.0 / nullif(sum(points_earned), 0) as redemption_ratio,
        sum(orders) * 1.0 / count(*) as orders_per_member,
        sum(gross_margin) / count(*) as gross_margin_per_member
    from joined
    group by month_start, member_group
)

select * from final
