-- Top 20 community advocates, in the spirit of the Orbit model (love x reach). Love: 3 points per
-- reply defending the brand (a positive reply to a negative non-brand mention) and 1 per other
-- positive mention; reach: ln(1 + the author's average reach). Authors are named by their PUBLIC
-- handle only (see stg_listening__author_handles); nothing else about them is shown.
with mentions as (
    select * from {{ ref('fct_mentions') }}
    where not is_brand
),

parents as (
    select mention_id, polarity from {{ ref('fct_mentions') }}
    where not is_brand
),

handles as (
    select author_key, public_handle from {{ ref('stg_listening__author_handles') }}
),

per_mention as (
    select
        mentions.author_key,
        mentions.channel,
        mentions.reach,
        mentions.published_date,
        mentions.polarity = 'positive' and parents.polarity = 'negative' as is_defending_reply,
        mentions.polarity = 'positive' as is_positive
    from mentions
    left join parents on parents.mention_id = mentions.in_reply_to
),

per_author as (
    select
        author_key,
        count(*) as mentions,
        cast(sum(case when is_defending_reply then 1 else 0 end) as bigint) as defending_replies,
        cast(sum(case when is_positive and not coalesce(is_defending_reply, false) then 1 else 0 end)
             as bigint) as other_positive_mentions,
        avg(coalesce(reach, 0)) as average_reach,
        count(distinct channel) as channels,
        min(published_date) as first_seen_date,
        max(published_date) as last_seen_date
    from per_mention
    group by author_key
),

scored as (
    select
        per_author.*,
        3 * defending_replies + other_positive_mentions as love_points,
        (3 * defending_replies + other_positive_mentions) * ln(1.0 + average_reach)
            as advocate_score
    from per_author
    where 3 * defending_replies + other_positive_mentions > 0
),

ranked as (
    select
        row_number() over (
            order by scored.advocate_score desc, scored.defending_replies desc, handles.public_handle
        ) as advocate_rank,
        handles.public_handle,
        scored.*
    from scored
    inner join handles on handles.author_key = scored.author_key
),

final as (
    select
        advocate_rank,
        public_handle,
        advocate_score,
        love_points,
        defending_replies,
        other_positive_mentions,
        mentions,
        average_reach,
        channels,
        first_seen_date,
        last_seen_date
    from ranked
    where advocate_rank <= 20
)

select * from final
