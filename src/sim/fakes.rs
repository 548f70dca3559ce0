//! Names, companies and addresses from the `fake` crate, in the country's locale, drawn from
//! the caller's seeded stream.

use crate::rng::Rng;
use crate::world::countries::Locale;
use fake::Fake;
use fake::faker::address::raw::{BuildingNumber, CityName, PostCode, StateName, StreetName};
use fake::faker::company::raw::CompanyName;
use fake::faker::name::raw::{FirstName, LastName};
use fake::locales::{DE_DE, EN, FR_FR, NL_NL, PT_BR};

/// Call a raw faker with the fake locale matching `$locale`.
macro_rules! in_locale {
    ($locale:expr, $faker:ident, $rng:expr) => {
        match $locale {
            Locale::En => $faker(EN).fake_with_rng::<String, _>($rng),
            Locale::De => $faker(DE_DE).fake_with_rng::<String, _>($rng),
            Locale::Fr => $faker(FR_FR).fake_with_rng::<String, _>($rng),
            Locale::Nl => $faker(NL_NL).fake_with_rng::<String, _>($rng),
            Locale::PtBr => $faker(PT_BR).fake_with_rng::<String, _>($rng),
        }
    };
}

pub fn company(locale: Locale, rng: &mut Rng) -> String {
    in_locale!(locale, CompanyName, rng)
}

pub fn first_name(locale: Locale, rng: &mut Rng) -> String {
    in_locale!(locale, FirstName, rng)
}

pub fn last_name(locale: Locale, rng: &mut Rng) -> String {
    in_locale!(locale, LastName, rng)
}

pub struct Address {
    pub line_1: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

pub fn address(locale: Locale, rng: &mut Rng) -> Address {
    let number = in_locale!(locale, BuildingNumber, rng);
    let street = in_locale!(locale, StreetName, rng);
    let line_1 = match locale {
        Locale::En => format!("{number} {street}"),
        _ => format!("{street} {number}"),
    };
    Address {
        line_1,
        city: in_locale!(locale, CityName, rng),
        region: in_locale!(locale, StateName, rng),
        postal_code: in_locale!(locale, PostCode, rng),
    }
}

/// Lower-case ASCII letters and digits only: for email local parts and domains.
pub fn slug(text: &str) -> String {
    deunicode::deunicode(text).chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}
