-- one row per contact as loaded (per LA, delivery month and contact_id)
-- la_code: DfE LA number of the authority that delivered the extract (partition column)
-- delivery_month: delivery period 'YYYY-MM' (partition column; a re-sent month has replaced the LA's earlier rows for it); filter on it so Athena prunes partitions
-- month_start: first day of the delivery month (DATE); the loader holds contact_date inside the delivery month, so this is also the month of contact_date
-- financial_year: April-March financial year of month_start, e.g. '2019-20' for April 2019 to March 2020
-- contact_id: contact identifier, unique within the LA
-- child_id: pseudonymous child identifier
-- contact_date: date the Children's Reception Team received the contact
-- source_code: CIN census referral source code, trimmed and upper-cased; NULL when blank (not recorded)
-- source_group_monthly: source group of the monthly front-door tables: 'Education' (2A, 2B), 'Health' (3A-3F), 'Police' (6), 'Other' (every other code, 10 and blank included)
-- source_group: CIN census source group: 'Individual' (1A-1D), 'Education' (2A-2B), 'Health Services' (3A-3F), 'Housing' (4), 'Local Authority Services' (5A-5D), 'Police' (6), 'Other legal agency' (7), 'Other' (8), 'Anonymous' (9), 'Unknown' (10, and any code outside the CIN list, which the loader rejects), 'Not recorded' (blank)
-- case_status: 'open' when the child already had an open case, 'new' when not; NULL when not recorded (e.g. an Annex A List 1 load)
-- outcome: 'closed' (NFA or advice), 'referral' (progressed to MASH) or 'other' (signposted, early help, information only); NULL when not recorded
-- gender: 'male', 'female', 'other' or 'unknown'; NULL when not recorded
-- date_of_birth: child's date of birth; after contact_date for an unborn child; NULL when not recorded
with contacts_source as (
  select * from contacts
),

renamed as (
  select
    la_code,
    month as delivery_month,
    CAST(month || '-01' AS DATE) as month_start,
    contact_id,
    child_id,
    contact_date,
    nullif(upper(trim(source)), '') as source_code,
    case_status,
    outcome,
    gender,
    date_of_birth
  from contacts_source
),

grouped as (
  select
    la_code,
    delivery_month,
    renamed.month_start,
    calendar.financial_year,
    contact_id,
    child_id,
    contact_date,
    renamed.source_code,
    coalesce(referral_sources.source_group_monthly, 'Other') as source_group_monthly,
    coalesce(referral_sources.source_group, 'Unknown') as source_group,
    case_status,
    outcome,
    gender,
    date_of_birth
  from renamed
  left join calendar
    on calendar."date" = renamed.month_start
  left join referral_sources
    on referral_sources.source_code IS NOT DISTINCT FROM renamed.source_code
),

final as (
  select * from grouped
)

select * from final
