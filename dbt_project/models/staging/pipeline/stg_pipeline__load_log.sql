select
    source as source_name,
    file,
    format,
    status,
    rows_read,
    rows_loaded,
    rows_quarantined,
    mapped_to_other,
    message,
    run_id,
    loaded_at
from {{ source('pipeline', '_load_log') }}
