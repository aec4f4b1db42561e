with customers as (
    select * from {{ ref('stg_shop__customers') }}
),

first_engaged as (
    select * from {{ ref('int_customers_first_engaged') }}
),

members as (
    select customer_id, min(joined_date) as loyalty_joined_date
    from {{ ref('stg_loyalty__members') }}
    group by customer_id
),

final as (
    select
        customers.customer_id,
        customers.created_at,
        customers.created_date,
        customers.country,
        customers.region,
        customers.segment,
        customers.age_band,
        first_engaged.first_engaged_at,
        first_engaged.cohort_date,
        first_engaged.first_channel,
        first_engaged.first_action_type,
        coalesce(first_engaged.engagements, 0) as linked_engagements,
        first_engaged.customer_id is not null as is_engaged,
        members.loyalty_joined_date,
        members.customer_id is not null as is_loyalty_member
    from customers
    left join first_engaged on first_engaged.customer_id = customers.customer_id
    left join members on members.customer_id = customers.customer_id
)

select * from final
