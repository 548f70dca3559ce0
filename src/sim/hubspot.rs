//! HubSpot, the CRM: a company per account (and per lead that never converted), a contact per
//! user, owners, and deals for sales-led accounts moving through the pipeline's stages.
//!
//! Sales-led accounts (`gtm::sales_led`: outbound sales, all enterprise, most mid-market) have a
//! deal that is created at the first touch, moves through the stages, and closes won at signup; its id sits
//! in the first Stripe subscription's metadata. Leads get a company and contacts, and some a
//! deal that closes lost. Some contacts were created twice and merged: the survivor lists the
//! merged ids in `property_hs_merged_object_ids` (listed in `truth/defects`).

use super::census::CensusEntry;
use super::dist::between;
use super::ids;
use super::life::AccountLife;
use super::time::{DAY, HOUR, MINUTE, SECOND};
use super::Context;
use crate::rng::{key, stream, Kind, Rng};
use crate::tables::*;
use arrow::record_batch::RecordBatch;
use rand::RngExt;

pub const PORTAL_ID: i64 = 7_654_321;
pub const PIPELINE: &str = "default";
/// (stage id, label, probability, closed, won)
pub const STAGES: &[(&str, &str, f64, bool, bool)] = &[
    ("appointmentscheduled", "Appointment Scheduled", 0.2, false, false),
    ("qualifiedtobuy", "Qualified To Buy", 0.4, false, false),
    ("presentationscheduled", "Presentation Scheduled", 0.6, false, false),
    ("contractsent", "Contract Sent", 0.9, false, false),
    ("closedwon", "Closed Won", 1.0, true, true),
    ("closedlost", "Closed Lost", 0.0, true, false),
];
const OWNERS: i64 = 12;
const OPEN_END_YEAR: i32 = 2050;

/// HubSpot user ids are 8-digit integers with no order to them.
fn owner_id(ctx: &Context, n: i64) -> i64 {
    10_000_000 + ids::permute_bits(ctx.seed, "hubspot-owner", n as u64, 26) as i64
}

fn owner_of(ctx: &Context, what: u64) -> i64 {
    owner_id(ctx, (key(ctx.seed, Kind::Scenario, what, "owner") % OWNERS as u64) as i64)
}

/// Leads: about half as many companies as customers, arriving over the whole period.
pub fn lead_count(customers: usize) -> usize {
    customers / 2
}

/// Classes of object that share a HubSpot table (see `ids::hubspot_id`).
const CUSTOMER: u64 = 0;
const LEAD: u64 = 1;
const MERGED: u64 = 2;
/// A company record a rep created by hand for a customer that already had one, then deleted.
const DUPLICATE: u64 = 3;

/// `_fivetran_synced` of a HubSpot row last changed at `at`.
fn synced(ctx: &Context, table: &str, at: i64, row: i64) -> i64 {
    super::sync::synced(ctx, super::sync::Connector::Hubspot, table, at, row as u64)
}

/// What a prospect would pay a year for `locations` sites on `tier`, as a rep enters it: list
/// prices for a typical fleet, the annual discount, often rounded to a round figure.
fn contract_value(ctx: &Context, tier: usize, locations: f64, rng: &mut Rng) -> f64 {
    let t = &ctx.scenario.plans.tiers[&ctx.tiers[tier]];
    let sensors = ctx.scenario.fleet.sensors_per_location * (0.7 + 0.6 * rng.random::<f64>());
    let monthly_cents = locations * (t.per_location_cents as f64 + (1.0 + sensors) * t.per_device_cents as f64);
    let annual = monthly_cents * 12.0 * (1.0 - t.annual_discount) / 100.0;
    if rng.random::<f64>() < 0.6 {
        ((annual / 500.0).round() * 500.0).max(500.0)
    } else {
        annual.round()
    }
}

/// HubSpot's source label for a channel.
fn analytics_source(channel: &str) -> &'static str {
    match channel {
        "google_ads" => "PAID_SEARCH",
        "meta_ads" | "linkedin_ads" => "PAID_SOCIAL",
        "organic_search" => "ORGANIC_SEARCH",
        "referral" => "REFERRALS",
        "email" => "EMAIL_MARKETING",
        "outbound_sales" => "OFFLINE",
        _ => "DIRECT_TRAFFIC",
    }
}

