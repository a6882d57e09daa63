-- one row per LA per month per dimension per category
-- la_code: DfE LA number ($la_code)
-- as_of: build month, 'YYYY-MM' ($as_of)
-- month: first day of a month with a care leaver snapshot for the LA, up to and including as_of; every category of every dimension appears for every such month, with 0 when nobody falls in it
-- dimension: gender, ethnic_group or eligibility
-- category: for gender male, female, other (recorded as indeterminate); for ethnic_group White (WBRI WIRI WOTH WIRT WROM), Mixed (MWBC MWBA MWAS MOTH), Asian or Asian British (AIND APKN ABAN AOTH), Black or Black British (BCRB BAFR BOTH), Other ethnic group (CHNE OOTH REFU NOBT); for eligibility eligible, relevant, former_relevant, qualifying; in every dimension not_recorded for a blank (or unlisted) value, so categories add up to everyone in the snapshot
-- category_order: position of the category within its dimension, for presenting them in the order above (not_recorded last)
-- young_people: young people (all ages, 16-25) in the month's snapshot in the category
-- young_people_18_plus: those of young_people aged 18 or over at month end (the papers' "Care Leavers (18+)")
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

categories as (
  select 'gender' as dimension, 'male' as category, 1 as category_order
  union all select 'gender', 'female', 2
  union all select 'gender', 'other', 3
  union all select 'gender', 'not_recorded', 4
  union all select 'ethnic_group', 'White', 1
  union all select 'ethnic_group', 'Mixed', 2
  union all select 'ethnic_group', 'Asian or Asian British', 3
  union all select 'ethnic_group', 'Black or Black British', 4
  union all select 'ethnic_group', 'Other ethnic group', 5
  union all select 'ethnic_group', 'not_recorded', 6
  union all select 'eligibility', 'eligible', 1
  union all select 'eligibility', 'relevant', 2
  union all select 'eligibility', 'former_relevant', 3
  union all select 'eligibility', 'qualifying', 4
  union all select 'eligibility', 'not_recorded', 5
),

grouped as (
  select
    month_start,
    person_id,
    age_at_month_end,
    CASE
      WHEN gender IN ('male', 'female', 'other') THEN gender
      ELSE 'not_recorded'
    END as gender_category,
    CASE
      WHEN ethnicity IN ('WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM') THEN 'White'
      WHEN ethnicity IN ('MWBC', 'MWBA', 'MWAS', 'MOTH') THEN 'Mixed'
      WHEN ethnicity IN ('AIND', 'APKN', 'ABAN', 'AOTH') THEN 'Asian or Asian British'
      WHEN ethnicity IN ('BCRB', 'BAFR', 'BOTH') THEN 'Black or Black British'
      WHEN ethnicity IN ('CHNE', 'OOTH', 'REFU', 'NOBT') THEN 'Other ethnic group'
      ELSE 'not_recorded'
    END as ethnic_group_category,
    CASE
      WHEN eligibility IN ('eligible', 'relevant', 'former_relevant', 'qualifying') THEN eligibility
      ELSE 'not_recorded'
    END as eligibility_category
  from care_leaver_snapshots
),

unpivoted as (
  select month_start, age_at_month_end, 'gender' as dimension, gender_category as category
  from grouped
  union all
  select month_start, age_at_month_end, 'ethnic_group', ethnic_group_category
  from grouped
  union all
  select month_start, age_at_month_end, 'eligibility', eligibility_category
  from grouped
),

counted as (
  select
    month_start,
    dimension,
    category,
    count(*) as young_people,
    count(CASE WHEN age_at_month_end >= 18 THEN 1 END) as young_people_18_plus
  from unpivoted
  group by month_start, dimension, category
),

final as (
  select
    months.la_code,
    build.as_of,
    months.month_start as month,
    categories.dimension,
    categories.category,
    CAST(categories.category_order AS BIGINT) as category_order,
    COALESCE(counted.young_people, 0) as young_people,
    COALESCE(counted.young_people_18_plus, 0) as young_people_18_plus
  from months
  cross join build
  cross join categories
  left join counted
    on counted.month_start = months.month_start
    and counted.dimension = categories.dimension
    and counted.category = categories.category
)

select * from final
