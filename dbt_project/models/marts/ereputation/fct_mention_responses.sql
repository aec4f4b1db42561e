-- One row per non-brand mention: who answered it first (the brand or the community, with which
-- sentiment), when the brand first answered, and whether the community defended the brand.
-- Replies are mentions whose in_reply_to names the mention; the first reply is the earliest by
-- published_at, ties broken by mention_id. A reply whose parent is not in the data is ignored.
-- Definitions (report contract): a negative mention is "defended" when its first reply came from
-- a non-brand author with positive sentiment; brand response minutes run from the mention to the
-- brand's first reply.
with mentions as (
    select * from {{ ref('fct_mentions') }}
),

replies as (
    select
        replies.in_reply_to as parent_id,
        replies.mention_id as reply_id,
        replies.published_at as reply_at,
        replies.is_brand as reply_is_brand,
        replies.polarity as reply_polarity,
        replies.author_key as reply_author_key,
        row_number() over (
            partition by replies.in_reply_to
            order by replies.published_at, replies.mention_id
        ) as reply_rank,
        row_number() over (
            partition by replies.in_reply_to, replies.is_brand
            order by replies.published_at, replies.mention_id
        ) as rank_within_side
    from mentions as replies
    where replies.in_reply_to is not null
),

reply_counts as (
    select
        parent_id,
        count(*) as replies,
        sum(case when reply_is_brand then 1 else 0 end) as brand_replies
    from replies
    group by parent_id
),

first_reply as (
    select * from replies where reply_rank = 1
),

first_brand_reply as (
    select parent_id, reply_id, reply_at from replies
    where reply_is_brand and rank_within_side = 1
),

final as (
    select
        mentions.mention_id,
        mentions.channel,
        mentions.author_key,
        mentions.published_at,
        mentions.published_date,
        {{ month_start('mentions.published_date') }} as month_start,
        mentions.in_reply_to is not null as is_reply,
        mentions.sentiment,
        mentions.polarity,
        mentions.reach,
        coalesce(reply_counts.replies, 0) as replies,
        coalesce(reply_counts.brand_replies, 0) as brand_replies,
        first_reply.reply_id as first_reply_id,
        first_reply.reply_at as first_reply_at,
        first_reply.reply_is_brand as first_reply_is_brand,
        first_reply.reply_polarity as first_reply_polarity,
        first_reply.reply_author_key as first_reply_author_key,
        first_brand_reply.reply_id as brand_first_reply_id,
        first_brand_reply.reply_at as brand_first_reply_at,
        {{ minutes_between('mentions.published_at', 'first_brand_reply.reply_at') }}
            as brand_response_minutes,
        mentions.polarity = 'negative' and first_reply.reply_id is not null
            as is_replied_negative,
        coalesce(mentions.polarity = 'negative'
                 and not first_reply.reply_is_brand
                 and first_reply.reply_polarity = 'positive', false) as is_defended
    from mentions
    left join reply_counts on reply_counts.parent_id = mentions.mention_id
    left join first_reply on first_reply.parent_id = mentions.mention_id
    left join first_brand_reply on first_brand_reply.parent_id = mentions.mention_id
    where not mentions.is_brand
)

select * from final
