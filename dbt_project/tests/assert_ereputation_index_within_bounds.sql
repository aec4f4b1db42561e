-- The reputation index lies in [0, 100], net sentiment in [-1, 1] and the share of negative
-- mentions in [0, 1], wherever they are defined.
select 'daily' as model, cast(date_day as {{ dbt.type_string() }}) as row_key, reputation_index,
       net_sentiment, share_negative
from {{ ref('rpt_ereputation_daily') }}
where reputation_index < 0 or reputation_index > 100
    or reputation_index_7d < 0 or reputation_index_7d > 100
    or net_sentiment < -1 or net_sentiment > 1
    or share_negative < 0 or share_negative > 1
union all
select 'weekly', cast(week_start as {{ dbt.type_string() }}), reputation_index, net_sentiment,
       share_negative
from {{ ref('rpt_ereputation_weekly') }}
where reputation_index < 0 or reputation_index > 100
    or net_sentiment < -1 or net_sentiment > 1
    or share_negative < 0 or share_negative > 1
union all
select 'summary', 'all', reputation_index, net_sentiment, null
from {{ ref('rpt_ereputation_summary') }}
where reputation_index < 0 or reputation_index > 100
    or net_sentiment < -1 or net_sentiment > 1
