with source as (
    {{ latest_record(source('loyalty', 'loyalty_members'), ['member_id']) }}
),

final as (
    select
        member_id,
        customer_id,
        joined_at,
        {{ to_local_date('joined_at') }} as joined_date,
        lower(tier) as tier,
        left_at,
        {{ to_local_date('left_at') }} as left_date,
        marketing_opt_in
    from source
)

select * from final
