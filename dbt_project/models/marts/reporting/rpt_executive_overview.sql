-- One row per calendar month: the executive overview's monthly figures. Months run over the data's
-- whole calendar; figures that later marts estimate causally (ROI) live in their own rpt_ models.
with calendar as (
    select distinct month_start, month from {{ ref('dim_calendar') }}
),

customers as (
    select customer_id, {{ month_start('cohort_date') }} as cohort_month
    from {{ ref('dim_customers') }}
    where is_engaged
),

new_engaged as (
    select cohort_month as month_start, count(*) as newly_engaged_customers
    from customers group by 1
),

orders as (
    select
        orders.order_month as month_start,
        sum(orders.revenue) as revenue_total,
        sum(orders.gross_margin) as gross_margin_total,
        sum(case when customers.customer_id is not null then orders.revenue else 0 end)
            as revenue_engaged_customers,
        count(distinct orders.customer_id) as buying_customers
    from {{ ref('fct_orders') }} as orders
    left join customers
        on customers.customer_id = orders.customer_id
        and customers.cohort_month <= orders.order_month
    group by 1
),

costs as (
    select month_start, sum(amount) as community_cost
    from {{ ref('fct_community_costs') }}
    group by 1
),

mentions as (
    select
        {{ month_start('published_date') }} as month_start,
        count(*) as mentions,
        sum(case when polarity is not null then 1 else 0 end) as scored_mentions,
        avg(sentiment) as mean_sentiment,
        {{ net_sentiment('polarity') }} as net_sentiment
    from {{ ref('fct_mentions') }}
    where not is_brand
    group by 1
),

final as (
    select
        calendar.month_start,
        calendar.month,
        coalesce(new_engaged.newly_engaged_customers, 0) as newly_engaged_customers,
        cast(sum(coalesce(new_engaged.newly_engaged_customers, 0))
            over (order by calendar.month_start rows between unbounded preceding and current row)
            as bigint) as engaged_customers_to_date,
        coalesce(orders.revenue_total, 0) as revenue_total,
        coalesce(orders.gross_margin_total, 0) as gross_margin_total,
        coalesce(orders.revenue_engaged_customers, 0) as revenue_engaged_customers,
        coalesce(orders.buying_customers, 0) as buying_customers,
        coalesce(costs.community_cost, 0) as community_cost,
        coalesce(mentions.mentions, 0) as mentions,
        cast(coalesce(mentions.scored_mentions, 0) as bigint) as scored_mentions,
        mentions.mean_sentiment,
        mentions.net_sentiment
    from calendar
    left join new_engaged on new_engaged.month_start = calendar.month_start
    left join orders on orders.month_start = calendar.month_start
    left join costs on costs.month_start = calendar.month_start
    left join mentions on mentions.month_start = calendar.month_start
)

select * from final
