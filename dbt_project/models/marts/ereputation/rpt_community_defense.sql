-- One row per month of the mentions' dates, plus one 'overall' row over all the listening data:
-- the community defence rate (report contract: among negative mentions by non-brand authors that
-- received any reply, the share whose first reply came from a non-brand author with positive
-- sentiment), and who answered first otherwise.
with responses as (
    select * from {{ ref('fct_mention_responses') }}
    where polarity = 'negative'
),

scoped as (
    select 'month' as scope, month_start, is_replied_negative, is_defended, first_reply_is_brand
    from responses
    union all
    select 'overall' as scope, cast(null as date) as month_start, is_replied_negative, is_defended,
           first_reply_is_brand
    from responses
),

final as (
    select
        scope,
        month_start,
        case when month_start is not null then {{ month_label('month_start') }} end as month,
        count(*) as negative_mentions,
        cast(sum(case when is_replied_negative then 1 else 0 end) as bigint)
            as replied_negative_mentions,
        cast(sum(case when is_defended then 1 else 0 end) as bigint) as defended_mentions,
        cast(sum(case when first_reply_is_brand then 1 else 0 end) as bigint) as brand_first_mentions,
        cast(sum(case when is_replied_negative and not first_reply_is_brand and not is_defended
                      then 1 else 0 end) as bigint) as community_first_not_defending_mentions,
        sum(case when is_defended then 1 else 0 end) * 1.0
            / nullif(sum(case when is_replied_negative then 1 else 0 end), 0) as defense_rate,
        case
            when sum(case when is_replied_negative then 1 else 0 end) = 0
                then 'no negative non-brand mention received a reply'
        end as reason
    from scoped
    group by scope, month_start
)

select * from final
