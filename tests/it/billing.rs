//! The Stripe ledger adds up: invoices, charges, refunds and balance transactions reconcile to
//! the cent, MRR rebuilt from the raw tables equals the simulator's truth, subscription
//! statuses move only as Stripe allows, and a price increase drives churn at renewal.

use crate::common::*;

/// The shared billing dataset of a scenario (`_name` says which test reads it).
fn billing_dataset(_name: &str, scenario: &str) -> (std::path::PathBuf, duckdb::Connection) {
    let dir = dataset(&["--scenario", scenario, "--customers", "1500", "--locations", "2300", "--start", "2022-01-01", "--end", "2024-12-31", "--quiet"]);
    let db = duck(&dir);
    (dir, db)
}

#[test]
fn invoices_charges_refunds_and_balance_transactions_reconcile() {
    let (_, db) = billing_dataset("stripe-reconcile", "baseline");
    let zero = [
        ("line items sum to the subtotal", "select count(*) from stripe_invoice i left join (select invoice_id, sum(amount) s from stripe_invoice_line_item group by 1) l on l.invoice_id = i.id where coalesce(l.s, 0) <> i.subtotal"),
        ("total = subtotal + tax - discounts", "select count(*) from stripe_invoice where total <> subtotal + tax - total_discount_amount"),
        ("amount due after customer credit", "select count(*) from stripe_invoice where amount_due <> greatest(0, total + starting_balance) or ending_balance <> least(0, total + starting_balance)"),
        ("amount_paid = succeeded charges", "select count(*) from stripe_invoice i left join (select invoice_id, sum(amount) s from stripe_charge where status = 'succeeded' group by 1) c on c.invoice_id = i.id where i.amount_paid <> coalesce(c.s, 0)"),
        ("paid invoices are paid in full", "select count(*) from stripe_invoice where (status = 'paid') <> (amount_remaining = 0) or amount_remaining <> amount_due - amount_paid"),
        ("refunds never exceed their charge", "select count(*) from stripe_charge c join (select charge_id, sum(amount) r from stripe_refund where status <> 'failed' group by 1) r on r.charge_id = c.id where r.r > c.amount or c.amount_refunded <> r.r"),
        ("a failed refund is given back, once", "select count(*) from stripe_refund r left join stripe_balance_transaction b on b.source = r.id and b.type = 'refund_failure' where (r.status = 'failed') <> (b.id is not null)"),
        ("a pending refund's transaction is pending", "select count(*) from stripe_refund r join stripe_balance_transaction b on b.source = r.id and b.type = 'refund' where (r.status = 'pending') <> (b.status = 'pending')"),
        ("refunds only of succeeded charges", "select count(*) from stripe_refund r join stripe_charge c on c.id = r.charge_id where c.status <> 'succeeded'"),
        ("every balance transaction has its source", "select count(*) from stripe_balance_transaction b left join stripe_charge c on c.id = b.source left join stripe_refund r on r.id = b.source where c.id is null and r.id is null"),
        ("charge fee and net", "select count(*) from stripe_balance_transaction where net <> amount - fee"),
        // Money by country: one currency per customer, on everything billed to it.
        ("invoices in the customer's currency", "select count(*) from stripe_invoice i join stripe_customer c on c.id = i.customer_id where i.currency <> c.currency"),
        ("lines in the invoice's currency", "select count(*) from stripe_invoice_line_item l join stripe_invoice i on i.id = l.invoice_id where l.currency <> i.currency"),
        ("prices in the invoice's currency", "select count(*) from stripe_invoice_line_item l join stripe_price p on p.id = l.price_id where l.currency <> p.currency"),
        ("charges in the invoice's currency", "select count(*) from stripe_charge c join stripe_invoice i on i.id = c.invoice_id where c.currency <> i.currency"),
        // Tax: the lines add up to the invoice's tax, which is the rate on the discounted subtotal.
        ("line taxes sum to the invoice's tax", "select count(*) from stripe_invoice i left join (select invoice_id, sum(tax_amount) t from stripe_invoice_line_item group by 1) l on l.invoice_id = i.id where coalesce(l.t, 0) <> i.tax"),
        ("tax = rate x (subtotal - discount)", "select count(*) from stripe_invoice i join (select distinct invoice_id, tax_rate_id from stripe_invoice_line_item where tax_rate_id is not null) l on l.invoice_id = i.id join stripe_tax_rate r on r.id = l.tax_rate_id where i.tax <> round((i.subtotal - i.total_discount_amount) * cast(r.percentage as decimal(9, 4)) / 100)"),
        ("taxed invoices name their rate", "select count(*) from stripe_invoice i where i.tax <> 0 and not exists (select 1 from stripe_invoice_line_item l where l.invoice_id = i.id and l.tax_rate_id is not null)"),
        ("the rate is the customer's country's (and state's)", "select count(*) from stripe_invoice_line_item l join stripe_invoice i on i.id = l.invoice_id join stripe_customer c on c.id = i.customer_id join stripe_tax_rate r on r.id = l.tax_rate_id where r.country <> c.address_country or coalesce(r.state, c.address_state) <> c.address_state"),
        ("reverse charge: no tax", "select count(*) from stripe_invoice i join stripe_customer c on c.id = i.customer_id where c.tax_exempt = 'reverse' and i.tax <> 0"),
        // Settlement: every balance transaction in dollars, converted at its exchange rate.
        ("settled in dollars", "select count(*) from stripe_balance_transaction where currency <> 'usd'"),
        ("charges settle at their exchange rate", "select count(*) from stripe_balance_transaction b join stripe_charge c on c.id = b.source where b.amount <> round(c.amount * coalesce(cast(b.exchange_rate as decimal(18, 6)), 1)) or (c.currency = 'usd') <> (b.exchange_rate is null)"),
        ("refunds settle at their exchange rate", "select count(*) from stripe_balance_transaction b join stripe_refund r on r.id = b.source where abs(b.amount) <> round(r.amount * coalesce(cast(b.exchange_rate as decimal(18, 6)), 1)) or sign(b.amount) <> case b.type when 'refund' then -1 else 1 end"),
    ];
    for (what, sql) in zero {
        assert_eq!(count(&db, sql), 0, "{what}");
    }
    let net = count(&db, "select sum(net) from stripe_balance_transaction where exchange_rate is null");
    let expected = count(&db, "select (select sum(amount) from stripe_charge where status = 'succeeded' and currency = 'usd') - (select coalesce(sum(amount), 0) from stripe_refund where currency = 'usd' and status <> 'failed') - (select sum(fee) from stripe_balance_transaction where exchange_rate is null)");
    assert_eq!(net, expected, "dollar balance transactions net to charges - refunds - fees");
    // Money by country is not trivial: several currencies, taxed and reverse-charged invoices,
    // and conversion rates that move.
    assert!(count(&db, "select count(distinct currency) from stripe_invoice") >= 4, "invoices in at least four currencies");
    assert!(count(&db, "select count(distinct i.currency) from stripe_invoice i where i.tax > 0") >= 3, "tax charged in at least three currencies");
    assert!(count(&db, "select count(*) from stripe_customer where tax_exempt = 'reverse'") > 0, "reverse-charged customers");
    assert!(count(&db, "select count(distinct exchange_rate) from stripe_balance_transaction") > 100, "exchange rates vary by day");
    // The ledger is not trivial: failures, retries, refunds, credits and discounts all occur.
    for (what, sql) in [
        ("failed charges", "select count(*) from stripe_charge where status = 'failed'"),
        ("refunds", "select count(*) from stripe_refund"),
        ("failed refunds", "select count(*) from stripe_refund where status = 'failed'"),
        ("prorations", "select count(*) from stripe_invoice_line_item where proration"),
        ("discounts", "select count(*) from stripe_invoice where total_discount_amount > 0"),
        ("trials", "select count(*) from stripe_invoice where billing_reason = 'subscription_create' and total = 0"),
    ] {
        assert!(count(&db, sql) > 0, "no {what} in the ledger");
    }
}

