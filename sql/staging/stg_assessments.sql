-- one row per Child and Family assessment authorised, as loaded (per LA, delivery month and assessment_id)
-- la_code: DfE LA number of the authority that delivered the extract (partition column)
-- delivery_month: delivery period 'YYYY-MM' (partition column; a re-sent month has replaced the LA's earlier rows for it); filter on it so Athena prunes partitions
-- month_start: first day of the delivery month (DATE); the loader holds authorised_date inside the delivery month, so this is the month the assessment was completed
-- financial_year: April-March financial year of month_start, e.g. '2019-20' for April 2019 to March 2020
-- assessment_id: assessment identifier, unique within the LA
-- child_id: pseudonymous child identifier
-- referral_id: the referral the assessment came from; NULL when not known
-- start_date: date the assessment started
-- authorised_date: date the assessment was authorised (completed); not before start_date
-- outcome: 'support' (assessed as needing children's social care support) or 'nfa'; NULL when not recorded
with assessments_source as (
  select * from assessments
),

renamed as (
  select
    la_code,
    month as delivery_month,
    CAST(month || '-01' AS DATE) as month_start,
    assessment_id,
    child_id,
    referral_id,
    start_date,
    authorised_date,
    outcome
  from assessments_source
),

final as (
  select
    la_code,
    delivery_month,
    renamed.month_start,
    calendar.financial_year,
    assessment_id,
    child_id,
    referral_id,
    start_date,
    authorised_date,
    outcome
  from renamed
  left join calendar
    on calendar."date" = renamed.month_start
)

select * from final
