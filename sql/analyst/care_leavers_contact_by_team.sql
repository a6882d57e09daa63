-- one row per LA per snapshot month per care leaver team: care leavers, and those whose latest Personal Adviser contact was within 8 weeks (56 days) of month end, the timeliness the teams are managed to
with snapshots as (
  select
    la_code,
    CAST(month || '-01' AS DATE) as month,
    CAST(CAST(month || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE) as month_end,
    coalesce(nullif(trim(team), ''), 'Not recorded') as team,
    last_contact_date
  from care_leavers
),

timed as (
  select
    la_code,
    month,
    team,
    last_contact_date,
    date_diff('day', last_contact_date, month_end) as days_since_contact
  from snapshots
),

final as (
  select
    la_code,
    month,
    team,
    count(*) as care_leavers,
    count(CASE WHEN days_since_contact BETWEEN 0 AND 56 THEN 1 END) as contacted_within_8_weeks,
    100 * CAST(count(CASE WHEN days_since_contact BETWEEN 0 AND 56 THEN 1 END) AS DOUBLE) / count(*)
      as pct_contacted_within_8_weeks,
    count(CASE WHEN last_contact_date IS NULL THEN 1 END) as no_contact_recorded
  from timed
  group by la_code, month, team
)

select * from final
order by la_code, month, team
