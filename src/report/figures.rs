//! The numbers behind the report's charts, read from the built warehouse's marts (and the
//! dataset's answer key for the data-quality chart). Each list keeps the mart's own rows, so a
//! test can hold a chart to the model it reads; `--json` prints these.

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::pipeline::checks;
use crate::pipeline::materialize;
use crate::pipeline::project::Project;
use crate::pipeline::render::Renderer;
use crate::pipeline::select::Node;
use crate::progress::Silent;
use crate::scenario::Shock;
use duckdb::Connection;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Serialize)]
pub struct Figures {
    pub header: Header,
    /// `finance_mrr_movements`, month by month.
    pub months: Vec<Month>,
    /// `customer_cohort_retention`.
    pub cohorts: Vec<Cohort>,
    /// `customer_churn_risk_bands`.
    pub risk_bands: Vec<RiskBand>,
    /// `iot_device_uptime`, summed over device models per month (weighted by devices in service).
    pub fleet: Vec<FleetMonth>,
    /// `marketing_channel_performance`.
    pub channels: Vec<Channel>,
    /// `truth/defects`, counted by table and kind (empty when the answer key was left out).
    pub defects: Vec<Defects>,
    /// The scenario's dated shocks.
    pub shocks: Vec<ShockMark>,
    /// Paying customers and MRR by plan tier at the end (`entity_customers`).
    pub plans: Vec<Plan>,
    /// 12-month NRR, GRR and logo churn by segment, last month against the same month a year
    /// before (`int_billing__account_mrr_monthly` with `entity_customers.segment`).
    pub segments: Vec<Segment>,
    /// Paying customers by health score, in tenths (`entity_customers.customer_health_score`).
    pub health: Vec<HealthBin>,
    /// Sign-ups of the last twelve months by first-touch channel: activated (a device within 14
    /// days) and paying (`entity_customers`, `entity_devices`).
    pub funnel: Vec<FunnelRow>,
    /// Alerts per device in service and month, by device model, over the last twelve months
    /// (`iot_device_uptime`).
    pub alerts: Vec<AlertRow>,
    /// Ad spend per paid channel and month (`int_marketing__ad_performance_daily`).
    pub spend: Vec<SpendMonth>,
    /// Conversions each ad platform reports against the sign-ups attributed to it
    /// (`int_marketing__ad_performance_daily`, `marketing_channel_performance`).
    pub platforms: Vec<PlatformRow>,
    /// Trials started per month and how many paid within 30 days of the start
    /// (`entity_subscriptions`, `entity_customers`).
    pub trials: Vec<TrialMonth>,
    /// Customers paying at a month's start and lost in it, by segment
    /// (`int_billing__account_mrr_monthly` with `entity_customers.segment`).
    pub segment_churn: Vec<SegmentMonth>,
    /// Devices that reported on each firmware version, per month (`stg_iot__device_events`).
    pub firmware: Vec<FirmwareMonth>,
    /// The data tests on each damaged source table and on the staging models reading it, run on
    /// this warehouse: which saw the damage (warn / fail) and which found it cleaned (pass).
    pub guards: Vec<Guard>,
}

#[derive(Debug, Serialize)]
pub struct TrialMonth {
    pub month_start: String,
    pub trials: i64,
    pub paid_within_30d: i64,
    /// Whether every trial of the month has had its 30 days before the dataset ends.
    pub complete: bool,
}

#[derive(Debug, Serialize)]
pub struct SegmentMonth {
    pub month_start: String,
    pub segment: String,
    pub paying_at_start: i64,
    pub churned: i64,
}

#[derive(Debug, Serialize)]
pub struct FirmwareMonth {
    pub month_start: String,
    pub firmware_version: String,
    pub devices: i64,
}

#[derive(Debug, Serialize)]
pub struct Guard {
    /// The damaged source table, `source.table`.
    pub table: String,
    pub test: String,
    /// The test's kind: `unique`, `not_null`, `relationships`, … or `singular`.
    pub test_name: String,
    /// `pass`, `warn`, `fail` or `error`.
    pub status: String,
    pub failures: u64,
}

#[derive(Debug, Serialize)]
pub struct SpendMonth {
    pub month_start: String,
    pub channel: String,
    pub spend: f64,
}

