-- One row per month of the mentions' dates, plus one 'overall' row over all the listening data:
-- how many non-brand mentions the brand answered, and how fast (report contract:
-- median_brand_response_minutes is the median, over non-brand mentions a brand account replied
-- to, of the minutes from the mention to the brand's first reply).
with responses as (
    select * from {{ ref('fct_mention_responses') }}
),

measures as (
    select polarity, brand_first_reply_id, brand_response_minutes, month_start from responses
),

scoped as (
    select 'month' as scope, month_start, polarity, brand_first_reply_id, brand_response_minutes
    from measures
    union all
    select 'overall' as scope, cast(null as date) as month_start, polarity, brand_first_reply_id,
           brand_response_minutes
    from measures
),

final as (
    select
        scope,
        month_start,
        case when month_start is not null then {{ month_label('month_start') }} end as month,
        count(*) as non_brand_mentions,
        cast(sum(case when brand_first_reply_id is not null then 1 else 0 end) as bigint)
            as brand_replied_mentions,
        sum(case when brand_first_reply_id is not null then 1 else 0 end) * 1.0
            / nullif(count(*), 0) as replied_share,
        cast(sum(case when polarity = 'negative' then 1 else 0 end) as bigint) as negative_mentions,
        sum(case when polarity = 'negative' and brand_first_reply_id is not null then 1 else 0 end)
            * 1.0 / nullif(sum(case when polarity = 'negative' then 1 else 0 end), 0)
            as negative_replied_share,
        {{ percentile_cont('brand_response_minutes', 0.5) }} as median_response_minutes,
        {{ percentile_cont('brand_response_minutes', 0.9) }} as p90_response_minutes,
        case
            when sum(case when brand_first_reply_id is not null then 1 else 0 end) = 0
                then 'no non-brand mention received a brand reply'
        end as reason
    from scoped
    group by scope, month_start
)

select * from final
