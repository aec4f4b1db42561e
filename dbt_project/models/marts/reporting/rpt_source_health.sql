-- One row per landing source: files, rows read, loaded and quarantined, last load, and rows whose
-- amounts could not be converted (counted as quarantined downstream of the load).
with sources as (
    {% for s in ['customers', 'orders', 'loyalty_members', 'loyalty_events', 'identity_links',
                 'community_actions', 'engagements', 'mentions', 'costs', 'fx_rates'] %}
    select '{{ s }}' as source_name {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

loads as (
    select
        source_name,
        count(*) as files,
        sum(case when status = 'rejected' then 1 else 0 end) as rejected_files,
        sum(rows_read) as rows_read,
        sum(rows_loaded) as rows_loaded,
        sum(rows_quarantined) as rows_quarantined,
        sum(mapped_to_other) as values_mapped_to_other,
        max(loaded_at) as last_loaded_at
    from {{ ref('stg_pipeline__load_log') }}
    group by 1
),

unconvertible as (
    select source_name, count(*) as rows_unconvertible
    from {{ ref('int_unconvertible_amounts') }}
    group by 1
),

final as (
    select
        sources.source_name,
        coalesce(loads.files, 0) as files,
        coalesce(loads.rejected_files, 0) as rejected_files,
        coalesce(loads.rows_read, 0) as rows_read,
        coalesce(loads.rows_loaded, 0) as rows_loaded,
        coalesce(loads.rows_quarantined, 0) as rows_quarantined,
        coalesce(unconvertible.rows_unconvertible, 0) as rows_unconvertible,
        coalesce(loads.values_mapped_to_other, 0) as values_mapped_to_other,
        loads.last_loaded_at,
        coalesce(loads.rows_loaded, 0) = 0 as has_no_data
    from sources
    left join loads on loads.source_name = sources.source_name
    left join unconvertible on unconvertible.source_name = sources.source_name
)

select * from final
