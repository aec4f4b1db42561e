-- Mentions are public posts; their text is kept for event summaries. Authors appear only as a
-- pseudonymous key.
with mentions as (
    select * from {{ ref('stg_listening__mentions') }}
),

final as (
    select
        mention_id,
        channel,
        author_key,
        published_at,
        published_date,
        text,
        sentiment,
        sentiment_source,
        case
            when sentiment > 0.05 then 'positive'
            when sentiment < -0.05 then 'negative'
            when sentiment is not null then 'neutral'
        end as polarity,
        reach,
        in_reply_to,
        is_brand,
        url
    from mentions
)

select * from final