pub fn contact_id(ctx: &Context, user_id: i64) -> i64 {
    ids::hubspot_id(ctx.seed, "contact", CUSTOMER, user_id as u64)
}

/// The deal of a sales-led account (None for self-serve ones).
pub fn deal_id(ctx: &Context, entry: &CensusEntry) -> Option<i64> {
    super::gtm::sales_led(ctx, entry).then(|| ids::hubspot_id(ctx.seed, "deal", CUSTOMER, entry.account_id as u64))
}

fn open_end() -> i64 {
    super::time::micros(chrono::NaiveDate::from_ymd_opt(OPEN_END_YEAR, 1, 1).expect("valid date"))
}

/// Stage history of a deal from `created` to `closed` (won or lost): each stage takes its own
/// share of the time, and stages move during the head office's working hours.
#[allow(clippy::too_many_arguments)]
fn write_deal(ctx: &Context, deal: i64, (class, index): (u64, u64), name: &str, owner: i64, amount: f64, created: i64, closed: i64, won: bool, company: i64, contact: Option<i64>, rng: &mut Rng, out: &mut Tables) {
    let office = super::rhythm::Clock::head_office();
    let path: Vec<usize> = if won { vec![0, 1, 2, 3, 4] } else { let reached = rng.random_range(0..4); (0..=reached).chain(std::iter::once(5)).collect() };
    let closed = closed.max(created + HOUR);
    let still_open = closed >= ctx.months.end;
    // Time in each stage: exponential shares of the deal's length (a Dirichlet draw).
    let weights: Vec<f64> = path.iter().map(|_| -super::dist::ln(1.0 - rng.random::<f64>()) + 0.05).collect();
    let total: f64 = weights.iter().sum();
    let mut entered = Vec::with_capacity(path.len());
    let (mut at, mut share) = (created, 0.0);
    for (i, w) in weights.iter().enumerate() {
        entered.push(at);
        share += w;
        if i + 2 == path.len() {
            at = closed;
        } else if i + 2 < path.len() {
            let next = created + ((closed - created) as f64 * share / total) as i64;
            // Strictly after the stage before, and leaving a minute for each stage still to come
            // (the history's key is the deal and the time a stage was entered).
            let room = (path.len() - 1 - (i + 1)) as i64 * MINUTE;
            at = office.next_working_moment(rng, next.max(at + MINUTE), 2 * DAY).min(closed - room).max(at + SECOND);
        }
    }
    let shown: Vec<usize> = path.iter().enumerate().filter(|(i, _)| entered[*i] < ctx.months.end).map(|(i, _)| i).collect();
    let current = STAGES[path[*shown.last().unwrap_or(&0)]].0;
    let last_change = entered[*shown.last().unwrap_or(&0)];
    out.hubspot.deal.push(HubspotDealRow {
        deal_id: deal,
        portal_id: PORTAL_ID,
        deal_pipeline_id: PIPELINE,
        deal_pipeline_stage_id: current,
        owner_id: Some(owner),
        is_deleted: false,
        property_dealname: name,
        property_amount: Some(amount),
        property_closedate: (!still_open).then_some(closed),
        property_createdate: created,
        _fivetran_synced: synced(ctx, "deal", last_change, deal),
    });
    for (k, &i) in shown.iter().enumerate() {
        let last = k + 1 == shown.len();
        out.hubspot.deal_stage.push(HubspotDealStageRow {
            deal_id: deal,
            value: STAGES[path[i]].0,
            date_entered: entered[i],
            _fivetran_start: entered[i],
            _fivetran_end: if last { open_end() } else { entered[shown[k + 1]] },
            _fivetran_active: last,
            _fivetran_synced: synced(ctx, "deal_stage", entered[i], deal),
        });
        // A call or meeting at each stage, a note when it closes.
        let kind = if STAGES[path[i]].3 { "NOTE" } else if k % 2 == 0 { "CALL" } else { "MEETING" };
        let timestamp = office.next_working_moment(rng, entered[i], DAY).min(ctx.months.end - MINUTE);
        out.hubspot.engagement.push(HubspotEngagementRow {
            id: ids::hubspot_id(ctx.seed, "engagement", class, (index << 4) | k as u64),
            r#type: kind,
            timestamp,
            owner_id: Some(owner),
            company_id: Some(company),
            contact_id: contact,
            deal_id: Some(deal),
            _fivetran_synced: synced(ctx, "engagement", timestamp, deal),
        });
    }
    out.hubspot.deal_company.push(HubspotDealCompanyRow { deal_id: deal, company_id: company, type_id: 5, _fivetran_synced: synced(ctx, "deal_company", created, deal) });
    if let Some(c) = contact {
        out.hubspot.deal_contact.push(HubspotDealContactRow { deal_id: deal, contact_id: c, type_id: 3, _fivetran_synced: synced(ctx, "deal_contact", created, deal) });
    }
}

