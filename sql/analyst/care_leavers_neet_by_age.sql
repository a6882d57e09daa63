-- one row per LA per snapshot month per age at month end (16-25): care leavers, those in touch, and those not in education, employment or training (NEET, SSDA903 ACTIV G4-G6) as a share of all and of those in touch (the board's NEET by age tables take ages 18-21 at each birthday: care_leavers_birthday_outcomes)
with snapshots as (
  select
    la_code,
    CAST(CAST(month || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE) as month_end,
    date_of_birth,
    in_touch,
    activity
  from care_leavers
),

aged as (
  select
    la_code,
    CAST(date_trunc('month', month_end) AS DATE) as month,
    -- whole years at month end; a 29 February birthday counts from 1 March in other years
    year(month_end) - year(date_of_birth)
      - CASE
        WHEN month(month_end) < month(date_of_birth)
          OR (month(month_end) = month(date_of_birth) AND day(month_end) < day(date_of_birth))
          THEN 1
        ELSE 0
      END as age,
    in_touch,
    activity
  from snapshots
),

final as (
  select
    la_code,
    month,
    age,
    count(*) as care_leavers,
    count(CASE WHEN in_touch = 'YES' THEN 1 END) as care_leavers_in_touch,
    count(CASE WHEN activity IN ('G4', 'G5', 'G6') THEN 1 END) as neet,
    100 * CAST(count(CASE WHEN activity IN ('G4', 'G5', 'G6') THEN 1 END) AS DOUBLE) / count(*)
      as pct_neet,
    100 * CAST(count(CASE WHEN activity IN ('G4', 'G5', 'G6') THEN 1 END) AS DOUBLE)
      / nullif(count(CASE WHEN in_touch = 'YES' THEN 1 END), 0) as pct_neet_of_in_touch
  from aged
  group by la_code, month, age
)

select * from final
order by la_code, month, age
