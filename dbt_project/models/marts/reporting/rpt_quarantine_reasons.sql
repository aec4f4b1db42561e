-- One row per source and reason (reason text with the offending value removed is too lossy, so
-- the full reason is grouped): how many rows were set aside and in which files.
with quarantine as (
    select * from {{ ref('stg_pipeline__quarantine') }}
),

final as (
    select
        source_name,
        reason,
        count(*) as rows_quarantined,
        count(distinct file) as files,
        min(file) as example_file,
        min(row_number) as example_row
    from quarantine
    group by 1, 2
)

select * from final
