-- one row per Child and Family assessment authorised (per LA and assessment_id), timed in working days
-- la_code: DfE LA number of the authority that delivered the extract
-- delivery_month: delivery period 'YYYY-MM' (the month the assessment was authorised)
-- month_start: first day of the month the assessment was authorised (DATE)
-- financial_year: April-March financial year of month_start, e.g. '2019-20'
-- assessment_id: assessment identifier, unique within the LA
-- child_id: pseudonymous child identifier
-- referral_id: the referral the assessment came from; NULL when not known
-- start_date: date the assessment started
-- authorised_date: date the assessment was authorised (completed)
-- outcome: 'support' or 'nfa'; NULL when not recorded
-- working_days_to_authorisation: working days (weekdays that are not England and Wales bank holidays) after start_date up to and including authorised_date, i.e. calendar.working_day_index(authorised_date) - working_day_index(start_date): the start day is day 0 (started and authorised the same day = 0, authorised the next working day = 1), as the DfE counts assessment duration ("started and finished the same day", "1 to 10 days", ...); NULL when either date is outside the calendar table
-- is_timely: true when working_days_to_authorisation <= 45 (completed within 45 working days), false when more; NULL when working_days_to_authorisation is NULL
with staged_assessments as (
  select * from stg_assessments
),

calendar_days as (
  select "date" as calendar_date, working_day_index from calendar
),

indexed as (
  select
    staged_assessments.la_code,
    staged_assessments.delivery_month,
    staged_assessments.month_start,
    staged_assessments.financial_year,
    staged_assessments.assessment_id,
    staged_assessments.child_id,
    staged_assessments.referral_id,
    staged_assessments.start_date,
    staged_assessments.authorised_date,
    staged_assessments.outcome,
    started.working_day_index as start_index,
    authorised.working_day_index as authorised_index
  from staged_assessments
  left join calendar_days as started on started.calendar_date = staged_assessments.start_date
  left join calendar_days as authorised on authorised.calendar_date = staged_assessments.authorised_date
),

timed as (
  select
    la_code,
    delivery_month,
    month_start,
    financial_year,
    assessment_id,
    child_id,
    referral_id,
    start_date,
    authorised_date,
    outcome,
    authorised_index - start_index as working_days_to_authorisation
  from indexed
),

final as (
  select
    la_code,
    delivery_month,
    month_start,
    financial_year,
    assessment_id,
    child_id,
    referral_id,
    start_date,
    authorised_date,
    outcome,
    working_days_to_authorisation,
    working_days_to_authorisation <= 45 as is_timely
  from timed
)

select * from final
