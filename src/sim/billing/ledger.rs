//! The Stripe ledger of one account: the rows a subscription's events leave behind — history
//! snapshots, invoices and their lines, payment attempts, refunds, balance transactions.

use super::super::fleet::FleetSummary;
use super::super::ids::stripe_id;
use super::super::life::AccountLife;
use super::super::money::{convert, USD};
use super::super::time::{date_of, DAY, HOUR, SECOND};
use super::super::Context;
use super::catalog::{Catalog, Unit, UNITS};
use super::{coupon_id, customer_id, item_id, subscription_id, Plan, COUPONS};
use crate::rng::{stream, Kind, Rng};
use crate::tables::*;
use crate::world::taxes::{self, TaxRate};
use rand::RngExt;

/// Retries of a failed invoice payment, in days after the first attempt.
const ATTEMPT_DAYS: [i64; 4] = [0, 3, 5, 7];
const FAILURES: &[(&str, &str)] = &[
    ("card_declined", "Your card was declined."),
    ("insufficient_funds", "Your card has insufficient funds."),
    ("expired_card", "Your card has expired."),
];
/// Stripe's card pricing: 2.9 % + 30¢, and 1.5 % more for a card issued outside the US.
const CARD_FEE: f64 = 0.029;
const INTERNATIONAL_CARD_FEE: f64 = 0.015;
const FIXED_FEE_CENTS: i64 = 30;

/// An invoice line before it is written.
pub struct Line {
    unit: Unit,
    price_id: String,
    amount: i64,
    quantity: i64,
    period: (i64, i64),
    proration: bool,
    description: String,
}

struct Charge {
    number: u64,
    id: String,
    invoice_id: String,
    payment_intent_id: String,
    amount: i64,
    refunded: i64,
    failure: Option<(&'static str, &'static str)>,
    created: i64,
}

struct Snapshot {
    at: i64,
    status: &'static str,
    period: (i64, i64),
    cancel_at: Option<i64>,
    cancel_at_period_end: bool,
    canceled_at: Option<i64>,
    ended_at: Option<i64>,
    latest_invoice_id: Option<String>,
}

/// A subscription while its events are simulated.
pub struct Sub {
    index: usize,
    id: String,
    start: i64,
    trial_end: Option<i64>,
    anchor: i64,
    coupon: Option<usize>,
    coupon_used: bool,
    current: Snapshot,
    history: Vec<Snapshot>,
    charges: Vec<Charge>,
    /// The last invoice paid by a charge: (invoice id, index into `charges`, amount paid).
    last_paid: Option<(String, usize, i64)>,
    /// An invoice whose payment is failing for good, if any.
    failing_invoice: Option<String>,
}

pub struct Outcome {
    /// When retries ran out and the subscription became `unpaid`.
    pub unpaid_at: Option<i64>,
}

pub struct Ledger<'a> {
    ctx: &'a Context<'a>,
    catalog: &'a Catalog,
    life: &'a AccountLife,
    fleet: &'a FleetSummary,
    /// The billing currency (index into `Money::currencies`) and its code.
    currency: usize,
    code: &'a str,
    /// The tax the invoices carry, if any (none under reverse charge or where none applies).
    tax: Option<&'static TaxRate>,
    tax_rate_id: Option<String>,
    tax_exempt: &'static str,
    email: &'a str,
    customer: String,
    prefix: String,
    rng: Rng,
    invoices: u64,
    refunds: u64,
    balance: i64,
    delinquent: bool,
    deal: Option<i64>,
    failed: Vec<i64>,
}

impl<'a> Ledger<'a> {
    pub fn new(ctx: &'a Context<'a>, catalog: &'a Catalog, life: &'a AccountLife, fleet: &'a FleetSummary, currency: usize, email: &'a str, deal: Option<i64>) -> Self {
        let customer = customer_id(ctx, life.id);
        // Abroad, a business that gives its VAT / GST number self-accounts for the tax.
        let country = life.firm.country;
        let rate = taxes::rate_for(country.code, &fleet.head_office.region);
        let share = ctx.scenario.money.tax_id_share.get(life.firm.segment).copied().unwrap_or(0.0);
        let has_tax_id = country.code != "US" && stream(ctx.seed, Kind::Account, life.id as u64, "tax_id").random::<f64>() < share;
        let (tax, tax_exempt) = match rate {
            Some(r) if r.reverse_charge && has_tax_id => (None, "reverse"),
            Some(r) => (Some(r), "none"),
            None => (None, "none"),
        };
        let prefix = format!("{:08X}", crate::rng::key(ctx.seed, Kind::Account, life.id as u64, "invoice_prefix") as u32);
        Ledger {
            ctx,
            catalog,
            life,
            fleet,
            currency,
            code: ctx.money.code(currency),
            tax,
            tax_rate_id: tax.map(|r| super::tax_rate_id(ctx, r)),
            tax_exempt,
            email,
            customer,
            prefix,
            rng: stream(ctx.seed, Kind::Account, life.id as u64, "payments"),
            invoices: 0,
            refunds: 0,
            balance: 0,
            delinquent: false,
            deal,
            failed: Vec::new(),
        }
    }

