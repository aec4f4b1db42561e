-- One row per from_state and to_state of the first-order Markov chain: how many times paths
-- stepped from one state to the next. States are '(start)', each channel, and the absorbing
-- '(conversion)' (the orders' paths, int_order_paths) and '(null)' (int_nonconverting_paths).
-- Every path counts once: (start) -> first touch -> ... -> last touch -> its outcome.
{%- set path_sources = [
    {'model': 'int_order_paths', 'path_key': ['order_id'], 'outcome': '(conversion)'},
    {'model': 'int_nonconverting_paths', 'path_key': ['customer_id', 'path_number'], 'outcome': '(null)'},
] %}

with
{% for source in path_sources %}
{{ source.model }}_steps as (
    select
        '(start)' as from_state,
        channel as to_state
    from {{ ref(source.model) }}
    where touch_position = 1
    union all
    select
        channel as from_state,
        coalesce(
            lead(channel) over (
                partition by {{ source.path_key | join(', ') }} order by touch_position
            ),
            '{{ source.outcome }}'
        ) as to_state
    from {{ ref(source.model) }}
),
{% endfor %}

steps as (
{%- for source in path_sources %}
    select from_state, to_state from {{ source.model }}_steps
    {%- if not loop.last %}
    union all{% endif %}
{%- endfor %}
),

final as (
    select
        from_state,
        to_state,
        count(*) as transitions
    from steps
    group by from_state, to_state
)

select * from final
