//! Marketing: the campaigns the company runs on each ad platform, and each account's journey
//! to signup — the touches (ads, organic search, referrals, email, sales) that brought it.
//!
//! Journeys depend only on the census (signup time, first-touch channel) and the campaigns,
//! so the ad platforms' daily statistics, which aggregate every account's clicks, can be
//! computed in one cheap pass before the accounts are simulated in parallel; the account
//! simulation replays the same journey to write its Segment page views and `truth/touches`.

mod ads;

pub use ads::write_ad_tables;

use super::census::CensusEntry;
use super::dist::{between, exponential, poisson};
use super::time::{DAY, HOUR, MINUTE, SECOND};
use super::Context;
use crate::rng::{key, stream, Kind, Rng};
use crate::scenario::{AdPlatform, Scenario};
use crate::tables::{Tables, PageRow, TruthTouchRow};
use rand::RngExt;

pub const PLATFORMS: [&str; 3] = ["google_ads", "meta_ads", "linkedin_ads"];
const WEBSITE: &str = "https://www.saaslab.io";

/// A campaign on one ad platform.
#[derive(Clone, Debug)]
pub struct Campaign {
    pub platform: usize,
    pub index: usize,
    pub id: i64,
    /// Also the `utm_campaign` of its clicks.
    pub name: String,
    pub start: i64,
    /// Exclusive; `None` for an always-on campaign still running at the end.
    pub end: Option<i64>,
    pub ctr: f64,
    pub cpc_cents: i64,
    pub click_to_signup: f64,
    pub inflation: f64,
    /// Search keywords (Google) or the theme of the creative.
    pub theme: &'static str,
}

impl Campaign {
    pub fn active_at(&self, t: i64) -> bool {
        t >= self.start && self.end.is_none_or(|e| t < e)
    }

    pub fn platform_name(&self) -> &'static str {
        PLATFORMS[self.platform]
    }

    /// (utm_source, utm_medium).
    pub fn utm(&self) -> (&'static str, &'static str) {
        match self.platform {
            0 => ("google", "cpc"),
            1 => ("facebook", "paid_social"),
            _ => ("linkedin", "paid_social"),
        }
    }
}

const THEMES: &[&str] = &["restaurants", "retail", "healthcare", "warehouses", "cold_chain", "energy", "compliance"];

fn platform_params(s: &Scenario, platform: usize) -> &AdPlatform {
    match platform {
        0 => &s.marketing.google_ads,
        1 => &s.marketing.meta_ads,
        _ => &s.marketing.linkedin_ads,
    }
}

fn in_range(rng: &mut Rng, [lo, hi]: [f64; 2]) -> f64 {
    lo + rng.random::<f64>() * (hi - lo)
}

/// Every campaign of the run: an always-on campaign per platform, and seasonal ones.
pub fn campaigns(s: &Scenario, seed: u64, start: i64, end: i64) -> Vec<Campaign> {
    let mut out = Vec::new();
    for platform in 0..PLATFORMS.len() {
        let p = platform_params(s, platform);
        let prefix = ["gads", "meta", "li"][platform];
        let mut rng = stream(seed, Kind::Scenario, platform as u64, "campaigns");
        let mut push = |rng: &mut Rng, name: String, from: i64, to: Option<i64>, theme: &'static str| {
            let index = out.iter().filter(|c: &&Campaign| c.platform == platform).count();
            let id = 1_000_000_000 * (platform as i64 + 1) * 7 + index as i64 * 9973 + (key(seed, Kind::Scenario, index as u64, prefix) % 9973) as i64;
            out.push(Campaign {
                platform,
                index,
                id,
                name,
                start: from,
                end: to,
                ctr: in_range(rng, p.ctr),
                cpc_cents: rng.random_range(p.cpc_cents[0]..=p.cpc_cents[1]),
                click_to_signup: in_range(rng, p.click_to_signup),
                inflation: in_range(rng, p.reported_conversion_inflation),
                theme,
            });
        };
        push(&mut rng, format!("{prefix}_always_on_brand"), start - 30 * DAY, None, "brand");
        let first_year = super::time::date_of(start).format("%Y").to_string().parse::<i64>().unwrap_or(2019);
        let last_year = super::time::date_of(end - 1).format("%Y").to_string().parse::<i64>().unwrap_or(first_year);
        for year in first_year..=last_year {
            let year_start = super::time::micros(chrono::NaiveDate::from_ymd_opt(year as i32, 1, 1).expect("valid date"));
            for i in 0..p.campaigns_per_year {
                let from = year_start + (i as i64 * 365 * DAY) / p.campaigns_per_year as i64 + rng.random_range(0..20) * DAY;
                let to = from + rng.random_range(90..240) * DAY;
                if from >= end || to <= start {
                    continue;
                }
                let theme = THEMES[rng.random_range(0..THEMES.len())];
                let to = (to < end).then_some(to);
                push(&mut rng, format!("{prefix}_{theme}_{year}_{:02}", i + 1), from.max(start - 30 * DAY), to, theme);
            }
        }
    }
    out
}

