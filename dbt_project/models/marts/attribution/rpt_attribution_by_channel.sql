-- One row per attribution model and channel, side by side: revenue credited over the analysis
-- period's attributable orders. Every channel that touches any attributable order appears under
-- every model (zero when the model credits it nothing), so each model's rows sum to the same
-- touched revenue.
with credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

paths as (
    select * from {{ ref('int_order_paths') }}
),

touched as (
    select sum(revenue) as touched_revenue
    from paths
    where touch_position = 1
),

channels as (
    select
        channel,
        count(distinct order_id) as orders_touched
    from paths
    group by channel
),

attribution_models as (
    {{ attribution_models_relation() }}
),

credited as (
    select
        attribution_model,
        channel,
        sum(credited_revenue) as credited_revenue,
        count(*) as orders_credited
    from credits
    group by attribution_model, channel
),

final as (
    select
        attribution_models.attribution_model,
        attribution_models.model_order,
        channels.channel,
        coalesce(credited.credited_revenue, 0) as credited_revenue,
        coalesce(credited.credited_revenue, 0) / nullif(touched.touched_revenue, 0)
            as share_of_touched_revenue,
        coalesce(credited.orders_credited, 0) as orders_credited,
        channels.orders_touched,
        touched.touched_revenue
    from attribution_models
    cross join channels
    cross join touched
    left join credited
        on credited.attribution_model = attribution_models.attribution_model
        and credited.channel = channels.channel
)

select * from final
