{# Adds fx_rate to every row of `relation`: 1 for the reporting currency, else the rate of the same
   day or the latest earlier one (landing contract). NULL means the amount cannot be converted;
   callers must surface those rows (int_unconvertible_amounts), never drop them silently.
   Only foreign-currency rows take part in the range join, so its cost stays small. #}
{% macro with_fx_rate(relation, id_column, date_column) -%}
with base as (
    select * from {{ relation }}
),

foreign_rows as (
    select {{ id_column }} as row_id, currency, {{ date_column }} as rate_on
    from base
    where currency <> '{{ var("reporting_currency") }}'
),

candidate_rates as (
    select
        f.row_id,
        r.rate_to_reporting,
        row_number() over (partition by f.row_id order by r.rate_date desc) as rate_rank
    from foreign_rows as f
    inner join {{ ref('stg_finance__fx_rates') }} as r
        on r.currency = f.currency
        and r.rate_date <= f.rate_on
)

select
    base.*,
    case
        when base.currency = '{{ var("reporting_currency") }}' then 1.0
        else candidate_rates.rate_to_reporting
    end as fx_rate
from base
left join candidate_rates
    on candidate_rates.row_id = base.{{ id_column }}
    and candidate_rates.rate_rank = 1
{%- endmacro %}
