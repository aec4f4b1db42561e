-- One row per linked engagement: a touchpoint of the customer behind it (report contract,
-- "Attribution"). Unlinked engagements have no customer and so no path; they are counted in
-- rpt_engagement_linkage, not here.
with engagements as (
    select * from {{ ref('fct_engagements') }}
    where customer_id is not null
),

final as (
    select
        engagement_id,
        customer_id,
        channel,
        engagement_type,
        occurred_at,
        engaged_date
    from engagements
)

select * from final