    pub fn failed_charges(&self) -> Vec<i64> {
        self.failed.clone()
    }

    /// `_fivetran_synced` of a Stripe row last changed at `at`.
    fn synced(&self, table: &str, at: i64) -> i64 {
        super::super::sync::synced(self.ctx, super::super::sync::Connector::Stripe, table, at, self.life.id as u64)
    }

    fn id(&self, prefix: &str, n: u64, purpose: &str) -> String {
        stripe_id(prefix, self.ctx.seed, Kind::Account, ((self.life.id as u64) << 24) | n, purpose)
    }

    pub fn open_subscription(&mut self, index: usize, start: i64, trial_end: Option<i64>, anchor: i64, coupon: Option<usize>, out: &mut Tables) -> Sub {
        let id = subscription_id(self.ctx, self.life.id, index);
        if let Some(c) = coupon {
            let (code, _, duration, months, _) = COUPONS[c];
            let end = match duration {
                "repeating" => months.map(|m| super::add_months(start, m as u32)),
                _ => None,
            };
            out.stripe.discount.push(StripeDiscountRow {
                id: &stripe_id("di", self.ctx.seed, Kind::Account, ((self.life.id as u64) << 8) | index as u64, "discount"),
                coupon_id: &coupon_id(self.ctx, code),
                customer_id: &self.customer,
                subscription_id: &id,
                start,
                end,
                _fivetran_synced: self.synced("discount", start),
            });
        }
        let current = Snapshot {
            at: start,
            status: if trial_end.is_some() { "trialing" } else { "active" },
            period: (start, trial_end.unwrap_or(start)),
            cancel_at: None,
            cancel_at_period_end: false,
            canceled_at: None,
            ended_at: None,
            latest_invoice_id: None,
        };
        Sub { index, id, start, trial_end, anchor, coupon, coupon_used: false, current, history: Vec::new(), charges: Vec::new(), last_paid: None, failing_invoice: None }
    }

    /// Record the subscription's state from `at` on (a row of subscription_history).
    fn snapshot(&self, sub: &mut Sub, at: i64) {
        let row = Snapshot { at, latest_invoice_id: sub.current.latest_invoice_id.clone(), ..sub.current };
        match sub.history.last_mut() {
            Some(last) if last.at == at => *last = row,
            _ => sub.history.push(row),
        }
    }

    pub fn set_status(&mut self, sub: &mut Sub, at: i64, status: &'static str) {
        if sub.current.status != status || sub.history.is_empty() {
            sub.current.status = status;
            self.snapshot(sub, at);
        }
    }

    pub fn begin_period(&mut self, sub: &mut Sub, start: i64, end: i64) {
        sub.current.period = (start, end);
    }

    fn price_id(&self, plan: &Plan, unit: Unit) -> (&'a str, i64) {
        let p = self.catalog.price(plan.tier, unit, &self.life.firm.billing_interval, plan.generation, self.currency);
        (&p.id, p.unit_amount)
    }

    fn describe(&self, plan: &Plan, unit: Unit, quantity: i64) -> String {
        format!("{quantity} × saaslab {} per {} ({})", self.ctx.tiers[plan.tier], unit.label(), self.life.firm.billing_interval)
    }

    fn base_lines(&self, plan: Plan, period: (i64, i64), trial: bool) -> Vec<Line> {
        UNITS
            .iter()
            .map(|&unit| {
                let (price_id, unit_amount) = self.price_id(&plan, unit);
                let quantity = plan.quantity(unit);
                let what = self.describe(&plan, unit, quantity);
                Line {
                    unit,
                    price_id: price_id.to_string(),
                    amount: if trial { 0 } else { quantity * unit_amount },
                    quantity,
                    period,
                    proration: false,
                    description: if trial { format!("Trial period for {what}") } else { what },
                }
            })
            .collect()
    }

