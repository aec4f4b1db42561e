-- The key is (channel, normalised handle): two landed spellings of one handle ("@Foo", "foo")
-- are one identity, so versions collapse after normalisation.
with normalized as (
    select
        src.*,
        {{ normalize_handle('handle') }} as handle_normalized
    from {{ source('identity', 'identity_links') }} as src
),

source as (
    {{ latest_record('normalized', ['channel', 'handle_normalized']) }}
),

final as (
    select
        channel,
        {{ pseudonymize('handle_normalized') }} as handle_key,
        customer_id,
        linked_at,
        coalesce(method, 'other') as method
    from source
)

select * from final
