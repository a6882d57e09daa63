-- one row per LA per month per CIN referral source group: contacts received, those on new cases, and those on new cases that CRT progressed to a MASH referral
with contact_rows as (
  select
    la_code,
    CAST(date_trunc('month', contact_date) AS DATE) as month,
    nullif(upper(trim(source)), '') as source_code,
    case_status,
    outcome
  from contacts
),

grouped as (
  select
    la_code,
    month,
    CASE
      WHEN source_code IS NULL THEN 'Not recorded'
      WHEN source_code IN ('1A', '1B', '1C', '1D') THEN 'Individual'
      WHEN source_code IN ('2A', '2B') THEN 'Education'
      WHEN source_code IN ('3A', '3B', '3C', '3D', '3E', '3F') THEN 'Health Services'
      WHEN source_code = '4' THEN 'Housing'
      WHEN source_code IN ('5A', '5B', '5C', '5D') THEN 'Local Authority Services'
      WHEN source_code = '6' THEN 'Police'
      WHEN source_code = '7' THEN 'Other legal agency'
      WHEN source_code = '8' THEN 'Other'
      WHEN source_code = '9' THEN 'Anonymous'
      ELSE 'Unknown'
    END as source_group,
    case_status,
    outcome
  from contact_rows
),

final as (
  select
    la_code,
    month,
    source_group,
    count(*) as contacts,
    count(CASE WHEN case_status = 'new' THEN 1 END) as contacts_new_cases,
    count(CASE WHEN case_status = 'new' AND outcome = 'referral' THEN 1 END)
      as new_cases_to_referral,
    100 * CAST(count(CASE WHEN case_status = 'new' AND outcome = 'referral' THEN 1 END) AS DOUBLE)
      / nullif(count(CASE WHEN case_status = 'new' AND outcome IS NOT NULL THEN 1 END), 0)
      as pct_new_cases_to_referral
  from grouped
  group by la_code, month, source_group
)

select * from final
order by la_code, month, source_group
