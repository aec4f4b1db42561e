{# E-reputation and loyalty helpers (docs/ereputation.md). #}

{# Net sentiment of a set of mentions, in [-1, 1]: share positive minus share negative among the
   mentions that carry a sentiment (polarity not null). NULL when none does. The same definition as
   rpt_executive_overview. #}
{% macro net_sentiment(polarity) -%}
  {{ net_sentiment_of_counts(
       "sum(case when " ~ polarity ~ " = 'positive' then 1 else 0 end)",
       "sum(case when " ~ polarity ~ " = 'negative' then 1 else 0 end)",
       "sum(case when " ~ polarity ~ " is not null then 1 else 0 end)") }}
{%- endmacro %}

{# The same definition from counts already aggregated (daily, weekly, rolling windows). #}
{% macro net_sentiment_of_counts(positive, negative, scored) -%}
  ({{ positive }} - {{ negative }}) * 1.0 / nullif({{ scored }}, 0)
{%- endmacro %}

{# Weight of one mention in the reputation index: log-damped reach, so a post seen by 100,000
   people counts about twice as much as one seen by 300, not 300 times as much; a mention without
   a reach still counts (ln 2). #}
{% macro reach_weight(reach) -%}
  ln(2.0 + coalesce(case when {{ reach }} > 0 then {{ reach }} end, 0))
{%- endmacro %}

{# Reputation index 0..100 over a set of mentions: 50 x (1 + reach-weighted net sentiment).
   50 = as many (weighted) positive as negative mentions; 100 = all positive; 0 = all negative.
   NULL when no mention carries a sentiment. #}
{% macro reputation_index(polarity, reach) -%}
  {{ reputation_index_of_weights(
       "sum(case when " ~ polarity ~ " = 'positive' then " ~ reach_weight(reach)
       ~ " when " ~ polarity ~ " = 'negative' then -" ~ reach_weight(reach) ~ " else 0 end)",
       "sum(case when " ~ polarity ~ " is not null then " ~ reach_weight(reach) ~ " end)") }}
{%- endmacro %}

{# The same index from reach weights already aggregated: weighted_net = sum of +/- weights of
   positive/negative mentions, weighted_scored = sum of weights of mentions with a sentiment. #}
{% macro reputation_index_of_weights(weighted_net, weighted_scored) -%}
  50.0 * (1.0 + {{ weighted_net }} / nullif({{ weighted_scored }}, 0))
{%- endmacro %}

{# Minutes between two timestamps (b - a), from whole seconds. #}
{% macro minutes_between(a, b) -%}
  ({{ dbt.datediff(a, b, 'second') }} / 60.0)
{%- endmacro %}

{# Days between two dates (b - a) as an integer. #}
{% macro days_between(a, b) -%}
  {{ dbt.datediff(a, b, 'day') }}
{%- endmacro %}

{# A deterministic pseudo-random integer in [0, n) from a text expression: spreads comparison
   customers' pseudo cohort dates over a month without any randomness between runs. #}
{% macro hash_bucket(expr, n) -%}
  {{ return(adapter.dispatch('hash_bucket', 'community_roi')(expr, n)) }}
{%- endmacro %}
{% macro default__hash_bucket(expr, n) -%}
  mod(abs(('x' || substr(md5(cast({{ expr }} as varchar)), 1, 7))::bit(28)::integer), {{ n }})
{%- endmacro %}
{% macro duckdb__hash_bucket(expr, n) -%}
  cast(hash(cast({{ expr }} as varchar)) % ({{ n }}) as integer)
{%- endmacro %}
{% macro spark__hash_bucket(expr, n) -%}
  pmod(hash(cast({{ expr }} as string)), {{ n }})
{%- endmacro %}
{% macro snowflake__hash_bucket(expr, n) -%}
  mod(abs(hash(cast({{ expr }} as varchar))), {{ n }})
{%- endmacro %}
