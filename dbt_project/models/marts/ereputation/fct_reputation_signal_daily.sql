{#- Detection knobs (docs/ereputation.md). Overridable with --vars; defaults tested on the demo data. -#}
{%- set weeks = var('reputation_baseline_weeks', 6) | int -%}
{%- set min_weeks = 3 -%}
{%- set z_low = var('reputation_z_extend', 2.5) -%}
{%- set z_high = var('reputation_z_peak', 5.0) -%}
-- One row per calendar day: non-brand mentions (all channels) against a seasonal baseline, and
-- how far above it they are. Baseline: the median of the same weekday over the previous
-- {{ weeks }} weeks (robust to weekly patterns, to a slow trend and to past spikes, which are a
-- minority of those days). Noise: 1.4826 x the median absolute deviation of the previous
-- {{ weeks * 7 }} days from their own baselines, never below the Poisson noise sqrt(baseline).
-- z = (mentions - baseline) / noise. A day is 'above' at z > {{ z_low }} and a 'peak' day at
-- z >= {{ z_high }}; fct_reputation_events turns runs of such days into events. Days with fewer
-- than {{ min_weeks }} previous same weekdays have no baseline (no detection).
with counts as (
    select date_day, mentions from {{ ref('fct_reputation_daily') }}
    where channel = 'all'
),

lags as (
    {% for k in range(1, weeks + 1) -%}
    select {{ k }} as weeks_back {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

same_weekday as (
    select
        cur.date_day,
        prev.mentions as previous_mentions
    from counts as cur
    cross join lags
    inner join counts as prev
        on prev.date_day = cast({{ dbt.dateadd('day', '-7 * lags.weeks_back', 'cur.date_day') }} as date)
),

baseline as (
    select
        date_day,
        count(*) as baseline_weeks,
        {{ percentile_cont('previous_mentions', 0.5) }} as baseline_mentions
    from same_weekday
    group by date_day
),

residuals as (
    select
        counts.date_day,
        counts.mentions,
        baseline.baseline_mentions,
        baseline.baseline_weeks,
        counts.mentions - baseline.baseline_mentions as residual
    from counts
    inner join baseline on baseline.date_day = counts.date_day
    where baseline.baseline_weeks >= {{ min_weeks }}
),

noise as (
    select
        cur.date_day,
        count(*) as noise_days,
        1.4826 * {{ percentile_cont('abs(prev.residual)', 0.5) }} as mad_sigma
    from residuals as cur
    inner join residuals as prev
        on prev.date_day < cur.date_day
        and prev.date_day >= cast({{ dbt.dateadd('day', -7 * weeks, 'cur.date_day') }} as date)
    group by cur.date_day
),

scored as (
    select
        residuals.date_day,
        residuals.mentions,
        residuals.baseline_mentions,
        residuals.baseline_weeks,
        case when noise.noise_days >= 14 then noise.mad_sigma end as mad_sigma,
        greatest(
            coalesce(case when noise.noise_days >= 14 then noise.mad_sigma end, 0),
            sqrt(greatest(residuals.baseline_mentions, 1.0))
        ) as noise_sigma
    from residuals
    left join noise on noise.date_day = residuals.date_day
),

final as (
    select
        counts.date_day,
        counts.mentions,
        scored.baseline_mentions,
        scored.baseline_weeks,
        scored.noise_sigma,
        scored.baseline_mentions + {{ z_low }} * scored.noise_sigma as threshold_extend,
        scored.baseline_mentions + {{ z_high }} * scored.noise_sigma as threshold_peak,
        (counts.mentions - scored.baseline_mentions) / scored.noise_sigma as z_score,
        coalesce((counts.mentions - scored.baseline_mentions) / scored.noise_sigma > {{ z_low }},
                 false) as is_above,
        coalesce((counts.mentions - scored.baseline_mentions) / scored.noise_sigma >= {{ z_high }},
                 false) as is_peak_level
    from counts
    left join scored on scored.date_day = counts.date_day
)

select * from final
