-- one row per referral (per LA and referral_id), flagged when it is a re-referral within 12 months
-- la_code: DfE LA number of the authority that delivered the extract
-- delivery_month: delivery period 'YYYY-MM' (the month of referral_date)
-- month_start: first day of the month of the referral (DATE)
-- financial_year: April-March financial year of month_start, e.g. '2019-20'
-- referral_id: referral identifier, unique within the LA
-- child_id: pseudonymous child identifier
-- referral_date: date of the referral to MASH
-- source_group_monthly: 'Education' (2A, 2B), 'Health' (3A-3F), 'Police' (6), 'Other' (every other code, 10 and blank included)
-- source_group: CIN census source group (Individual, Education, Health Services, Housing, Local Authority Services, Police, Other legal agency, Other, Anonymous, Unknown, Not recorded)
-- priority: 'cp' or 'cin'; NULL when not recorded
-- outcome: 'closed', 'assessment' or 'other'; NULL when not recorded
-- previous_referral_date: latest date before referral_date on which the same child had another referral in the same LA (any delivered month); NULL when none
-- is_rereferral: true when previous_referral_date is on or after the same calendar date 12 months before referral_date (referral_date - INTERVAL '12' MONTH; 29 February falls back to 28 February), i.e. the child had another referral in the 12 months before this one; referrals on the same date as this one do not count; false otherwise, including referrals in the LA's first 12 months of data
with staged_referrals as (
  select * from stg_referrals
),

child_referral_dates as (
  select distinct la_code, child_id, referral_date from staged_referrals
),

previous_dates as (
  select
    la_code,
    child_id,
    referral_date,
    lag(referral_date) over (
      partition by la_code, child_id order by referral_date
    ) as previous_referral_date
  from child_referral_dates
),

final as (
  select
    staged_referrals.la_code,
    staged_referrals.delivery_month,
    staged_referrals.month_start,
    staged_referrals.financial_year,
    staged_referrals.referral_id,
    staged_referrals.child_id,
    staged_referrals.referral_date,
    staged_referrals.source_group_monthly,
    staged_referrals.source_group,
    staged_referrals.priority,
    staged_referrals.outcome,
    previous_dates.previous_referral_date,
    coalesce(
      previous_dates.previous_referral_date
        >= CAST(staged_referrals.referral_date - INTERVAL '12' MONTH AS DATE),
      false
    ) as is_rereferral
  from staged_referrals
  inner join previous_dates
    on previous_dates.la_code = staged_referrals.la_code
    and previous_dates.child_id = staged_referrals.child_id
    and previous_dates.referral_date = staged_referrals.referral_date
)

select * from final
