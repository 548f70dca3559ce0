//! The account's users and what they do in the product: web pages, mobile screens, tracked
//! actions (Segment) and premium feature use (the app's own `feature_usage`).
//!
//! Activity follows the account's engagement month by month, and stops when it cancels.

use super::defects::{self, Injector};
use super::dist::{between, chance, exp, exponential, poisson};
use super::ids::uuid_into;
use super::life::{fades, AccountLife};
use super::time::{DAY, HOUR, MINUTE, SECOND};
use super::sync::{synced, Connector};
use super::Context;
use crate::rng::{stream, Kind, Rng};
use crate::tables::{Tables, FeatureUsageRow, IdentifyRow, PageRow, ScreenRow, TrackRow, TruthDefects, UserRow};
use crate::world::clients;
use rand::RngExt;

const APP_URL: &str = "https://app.saaslab.io";

/// Pages of the web app: (name, path, title).
const PAGES: &[(&str, &str, &str)] = &[
    ("Dashboard", "/dashboard", "Dashboard | saaslab"),
    ("Locations", "/locations", "Locations | saaslab"),
    ("Location Detail", "/locations/detail", "Location | saaslab"),
    ("Devices", "/devices", "Devices | saaslab"),
    ("Device Detail", "/devices/detail", "Device | saaslab"),
    ("Alerts", "/alerts", "Alerts | saaslab"),
    ("Reports", "/reports", "Reports | saaslab"),
    ("Settings", "/settings", "Settings | saaslab"),
    ("Billing", "/settings/billing", "Billing | saaslab"),
    ("Integrations", "/integrations", "Integrations | saaslab"),
];
const PAGE_WEIGHTS: &[f64] = &[0.3, 0.1, 0.12, 0.1, 0.12, 0.14, 0.06, 0.03, 0.01, 0.02];

/// Mobile app screens.
const SCREENS: &[&str] = &["Dashboard", "Alerts", "Alert Detail", "Device Detail", "Location Detail", "Scan Device", "Settings"];

/// Tracked actions: (event, event_text, page path).
const TRACKS: &[(&str, &str, &str)] = &[
    ("alert_acknowledged", "Alert Acknowledged", "/alerts"),
    ("report_exported", "Report Exported", "/reports"),
    ("device_renamed", "Device Renamed", "/devices/detail"),
    ("threshold_changed", "Threshold Changed", "/devices/detail"),
    ("user_invited", "User Invited", "/settings"),
    ("dashboard_filtered", "Dashboard Filtered", "/dashboard"),
];

const ROLES: &[(&str, f64)] = &[("manager", 0.35), ("technician", 0.4), ("viewer", 0.25)];

