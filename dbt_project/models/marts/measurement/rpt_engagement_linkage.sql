-- One row: how much of the engaging community the identity links reach. Unlinked handles are the
-- community's anonymous part; their effect is not in the causal estimate.
select
    count(distinct case when is_linked then handle_key end) as linked_handles,
    count(distinct case when not is_linked then handle_key end) as unlinked_engaged_handles,
    count(*) as engagements,
    sum(case when is_linked then 1 else 0 end) as linked_engagements
from {{ ref('fct_engagements') }}
