-- One row per scope (overall, channel, action_type): the causal estimate table without the draws,
-- small enough for the dashboard and the report.
select
    scope,
    scope_value,
    engaged_customers,
    matched_customers,
    comparison_customers,
    per_customer_estimate,
    per_customer_low,
    per_customer_high,
    incremental_margin_estimate,
    incremental_margin_low,
    incremental_margin_high,
    incremental_revenue_estimate,
    incremental_revenue_low,
    incremental_revenue_high,
    naive_per_customer,
    naive_revenue_per_customer,
    method,
    reason
from {{ ref('fct_incrementality') }}