    /// Lines for a licence change on `day`: unused time on the old plan credited, remaining
    /// time on the new one charged, for each unit that changed.
    pub fn proration_lines(&self, day: i64, period: (i64, i64), old: Plan, new: Plan) -> Vec<Line> {
        let fraction = (period.1 - day) as f64 / (period.1 - period.0) as f64;
        let date = date_of(day);
        let mut lines = Vec::new();
        for unit in UNITS {
            let (old_price, old_amount) = self.price_id(&old, unit);
            let (new_price, new_amount) = self.price_id(&new, unit);
            let (q_old, q_new) = (old.quantity(unit), new.quantity(unit));
            if old_price == new_price && q_old == q_new {
                continue;
            }
            if q_old > 0 {
                lines.push(Line {
                    unit,
                    price_id: old_price.to_string(),
                    amount: -((q_old * old_amount) as f64 * fraction).round() as i64,
                    quantity: q_old,
                    period: (day, period.1),
                    proration: true,
                    description: format!("Unused time on {} after {date}", self.describe(&old, unit, q_old)),
                });
            }
            lines.push(Line {
                unit,
                price_id: new_price.to_string(),
                amount: ((q_new * new_amount) as f64 * fraction).round() as i64,
                quantity: q_new,
                period: (day, period.1),
                proration: true,
                description: format!("Remaining time on {} after {date}", self.describe(&new, unit, q_new)),
            });
        }
        lines
    }

    /// The $0 invoice that opens a trial.
    #[allow(clippy::too_many_arguments)]
    pub fn invoice(&mut self, sub: &mut Sub, at: i64, reason: &str, period: (i64, i64), plan: Plan, trial: bool, extra: Vec<Line>, out: &mut Tables) {
        let mut lines = self.base_lines(plan, period, trial);
        lines.extend(extra);
        self.write_invoice(sub, at, reason, period, lines, false, None, out);
    }

    #[allow(clippy::too_many_arguments)]
    /// Invoice a period in advance and collect it. `cancel_at` is when the subscription ends,
    /// if it ends in this period: no payment is attempted after that.
    pub fn invoice_and_collect(&mut self, sub: &mut Sub, at: i64, reason: &str, period: (i64, i64), plan: Plan, pending: Vec<Line>, fatal: bool, cancel_at: Option<i64>, out: &mut Tables) -> Outcome {
        let mut lines = self.base_lines(plan, period, false);
        lines.extend(pending);
        self.write_invoice(sub, at, reason, period, lines, fatal, cancel_at, out)
    }

