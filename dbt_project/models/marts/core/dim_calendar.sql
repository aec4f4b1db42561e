-- One row per calendar day (reporting time zone) from the first to the last day seen in orders,
-- engagements, mentions or costs, so no month with data falls off the monthly reports. dbt.date_spine sizes the series with a query at run time, after its refs are built.
{%- set first_day -%}
(select min(d) from (select min(order_date) as d from {{ ref('fct_orders') }}
                     union all select min(engaged_date) from {{ ref('fct_engagements') }}
                     union all select min(published_date) from {{ ref('fct_mentions') }}
                     union all select min(month_start) from {{ ref('fct_community_costs') }}) as f)
{%- endset -%}
{%- set after_last_day -%}
(select {{ dbt.dateadd('day', 1, 'max(d)') }} from (
    select max(order_date) as d from {{ ref('fct_orders') }}
    union all select max(engaged_date) from {{ ref('fct_engagements') }}
    union all select max(published_date) from {{ ref('fct_mentions') }}
    union all select max(month_start) from {{ ref('fct_community_costs') }}) as l)
{%- endset %}

with days as (
    {{ dbt.date_spine('day', first_day, after_last_day) }}
),

final as (
    select
        cast(date_day as date) as date_day,
        {{ month_start('date_day') }} as month_start,
        {{ month_label('date_day') }} as month,
        cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start,
        {{ iso_day_of_week('date_day') }} as iso_day_of_week
    from days
)

select * from final
