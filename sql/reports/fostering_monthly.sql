-- one row per LA per month
-- la_code: DfE LA number ($la_code)
-- as_of: build month, 'YYYY-MM' ($as_of)
-- month: first day of a month with a foster_households snapshot for the LA, up to and including as_of
-- month_end: last day of month; "registered at month end" means approval_date on or before it and no deregistration_date on or before it
-- financial_year: April-March financial year of month, e.g. 2019-20
-- households_registered: households registered at month end
-- households_mainstream: households registered at month end with carer_type mainstream ("County" carers)
-- households_connected: households registered at month end with carer_type connected (family and friends)
-- households_short_breaks: households registered at month end with carer_type short_breaks (specialist respite)
-- approvals: households whose approval_date falls in month (each household once, with the approval_date of its latest snapshot up to as_of)
-- deregistrations: households whose deregistration_date falls in month (each household once, with the deregistration_date of its latest snapshot up to as_of that has one)
-- pct_reviews_in_timescale: 100 * reviews_in_timescale / reviews_due; NULL when reviews_due is 0
-- pct_supervision_timely: 100 * supervision_timely / households_registered; NULL when households_registered is 0
-- unannounced_visits_overdue: households in unannounced_visits_due with no last_unannounced_visit_date from 12 months before month_end up to month_end (blank counts as overdue)
-- hive_households: households registered at month end that belong to a Hive (hive not blank)
-- hive_children: children placed (children_placed, blank as 0) with hive_households
-- reviews_due: households registered at month end approved more than 12 months before month_end (approval_date before month_end minus 12 months)
-- reviews_in_timescale: households in reviews_due whose last_review_date is from 12 months before month_end (that day included) up to month_end
-- supervision_timely: households registered at month end whose last_supervision_date is 0 to 42 days before month_end (42 days is timely, 43 is not; no date is not timely)
-- unannounced_visits_due: households registered at month end approved more than 12 months before month_end, the same households as reviews_due
-- hives: distinct Hive names among hive_households
-- pct_households_in_hive: 100 * hive_households / households_registered; NULL when households_registered is 0
-- children_placed: children placed (children_placed, blank as 0) with households registered at month end
-- approved_places: approved places (approved_places, blank as 0) of households registered at month end
-- approvals_financial_year_to_date: approvals (as in approvals) from 1 April of financial_year to month_end
-- deregistrations_financial_year_to_date: deregistrations (as in deregistrations) from 1 April of financial_year to month_end
-- households_registered_12m_ago: households_registered for the month 12 months earlier; NULL when that month has no snapshot
-- households_mainstream_12m_ago: households_mainstream for the month 12 months earlier; NULL when that month has no snapshot
-- households_connected_12m_ago: households_connected for the month 12 months earlier; NULL when that month has no snapshot
-- households_short_breaks_12m_ago: households_short_breaks for the month 12 months earlier; NULL when that month has no snapshot
-- households_change_12m: households_registered minus households_registered_12m_ago; NULL when that month has no snapshot
-- mainstream_change_12m: households_mainstream minus households_mainstream_12m_ago; NULL when that month has no snapshot
-- connected_change_12m: households_connected minus households_connected_12m_ago; NULL when that month has no snapshot
-- short_breaks_change_12m: households_short_breaks minus households_short_breaks_12m_ago; NULL when that month has no snapshot
with household_snapshots as (
  select * from stg_foster_households
),

