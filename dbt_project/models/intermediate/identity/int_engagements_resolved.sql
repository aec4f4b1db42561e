-- Engagements with the customer behind them, when known. A handle resolves through
-- identity_links (channel + handle) first, else through a customer's e-mail hash used as the
-- handle (e-mail channel exports). Unresolved engagements stay, with customer_id NULL: they are
-- the community's anonymous part and are counted, not dropped.
with engagements as (
    select * from {{ ref('stg_community__engagements') }}
),

links as (
    select channel, handle_key, customer_id from {{ ref('stg_identity__links') }}
),

email_matches as (
    -- one customer per e-mail key; an e-mail shared by several customer records is ambiguous
    select email_key, min(customer_id) as customer_id
    from {{ ref('stg_shop__customers') }}
    where email_key is not null
    group by email_key
    having count(*) = 1
),

final as (
    select
        engagements.*,
        coalesce(links.customer_id, email_matches.customer_id) as customer_id,
        case
            when links.customer_id is not null then 'identity_link'
            when email_matches.customer_id is not null then 'email_match'
        end as resolved_by
    from engagements
    left join links
        on links.channel = engagements.channel
        and links.handle_key = engagements.handle_key
    left join email_matches
        on email_matches.email_key = engagements.handle_key
)

select * from final
