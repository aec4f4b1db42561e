-- The 'overall' rows of the brand-response and community-defence tables are the sums of their
-- monthly rows, and the summary repeats the overall figures.
with defense as (
    select
        sum(case when scope = 'month' then replied_negative_mentions else 0 end) as month_replied,
        sum(case when scope = 'overall' then replied_negative_mentions else 0 end) as overall_replied,
        sum(case when scope = 'month' then defended_mentions else 0 end) as month_defended,
        sum(case when scope = 'overall' then defended_mentions else 0 end) as overall_defended
    from {{ ref('rpt_community_defense') }}
),

response as (
    select
        sum(case when scope = 'month' then brand_replied_mentions else 0 end) as month_replied,
        sum(case when scope = 'overall' then brand_replied_mentions else 0 end) as overall_replied
    from {{ ref('rpt_brand_response') }}
),

summary as (
    select * from {{ ref('rpt_ereputation_summary') }}
)

select 'defense replied' as problem from defense where month_replied <> overall_replied
union all
select 'defense defended' from defense where month_defended <> overall_defended
union all
select 'brand replied' from response where month_replied <> overall_replied
union all
select 'summary defense denominator' from summary cross join defense
where summary.defense_denominator <> defense.overall_replied
union all
select 'summary brand replied' from summary cross join response
where summary.brand_replied_mentions <> response.overall_replied
