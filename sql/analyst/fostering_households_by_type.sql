-- one row per LA per month from each LA's latest build of fostering_monthly: households registered by carer type, the change over twelve months, approvals and de-registrations (the fostering update's performance measures)
with latest_builds as (
  select la_code, max(as_of) as as_of
  from fostering_monthly
  group by la_code
),

final as (
  select
    monthly.la_code,
    monthly.as_of,
    monthly.month,
    monthly.households_registered,
    monthly.households_mainstream,
    monthly.households_connected,
    monthly.households_short_breaks,
    monthly.households_change_12m,
    monthly.approvals,
    monthly.deregistrations,
    monthly.pct_reviews_in_timescale,
    monthly.pct_supervision_timely
  from fostering_monthly as monthly
  inner join latest_builds
    on latest_builds.la_code = monthly.la_code
    and latest_builds.as_of = monthly.as_of
)

select * from final
order by la_code, month
