-- Retention figures are shares, intervals contain their estimates, and the one-row summary
-- repeats the 90-day row of rpt_retention_curves.
with curves as (
    select * from {{ ref('rpt_retention_curves') }}
),

summary as (
    select * from {{ ref('rpt_loyalty_summary') }}
)

select cast(horizon_days as {{ dbt.type_string() }}) as row_key, 'retention outside [0, 1]' as problem
from curves
where retention_engaged < 0 or retention_engaged > 1
    or retention_not_engaged_naive < 0 or retention_not_engaged_naive > 1
union all
select cast(horizon_days as {{ dbt.type_string() }}), 'uplift outside its interval' from curves
where retention_uplift is not null
    and not (retention_uplift_low <= retention_uplift and retention_uplift <= retention_uplift_high)
union all
select 'summary', 'summary differs from the 90-day curve' from summary
inner join curves on curves.horizon_days = 90
where coalesce(summary.retention_90d_engaged, -1) <> coalesce(curves.retention_engaged, -1)
    or coalesce(summary.retention_90d_matched_not_engaged, -1)
       <> coalesce(curves.retention_matched_not_engaged, -1)
union all
select 'summary', 'NULL figure without a reason' from summary
where (retention_90d_engaged is null and retention_90d_engaged_reason is null)
    or (retention_90d_matched_not_engaged is null and retention_90d_matched_not_engaged_reason is null)
    or (incremental_margin_12m is null and incremental_margin_12m_reason is null)
