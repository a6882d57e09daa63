-- one row per section 47 enquiry started, as loaded (per LA, delivery month and s47_id)
-- la_code: DfE LA number of the authority that delivered the extract (partition column)
-- delivery_month: delivery period 'YYYY-MM' (partition column; a re-sent month, e.g. with ICPC dates filled in, has replaced the LA's earlier rows for it); filter on it so Athena prunes partitions
-- month_start: first day of the delivery month (DATE); the loader holds strategy_discussion_date inside the delivery month, so this is the month the enquiry started
-- financial_year: April-March financial year of month_start, e.g. '2019-20' for April 2019 to March 2020
-- s47_id: enquiry identifier, unique within the LA
-- child_id: pseudonymous child identifier
-- referral_id: the referral the enquiry came from; NULL when not known
-- strategy_discussion_date: date of the strategy discussion that started the enquiry
-- icpc_date: date of the initial child protection conference; NULL when none has been held (yet)
-- icpc_not_required: true when the enquiry concluded that no ICPC was needed; NULL when not recorded
with s47_source as (
  select * from s47_enquiries
),

renamed as (
  select
    la_code,
    month as delivery_month,
    CAST(month || '-01' AS DATE) as month_start,
    s47_id,
    child_id,
    referral_id,
    strategy_discussion_date,
    icpc_date,
    icpc_not_required
  from s47_source
),

final as (
  select
    la_code,
    delivery_month,
    renamed.month_start,
    calendar.financial_year,
    s47_id,
    child_id,
    referral_id,
    strategy_discussion_date,
    icpc_date,
    icpc_not_required
  from renamed
  left join calendar
    on calendar."date" = renamed.month_start
)

select * from final
