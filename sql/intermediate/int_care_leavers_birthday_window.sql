-- one row per young person per age (18, 19, 20, 21) whose birthday window has closed by the end of the $as_of month and who appears in at least one of the LA's snapshots dated on or before the window's end, for $la_code
-- la_code: DfE LA number
-- person_id: pseudonymous person identifier
-- date_of_birth: date of birth, from the person's latest snapshot up to $as_of
-- age: the birthday looked at, 18 to 21
-- birthday: the date the person turns age; a 29 February birthday falls on 1 March in years without a 29 February (the day the law treats them as attaining the age)
-- birthday_year: calendar year of birthday, the report year
-- window_start: birthday minus 3 months, clamped to the month's last day (31 May -> 28 or 29 February)
-- window_end: birthday plus 1 month, clamped the same way (31 January -> 28 or 29 February)
-- latest_known_month: the person's latest snapshot month whose month_end is on or before window_end, 'YYYY-MM'
-- is_in_cohort: true unless that snapshot records IN_TOUCH DIED (a young person known to have died is in no later cohort)
-- snapshot_month: the latest snapshot month whose month_end lies in the window, both ends included ('YYYY-MM'); NULL when none (no information)
-- has_information: a snapshot lies in the window
-- in_touch: IN_TOUCH code in that snapshot; NULL when no information
-- activity: ACTIV code in that snapshot; NULL when no information or not in touch
-- accommodation: ACCOM code in that snapshot; NULL when no information or not in touch
-- is_suitable_accommodation: accommodation in that snapshot ends in 1; false when no information
-- is_neet: activity in that snapshot is G4, G5 or G6; false when no information
-- is_eet: activity in that snapshot starts F or P; false when no information
with care_leaver_snapshots as (
  select * from int_care_leavers_aged
),

people as (
  select
    la_code,
    person_id,
    date_of_birth
  from (
    select
      la_code,
      person_id,
      date_of_birth,
      row_number() over (partition by la_code, person_id order by month desc) as recency
    from care_leaver_snapshots
  ) ranked
  where recency = 1
),

ages as (
  select 18 as age
  union all select 19
  union all select 20
  union all select 21
),

birthday_parts as (
  select
    people.la_code,
    people.person_id,
    people.date_of_birth,
    CAST(ages.age AS BIGINT) as age,
    year(people.date_of_birth) + ages.age as birthday_year
  from people
  cross join ages
),

birthdays as (
  select
    la_code,
    person_id,
    date_of_birth,
    age,
    birthday_year,
    CAST(
      CAST(birthday_year AS VARCHAR)
      || CASE
           WHEN month(date_of_birth) = 2 AND day(date_of_birth) = 29
             AND NOT ((birthday_year % 4 = 0 AND birthday_year % 100 <> 0) OR birthday_year % 400 = 0)
             THEN '-03-01'
           ELSE substr(CAST(date_of_birth AS VARCHAR), 5, 6)
         END
      AS DATE
    ) as birthday
  from birthday_parts
),

windows as (
  select
    la_code,
    person_id,
    date_of_birth,
    age,
    birthday_year,
    birthday,
    CAST(birthday - INTERVAL '3' MONTH AS DATE) as window_start,
    CAST(birthday + INTERVAL '1' MONTH AS DATE) as window_end
  from birthdays
),

closed_windows as (
  select *
  from windows
  where window_end <= CAST(CAST($as_of || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE)
),

latest_known as (
  select
    closed_windows.la_code,
    closed_windows.person_id,
    closed_windows.age,
    care_leaver_snapshots.month,
    care_leaver_snapshots.month_end,
    care_leaver_snapshots.in_touch,
    care_leaver_snapshots.activity,
    care_leaver_snapshots.accommodation,
    care_leaver_snapshots.is_suitable_accommodation,
    care_leaver_snapshots.is_neet,
    care_leaver_snapshots.is_eet,
    row_number() over (
      partition by closed_windows.la_code, closed_windows.person_id, closed_windows.age
      order by care_leaver_snapshots.month desc
    ) as recency
  from closed_windows
  inner join care_leaver_snapshots
    on care_leaver_snapshots.la_code = closed_windows.la_code
    and care_leaver_snapshots.person_id = closed_windows.person_id
    and care_leaver_snapshots.month_end <= closed_windows.window_end
),

assessed as (
  select
    closed_windows.la_code,
    closed_windows.person_id,
    closed_windows.date_of_birth,
    closed_windows.age,
    closed_windows.birthday,
    closed_windows.birthday_year,
    closed_windows.window_start,
    closed_windows.window_end,
    latest_known.month as latest_known_month,
    latest_known.in_touch as latest_known_in_touch,
    -- The latest snapshot up to the window's end lies in the window exactly when the window
    -- holds any snapshot, and it is then the latest one in the window.
    latest_known.month_end >= closed_windows.window_start as has_information,
    latest_known.in_touch,
    latest_known.activity,
    latest_known.accommodation,
    latest_known.is_suitable_accommodation,
    latest_known.is_neet,
    latest_known.is_eet
  from closed_windows
  inner join latest_known
    on latest_known.la_code = closed_windows.la_code
    and latest_known.person_id = closed_windows.person_id
    and latest_known.age = closed_windows.age
    and latest_known.recency = 1
),

final as (
  select
    la_code,
    person_id,
    date_of_birth,
    age,
    birthday,
    birthday_year,
    window_start,
    window_end,
    latest_known_month,
    COALESCE(latest_known_in_touch, '') <> 'DIED' as is_in_cohort,
    CASE WHEN has_information THEN latest_known_month END as snapshot_month,
    has_information,
    CASE WHEN has_information THEN in_touch END as in_touch,
    CASE WHEN has_information THEN activity END as activity,
    CASE WHEN has_information THEN accommodation END as accommodation,
    has_information AND is_suitable_accommodation as is_suitable_accommodation,
    has_information AND is_neet as is_neet,
    has_information AND is_eet as is_eet
  from assessed
)

select * from final
