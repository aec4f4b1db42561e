{# Generic tests for the measurement marts (models/marts/measurement/). #}

{# Accounting identity: the rows of one scope add up to the 'overall' row (e.g. action-type costs
   in rpt_roi add up to the overall cost, the '(unallocated)' remainder included). No rows on
   either side count as 0, so a run with no analysis period passes. #}
{% test scope_sums_to_overall(model, column_name, scope, tolerance=0.000001) %}
with parts as (
    select sum({{ column_name }}) as total from {{ model }} where scope = '{{ scope }}'
),

overall as (
    select sum({{ column_name }}) as total from {{ model }} where scope = 'overall'
)

select parts.total as parts_total, overall.total as overall_total
from parts
cross join overall
where abs(coalesce(parts.total, 0) - coalesce(overall.total, 0)) > {{ tolerance }}
{% endtest %}

{# A missing figure always says why: rows where the column is NULL and the reason is NULL too
   (a figure must never silently vanish, nor be shown as 0). #}
{% test null_has_reason(model, column_name, reason_column) %}
select *
from {{ model }}
where {{ column_name }} is null and {{ reason_column }} is null
{% endtest %}
