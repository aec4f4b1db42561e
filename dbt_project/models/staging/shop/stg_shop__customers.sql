with source as (
    {{ latest_record(source('shop', 'customers'), ['customer_id']) }}
),

final as (
    select
        customer_id,
        created_at,
        {{ to_local_date('created_at') }} as created_date,
        upper(country) as country,
        lower(region) as region,
        lower(segment) as segment,
        age_band,
        -- e-mail hashes never leave staging in clear: only a pseudonymous key does
        case when email_sha256 is not null then {{ pseudonymize('lower(email_sha256)') }} end
            as email_key
    from source
)

select * from final
