//! The report's sections, by the lead who reads them: revenue (finance), customers (success),
//! the fleet (operations), acquisition (marketing) and data quality (the data team).

pub mod acquisition;
pub mod customers;
pub mod fleet;
pub mod quality;
pub mod revenue;
