-- one row per fostering household in the LA's snapshots up to $as_of, for $la_code
-- la_code: DfE LA number
-- household_id: household identifier
-- approval_date: date the household was approved, as recorded in its latest snapshot up to $as_of
-- approval_month_start: first day of the month of approval_date
-- carer_type: mainstream, connected or short_breaks, from that snapshot
with household_snapshots as (
  select * from stg_foster_households
),

ranked as (
  select
    la_code,
    household_id,
    approval_date,
    carer_type,
    row_number() over (partition by la_code, household_id order by month desc) as recency
  from household_snapshots
  where la_code = $la_code
    and month <= $as_of
),

final as (
  select
    la_code,
    household_id,
    approval_date,
    CAST(date_trunc('month', approval_date) AS DATE) as approval_month_start,
    carer_type
  from ranked
  where recency = 1
)

select * from final
