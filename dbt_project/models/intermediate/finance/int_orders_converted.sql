-- Orders with money in the reporting currency. fx_rate is NULL when no rate exists on or before
-- the order date: such orders are listed in int_unconvertible_amounts and excluded from marts.
with rated as (
    {{ with_fx_rate(ref('stg_shop__orders'), 'order_id', 'order_date') }}
),

final as (
    select
        order_id,
        customer_id,
        ordered_at,
        order_date,
        currency,
        fx_rate,
        status,
        sales_channel,
        margin_is_estimated,
        revenue_original * fx_rate as revenue_converted,
        coalesce(gross_margin_original, revenue_original * {{ var('margin_rate') }}) * fx_rate
            as gross_margin_converted
    from rated
)

select * from final
