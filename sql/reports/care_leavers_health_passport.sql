-- one row per LA per month per health passport status
-- la_code: DfE LA number ($la_code)
-- as_of: build month, 'YYYY-MM' ($as_of)
-- month: first day of a month with a care leaver snapshot for the LA, up to and including as_of; all five statuses appear for every such month, with 0 when nobody has that status
-- status: received, accepted, declined, not_offered, or unknown (health_passport blank)
-- status_order: position of the status in that list, for presentation
-- young_people: young people (all ages, 16-25) in the month's snapshot with that status
-- pct: 100 * young_people / all young people in the month's snapshot; NULL when the snapshot is empty
-- young_people_18_plus: those of young_people aged 18 or over at month end
-- pct_18_plus: 100 * young_people_18_plus / all young people aged 18 or over in the month's snapshot; NULL when there are none
with care_leaver_snapshots as (
  select * from int_care_leavers_aged
),

calendar_days as (
  select * from calendar
),

-- Athena takes parameters only in WHERE clauses, so as_of is read from the calendar row the
-- parameter picks (la_code likewise comes from the LA's own rows).
build as (
  select distinct
    substr(CAST(month_start AS VARCHAR), 1, 7) as as_of,
    month_start as as_of_month_start
  from calendar_days
  where month_start = CAST($as_of || '-01' AS DATE)
),

months as (
  select distinct la_code, month_start
  from care_leaver_snapshots
),

statuses as (
  select 'received' as status, 1 as status_order
  union all select 'accepted', 2
  union all select 'declined', 3
  union all select 'not_offered', 4
  union all select 'unknown', 5
),

classified as (
  select
    month_start,
    age_at_month_end,
    CASE
      WHEN health_passport IN ('received', 'accepted', 'declined', 'not_offered') THEN health_passport
      ELSE 'unknown'
    END as status
  from care_leaver_snapshots
),

counted as (
  select
    month_start,
    status,
    count(*) as young_people,
    count(CASE WHEN age_at_month_end >= 18 THEN 1 END) as young_people_18_plus
  from classified
  group by month_start, status
),

totals as (
  select
    month_start,
    count(*) as young_people,
    count(CASE WHEN age_at_month_end >= 18 THEN 1 END) as young_people_18_plus
  from classified
  group by month_start
),

filled as (
  select
    months.la_code,
    months.month_start,
    statuses.status,
    statuses.status_order,
    COALESCE(counted.young_people, 0) as young_people,
    COALESCE(counted.young_people_18_plus, 0) as young_people_18_plus,
    totals.young_people as total_young_people,
    totals.young_people_18_plus as total_young_people_18_plus
  from months
  cross join statuses
  inner join totals
    on totals.month_start = months.month_start
  left join counted
    on counted.month_start = months.month_start
    and counted.status = statuses.status
),

final as (
  select
    filled.la_code,
    build.as_of,
    month_start as month,
    status,
    CAST(status_order AS BIGINT) as status_order,
    young_people,
    CASE WHEN total_young_people = 0 THEN NULL
      ELSE 100 * CAST(young_people AS DOUBLE) / total_young_people END as pct,
    young_people_18_plus,
    CASE WHEN total_young_people_18_plus = 0 THEN NULL
      ELSE 100 * CAST(young_people_18_plus AS DOUBLE) / total_young_people_18_plus END as pct_18_plus
  from filled
  cross join build
)

select * from final
