{# Generic test (accounting identity): per group, sum(column) equals the expected total within a
   tolerance. Used for "attribution credits of an order sum to its revenue". #}
{% test sums_to(model, column_name, group_by, expected_model, expected_column, expected_key, tolerance=0.000001) %}
with got as (
    select {{ group_by }} as k, sum({{ column_name }}) as total
    from {{ model }} group by {{ group_by }}
),
expected as (
    select {{ expected_key }} as k, {{ expected_column }} as total from {{ expected_model }}
)
select got.k, got.total, expected.total as expected_total
from got join expected on expected.k = got.k
where abs(got.total - expected.total) > {{ tolerance }}
{% endtest %}