#[test]
fn mrr_rebuilt_from_raw_stripe_equals_the_truth_to_the_cent() {
    let (_, db) = billing_dataset("stripe-mrr", "baseline");
    // At each month start: the subscription in force, and the latest non-credit line of each of
    // its items. Comparable where that subscription has a later renewal invoice (so every
    // proration covering the date is invoiced), or where no subscription is in force.
    let sql = "
        with points as (
            select t.account_id, a.stripe_customer_id as customer_id, t.as_of, t.local_mrr_cents as mrr_cents
            from truth_mrr t join app_accounts a on a.id = t.account_id),
        in_force as (
            select p.*, h.id as subscription_id
            from points p left join stripe_subscription_history h
              on h.customer_id = p.customer_id and h._fivetran_start <= p.as_of and p.as_of < h._fivetran_end
             and h.status in ('active', 'past_due')),
        comparable as (
            select * from in_force f
            where f.subscription_id is null or exists (
                select 1 from stripe_invoice i where i.subscription_id = f.subscription_id
                and i.billing_reason = 'subscription_cycle' and i.period_start > f.as_of)),
        latest_lines as (
            select c.account_id, c.as_of, l.quantity, l.price_id,
                   row_number() over (partition by c.account_id, c.as_of, l.subscription_item_id
                                      order by l.period_start desc, l.proration desc) as rn
            from comparable c join stripe_invoice_line_item l
              on l.subscription_id = c.subscription_id and l.period_start <= c.as_of and c.as_of < l.period_end
            where not (l.proration and l.description like 'Unused time%')),
        raw as (
            select account_id, as_of,
                   sum(l.quantity * p.unit_amount // case when p.recurring_interval = 'year' then 12 else p.recurring_interval_count end) as mrr
            from latest_lines l join stripe_price p on p.id = l.price_id
            where rn = 1 group by all)
        select count(*), count(*) filter (where coalesce(raw.mrr, 0) <> c.mrr_cents), count(*) filter (where c.mrr_cents > 0)
        from comparable c left join raw using (account_id, as_of)";
    let (points, wrong, paying): (i64, i64, i64) = db.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    println!("MRR from raw line items vs truth: {points} account-months compared ({paying} paying), {wrong} differ");
    assert!(paying > 5000, "too few paying account-months compared: {paying}");
    assert_eq!(wrong, 0);

    // At the end of the data, from the current subscription items.
    let sql = "
        with current as (
            select s.customer_id, sum(i.quantity * p.unit_amount // case when p.recurring_interval = 'year' then 12 else p.recurring_interval_count end) as mrr
            from stripe_subscription_history s join stripe_subscription_item i on i.subscription_id = s.id
            join stripe_price p on p.id = i.price_id
            where s._fivetran_active and s.status in ('active', 'past_due') group by 1)
        select count(*) filter (where coalesce(c.mrr, 0) <> t.local_mrr_cents)
        from truth_mrr t join app_accounts a on a.id = t.account_id left join current c on c.customer_id = a.stripe_customer_id
        where t.as_of = (select max(as_of) from truth_mrr)";
    assert_eq!(count(&db, sql), 0, "MRR at the end from subscription items");
    // Reported MRR is the local MRR at finance's planning rate, rounded once; the truth's
    // currency is the customer's.
    let sql = "
        select count(*) filter (where t.mrr_cents <> round(t.local_mrr_cents * cast(r.usd_per_unit as decimal(18, 6))))
             + count(*) filter (where r.currency is null)
             + count(*) filter (where t.currency <> c.currency)
        from truth_mrr t
        join app_accounts a on a.id = t.account_id
        join stripe_customer c on c.id = a.stripe_customer_id
        left join finance_fx_rates r on lower(r.currency) = t.currency";
    assert_eq!(count(&db, sql), 0, "truth MRR in dollars is the local MRR at the planning rate");
    assert!(count(&db, "select count(*) from truth_mrr where currency <> 'usd' and mrr_cents > 0 and mrr_cents <> local_mrr_cents") > 100, "MRR in other currencies");
    // Movements reconcile: opening + movements = closing, month by month.
    let sql = "select count(*) from truth_mrr where previous_mrr_cents <> coalesce((select t2.mrr_cents from truth_mrr t2 where t2.account_id = truth_mrr.account_id and t2.as_of < truth_mrr.as_of order by t2.as_of desc limit 1), 0)";
    assert_eq!(count(&db, sql), 0, "each month's previous MRR is the last month's MRR");
}

#[test]
fn subscription_statuses_move_as_stripe_allows_and_delinquency_is_exact() {
    let (_, db) = billing_dataset("stripe-status", "baseline");
    let sql = "
        with h as (
            select id, status, lag(status) over (partition by id order by _fivetran_start) as previous
            from stripe_subscription_history)
        select coalesce(previous, 'created') || ' -> ' || status from h
        where previous is distinct from status group by 1 order by 1";
    let mut stmt = db.prepare(sql).unwrap();
    let moves: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    let allowed = [
        "created -> trialing", "created -> active", "trialing -> active", "trialing -> canceled",
        "active -> past_due", "active -> canceled", "past_due -> active", "past_due -> unpaid",
        "past_due -> canceled", "unpaid -> canceled", "unpaid -> active",
    ];
    for m in &moves {
        assert!(allowed.contains(&m.as_str()), "Stripe does not move a subscription {m}");
    }
    for needed in ["active -> past_due", "past_due -> active", "past_due -> unpaid", "trialing -> canceled"] {
        assert!(moves.iter().any(|m| m == needed), "no subscription ever moved {needed}");
    }
    assert_eq!(count(&db, "select count(*) from (select id from stripe_subscription_history where _fivetran_active group by id having count(*) <> 1)"), 0, "one active history row per subscription");
    assert_eq!(count(&db, "
        select count(*) from stripe_invoice i join (select id, max(ended_at) as ended from stripe_subscription_history group by 1) s
        on s.id = i.subscription_id where i.period_start >= s.ended"), 0, "an invoice for a period after its subscription ended");
    assert_eq!(count(&db, "
        select count(*) from stripe_customer c left join (select distinct customer_id from stripe_invoice where status = 'open' and amount_remaining > 0) o
        on o.customer_id = c.id where c.delinquent <> (o.customer_id is not null)"), 0, "delinquent = has an unpaid open invoice at the end");
    for (what, sql) in [
        ("accounts → customers", "select count(*) from app_accounts a left join stripe_customer c on c.id = a.stripe_customer_id where c.id is null"),
        ("customer metadata → account", r#"select count(*) from stripe_customer c left join app_accounts a on regexp_extract(c.metadata, '"app_account_id":"([0-9]+)"', 1)::bigint = a.id where a.id is null"#),
        ("devices → subscription items", "select count(*) from app_devices d left join stripe_subscription_item s on s.id = d.stripe_subscription_item_id where s.id is null"),
        ("device models → products", "select count(*) from app_device_models m left join stripe_product p on p.id = m.stripe_product_id where p.id is null"),
        ("prices → products", "select count(*) from stripe_price p left join stripe_product r on r.id = p.product_id where r.id is null"),
        ("line items → invoices, items, prices", "select count(*) from stripe_invoice_line_item l left join stripe_invoice i on i.id = l.invoice_id left join stripe_subscription_item s on s.id = l.subscription_item_id left join stripe_price p on p.id = l.price_id where i.id is null or s.id is null or p.id is null"),
        ("charges → invoices", "select count(*) from stripe_charge c left join stripe_invoice i on i.id = c.invoice_id where i.id is null"),
        ("discounts → coupons", "select count(*) from stripe_discount d left join stripe_coupon c on c.id = d.coupon_id where c.id is null"),
    ] {
        assert_eq!(count(&db, sql), 0, "unresolved: {what}");
    }
}

#[test]
fn a_price_increase_drives_churn_at_renewal() {
    // Subscriptions renewing in the three months after the increase: how many cancel within
    // 90 days of that renewal.
    let rate = |scenario: &str| {
        let (_, db) = billing_dataset(&format!("stripe-price-{scenario}"), scenario);
        number(&db, "
            with renewals as (
                select subscription_id, min(created) as renewed from stripe_invoice
                where billing_reason = 'subscription_cycle' and created >= timestamp '2024-03-01' and created < timestamp '2024-06-01'
                group by 1),
            ends as (select id, max(canceled_at) as canceled from stripe_subscription_history group by 1)
            select avg(case when e.canceled >= r.renewed and e.canceled < r.renewed + interval 90 day then 1.0 else 0.0 end)
            from renewals r join ends e on e.id = r.subscription_id")
    };
    let (base, raised) = (rate("baseline"), rate("price_increase"));
    println!("cancelled within 90 days of a Mar–May 2024 renewal: baseline {:.1}%, price_increase {:.1}% ({:.2}×)", base * 100.0, raised * 100.0, raised / base);
    assert!(raised > 1.2 * base, "price increase: {raised:.4} vs baseline {base:.4}");
}
