-- one row per month per young person in the LA's care leaver snapshots, for $la_code, months up to $as_of
-- la_code: DfE LA number
-- month: the snapshot month, 'YYYY-MM'
-- month_start: first day of the snapshot month
-- month_end: last day of the snapshot month, the date the snapshot describes
-- financial_year: April-March financial year of the snapshot month, e.g. 2020-21
-- person_id: pseudonymous person identifier
-- date_of_birth: date of birth
-- age_at_month_end: age in whole years at month_end; someone born on 29 February has their birthday on 1 March in years without one (so turns 18 on 1 March), as for the care leaver birthday window
-- gender: male, female or other; NULL when not recorded
-- ethnicity: SSDA903 ETHNIC code; NULL when not recorded
-- eligibility: eligible, relevant, former_relevant or qualifying; NULL when not recorded
-- in_touch: SSDA903 IN_TOUCH code; NULL when not recorded
-- activity: SSDA903 ACTIV code; NULL when not in touch
-- accommodation: SSDA903 ACCOM code; NULL when not in touch
-- is_suitable_accommodation: accommodation code ends in 1 (suitable); false when blank
-- is_neet: activity is G4, G5 or G6 (not in education, employment or training); false when blank
-- is_eet: activity starts F or P (in education, employment or training); false when blank
-- staying_put: living with former foster carers under Staying Put; NULL when not recorded
-- health_passport: received, accepted, declined or not_offered; NULL when unknown
with care_leavers as (
  select * from stg_care_leavers
),

in_scope as (
  select *
  from care_leavers
  where la_code = $la_code
    and month <= $as_of
),

aged as (
  select
    la_code,
    month,
    month_start,
    month_end,
    CAST(year(month_start) - CASE WHEN month(month_start) < 4 THEN 1 ELSE 0 END AS VARCHAR)
      || '-'
      || substr(CAST(year(month_start) - CASE WHEN month(month_start) < 4 THEN 1 ELSE 0 END + 1 AS VARCHAR), 3, 2)
      as financial_year,
    person_id,
    date_of_birth,
    -- Age is worked out from year, month and day parts because date_diff('year', a, b) counts
    -- year boundaries crossed on DuckDB but completed years on Trino. Comparing month*100+day
    -- puts a 29 February birthday on 1 March in other years (0228 sorts before 0229).
    CAST(
      year(month_end) - year(date_of_birth)
      - CASE
          WHEN month(month_end) * 100 + day(month_end) < month(date_of_birth) * 100 + day(date_of_birth)
            THEN 1
          ELSE 0
        END
      AS BIGINT
    ) as age_at_month_end,
    gender,
    ethnicity,
    eligibility,
    in_touch,
    activity,
    accommodation,
    COALESCE(accommodation LIKE '%1', false) as is_suitable_accommodation,
    COALESCE(activity IN ('G4', 'G5', 'G6'), false) as is_neet,
    COALESCE(substr(activity, 1, 1) IN ('F', 'P'), false) as is_eet,
    staying_put,
    health_passport
  from in_scope
),

final as (
  select * from aged
)

select * from final
