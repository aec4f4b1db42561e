{# Attribution helpers (report contract, "Attribution"; models/marts/attribution/).
   Vars are read in the models and passed in as arguments, so unit-test var overrides reach them. #}

{# The six models, in the order the dashboard and the report show them. #}
{% macro attribution_models() -%}
  {{ return(['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'markov']) }}
{%- endmacro %}

{# The models as a relation (attribution_model, model_order), for side-by-side reports that must
   list every model even when it credited nothing. #}
{% macro attribution_models_relation() -%}
{%- for m in attribution_models() %}
    select '{{ m }}' as attribution_model, {{ loop.index }} as model_order{% if not loop.last %} union all{% endif %}
{%- endfor %}
{%- endmacro %}

{# Look-back window as a positive whole number of days (1..365, see dbt_project.yml). #}
{% macro attribution_lookback_days(value) -%}
  {%- set days = value | int -%}
  {%- if days < 1 or days > 365 -%}
    {{ exceptions.raise_compiler_error("lookback_days must be 1..365, got " ~ value) }}
  {%- endif -%}
  {{ return(days) }}
{%- endmacro %}

{# Time-decay half-life as a positive number of days (0 < h <= 365). #}
{% macro attribution_half_life_days(value) -%}
  {%- set days = value | float -%}
  {%- if days <= 0 or days > 365 -%}
    {{ exceptions.raise_compiler_error("attribution_half_life_days must be in (0, 365], got " ~ value) }}
  {%- endif -%}
  {{ return(days) }}
{%- endmacro %}

{# True when a touch at touch_ts lies in the look-back window of an event at event_ts: from
   exactly lookback_days before the event up to and including the event's own timestamp.
   Timestamps are UTC, so a day is always 86 400 seconds here. #}
{% macro in_lookback_window(touch_ts, event_ts, lookback_days) -%}
  ({{ touch_ts }} <= {{ event_ts }}
   and {{ touch_ts }} >= {{ dbt.dateadd('day', -1 * lookback_days, event_ts) }})
{%- endmacro %}

{# Seconds (with fractions) from start_ts to end_ts, both UTC timestamps without zone. #}
{% macro seconds_between(start_ts, end_ts) -%}
  {{ return(adapter.dispatch('seconds_between', 'community_roi')(start_ts, end_ts)) }}
{%- endmacro %}
{% macro default__seconds_between(start_ts, end_ts) -%}
  extract(epoch from ({{ end_ts }} - {{ start_ts }}))
{%- endmacro %}
{% macro duckdb__seconds_between(start_ts, end_ts) -%}
  (epoch({{ end_ts }}) - epoch({{ start_ts }}))
{%- endmacro %}
{% macro spark__seconds_between(start_ts, end_ts) -%}
  (cast({{ end_ts }} as double) - cast({{ start_ts }} as double))
{%- endmacro %}

{# Time-decay weight of a touch: 2^(-age / half-life), age in days before the order. #}
{% macro time_decay_weight(seconds_before, half_life_days) -%}
  power(2.0, -1.0 * ({{ seconds_before }}) / {{ 86400.0 * half_life_days }})
{%- endmacro %}

{# Position-based (U-shaped, 40/20/40) weight numerator of a touch, as a whole number so the
   shares are exact: with n >= 3 touches the first and last get 2(n-2) each and every middle touch
   1 (total 5(n-2): 40% / 20% spread / 40%); with 2 touches 1 each (50/50); alone, 1 (100%). #}
{% macro position_based_weight(touch_position, touch_count) -%}
  case
      when {{ touch_count }} <= 2 then 1
      when {{ touch_position }} = 1 or {{ touch_position }} = {{ touch_count }}
          then 2 * ({{ touch_count }} - 2)
      else 1
  end
{%- endmacro %}
