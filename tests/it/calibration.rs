//! The default world reads like a real B2B SaaS company: its figures, computed from the raw
//! tables and the pipeline the way a learner would (never from `truth/`), land inside the
//! published ranges the README's calibration table cites; bigger customers churn less and
//! expand more on other seeds too; and `generate`'s vital signs are the same figures.

use crate::common::*;
use std::collections::BTreeMap;

type BySegment = BTreeMap<String, f64>;

fn by_segment(conn: &duckdb::Connection, sql: &str) -> BySegment {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?))).unwrap().map(Result::unwrap).collect()
}

/// Monthly logo churn by segment: paying at a month start, not at the next, over paying, for
/// the month starts from `since` (the pipeline's MRR rebuilt from Stripe).
fn logo_churn(w: &duckdb::Connection, since: &str) -> BySegment {
    by_segment(
        w,
        &format!(
            "with m as (
                select a.segment, s.month_start, s.mrr,
                       lead(s.mrr) over (partition by s.account_id order by s.month_start) as next_mrr
                from int_billing__account_mrr_monthly s join stg_app__accounts a using (account_id))
            select segment, count(*) filter (where next_mrr = 0) / count(*)
            from m where mrr > 0 and next_mrr is not null and month_start >= date '{since}'
            group by 1"
        ),
    )
}

/// 12-month net and gross revenue retention by segment, from month start `t0` to `t1`.
fn retention(w: &duckdb::Connection, t0: &str, t1: &str) -> (BySegment, BySegment) {
    let sql = |capped: bool| {
        let kept = if capped { "least(coalesce(b.mrr, 0), a.mrr)" } else { "coalesce(b.mrr, 0)" };
        format!(
            "with a as (select account_id, mrr from int_billing__account_mrr_monthly where month_start = date '{t0}' and mrr > 0),
                  b as (select account_id, mrr from int_billing__account_mrr_monthly where month_start = date '{t1}')
             select s.segment, sum({kept}) / sum(a.mrr)
             from a left join b using (account_id) join stg_app__accounts s using (account_id) group by 1"
        )
    };
    (by_segment(w, &sql(false)), by_segment(w, &sql(true)))
}

fn within(what: &str, value: f64, low: f64, high: f64) {
    println!("{what}: {:.2} % (published range {:.1}–{:.1} %)", value * 100.0, low * 100.0, high * 100.0);
    assert!(value >= low && value <= high, "{what} = {:.3} %, outside {:.1}–{:.1} %", value * 100.0, low * 100.0, high * 100.0);
}

