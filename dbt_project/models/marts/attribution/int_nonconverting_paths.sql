-- One row per non-converting path and touch: the paths the Markov model needs besides the
-- orders' paths. A touch is non-converting when it lies in no completed order's look-back window
-- (no completed order of the customer at its timestamp or within lookback_days after it) and its
-- engaged_date lies in the analysis period. A customer's non-converting touches, in time order
-- (equal timestamps by engagement_id), form one path until the gap to the next one exceeds
-- lookback_days; then a new path starts. No completed order can fall inside a path: it would be
-- less than lookback_days after the touch before it, making that touch converting. Touches in the
-- window of an order outside the period belong to neither kind of path.
{%- set lookback_days = attribution_lookback_days(var('lookback_days')) %}

with touchpoints as (
    select * from {{ ref('int_touchpoints') }}
),

completed_orders as (
    select customer_id, ordered_at from {{ ref('fct_orders') }}
    where is_completed
),

period as (
    select period_start, period_end from {{ ref('dim_analysis_period') }}
),

-- touches and orders of each customer on one time line; at equal timestamps the touch sorts
-- first, so a touch at an order's own timestamp sees that order as in its window
events as (
    select
        customer_id,
        occurred_at as event_at,
        0 as is_order,
        engagement_id,
        channel,
        engaged_date
    from touchpoints
    union all
    select
        customer_id,
        ordered_at as event_at,
        1 as is_order,
        null as engagement_id,
        null as channel,
        null as engaged_date
    from completed_orders
),

events_with_orders as (
    select
        events.*,
        min(case when is_order = 1 then event_at end) over (
            partition by customer_id order by event_at, is_order, engagement_id
            rows between current row and unbounded following
        ) as next_order_at
    from events
),

nonconverting_touches as (
    select
        events_with_orders.customer_id,
        events_with_orders.engagement_id,
        events_with_orders.channel,
        events_with_orders.event_at as occurred_at
    from events_with_orders
    inner join period
        on events_with_orders.engaged_date between period.period_start and period.period_end
    where events_with_orders.is_order = 0
        and (
            events_with_orders.next_order_at is null
            or not {{ in_lookback_window('events_with_orders.event_at', 'events_with_orders.next_order_at', lookback_days) }}
        )
),

with_previous as (
    select
        nonconverting_touches.*,
        lag(occurred_at) over (
            partition by customer_id order by occurred_at, engagement_id
        ) as previous_occurred_at
    from nonconverting_touches
),

path_breaks as (
    select
        with_previous.*,
        case
            when previous_occurred_at is null then 1
            when {{ in_lookback_window('previous_occurred_at', 'occurred_at', lookback_days) }} then 0
            else 1
        end as starts_path
    from with_previous
),

numbered as (
    select
        path_breaks.*,
        sum(starts_path) over (
            partition by customer_id order by occurred_at, engagement_id
            rows between unbounded preceding and current row
        ) as path_number
    from path_breaks
),

final as (
    select
        customer_id,
        path_number,
        engagement_id,
        channel,
        occurred_at,
        row_number() over (
            partition by customer_id, path_number order by occurred_at, engagement_id
        ) as touch_position,
        count(*) over (partition by customer_id, path_number) as touch_count
    from numbered
)

select * from final