approved_households as (
  select * from int_foster_households_approved
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

in_scope as (
  select *
  from household_snapshots
  where la_code = $la_code
    and month <= $as_of
),

flagged as (
  select
    month_start,
    month_end,
    household_id,
    carer_type,
    hive,
    COALESCE(children_placed, 0) as children_placed,
    COALESCE(approved_places, 0) as approved_places,
    approval_date <= month_end
      and (deregistration_date is null or deregistration_date > month_end) as is_registered,
    approval_date < CAST(month_end - INTERVAL '12' MONTH AS DATE) as is_approved_over_a_year,
    last_review_date between CAST(month_end - INTERVAL '12' MONTH AS DATE) and month_end
      as has_review_in_12_months,
    date_diff('day', last_supervision_date, month_end) between 0 and 42 as has_supervision_in_42_days,
    last_unannounced_visit_date between CAST(month_end - INTERVAL '12' MONTH AS DATE) and month_end
      as has_unannounced_visit_in_12_months
  from in_scope
),

registered as (
  select *
  from flagged
  where is_registered
),

months as (
  select distinct
    la_code,
    month_start,
    month_end,
    CAST(
      CAST(year(month_start) - CASE WHEN month(month_start) < 4 THEN 1 ELSE 0 END AS VARCHAR) || '-04-01'
      AS DATE
    ) as financial_year_start,
    CAST(year(month_start) - CASE WHEN month(month_start) < 4 THEN 1 ELSE 0 END AS VARCHAR)
      || '-'
      || substr(CAST(year(month_start) - CASE WHEN month(month_start) < 4 THEN 1 ELSE 0 END + 1 AS VARCHAR), 3, 2)
      as financial_year
  from in_scope
),

month_end_position as (
  select
    month_start,
    count(*) as households_registered,
    count(CASE WHEN carer_type = 'mainstream' THEN 1 END) as households_mainstream,
    count(CASE WHEN carer_type = 'connected' THEN 1 END) as households_connected,
    count(CASE WHEN carer_type = 'short_breaks' THEN 1 END) as households_short_breaks,
    count(CASE WHEN is_approved_over_a_year THEN 1 END) as reviews_due,
    count(CASE WHEN is_approved_over_a_year AND has_review_in_12_months THEN 1 END) as reviews_in_timescale,
    count(CASE WHEN has_supervision_in_42_days THEN 1 END) as supervision_timely,
    count(CASE WHEN is_approved_over_a_year THEN 1 END) as unannounced_visits_due,
    count(CASE WHEN is_approved_over_a_year AND NOT COALESCE(has_unannounced_visit_in_12_months, false)
      THEN 1 END) as unannounced_visits_overdue,
    count(CASE WHEN hive is not null THEN 1 END) as hive_households,
    CAST(sum(CASE WHEN hive is not null THEN children_placed ELSE 0 END) AS BIGINT) as hive_children,
    count(distinct hive) as hives,
    CAST(sum(children_placed) AS BIGINT) as children_placed,
    CAST(sum(approved_places) AS BIGINT) as approved_places
  from registered
  group by month_start
),

approvals as (
  select
    months.month_start,
    count(CASE WHEN approved_households.approval_month_start = months.month_start THEN 1 END)
      as approvals,
    count(approved_households.household_id) as approvals_financial_year_to_date
  from months
  left join approved_households
    on approved_households.approval_date between months.financial_year_start and months.month_end
  group by months.month_start
),

deregistrations as (
  select
    months.month_start,
    count(CASE WHEN deregistered_households.deregistration_month_start = months.month_start THEN 1 END)
      as deregistrations,
    count(deregistered_households.household_id) as deregistrations_financial_year_to_date
  from months
  left join deregistered_households
    on deregistered_households.deregistration_date
      between months.financial_year_start and months.month_end
  group by months.month_start
),

combined as (
  select
    months.la_code,
    months.month_start,
    months.month_end,
    months.financial_year,
    COALESCE(month_end_position.households_registered, 0) as households_registered,
    COALESCE(month_end_position.households_mainstream, 0) as households_mainstream,
    COALESCE(month_end_position.households_connected, 0) as households_connected,
    COALESCE(month_end_position.households_short_breaks, 0) as households_short_breaks,
    approvals.approvals,
    deregistrations.deregistrations,
    COALESCE(month_end_position.reviews_due, 0) as reviews_due,
    COALESCE(month_end_position.reviews_in_timescale, 0) as reviews_in_timescale,
    COALESCE(month_end_position.supervision_timely, 0) as supervision_timely,
    COALESCE(month_end_position.unannounced_visits_due, 0) as unannounced_visits_due,
    COALESCE(month_end_position.unannounced_visits_overdue, 0) as unannounced_visits_overdue,
    COALESCE(month_end_position.hive_households, 0) as hive_households,
    COALESCE(month_end_position.hive_children, 0) as hive_children,
    COALESCE(month_end_position.hives, 0) as hives,
    COALESCE(month_end_position.children_placed, 0) as children_placed,
    COALESCE(month_end_position.approved_places, 0) as approved_places,
    approvals.approvals_financial_year_to_date,
    deregistrations.deregistrations_financial_year_to_date
  from months
  left join month_end_position
    on month_end_position.month_start = months.month_start
  inner join approvals
    on approvals.month_start = months.month_start
  inner join deregistrations
    on deregistrations.month_start = months.month_start
),

final as (
  select
    combined.la_code,
    build.as_of,
    combined.month_start as month,
    combined.month_end,
    combined.financial_year,
    combined.households_registered,
    combined.households_mainstream,
    combined.households_connected,
    combined.households_short_breaks,
    combined.approvals,
    combined.deregistrations,
    CASE WHEN combined.reviews_due = 0 THEN NULL
      ELSE 100 * CAST(combined.reviews_in_timescale AS DOUBLE) / combined.reviews_due END
      as pct_reviews_in_timescale,
    CASE WHEN combined.households_registered = 0 THEN NULL
      ELSE 100 * CAST(combined.supervision_timely AS DOUBLE) / combined.households_registered END
      as pct_supervision_timely,
    combined.unannounced_visits_overdue,
    combined.hive_households,
    combined.hive_children,
    combined.reviews_due,
    combined.reviews_in_timescale,
    combined.supervision_timely,
    combined.unannounced_visits_due,
    combined.hives,
    CASE WHEN combined.households_registered = 0 THEN NULL
      ELSE 100 * CAST(combined.hive_households AS DOUBLE) / combined.households_registered END
      as pct_households_in_hive,
    combined.children_placed,
    combined.approved_places,
    combined.approvals_financial_year_to_date,
    combined.deregistrations_financial_year_to_date,
    year_earlier.households_registered as households_registered_12m_ago,
    year_earlier.households_mainstream as households_mainstream_12m_ago,
    year_earlier.households_connected as households_connected_12m_ago,
    year_earlier.households_short_breaks as households_short_breaks_12m_ago,
    combined.households_registered - year_earlier.households_registered as households_change_12m,
    combined.households_mainstream - year_earlier.households_mainstream as mainstream_change_12m,
    combined.households_connected - year_earlier.households_connected as connected_change_12m,
    combined.households_short_breaks - year_earlier.households_short_breaks as short_breaks_change_12m
  from combined
  cross join build
  left join combined as year_earlier
    on year_earlier.month_start = CAST(combined.month_start - INTERVAL '12' MONTH AS DATE)
)

select * from final
