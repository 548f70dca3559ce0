//! Iterable, the email platform: a monthly newsletter (Blast) and four triggered programmes —
//! welcome, trial ending, dunning after a failed charge, win-back after a cancellation — with
//! sends, opens, clicks, bounces, unsubscribes and complaints. Opens and clicks follow the
//! account's engagement in the month of the send.

use super::dist::{between, exponential};
use super::ids::uuid_into;
use super::life::AccountLife;
use super::time::{DAY, HOUR, MINUTE};
use super::Context;
use crate::rng::{stream, Kind, Rng};
use crate::tables::*;
use arrow::record_batch::RecordBatch;
use rand::RngExt;

const WELCOME: i64 = 1001;
const TRIAL_ENDING: i64 = 1002;
const DUNNING: i64 = 1003;
const WIN_BACK: i64 = 1004;
const TRIGGERED: &[(i64, &str)] = &[(WELCOME, "Welcome to saaslab"), (TRIAL_ENDING, "Your trial ends in 3 days"), (DUNNING, "Payment failed: update your card"), (WIN_BACK, "We miss you: come back to saaslab")];
const NEWSLETTER_LIST: i64 = 501;
const CUSTOMERS_LIST: i64 = 502;

/// The newsletter campaign of month `m` and when it goes out: the month's second Tuesday at
/// 10:00 in New York (or a week into a dataset that starts later in the month).
fn newsletter(ctx: &Context, m: usize) -> (i64, i64) {
    let first = ctx.months.first_day(m);
    let tuesday = chrono::NaiveDate::from_weekday_of_month_opt(chrono::Datelike::year(&first), chrono::Datelike::month(&first), chrono::Weekday::Tue, 2).expect("a month has two Tuesdays");
    let earliest = super::time::date_of(ctx.months.span(m).0 + 7 * DAY);
    let at = super::rhythm::Clock::head_office().at_local(tuesday.max(earliest), 10);
    (100_000 + m as i64, at)
}

/// `_fivetran_synced` of an Iterable row last changed at `at`.
fn synced(ctx: &Context, table: &str, at: i64) -> i64 {
    super::sync::synced(ctx, super::sync::Connector::Iterable, table, at, 0)
}