/// One touch of an account's journey.
#[derive(Clone, Debug)]
pub struct Touch {
    pub at: i64,
    pub channel: &'static str,
    pub campaign: Option<usize>,
}

/// Channels of the touches after the first, with weights.
const LATER_CHANNELS: &[(&str, f64)] = &[
    ("organic_search", 0.3),
    ("direct", 0.2),
    ("email", 0.12),
    ("referral", 0.08),
    ("google_ads", 0.14),
    ("meta_ads", 0.08),
    ("linkedin_ads", 0.08),
];

fn channel_name(name: &str) -> &'static str {
    crate::world::CHANNELS.iter().chain(["direct"].iter()).find(|c| **c == name).copied().unwrap_or("direct")
}

/// An account's touches before signup, oldest first: the first is its acquisition channel.
pub fn journey(ctx: &Context, entry: &CensusEntry) -> Vec<Touch> {
    let s = ctx.scenario;
    let mut rng = stream(ctx.seed, Kind::Account, entry.account_id as u64, "journey");
    let signup = entry.signup_at;
    let n = 1 + poisson(&mut rng, s.marketing.extra_touches) as usize;
    let span = (exponential(&mut rng, s.marketing.journey_days) * DAY as f64) as i64 + HOUR;
    // The prospect browses in its own working hours (see `rhythm`).
    let clock = super::life::clock_of(ctx, entry.account_id);
    let first_at = clock
        .working_moment(&mut rng, signup - span - DAY, signup - span)
        .max(ctx.months.start.min(signup - HOUR))
        .min(signup - 10 * MINUTE);
    let mut times: Vec<i64> = (1..n).map(|_| clock.working_moment(&mut rng, first_at, signup - 10 * MINUTE)).collect();
    times.sort_unstable();
    let mut touches = Vec::with_capacity(n);
    let first_channel = channel_name(&ctx.census.channels.names[entry.channel]);
    touches.push(touch(ctx, first_channel, first_at, &mut rng));
    for t in times {
        let mut x = rng.random::<f64>();
        let mut channel = "direct";
        for (c, w) in LATER_CHANNELS {
            if x < *w {
                channel = c;
                break;
            }
            x -= w;
        }
        touches.push(touch(ctx, channel, t, &mut rng));
    }
    touches
}

fn touch(ctx: &Context, channel: &'static str, at: i64, rng: &mut Rng) -> Touch {
    let campaign = PLATFORMS.iter().position(|p| *p == channel).map(|platform| {
        let active: Vec<usize> = ctx.campaigns.iter().enumerate().filter(|(_, c)| c.platform == platform && c.active_at(at)).map(|(i, _)| i).collect();
        // The always-on campaign is active whenever any is, so `active` is never empty.
        active[rng.random_range(0..active.len())]
    });
    Touch { at, channel, campaign }
}

/// The UTM parameters a touch's landing page carries: (source, medium, campaign, term, content).
fn utm(ctx: &Context, t: &Touch, entry: &CensusEntry) -> Option<(&'static str, &'static str, String, Option<&'static str>, Option<String>)> {
    if let Some(i) = t.campaign {
        let c = &ctx.campaigns[i];
        let (source, medium) = c.utm();
        let term = (c.platform == 0).then_some(c.theme);
        return Some((source, medium, c.name.clone(), term, Some(format!("ad_{}", c.index + 1))));
    }
    let year = super::time::date_of(t.at).format("%Y_%m").to_string();
    match t.channel {
        "email" => Some(("newsletter", "email", format!("newsletter_{year}"), None, None)),
        "referral" => Some(("partner", "referral", "partner_program".to_string(), None, None)),
        "outbound_sales" => Some(("hubspot", "sales_email", format!("outbound_{}", ctx.census.segments.names[entry.segment]), None, None)),
        _ => None,
    }
}

