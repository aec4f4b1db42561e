-- One row per calendar day and channel, plus channel 'all': non-brand mention volume, reach and
-- sentiment counts, with the reach-weighted sums behind the reputation index (docs/ereputation.md)
-- so that any period's index can be recomputed exactly by summing rows. Dense over the listening
-- coverage (first to last day with a mention): days without mentions inside it are zeros; days
-- outside it (e.g. orders loaded from before listening started) are absent, not zero. Brand
-- accounts' own posts are counted apart (brand_posts).
with mentions as (
    select * from {{ ref('fct_mentions') }}
),

coverage as (
    select min(published_date) as first_day, max(published_date) as last_day from mentions
),

calendar as (
    select calendar.date_day, calendar.week_start, calendar.month_start
    from {{ ref('dim_calendar') }} as calendar
    inner join coverage
        on calendar.date_day between coverage.first_day and coverage.last_day
),

channels as (
    select distinct channel from mentions
    union all
    select 'all' as channel
),

per_mention as (
    select published_date, channel, is_brand, polarity, reach from mentions
    union all
    select published_date, 'all' as channel, is_brand, polarity, reach from mentions
),

daily as (
    select
        published_date as date_day,
        channel,
        sum(case when not is_brand then 1 else 0 end) as mentions,
        sum(case when is_brand then 1 else 0 end) as brand_posts,
        sum(case when not is_brand then coalesce(reach, 0) else 0 end) as reach,
        sum(case when not is_brand and polarity is not null then 1 else 0 end) as scored_mentions,
        sum(case when not is_brand and polarity = 'positive' then 1 else 0 end) as positive_mentions,
        sum(case when not is_brand and polarity = 'negative' then 1 else 0 end) as negative_mentions,
        sum(case when not is_brand and polarity = 'neutral' then 1 else 0 end) as neutral_mentions,
        sum(case when is_brand or polarity is null then 0
                 when polarity = 'positive' then {{ reach_weight('reach') }}
                 when polarity = 'negative' then -{{ reach_weight('reach') }}
                 else 0 end) as weighted_net,
        sum(case when is_brand or polarity is null then 0 else {{ reach_weight('reach') }} end)
            as weighted_scored
    from per_mention
    group by published_date, channel
),

final as (
    select
        calendar.date_day,
        calendar.week_start,
        calendar.month_start,
        channels.channel,
        cast(coalesce(daily.mentions, 0) as bigint) as mentions,
        cast(coalesce(daily.brand_posts, 0) as bigint) as brand_posts,
        cast(coalesce(daily.reach, 0) as bigint) as reach,
        cast(coalesce(daily.scored_mentions, 0) as bigint) as scored_mentions,
        cast(coalesce(daily.positive_mentions, 0) as bigint) as positive_mentions,
        cast(coalesce(daily.negative_mentions, 0) as bigint) as negative_mentions,
        cast(coalesce(daily.neutral_mentions, 0) as bigint) as neutral_mentions,
        coalesce(daily.weighted_net, 0) as weighted_net,
        coalesce(daily.weighted_scored, 0) as weighted_scored
    from calendar
    cross join channels
    left join daily
        on daily.date_day = calendar.date_day
        and daily.channel = channels.channel
)

select * from final
