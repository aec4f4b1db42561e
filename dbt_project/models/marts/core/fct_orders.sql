-- Refunded and cancelled orders count as zero (landing contract); their original amounts stay in
-- staging for audit. Orders whose currency cannot be converted are excluded here and listed in
-- int_unconvertible_amounts.
with orders as (
    select * from {{ ref('int_orders_converted') }}
    where fx_rate is not null
),

final as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_date,
        {{ month_start('order_date') }} as order_month,
        status,
        sales_channel,
        currency as original_currency,
        margin_is_estimated,
        status = 'completed' as is_completed,
        case when status = 'completed' then revenue_converted else 0 end as revenue,
        case when status = 'completed' then gross_margin_converted else 0 end as gross_margin
    from orders
)

select * from final