/// A user as the activity simulation needs them.
struct Person {
    id: i64,
    id_text: String,
    anonymous_id: String,
    ip: String,
    browser: Browser,
    /// The phone's operating system and which of its models the person buys.
    mobile: Option<(&'static str, f64)>,
    /// How long after a mobile app release this person's phone installs it.
    app_update_lag: i64,
    created_at: i64,
    /// How much more (or less) active than the account's engagement suggests.
    activity: f64,
}

/// Simulate the account's users (their `roster`); returns the admin's email (the billing contact).
pub fn simulate(ctx: &Context, life: &AccountLife, roster: &[Profile], out: &mut Tables) -> String {
    let entry = &life.census;
    let mut admin_email = String::new();
    for k in 0..entry.users as i64 {
        let user_id = entry.first_user_id + k;
        let mut rng = stream(ctx.seed, Kind::User, user_id as u64, "person");
        let Profile { created_at, role, first_name: first, last_name: last, email } = roster[k as usize].clone();
        let anonymous_id = anonymous_id(ctx, user_id);
        let ip = format!("{}.{}.{}.{}", rng.random_range(23..223), rng.random_range(0..256), rng.random_range(0..256), rng.random_range(1..255));
        let mobile = chance(&mut rng, ctx.scenario.events.mobile_user_share).then(|| {
            (if chance(&mut rng, 0.55) { "iOS" } else { "Android" }, rng.random::<f64>())
        });
        // Most phones update apps within days; some people let updates wait for months.
        let mean_lag_days = if chance(&mut rng, 0.2) { 45.0 } else { 4.0 };
        let app_update_lag = (exponential(&mut rng, mean_lag_days) * DAY as f64) as i64;
        let activity = exp(0.6 * crate::sim::dist::standard_normal(&mut rng)) * if role == "viewer" { 0.5 } else { 1.0 };
        let person = Person {
            id: user_id,
            id_text: user_id.to_string(),
            anonymous_id,
            ip,
            browser: browser(ctx, user_id),
            mobile,
            app_update_lag,
            created_at,
            activity,
        };
        let last_login_at = activity_of(ctx, life, &person, &email, out);
        if k == 0 {
            admin_email = email.clone();
        }

        let mut defects = Injector::new(&ctx.scenario.defects, ctx.seed, Kind::User, user_id);
        let key = user_id.to_string();
        let null_name = defects.null();
        let deleted = defects.soft_delete();
        if null_name {
            defects::record(&mut out.truth.defects, "app.users", &key, "null", "first_name,last_name");
        }
        if deleted {
            defects::record(&mut out.truth.defects, "app.users", &key, "soft_delete", "");
        }
        out.app.users.push(UserRow {
            id: user_id,
            account_id: life.id,
            email: &email,
            first_name: (!null_name).then_some(first.as_str()),
            last_name: (!null_name).then_some(last.as_str()),
            role,
            created_at,
            last_login_at,
            _fivetran_deleted: deleted,
            _fivetran_synced: synced(ctx, Connector::App, "users", last_login_at.unwrap_or(created_at).max(created_at), user_id as u64),
        });
    }
    admin_email
}

/// Who a user is, as the app, HubSpot and Iterable all know them.
#[derive(Clone)]
pub struct Profile {
    pub created_at: i64,
    pub role: &'static str,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

/// The account's users, admin first. Addresses follow the company's style; two people whose
/// address would be the same get a number, as a mail admin would give them (`j.smith2@`).
pub fn roster(ctx: &Context, life: &AccountLife) -> Vec<Profile> {
    let entry = &life.census;
    let mut taken = std::collections::HashSet::with_capacity(entry.users as usize);
    (0..entry.users as i64)
        .map(|k| {
            let mut p = profile(ctx, life, entry.first_user_id + k, k);
            if !taken.insert(p.email.clone()) {
                let (local, domain) = p.email.split_once('@').map(|(l, d)| (l.to_string(), d.to_string())).unwrap_or_default();
                p.email = (2..).map(|n| format!("{local}{n}@{domain}")).find(|e| taken.insert(e.clone())).expect("some number is free");
            }
            p
        })
        .collect()
}

/// The `k`-th user of an account (`k = 0` is the admin who signed up), before addresses are
/// made unique within the account (see `roster`).
fn profile(ctx: &Context, life: &AccountLife, user_id: i64, k: i64) -> Profile {
    let end = ctx.months.end;
    let mut rng = stream(ctx.seed, Kind::User, user_id as u64, "profile");
    let created_at = if k == 0 {
        life.signup_at() + between(&mut rng, MINUTE, 20 * MINUTE)
    } else {
        life.early_in_first_period(end, rng.random(), 0.9) + HOUR
    }
    .min(end - MINUTE);
    let role = if k == 0 { "admin" } else { pick_role(&mut rng) };
    let locale = life.firm.country.locale;
    let (first_name, last_name) = super::firms::person(locale, &mut rng);
    let local = if k == 0 && life.firm.role_mailbox && life.firm.segment == "smb" {
        super::firms::role_mailbox(locale, rng.random_range(0..8)).to_string()
    } else {
        super::firms::local_part(life.firm.email_style, &first_name, &last_name)
    };
    let email = format!("{local}@{}", life.firm.domain);
    Profile { created_at, role, first_name, last_name, email }
}

/// A person's desktop browser: which one, on which system, and how far behind its releases it
/// runs. Keyed rather than drawn, so the marketing site's visits (before the user existed)
/// show the same browser.
#[derive(Clone, Copy)]
pub struct Browser {
    desktop: clients::Desktop,
    patch: u32,
    lag: i64,
}

pub fn browser(ctx: &Context, user_id: i64) -> Browser {
    let h = crate::rng::key(ctx.seed, Kind::User, user_id as u64, "browser");
    let mut x = (h >> 11) as f64 / (1u64 << 53) as f64;
    let mut desktop = clients::DESKTOPS[0].0;
    for (d, w) in clients::DESKTOPS {
        if x < *w {
            desktop = *d;
            break;
        }
        x -= w;
    }
    // Browsers update themselves within a few weeks of a release.
    Browser { desktop, patch: (h & 0xFFFF) as u32, lag: ((h >> 16) % 35) as i64 * DAY }
}

impl Browser {
    /// The user agent string at `t`.
    pub fn user_agent_at(&self, t: i64) -> String {
        clients::user_agent(self.desktop, super::time::date_of(t - self.lag), self.patch)
    }
}

/// The Segment anonymous id of a user's browser: the same before signup (marketing-site
/// visits) and after (the app), which is how a journey joins to its account.
pub fn anonymous_id(ctx: &Context, user_id: i64) -> String {
    let mut rng = stream(ctx.seed, Kind::User, user_id as u64, "anonymous_id");
    let mut id = String::with_capacity(36);
    uuid_into(&mut rng, &mut id);
    id
}

fn pick_role(rng: &mut Rng) -> &'static str {
    let mut x = rng.random::<f64>();
    for (role, w) in ROLES {
        if x < *w {
            return role;
        }
        x -= w;
    }
    "viewer"
}

fn pick_page(rng: &mut Rng) -> usize {
    let mut x = rng.random::<f64>();
    for (i, w) in PAGE_WEIGHTS.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    0
}

/// Push a Segment message with `push`, and now and then again a few seconds later: Segment
/// delivers at least once. A second delivery is recorded in `truth/defects`.
fn deliver(redelivery: &mut Injector, defects: &mut TruthDefects, table: &str, id: &str, received_at: i64, mut push: impl FnMut(i64)) {
    push(received_at);
    if let Some(delay) = redelivery.redelivered() {
        defects::record(defects, table, id, "duplicate", "");
        push(received_at + delay);
    }
}

/// Delivery timing of a Segment message: (sent_at, received_at), late for injected defects.
fn delivery(ts: i64, rng: &mut Rng) -> (i64, i64) {
    let sent = ts + (exponential(rng, 0.3) * SECOND as f64) as i64;
    (sent, sent + (exponential(rng, 0.8) * SECOND as f64) as i64 + 50_000)
}

/// Simulate one user's activity; returns their last login.
fn activity_of(ctx: &Context, life: &AccountLife, p: &Person, email: &str, out: &mut Tables) -> Option<i64> {
    let s = ctx.scenario;
    let mut rng = stream(ctx.seed, Kind::User, p.id as u64, "activity");
    let wind_down = s.churn.wind_down_days as i64 * DAY;
    let mut defects = Injector::new(&s.defects, ctx.seed, Kind::User, p.id);
    // Tracks, screens and identifies are delivered twice now and then, as pages are: their own
    // stream, so that no other draw moves.
    let mut redelivery = Injector::for_purpose(&s.defects, ctx.seed, Kind::User, p.id, "segment-redelivery");
    let mut id = String::with_capacity(36);
    let mut url = String::with_capacity(64);
    let mut referrer = String::with_capacity(64);
    let mut last_login = None;

    // Identify at signup.
    uuid_into(&mut rng, &mut id);
    let (sent_at, received_at) = delivery(p.created_at, &mut rng);
    let row = |received_at| IdentifyRow {
        id: &id,
        anonymous_id: &p.anonymous_id,
        user_id: &p.id_text,
        email,
        received_at,
        sent_at,
        timestamp: p.created_at,
        context_ip: Some(&p.ip),
        _fivetran_synced: synced(ctx, Connector::Segment, "identifies", received_at, 0),
    };
    deliver(&mut redelivery, &mut out.truth.defects, "segment.identifies", &id, received_at, |at| out.segment.identifies.push(row(at)));

    let mut mobile_identified = false;
    for m in ctx.months.index_of(p.created_at)..ctx.months.count() {
        let (a, b) = ctx.months.span(m);
        let from = a.max(p.created_at);
        if from >= b {
            continue;
        }
        // Activity happens only while subscribed: each session checks the subscription, and
        // fades in the weeks before a cancellation.
        let share = (b - from) as f64 / (30.44 * DAY as f64);
        let engagement = life.latent_in(m).engagement;
        let intensity = engagement * engagement * 1.6 * p.activity * share;

        for _ in 0..poisson(&mut rng, s.events.sessions_per_user_month * intensity) {
            let mut t = life.firm.clock.working_moment(&mut rng, from, b);
            if !life.active_at(t) || fades(&mut rng, life, t, wind_down) {
                continue;
            }
            last_login = Some(last_login.map_or(t, |l: i64| l.max(t)));
            let user_agent = p.browser.user_agent_at(t);
            let pages = 1 + poisson(&mut rng, (s.events.pages_per_session - 1.0).max(0.0));
            referrer.clear();
            let mut last_path = "";
            for _ in 0..pages {
                let (name, path, title) = PAGES[pick_page(&mut rng)];
                url.clear();
                url.push_str(APP_URL);
                url.push_str(path);
                uuid_into(&mut rng, &mut id);
                let (sent_at, mut received_at) = delivery(t, &mut rng);
                if let Some(delay) = defects.late() {
                    received_at += delay;
                    defects::record(&mut out.truth.defects, "segment.pages", &id, "late_arrival", &format!("delay_s={}", delay / SECOND));
                }
                let user_id = if defects.orphan() {
                    let orphan = defects.orphan_id(ctx.census.newest_user_id(), 1, 1).to_string();
                    defects::record(&mut out.truth.defects, "segment.pages", &id, "orphan", &format!("user_id={orphan}"));
                    Some(orphan)
                } else {
                    None
                };
                let null_agent = defects.null();
                if null_agent {
                    defects::record(&mut out.truth.defects, "segment.pages", &id, "null", "context_user_agent");
                }
                let referrer_value = (!referrer.is_empty()).then_some(referrer.as_str());
                let row = |received_at| PageRow {
                    id: &id,
                    anonymous_id: &p.anonymous_id,
                    user_id: Some(user_id.as_deref().unwrap_or(&p.id_text)),
                    received_at,
                    sent_at,
                    timestamp: t,
                    context_ip: Some(&p.ip),
                    context_user_agent: (!null_agent).then_some(user_agent.as_str()),
                    context_page_path: path,
                    context_page_url: &url,
                    context_page_title: title,
                    context_page_referrer: referrer_value,
                    context_campaign_source: None,
                    context_campaign_medium: None,
                    context_campaign_name: None,
                    context_campaign_term: None,
                    context_campaign_content: None,
                    name,
                    path,
                    url: &url,
                    referrer: referrer_value,
                    title,
                    _fivetran_synced: synced(ctx, Connector::Segment, "pages", received_at, 0),
                };
                out.segment.pages.push(row(received_at));
                if defects.duplicate() {
                    defects::record(&mut out.truth.defects, "segment.pages", &id, "duplicate", "");
                    out.segment.pages.push(row(received_at + between(&mut rng, SECOND, 30 * SECOND)));
                }
                referrer.clear();
                referrer.push_str(&url);
                last_path = path;
                t += (exponential(&mut rng, 45.0) * SECOND as f64) as i64 + 2 * SECOND;
            }
            for _ in 0..poisson(&mut rng, s.events.tracks_per_session) {
                let (event, text, path) = TRACKS[rng.random_range(0..TRACKS.len())];
                uuid_into(&mut rng, &mut id);
                let ts = t - between(&mut rng, 0, 60 * SECOND);
                let (sent_at, received_at) = delivery(ts, &mut rng);
                let row = |received_at| TrackRow {
                    id: &id,
                    anonymous_id: &p.anonymous_id,
                    user_id: Some(&p.id_text),
                    event,
                    event_text: text,
                    received_at,
                    sent_at,
                    timestamp: ts,
                    context_ip: Some(&p.ip),
                    context_user_agent: Some(user_agent.as_str()),
                    context_page_path: Some(if last_path.is_empty() { path } else { last_path }),
                    _fivetran_synced: synced(ctx, Connector::Segment, "tracks", received_at, 0),
                };
                deliver(&mut redelivery, &mut out.truth.defects, "segment.tracks", &id, received_at, |at| out.segment.tracks.push(row(at)));
            }
        }

        if let Some((os, phone_pick)) = p.mobile {
            for _ in 0..poisson(&mut rng, s.events.sessions_per_user_month * 0.6 * intensity) {
                let mut t = life.firm.clock.working_moment(&mut rng, from, b);
                if !life.active_at(t) || fades(&mut rng, life, t, wind_down) {
                    continue;
                }
                last_login = Some(last_login.map_or(t, |l: i64| l.max(t)));
                if !mobile_identified {
                    mobile_identified = true;
                    uuid_into(&mut rng, &mut id);
                    let (sent_at, received_at) = delivery(t, &mut rng);
                    let row = |received_at| IdentifyRow {
                        id: &id,
                        anonymous_id: &p.anonymous_id,
                        user_id: &p.id_text,
                        email,
                        received_at,
                        sent_at,
                        timestamp: t,
                        context_ip: None,
                        _fivetran_synced: synced(ctx, Connector::Segment, "identifies", received_at, 0),
                    };
                    deliver(&mut redelivery, &mut out.truth.defects, "segment.identifies", &id, received_at, |at| out.segment.identifies.push(row(at)));
                }
                let app_version = ctx.app_version_at(t - p.app_update_lag);
                let device_model = clients::phone_at(os, super::time::date_of(t), phone_pick);
                for _ in 0..1 + poisson(&mut rng, (s.events.screens_per_session - 1.0).max(0.0)) {
                    uuid_into(&mut rng, &mut id);
                    let (sent_at, received_at) = delivery(t, &mut rng);
                    let name = SCREENS[rng.random_range(0..SCREENS.len())];
                    let row = |received_at| ScreenRow {
                        id: &id,
                        anonymous_id: &p.anonymous_id,
                        user_id: Some(&p.id_text),
                        received_at,
                        sent_at,
                        timestamp: t,
                        context_ip: None,
                        context_app_version: app_version,
                        context_os_name: os,
                        context_device_model: device_model,
                        name,
                        _fivetran_synced: synced(ctx, Connector::Segment, "screens", received_at, 0),
                    };
                    deliver(&mut redelivery, &mut out.truth.defects, "segment.screens", &id, received_at, |at| out.segment.screens.push(row(at)));
                    t += (exponential(&mut rng, 20.0) * SECOND as f64) as i64 + SECOND;
                }
            }
        }

        // Premium features, for the plan in force.
        let tier = life.tier_at(from.max(life.signup_at()));
        let features = &s.plans.tiers[&ctx.tiers[tier]].features;
        if !features.is_empty() {
            for _ in 0..poisson(&mut rng, s.events.feature_uses_per_user_month * intensity) {
                let t = life.firm.clock.working_moment(&mut rng, from, b);
                if !life.active_at(t) || fades(&mut rng, life, t, wind_down) {
                    continue;
                }
                uuid_into(&mut rng, &mut id);
                let mut user_id = p.id;
                if defects.orphan() {
                    user_id = defects.orphan_id(ctx.census.newest_user_id(), 1, 1);
                    defects::record(&mut out.truth.defects, "app.feature_usage", &id, "orphan", &format!("user_id={user_id}"));
                }
                out.app.feature_usage.push(FeatureUsageRow {
                    id: &id,
                    account_id: life.id,
                    user_id,
                    feature: &features[rng.random_range(0..features.len())],
                    used_at: t,
                    duration_s: 5 + exponential(&mut rng, 240.0) as i64,
                    _fivetran_deleted: false,
                    _fivetran_synced: synced(ctx, Connector::App, "feature_usage", t, user_id as u64),
                });
            }
        }
    }
    last_login
}
