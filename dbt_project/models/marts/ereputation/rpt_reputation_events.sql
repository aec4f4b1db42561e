-- One row per detected e-reputation event (buzz or rumour): dates (and the day it became
-- detectable), size, sentiment, the three most-read texts in its tone and the estimated sales
-- effect with its 90% interval. The report's `ereputation.events` and the rumour alerts read it.
select
    event_key,
    kind,
    start_date,
    peak_date,
    end_date,
    detected_date,
    days,
    mentions,
    baseline_mentions,
    excess_mentions,
    peak_mentions,
    net_sentiment,
    share_negative,
    reach,
    top_text_1,
    top_text_2,
    top_text_3,
    is_ongoing,
    sales_window_start,
    sales_window_end,
    sales_effect_margin,
    sales_effect_low,
    sales_effect_high,
    sales_effect_is_provisional,
    sales_effect_reason
from {{ ref('fct_reputation_events') }}
