-- One row: the analysis period (report contract). Default: whole months of cohort dates, from the
-- first month starting >= pre_period_days after the first order (every cohort has a pre-period) to
-- the last month ending >= horizon_days before the last order (every cohort has a full
-- post-period). CROI_PERIOD_START / CROI_PERIOD_END override either end.
with bounds as (
    select min(order_date) as first_order_date, max(order_date) as last_order_date
    from {{ ref('fct_orders') }}
),

derived as (
    select
        first_order_date,
        last_order_date,
        -- smallest month start M with M >= first + pre_period_days
        cast({{ dbt.dateadd('month', 1, dbt.date_trunc('month', dbt.dateadd('day', var('pre_period_days') | int - 1, 'first_order_date'))) }} as date)
            as derived_start,
        -- largest month end E with E <= last - horizon_days
        cast({{ dbt.dateadd('day', -1, dbt.date_trunc('month', dbt.dateadd('day', 1 - (var('horizon_days') | int), 'last_order_date'))) }} as date)
            as derived_end
    from bounds
),

final as (
    select
        first_order_date,
        last_order_date,
        {% if var('period_start') %}cast('{{ var("period_start") }}' as date){% else %}derived_start{% endif %} as period_start,
        {% if var('period_end') %}cast('{{ var("period_end") }}' as date){% else %}derived_end{% endif %} as period_end,
        {{ "true" if var('period_start') or var('period_end') else "false" }} as is_overridden,
        {{ var('horizon_days') }} as horizon_days,
        {{ var('lookback_days') }} as lookback_days
    from derived
)

select * from final
