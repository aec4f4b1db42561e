with source as (
    {{ latest_record(source('loyalty', 'loyalty_events'), ['event_id']) }}
),

final as (
    select
        event_id,
        member_id,
        occurred_at,
        {{ to_local_date('occurred_at') }} as event_date,
        event_type,
        points
    from source
)

select * from final
