with source as (
    {{ latest_record(source('listening', 'mentions'), ['mention_id']) }}
),

final as (
    select
        mention_id,
        channel,
        {{ pseudonymize(normalize_handle('handle')) }} as author_key,
        published_at,
        {{ to_local_date('published_at') }} as published_date,
        text,
        coalesce(sentiment, _sentiment_scored) as sentiment,
        case
            when sentiment is not null then 'source'
            when _sentiment_scored is not null then 'scored'
        end as sentiment_source,
        reach,
        in_reply_to,
        coalesce(is_brand, false) as is_brand,
        url
    from source
)

select * from final
