{{ config(schema='staging', materialized='view') }}
-- One row per author key of a non-brand mention: the author's PUBLIC handle, normalised (lower
-- case, no leading @). Handles are otherwise pseudonymised right after staging (author_key); this
-- model exists only so rpt_top_advocates can name the community's advocates, which issue 4 allows
-- ("no personal data shown beyond the public handle"): a mention is a public post signed with that
-- handle. Nothing else about the author is exposed, and no other source's handles are read here.
-- It reads the source itself (staging-adjacent) so stg_listening__mentions keeps its promise that
-- handles never leave staging in clear.
with source as (
    {{ latest_record(source('listening', 'mentions'), ['mention_id']) }}
),

authors as (
    select
        {{ pseudonymize(normalize_handle('handle')) }} as author_key,
        {{ normalize_handle('handle') }} as public_handle,
        channel,
        published_at
    from source
    where not coalesce(is_brand, false)
),

final as (
    select
        author_key,
        min(public_handle) as public_handle,
        count(*) as mentions,
        count(distinct channel) as channels,
        min(published_at) as first_seen_at,
        max(published_at) as last_seen_at
    from authors
    group by author_key
)

select * from final
