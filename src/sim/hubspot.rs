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
use super::time::{DAY, HOUR};
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

fn owner_id(n: i64) -> i64 {
    50_000_000 + n * 101
}

fn owner_of(ctx: &Context, what: u64) -> i64 {
    owner_id((key(ctx.seed, Kind::Scenario, what, "owner") % OWNERS as u64) as i64)
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

pub fn contact_id(user_id: i64) -> i64 {
    1_000_000 + user_id * 16
}

/// The deal of a sales-led account (None for self-serve ones).
pub fn deal_id(ctx: &Context, entry: &CensusEntry) -> Option<i64> {
    super::gtm::sales_led(ctx, entry).then(|| 9_000_000_000 + entry.account_id * 8 + (key(ctx.seed, Kind::Account, entry.account_id as u64, "deal") % 8) as i64)
}

fn open_end() -> i64 {
    super::time::micros(chrono::NaiveDate::from_ymd_opt(OPEN_END_YEAR, 1, 1).expect("valid date"))
}

/// Stage history of a deal from `created` to `closed` (won or lost), evenly paced.
fn write_deal(ctx: &Context, deal: i64, name: &str, owner: i64, amount: f64, created: i64, closed: i64, won: bool, company: i64, contact: Option<i64>, rng: &mut Rng, out: &mut Tables) {
    let synced = ctx.synced_at;
    let path: Vec<usize> = if won { vec![0, 1, 2, 3, 4] } else { let reached = rng.random_range(0..4); (0..=reached).chain(std::iter::once(5)).collect() };
    let closed = closed.max(created + HOUR);
    let still_open = closed >= ctx.months.end;
    let step = (closed - created) / path.len() as i64;
    let entered: Vec<i64> = path.iter().enumerate().map(|(i, _)| created + step * i as i64).collect();
    let shown: Vec<usize> = path.iter().enumerate().filter(|(i, _)| entered[*i] < ctx.months.end).map(|(i, _)| i).collect();
    let current = STAGES[path[*shown.last().unwrap_or(&0)]].0;
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
        _fivetran_synced: synced,
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
            _fivetran_synced: synced,
        });
        // A call or meeting at each stage, a note when it closes.
        let kind = if STAGES[path[i]].3 { "NOTE" } else if k % 2 == 0 { "CALL" } else { "MEETING" };
        out.hubspot.engagement.push(HubspotEngagementRow {
            id: deal * 10 + k as i64,
            r#type: kind,
            timestamp: entered[i] + between(rng, 0, DAY),
            owner_id: Some(owner),
            company_id: Some(company),
            contact_id: contact,
            deal_id: Some(deal),
            _fivetran_synced: synced,
        });
    }
    out.hubspot.deal_company.push(HubspotDealCompanyRow { deal_id: deal, company_id: company, type_id: 5, _fivetran_synced: synced });
    if let Some(c) = contact {
        out.hubspot.deal_contact.push(HubspotDealContactRow { deal_id: deal, contact_id: c, type_id: 3, _fivetran_synced: synced });
    }
}

/// The account's company, its users' contacts and (if sales-led) its deal.
pub fn simulate(ctx: &Context, life: &AccountLife, first_touch: i64, first_mrr_cents: i64, out: &mut Tables) {
    let entry = &life.census;
    let synced = ctx.synced_at;
    let mut rng = stream(ctx.seed, Kind::Account, life.id as u64, "hubspot");
    let company = ids::hubspot_company_id(ctx.seed, life.id);
    let owner = owner_of(ctx, life.id as u64);
    let created = first_touch.min(life.signup_at());
    let employees = match life.firm.segment {
        "enterprise" => rng.random_range(1000..20000),
        "mid_market" => rng.random_range(100..1000),
        _ => rng.random_range(5..100),
    };
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
        _fivetran_synced: synced,
    });
    let source = analytics_source(&life.firm.channel);
    let mut defects = super::defects::Injector::for_purpose(&ctx.scenario.defects, ctx.seed, Kind::Account, life.id, "hubspot-defects");
    for k in 0..entry.users as i64 {
        let user_id = entry.first_user_id + k;
        let id = contact_id(user_id);
        // A duplicate created by a second form fill, merged into this contact.
        let merged = defects.duplicate().then(|| id + 1);
        if let Some(m) = merged {
            super::defects::record(&mut out.truth.defects, "hubspot.contact", &id.to_string(), "merged", &format!("merged_ids={m}"));
        }
        let profile = super::people::profile(ctx, life, user_id, k);
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
            _fivetran_synced: synced,
        });
    }
    if let Some(deal) = deal_id(ctx, entry) {
        let amount = (first_mrr_cents as f64 * 12.0 / 100.0).round();
        let name = format!("{} - new business", life.firm.name);
        write_deal(ctx, deal, &name, owner, amount, created - between(&mut rng, 0, 10 * DAY), life.signup_at(), true, company, Some(contact_id(entry.first_user_id)), &mut rng, out);
    }
}

