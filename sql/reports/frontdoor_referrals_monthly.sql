-- one row per LA per month: each calendar month up to and including $as_of in which the LA has at least one referral, section 47 enquiry or authorised assessment (a month with none of them delivered has no row; a count whose extract has no rows in a listed month is 0)
-- la_code: DfE LA number the table was built for ($la_code)
-- as_of: build month 'YYYY-MM' ($as_of); only deliveries for months up to and including it are read (no rows when it is outside the calendar table, 2010-2035)
-- month: first day of the calendar month (DATE)
-- financial_year: April-March financial year of month, e.g. '2019-20'
-- referrals_total: referrals to MASH in the month (referral_date in the month), from every source and case
-- source_education: referrals from education (source 2A, 2B)
-- source_health: referrals from health services (source 3A-3F)
-- source_police: referrals from the police (source 6)
-- source_other: referrals from every other source, 10 (unknown) and blank (not recorded) included
-- source_not_recorded: referrals with a blank source (also counted in source_other)
-- outcome_closed: referrals closed in MASH with advice (outcome 'closed')
-- outcome_other: referrals with another outcome, e.g. early help (outcome 'other')
-- outcome_assessment: referrals progressed to a Child and Family assessment (outcome 'assessment')
-- outcome_not_recorded: referrals with no outcome recorded (in no outcome column and not in pct_progressed_to_assessment)
-- pct_progressed_to_assessment: 100 * outcome_assessment / (outcome_closed + outcome_other + outcome_assessment); NULL when that total is 0
-- referrals_cp_priority: referrals handled as child protection (priority 'cp', 2-4 hour response)
-- rereferrals_12m: referrals in the month for a child who had another referral in the same LA in the 12 months before (from the same calendar date a year earlier up to the day before the referral)
-- pct_rereferrals: 100 * rereferrals_12m / referrals_total; NULL when referrals_total is 0
-- s47_started: section 47 enquiries started in the month (strategy discussion date in the month)
-- assessments_completed: Child and Family assessments authorised (completed) in the month
-- assessments_timely: assessments_completed authorised within 45 working days of the start date (start day = day 0; weekends and England and Wales bank holidays excluded)
-- pct_assessments_timely: 100 * assessments_timely / assessments_completed; NULL when assessments_completed is 0
-- referrals_total_3m_avg: 3-month moving average of referrals_total, the mean over this month and the two calendar months before it; NULL unless all three months have a row
with la_referrals as (
  select * from int_referrals_rereferred
  where la_code = $la_code and delivery_month <= $as_of
),

la_s47_enquiries as (
  select * from stg_s47_enquiries
  where la_code = $la_code and delivery_month <= $as_of
),

la_assessments as (
  select * from int_assessments_timed
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

months as (
  select la_code, month_start, financial_year from la_referrals
  union
  select la_code, month_start, financial_year from la_s47_enquiries
  union
  select la_code, month_start, financial_year from la_assessments
),

referrals_by_month as (
  select
    month_start,
    count(*) as referrals_total,
    count(CASE WHEN source_group_monthly = 'Education' THEN 1 END) as source_education,
    count(CASE WHEN source_group_monthly = 'Health' THEN 1 END) as source_health,
    count(CASE WHEN source_group_monthly = 'Police' THEN 1 END) as source_police,
    count(CASE WHEN source_group_monthly = 'Other' THEN 1 END) as source_other,
    count(CASE WHEN source_group = 'Not recorded' THEN 1 END) as source_not_recorded,
    count(CASE WHEN outcome = 'closed' THEN 1 END) as outcome_closed,
    count(CASE WHEN outcome = 'other' THEN 1 END) as outcome_other,
    count(CASE WHEN outcome = 'assessment' THEN 1 END) as outcome_assessment,
    count(CASE WHEN outcome IS NULL THEN 1 END) as outcome_not_recorded,
    count(CASE WHEN priority = 'cp' THEN 1 END) as referrals_cp_priority,
    count(CASE WHEN is_rereferral THEN 1 END) as rereferrals_12m
  from la_referrals
  group by month_start
),

s47_by_month as (
  select
    month_start,
    count(*) as s47_started
  from la_s47_enquiries
  group by month_start
),

assessments_by_month as (
  select
    month_start,
    count(*) as assessments_completed,
    count(CASE WHEN is_timely THEN 1 END) as assessments_timely
  from la_assessments
  group by month_start
),

joined as (
  select
    months.la_code,
    months.month_start,
    months.financial_year,
    coalesce(referrals_by_month.referrals_total, 0) as referrals_total,
    coalesce(referrals_by_month.source_education, 0) as source_education,
    coalesce(referrals_by_month.source_health, 0) as source_health,
    coalesce(referrals_by_month.source_police, 0) as source_police,
    coalesce(referrals_by_month.source_other, 0) as source_other,
    coalesce(referrals_by_month.source_not_recorded, 0) as source_not_recorded,
    coalesce(referrals_by_month.outcome_closed, 0) as outcome_closed,
    coalesce(referrals_by_month.outcome_other, 0) as outcome_other,
    coalesce(referrals_by_month.outcome_assessment, 0) as outcome_assessment,
    coalesce(referrals_by_month.outcome_not_recorded, 0) as outcome_not_recorded,
    coalesce(referrals_by_month.referrals_cp_priority, 0) as referrals_cp_priority,
    coalesce(referrals_by_month.rereferrals_12m, 0) as rereferrals_12m,
    coalesce(s47_by_month.s47_started, 0) as s47_started,
    coalesce(assessments_by_month.assessments_completed, 0) as assessments_completed,
    coalesce(assessments_by_month.assessments_timely, 0) as assessments_timely
  from months
  left join referrals_by_month on referrals_by_month.month_start = months.month_start
  left join s47_by_month on s47_by_month.month_start = months.month_start
  left join assessments_by_month on assessments_by_month.month_start = months.month_start
),

with_rates as (
  select
    joined.*,
    CASE
      WHEN outcome_closed + outcome_other + outcome_assessment > 0
        THEN 100 * CAST(outcome_assessment AS DOUBLE)
          / (outcome_closed + outcome_other + outcome_assessment)
    END as pct_progressed_to_assessment,
    CASE
      WHEN referrals_total > 0 THEN 100 * CAST(rereferrals_12m AS DOUBLE) / referrals_total
    END as pct_rereferrals,
    CASE
      WHEN assessments_completed > 0
        THEN 100 * CAST(assessments_timely AS DOUBLE) / assessments_completed
    END as pct_assessments_timely,
    CASE
      WHEN lag(month_start, 2) over (order by month_start)
        = CAST(month_start - INTERVAL '2' MONTH AS DATE)
        THEN CAST(
          referrals_total
          + lag(referrals_total, 1) over (order by month_start)
          + lag(referrals_total, 2) over (order by month_start) AS DOUBLE
        ) / 3
    END as referrals_total_3m_avg
  from joined
),

final as (
  select
    with_rates.la_code,
    build_month.as_of,
    with_rates.month_start as month,
    financial_year,
    referrals_total,
    source_education,
    source_health,
    source_police,
    source_other,
    source_not_recorded,
    outcome_closed,
    outcome_other,
    outcome_assessment,
    outcome_not_recorded,
    pct_progressed_to_assessment,
    referrals_cp_priority,
    rereferrals_12m,
    pct_rereferrals,
    s47_started,
    assessments_completed,
    assessments_timely,
    pct_assessments_timely,
    referrals_total_3m_avg
  from with_rates
  cross join build_month
)

select * from final
