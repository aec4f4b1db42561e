{%- set min_days = var('reputation_min_event_days', 2) | int -%}
{%- set tail_days = var('reputation_sales_tail_days', 7) | int -%}
{%- set side_weeks = var('reputation_sales_baseline_weeks', 2) | int -%}
-- One row per detected e-reputation event (buzz or rumour). An event is a run of consecutive days
-- whose non-brand mentions are above the extend threshold of fct_reputation_signal_daily, lasting
-- at least {{ min_days }} days, with at least one day at the peak level. Kind: 'rumor' when the net
-- sentiment of the event's mentions is negative, 'buzz' when it is zero or positive.
--
-- Sales effect: completed-order gross margin (all customers) from the event's start to
-- {{ tail_days }} days after its end, minus a baseline: for each of those days, the mean margin of
-- the same weekday in the {{ side_weeks }} nearest weeks before the event starts and the
-- {{ side_weeks }} nearest weeks after the window ends (bracketing cancels the seasonal slope that a
-- before-only baseline would read as an effect); weeks inside any event's window are skipped.
-- 90% interval: +-1.645 sd, with each day's variance = the variance of its baseline days x
-- (1 + 1/n). While the weeks after the window are not observed yet the baseline uses the weeks
-- before only and the figure is flagged provisional.
with signal as (
    select * from {{ ref('fct_reputation_signal_daily') }}
),

period as (
    select first_order_date, last_order_date from {{ ref('dim_analysis_period') }}
),

last_day as (
    select max(date_day) as last_signal_day from signal
),

above as (
    select
        date_day,
        mentions,
        baseline_mentions,
        z_score,
        is_peak_level,
        -- gaps and islands: consecutive days share the same anchor
        cast({{ dbt.dateadd('day', '-1 * row_number() over (order by date_day)', 'date_day') }} as date)
            as island
    from signal
    where is_above
),

islands as (
    select
        island,
        min(date_day) as start_date,
        max(date_day) as end_date,
        count(*) as days,
        sum(mentions) as spike_day_mentions,
        sum(baseline_mentions) as baseline_mentions,
        max(z_score) as peak_z_score
    from above
    group by island
    having count(*) >= {{ min_days }}
        and sum(case when is_peak_level then 1 else 0 end) > 0
),

-- the data day on which the event first met both rules: what a nightly run could first alert on
-- (days' thresholds use earlier days only, so this date does not move as new data arrives)
detection as (
    select island, min(date_day) as detected_date
    from (
        select
            island,
            date_day,
            row_number() over (partition by island order by date_day) as day_number,
            max(case when is_peak_level then 1 else 0 end) over (
                partition by island order by date_day
                rows between unbounded preceding and current row
            ) as peak_seen
        from above
    ) as island_days
    where day_number >= {{ min_days }} and peak_seen = 1
    group by island
),

peaks as (
    select
        islands.island,
        above.date_day as peak_date,
        above.mentions as peak_mentions,
        row_number() over (partition by islands.island order by above.mentions desc, above.date_day)
            as peak_rank
    from islands
    inner join above
        on above.island = islands.island
),

events as (
    select
        -- events never overlap, so the start date identifies one
        cast(islands.start_date as {{ dbt.type_string() }}) as event_key,
        islands.start_date,
        peaks.peak_date,
        islands.end_date,
        detection.detected_date,
        islands.days,
        peaks.peak_mentions,
        islands.spike_day_mentions,
        islands.baseline_mentions,
        islands.peak_z_score,
        cast({{ dbt.dateadd('day', tail_days, 'islands.end_date') }} as date) as sales_window_end
    from islands
    inner join peaks on peaks.island = islands.island and peaks.peak_rank = 1
    inner join detection on detection.island = islands.island
),

event_mentions as (
    select
        events.event_key,
        mentions.mention_id,
        mentions.text,
        mentions.reach,
        mentions.polarity
    from events
    inner join {{ ref('fct_mentions') }} as mentions
        on mentions.published_date between events.start_date and events.end_date
        and not mentions.is_brand
),

sentiment as (
    select
        event_key,
        count(*) as mentions,
        cast(sum(coalesce(reach, 0)) as bigint) as reach,
        {{ net_sentiment('polarity') }} as net_sentiment,
        sum(case when polarity = 'negative' then 1 else 0 end) * 1.0
            / nullif(sum(case when polarity is not null then 1 else 0 end), 0) as share_negative
    from event_mentions
    group by event_key
),

-- the three most-read texts that carry the event's tone (negative for a rumour, positive for a
-- buzz), then the most-read others
top_texts as (
    select
        event_mentions.event_key,
        event_mentions.text,
        row_number() over (
            partition by event_mentions.event_key
            order by
                case when event_mentions.polarity
                          = case when sentiment.net_sentiment < 0 then 'negative' else 'positive' end
                     then 0 else 1 end,
                coalesce(event_mentions.reach, 0) desc,
                event_mentions.mention_id
        ) as text_rank
    from event_mentions
    inner join sentiment on sentiment.event_key = event_mentions.event_key
    where event_mentions.text is not null
),