const SITE_PAGES: &[(&str, &str, &str)] = &[
    ("Home", "/", "saaslab — IoT monitoring for every location"),
    ("Product", "/product", "Product | saaslab"),
    ("Pricing", "/pricing", "Pricing | saaslab"),
    ("Industries", "/industries", "Industries | saaslab"),
    ("Customers", "/customers", "Customer stories | saaslab"),
    ("Blog", "/blog", "Blog | saaslab"),
];

/// Write an account's journey: its marketing-site page views (anonymous, with UTMs on each
/// landing page) and its touches in `truth/touches`. Returns the first touch's time.
pub fn write_journey(ctx: &Context, entry: &CensusEntry, anonymous_id: &str, out: &mut Tables) -> i64 {
    let touches = journey(ctx, entry);
    let mut rng = stream(ctx.seed, Kind::Account, entry.account_id as u64, "journey-pages");
    let last = touches.len() - 1;
    let mut id = String::with_capacity(36);
    let browser = super::people::browser(ctx, entry.first_user_id);
    for (n, t) in touches.iter().enumerate() {
        let utm = utm(ctx, t, entry);
        let campaign = t.campaign.map(|i| &ctx.campaigns[i]);
        out.truth.touches.push(TruthTouchRow {
            account_id: entry.account_id,
            touch_number: n as i64 + 1,
            touched_at: t.at,
            channel: t.channel,
            platform: campaign.map(|c| c.platform_name()),
            campaign_id: campaign.map(|c| c.id),
            campaign_name: campaign.map(|c| c.name.as_str()),
            utm_source: utm.as_ref().map(|u| u.0),
            utm_medium: utm.as_ref().map(|u| u.1),
            utm_campaign: utm.as_ref().map(|u| u.2.as_str()),
            anonymous_id,
            is_first: n == 0,
            is_last: n == last,
        });
        // A session on the marketing site: the landing page carries the campaign; the last
        // session ends on the signup page.
        let pages = 1 + poisson(&mut rng, 1.5) as usize;
        let mut at = t.at;
        let user_agent = browser.user_agent_at(at);
        let mut referrer: Option<String> = match t.channel {
            "organic_search" => Some(["https://www.google.com/", "https://www.google.com/", "https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/"][rng.random_range(0..5)].into()),
            // Review sites and integration partners.
            "referral" => Some(["https://www.capterra.com/", "https://www.g2.com/", "https://www.getapp.com/", "https://www.softwareadvice.com/", "https://www.toasttab.com/"][rng.random_range(0..5)].into()),
            _ => None,
        };
        for p in 0..pages + usize::from(n == last) {
            let (name, path, title) = if n == last && p == pages { ("Sign Up", "/signup", "Start your trial | saaslab") } else { SITE_PAGES[rng.random_range(0..SITE_PAGES.len())] };
            let landing = p == 0;
            let mut url = format!("{WEBSITE}{path}");
            if let (true, Some((source, medium, name, term, content))) = (landing, &utm) {
                url.push_str(&format!("?utm_source={source}&utm_medium={medium}&utm_campaign={name}"));
                if let Some(term) = term {
                    url.push_str(&format!("&utm_term={term}"));
                }
                if let Some(content) = content {
                    url.push_str(&format!("&utm_content={content}"));
                }
            }
            super::ids::uuid_into(&mut rng, &mut id);
            let sent_at = at + between(&mut rng, 0, SECOND);
            let u = if landing { utm.as_ref() } else { None };
            let received_at = sent_at + between(&mut rng, 50_000, 2 * SECOND);
            out.segment.pages.push(PageRow {
                id: &id,
                anonymous_id,
                user_id: None,
                received_at,
                sent_at,
                timestamp: at,
                context_ip: None,
                context_user_agent: Some(&user_agent),
                context_page_path: path,
                context_page_url: &url,
                context_page_title: title,
                context_page_referrer: referrer.as_deref(),
                context_campaign_source: u.map(|u| u.0),
                context_campaign_medium: u.map(|u| u.1),
                context_campaign_name: u.map(|u| u.2.as_str()),
                context_campaign_term: u.and_then(|u| u.3),
                context_campaign_content: u.and_then(|u| u.4.as_deref()),
                name,
                path,
                url: &url,
                referrer: referrer.as_deref(),
                title,
                _fivetran_synced: super::sync::synced(ctx, super::sync::Connector::Segment, "pages", received_at, 0),
            });
            referrer = Some(url);
            at += between(&mut rng, 5 * SECOND, 3 * MINUTE);
        }
    }
    touches[0].at
}