    #[allow(clippy::too_many_arguments)]
    fn write_invoice(&mut self, sub: &mut Sub, at: i64, reason: &str, period: (i64, i64), lines: Vec<Line>, fatal: bool, cancel_at: Option<i64>, out: &mut Tables) -> Outcome {
        let end = self.ctx.months.end;
        self.invoices += 1;
        let n = self.invoices;
        let invoice_id = self.id("in", n, "invoice");
        let subtotal: i64 = lines.iter().map(|l| l.amount).sum();
        let discount = match sub.coupon {
            Some(c) if subtotal > 0 => {
                let (_, _, duration, months, percent) = COUPONS[c];
                let applies = match duration {
                    "once" => !sub.coupon_used,
                    "repeating" => at < super::add_months(sub.start, months.unwrap_or(0) as u32),
                    _ => true,
                };
                if applies {
                    sub.coupon_used = true;
                    (subtotal as f64 * percent / 100.0).round() as i64
                } else {
                    0
                }
            }
            _ => 0,
        };
        // Tax on what is charged after the discount, shared out over the lines by amount (the
        // last line takes the rounding) so that the lines add up to the invoice's tax.
        let tax = self.tax.map_or(0, |r| taxes::tax_on(subtotal - discount, r.basis_points));
        let mut line_taxes: Vec<i64> = if subtotal == 0 || tax == 0 {
            vec![0; lines.len()]
        } else {
            lines.iter().map(|l| taxes::round_div(tax as i128 * l.amount as i128, subtotal as i128)).collect()
        };
        let shared: i64 = line_taxes.iter().sum();
        if let Some(last) = line_taxes.last_mut() {
            *last += tax - shared;
        }
        let total = subtotal + tax - discount;
        let starting_balance = self.balance;
        let after = total + starting_balance;
        let amount_due = after.max(0);
        let ending_balance = after.min(0);
        self.balance = ending_balance;

        sub.current.latest_invoice_id = Some(invoice_id.clone());
        self.snapshot(sub, at);

        // Collect: attempts until one succeeds, the retries run out, or time does.
        let reliability = self.life.latent_in(self.ctx.months.index_of(at)).payment_reliability;
        let fail_chance = 0.45 * (1.0 - reliability);
        let payment_intent_id = (amount_due > 0).then(|| self.id("pi", n, "payment_intent"));
        let mut paid_at = (amount_due == 0).then_some(at);
        let mut unpaid_at = None;
        let mut attempts = 0;
        let mut last_charge = None;
        let mut last_error = None;
        if let Some(pi) = &payment_intent_id {
            // No attempt after the subscription is cancelled.
            let stop = cancel_at.unwrap_or(end).min(end);
            for (i, days) in ATTEMPT_DAYS.iter().enumerate() {
                // Stripe finalizes an invoice about an hour after creating it and charges the
                // card then (settled in seconds); Smart Retries pick their own hour of the day.
                let t = if i == 0 {
                    at + HOUR + self.rng.random_range(2 * SECOND..90 * SECOND)
                } else {
                    at + days * DAY + self.rng.random_range(-5 * HOUR..7 * HOUR)
                };
                if t >= stop {
                    break;
                }
                attempts += 1;
                let fails = fatal || (i + 1 < ATTEMPT_DAYS.len() && self.rng.random::<f64>() < fail_chance);
                let charge_id = self.id("ch", (n << 3) | i as u64, "charge");
                let failure = fails.then(|| FAILURES[self.rng.random_range(0..FAILURES.len())]);
                sub.charges.push(Charge {
                    number: (n << 3) | i as u64,
                    id: charge_id.clone(),
                    invoice_id: invoice_id.clone(),
                    payment_intent_id: pi.clone(),
                    amount: amount_due,
                    refunded: 0,
                    failure,
                    created: t,
                });
                last_charge = Some(charge_id);
                if let Some((code, _)) = failure {
                    last_error = Some(code);
                    self.failed.push(t);
                    if sub.current.status == "active" {
                        sub.current.status = "past_due";
                        self.snapshot(sub, t);
                    }
                    if i + 1 == ATTEMPT_DAYS.len() {
                        sub.current.status = "unpaid";
                        self.snapshot(sub, t);
                        unpaid_at = Some(t);
                    }
                } else {
                    paid_at = Some(t);
                    sub.last_paid = Some((invoice_id.clone(), sub.charges.len() - 1, amount_due));
                    if sub.current.status == "past_due" {
                        sub.current.status = "active";
                        self.snapshot(sub, t);
                    }
                    if self.rng.random::<f64>() < self.ctx.scenario.money.refund_rate {
                        let share = 0.1 + 0.9 * self.rng.random::<f64>();
                        let when = t + DAY + (self.rng.random::<f64>() * 20.0 * DAY as f64) as i64;
                        let reason = if self.rng.random::<f64>() < 0.3 { "duplicate" } else { "requested_by_customer" };
                        if when < end {
                            let index = sub.charges.len() - 1;
                            self.refund(sub, index, ((amount_due as f64) * share).round() as i64, reason, when, out);
                        }
                    }
                    break;
                }
            }
        }
        // An invoice still unpaid when its subscription is cancelled is written off: marked
        // uncollectible after a payment failure, voided after a voluntary cancellation.
        let cancelled_unpaid = if paid_at.is_none() { cancel_at.filter(|c| *c < end) } else { None };
        let marked_uncollectible = cancelled_unpaid.filter(|_| fatal);
        let voided = cancelled_unpaid.filter(|_| !fatal);
        let status = if paid_at.is_some() {
            "paid"
        } else if marked_uncollectible.is_some() {
            "uncollectible"
        } else if voided.is_some() {
            "void"
        } else {
            "open"
        };
        if status == "open" {
            self.delinquent = true;
        }
        if fatal && paid_at.is_none() {
            sub.failing_invoice = Some(invoice_id.clone());
        }
        let amount_paid = if paid_at.is_some() { amount_due } else { 0 };
        out.stripe.invoice.push(StripeInvoiceRow {
            id: &invoice_id,
            customer_id: &self.customer,
            subscription_id: &sub.id,
            charge_id: last_charge.as_deref(),
            payment_intent_id: payment_intent_id.as_deref(),
            number: &format!("{}-{:04}", self.prefix, n),
            status,
            billing_reason: reason,
            created: at,
            due_date: None,
            period_start: period.0,
            period_end: period.1,
            subtotal,
            tax,
            total_discount_amount: discount,
            total,
            starting_balance,
            ending_balance,
            amount_due,
            amount_paid,
            amount_remaining: amount_due - amount_paid,
            attempt_count: attempts,
            paid: paid_at.is_some(),
            currency: self.code,
            status_transitions_paid_at: paid_at,
            status_transitions_voided_at: voided,
            status_transitions_marked_uncollectible_at: marked_uncollectible,
            _fivetran_synced: self.synced("invoice", paid_at.or(voided).or(marked_uncollectible).unwrap_or(at)),
        });
        if let Some(pi) = &payment_intent_id {
            out.stripe.payment_intent.push(StripePaymentIntentRow {
                id: pi,
                customer_id: &self.customer,
                invoice_id: &invoice_id,
                amount: amount_due,
                amount_received: amount_paid,
                currency: self.code,
                status: match status {
                    "paid" => "succeeded",
                    "uncollectible" | "void" => "canceled",
                    _ => "requires_payment_method",
                },
                last_payment_error_code: last_error,
                created: at,
                _fivetran_synced: self.synced("payment_intent", paid_at.or(voided).or(marked_uncollectible).unwrap_or(at)),
            });
        }
        // Line ids are keyed by (invoice number, line): 12 bits for the line, since a busy
        // enterprise invoice carries hundreds of proration lines (6 bits once made ids collide).
        debug_assert!(lines.len() < 1 << 12 && n < 1 << 12);
        for (i, line) in lines.iter().enumerate() {
            out.stripe.invoice_line_item.push(StripeInvoiceLineItemRow {
                id: &self.id("il", (n << 12) | i as u64, "line"),
                invoice_id: &invoice_id,
                subscription_id: &sub.id,
                subscription_item_id: &item_id(self.ctx, self.life.id, sub.index, line.unit),
                price_id: &line.price_id,
                r#type: if line.proration { "invoiceitem" } else { "subscription" },
                amount: line.amount,
                currency: self.code,
                quantity: line.quantity,
                period_start: line.period.0,
                period_end: line.period.1,
                proration: line.proration,
                description: &line.description,
                tax_amount: line_taxes[i],
                tax_rate_id: self.tax_rate_id.as_deref().filter(|_| tax != 0),
                _fivetran_synced: self.synced("invoice_line_item", at),
            });
        }
        Outcome { unpaid_at }
    }

