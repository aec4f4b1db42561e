-- Every day's channel rows add up to its 'all' row (mentions, negative mentions, reach).
with daily as (
    select * from {{ ref('rpt_ereputation_daily') }}
),

by_channel as (
    select date_day, sum(mentions) as mentions, sum(negative_mentions) as negative_mentions,
           sum(reach) as reach
    from daily
    where channel <> 'all'
    group by date_day
)

select daily.date_day, daily.mentions, by_channel.mentions as channel_mentions
from daily
left join by_channel on by_channel.date_day = daily.date_day
where daily.channel = 'all'
    and (coalesce(by_channel.mentions, 0) <> daily.mentions
         or coalesce(by_channel.negative_mentions, 0) <> daily.negative_mentions
         or coalesce(by_channel.reach, 0) <> daily.reach)
