-- One row per month, channel and cost kind: every community cost in the reporting currency.
-- The report and the dashboard sum it over the analysis period.
select
    month_start,
    month,
    channel,
    cost_kind,
    amount
from {{ ref('fct_community_costs') }}
