-- one row per LA per month: each calendar month up to and including $as_of in which the LA has at least one contact (a month with no contacts delivered has no row, rather than zeros)
-- la_code: DfE LA number the table was built for ($la_code)
-- as_of: build month 'YYYY-MM' ($as_of); only deliveries for months up to and including it are read (no rows when it is outside the calendar table, 2010-2035)
-- month: first day of the calendar month (DATE)
-- financial_year: April-March financial year of month, e.g. '2019-20'
-- contacts_open_cases: contacts in the month on children who already had an open case (case_status 'open')
-- contacts_new_cases: contacts in the month on children without an open case (case_status 'new')
-- contacts_total: all contacts in the month, on open and new cases (and any with case_status not recorded)
-- contacts_case_status_not_recorded: contacts in the month with no case_status (counted only in contacts_total)
-- source_education: contacts on new cases from education (source 2A, 2B)
-- source_health: contacts on new cases from health services (source 3A-3F)
-- source_police: contacts on new cases from the police (source 6)
-- source_other: contacts on new cases from every other source, 10 (unknown) and blank (not recorded) included
-- source_not_recorded: contacts on new cases with a blank source (also counted in source_other)
-- outcome_closed: contacts on new cases closed by CRT with no further action or advice (outcome 'closed')
-- outcome_referral: contacts on new cases progressed to a MASH referral (outcome 'referral')
-- outcome_other: contacts on new cases signposted, passed to early help or information only (outcome 'other')
-- outcome_not_recorded: contacts on new cases with no outcome recorded, e.g. loaded from Annex A List 1 (in no outcome column and not in pct_resolved)
-- pct_resolved: contacts on new cases resolved by CRT without a referral, 100 * (outcome_closed + outcome_other) / (outcome_closed + outcome_referral + outcome_other); NULL when that total is 0
-- working_days: working days in the month (weekdays that are not England and Wales bank holidays, from the calendar table); NULL when the month is outside the calendar
-- contacts_per_working_day: contacts_total / working_days; NULL when working_days is 0 or NULL
-- contacts_total_3m_avg: 3-month moving average of contacts_total, the mean over this month and the two calendar months before it; NULL unless all three months have a row
-- contacts_new_cases_3m_avg: 3-month moving average of contacts_new_cases, as contacts_total_3m_avg
with la_contacts as (
  select * from stg_contacts
  where la_code = $la_code and delivery_month <= $as_of
),

-- Athena takes parameters only in WHERE clauses, so as_of is read from the calendar row the
-- parameter picks, and la_code from the LA's own rows.
build_month as (
  select
    substr(CAST("date" AS VARCHAR), 1, 7) as as_of,
    CAST("date" + INTERVAL '1' MONTH AS DATE) as after_as_of
  from calendar
  where "date" = CAST($as_of || '-01' AS DATE)
),

calendar_months as (
  select
    month_start,
    count(CASE WHEN is_working_day THEN 1 END) as working_days
  from calendar
  group by month_start
),

monthly as (
  select
    la_code,
    month_start,
    financial_year,
    count(CASE WHEN case_status = 'open' THEN 1 END) as contacts_open_cases,
    count(CASE WHEN case_status = 'new' THEN 1 END) as contacts_new_cases,
    count(*) as contacts_total,
    count(CASE WHEN case_status IS NULL THEN 1 END) as contacts_case_status_not_recorded,
    count(CASE WHEN case_status = 'new' AND source_group_monthly = 'Education' THEN 1 END)
      as source_education,
    count(CASE WHEN case_status = 'new' AND source_group_monthly = 'Health' THEN 1 END)
      as source_health,
    count(CASE WHEN case_status = 'new' AND source_group_monthly = 'Police' THEN 1 END)
      as source_police,
    count(CASE WHEN case_status = 'new' AND source_group_monthly = 'Other' THEN 1 END)
      as source_other,
    count(CASE WHEN case_status = 'new' AND source_code IS NULL THEN 1 END)
      as source_not_recorded,
    count(CASE WHEN case_status = 'new' AND outcome = 'closed' THEN 1 END) as outcome_closed,
    count(CASE WHEN case_status = 'new' AND outcome = 'referral' THEN 1 END) as outcome_referral,
    count(CASE WHEN case_status = 'new' AND outcome = 'other' THEN 1 END) as outcome_other,
    count(CASE WHEN case_status = 'new' AND outcome IS NULL THEN 1 END) as outcome_not_recorded
  from la_contacts
  group by la_code, month_start, financial_year
),

with_rates as (
  select
    monthly.*,
    CASE
      WHEN outcome_closed + outcome_referral + outcome_other > 0
        THEN 100 * CAST(outcome_closed + outcome_other AS DOUBLE)
          / (outcome_closed + outcome_referral + outcome_other)
    END as pct_resolved,
    calendar_months.working_days,
    CASE
      WHEN calendar_months.working_days > 0
        THEN CAST(contacts_total AS DOUBLE) / calendar_months.working_days
    END as contacts_per_working_day
  from monthly
  left join calendar_months on calendar_months.month_start = monthly.month_start
),

moving_averages as (
  select
    with_rates.*,
    CASE
      WHEN lag(month_start, 2) over (order by month_start)
        = CAST(month_start - INTERVAL '2' MONTH AS DATE)
        THEN CAST(
          contacts_total
          + lag(contacts_total, 1) over (order by month_start)
          + lag(contacts_total, 2) over (order by month_start) AS DOUBLE
        ) / 3
    END as contacts_total_3m_avg,
    CASE
      WHEN lag(month_start, 2) over (order by month_start)
        = CAST(month_start - INTERVAL '2' MONTH AS DATE)
        THEN CAST(
          contacts_new_cases
          + lag(contacts_new_cases, 1) over (order by month_start)
          + lag(contacts_new_cases, 2) over (order by month_start) AS DOUBLE
        ) / 3
    END as contacts_new_cases_3m_avg
  from with_rates
),

final as (
  select
    moving_averages.la_code,
    build_month.as_of,
    moving_averages.month_start as month,
    financial_year,
    contacts_open_cases,
    contacts_new_cases,
    contacts_total,
    contacts_case_status_not_recorded,
    source_education,
    source_health,
    source_police,
    source_other,
    source_not_recorded,
    outcome_closed,
    outcome_referral,
    outcome_other,
    outcome_not_recorded,
    pct_resolved,
    working_days,
    contacts_per_working_day,
    contacts_total_3m_avg,
    contacts_new_cases_3m_avg
  from moving_averages
  cross join build_month
)

select * from final
