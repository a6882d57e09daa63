-- one row per LA per year per age (18, 19, 20, 21)
-- la_code: DfE LA number ($la_code)
-- as_of: build month, 'YYYY-MM' ($as_of)
-- year: calendar year in which the young people turned age; years with a care leaver snapshot for the LA, from the first year whose January is not before the LA's first care leaver snapshot month (so every birthday window of the year can hold a loaded snapshot) to the last year whose windows have all closed by the end of the as_of month (the year before as_of's: a 31 December birthday's window ends on 31 January), with every age in every such year even when its cohort is 0
-- age: the birthday looked at, 18 to 21
-- cohort: young people whose age-th birthday fell in year (a 29 February birthday falls on 1 March in years without one) and who appear in at least one of the LA's care leaver snapshots dated on or before the end of their birthday window, less those whose latest such snapshot records IN_TOUCH DIED
-- suitable_accommodation: young people in cohort whose latest snapshot dated within their birthday window (3 months before to 1 month after the birthday, both ends included, snapshot dated at its month's last day) has an ACCOM code ending in 1; no snapshot in the window counts as not suitable
-- pct_suitable_accommodation: 100 * suitable_accommodation / cohort; NULL when cohort is 0
-- neet: young people in cohort whose latest snapshot in the window has ACTIV G4, G5 or G6; no snapshot counts as not NEET
-- pct_neet: 100 * neet / cohort; NULL when cohort is 0
-- eet: young people in cohort whose latest snapshot in the window has an ACTIV code starting F or P (in education, employment or training)
-- pct_eet: 100 * eet / cohort; NULL when cohort is 0
-- in_touch: young people in cohort whose latest snapshot in the window has IN_TOUCH YES
-- no_information: young people in cohort with no snapshot in their birthday window (counted in cohort, not suitable, not NEET)
with birthday_windows as (
  select * from int_care_leavers_birthday_window
),

care_leaver_snapshots as (
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

history as (
  select
    care_leaver_snapshots.la_code,
    min(care_leaver_snapshots.month_start) as first_month_start,
    year(build.as_of_month_start) - 1 as last_year
  from care_leaver_snapshots
  cross join build
  group by care_leaver_snapshots.la_code, year(build.as_of_month_start)
),

years as (
  select distinct
    history.la_code,
    year(care_leaver_snapshots.month_start) as year
  from care_leaver_snapshots
  inner join history
    on history.la_code = care_leaver_snapshots.la_code
  where year(care_leaver_snapshots.month_start)
      >= year(history.first_month_start) + CASE WHEN month(history.first_month_start) = 1 THEN 0 ELSE 1 END
    and year(care_leaver_snapshots.month_start) <= history.last_year
),

ages as (
  select 18 as age
  union all select 19
  union all select 20
  union all select 21
),

grid as (
  select
    years.la_code,
    CAST(years.year AS BIGINT) as year,
    CAST(ages.age AS BIGINT) as age
  from years
  cross join ages
),

cohort as (
  select *
  from birthday_windows
  where is_in_cohort
),

outcomes as (
  select
    birthday_year as year,
    age,
    count(*) as cohort,
    count(CASE WHEN is_suitable_accommodation THEN 1 END) as suitable_accommodation,
    count(CASE WHEN is_neet THEN 1 END) as neet,
    count(CASE WHEN is_eet THEN 1 END) as eet,
    count(CASE WHEN in_touch = 'YES' THEN 1 END) as in_touch,
    count(CASE WHEN NOT has_information THEN 1 END) as no_information
  from cohort
  group by birthday_year, age
),

filled as (
  select
    grid.la_code,
    grid.year,
    grid.age,
    COALESCE(outcomes.cohort, 0) as cohort,
    COALESCE(outcomes.suitable_accommodation, 0) as suitable_accommodation,
    COALESCE(outcomes.neet, 0) as neet,
    COALESCE(outcomes.eet, 0) as eet,
    COALESCE(outcomes.in_touch, 0) as in_touch,
    COALESCE(outcomes.no_information, 0) as no_information
  from grid
  left join outcomes
    on outcomes.year = grid.year
    and outcomes.age = grid.age
),

final as (
  select
    filled.la_code,
    build.as_of,
    filled.year,
    filled.age,
    cohort,
    suitable_accommodation,
    CASE WHEN cohort = 0 THEN NULL ELSE 100 * CAST(suitable_accommodation AS DOUBLE) / cohort END
      as pct_suitable_accommodation,
    neet,
    CASE WHEN cohort = 0 THEN NULL ELSE 100 * CAST(neet AS DOUBLE) / cohort END as pct_neet,
    eet,
    CASE WHEN cohort = 0 THEN NULL ELSE 100 * CAST(eet AS DOUBLE) / cohort END as pct_eet,
    in_touch,
    no_information
  from filled
  cross join build
)

select * from final
