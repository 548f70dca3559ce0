//! Finance's own tables, kept in a Google Sheet and synced by Fivetran's Google Sheets
//! connector (`_row` is the sheet row). Declared once, here.

crate::tables::tables! {
    /// Finance's planning sheet.
    pub struct Finance;

    /// The planning rates MRR is reported at (constant currency): US dollars per unit of each
    /// currency the company bills in, US dollars included at 1.
    fx_rates: FinanceFxRates, FinanceFxRateRow, area = "raw", source = "finance", key = [_row], global = true, parts = false, {
        _row: I64,
        /// ISO 4217, upper case as people type it.
        currency: Str,
        usd_per_unit: F64,
        note: OptStr,
        _fivetran_synced: Ts,
    }
}
