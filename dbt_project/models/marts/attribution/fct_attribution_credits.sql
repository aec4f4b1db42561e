-- One row per attributable order, attribution model and channel that the model credits: the
-- share of the order's revenue the channel receives. For every model, an order's credits sum to
-- its revenue (assert_attribution_credits_sum_to_revenue): each credit is revenue x the channel's
-- weight / the order's total weight. Weights per touch (int_order_paths):
--   first_touch / last_touch  1 for the first / last touch, else 0
--   linear                    1 per touch
--   time_decay                2^(-age / half-life), age in days before the order; half-life: var
--                             attribution_half_life_days (default 7)
--   position_based            40% first, 40% last, 20% spread over the middle touches; 2 touches
--                             50/50; 1 touch 100% (macro position_based_weight)
--   markov                    per channel of the path (not per touch): its removal effect
--                             (fct_attribution_removal_effects), i.e. an order's revenue is split
--                             among the distinct channels of its path in proportion to their
--                             removal effects; equally among them if all are zero.
-- Table, not incremental: Markov removal effects are global and change with every night's
-- data, and a new identity link or a changed knob re-draws old paths, so every credit may move;
-- a full rebuild at 1M orders / 5M engagements takes about 5 s on 2 cores (DuckDB).
-- Slim on purpose (the widest table of the project): join fct_orders for other order columns.
{%- set half_life_days = attribution_half_life_days(var('attribution_half_life_days', 7)) %}
{%- set models = attribution_models() %}

with paths as (
    select * from {{ ref('int_order_paths') }}
),

removal_effects as (
    select channel, removal_effect from {{ ref('fct_attribution_removal_effects') }}
),

touch_weights as (
    select
        order_id,
        order_date,
        order_month,
        revenue,
        channel,
        case when touch_position = 1 then 1 else 0 end as first_touch,
        case when touch_position = touch_count then 1 else 0 end as last_touch,
        1 as linear,
        {{ time_decay_weight('seconds_before_order', half_life_days) }} as time_decay,
        {{ position_based_weight('touch_position', 'touch_count') }} as position_based
    from paths
),

-- order attributes are functionally dependent on order_id: grouping by them carries them along
channel_weights as (
    select
        touch_weights.order_id,
        touch_weights.order_date,
        touch_weights.order_month,
        touch_weights.revenue,
        touch_weights.channel,
        count(*) as touches,
        sum(touch_weights.first_touch) as first_touch,
        sum(touch_weights.last_touch) as last_touch,
        sum(touch_weights.linear) as linear,
        sum(touch_weights.time_decay) as time_decay,
        sum(touch_weights.position_based) as position_based,
        coalesce(max(removal_effects.removal_effect), 0) as removal_effect
    from touch_weights
    left join removal_effects
        on removal_effects.channel = touch_weights.channel
    group by
        touch_weights.order_id,
        touch_weights.order_date,
        touch_weights.order_month,
        touch_weights.revenue,
        touch_weights.channel
),

-- Markov weight per distinct channel: its removal effect, or 1 (equal split) when no channel of
-- the path has a positive one
channel_weights_with_markov as (
    select
        channel_weights.*,
        case
            when sum(removal_effect) over (partition by order_id) > 0 then removal_effect
            else 1.0
        end as markov
    from channel_weights
),

order_weights as (
    select
        channel_weights_with_markov.*,
        {%- for m in models %}
        sum({{ m }}) over (partition by order_id) as {{ m }}_total{{ "," if not loop.last }}
        {%- endfor %}
    from channel_weights_with_markov
),

attribution_models as (
{%- for m in models %}
    select '{{ m }}' as attribution_model{% if not loop.last %} union all{% endif %}
{%- endfor %}
),

model_weights as (
    select
        order_weights.order_id,
        attribution_models.attribution_model,
        order_weights.channel,
        order_weights.order_date,
        order_weights.order_month,
        order_weights.revenue,
        order_weights.touches,
        case attribution_models.attribution_model
            {%- for m in models %}
            when '{{ m }}' then cast(order_weights.{{ m }} as double)
            {%- endfor %}
        end as weight,
        case attribution_models.attribution_model
            {%- for m in models %}
            when '{{ m }}' then cast(order_weights.{{ m }}_total as double)
            {%- endfor %}
        end as order_weight
    from order_weights
    cross join attribution_models
),

final as (
    select
        order_id,
        attribution_model,
        channel,
        order_date,
        order_month,
        revenue as order_revenue,
        touches,
        weight / order_weight as credit_share,
        -- revenue x weight first, then the division: exact whenever the weights are whole numbers
        revenue * weight / order_weight as credited_revenue
    from model_weights
    where weight > 0
)

select * from final