#[derive(Debug, Serialize)]
pub struct PlatformRow {
    pub channel: String,
    pub spend: f64,
    pub platform_conversions: f64,
    pub signups_last_touch: Option<f64>,
    pub signups_first_touch: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Plan {
    pub plan_tier: String,
    pub customers: i64,
    pub mrr: f64,
}

#[derive(Debug, Serialize)]
pub struct Segment {
    pub segment: String,
    pub customers_a_year_before: i64,
    pub nrr_12m: Option<f64>,
    pub grr_12m: Option<f64>,
    pub logo_churn_12m: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct HealthBin {
    /// The bin's lower edge: 0.0, 0.1 … 0.9 (1.0 counts in the last bin).
    pub from: f64,
    pub customers: i64,
}

#[derive(Debug, Serialize)]
pub struct FunnelRow {
    pub channel: String,
    pub signups: i64,
    pub activated_14d: i64,
    pub paying: i64,
}

#[derive(Debug, Serialize)]
pub struct AlertRow {
    pub sku: String,
    pub model_name: String,
    pub alerts_per_device_month: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Header {
    pub scenario: String,
    pub description: String,
    pub seed: u64,
    pub customers: u64,
    pub locations: u64,
    pub start: String,
    pub end: String,
    pub saaslab_version: String,
    pub fingerprint: String,
}

#[derive(Debug, Serialize)]
pub struct Month {
    pub month_start: String,
    pub opening_mrr: f64,
    pub new_mrr: f64,
    pub reactivation_mrr: f64,
    pub expansion_mrr: f64,
    pub contraction_mrr: f64,
    pub churned_mrr: f64,
    pub closing_mrr: f64,
    pub opening_customers: i64,
    pub new_customers: i64,
    pub churned_customers: i64,
    pub closing_customers: i64,
}

#[derive(Debug, Serialize)]
pub struct Cohort {
    pub cohort_month: String,
    pub months_since_start: i64,
    pub cohort_customers: i64,
    pub logo_retention_rate: Option<f64>,
    pub revenue_retention_rate: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct RiskBand {
    pub snapshot_date: String,
    pub churn_risk_category: String,
    pub customers: i64,
    pub churned_90d: i64,
    pub churn_rate_90d: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct FleetMonth {
    pub month_start: String,
    pub devices_in_service: i64,
    pub offline_events_per_device: f64,
    /// Share of device time online, weighted by devices in service.
    pub uptime_ratio: f64,
}

#[derive(Debug, Serialize)]
pub struct Channel {
    pub channel: String,
    pub attribution_model: String,
    pub attributed_customers: f64,
    pub attributed_revenue: f64,
    pub spend: f64,
    pub customer_acquisition_cost: Option<f64>,
    pub return_on_ad_spend: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct Defects {
    pub table: String,
    pub kind: String,
    pub rows: i64,
}

#[derive(Debug, Serialize)]
pub struct ShockMark {
    pub date: String,
    pub label: String,
}

/// Read every figure from the warehouse `conn` of `dataset` (built and ready).
pub fn read(dataset: &Dataset, conn: &Connection) -> Result<Figures> {
    let scenario = &dataset.manifest.scenario;
    let header = Header {
        scenario: dataset.scenario_name().to_string(),
        description: scenario.description.clone(),
        seed: dataset.seed(),
        customers: scenario.counts.customers,
        locations: scenario.counts.locations,
        start: dataset.start(),
        end: dataset.end(),
        saaslab_version: dataset.manifest.saaslab_version.clone(),
        fingerprint: dataset.fingerprint.clone(),
    };
    let fail = |what: &str, e: duckdb::Error| Error::input(format!("the report cannot read {what} from the warehouse of {}: {e}. Rebuild it with `saaslab build --data {}`.", dataset.dir.display(), dataset.dir.display()));
    let months = rows(conn, "select cast(month_start as varchar), opening_mrr::double, new_mrr::double, reactivation_mrr::double, expansion_mrr::double, contraction_mrr::double, churned_mrr::double, closing_mrr::double, opening_customers, new_customers, churned_customers, closing_customers from main.finance_mrr_movements order by month_start", |r| {
        Ok(Month {
            month_start: r.get(0)?,
            opening_mrr: r.get(1)?,
            new_mrr: r.get(2)?,
            reactivation_mrr: r.get(3)?,
            expansion_mrr: r.get(4)?,
            contraction_mrr: r.get(5)?,
            churned_mrr: r.get(6)?,
            closing_mrr: r.get(7)?,
            opening_customers: r.get(8)?,
            new_customers: r.get(9)?,
            churned_customers: r.get(10)?,
            closing_customers: r.get(11)?,
        })
    })
    .map_err(|e| fail("finance_mrr_movements", e))?;
    let cohorts = rows(conn, "select cast(cohort_month as varchar), months_since_start, cohort_customers, logo_retention_rate, revenue_retention_rate from main.customer_cohort_retention order by cohort_month, months_since_start", |r| {
        Ok(Cohort { cohort_month: r.get(0)?, months_since_start: r.get(1)?, cohort_customers: r.get(2)?, logo_retention_rate: r.get(3)?, revenue_retention_rate: r.get(4)? })
    })
    .map_err(|e| fail("customer_cohort_retention", e))?;
    let risk_bands = rows(conn, "select cast(snapshot_date as varchar), churn_risk_category, customers, churned_90d, churn_rate_90d from main.customer_churn_risk_bands order by snapshot_date, churn_risk_category", |r| {
        Ok(RiskBand { snapshot_date: r.get(0)?, churn_risk_category: r.get(1)?, customers: r.get(2)?, churned_90d: r.get(3)?, churn_rate_90d: r.get(4)? })
    })
    .map_err(|e| fail("customer_churn_risk_bands", e))?;
    let fleet = rows(
        conn,
        "select cast(month_start as varchar), sum(devices_in_service)::bigint,
                coalesce(sum(offline_events)::double / nullif(sum(devices_in_service), 0), 0),
                coalesce(sum(uptime_ratio * devices_in_service) / nullif(sum(devices_in_service), 0), 0)
         from main.iot_device_uptime group by month_start order by month_start",
        |r| Ok(FleetMonth { month_start: r.get(0)?, devices_in_service: r.get(1)?, offline_events_per_device: r.get(2)?, uptime_ratio: r.get(3)? }),
    )
    .map_err(|e| fail("iot_device_uptime", e))?;
    let channels = rows(conn, "select channel, attribution_model, attributed_customers, attributed_revenue, spend::double, customer_acquisition_cost, return_on_ad_spend from main.marketing_channel_performance order by attribution_model, channel", |r| {
        Ok(Channel {
            channel: r.get(0)?,
            attribution_model: r.get(1)?,
            attributed_customers: r.get(2)?,
            attributed_revenue: r.get(3)?,
            spend: r.get(4)?,
            customer_acquisition_cost: r.get(5)?,
            return_on_ad_spend: r.get(6)?,
        })
    })
    .map_err(|e| fail("marketing_channel_performance", e))?;
    // A dataset written without its answer key has no truth.defects in its manifest; one whose
    // truth/ was removed by hand is shown without the chart, as if it had none.
    let defects = match dataset.manifest.tables.iter().find(|t| t.table == "truth.defects") {
        Some(t) => {
            let sql = format!("select table_name, kind, count(*) from {} group by all order by 1, 2", dataset.reader_sql(t));
            rows(conn, &sql, |r| Ok(Defects { table: r.get(0)?, kind: r.get(1)?, rows: r.get(2)? })).unwrap_or_default()
        }
        None => Vec::new(),
    };
    let shocks = scenario.shocks.iter().map(shock_mark).collect();
    let paying = "subscription_status in ('active', 'past_due')";
    let plans = rows(conn, &format!("select plan_tier, count(*), sum(monthly_recurring_revenue)::double from main.entity_customers where {paying} group by 1 order by 1"), |r| {
        Ok(Plan { plan_tier: r.get(0)?, customers: r.get(1)?, mrr: r.get(2)? })
    })
    .map_err(|e| fail("entity_customers", e))?;
    let segments = rows(
        conn,
        "with m as (
             select b.account_id, b.month_start, b.mrr, c.segment
             from main.int_billing__account_mrr_monthly as b inner join main.entity_customers as c using (account_id)),
         last as (select max(month_start) as month_start from m),
         a_year_before as (select m.account_id, m.segment, m.mrr from m, last where m.month_start = last.month_start - interval 12 month and m.mrr > 0),
         now as (select m.account_id, m.mrr from m, last where m.month_start = last.month_start)
         select y.segment, count(*),
                sum(coalesce(n.mrr, 0))::double / nullif(sum(y.mrr), 0)::double,
                sum(least(coalesce(n.mrr, 0), y.mrr))::double / nullif(sum(y.mrr), 0)::double,
                count(*) filter (where coalesce(n.mrr, 0) = 0)::double / count(*)
         from a_year_before as y left join now as n using (account_id)
         group by 1 order by 1",
        |r| Ok(Segment { segment: r.get(0)?, customers_a_year_before: r.get(1)?, nrr_12m: r.get(2)?, grr_12m: r.get(3)?, logo_churn_12m: r.get(4)? }),
    )
    .map_err(|e| fail("int_billing__account_mrr_monthly", e))?;
    let health = rows(conn, &format!("select least(floor(customer_health_score * 10), 9) / 10.0 as bin, count(*) from main.entity_customers where {paying} and customer_health_score is not null group by 1 order by 1"), |r| {
        Ok(HealthBin { from: r.get(0)?, customers: r.get(1)? })
    })
    .map_err(|e| fail("entity_customers", e))?;
    let funnel = rows(
        conn,
        &format!(
            "with first_install as (select account_id, min(installed_at) as at from main.entity_devices group by 1)
             select coalesce(c.first_touch_channel, 'unknown'), count(*),
                    count(*) filter (where f.at <= c.signed_up_at + interval 14 day),
                    count(*) filter (where c.first_payment_at is not null)
             from main.entity_customers as c left join first_install as f using (account_id)
             where c.signed_up_at > cast('{}' as timestamp) - interval 1 year
             group by 1 order by 2 desc, 1",
            dataset.end()
        ),
        |r| Ok(FunnelRow { channel: r.get(0)?, signups: r.get(1)?, activated_14d: r.get(2)?, paying: r.get(3)? }),
    )
    .map_err(|e| fail("entity_customers", e))?;
    let alerts = rows(
        conn,
        "select sku, any_value(model_name), sum(alerts)::double / nullif(sum(devices_in_service), 0)
         from main.iot_device_uptime
         where month_start > (select max(month_start) from main.iot_device_uptime) - interval 12 month
         group by 1 order by 1",
        |r| Ok(AlertRow { sku: r.get(0)?, model_name: r.get(1)?, alerts_per_device_month: r.get(2)? }),
    )
    .map_err(|e| fail("iot_device_uptime", e))?;
    let spend = rows(
        conn,
        "select cast(date_trunc('month', stat_date) as date)::varchar, channel, sum(spend)::double
         from main.int_marketing__ad_performance_daily group by 1, 2 order by 1, 2",
        |r| Ok(SpendMonth { month_start: r.get(0)?, channel: r.get(1)?, spend: r.get(2)? }),
    )
    .map_err(|e| fail("int_marketing__ad_performance_daily", e))?;
    let platforms = rows(
        conn,
        "with ads as (
             select channel, sum(spend)::double as spend, sum(platform_conversions) as platform_conversions
             from main.int_marketing__ad_performance_daily group by 1)
         select a.channel, a.spend, a.platform_conversions,
                (select attributed_signups from main.marketing_channel_performance p where p.channel = a.channel and p.attribution_model = 'last_touch'),
                (select attributed_signups from main.marketing_channel_performance p where p.channel = a.channel and p.attribution_model = 'first_touch')
         from ads as a order by 1",
        |r| Ok(PlatformRow { channel: r.get(0)?, spend: r.get(1)?, platform_conversions: r.get(2)?, signups_last_touch: r.get(3)?, signups_first_touch: r.get(4)? }),
    )
    .map_err(|e| fail("int_marketing__ad_performance_daily", e))?;
    let trials = rows(
        conn,
        &format!(
            "with t as (select account_id, min(trial_started_at) as trial_at from main.entity_subscriptions where trial_started_at is not null group by 1)
             select cast(date_trunc('month', t.trial_at) as date)::varchar, count(*),
                    count(*) filter (where c.first_payment_at between t.trial_at and t.trial_at + interval 30 day),
                    max(t.trial_at) + interval 30 day <= cast('{}' as timestamp)
             from t inner join main.entity_customers as c using (account_id)
             group by 1 order by 1",
            dataset.end()
        ),
        |r| Ok(TrialMonth { month_start: r.get(0)?, trials: r.get(1)?, paid_within_30d: r.get(2)?, complete: r.get(3)? }),
    )
    .map_err(|e| fail("entity_subscriptions", e))?;
    // An account paying in a month (MRR above zero) and not in the next is lost in the next.
    let segment_churn = rows(
        conn,
        "with m as (
             select b.account_id, b.month_start, b.mrr, c.segment
             from main.int_billing__account_mrr_monthly as b inner join main.entity_customers as c using (account_id)),
         last as (select max(month_start) as month_start from m)
         select cast(cast(p.month_start + interval 1 month as date) as varchar), p.segment, count(*),
                count(*) filter (where coalesce(n.mrr, 0) = 0)
         from m as p cross join last
         left join m as n on n.account_id = p.account_id and n.month_start = p.month_start + interval 1 month
         where p.mrr > 0 and p.month_start < last.month_start
         group by 1, 2 order by 1, 2",
        |r| Ok(SegmentMonth { month_start: r.get(0)?, segment: r.get(1)?, paying_at_start: r.get(2)?, churned: r.get(3)? }),
    )
    .map_err(|e| fail("int_billing__account_mrr_monthly", e))?;
    let firmware = rows(
        conn,
        "select cast(date_trunc('month', event_at) as date)::varchar, firmware_version, count(distinct device_id)
         from main.stg_iot__device_events where firmware_version is not null group by 1, 2 order by 1, 2",
        |r| Ok(FirmwareMonth { month_start: r.get(0)?, firmware_version: r.get(1)?, devices: r.get(2)? }),
    )
    .map_err(|e| fail("stg_iot__device_events", e))?;
    Ok(Figures { header, months, cohorts, risk_bands, fleet, channels, defects, shocks, plans, segments, health, funnel, alerts, spend, platforms, trials, segment_churn, firmware, guards: Vec::new() })
}

/// Run the data tests that guard each damaged table: those on the source table itself and on the
/// models reading it directly (dbt's `source:x.y+1`, tests included), on this warehouse.
pub fn guards(dataset: &Dataset, defects: &[Defects], project: &Project, renderer: &Renderer, conn: &Connection) -> Result<Vec<Guard>> {
    let parsed = materialize::parse(project, renderer)?;
    let graph = materialize::graph(project, renderer, &parsed)?;
    let mut tables: Vec<&str> = defects.iter().map(|d| d.table.as_str()).collect();
    tables.dedup();
    let mut by_table: Vec<(String, Vec<String>)> = Vec::new();
    for table in tables {
        // A table the project does not declare as a source (none today) has no guards to show.
        let Ok(chosen) = graph.select(&[format!("source:{table}+1")], &[]) else { continue };
        by_table.push((table.to_string(), chosen.into_iter().filter_map(|n| if let Node::Test(t) = n { Some(t) } else { None }).collect()));
    }
    let wanted: BTreeSet<String> = by_table.iter().flat_map(|(_, tests)| tests.iter().cloned()).collect();
    // `saaslab test` on this warehouse and project saved its verdicts: the same answers, no rerun.
    let verdicts = match checks::saved(dataset, project, &wanted) {
        Some(saved) => saved,
        None => checks::run(project, renderer, conn, Some(&wanted), &mut Silent)?.tests.into_iter().map(|t| (t.name, (t.status.to_string(), t.failures))).collect(),
    };
    let mut out = Vec::new();
    for (table, tests) in by_table {
        for test in tests {
            let Some((status, failures)) = verdicts.get(&test) else { continue };
            let kind = graph.nodes.get(&Node::Test(test.clone())).map(|f| f.test_name.clone()).unwrap_or_default();
            out.push(Guard { table: table.clone(), test, test_name: kind, status: status.clone(), failures: *failures });
        }
    }
    Ok(out)
}

fn rows<T>(conn: &Connection, sql: &str, map: impl FnMut(&duckdb::Row<'_>) -> duckdb::Result<T>) -> duckdb::Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let out = stmt.query_map([], map)?.collect();
    out
}

/// A shock as a dated label on the time axes.
fn shock_mark(shock: &Shock) -> ShockMark {
    let (date, label) = match shock {
        Shock::PriceIncrease { date, increase, .. } => (date.to_string(), format!("price +{:.0} %", increase * 100.0)),
        Shock::FirmwareOutage { date, device_sku, .. } => (date.to_string(), format!("{device_sku} firmware outage")),
        Shock::Recession { start, .. } => (start.to_string(), "recession".to_string()),
        Shock::CompetitorLaunch { date, .. } => (date.to_string(), "competitor launch".to_string()),
        Shock::MarketingPush { start, .. } => (start.to_string(), "marketing push".to_string()),
    };
    ShockMark { date, label }
}
