with source as (
    {{ latest_record(source('shop', 'orders'), ['order_id']) }}
),

final as (
    select
        order_id,
        customer_id,
        ordered_at,
        {{ to_local_date('ordered_at') }} as order_date,
        coalesce(currency, '{{ var("reporting_currency") }}') as currency,
        revenue as revenue_original,
        gross_margin as gross_margin_original,
        gross_margin is null as margin_is_estimated,
        status,
        sales_channel
    from source
)

select * from final
