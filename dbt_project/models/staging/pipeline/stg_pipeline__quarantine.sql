select
    source as source_name,
    file,
    row_number,
    reason,
    run_id,
    quarantined_at
from {{ source('pipeline', '_quarantine') }}
