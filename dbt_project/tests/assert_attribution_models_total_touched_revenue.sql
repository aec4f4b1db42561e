-- Report contract: every attribution model's channel totals add up to the same touched revenue
-- (the revenue of the completed period orders with at least one touch in their window), and the
-- report table carries all six models. Tolerance: a millionth of a unit per attributable order.
{%- set models = attribution_models() %}

with attributable_orders as (
    select revenue
    from {{ ref('int_order_paths') }}
    where touch_position = 1
),

touched as (
    select
        coalesce(sum(revenue), 0) as touched_revenue,
        count(*) as orders
    from attributable_orders
),

attribution_models as (
{%- for m in models %}
    select '{{ m }}' as attribution_model{% if not loop.last %} union all{% endif %}
{%- endfor %}
),

by_model as (
    select
        attribution_model,
        sum(credited_revenue) as credited_revenue
    from {{ ref('rpt_attribution_by_channel') }}
    group by attribution_model
)

select
    attribution_models.attribution_model,
    by_model.credited_revenue,
    touched.touched_revenue
from attribution_models
cross join touched
left join by_model
    on by_model.attribution_model = attribution_models.attribution_model
where abs(coalesce(by_model.credited_revenue, 0) - touched.touched_revenue)
    > 0.000001 * (touched.orders + 1)