-- sales effect ------------------------------------------------------------------------------
margin_daily as (
    select
        calendar.date_day,
        coalesce(sum(orders.gross_margin), 0) as gross_margin
    from {{ ref('dim_calendar') }} as calendar
    cross join period
    left join {{ ref('fct_orders') }} as orders on orders.order_date = calendar.date_day
    where calendar.date_day between period.first_order_date and period.last_order_date
    group by calendar.date_day
),

window_days as (
    select events.event_key, events.start_date, events.sales_window_end, margin_daily.date_day,
           margin_daily.gross_margin
    from events
    inner join margin_daily
        on margin_daily.date_day between events.start_date and events.sales_window_end
),

week_offsets as (
    {% for k in range(1, side_weeks + 9) -%}
    select {{ k }} as weeks_away {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

candidates as (
    select
        window_days.event_key,
        window_days.date_day,
        sides.side,
        week_offsets.weeks_away,
        cast({{ dbt.dateadd('day', 'sides.direction * 7 * week_offsets.weeks_away', 'window_days.date_day') }} as date)
            as baseline_day,
        window_days.start_date,
        window_days.sales_window_end
    from window_days
    cross join week_offsets
    cross join (select 'before' as side, -1 as direction union all
                select 'after' as side, 1 as direction) as sides
),

usable as (
    select
        candidates.*,
        margin_daily.gross_margin,
        row_number() over (
            partition by candidates.event_key, candidates.date_day, candidates.side
            order by candidates.weeks_away
        ) as side_rank
    from candidates
    inner join margin_daily on margin_daily.date_day = candidates.baseline_day
    where ((candidates.side = 'before' and candidates.baseline_day < candidates.start_date)
           or (candidates.side = 'after' and candidates.baseline_day > candidates.sales_window_end))
        and not exists (
            select 1 from events as other
            where candidates.baseline_day between other.start_date and other.sales_window_end
        )
),

day_baselines as (
    select
        event_key,
        date_day,
        count(*) as baseline_days,
        sum(case when side = 'after' then 1 else 0 end) as baseline_days_after,
        avg(gross_margin) as baseline_margin,
        var_samp(gross_margin) as baseline_variance
    from usable
    where side_rank <= {{ side_weeks }}
    group by event_key, date_day
),

sales as (
    select
        window_days.event_key,
        count(*) as sales_days_observed,
        sum(window_days.gross_margin) as sales_window_margin,
        sum(day_baselines.baseline_margin) as sales_baseline_margin,
        sum(window_days.gross_margin - day_baselines.baseline_margin) as sales_effect_margin,
        sqrt(sum(day_baselines.baseline_variance * (1.0 + 1.0 / day_baselines.baseline_days)))
            as sales_effect_sd,
        min(day_baselines.baseline_days) as min_baseline_days,
        min(day_baselines.baseline_days_after) as min_baseline_days_after
    from window_days
    left join day_baselines
        on day_baselines.event_key = window_days.event_key
        and day_baselines.date_day = window_days.date_day
    group by window_days.event_key
),

final as (
    select
        events.event_key,
        case when sentiment.net_sentiment < 0 then 'rumor'
             when sentiment.net_sentiment >= 0 then 'buzz' end as kind,
        events.start_date,
        events.peak_date,
        events.end_date,
        events.detected_date,
        events.days,
        sentiment.mentions,
        events.baseline_mentions,
        sentiment.mentions - events.baseline_mentions as excess_mentions,
        events.peak_mentions,
        events.peak_z_score,
        sentiment.net_sentiment,
        sentiment.share_negative,
        sentiment.reach,
        text_1.text as top_text_1,
        text_2.text as top_text_2,
        text_3.text as top_text_3,
        events.end_date >= last_day.last_signal_day as is_ongoing,
        events.start_date as sales_window_start,
        events.sales_window_end,
        sales.sales_days_observed,
        sales.sales_window_margin,
        case when sales.min_baseline_days >= 2 then sales.sales_baseline_margin end
            as sales_baseline_margin,
        case when sales.min_baseline_days >= 2 then sales.sales_effect_margin end
            as sales_effect_margin,
        case when sales.min_baseline_days >= 2
             then sales.sales_effect_margin - 1.645 * sales.sales_effect_sd end as sales_effect_low,
        case when sales.min_baseline_days >= 2
             then sales.sales_effect_margin + 1.645 * sales.sales_effect_sd end as sales_effect_high,
        coalesce(sales.min_baseline_days_after, 0) < {{ side_weeks }}
            or coalesce(sales.sales_days_observed, 0)
               < {{ days_between('events.start_date', 'events.sales_window_end') }} + 1
            as sales_effect_is_provisional,
        case
            when sales.event_key is null then 'no orders in the sales window'
            when coalesce(sales.min_baseline_days, 0) < 2
                then 'fewer than 2 comparable weekdays around the event: no baseline'
        end as sales_effect_reason
    from events
    cross join last_day
    left join sentiment on sentiment.event_key = events.event_key
    left join sales on sales.event_key = events.event_key
    left join top_texts as text_1 on text_1.event_key = events.event_key and text_1.text_rank = 1
    left join top_texts as text_2 on text_2.event_key = events.event_key and text_2.text_rank = 2
    left join top_texts as text_3 on text_3.event_key = events.event_key and text_3.text_rank = 3
)

select * from final
