-- The Markov model's two kinds of path must not share a touch: a touch in an attributable order's
-- window is converting by definition, so finding it in a non-converting path would mean the two
-- window definitions (int_order_paths, int_nonconverting_paths) have drifted apart.
select
    nonconverting.engagement_id,
    order_paths.order_id
from {{ ref('int_nonconverting_paths') }} as nonconverting
inner join {{ ref('int_order_paths') }} as order_paths
    on order_paths.engagement_id = nonconverting.engagement_id