#[test]
fn the_default_world_lands_in_published_saas_ranges() {
    let dir = built(CANONICAL);
    let w = warehouse(&dir);
    let raw = duck(&dir);

    // Monthly logo churn, 2021–2025 (Tunguz, SaaStr: SMB 3–7 %, mid-market 1–2 %, enterprise 0.5–1 %).
    let churn = logo_churn(&w, "2021-01-01");
    within("monthly logo churn, smb", churn["smb"], 0.03, 0.07);
    within("monthly logo churn, mid_market", churn["mid_market"], 0.01, 0.02);
    within("monthly logo churn, enterprise", churn["enterprise"], 0.005, 0.01);

    // 12-month NRR and GRR, Dec 2024 → Dec 2025. NRR rises with account size (ChartMogul 2023:
    // 82 % at the top decile below $25 ARPA, 126 % above $1,000; SMB median ≈ 97 %, enterprise
    // ≈ 118 % (Benchmarkit)); GRR median 90–93 % (SaaS Capital 2023), SMB lower.
    let (nrr, grr) = retention(&w, "2024-12-01", "2025-12-01");
    within("NRR, smb", nrr["smb"], 0.85, 1.00);
    within("NRR, mid_market", nrr["mid_market"], 0.97, 1.08);
    within("NRR, enterprise", nrr["enterprise"], 1.03, 1.20);
    within("GRR, smb", grr["smb"], 0.75, 0.90);
    within("GRR, mid_market", grr["mid_market"], 0.85, 0.95);
    within("GRR, enterprise", grr["enterprise"], 0.88, 0.97);

    // Trials (Stripe): card-required trials convert 40–60 %; enterprise buys through sales.
    let trials = "with subs as (
            select id, max(trial_end) as trial_end, bool_or(status = 'trialing') as trialed, bool_or(status = 'active') as paid
            from stripe_subscription_history group by id)
        select count(*) filter (where paid) / count(*) from subs where trialed and trial_end < timestamp '2025-12-31'";
    within("trial → paid", number(&raw, trials), 0.40, 0.60);
    let enterprise_trials = number(&raw, "select avg(case when trial_ends_at is not null then 1.0 else 0.0 end) from app_accounts where segment = 'enterprise' and not _fivetran_deleted");
    within("enterprise accounts that start on a self-serve trial", enterprise_trials, 0.0, 0.05);

    // Involuntary churn: of paid subscriptions that were cancelled, the share that went unpaid
    // first (Recurly: 1.38 of 4.91 points a month, ≈ 28 %).
    let involuntary = "with subs as (
            select id, bool_or(status = 'active') as paid, bool_or(status = 'unpaid') as unpaid, bool_or(status = 'canceled') as canceled
            from stripe_subscription_history group by id)
        select count(*) filter (where unpaid) / count(*) from subs where paid and canceled";
    within("involuntary share of churn", number(&raw, involuntary), 0.20, 0.40);

    // Email (Mailchimp all-industry: opens 20–45 %, clicks 2–3 % of sends; unsubscribes and bounces rare).
    let rate = |name: &str| {
        number(&raw, &format!("select count(*) filter (where event_name = '{name}') / count(*) filter (where event_name = 'emailSend') from iterable_event"))
    };
    within("email opens per send", rate("emailOpen"), 0.20, 0.45);
    within("email clicks per send", rate("emailClick"), 0.02, 0.035);
    within("email bounces per send", rate("emailBounce"), 0.002, 0.02);
    within("email unsubscribes per send", rate("emailUnSubscribe"), 0.0005, 0.005);
}

/// The churn-risk bands an account manager works from: on 2025-07-01, paying customers by band
/// and whether they churned within 90 days (gone, or neither active nor past due, 90 days on —
/// exercise 2.6's definition).
#[test]
fn the_high_churn_risk_band_holds_the_churners_at_a_precision_an_account_manager_can_use() {
    let dir = built(CANONICAL);
    let w = warehouse(&dir);
    let sql = "with past as (
            select account_id, churn_risk_score, churn_risk_category from entity_customers_daily
            where snapshot_date = date '2025-07-01' and monthly_recurring_revenue > 0),
        later as (select account_id, subscription_status from entity_customers_daily where snapshot_date = date '2025-09-29')
        select p.churn_risk_score, p.churn_risk_category,
               l.subscription_status is null or l.subscription_status not in ('active', 'past_due') as churned
        from past p left join later l using (account_id)";
    let mut stmt = w.prepare(sql).unwrap();
    let rows: Vec<(f64, String, bool)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    let churners = rows.iter().filter(|r| r.2).count() as f64;
    let base = churners / rows.len() as f64;
    let band = |name: &str| {
        let members: Vec<_> = rows.iter().filter(|r| r.1 == name).collect();
        let churned = members.iter().filter(|r| r.2).count() as f64;
        (members.len(), churned / members.len().max(1) as f64, churned / churners)
    };
    let scores: Vec<(f64, bool)> = rows.iter().map(|r| (r.0, r.2)).collect();
    let auc = crate::pipeline::auc(&scores);
    println!("{} paying customers on 2025-07-01, {churners} churned within 90 days (base rate {:.1} %); ROC AUC {auc:.3}", rows.len(), base * 100.0);
    for name in ["high", "medium", "low"] {
        let (n, precision, recall) = band(name);
        println!("  {name:<6} {n:>6} customers, {:.1} % churned (precision), {:.1} % of the churners (recall)", precision * 100.0, recall * 100.0);
    }
    let (high_n, high_precision, high_recall) = band("high");
    let (_, medium_precision, _) = band("medium");
    let (_, low_precision, _) = band("low");
    assert!(high_n >= 50, "the high band is too small to act on: {high_n}");
    assert!(high_precision >= 3.0 * base, "high band precision {high_precision:.3} is not several times the base rate {base:.3}");
    assert!(high_recall >= 0.3, "the high band holds only {:.1} % of the churners", high_recall * 100.0);
    assert!(high_precision > medium_precision && medium_precision > low_precision, "bands out of order");
    assert!(auc >= 0.75, "ROC AUC {auc:.3} < 0.75");
}

