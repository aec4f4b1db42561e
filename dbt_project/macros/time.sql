{# Calendar date, in the reporting time zone, of a UTC timestamp stored without zone. #}
{% macro to_local_date(ts) -%}
  {{ return(adapter.dispatch('to_local_date', 'community_roi')(ts)) }}
{%- endmacro %}

{% macro default__to_local_date(ts) -%}
  cast(({{ ts }} at time zone 'UTC') at time zone '{{ var("reporting_timezone") }}' as date)
{%- endmacro %}

{% macro duckdb__to_local_date(ts) -%}
  cast(timezone('{{ var("reporting_timezone") }}', timezone('UTC', {{ ts }})) as date)
{%- endmacro %}

{% macro spark__to_local_date(ts) -%}
  to_date(from_utc_timestamp({{ ts }}, '{{ var("reporting_timezone") }}'))
{%- endmacro %}

{# First day of the month of a date, as a date. #}
{% macro month_start(d) -%}
  cast({{ dbt.date_trunc('month', d) }} as date)
{%- endmacro %}

{# Month label YYYY-MM of a date. #}
{% macro month_label(d) -%}
  {{ return(adapter.dispatch('month_label', 'community_roi')(d)) }}
{%- endmacro %}
{% macro default__month_label(d) -%} to_char({{ d }}, 'YYYY-MM') {%- endmacro %}
{% macro duckdb__month_label(d) -%} strftime({{ d }}, '%Y-%m') {%- endmacro %}
{% macro spark__month_label(d) -%} date_format({{ d }}, 'yyyy-MM') {%- endmacro %}

{# ISO day of week, 1 = Monday .. 7 = Sunday. #}
{% macro iso_day_of_week(d) -%}
  {{ return(adapter.dispatch('iso_day_of_week', 'community_roi')(d)) }}
{%- endmacro %}
{% macro default__iso_day_of_week(d) -%} extract(isodow from {{ d }}) {%- endmacro %}
{% macro spark__iso_day_of_week(d) -%} ((dayofweek({{ d }}) + 5) % 7 + 1) {%- endmacro %}

{# Continuous percentile of expr (p in [0, 1]) as an aggregate. #}
{% macro percentile_cont(expr, p) -%}
  {{ return(adapter.dispatch('percentile_cont', 'community_roi')(expr, p)) }}
{%- endmacro %}
{% macro default__percentile_cont(expr, p) -%}
  percentile_cont({{ p }}) within group (order by {{ expr }})
{%- endmacro %}
{% macro duckdb__percentile_cont(expr, p) -%} quantile_cont({{ expr }}, {{ p }}) {%- endmacro %}
{% macro spark__percentile_cont(expr, p) -%} percentile({{ expr }}, {{ p }}) {%- endmacro %}
