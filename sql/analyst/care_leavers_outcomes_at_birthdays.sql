-- one row per LA per year per age (18-21) from each LA's latest build of the report table: the suitable accommodation and NEET figures the Corporate Parenting Board reads, at each birthday
with latest_builds as (
  select la_code, max(as_of) as as_of
  from care_leavers_birthday_outcomes
  group by la_code
),

final as (
  select
    outcomes.la_code,
    outcomes.as_of,
    outcomes.year,
    outcomes.age,
    outcomes.cohort,
    outcomes.suitable_accommodation,
    outcomes.pct_suitable_accommodation,
    outcomes.neet,
    outcomes.pct_neet,
    outcomes.no_information
  from care_leavers_birthday_outcomes as outcomes
  inner join latest_builds
    on latest_builds.la_code = outcomes.la_code
    and latest_builds.as_of = outcomes.as_of
)

select * from final
order by la_code, year, age
