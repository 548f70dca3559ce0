//! Countries accounts can be in: time zones, a bounding box for coordinates, and the locale
//! whose names (`world::names`) and address formats (`sim::addresses`) are used there.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    En,
    De,
    Fr,
    Nl,
    PtBr,
}

#[derive(Debug)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub locale: Locale,
    pub timezones: &'static [&'static str],
    /// (min latitude, max latitude, min longitude, max longitude) of the populated mainland.
    pub bounds: (f64, f64, f64, f64),
    /// Top-level domain used for company email domains.
    pub tld: &'static str,
    /// Lower-case ISO 4217 code of the national currency (paid in if the scenario prices in it).
    pub currency: &'static str,
}

pub const ALL: &[Country] = &[
    Country { code: "US", name: "United States", locale: Locale::En, timezones: &["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"], bounds: (25.8, 48.9, -123.0, -70.0), tld: "com" , currency: "usd" },
    Country { code: "CA", name: "Canada", locale: Locale::En, timezones: &["America/Toronto", "America/Vancouver", "America/Edmonton"], bounds: (43.0, 53.5, -123.0, -63.0), tld: "ca" , currency: "cad" },
    Country { code: "GB", name: "United Kingdom", locale: Locale::En, timezones: &["Europe/London"], bounds: (50.2, 57.5, -5.5, 1.7), tld: "co.uk" , currency: "gbp" },
    Country { code: "AU", name: "Australia", locale: Locale::En, timezones: &["Australia/Sydney", "Australia/Melbourne", "Australia/Perth"], bounds: (-37.9, -27.0, 115.0, 153.0), tld: "com.au" , currency: "aud" },
    Country { code: "DE", name: "Germany", locale: Locale::De, timezones: &["Europe/Berlin"], bounds: (47.5, 54.8, 6.0, 14.8), tld: "de" , currency: "eur" },
    Country { code: "FR", name: "France", locale: Locale::Fr, timezones: &["Europe/Paris"], bounds: (43.3, 50.9, -1.5, 7.5), tld: "fr" , currency: "eur" },
    Country { code: "NL", name: "Netherlands", locale: Locale::Nl, timezones: &["Europe/Amsterdam"], bounds: (51.4, 53.3, 4.0, 6.9), tld: "nl" , currency: "eur" },
    Country { code: "BR", name: "Brazil", locale: Locale::PtBr, timezones: &["America/Sao_Paulo"], bounds: (-30.0, -8.0, -51.0, -35.0), tld: "com.br" , currency: "brl" },
];

pub fn by_code(code: &str) -> Option<&'static Country> {
    ALL.iter().find(|c| c.code == code)
}
