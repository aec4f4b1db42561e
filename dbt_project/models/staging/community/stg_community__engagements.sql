with source as (
    {{ latest_record(source('community', 'engagements'), ['engagement_id']) }}
),

final as (
    select
        engagement_id,
        channel,
        {{ pseudonymize(normalize_handle('handle')) }} as handle_key,
        engagement_type,
        occurred_at,
        {{ to_local_date('occurred_at') }} as engaged_date,
        action_id,
        text,
        coalesce(sentiment, _sentiment_scored) as sentiment,
        case
            when sentiment is not null then 'source'
            when _sentiment_scored is not null then 'scored'
        end as sentiment_source
    from source
)

select * from final
