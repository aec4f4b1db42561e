-- One row per order month, attribution model and channel: revenue credited to the channel by
-- the model from that month's attributable orders (order_month: the order's calendar month in the
-- reporting time zone). Dense: every month with an attributable order x every model x every
-- channel touching any attributable order, zero when nothing is credited.
with credits as (
    select * from {{ ref('fct_attribution_credits') }}
),

paths as (
    select * from {{ ref('int_order_paths') }}
),

months as (
    select distinct order_month as month_start from paths
),

channels as (
    select distinct channel from paths
),

attribution_models as (
    {{ attribution_models_relation() }}
),

credited as (
    select
        order_month as month_start,
        attribution_model,
        channel,
        sum(credited_revenue) as credited_revenue,
        count(*) as orders_credited
    from credits
    group by order_month, attribution_model, channel
),

final as (
    select
        months.month_start,
        {{ month_label('months.month_start') }} as month,
        attribution_models.attribution_model,
        attribution_models.model_order,
        channels.channel,
        coalesce(credited.credited_revenue, 0) as credited_revenue,
        coalesce(credited.orders_credited, 0) as orders_credited
    from months
    cross join attribution_models
    cross join channels
    left join credited
        on credited.month_start = months.month_start
        and credited.attribution_model = attribution_models.attribution_model
        and credited.channel = channels.channel
)

select * from final
