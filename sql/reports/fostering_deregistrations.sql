-- one row per LA per financial_year per carer_type per reason
-- la_code: DfE LA number ($la_code)
-- as_of: build month, 'YYYY-MM' ($as_of)
-- financial_year: April-March financial year, e.g. 2020-21; every financial year containing a month with a foster_households snapshot for the LA up to and including as_of, each with every carer_type and reason (0 when none) plus any other combination the data holds
-- carer_type: mainstream ("County" carers), connected (family and friends) or short_breaks (specialist respite), as recorded with the de-registration
-- reason: deregistration_reason: moved_area, personal_circumstances, retirement, dissatisfaction, permanence_order, standards_of_care, other; not_recorded when blank
-- households: households de-registered in financial_year (deregistration_date from 1 April to 31 March, up to the end of the as_of month) with that carer_type and reason; each household once, with the date, type and reason of its latest snapshot that records a de-registration
-- households_carer_type: households de-registered in financial_year with that carer_type, any reason
-- households_reason: households de-registered in financial_year with that reason, any carer_type
-- households_financial_year: households de-registered in financial_year, any carer_type and reason
-- pct_of_financial_year: 100 * households / households_financial_year; NULL when households_financial_year is 0
-- is_complete_year: true when the as_of month is March of financial_year or later (the year's figures are final), false for the year in progress
with household_snapshots as (
  select * from stg_foster_households
),

deregistered_households as (
  select * from int_foster_households_deregistered
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

financial_years as (
  select distinct
    la_code,
    CAST(year(month_start) - CASE WHEN month(month_start) < 4 THEN 1 ELSE 0 END AS VARCHAR)
      || '-'
      || substr(CAST(year(month_start) - CASE WHEN month(month_start) < 4 THEN 1 ELSE 0 END + 1 AS VARCHAR), 3, 2)
      as financial_year
  from household_snapshots
  where la_code = $la_code
    and month <= $as_of
),

carer_types as (
  select 'mainstream' as carer_type
  union all select 'connected'
  union all select 'short_breaks'
),

reasons as (
  select 'moved_area' as reason
  union all select 'personal_circumstances'
  union all select 'retirement'
  union all select 'dissatisfaction'
  union all select 'permanence_order'
  union all select 'standards_of_care'
  union all select 'other'
),

counted as (
  select
    la_code,
    financial_year,
    carer_type,
    deregistration_reason as reason,
    count(*) as households
  from deregistered_households
  group by la_code, financial_year, carer_type, deregistration_reason
),

grid as (
  select financial_years.la_code, financial_years.financial_year, carer_types.carer_type, reasons.reason
  from financial_years
  cross join carer_types
  cross join reasons
  union
  select la_code, financial_year, carer_type, reason
  from counted
),

filled as (
  select
    grid.la_code,
    grid.financial_year,
    grid.carer_type,
    grid.reason,
    COALESCE(counted.households, 0) as households
  from grid
  left join counted
    on counted.financial_year = grid.financial_year
    and counted.carer_type = grid.carer_type
    and counted.reason = grid.reason
),

with_totals as (
  select
    la_code,
    financial_year,
    carer_type,
    reason,
    households,
    sum(households) over (partition by financial_year, carer_type) as households_carer_type,
    sum(households) over (partition by financial_year, reason) as households_reason,
    sum(households) over (partition by financial_year) as households_financial_year
  from filled
),

final as (
  select
    with_totals.la_code,
    build.as_of,
    financial_year,
    carer_type,
    reason,
    households,
    CAST(households_carer_type AS BIGINT) as households_carer_type,
    CAST(households_reason AS BIGINT) as households_reason,
    CAST(households_financial_year AS BIGINT) as households_financial_year,
    CASE WHEN households_financial_year = 0 THEN NULL
      ELSE 100 * CAST(households AS DOUBLE) / households_financial_year END as pct_of_financial_year,
    build.as_of >= CAST(CAST(substr(financial_year, 1, 4) AS INTEGER) + 1 AS VARCHAR) || '-03' as is_complete_year
  from with_totals
  cross join build
)

select * from final