    fn refund(&mut self, sub: &mut Sub, charge: usize, amount: i64, reason: &str, at: i64, out: &mut Tables) {
        let end = self.ctx.months.end;
        let c = &mut sub.charges[charge];
        let amount = amount.min(c.amount - c.refunded);
        if amount <= 0 {
            return;
        }
        self.refunds += 1;
        let refund_id = self.id("re", self.refunds, "refund");
        let txn = self.id("txn", self.refunds, "refund_txn");
        // Most refunds succeed within days; a few fail (the card was closed since: the money
        // comes back to the balance), and those of the last days are still pending at the
        // sync. Drawn from the refund's own stream, so that no other draw moves.
        let mut fate = stream(self.ctx.seed, Kind::Account, ((self.life.id as u64) << 24) | self.refunds, "refund_fate");
        let failed_at = at + DAY + fate.random_range(0..4 * DAY);
        let status = if at + 5 * DAY > end && fate.random::<f64>() < 0.7 {
            "pending"
        } else if fate.random::<f64>() < self.ctx.scenario.money.refund_failure_rate && failed_at < end {
            "failed"
        } else {
            "succeeded"
        };
        // Stripe gives a failed refund's amount back to the charge.
        if status != "failed" {
            c.refunded += amount;
        }
        out.stripe.refund.push(StripeRefundRow {
            id: &refund_id,
            charge_id: &c.id,
            payment_intent_id: &c.payment_intent_id,
            balance_transaction_id: &txn,
            amount,
            currency: self.code,
            reason,
            status,
            created: at,
            _fivetran_synced: self.synced("refund", if status == "failed" { failed_at } else { at }),
        });
        let (settled, exchange_rate) = self.settle(amount, at);
        out.stripe.balance_transaction.push(StripeBalanceTransactionRow {
            id: &txn,
            source: &refund_id,
            r#type: "refund",
            reporting_category: "refund",
            amount: -settled,
            fee: 0,
            net: -settled,
            currency: "usd",
            exchange_rate,
            status: if status == "pending" { "pending" } else { "available" },
            available_on: (at / DAY + 1) * DAY,
            created: at,
            _fivetran_synced: self.synced("balance_transaction", at),
        });
        if status == "failed" {
            // The reversal: the refunded amount returns to the balance, at the same rate.
            let reversal = self.id("txn", self.refunds, "refund_failure_txn");
            out.stripe.balance_transaction.push(StripeBalanceTransactionRow {
                id: &reversal,
                source: &refund_id,
                r#type: "refund_failure",
                reporting_category: "refund_failure",
                amount: settled,
                fee: 0,
                net: settled,
                currency: "usd",
                exchange_rate,
                status: "available",
                available_on: (failed_at / DAY + 1) * DAY,
                created: failed_at,
                _fivetran_synced: self.synced("balance_transaction", failed_at),
            });
        }
    }

