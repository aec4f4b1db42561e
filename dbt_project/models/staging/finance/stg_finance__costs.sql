-- costs.channel may be empty (shared by all channels); the key treats empty as its own value.
with keyed as (
    select src.*, coalesce(channel, '') as channel_key
    from {{ source('finance', 'costs') }} as src
),

source as (
    {{ latest_record('keyed', ['month', 'category', 'channel_key']) }}
),

final as (
    select
        month,
        cast({{ dbt.concat(['month', "'-01'"]) }} as date) as month_start,
        category,
        channel,
        channel is null as is_shared,
        amount as amount_original,
        coalesce(currency, '{{ var("reporting_currency") }}') as currency
    from source
)

select * from final
