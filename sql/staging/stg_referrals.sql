-- one row per referral as loaded (per LA, delivery month and referral_id)
-- la_code: DfE LA number of the authority that delivered the extract (partition column)
-- delivery_month: delivery period 'YYYY-MM' (partition column; a re-sent month has replaced the LA's earlier rows for it); filter on it so Athena prunes partitions
-- month_start: first day of the delivery month (DATE); the loader holds referral_date inside the delivery month, so this is also the month of referral_date
-- financial_year: April-March financial year of month_start, e.g. '2019-20' for April 2019 to March 2020
-- referral_id: referral identifier, unique within the LA
-- child_id: pseudonymous child identifier
-- contact_id: the contact that led to the referral; NULL when not known
-- referral_date: date of the referral to MASH
-- source_code: CIN census referral source code, trimmed and upper-cased; NULL when blank (not recorded)
-- source_group_monthly: source group of the monthly front-door tables: 'Education' (2A, 2B), 'Health' (3A-3F), 'Police' (6), 'Other' (every other code, 10 and blank included)
-- source_group: CIN census source group: 'Individual' (1A-1D), 'Education' (2A-2B), 'Health Services' (3A-3F), 'Housing' (4), 'Local Authority Services' (5A-5D), 'Police' (6), 'Other legal agency' (7), 'Other' (8), 'Anonymous' (9), 'Unknown' (10, and any code outside the CIN list, which the loader rejects), 'Not recorded' (blank)
-- priority: 'cp' (child protection, 2-4 hour response) or 'cin' (child in need, 2 working days); NULL when not recorded
-- outcome: 'closed' (NFA in MASH with advice), 'assessment' (progressed to a C&F assessment) or 'other' (e.g. early help); NULL when not recorded
-- decision_at: MASH decision time (TIMESTAMP); NULL when not recorded
with referrals_source as (
  select * from referrals
),

renamed as (
  select
    la_code,
    month as delivery_month,
    CAST(month || '-01' AS DATE) as month_start,
    referral_id,
    child_id,
    contact_id,
    referral_date,
    nullif(upper(trim(source)), '') as source_code,
    priority,
    outcome,
    decision_at
  from referrals_source
),

grouped as (
  select
    la_code,
    delivery_month,
    renamed.month_start,
    calendar.financial_year,
    referral_id,
    child_id,
    contact_id,
    referral_date,
    renamed.source_code,
    coalesce(referral_sources.source_group_monthly, 'Other') as source_group_monthly,
    coalesce(referral_sources.source_group, 'Unknown') as source_group,
    priority,
    outcome,
    decision_at
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
