-- Accounting identity of attribution (report contract): under every model, the credits of each
-- attributable order sum to that order's revenue. Checked both ways: an order missing under a
-- model, or credits without an attributable order, fail too. Tolerance: a millionth of a unit of
-- the reporting currency (floating-point rounding of the weight ratios).
{%- set models = attribution_models() %}

with attributable_orders as (
    select order_id, revenue
    from {{ ref('int_order_paths') }}
    where touch_position = 1
),

attribution_models as (
{%- for m in models %}
    select '{{ m }}' as attribution_model{% if not loop.last %} union all{% endif %}
{%- endfor %}
),

expected as (
    select
        attributable_orders.order_id,
        attribution_models.attribution_model,
        attributable_orders.revenue
    from attributable_orders
    cross join attribution_models
),

credited as (
    select
        order_id,
        attribution_model,
        sum(credited_revenue) as credited_revenue
    from {{ ref('fct_attribution_credits') }}
    group by order_id, attribution_model
)

select
    coalesce(expected.order_id, credited.order_id) as order_id,
    coalesce(expected.attribution_model, credited.attribution_model) as attribution_model,
    expected.revenue,
    credited.credited_revenue
from expected
full outer join credited
    on credited.order_id = expected.order_id
    and credited.attribution_model = expected.attribution_model
where expected.order_id is null
    or credited.order_id is null
    or abs(credited.credited_revenue - expected.revenue) > 0.000001
