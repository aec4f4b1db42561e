-- One row per engaged customer: their first linked engagement (the cohort date), its channel and
-- the action type engaged with. Ties on the same timestamp break by engagement_id, as everywhere.
with resolved as (
    select * from {{ ref('int_engagements_resolved') }}
    where customer_id is not null
),

actions as (
    select action_id, action_type from {{ ref('stg_community__actions') }}
),

ranked as (
    select
        resolved.customer_id,
        resolved.occurred_at,
        resolved.engaged_date,
        resolved.channel,
        actions.action_type,
        row_number() over (
            partition by resolved.customer_id
            order by resolved.occurred_at, resolved.engagement_id
        ) as engagement_rank,
        count(*) over (partition by resolved.customer_id) as engagements
    from resolved
    left join actions on actions.action_id = resolved.action_id
),

final as (
    select
        customer_id,
        occurred_at as first_engaged_at,
        engaged_date as cohort_date,
        channel as first_channel,
        action_type as first_action_type,
        engagements
    from ranked
    where engagement_rank = 1
)

select * from final
