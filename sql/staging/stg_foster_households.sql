-- one row per LA per month per fostering household registered at any time in that month
-- la_code: DfE LA number, from the partition
-- month: the snapshot month, 'YYYY-MM', from the partition
-- month_start: first day of the snapshot month
-- month_end: last day of the snapshot month, the date the snapshot describes
-- household_id: household identifier, unique within LA and month
-- carer_type: mainstream ("County" carers), connected (family and friends) or short_breaks (specialist respite)
-- approval_date: date the household was approved
-- deregistration_date: date the household was de-registered; NULL while registered
-- deregistration_reason: moved_area, personal_circumstances, retirement, dissatisfaction, permanence_order, standards_of_care or other; NULL unless de-registered
-- last_review_date: latest annual household review
-- last_supervision_date: latest supervision visit
-- last_unannounced_visit_date: latest unannounced visit
-- approved_places: children the household is approved for
-- children_placed: children placed with the household at month end
-- hive: name of the Hive the household belongs to; NULL (never blank) when none
with source as (
  select * from foster_households
),

renamed as (
  select
    la_code,
    month,
    CAST(month || '-01' AS DATE) as month_start,
    CAST(CAST(month || '-01' AS DATE) + INTERVAL '1' MONTH - INTERVAL '1' DAY AS DATE) as month_end,
    household_id,
    carer_type,
    approval_date,
    deregistration_date,
    deregistration_reason,
    last_review_date,
    last_supervision_date,
    last_unannounced_visit_date,
    approved_places,
    children_placed,
    NULLIF(TRIM(hive), '') as hive
  from source
),

final as (
  select * from renamed
)

select * from final
