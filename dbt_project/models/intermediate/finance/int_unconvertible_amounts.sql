-- One row per record whose amount cannot be converted to the reporting currency (no fx rate on or
-- before its date). These are quarantined from the marts and counted in the report, never dropped.
with orders as (
    select 'orders' as source_name, order_id as record_id, currency, order_date as amount_date
    from {{ ref('int_orders_converted') }} where fx_rate is null
),

actions as (
    select 'community_actions', action_id, currency, published_date
    from {{ ref('int_actions_converted') }} where fx_rate is null
),

costs as (
    select 'costs', cost_id, currency, month_start
    from {{ ref('int_costs_converted') }} where fx_rate is null
),

unioned as (
    select * from orders
    union all
    select * from actions
    union all
    select * from costs
),

final as (
    select
        source_name,
        record_id,
        currency,
        amount_date,
        {{ dbt.concat(["'no ' ", "currency", "' rate to reporting currency on or before '",
                       "cast(amount_date as " ~ dbt.type_string() ~ ")"]) }} as reason
    from unioned
)

select * from final
