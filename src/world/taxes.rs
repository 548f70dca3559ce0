//! The taxes a US seller of software as a service puts on its invoices, as a simple rate table.
//!
//! Abroad: VAT (EU, UK) and GST (Australia, Canada) at the standard national rate, charged
//! only to a business customer that gives no tax id; one that does accounts for the tax itself
//! (reverse charge) and its invoices carry none. Brazil's taxes on imported services are the
//! buyer's to withhold, so none is charged there. At home: state sales tax at the state's base
//! rate (no local add-ons) in the states that tax SaaS — New York, Ohio, Pennsylvania,
//! Tennessee, Utah, Washington, and Texas, which taxes 80 % of the charge (6.25 % × 80 % = 5 %).
//! Other states do not tax SaaS and their customers pay none.

pub struct TaxRate {
    /// Stable key for the Stripe tax-rate id.
    pub key: &'static str,
    /// What the invoice calls it.
    pub display_name: &'static str,
    pub country: &'static str,
    /// The US state (as `world::names` spells regions), for sales tax.
    pub state: Option<&'static str>,
    /// Rate in basis points of the taxable amount (1900 = 19 %).
    pub basis_points: i64,
    pub description: &'static str,
    /// A customer with a tax id self-accounts (reverse charge).
    pub reverse_charge: bool,
}

pub const RATES: &[TaxRate] = &[
    TaxRate { key: "de_vat", display_name: "VAT", country: "DE", state: None, basis_points: 1900, description: "Germany VAT (Umsatzsteuer), standard rate", reverse_charge: true },
    TaxRate { key: "fr_vat", display_name: "VAT", country: "FR", state: None, basis_points: 2000, description: "France VAT (TVA), standard rate", reverse_charge: true },
    TaxRate { key: "nl_vat", display_name: "VAT", country: "NL", state: None, basis_points: 2100, description: "Netherlands VAT (BTW), standard rate", reverse_charge: true },
    TaxRate { key: "gb_vat", display_name: "VAT", country: "GB", state: None, basis_points: 2000, description: "United Kingdom VAT, standard rate", reverse_charge: true },
    TaxRate { key: "au_gst", display_name: "GST", country: "AU", state: None, basis_points: 1000, description: "Australia GST", reverse_charge: true },
    TaxRate { key: "ca_gst", display_name: "GST", country: "CA", state: None, basis_points: 500, description: "Canada GST", reverse_charge: true },
    TaxRate { key: "us_ny", display_name: "Sales tax", country: "US", state: Some("New York"), basis_points: 400, description: "New York state sales tax", reverse_charge: false },
    TaxRate { key: "us_oh", display_name: "Sales tax", country: "US", state: Some("Ohio"), basis_points: 575, description: "Ohio state sales tax (business use)", reverse_charge: false },
    TaxRate { key: "us_pa", display_name: "Sales tax", country: "US", state: Some("Pennsylvania"), basis_points: 600, description: "Pennsylvania state sales tax", reverse_charge: false },
    TaxRate { key: "us_tn", display_name: "Sales tax", country: "US", state: Some("Tennessee"), basis_points: 700, description: "Tennessee state sales tax", reverse_charge: false },
    TaxRate { key: "us_tx", display_name: "Sales tax", country: "US", state: Some("Texas"), basis_points: 500, description: "Texas state sales tax, 6.25 % on 80 % of the charge", reverse_charge: false },
    TaxRate { key: "us_ut", display_name: "Sales tax", country: "US", state: Some("Utah"), basis_points: 485, description: "Utah state sales tax", reverse_charge: false },
    TaxRate { key: "us_wa", display_name: "Sales tax", country: "US", state: Some("Washington"), basis_points: 650, description: "Washington state sales tax", reverse_charge: false },
];

/// The rate for a customer billed at an address in `country` / `state`, if any tax applies.
pub fn rate_for(country: &str, state: &str) -> Option<&'static TaxRate> {
    RATES.iter().find(|r| r.country == country && r.state.is_none_or(|s| s == state))
}

/// Tax on `amount` cents at `basis_points`, rounded half away from zero (credits get negative
/// tax, the mirror of the charge's).
pub fn tax_on(amount: i64, basis_points: i64) -> i64 {
    round_div(amount as i128 * basis_points as i128, 10_000)
}

/// `n / d` rounded to the nearest whole number, halves away from zero (as SQL's `round` does
/// on decimals), for `d > 0`.
pub fn round_div(n: i128, d: i128) -> i64 {
    let q = (n.abs() + d / 2) / d;
    (if n < 0 { -q } else { q }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_found_by_country_and_state() {
        assert_eq!(rate_for("DE", "Bayern").map(|r| r.basis_points), Some(1900));
        assert_eq!(rate_for("US", "Texas").map(|r| r.key), Some("us_tx"));
        assert!(rate_for("US", "California").is_none());
        assert!(rate_for("BR", "São Paulo").is_none());
    }

    #[test]
    fn tax_rounds_half_away_from_zero() {
        assert_eq!(tax_on(2950, 1900), 561); // 560.5
        assert_eq!(tax_on(-2950, 1900), -561);
        assert_eq!(tax_on(100, 575), 6); // 5.75
        assert_eq!(round_div(5, 10), 1);
        assert_eq!(round_div(4, 10), 0);
    }
}
