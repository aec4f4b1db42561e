with source as (
    {{ latest_record(source('finance', 'fx_rates'), ['date', 'currency']) }}
),

final as (
    select
        date as rate_date,
        currency,
        rate_to_reporting
    from source
)

select * from final
