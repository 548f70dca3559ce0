//! Who each business is: its country, industry, name, web domain and how it spells its email
//! addresses — for every account and every HubSpot lead, decided once per run before any
//! account is simulated.
//!
//! Names come from the locale's shapes (`world::names`); a domain is the name without its legal
//! form. Two businesses cannot own one domain, so this is the one step that looks across
//! accounts: names are drawn in parallel from each business's own stream, then domains are
//! settled in id order (accounts, then leads), a taken one getting the city or a word added as
//! a real business would ("mueller-logistik-hamburg.de"). The result is the same on any thread
//! count.

use super::weighted::Weighted;
use crate::rng::{stream, Kind, Rng};
use crate::world::countries::{self, Country, Locale};
use crate::world::names;
use rand::RngExt;
use rayon::prelude::*;
use std::collections::HashSet;

/// How a company builds its people's addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailStyle {
    FirstDotLast,
    InitialDotLast,
    FirstLast,
    InitialLast,
    FirstUnderscoreLast,
}

#[derive(Clone, Debug)]
pub struct Identity {
    pub country: &'static Country,
    pub industry: String,
    pub name: String,
    pub domain: String,
    pub email_style: EmailStyle,
    /// The admin's login is a role mailbox (info@, kontakt@ …), as small businesses share one.
    pub role_mailbox: bool,
}

/// How many identities are drafted at once (in parallel) before their domains are chosen in
/// order: the pass holds one block of drafts, not the whole company's.
const DRAFT_BLOCK: u64 = 1 << 16;

/// The identities a run keeps: those of the accounts in `accounts` (indices: account id − 1)
/// and, with `leads`, every lead's.
pub struct Firms {
    first_account: usize,
    accounts: Vec<Identity>,
    pub leads: Vec<Identity>,
}

impl Firms {
    /// The identity of account `account_id` (which must be among those kept).
    pub fn of(&self, account_id: i64) -> &Identity {
        let index = (account_id - 1) as usize;
        index.checked_sub(self.first_account).and_then(|i| self.accounts.get(i)).unwrap_or_else(|| panic!("account {account_id} is outside this run's accounts"))
    }
}

/// Identities of the run's accounts and leads. Domains must be unique across the company, so
/// they are chosen in one pass over every account, then every lead, in id order (first come,
/// first served); the drafts come in blocks, and only the identities asked for are kept, so a
/// shard holds its own firms (and the set of taken domains) rather than everyone's.
pub fn identities(seed: u64, countries: &Weighted, industries: &Weighted, accounts: usize, leads: usize, keep: std::ops::Range<usize>, keep_leads: bool) -> Firms {
    let draft = |kind: Kind, id: u64, purpose: &str| {
        let mut rng = stream(seed, kind, id, purpose);
        draft(&mut rng, countries, industries)
    };
    // Membership only: nothing is written in the set's order.
    let mut taken: HashSet<String> = HashSet::with_capacity(accounts + leads);
    let mut choose = |identity: &mut Identity, candidates: &[String]| {
        let tld = identity.country.tld;
        let mut chosen = None;
        for c in candidates.iter() {
            let domain = format!("{c}.{tld}");
            if taken.insert(domain.clone()) {
                chosen = Some(domain);
                break;
            }
        }
        identity.domain = chosen.unwrap_or_else(|| {
            let base = &candidates[0];
            (2..).map(|n| format!("{base}{n}.{tld}")).find(|d| taken.insert(d.clone())).expect("some number is free")
        });
    };
    let mut kept = Firms { first_account: keep.start, accounts: Vec::with_capacity(keep.len()), leads: Vec::new() };
    let blocks = |total: u64| (0..total.div_ceil(DRAFT_BLOCK)).map(move |b| b * DRAFT_BLOCK..((b + 1) * DRAFT_BLOCK).min(total));
    // Accounts after the last kept one change nothing before them; leads come after them all.
    let through = if keep_leads { accounts } else { keep.end.min(accounts) };
    for block in blocks(through as u64) {
        let drafts: Vec<(Identity, Vec<String>)> = block.clone().into_par_iter().map(|i| draft(Kind::Account, i + 1, "identity")).collect();
        for (i, (mut identity, candidates)) in block.zip(drafts) {
            choose(&mut identity, &candidates);
            if keep.contains(&(i as usize)) {
                kept.accounts.push(identity);
            }
        }
    }
    for block in blocks(if keep_leads { leads as u64 } else { 0 }) {
        let drafts: Vec<(Identity, Vec<String>)> = block.into_par_iter().map(|n| draft(Kind::Scenario, n, "lead-identity")).collect();
        for (mut identity, candidates) in drafts {
            choose(&mut identity, &candidates);
            kept.leads.push(identity);
        }
    }
    kept
}

