-- one row per LA per financial year in which section 47 enquiries started: enquiries started, those that went to an initial child protection conference (ICPC), the conversion rate and the mean days from strategy discussion to ICPC
with enquiries as (
  select
    s47_enquiries.la_code,
    calendar.financial_year,
    s47_enquiries.icpc_date,
    s47_enquiries.icpc_not_required,
    date_diff('day', s47_enquiries.strategy_discussion_date, s47_enquiries.icpc_date)
      as days_to_icpc
  from s47_enquiries
  inner join calendar on calendar."date" = s47_enquiries.strategy_discussion_date
),

final as (
  select
    la_code,
    financial_year,
    count(*) as s47_started,
    count(icpc_date) as s47_to_icpc,
    100 * CAST(count(icpc_date) AS DOUBLE) / count(*) as pct_s47_to_icpc,
    count(CASE WHEN icpc_not_required THEN 1 END) as concluded_icpc_not_required,
    avg(days_to_icpc) as mean_days_to_icpc
  from enquiries
  group by la_code, financial_year
)

select * from final
order by la_code, financial_year
