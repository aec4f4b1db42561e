-- One row per calendar day and channel (channel 'all' = every channel): non-brand mention volume,
-- reach, net sentiment, share of negative mentions and the reputation index (0-100; 50 = as much
-- reach-weighted praise as criticism), plus the index over the 7 days ending that day, which is
-- the one to read at a glance (a single day is noisy). NULL figures: no mention with a sentiment.
with daily as (
    select * from {{ ref('fct_reputation_daily') }}
),

rolling as (
    select
        daily.*,
        sum(weighted_net) over (
            partition by channel order by date_day rows between 6 preceding and current row
        ) as weighted_net_7d,
        sum(weighted_scored) over (
            partition by channel order by date_day rows between 6 preceding and current row
        ) as weighted_scored_7d
    from daily
),

final as (
    select
        date_day,
        week_start,
        channel,
        mentions,
        reach,
        scored_mentions,
        positive_mentions,
        negative_mentions,
        {{ net_sentiment_of_counts('positive_mentions', 'negative_mentions', 'scored_mentions') }}
            as net_sentiment,
        negative_mentions * 1.0 / nullif(scored_mentions, 0) as share_negative,
        {{ reputation_index_of_weights('weighted_net', 'weighted_scored') }} as reputation_index,
        {{ reputation_index_of_weights('weighted_net_7d', 'weighted_scored_7d') }}
            as reputation_index_7d,
        brand_posts
    from rolling
)

select * from final
