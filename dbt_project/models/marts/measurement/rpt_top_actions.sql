-- One row per community action (every published month, not only the analysis period): what it
-- cost in staff time and direct spend, how many engagements and distinct linked customers it
-- drew, and its cost per engaged customer, for the dashboard's "top actions" table.
-- All actions are kept (a few thousand a year at most, about twenty narrow columns) because the
-- dashboard ranks the actions of whatever months its filter shows, which may lie outside the
-- analysis period; rank_in_month and rank_in_period are ready-made rankings by engaged customers.
-- Cost here is the action's own cost (staff time + direct cost). Landed and shared costs (tools,
-- agency...) are not spread to single actions: they appear per action type in rpt_roi.
-- No personal data: the action's author (a pseudonymous staff key) is left out.
with actions as (
    select * from {{ ref('dim_actions') }}
),

period as (
    select * from {{ ref('dim_analysis_period') }}
),

costed as (
    select
        actions.action_id,
        actions.published_date,
        actions.published_month,
        actions.channel,
        actions.action_type,
        actions.campaign,
        actions.topic,
        actions.engagements,
        actions.engaged_customers,
        actions.staff_minutes,
        actions.staff_cost,
        actions.direct_cost,
        -- NULL (not 0) when the direct cost could not be converted to the reporting currency
        actions.staff_cost + actions.direct_cost as total_cost,
        coalesce(actions.published_date between period.period_start and period.period_end, false)
            as in_analysis_period
    from actions
    cross join period
),

final as (
    select
        action_id,
        published_date,
        published_month,
        channel,
        action_type,
        campaign,
        topic,
        engagements,
        engaged_customers,
        staff_minutes,
        staff_cost,
        direct_cost,
        total_cost,
        case when engaged_customers > 0 then total_cost / engaged_customers end
            as cost_per_engaged_customer,
        case
            when total_cost is null
                then 'direct cost not convertible to the reporting currency: cost unknown'
            when engaged_customers = 0
                then 'no linked customer engaged with this action: cost per engaged customer undefined'
        end as cost_per_engaged_customer_reason,
        in_analysis_period,
        row_number() over (
            partition by published_month
            order by engaged_customers desc, engagements desc, action_id
        ) as rank_in_month,
        case when in_analysis_period then row_number() over (
            partition by in_analysis_period
            order by engaged_customers desc, engagements desc, action_id
        ) end as rank_in_period
    from costed
)

select * from final