/// The account's company, its users' contacts and (if sales-led) its deal.
pub fn simulate(ctx: &Context, life: &AccountLife, roster: &[super::people::Profile], first_touch: i64, out: &mut Tables) {
    let entry = &life.census;
    let mut rng = stream(ctx.seed, Kind::Account, life.id as u64, "hubspot");
    let company = ids::hubspot_company_id(ctx.seed, life.id);
    let owner = owner_of(ctx, life.id as u64);
    let created = first_touch.min(life.signup_at());
    let employees = match life.firm.segment {
        "enterprise" => rng.random_range(1000..20000),
        "mid_market" => rng.random_range(100..1000),
        _ => rng.random_range(5..100),
    };
    // HubSpot recomputes a customer's activity properties (last seen, page views) as it uses
    // the product, so a live customer's row changed in the last days; a lost one's when it left.
    let company_changed = match life.periods.last().and_then(|p| p.end) {
        Some(ended) => ended,
        None => ctx.months.end - between(&mut rng, 0, 3 * DAY),
    }
    .max(created);
    out.hubspot.company.push(HubspotCompanyRow {
        id: company,
        portal_id: PORTAL_ID,
        is_deleted: false,
        property_name: &life.firm.name,
        property_domain: &life.firm.domain,
        property_industry: Some(&life.firm.industry),
        property_numberofemployees: Some(employees),
        property_annualrevenue: Some((employees as f64 * rng.random_range(60_000..180_000) as f64).round()),
        property_lifecyclestage: if life.status_at_end() == "canceled" { "other" } else { "customer" },
        property_hubspot_owner_id: Some(owner),
        property_createdate: created,
        property_city: None,
        property_country: Some(life.firm.country.name),
        property_app_account_id: Some(life.id),
        _fivetran_synced: synced(ctx, "company", company_changed, company),
    });
    // Now and then a rep creates the company again by hand (from an email, so it has the name
    // and domain but no app account id) and deletes it a few days later: HubSpot keeps the
    // row with `is_deleted`, which staging drops. Its own stream, so that no other draw moves.
    let mut duplicates = super::defects::Injector::for_purpose(&ctx.scenario.defects, ctx.seed, Kind::Account, life.id, "hubspot-company-duplicate");
    if duplicates.soft_delete() {
        let duplicate = ids::hubspot_id(ctx.seed, "company", DUPLICATE, life.id as u64);
        let mut timing = stream(ctx.seed, Kind::Account, life.id as u64, "hubspot-company-duplicate-timing");
        let made = (created + between(&mut timing, DAY, 400 * DAY)).min(ctx.months.end - 2 * DAY).max(created);
        let deleted = made + between(&mut timing, HOUR, 10 * DAY);
        super::defects::record(&mut out.truth.defects, "hubspot.company", &duplicate.to_string(), "soft_delete", &format!("duplicate_of={company}"));
        out.hubspot.company.push(HubspotCompanyRow {
            id: duplicate,
            portal_id: PORTAL_ID,
            is_deleted: true,
            property_name: &life.firm.name,
            property_domain: &life.firm.domain,
            property_industry: None,
            property_numberofemployees: None,
            property_annualrevenue: None,
            property_lifecyclestage: "lead",
            property_hubspot_owner_id: Some(owner),
            property_createdate: made,
            property_city: None,
            property_country: Some(life.firm.country.name),
            property_app_account_id: None,
            _fivetran_synced: synced(ctx, "company", deleted.min(ctx.months.end - HOUR), duplicate),
        });
    }
    let source = analytics_source(&life.firm.channel);
    let mut defects = super::defects::Injector::for_purpose(&ctx.scenario.defects, ctx.seed, Kind::Account, life.id, "hubspot-defects");
    for k in 0..entry.users as i64 {
        let user_id = entry.first_user_id + k;
        let id = contact_id(ctx, user_id);
        // A duplicate created by a second form fill, merged into this contact.
        let merged = defects.duplicate().then(|| ids::hubspot_id(ctx.seed, "contact", MERGED, user_id as u64));
        if let Some(m) = merged {
            super::defects::record(&mut out.truth.defects, "hubspot.contact", &id.to_string(), "merged", &format!("merged_ids={m}"));
        }
        let profile = &roster[k as usize];
        out.hubspot.contact.push(HubspotContactRow {
            id,
            property_email: &profile.email,
            property_firstname: Some(&profile.first_name),
            property_lastname: Some(&profile.last_name),
            property_jobtitle: Some(match profile.role { "admin" => "Operations Director", "manager" => "Site Manager", "technician" => "Facilities Technician", _ => "Analyst" }),
            property_lifecyclestage: if life.status_at_end() == "canceled" { "other" } else { "customer" },
            property_hs_lead_status: None,
            property_hubspot_owner_id: Some(owner),
            property_associatedcompanyid: Some(company),
            property_createdate: if k == 0 { created } else { profile.created_at },
            property_hs_analytics_source: if k == 0 { source } else { "DIRECT_TRAFFIC" },
            property_hs_merged_object_ids: merged.map(|m| m.to_string()).as_deref(),
            _fivetran_synced: synced(ctx, "contact", if k == 0 { created } else { profile.created_at }, id),
        });
    }
    if let Some(deal) = deal_id(ctx, entry) {
        let amount = contract_value(ctx, life.firm.initial_tier, entry.locations as f64, &mut rng);
        let name = format!("{} - new business", life.firm.name);
        let created = created - between(&mut rng, 0, 10 * DAY);
        write_deal(ctx, deal, (CUSTOMER, life.id as u64), &name, owner, amount, created, life.signup_at(), true, company, Some(contact_id(ctx, entry.first_user_id)), &mut rng, out);
    }
}

