with keyed as (
    select
        {{ dbt.concat(["month", "'|'", "category", "'|'", "coalesce(channel, '')"]) }} as cost_id,
        src.*
    from {{ ref('stg_finance__costs') }} as src
),

rated as (
    {{ with_fx_rate('keyed', 'cost_id', 'month_start') }}
),

final as (
    select
        cost_id,
        month,
        month_start,
        category,
        channel,
        is_shared,
        currency,
        fx_rate,
        amount_original * fx_rate as amount
    from rated
)

select * from final
