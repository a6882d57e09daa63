-- one row per LA per financial year per source group: every one of the 11 groups for each April-March year with at least one contact, referral, section 47 enquiry or authorised assessment in a month up to and including $as_of (the years of frontdoor_annual; a group with no referrals has referrals 0); partial years are included and flagged by is_partial_year
-- la_code: DfE LA number the table was built for ($la_code)
-- as_of: build month 'YYYY-MM' ($as_of); only deliveries for months up to and including it are read (no rows when it is outside the calendar table, 2010-2035)
-- financial_year: April-March financial year, e.g. '2020-21' for 1 April 2020 to 31 March 2021
-- source_group: CIN census referral source group: 'Individual', 'Education', 'Health Services', 'Housing', 'Local Authority Services', 'Police', 'Other legal agency', 'Other', 'Anonymous', 'Unknown', 'Not recorded'
-- source_group_order: position of source_group in the published table, 1 (Individual) to 11 (Not recorded)
-- source_codes: the CIN referral source codes in the group, e.g. '1A-1D'; 'blank' for Not recorded
-- referrals: referrals to MASH in the year whose source is in the group (all referrals, on open and new cases)
-- referrals_total: referrals to MASH in the year from every source (the denominator of pct_of_referrals)
-- pct_of_referrals: 100 * referrals / referrals_total; NULL when referrals_total is 0
-- is_partial_year: true when the year has fewer than 12 calendar months up to $as_of with a front-door row (as frontdoor_annual)
with la_contacts as (
  select * from stg_contacts
  where la_code = $la_code and delivery_month <= $as_of
),

la_referrals as (
  select * from stg_referrals
  where la_code = $la_code and delivery_month <= $as_of
),

la_s47_enquiries as (
  select * from stg_s47_enquiries
  where la_code = $la_code and delivery_month <= $as_of
),

la_assessments as (
  select * from stg_assessments
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

source_groups as (
  select distinct
    source_group,
    source_group_order,
    source_group_codes as source_codes
  from referral_sources
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
    count(*) < 12 as is_partial_year
  from months
  group by la_code, financial_year
),

referrals_by_group as (
  select
    financial_year,
    source_group,
    count(*) as referrals
  from la_referrals
  group by financial_year, source_group
),

referrals_by_year as (
  select
    financial_year,
    count(*) as referrals_total
  from la_referrals
  group by financial_year
),

joined as (
  select
    years.la_code,
    years.financial_year,
    source_groups.source_group,
    source_groups.source_group_order,
    source_groups.source_codes,
    coalesce(referrals_by_group.referrals, 0) as referrals,
    coalesce(referrals_by_year.referrals_total, 0) as referrals_total,
    years.is_partial_year
  from years
  cross join source_groups
  left join referrals_by_group
    on referrals_by_group.financial_year = years.financial_year
    and referrals_by_group.source_group = source_groups.source_group
  left join referrals_by_year on referrals_by_year.financial_year = years.financial_year
),

final as (
  select
    joined.la_code,
    build_month.as_of,
    joined.financial_year,
    joined.source_group,
    joined.source_group_order,
    joined.source_codes,
    joined.referrals,
    joined.referrals_total,
    CASE
      WHEN joined.referrals_total > 0
        THEN 100 * CAST(joined.referrals AS DOUBLE) / joined.referrals_total
    END as pct_of_referrals,
    joined.is_partial_year
  from joined
  cross join build_month
)

select * from final