    /// `amount` of the billing currency moved at `t`, in settlement dollars, and the rate
    /// Stripe converted at (none for dollars).
    fn settle(&self, amount: i64, t: i64) -> (i64, Option<f64>) {
        if self.currency == USD {
            return (amount, None);
        }
        let rate = self.ctx.money.stripe_rate_micros(self.currency, t);
        (convert(amount, rate), Some(rate as f64 / 1e6))
    }

    /// Cancel at once; refund the unused part of the period paid for, when asked.
    pub fn cancel_now(&mut self, sub: &mut Sub, at: i64, refund_period: Option<(i64, i64)>, out: &mut Tables) {
        if let (Some((start, end)), Some((invoice, charge, paid))) = (refund_period, sub.last_paid.clone()) {
            // Only the current period's invoice has unused time left to refund.
            if at > start && at < end && sub.current.latest_invoice_id.as_ref() == Some(&invoice) {
                let unused = (paid as f64 * (end - at) as f64 / (end - start) as f64).round() as i64;
                self.refund(sub, charge, unused, "requested_by_customer", at, out);
            }
        }
        sub.current.cancel_at = None;
        sub.current.canceled_at = Some(at);
        sub.current.ended_at = Some(at);
        sub.current.status = "canceled";
        self.snapshot(sub, at);
    }

    pub fn request_cancel(&mut self, sub: &mut Sub, at: i64, period_end: i64) {
        sub.current.cancel_at_period_end = true;
        sub.current.cancel_at = Some(period_end);
        sub.current.canceled_at = Some(at);
        self.snapshot(sub, at);
    }

    /// Mark the subscription ended (its status already set).
    pub fn end_subscription(&mut self, sub: &mut Sub, canceled_at: i64, ended_at: i64) {
        sub.current.canceled_at = Some(canceled_at);
        sub.current.ended_at = Some(ended_at);
        self.snapshot(sub, ended_at);
    }

