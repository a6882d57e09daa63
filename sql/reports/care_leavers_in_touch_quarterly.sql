-- one row per LA per quarter_end
-- la_code: DfE LA number ($la_code)
-- as_of: build month, 'YYYY-MM' ($as_of)
-- quarter_end: last day of March, June, September or December, for each such month with a care leaver snapshot for the LA up to and including as_of (the snapshot describes that day)
-- financial_year: April-March financial year of quarter_end, e.g. 2021-22
-- financial_quarter: quarter of the financial year ending on quarter_end, Q1 (April-June) to Q4 (January-March)
-- cohort_19_21: young people in the quarter-end snapshot aged 19, 20 or 21 at quarter_end (whole years; a 29 February birthday counts from 1 March in other years), excluding IN_TOUCH DIED (died) and RHOM (returned home to parents for 6 months or more); a blank IN_TOUCH stays in
-- in_touch: young people in cohort_19_21 with IN_TOUCH YES
-- pct_in_touch: 100 * in_touch / cohort_19_21; NULL when cohort_19_21 is 0
-- benchmark_area: the LA's region in the la reference table (e.g. South East); NULL when the LA is not listed
-- benchmark_pct: value of the benchmarks row for measure care_leavers_in_touch_19_21 with period_end = quarter_end and area = benchmark_area (percent); NULL when none is loaded
-- not_in_touch: young people in cohort_19_21 whose IN_TOUCH is not YES (NO, REFU, NREQ or blank)
-- excluded_died_or_returned_home: young people aged 19-21 at quarter_end with IN_TOUCH DIED or RHOM, left out of cohort_19_21
with care_leaver_snapshots as (
  select * from int_care_leavers_aged
),

local_authorities as (
  select * from la
),

benchmark_values as (
  select * from stg_benchmarks
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

region as (
  select max(region) as benchmark_area
  from local_authorities
  where la_code = $la_code
),

quarter_ends as (
  select
    la_code,
    month_end as quarter_end,
    financial_year,
    CASE month(month_end)
      WHEN 6 THEN 'Q1'
      WHEN 9 THEN 'Q2'
      WHEN 12 THEN 'Q3'
      ELSE 'Q4'
    END as financial_quarter,
    count(CASE WHEN age_at_month_end BETWEEN 19 AND 21
      AND COALESCE(in_touch, '') NOT IN ('DIED', 'RHOM') THEN 1 END) as cohort_19_21,
    count(CASE WHEN age_at_month_end BETWEEN 19 AND 21 AND in_touch = 'YES' THEN 1 END) as in_touch,
    count(CASE WHEN age_at_month_end BETWEEN 19 AND 21
      AND in_touch IN ('DIED', 'RHOM') THEN 1 END) as excluded_died_or_returned_home
  from care_leaver_snapshots
  where month(month_end) IN (3, 6, 9, 12)
  group by la_code, month_end, financial_year
),

final as (
  select
    quarter_ends.la_code,
    build.as_of,
    quarter_ends.quarter_end,
    quarter_ends.financial_year,
    quarter_ends.financial_quarter,
    quarter_ends.cohort_19_21,
    quarter_ends.in_touch,
    CASE WHEN quarter_ends.cohort_19_21 = 0 THEN NULL
      ELSE 100 * CAST(quarter_ends.in_touch AS DOUBLE) / quarter_ends.cohort_19_21 END as pct_in_touch,
    region.benchmark_area,
    benchmark_values.value as benchmark_pct,
    quarter_ends.cohort_19_21 - quarter_ends.in_touch as not_in_touch,
    quarter_ends.excluded_died_or_returned_home
  from quarter_ends
  cross join build
  cross join region
  left join benchmark_values
    on benchmark_values.measure = 'care_leavers_in_touch_19_21'
    and benchmark_values.period_end = quarter_ends.quarter_end
    and benchmark_values.area = region.benchmark_area
)

select * from final
