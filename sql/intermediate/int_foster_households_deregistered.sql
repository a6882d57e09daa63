-- one row per fostering household de-registered on or before the end of $as_of, for $la_code
-- la_code: DfE LA number
-- household_id: household identifier
-- deregistration_date: date the household was de-registered, as recorded in the latest snapshot (up to $as_of) that gives one
-- deregistration_month_start: first day of the month of deregistration_date
-- financial_year: April-March financial year of deregistration_date, e.g. 2020-21
-- carer_type: mainstream, connected or short_breaks, from that snapshot
-- deregistration_reason: moved_area, personal_circumstances, retirement, dissatisfaction, permanence_order, standards_of_care or other, from that snapshot; not_recorded when blank
with household_snapshots as (
  select * from stg_foster_households
),

deregistrations as (
  select
    la_code,
    household_id,
    deregistration_date,
    carer_type,
    deregistration_reason,
    row_number() over (partition by la_code, household_id order by month desc) as recency
  from household_snapshots
  where la_code = $la_code
    and month <= $as_of
    and deregistration_date is not null
    and deregistration_date
      <= CAST(CAST($as_of || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE)
),

final as (
  select
    la_code,
    household_id,
    deregistration_date,
    CAST(date_trunc('month', deregistration_date) AS DATE) as deregistration_month_start,
    CAST(year(deregistration_date) - CASE WHEN month(deregistration_date) < 4 THEN 1 ELSE 0 END AS VARCHAR)
      || '-'
      || substr(CAST(year(deregistration_date) - CASE WHEN month(deregistration_date) < 4 THEN 1 ELSE 0 END + 1 AS VARCHAR), 3, 2)
      as financial_year,
    carer_type,
    COALESCE(deregistration_reason, 'not_recorded') as deregistration_reason
  from deregistrations
  where recency = 1
)

select * from final
