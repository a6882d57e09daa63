-- one row per LA per month per young person open to the care leaver service at that month's end
-- la_code: DfE LA number, from the partition
-- month: the snapshot month, 'YYYY-MM', from the partition
-- month_start: first day of the snapshot month
-- month_end: last day of the snapshot month, the date the snapshot describes
-- person_id: pseudonymous person identifier, unique within LA and month
-- date_of_birth: date of birth
-- gender: male, female or other (recorded as indeterminate); NULL when not recorded
-- ethnicity: SSDA903 ETHNIC code; NULL when not recorded
-- eligibility: eligible, relevant, former_relevant or qualifying; NULL when not recorded
-- team: care leaver team, e.g. NW; NULL when not recorded
-- uasc: unaccompanied asylum-seeking child, or formerly one
-- in_touch: SSDA903 IN_TOUCH code (YES NO DIED REFU NREQ RHOM); NULL when not recorded
-- activity: SSDA903 ACTIV code (F/P = EET, G4-G6 = NEET); NULL when not in touch
-- accommodation: SSDA903 ACCOM code, ending 1 = suitable, 2 = unsuitable; NULL when not in touch
-- staying_put: living with former foster carers under a Staying Put arrangement
-- health_passport: received, accepted, declined or not_offered; NULL (never blank) when unknown
-- higher_education: at university
-- last_contact_date: latest Personal Adviser contact
with source as (
  select * from care_leavers
),

renamed as (
  select
    la_code,
    month,
    CAST(month || '-01' AS DATE) as month_start,
    CAST(CAST(month || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE) as month_end,
    person_id,
    date_of_birth,
    NULLIF(TRIM(gender), '') as gender,
    NULLIF(TRIM(ethnicity), '') as ethnicity,
    NULLIF(TRIM(eligibility), '') as eligibility,
    NULLIF(TRIM(team), '') as team,
    uasc,
    NULLIF(TRIM(in_touch), '') as in_touch,
    NULLIF(TRIM(activity), '') as activity,
    NULLIF(TRIM(accommodation), '') as accommodation,
    staying_put,
    NULLIF(TRIM(health_passport), '') as health_passport,
    higher_education,
    last_contact_date
  from source
),

final as (
  select * from renamed
)

select * from final
