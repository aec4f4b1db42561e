-- One row per attributable order and touch in its look-back window: completed orders placed in
-- the analysis period (order_date between period_start and period_end), each with the customer's
-- touches from exactly lookback_days before the order up to and including the order's own
-- timestamp. Touches are ranked by time, equal timestamps by engagement_id. Orders with no touch in
-- the window are left out: the sum of their revenue over distinct orders is the touched revenue
-- every attribution model splits.
{%- set lookback_days = attribution_lookback_days(var('lookback_days')) %}

with orders as (
    select * from {{ ref('fct_orders') }}
    where is_completed
),

touchpoints as (
    select * from {{ ref('int_touchpoints') }}
),

period as (
    select period_start, period_end from {{ ref('dim_analysis_period') }}
),

orders_in_period as (
    select
        orders.order_id,
        orders.customer_id,
        orders.ordered_at,
        orders.order_date,
        orders.order_month,
        orders.revenue
    from orders
    inner join period
        on orders.order_date between period.period_start and period.period_end
),

order_touches as (
    select
        orders_in_period.order_id,
        orders_in_period.customer_id,
        orders_in_period.ordered_at,
        orders_in_period.order_date,
        orders_in_period.order_month,
        orders_in_period.revenue,
        touchpoints.engagement_id,
        touchpoints.channel,
        touchpoints.occurred_at
    from orders_in_period
    inner join touchpoints
        on touchpoints.customer_id = orders_in_period.customer_id
        and {{ in_lookback_window('touchpoints.occurred_at', 'orders_in_period.ordered_at', lookback_days) }}
),

final as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_date,
        order_month,
        revenue,
        engagement_id,
        channel,
        occurred_at,
        row_number() over (
            partition by order_id order by occurred_at, engagement_id
        ) as touch_position,
        count(*) over (partition by order_id) as touch_count,
        {{ seconds_between('occurred_at', 'ordered_at') }} as seconds_before_order
    from order_touches
)

select * from final
