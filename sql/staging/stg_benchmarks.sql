-- one row per measure per period_end per area
-- measure: measure name, e.g. care_leavers_in_touch_19_21
-- period_end: last day of the period the figure describes
-- area: area the figure describes, e.g. South East or England
-- value: the figure; rates in percent units (0-100)
with source as (
  select * from benchmarks
),

renamed as (
  select
    measure,
    period_end,
    area,
    value
  from source
),

final as (
  select * from renamed
)

select * from final
