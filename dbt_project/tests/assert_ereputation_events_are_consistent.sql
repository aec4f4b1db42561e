-- Events: start <= peak <= end, no two events overlap, the kind follows the sign of the net
-- sentiment, and the sales-effect interval contains its estimate.
with events as (
    select * from {{ ref('rpt_reputation_events') }}
)

select event_key, 'dates out of order' as problem from events
where not (start_date <= peak_date and peak_date <= end_date)
union all
select a.event_key, 'overlaps ' || b.event_key from events as a
inner join events as b
    on a.event_key < b.event_key
    and a.start_date <= b.end_date
    and b.start_date <= a.end_date
union all
select event_key, 'kind does not follow net sentiment' from events
where (kind = 'rumor' and not net_sentiment < 0) or (kind = 'buzz' and not net_sentiment >= 0)
union all
select event_key, 'sales effect outside its interval' from events
where sales_effect_margin is not null
    and not (sales_effect_low <= sales_effect_margin and sales_effect_margin <= sales_effect_high)
