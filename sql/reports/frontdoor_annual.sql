-- one row per LA per financial year: each April-March year with at least one contact, referral, section 47 enquiry or authorised assessment in a month up to and including $as_of; a year with fewer than 12 such months (the year containing $as_of, the first year of data, a gap) is included and flagged by is_partial_year
-- la_code: DfE LA number the table was built for ($la_code)
-- as_of: build month 'YYYY-MM' ($as_of); only deliveries for months up to and including it are read (no rows when it is outside the calendar table, 2010-2035)
-- financial_year: April-March financial year, e.g. '2020-21' for 1 April 2020 to 31 March 2021
-- financial_year_start: 1 April that starts the financial year (DATE)
-- months_included: calendar months of the year up to $as_of with at least one front-door row (contact, referral, section 47 enquiry or authorised assessment)
-- is_partial_year: true when months_included < 12
-- contacts_total: contacts in the year, on open and new cases
-- contacts_new_cases: contacts in the year on children without an open case (case_status 'new')
-- referrals_total: referrals to MASH in the year, from every source
-- s47_started: section 47 enquiries started in the year (strategy discussion date in the year)
-- s47_to_icpc: s47_started that went to an initial child protection conference held on or before the last day of the $as_of month (icpc_date set, whichever year it fell in)
-- pct_s47_to_icpc: 100 * s47_to_icpc / s47_started; NULL when s47_started is 0
-- assessments_completed: Child and Family assessments authorised (completed) in the year
-- assessments_timely: assessments_completed authorised within 45 working days of the start date (start day = day 0; weekends and England and Wales bank holidays excluded)
-- pct_assessments_timely: 100 * assessments_timely / assessments_completed; NULL when assessments_completed is 0
-- rereferrals_12m: referrals in the year for a child who had another referral in the same LA in the 12 months before (from the same calendar date a year earlier up to the day before the referral)
-- pct_rereferrals: 100 * rereferrals_12m / referrals_total; NULL when referrals_total is 0
-- pct_change_contacts_total: 100 * (contacts_total - contacts_total of the previous financial year) / that previous total; NULL when the previous year has no row, is 0, or either year is partial
-- pct_change_referrals_total: as pct_change_contacts_total, for referrals_total
with la_contacts as (
  select * from stg_contacts
  where la_code = $la_code and delivery_month <= $as_of
),

la_referrals as (
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
  select la_code, month_start, financial_year from la_contacts
  union
  select la_code, month_start, financial_year from la_referrals
  union
  select la_code, month_start, financial_year from la_s47_enquiries
  union
  select la_code, month_start, financial_year from la_assessments
),

years as (
  select
    la_code,
    financial_year,
    CAST(substr(financial_year, 1, 4) || '-04-01' AS DATE) as financial_year_start,
    count(*) as months_included
  from months
  group by la_code, financial_year
),

contacts_by_year as (
  select
    financial_year,
    count(*) as contacts_total,
    count(CASE WHEN case_status = 'new' THEN 1 END) as contacts_new_cases
  from la_contacts
  group by financial_year
),

referrals_by_year as (
  select
    financial_year,
    count(*) as referrals_total,
    count(CASE WHEN is_rereferral THEN 1 END) as rereferrals_12m
  from la_referrals
  group by financial_year
),

s47_by_year as (
  select
    la_s47_enquiries.financial_year,
    count(*) as s47_started,
    count(CASE WHEN la_s47_enquiries.icpc_date < build_month.after_as_of THEN 1 END)
      as s47_to_icpc
  from la_s47_enquiries
  cross join build_month
  group by la_s47_enquiries.financial_year
),

assessments_by_year as (
  select
    financial_year,
    count(*) as assessments_completed,
    count(CASE WHEN is_timely THEN 1 END) as assessments_timely
  from la_assessments
  group by financial_year
),

joined as (
  select
    years.la_code,
    years.financial_year,
    years.financial_year_start,
    years.months_included,
    years.months_included < 12 as is_partial_year,
    coalesce(contacts_by_year.contacts_total, 0) as contacts_total,
    coalesce(contacts_by_year.contacts_new_cases, 0) as contacts_new_cases,
    coalesce(referrals_by_year.referrals_total, 0) as referrals_total,
    coalesce(s47_by_year.s47_started, 0) as s47_started,
    coalesce(s47_by_year.s47_to_icpc, 0) as s47_to_icpc,
    coalesce(assessments_by_year.assessments_completed, 0) as assessments_completed,
    coalesce(assessments_by_year.assessments_timely, 0) as assessments_timely,
    coalesce(referrals_by_year.rereferrals_12m, 0) as rereferrals_12m
  from years
  left join contacts_by_year on contacts_by_year.financial_year = years.financial_year
  left join referrals_by_year on referrals_by_year.financial_year = years.financial_year
  left join s47_by_year on s47_by_year.financial_year = years.financial_year
  left join assessments_by_year on assessments_by_year.financial_year = years.financial_year
),

with_previous as (
  select
    joined.*,
    lag(financial_year_start) over (order by financial_year_start) as previous_year_start,
    lag(is_partial_year) over (order by financial_year_start) as previous_is_partial_year,
    lag(contacts_total) over (order by financial_year_start) as previous_contacts_total,
    lag(referrals_total) over (order by financial_year_start) as previous_referrals_total
  from joined
),

with_rates as (
  select
    with_previous.*,
    CASE
      WHEN s47_started > 0 THEN 100 * CAST(s47_to_icpc AS DOUBLE) / s47_started
    END as pct_s47_to_icpc,
    CASE
      WHEN assessments_completed > 0
        THEN 100 * CAST(assessments_timely AS DOUBLE) / assessments_completed
    END as pct_assessments_timely,
    CASE
      WHEN referrals_total > 0 THEN 100 * CAST(rereferrals_12m AS DOUBLE) / referrals_total
    END as pct_rereferrals,
    CASE
      WHEN previous_year_start = CAST(financial_year_start - INTERVAL '1' YEAR AS DATE)
        AND NOT is_partial_year AND NOT previous_is_partial_year
        AND previous_contacts_total > 0
        THEN 100 * CAST(contacts_total - previous_contacts_total AS DOUBLE)
          / previous_contacts_total
    END as pct_change_contacts_total,
    CASE
      WHEN previous_year_start = CAST(financial_year_start - INTERVAL '1' YEAR AS DATE)
        AND NOT is_partial_year AND NOT previous_is_partial_year
        AND previous_referrals_total > 0
        THEN 100 * CAST(referrals_total - previous_referrals_total AS DOUBLE)
          / previous_referrals_total
    END as pct_change_referrals_total
  from with_previous
),

final as (
  select
    with_rates.la_code,
    build_month.as_of,
    with_rates.financial_year,
    with_rates.financial_year_start,
    months_included,
    is_partial_year,
    contacts_total,
    contacts_new_cases,
    referrals_total,
    s47_started,
    s47_to_icpc,
    pct_s47_to_icpc,
    assessments_completed,
    assessments_timely,
    pct_assessments_timely,
    rereferrals_12m,
    pct_rereferrals,
    pct_change_contacts_total,
    pct_change_referrals_total
  from with_rates
  cross join build_month
)

select * from final