    /// Write the subscription's history, items and charges.
    pub fn close_subscription(&mut self, sub: Sub, plan: Plan, out: &mut Tables) {
        let open_end = super::super::time::micros(chrono::NaiveDate::from_ymd_opt(2050, 1, 1).expect("valid date"));
        // The first subscription of a sales-led account carries its closed-won deal.
        let metadata = match self.deal.filter(|_| sub.index == 0) {
            Some(deal) => format!(r#"{{"app_account_id":"{}","hubspot_deal_id":"{deal}"}}"#, self.life.id),
            None => format!(r#"{{"app_account_id":"{}"}}"#, self.life.id),
        };
        let mut history = sub.history;
        // A cancellation requested while a payment was being retried lands between attempts.
        history.sort_by_key(|h| h.at);
        // Two versions at one instant (a retry recorded out of order) are one: the one recorded
        // last is the state from then on. Fivetran never lands two versions with the same start.
        history.dedup_by(|later, earlier| {
            let same = later.at == earlier.at;
            if same {
                std::mem::swap(later, earlier);
            }
            same
        });
        if history.is_empty() {
            history.push(Snapshot { at: sub.start, latest_invoice_id: sub.current.latest_invoice_id.clone(), ..sub.current });
        }
        let last = history.len() - 1;
        for (i, h) in history.iter().enumerate() {
            out.stripe.subscription_history.push(StripeSubscriptionHistoryRow {
                id: &sub.id,
                customer_id: &self.customer,
                status: h.status,
                created: sub.start,
                start_date: sub.start,
                billing_cycle_anchor: sub.anchor,
                current_period_start: h.period.0,
                current_period_end: h.period.1,
                trial_start: sub.trial_end.map(|_| sub.start),
                trial_end: sub.trial_end,
                cancel_at: h.cancel_at,
                cancel_at_period_end: h.cancel_at_period_end,
                canceled_at: h.canceled_at,
                ended_at: h.ended_at,
                collection_method: "charge_automatically",
                days_until_due: None,
                latest_invoice_id: h.latest_invoice_id.as_deref(),
                metadata: &metadata,
                _fivetran_active: i == last,
                _fivetran_start: h.at,
                _fivetran_end: if i == last { open_end } else { history[i + 1].at },
                _fivetran_synced: self.synced("subscription_history", h.at),
            });
        }
        for unit in UNITS {
            let (price_id, _) = self.price_id(&plan, unit);
            out.stripe.subscription_item.push(StripeSubscriptionItemRow {
                id: &item_id(self.ctx, self.life.id, sub.index, unit),
                subscription_id: &sub.id,
                price_id,
                quantity: plan.quantity(unit),
                created: sub.start,
                current_period_start: sub.current.period.0,
                current_period_end: sub.current.period.1,
                metadata: &format!(r#"{{"unit":"{}"}}"#, unit.label()),
                _fivetran_synced: self.synced("subscription_item", sub.current.period.0.max(sub.start)),
            });
        }
        for c in &sub.charges {
            let succeeded = c.failure.is_none();
            let txn = succeeded.then(|| self.id("txn", c.number, "charge_txn"));
            out.stripe.charge.push(StripeChargeRow {
                id: &c.id,
                customer_id: &self.customer,
                invoice_id: &c.invoice_id,
                payment_intent_id: &c.payment_intent_id,
                balance_transaction_id: txn.as_deref(),
                amount: c.amount,
                amount_refunded: c.refunded,
                currency: self.code,
                status: if succeeded { "succeeded" } else { "failed" },
                paid: succeeded,
                captured: succeeded,
                refunded: succeeded && c.refunded == c.amount,
                failure_code: c.failure.map(|f| f.0),
                failure_message: c.failure.map(|f| f.1),
                outcome_type: if succeeded { "authorized" } else { "issuer_declined" },
                created: c.created,
                _fivetran_synced: self.synced("charge", c.created),
            });
            if let Some(txn) = &txn {
                let (settled, exchange_rate) = self.settle(c.amount, c.created);
                let percent = CARD_FEE + if self.life.firm.country.code == "US" { 0.0 } else { INTERNATIONAL_CARD_FEE };
                let fee = (settled as f64 * percent).round() as i64 + FIXED_FEE_CENTS;
                out.stripe.balance_transaction.push(StripeBalanceTransactionRow {
                    id: txn,
                    source: &c.id,
                    r#type: "charge",
                    reporting_category: "charge",
                    amount: settled,
                    fee,
                    net: settled - fee,
                    currency: "usd",
                    exchange_rate,
                    status: "available",
                    available_on: (c.created / DAY + 2) * DAY,
                    created: c.created,
                    _fivetran_synced: self.synced("balance_transaction", c.created),
                });
            }
        }
    }

    /// The customer row, once every subscription is written.
    pub fn finish_customer(&mut self, out: &mut Tables) {
        out.stripe.customer.push(StripeCustomerRow {
            id: &self.customer,
            created: self.life.signup_at(),
            email: Some(self.email),
            name: &self.life.firm.name,
            description: None,
            currency: self.code,
            balance: self.balance,
            delinquent: self.delinquent,
            invoice_prefix: &self.prefix,
            address_line1: Some(&self.fleet.head_office.line_1),
            address_city: Some(&self.fleet.head_office.city),
            address_state: Some(&self.fleet.head_office.region),
            address_postal_code: Some(&self.fleet.head_office.postal_code),
            address_country: Some(self.life.firm.country.code),
            tax_exempt: self.tax_exempt,
            metadata: &format!(r#"{{"app_account_id":"{}"}}"#, self.life.id),
            livemode: true,
            is_deleted: false,
            _fivetran_synced: self.synced("customer", self.life.signup_at()),
        });
    }
}