/// The global HubSpot tables: owners, the pipeline and its stages, and the leads that never
/// became customers (companies, contacts, lost deals).
pub fn global_tables(ctx: &Context) -> Vec<(TableSpec, RecordBatch)> {
    let synced = ctx.synced_at;
    let mut owners = HubspotOwners::default();
    let mut pipelines = HubspotDealPipelines::default();
    let mut stages = HubspotDealPipelineStages::default();
    let mut leads = Tables::default();
    let mut rng = stream(ctx.seed, Kind::Scenario, 0, "hubspot-owners");
    for n in 0..OWNERS {
        let first = super::fakes::first_name(crate::world::countries::Locale::En, &mut rng);
        let last = super::fakes::last_name(crate::world::countries::Locale::En, &mut rng);
        let email = format!("{}.{}@saaslab.io", super::fakes::slug(&first), super::fakes::slug(&last));
        owners.push(HubspotOwnerRow { owner_id: owner_id(n), email: &email, first_name: &first, last_name: &last, r#type: "PERSON", created_at: ctx.months.start - 60 * DAY, updated_at: ctx.months.start - 60 * DAY, _fivetran_synced: synced });
    }
    pipelines.push(HubspotDealPipelineRow { pipeline_id: PIPELINE, label: "Sales Pipeline", display_order: 0, _fivetran_synced: synced });
    for (i, (id, label, probability, closed, won)) in STAGES.iter().enumerate() {
        stages.push(HubspotDealPipelineStageRow { stage_id: id, pipeline_id: PIPELINE, label, display_order: i as i64, probability: *probability, is_closed: *closed, closed_won: *won, _fivetran_synced: synced });
    }
    // Leads: about half as many companies as customers, arriving over the whole period.
    let leads_count = ctx.census.entries.len() / 2;
    for n in 0..leads_count as i64 {
        let mut rng = stream(ctx.seed, Kind::Scenario, n as u64, "hubspot-lead");
        let created = between(&mut rng, ctx.months.start, ctx.months.end - DAY);
        let company = 8_000_000_000 + n * 4;
        let country = &crate::world::countries::ALL[rng.random_range(0..crate::world::countries::ALL.len())];
        let name = super::fakes::company(country.locale, &mut rng);
        let domain = format!("{}.{}", super::fakes::slug(&name), country.tld);
        let owner = owner_of(ctx, company as u64);
        let stage = ["lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity"][rng.random_range(0..4)];
        leads.hubspot.company.push(HubspotCompanyRow {
            id: company, portal_id: PORTAL_ID, is_deleted: false, property_name: &name, property_domain: &domain,
            property_industry: None, property_numberofemployees: Some(rng.random_range(5..500)), property_annualrevenue: None,
            property_lifecyclestage: stage, property_hubspot_owner_id: Some(owner), property_createdate: created,
            property_city: None, property_country: Some(country.name), property_app_account_id: None, _fivetran_synced: synced,
        });
        let contact = 900_000_000 + n * 4;
        let first = super::fakes::first_name(country.locale, &mut rng);
        let last = super::fakes::last_name(country.locale, &mut rng);
        let email = format!("{}.{}@{domain}", super::fakes::slug(&first), super::fakes::slug(&last));
        leads.hubspot.contact.push(HubspotContactRow {
            id: contact, property_email: &email, property_firstname: Some(&first), property_lastname: Some(&last),
            property_jobtitle: Some("Operations Manager"), property_lifecyclestage: stage, property_hs_lead_status: Some(["NEW", "OPEN", "IN_PROGRESS", "UNQUALIFIED"][rng.random_range(0..4)]),
            property_hubspot_owner_id: Some(owner), property_associatedcompanyid: Some(company), property_createdate: created,
            property_hs_analytics_source: ["ORGANIC_SEARCH", "PAID_SEARCH", "PAID_SOCIAL", "DIRECT_TRAFFIC"][rng.random_range(0..4)],
            property_hs_merged_object_ids: None, _fivetran_synced: synced,
        });
        if stage == "opportunity" || rng.random::<f64>() < 0.15 {
            let deal = 8_500_000_000 + n * 4;
            let closed = created + rng.random_range(20..120) * DAY;
            let name = format!("{name} - new business");
            write_deal(ctx, deal, &name, owner, rng.random_range(2_000..60_000) as f64, created, closed, false, company, Some(contact), &mut rng, &mut leads);
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
