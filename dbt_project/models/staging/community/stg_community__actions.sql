with source as (
    {{ latest_record(source('community', 'community_actions'), ['action_id']) }}
),

final as (
    select
        action_id,
        channel,
        action_type,
        published_at,
        {{ to_local_date('published_at') }} as published_date,
        coalesce(staff_minutes, 0) as staff_minutes,
        coalesce(direct_cost, 0) as direct_cost_original,
        coalesce(currency, '{{ var("reporting_currency") }}') as currency,
        campaign,
        topic,
        case when author_id is not null then {{ pseudonymize('author_id') }} end as author_key
    from source
)

select * from final
