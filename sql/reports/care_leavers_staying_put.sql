-- one row per LA per year
-- la_code: DfE LA number ($la_code)
-- as_of: build month, 'YYYY-MM' ($as_of)
-- year: calendar year with at least one care leaver snapshot for the LA up to and including as_of
-- staying_put_december: young people with staying_put true in the LA's December snapshot of year; NULL when there is no December snapshot up to as_of (the year in progress, or a December never delivered)
-- young_people_december: young people in the December snapshot of year; NULL when there is none
-- latest_month: first day of the latest month of year with a snapshot up to as_of (December once it is loaded), for papers that quote the latest position when December is missing
-- staying_put_latest: young people with staying_put true in the latest_month snapshot
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

monthly as (
  select
    la_code,
    year(month_start) as year,
    month(month_start) as month_number,
    month_start,
    count(*) as young_people,
    count(CASE WHEN staying_put THEN 1 END) as staying_put
  from care_leaver_snapshots
  group by la_code, month_start
),

ranked as (
  select
    *,
    row_number() over (partition by year order by month_start desc) as recency
  from monthly
),

years as (
  select
    la_code,
    year,
    max(CASE WHEN month_number = 12 THEN staying_put END) as staying_put_december,
    max(CASE WHEN month_number = 12 THEN young_people END) as young_people_december,
    max(CASE WHEN recency = 1 THEN month_start END) as latest_month,
    max(CASE WHEN recency = 1 THEN staying_put END) as staying_put_latest
  from ranked
  group by la_code, year
),

final as (
  select
    years.la_code,
    build.as_of,
    CAST(years.year AS BIGINT) as year,
    staying_put_december,
    young_people_december,
    latest_month,
    staying_put_latest
  from years
  cross join build
)

select * from final
