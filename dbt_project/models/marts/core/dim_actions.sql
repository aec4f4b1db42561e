with actions as (
    select * from {{ ref('int_actions_converted') }}
),

engagement_counts as (
    select action_id, count(*) as engagements, count(distinct customer_id) as engaged_customers
    from {{ ref('int_engagements_resolved') }}
    where action_id is not null
    group by action_id
),

final as (
    select
        actions.action_id,
        actions.channel,
        actions.action_type,
        actions.published_at,
        actions.published_date,
        {{ month_start('actions.published_date') }} as published_month,
        actions.staff_minutes,
        actions.staff_cost,
        actions.direct_cost,
        actions.fx_rate is null as direct_cost_unconvertible,
        actions.campaign,
        actions.topic,
        actions.author_key,
        coalesce(engagement_counts.engagements, 0) as engagements,
        coalesce(engagement_counts.engaged_customers, 0) as engaged_customers
    from actions
    left join engagement_counts on engagement_counts.action_id = actions.action_id
)

select * from final
