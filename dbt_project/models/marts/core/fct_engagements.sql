with resolved as (
    select * from {{ ref('int_engagements_resolved') }}
),

actions as (
    select action_id, action_type from {{ ref('stg_community__actions') }}
),

final as (
    select
        resolved.engagement_id,
        resolved.channel,
        resolved.handle_key,
        resolved.engagement_type,
        resolved.occurred_at,
        resolved.engaged_date,
        resolved.action_id,
        actions.action_type,
        resolved.customer_id,
        resolved.resolved_by,
        resolved.customer_id is not null as is_linked,
        resolved.sentiment,
        resolved.sentiment_source,
        resolved.text is not null as has_text
    from resolved
    left join actions on actions.action_id = resolved.action_id
)

select * from final