pub fn global_tables(ctx: &Context) -> Vec<(TableSpec, RecordBatch)> {
    let launched = ctx.months.start - 30 * DAY;
    let mut campaigns = IterableCampaigns::default();
    let mut lists = IterableLists::default();
    for (id, name) in TRIGGERED {
        campaigns.push(IterableCampaignRow { id: *id, updated_at: launched, name, r#type: "Triggered", campaign_state: "Running", message_medium: "Email", template_id: id * 10, start_at: launched, ended_at: None, created_at: launched, _fivetran_synced: synced(ctx, "campaigns", launched) });
    }
    for m in 0..ctx.months.count() {
        let (id, at) = newsletter(ctx, m);
        if at >= ctx.months.end {
            continue;
        }
        let name = format!("Newsletter {}", ctx.months.first_day(m).format("%Y-%m"));
        campaigns.push(IterableCampaignRow { id, updated_at: at, name: &name, r#type: "Blast", campaign_state: "Finished", message_medium: "Email", template_id: 9000 + m as i64, start_at: at, ended_at: Some(at + 2 * HOUR), created_at: at - 3 * DAY, _fivetran_synced: synced(ctx, "campaigns", at + 2 * HOUR) });
    }
    lists.push(IterableListRow { id: NEWSLETTER_LIST, name: "Newsletter subscribers", list_type: "Standard", created_at: launched, _fivetran_synced: synced(ctx, "campaigns", launched) });
    lists.push(IterableListRow { id: CUSTOMERS_LIST, name: "Customers", list_type: "Standard", created_at: launched, _fivetran_synced: synced(ctx, "campaigns", launched) });
    vec![(IterableCampaigns::SPEC, campaigns.finish()), (IterableLists::SPEC, lists.finish())]
}

struct Mailer<'a> {
    ctx: &'a Context<'a>,
    life: &'a AccountLife,
    email: &'a str,
    rng: Rng,
    message: String,
    id: String,
    unsubscribed: bool,
}

impl Mailer<'_> {
    /// Send one email and what the recipient does with it.
    fn send(&mut self, campaign: i64, at: i64, triggered: bool, out: &mut Tables) {
        if at >= self.ctx.months.end {
            return;
        }
        let engagement = self.life.latent_in(self.ctx.months.index_of(at)).engagement;
        uuid_into(&mut self.rng, &mut self.message);
        let props = format!(r#"{{"campaign_id":{campaign},"template_id":{}}}"#, campaign * 10);
        self.event(campaign, at, "emailSend", None, &props, out);
        // Rates per send as email benchmarks report them for B2B software (Mailchimp, Campaign
        // Monitor): bounces under 1 %, opens 20–45 %, clicks 2–3 % of sends (a click-to-open rate
        // near 7 %), unsubscribes 0.1–0.3 %. Each rises with the user's engagement; lifecycle
        // (triggered) emails — a failed payment, a trial ending — are opened and clicked more.
        if self.rng.random::<f64>() < 0.008 {
            self.event(campaign, at + MINUTE, "emailBounce", None, &props, out);
            return;
        }
        let boost = if triggered { 0.15 } else { 0.0 };
        if self.rng.random::<f64>() < 0.10 + 0.45 * engagement + boost {
            let device = if self.rng.random::<f64>() < 0.4 { "Mobile" } else { "Desktop" };
            let opened = at + (exponential(&mut self.rng, 6.0) * HOUR as f64) as i64 + MINUTE;
            self.event(campaign, opened, "emailOpen", Some(device), &props, out);
            if self.rng.random::<f64>() < 0.015 + 0.08 * engagement + boost / 3.0 {
                let clicked = opened + between(&mut self.rng, 10_000_000, 5 * MINUTE);
                self.event(campaign, clicked, "emailClick", Some(device), &props, out);
            }
            if !triggered && self.rng.random::<f64>() < 0.004 {
                self.event(campaign, opened + MINUTE, "emailUnSubscribe", Some(device), &props, out);
                self.unsubscribed = true;
            }
        }
        if self.rng.random::<f64>() < 0.0005 {
            self.event(campaign, at + HOUR, "emailComplaint", None, &props, out);
        }
    }

    fn event(&mut self, campaign: i64, at: i64, name: &str, device: Option<&str>, props: &str, out: &mut Tables) {
        if at >= self.ctx.months.end {
            return;
        }
        uuid_into(&mut self.rng, &mut self.id);
        out.iterable.event.push(IterableEventRow {
            _fivetran_id: &self.id,
            email: self.email,
            campaign_id: campaign,
            message_id: &self.message,
            created_at: at,
            event_name: name,
            status: Some("success"),
            user_agent_device: device,
            additional_properties: props,
            _fivetran_synced: synced(self.ctx, "event", at),
        });
    }
}

/// Every user's email life; the admin also gets the account's lifecycle emails.
pub fn simulate(ctx: &Context, life: &AccountLife, roster: &[super::people::Profile], failed_charges: &[i64], out: &mut Tables) {
    let entry = &life.census;
    for k in 0..entry.users as i64 {
        let user_id = entry.first_user_id + k;
        let p = &roster[k as usize];
        let synced = synced(ctx, "users", p.created_at);
        out.iterable.user_history.push(IterableUserHistoryRow {
            email: &p.email,
            updated_at: p.created_at,
            user_id: &user_id.to_string(),
            first_name: Some(&p.first_name),
            last_name: Some(&p.last_name),
            signup_date: p.created_at,
            signup_source: "app",
            _fivetran_synced: synced,
        });
        let mut mailer = Mailer { ctx, life, email: &p.email, rng: stream(ctx.seed, Kind::User, user_id as u64, "email"), message: String::new(), id: String::new(), unsubscribed: false };
        let subscribed = mailer.rng.random::<f64>() < 0.8;
        out.iterable.list_user.push(IterableListUserRow { list_id: CUSTOMERS_LIST, email: &p.email, _fivetran_synced: synced });
        if subscribed {
            out.iterable.list_user.push(IterableListUserRow { list_id: NEWSLETTER_LIST, email: &p.email, _fivetran_synced: synced });
        }
        // Everything this user receives, in time order.
        let mut sends: Vec<(i64, i64, bool)> = vec![(p.created_at + 5 * MINUTE, WELCOME, true)];
        if k == 0 {
            if let Some(t) = life.trial_end {
                sends.push((t - 3 * DAY, TRIAL_ENDING, true));
            }
            sends.extend(failed_charges.iter().map(|t| (t + HOUR, DUNNING, true)));
            sends.extend(life.periods.iter().filter_map(|per| per.end).map(|t| (t + 30 * DAY, WIN_BACK, true)));
        }
        if subscribed {
            for m in ctx.months.index_of(p.created_at)..ctx.months.count() {
                let (campaign, at) = newsletter(ctx, m);
                if at > p.created_at && life.active_at(at) {
                    sends.push((at, campaign, false));
                }
            }
        }
        sends.sort_unstable();
        for (at, campaign, triggered) in sends {
            if !triggered && mailer.unsubscribed {
                continue;
            }
            mailer.send(campaign, at.max(p.created_at), triggered, out);
        }
    }
}
