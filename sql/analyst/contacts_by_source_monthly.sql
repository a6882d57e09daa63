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
    contact_rows.la_code,
    contact_rows.month,
    coalesce(referral_sources.source_group, 'Unknown') as source_group,
    case_status,
    outcome
  from contact_rows
  left join referral_sources
    on referral_sources.source_code IS NOT DISTINCT FROM contact_rows.source_code
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
