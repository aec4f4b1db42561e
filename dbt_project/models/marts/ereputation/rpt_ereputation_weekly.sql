-- One row per week (Monday start, reporting time zone) and channel (channel 'all' = every
-- channel): non-brand mention volume, reach, net sentiment, share of negative mentions and the
-- reputation index over the week. The first and last weeks of the data may be partial
-- (days_in_week < 7).
with daily as (
    select * from {{ ref('fct_reputation_daily') }}
),

weekly as (
    select
        week_start,
        channel,
        count(*) as days_in_week,
        cast(sum(mentions) as bigint) as mentions,
        cast(sum(reach) as bigint) as reach,
        cast(sum(scored_mentions) as bigint) as scored_mentions,
        cast(sum(positive_mentions) as bigint) as positive_mentions,
        cast(sum(negative_mentions) as bigint) as negative_mentions,
        sum(weighted_net) as weighted_net,
        sum(weighted_scored) as weighted_scored,
        cast(sum(brand_posts) as bigint) as brand_posts
    from daily
    group by week_start, channel
),

final as (
    select
        week_start,
        channel,
        cast(days_in_week as integer) as days_in_week,
        mentions,
        reach,
        scored_mentions,
        positive_mentions,
        negative_mentions,
        {{ net_sentiment_of_counts('positive_mentions', 'negative_mentions', 'scored_mentions') }}
            as net_sentiment,
        negative_mentions * 1.0 / nullif(scored_mentions, 0) as share_negative,
        {{ reputation_index_of_weights('weighted_net', 'weighted_scored') }} as reputation_index,
        brand_posts
    from weekly
)

select * from final
