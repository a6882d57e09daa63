-- one row per LA per financial year per CIN referral source group: referrals, re-referrals within 12 months and the re-referral rate (the all-source rate is frontdoor_annual.pct_rereferrals)
-- A re-referral is a referral for a child who had another referral in the same LA from the same
-- calendar date a year earlier up to the day before (as sql/intermediate/int_referrals_rereferred.sql),
-- over every month loaded, so a year's first months count referrals from the year before.
with referral_rows as (
  select
    la_code,
    child_id,
    referral_date,
    nullif(upper(trim(source)), '') as source_code
  from referrals
),

child_referral_dates as (
  select distinct la_code, child_id, referral_date from referral_rows
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

flagged as (
  select
    referral_rows.la_code,
    calendar.financial_year,
    referral_rows.source_code,
    coalesce(
      previous_dates.previous_referral_date
        >= CAST(referral_rows.referral_date - INTERVAL '12' MONTH AS DATE),
      false
    ) as is_rereferral
  from referral_rows
  inner join previous_dates
    on previous_dates.la_code = referral_rows.la_code
    and previous_dates.child_id = referral_rows.child_id
    and previous_dates.referral_date = referral_rows.referral_date
  inner join calendar on calendar."date" = referral_rows.referral_date
),

grouped as (
  select
    flagged.la_code,
    flagged.financial_year,
    coalesce(referral_sources.source_group, 'Unknown') as source_group,
    is_rereferral
  from flagged
  left join referral_sources
    on referral_sources.source_code IS NOT DISTINCT FROM flagged.source_code
),

final as (
  select
    la_code,
    financial_year,
    source_group,
    count(*) as referrals,
    count(CASE WHEN is_rereferral THEN 1 END) as rereferrals_12m,
    100 * CAST(count(CASE WHEN is_rereferral THEN 1 END) AS DOUBLE) / count(*) as pct_rereferrals
  from grouped
  group by la_code, financial_year, source_group
)

select * from final
order by la_code, financial_year, source_group
