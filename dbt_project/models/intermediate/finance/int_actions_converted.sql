with rated as (
    {{ with_fx_rate(ref('stg_community__actions'), 'action_id', 'published_date') }}
),

final as (
    select
        action_id,
        channel,
        action_type,
        published_at,
        published_date,
        staff_minutes,
        staff_minutes / 60.0 * {{ var('staff_hourly_cost') }} as staff_cost,
        currency,
        fx_rate,
        direct_cost_original * fx_rate as direct_cost,
        campaign,
        topic,
        author_key
    from rated
)

select * from final