/// Bigger customers churn less and expand more, on seeds other than the canonical one.
#[test]
fn enterprise_churns_least_and_retains_most_on_other_seeds() {
    for seed in ["7", "1234"] {
        let o = saaslab(&["generate", "--out", scratch(&format!("calibration-seed-{seed}")).join("data").to_str().unwrap(),
            "--customers", "6000", "--locations", "9000", "--start", "2021-01-01", "--seed", seed, "--json"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let v = &summary["vitals"]["segments"];
        let figure = |segment: &str, name: &str| v[segment][name].as_f64().unwrap_or_else(|| panic!("seed {seed}: no {name} for {segment}"));
        let line = |name: &str| ["smb", "mid_market", "enterprise"].map(|s| figure(s, name));
        let (churn, nrr, grr) = (line("monthly_logo_churn"), line("nrr_12m"), line("grr_12m"));
        println!("seed {seed}: logo churn {churn:?}, NRR {nrr:?}, GRR {grr:?} (smb, mid_market, enterprise)");
        assert!(churn[0] > churn[1] && churn[1] > churn[2], "seed {seed}: churn not falling with size: {churn:?}");
        assert!(nrr[0] < nrr[1] && nrr[1] < nrr[2], "seed {seed}: NRR not rising with size: {nrr:?}");
    }
}

/// `generate`'s vital signs are the billing truth's figures, by the definitions a learner uses;
/// the warehouse's (MRR rebuilt from Stripe's invoice lines) are close behind — they lag
/// where Stripe has not yet invoiced a mid-period change of an annual contract.
#[test]
fn the_vital_signs_are_the_truths_figures_and_the_warehouse_is_close() {
    let dir = scratch("calibration-vitals").join("data");
    let o = generate(&dir, &["--customers", "3000", "--locations", "4500", "--start", "2023-01-01", "--end", "2025-06-30", "--json"]);
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let v = &summary["vitals"];
    assert_eq!(v["as_of"], "2025-06-01");
    assert_eq!(v["since"], "2024-06-01");
    let b = saaslab(&["build", "--data", dir.to_str().unwrap(), "--quiet"]);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    // The truth, shaped like the warehouse's two relations, so the same queries read both.
    let truth = duck(&dir);
    truth
        .execute_batch(
            "create view int_billing__account_mrr_monthly as
                select account_id, cast(as_of as date) as month_start, mrr_cents / 100.0 as mrr
                from truth_mrr where as_of <= timestamp '2025-06-01';
             create view stg_app__accounts as select account_id, segment from truth_accounts;",
        )
        .unwrap();
    let w = warehouse(&dir);
    let (truth_churn, (truth_nrr, truth_grr)) = (logo_churn(&truth, "2024-06-01"), retention(&truth, "2024-06-01", "2025-06-01"));
    let (churn, (nrr, grr)) = (logo_churn(&w, "2024-06-01"), retention(&w, "2024-06-01", "2025-06-01"));
    for segment in ["smb", "mid_market", "enterprise"] {
        let s = &v["segments"][segment];
        let check = |name: &str, truth: f64, warehouse: f64, lag: f64| {
            let got = s[name].as_f64().unwrap();
            println!("{segment} {name}: vitals {got:.4}, truth {truth:.4}, warehouse {warehouse:.4}");
            assert!((got - truth).abs() < 1e-4, "{segment} {name}: vitals {got}, truth {truth}");
            assert!((warehouse - truth).abs() <= lag, "{segment} {name}: warehouse {warehouse}, truth {truth}");
        };
        check("monthly_logo_churn", truth_churn[segment], churn[segment], 0.002);
        check("nrr_12m", truth_nrr[segment], nrr[segment], 0.10);
        check("grr_12m", truth_grr[segment], grr[segment], 0.10);
        assert!(nrr[segment] <= truth_nrr[segment] + 0.005, "{segment}: the warehouse's NRR runs ahead of the truth");
        let customers = count(&w, &format!("select count(*) from int_billing__account_mrr_monthly join stg_app__accounts using (account_id) where month_start = date '2025-06-01' and mrr > 0 and segment = '{segment}'"));
        assert_eq!(s["customers"].as_i64().unwrap(), customers, "{segment} customers");
    }
}

/// Involuntary churn is caused by dunning: every subscription cancelled after going unpaid has
/// failed charges before its cancellation and no succeeded charge after its last failure; a
/// declined card is often rescued by a later charge; and no active account has all its
/// locations closed (a business that closes cancels).
#[test]
fn involuntary_churn_follows_failed_charges_and_closed_businesses_cancel() {
    let dir = dataset(THREE_YEARS);
    let db = duck(&dir);
    let involuntary = "with unpaid as (
            select id, max(canceled_at) as canceled_at
            from stripe_subscription_history group by id
            having bool_or(status = 'unpaid') and bool_or(status = 'canceled'))
        select u.id, u.canceled_at,
               count(c.id) filter (where c.status = 'failed' and c.created <= u.canceled_at) as failed_before,
               max(c.created) filter (where c.status = 'failed') as last_failure,
               count(c.id) filter (where c.status = 'succeeded' and c.created > (
                   select max(c2.created) from stripe_charge c2 join stripe_invoice i2 on i2.id = c2.invoice_id
                   where i2.subscription_id = u.id and c2.status = 'failed')) as succeeded_after
        from unpaid u
        left join stripe_invoice i on i.subscription_id = u.id
        left join stripe_charge c on c.invoice_id = i.id
        group by 1, 2";
    let mut stmt = db.prepare(involuntary).unwrap();
    let rows: Vec<(String, i64, i64)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(2)?, r.get(4)?))).unwrap().map(Result::unwrap).collect();
    println!("{} subscriptions cancelled for non-payment", rows.len());
    assert!(rows.len() >= 50, "too few involuntary cancellations to judge: {}", rows.len());
    for (id, failed_before, succeeded_after) in &rows {
        assert!(*failed_before >= 1, "{id}: cancelled as unpaid with no failed charge before");
        assert_eq!(*succeeded_after, 0, "{id}: a charge succeeded after its last failure, yet it was cancelled as unpaid");
    }
    // Dunning also rescues: some invoices are paid by a retry after a failed attempt.
    let rescued = count(&db, "select count(*) from stripe_invoice i where i.status = 'paid'
        and exists (select 1 from stripe_charge c where c.invoice_id = i.id and c.status = 'failed')");
    println!("{rescued} invoices paid after a failed charge");
    assert!(rescued > 0, "no declined card was ever rescued");

    let open_without_locations = count(&db, "select count(*) from (
            select * from app_accounts where not _fivetran_deleted
            qualify row_number() over (partition by id order by updated_at desc) = 1) a
        where a.status = 'active'
          and not exists (select 1 from app_locations l where l.account_id = a.id and l.closed_at is null)
          and exists (select 1 from app_locations l where l.account_id = a.id)");
    assert_eq!(open_without_locations, 0, "active accounts whose locations have all closed");
    let closed = count(&db, "select count(*) from truth_accounts where churn_reason = 'business_closed'");
    println!("{closed} businesses closed and cancelled");
    assert!(closed > 0, "no business ever closed");
}