/// The global HubSpot tables: owners, the pipeline and its stages, and the leads that never
/// became customers (companies, contacts, lost deals).
pub fn global_tables(ctx: &Context) -> Vec<(TableSpec, RecordBatch)> {
    let setup = ctx.months.start - 60 * DAY;
    let synced_setup = |table: &str, row: i64| synced(ctx, table, setup, row);
    let mut owners = HubspotOwners::default();
    let mut pipelines = HubspotDealPipelines::default();
    let mut stages = HubspotDealPipelineStages::default();
    let mut leads = Tables::default();
    let mut rng = stream(ctx.seed, Kind::Scenario, 0, "hubspot-owners");
    for n in 0..OWNERS {
        let (first, last) = super::firms::person(crate::world::countries::Locale::En, &mut rng);
        let email = format!("{}.{}@saaslab.io", crate::world::names::slug(&first), crate::world::names::slug(&last));
        let id = owner_id(ctx, n);
        owners.push(HubspotOwnerRow { owner_id: id, email: &email, first_name: &first, last_name: &last, r#type: "PERSON", created_at: setup, updated_at: setup, _fivetran_synced: synced_setup("owner", id) });
    }
    pipelines.push(HubspotDealPipelineRow { pipeline_id: PIPELINE, label: "Sales Pipeline", display_order: 0, _fivetran_synced: synced_setup("deal_pipeline", 0) });
    for (i, (id, label, probability, closed, won)) in STAGES.iter().enumerate() {
        stages.push(HubspotDealPipelineStageRow { stage_id: id, pipeline_id: PIPELINE, label, display_order: i as i64, probability: *probability, is_closed: *closed, closed_won: *won, _fivetran_synced: synced_setup("deal_pipeline_stage", i as i64) });
    }
    for n in 0..ctx.firms.leads.len() as i64 {
        let identity = &ctx.firms.leads[n as usize];
        let mut rng = stream(ctx.seed, Kind::Scenario, n as u64, "hubspot-lead");
        let created = between(&mut rng, ctx.months.start, ctx.months.end - DAY);
        let company = ids::hubspot_id(ctx.seed, "company", LEAD, n as u64);
        let (country, name, domain) = (identity.country, &identity.name, &identity.domain);
        let owner = owner_of(ctx, company as u64);
        let stage = ["lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity"][rng.random_range(0..4)];
        leads.hubspot.company.push(HubspotCompanyRow {
            id: company, portal_id: PORTAL_ID, is_deleted: false, property_name: &name, property_domain: &domain,
            property_industry: None, property_numberofemployees: Some(rng.random_range(5..500)), property_annualrevenue: None,
            property_lifecyclestage: stage, property_hubspot_owner_id: Some(owner), property_createdate: created,
            property_city: None, property_country: Some(country.name), property_app_account_id: None, _fivetran_synced: synced(ctx, "company", created, company),
        });
        let contact = ids::hubspot_id(ctx.seed, "contact", LEAD, n as u64);
        let (first, last) = super::firms::person(country.locale, &mut rng);
        let email = format!("{}@{domain}", super::firms::local_part(identity.email_style, &first, &last));
        leads.hubspot.contact.push(HubspotContactRow {
            id: contact, property_email: &email, property_firstname: Some(&first), property_lastname: Some(&last),
            property_jobtitle: Some("Operations Manager"), property_lifecyclestage: stage, property_hs_lead_status: Some(["NEW", "OPEN", "IN_PROGRESS", "UNQUALIFIED"][rng.random_range(0..4)]),
            property_hubspot_owner_id: Some(owner), property_associatedcompanyid: Some(company), property_createdate: created,
            property_hs_analytics_source: ["ORGANIC_SEARCH", "PAID_SEARCH", "PAID_SOCIAL", "DIRECT_TRAFFIC"][rng.random_range(0..4)],
            property_hs_merged_object_ids: None, _fivetran_synced: synced(ctx, "contact", created, contact),
        });
        if stage == "opportunity" || rng.random::<f64>() < 0.15 {
            let deal = ids::hubspot_id(ctx.seed, "deal", LEAD, n as u64);
            let office = super::rhythm::Clock::head_office();
            let days = rng.random_range(20..120);
            let closed = office.next_working_moment(&mut rng, created + days * DAY, 3 * DAY);
            let name = format!("{name} - new business");
            // A prospect sized like the sales-led customers: mid-market or enterprise chains.
            let segment = if rng.random::<f64>() < 0.7 { "mid_market" } else { "enterprise" };
            let mean_extra = ctx.scenario.mix.extra_locations.get(segment).copied().unwrap_or(1.0);
            let locations = 1.0 + (mean_extra / 3.0 / super::dist::pow(1.0 - rng.random::<f64>(), 1.0 / 1.5)).round();
            let tier = rng.random_range(0..ctx.tiers.len());
            let amount = contract_value(ctx, tier, locations, &mut rng);
            write_deal(ctx, deal, (LEAD, n as u64), &name, owner, amount, created, closed, false, company, Some(contact), &mut rng, &mut leads);
        }
    }
    let mut out = vec![
        (HubspotOwners::SPEC, owners.finish()),
        (HubspotDealPipelines::SPEC, pipelines.finish()),
        (HubspotDealPipelineStages::SPEC, stages.finish()),
    ];
    out.extend(leads.drain().into_iter().filter(|(_, b)| b.num_rows() > 0));
    out
}
