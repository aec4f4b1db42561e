{# Newest-file-wins: keep one row per key, from the file with the highest order key (later
   partition, later mtime, then path; see load.py) and, within a file, the last row. Raw keeps
   every version for audit; this is the only place versions collapse. #}
{% macro latest_record(relation, key_columns) -%}
select * from (
    select
        src.*,
        row_number() over (
            partition by {{ key_columns | join(', ') }}
            order by _file_order desc, _row_number desc
        ) as _version_rank
    from {{ relation }} as src
) as versions
where _version_rank = 1
{%- endmacro %}

{# A community handle as matched: lower-case, trimmed, without a leading @. #}
{% macro normalize_handle(col) -%}
  ltrim(lower(trim({{ col }})), '@')
{%- endmacro %}

{# Pseudonymous key for a handle or e-mail hash: handles never leave staging in clear. #}
{% macro pseudonymize(col) -%}
  {{ dbt.hash(col) }}
{%- endmacro %}
