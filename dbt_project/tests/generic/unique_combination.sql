{# Generic test: the given columns (or expressions) together identify one row.
   Written here instead of pulling dbt_utils: our machines cannot reach the dbt package hub. #}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