/// A business's identity, and its domain candidates (without the top-level domain), best first.
fn draft(rng: &mut Rng, countries: &Weighted, industries: &Weighted) -> (Identity, Vec<String>) {
    let country = countries::by_code(countries.sample_name(rng)).unwrap_or(&countries::ALL[0]);
    let industry = industries.sample_name(rng).to_string();
    let local = names::of(country.locale);
    let shapes = (local.shapes)(&industry);
    let shape = shapes[rng.random_range(0..shapes.len())];
    let cities = names::cities(country.code);
    let city = cities[rng.random_range(0..cities.len())].0;
    let last = local.last[rng.random_range(0..local.last.len())];
    let mut second = local.last[rng.random_range(0..local.last.len())];
    if second == last {
        second = local.last[(local.last.iter().position(|l| *l == last).unwrap_or(0) + 1) % local.last.len()];
    }
    let mut name = shape.replace("{L}", last).replace("{M}", second).replace("{C}", city);
    // English-speaking businesses often carry their legal form in their name.
    let legal = match country.code {
        "US" => ["Inc", "LLC", "Inc."][rng.random_range(0..3)],
        "GB" => "Ltd",
        "AU" => "Pty Ltd",
        "CA" => ["Inc.", "Ltd."][rng.random_range(0..2)],
        _ => "",
    };
    if !legal.is_empty() && rng.random::<f64>() < 0.3 {
        name = format!("{name} {legal}");
    }

    let words: Vec<String> = name
        .split_whitespace()
        .filter(|w| !names::LEGAL_FORMS.contains(&w.to_lowercase().as_str()))
        .map(|w| crate::world::names::slug(&w.replace('\'', "")))
        .filter(|w| !w.is_empty())
        .collect();
    let hyphen_share = if country.locale == Locale::En { 0.25 } else { 0.55 };
    let sep = if rng.random::<f64>() < hyphen_share { "-" } else { "" };
    let mut words = words;
    // Long names are shortened to their first words, as people shorten them in a domain.
    while words.len() > 2 && words.iter().map(String::len).sum::<usize>() > 20 {
        words.pop();
    }
    let base = if words.is_empty() { crate::world::names::slug(last) } else { words.join(sep) };
    let city_slug = crate::world::names::slug(city);
    let industry_word = match industry.as_str() {
        "restaurants" => "food",
        "retail" => "shop",
        "healthcare_clinics" => "health",
        "warehouses" => "logistics",
        "hotels" => "hotel",
        "grocery" => "market",
        "laboratories" => "labs",
        _ => "group",
    };
    let join = if sep.is_empty() { "-" } else { sep };
    let mut candidates = vec![base.clone()];
    // A name that already holds its city gets a word, not the city again.
    if !base.contains(&city_slug) {
        candidates.push(format!("{base}{join}{city_slug}"));
    }
    candidates.extend([format!("{base}{join}{industry_word}"), format!("{base}{industry_word}"), format!("{base}group"), format!("my{base}")]);
    if !base.contains(&city_slug) {
        candidates.push(format!("{base}{join}{city_slug}{join}{industry_word}"));
    }

    let email_style = match rng.random_range(0..20) {
        0..=10 => EmailStyle::FirstDotLast,
        11..=14 => EmailStyle::InitialDotLast,
        15..=16 => EmailStyle::FirstLast,
        17..=18 => EmailStyle::InitialLast,
        _ => EmailStyle::FirstUnderscoreLast,
    };
    let role_mailbox = rng.random::<f64>() < 0.3;
    (Identity { country, industry, name, domain: String::new(), email_style, role_mailbox }, candidates)
}

/// The local part of a person's address in a company's style.
pub fn local_part(style: EmailStyle, first: &str, last: &str) -> String {
    let (f, l) = (crate::world::names::slug(first), crate::world::names::slug(last));
    let i = f.chars().next().map(String::from).unwrap_or_default();
    match style {
        EmailStyle::FirstDotLast => format!("{f}.{l}"),
        EmailStyle::InitialDotLast => format!("{i}.{l}"),
        EmailStyle::FirstLast => format!("{f}{l}"),
        EmailStyle::InitialLast => format!("{i}{l}"),
        EmailStyle::FirstUnderscoreLast => format!("{f}_{l}"),
    }
}

/// A person's name in `locale`.
pub fn person(locale: Locale, rng: &mut Rng) -> (String, String) {
    let local = names::of(locale);
    (local.first[rng.random_range(0..local.first.len())].to_string(), local.last[rng.random_range(0..local.last.len())].to_string())
}

/// A role mailbox of `locale` for a business's shared login.
pub fn role_mailbox(locale: Locale, pick: usize) -> &'static str {
    let boxes = names::of(locale).role_mailboxes;
    boxes[pick % boxes.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn domains_are_unique_and_names_read_local() {
        let weights = |pairs: &[(&str, f64)]| Weighted::new(&pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect::<BTreeMap<_, _>>());
        let countries = weights(&[("DE", 0.5), ("US", 0.5)]);
        let industries = weights(&[("restaurants", 0.5), ("warehouses", 0.5)]);
        let all = identities(7, &countries, &industries, 3000, 1000, 0..3000, true);
        let (accounts, leads) = (&all.accounts, &all.leads);
        let mut seen = HashSet::new();
        for id in accounts.iter().chain(leads) {
            assert!(seen.insert(id.domain.clone()), "{} twice", id.domain);
            let base = id.domain.split('.').next().unwrap();
            assert!(!base.ends_with("gmbh") && !base.ends_with("llc") && !base.ends_with("ltd"), "{}", id.domain);
            if id.country.code == "DE" {
                assert!(!id.name.contains(" and "), "{}", id.name);
            }
        }
        let again = identities(7, &countries, &industries, 3000, 1000, 0..3000, true);
        assert_eq!(accounts.iter().map(|i| &i.domain).collect::<Vec<_>>(), again.accounts.iter().map(|i| &i.domain).collect::<Vec<_>>());
        // A shard's slice is the same identities as the whole's, without the leads.
        let slice = identities(7, &countries, &industries, 3000, 1000, 1000..2000, false);
        assert!(slice.leads.is_empty());
        for id in 1001..=2000 {
            assert_eq!(slice.of(id).domain, all.of(id).domain);
        }
    }
}
