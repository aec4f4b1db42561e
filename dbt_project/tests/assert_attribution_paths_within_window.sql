-- Guards the window and scope of the orders' paths (report contract, "Attribution"): every touch
-- lies from exactly lookback_days before its order up to the order's own timestamp, belongs to the
-- order's customer, and the order is completed and dated in the analysis period. A regression here
-- would silently move revenue between channels without breaking the sum-to-revenue identity.
{%- set lookback_days = attribution_lookback_days(var('lookback_days')) %}

with paths as (
    select * from {{ ref('int_order_paths') }}
),

orders as (
    select order_id, customer_id, is_completed from {{ ref('fct_orders') }}
),

touchpoints as (
    select engagement_id, customer_id from {{ ref('int_touchpoints') }}
),

period as (
    select period_start, period_end from {{ ref('dim_analysis_period') }}
)

select
    paths.order_id,
    paths.engagement_id,
    paths.seconds_before_order
from paths
cross join period
left join orders
    on orders.order_id = paths.order_id
left join touchpoints
    on touchpoints.engagement_id = paths.engagement_id
where not (
        paths.occurred_at <= paths.ordered_at
        and paths.occurred_at >= {{ dbt.dateadd('day', -1 * lookback_days, 'paths.ordered_at') }}
    )
    or paths.seconds_before_order < 0
    or paths.seconds_before_order > {{ lookback_days * 86400 }}
    or paths.order_date < period.period_start
    or paths.order_date > period.period_end
    or orders.is_completed is null
    or not orders.is_completed
    or touchpoints.customer_id is null
    or touchpoints.customer_id <> orders.customer_id
    or paths.touch_position > paths.touch_count
