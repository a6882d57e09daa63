-- one row per LA per month of authorisation: Child and Family assessments completed, how many within 45 working days (start day = day 0, weekends and England and Wales bank holidays excluded) and the percentage, with the DfE's duration bands
with timed as (
  select
    assessments.la_code,
    CAST(date_trunc('month', assessments.authorised_date) AS DATE) as month,
    authorised.working_day_index - started.working_day_index as working_days
  from assessments
  left join calendar as started on started."date" = assessments.start_date
  left join calendar as authorised on authorised."date" = assessments.authorised_date
),

final as (
  select
    la_code,
    month,
    count(*) as assessments_completed,
    count(CASE WHEN working_days <= 45 THEN 1 END) as within_45_working_days,
    100 * CAST(count(CASE WHEN working_days <= 45 THEN 1 END) AS DOUBLE) / count(*)
      as pct_within_45_working_days,
    count(CASE WHEN working_days <= 10 THEN 1 END) as within_10_working_days,
    count(CASE WHEN working_days BETWEEN 11 AND 20 THEN 1 END) as within_11_to_20_working_days,
    count(CASE WHEN working_days BETWEEN 21 AND 45 THEN 1 END) as within_21_to_45_working_days,
    count(CASE WHEN working_days > 45 THEN 1 END) as over_45_working_days,
    avg(working_days) as mean_working_days
  from timed
  group by la_code, month
)

select * from final
order by la_code, month
