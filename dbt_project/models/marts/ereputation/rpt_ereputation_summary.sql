-- One row: the e-reputation figures of the report. Mentions and net sentiment are given over all
-- the listening data and over the analysis period (cohort months, dim_analysis_period); defence
-- rate, brand response time and events are over all the listening data, as the landing files
-- define them. A figure that cannot be computed is NULL with a reason, never a made-up zero.
with period as (
    select period_start, period_end from {{ ref('dim_analysis_period') }}
),

mentions as (
    select * from {{ ref('fct_mentions') }}
),

all_data as (
    select
        count(*) as mentions_all,
        cast(sum(case when not is_brand then 1 else 0 end) as bigint) as non_brand_mentions,
        min(published_date) as first_mention_date,
        max(published_date) as last_mention_date,
        {{ net_sentiment("case when not is_brand then polarity end") }} as net_sentiment,
        {{ reputation_index("case when not is_brand then polarity end", 'reach') }}
            as reputation_index
    from mentions
),

in_period as (
    select
        count(*) as period_mentions,
        {{ net_sentiment('polarity') }} as period_net_sentiment
    from mentions
    cross join period
    where not mentions.is_brand
        and mentions.published_date between period.period_start and period.period_end
),

defense as (
    select defense_rate, replied_negative_mentions, reason
    from {{ ref('rpt_community_defense') }}
    where scope = 'overall'
),

response as (
    select median_response_minutes, brand_replied_mentions, replied_share, reason
    from {{ ref('rpt_brand_response') }}
    where scope = 'overall'
),

events as (
    select
        count(*) as events,
        cast(sum(case when kind = 'rumor' then 1 else 0 end) as bigint) as rumours,
        cast(sum(case when kind = 'buzz' then 1 else 0 end) as bigint) as buzzes
    from {{ ref('fct_reputation_events') }}
),

final as (
    select
        all_data.first_mention_date,
        all_data.last_mention_date,
        coalesce(all_data.non_brand_mentions, 0) as mentions,
        coalesce(all_data.mentions_all, 0) as mentions_including_brand,
        all_data.net_sentiment,
        case
            when coalesce(all_data.mentions_all, 0) = 0 then 'no mentions loaded'
            when all_data.net_sentiment is null then 'no non-brand mention carries a sentiment'
        end as net_sentiment_reason,
        all_data.reputation_index,
        period.period_start,
        period.period_end,
        in_period.period_mentions,
        in_period.period_net_sentiment,
        case
            when period.period_start is null or period.period_end is null
                or period.period_start > period.period_end
                then 'no valid analysis period (see dim_analysis_period)'
            when in_period.period_net_sentiment is null
                then 'no non-brand mention with a sentiment in the analysis period'
        end as period_net_sentiment_reason,
        defense.defense_rate,
        coalesce(defense.replied_negative_mentions, 0) as defense_denominator,
        case
            when defense.defense_rate is not null then null
            when defense.reason is not null then defense.reason
            else 'no negative non-brand mention received a reply'
        end as defense_rate_reason,
        response.median_response_minutes as median_brand_response_minutes,
        coalesce(response.brand_replied_mentions, 0) as brand_replied_mentions,
        response.replied_share as brand_replied_share,
        case
            when response.median_response_minutes is not null then null
            when response.reason is not null then response.reason
            else 'no non-brand mention received a brand reply'
        end as median_brand_response_minutes_reason,
        coalesce(events.events, 0) as events,
        coalesce(events.rumours, 0) as rumours,
        coalesce(events.buzzes, 0) as buzzes
    from all_data
    cross join events
    left join period on 1 = 1
    left join in_period on 1 = 1
    left join defense on 1 = 1
    left join response on 1 = 1
)

select * from final
