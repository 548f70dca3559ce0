//! The raw tables as typed columns: one row struct and one columnar builder per table.
//!
//! The simulator pushes rows into builders and knows nothing of files; sinks receive Arrow
//! `RecordBatch`es and know nothing of SaaS. Timestamps are microseconds since the Unix epoch
//! (TIMESTAMP without time zone, UTC); dates are days since the epoch (DATE).
//!
//! A table is declared once, in its source's file (`app.rs`, `stripe.rs` …) inside that
//! source's `tables!` block: name, columns, key, global or per account, one file or parts.
//! Everything else follows from the declaration: the builders a chunk fills (`Tables`), the
//! dataset's table list and order (`all_specs`), the writers and the drain, PostgreSQL's
//! primary keys.

mod ads;
mod app;
mod finance;
mod hubspot;
mod iot;
mod iterable;
mod segment;
mod stripe;
mod truth;

pub use ads::*;
pub use app::*;
pub use finance::*;
pub use hubspot::*;
pub use iot::*;
pub use iterable::*;
pub use segment::*;
pub use stripe::*;
pub use truth::*;

use arrow::record_batch::RecordBatch;

use arrow::array::{
    ArrayBuilder, ArrayRef, BooleanBuilder, Date32Builder, Float64Builder, Int64Builder,
    StringBuilder, TimestampMicrosecondBuilder,
};
use arrow::datatypes::{DataType, TimeUnit};
use std::sync::Arc;

/// Where a table lands and how it is cut into files.
#[derive(Clone, Copy, Debug)]
pub struct TableSpec {
    /// The top folder: `raw` for connector tables, `truth` for ground truth.
    pub area: &'static str,
    /// The connector (schema) name, e.g. `app`; empty for truth tables.
    pub source: &'static str,
    pub name: &'static str,
    /// The columns that identify a row, where the source has a primary key (none for tables
    /// with injected duplicates, event streams without ids, and the truth).
    pub key: &'static [&'static str],
    /// Filled once for the whole company (catalogs, campaigns, daily ad stats), before any
    /// account; otherwise filled account by account (some also get global rows first, such
    /// as HubSpot's leads that never became customers).
    pub global: bool,
    /// High-volume tables are written as part files by the workers, in parallel.
    pub parts: bool,
    /// The table's Arrow schema.
    pub schema: fn() -> arrow::datatypes::SchemaRef,
}

impl TableSpec {
    /// The spec of a table by its qualified name (`app.accounts`), if this version writes it.
    pub fn find(qualified: &str) -> Option<TableSpec> {
        all_specs().into_iter().find(|s| s.qualified() == qualified)
    }

    /// The spec of the table stored at `rel_path` below the dataset folder (`raw/app/accounts`).
    pub fn at_path(rel_path: &str) -> Option<TableSpec> {
        all_specs().into_iter().find(|s| s.rel_path() == rel_path)
    }

    /// The column types as a DuckDB list literal, in column order (`['BIGINT', 'VARCHAR', …]`),
    /// for `read_csv(…, types = …)`: a CSV column that is empty in a small dataset would
    /// otherwise be read as text. A list, not a struct, so that the text has no braces (dbt
    /// reads it through Jinja and Python's str.format).
    pub fn csv_types(&self) -> String {
        let types: Vec<String> = (self.schema)().fields().iter().map(|f| format!("'{}'", duckdb_type(f.data_type()))).collect();
        format!("[{}]", types.join(", "))
    }

    /// `app.accounts`, or `truth.defects`.
    pub fn qualified(&self) -> String {
        if self.source.is_empty() { format!("{}.{}", self.area, self.name) } else { format!("{}.{}", self.source, self.name) }
    }

    /// The table's path below the dataset folder, without extension:
    /// `raw/app/accounts` (a file) or `raw/iot/device_events` (a folder of parts).
    pub fn rel_path(&self) -> String {
        if self.source.is_empty() { format!("{}/{}", self.area, self.name) } else { format!("{}/{}/{}", self.area, self.source, self.name) }
    }
}

/// DuckDB's name for a column's Arrow type.
pub fn duckdb_type(dt: &DataType) -> &'static str {
    match dt {
        DataType::Int64 => "BIGINT",
        DataType::Int32 => "INTEGER",
        DataType::Float64 => "DOUBLE",
        DataType::Boolean => "BOOLEAN",
        DataType::Timestamp(_, _) => "TIMESTAMP",
        DataType::Date32 => "DATE",
        _ => "VARCHAR",
    }
}

/// A column type: how a value is passed in, and which Arrow builder stores it.
pub trait Column {
    type Value<'a>;
    type Builder: ArrayBuilder + Default;
    fn data_type() -> DataType;
    fn nullable() -> bool;
    fn append(builder: &mut Self::Builder, value: Self::Value<'_>);
}

macro_rules! column_type {
    ($name:ident, $value:ty, $builder:ty, $dt:expr, nullable) => {
        pub struct $name;
        impl Column for $name {
            type Value<'a> = Option<$value>;
            type Builder = $builder;
            fn data_type() -> DataType { $dt }
            fn nullable() -> bool { true }
            #[inline]
            fn append(b: &mut $builder, v: Self::Value<'_>) { b.append_option(v) }
        }
    };
    ($name:ident, $value:ty, $builder:ty, $dt:expr) => {
        pub struct $name;
        impl Column for $name {
            type Value<'a> = $value;
            type Builder = $builder;
            fn data_type() -> DataType { $dt }
            fn nullable() -> bool { false }
            #[inline]
            fn append(b: &mut $builder, v: Self::Value<'_>) { b.append_value(v) }
        }
    };
}

pub mod col {
    use super::*;
    column_type!(I64, i64, Int64Builder, DataType::Int64);
    column_type!(OptI64, i64, Int64Builder, DataType::Int64, nullable);
    column_type!(F64, f64, Float64Builder, DataType::Float64);
    column_type!(OptF64, f64, Float64Builder, DataType::Float64, nullable);
    column_type!(Bool, bool, BooleanBuilder, DataType::Boolean);
    column_type!(OptBool, bool, BooleanBuilder, DataType::Boolean, nullable);
    column_type!(Ts, i64, TimestampMicrosecondBuilder, DataType::Timestamp(TimeUnit::Microsecond, None));
    column_type!(OptTs, i64, TimestampMicrosecondBuilder, DataType::Timestamp(TimeUnit::Microsecond, None), nullable);
    column_type!(Date, i32, Date32Builder, DataType::Date32);
    column_type!(OptDate, i32, Date32Builder, DataType::Date32, nullable);

    pub struct Str;
    impl Column for Str {
        type Value<'a> = &'a str;
        type Builder = StringBuilder;
        fn data_type() -> DataType { DataType::Utf8 }
        fn nullable() -> bool { false }
        #[inline]
        fn append(b: &mut StringBuilder, v: &str) { b.append_value(v) }
    }

    pub struct OptStr;
    impl Column for OptStr {
        type Value<'a> = Option<&'a str>;
        type Builder = StringBuilder;
        fn data_type() -> DataType { DataType::Utf8 }
        fn nullable() -> bool { true }
        #[inline]
        fn append(b: &mut StringBuilder, v: Option<&str>) { b.append_option(v) }
    }
}

/// A column's name from its field name: `r#type` is the column `type`.
pub fn column_name(field: &'static str) -> &'static str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// Finish a builder into an array (helper for the generated code).
pub fn finish_column<B: ArrayBuilder>(b: &mut B) -> ArrayRef {
    Arc::from(b.finish())
}

/// Every builder of every source: what one chunk of accounts (or the global pass) fills.
macro_rules! sources {
    ($($field:ident : $group:ty),* $(,)?) => {
        #[derive(Default)]
        pub struct Tables {
            $(pub $field: $group,)*
        }

        /// The specs of every table in the order the dataset lists them.
        pub fn all_specs() -> Vec<TableSpec> {
            [$(<$group>::SPECS),*].concat()
        }

        impl Tables {
            /// Take every table's rows so far as (spec, batch) pairs, in `all_specs` order,
            /// leaving the builders empty. Tables without rows are left out.
            pub fn drain(&mut self) -> Vec<(TableSpec, RecordBatch)> {
                let mut out = Vec::new();
                $(self.$field.drain_into(&mut out);)*
                out
            }
        }
    };
}

sources! {
    app: App,
    iot: Iot,
    segment: Segment,
    stripe: Stripe,
    google_ads: GoogleAds,
    facebook_ads: FacebookAds,
    linkedin_ads: LinkedinAds,
    hubspot: Hubspot,
    iterable: Iterable,
    finance: Finance,
    truth: Truth,
}

/// Declares one source's tables (each with `table!`) and the group of their builders.
macro_rules! tables {
    (
        $(#[$gdoc:meta])*
        pub struct $group:ident;
        $(
            $(#[$doc:meta])*
            $field:ident : $builder:ident, $row:ident, area = $area:literal, source = $source:literal,
            key = [$($key:ident),*], global = $global:literal, parts = $parts:literal,
            { $($cols:tt)* }
        )*
    ) => {
        $(
            $crate::tables::table! {
                $(#[$doc])*
                $builder, $row, area = $area, source = $source, name = stringify!($field),
                key = [$($key),*], global = $global, parts = $parts, { $($cols)* }
            }
        )*

        $(#[$gdoc])*
        #[derive(Default)]
        pub struct $group {
            $(pub $field: $builder,)*
        }

        impl $group {
            /// This source's tables, in the order they are declared.
            pub const SPECS: &'static [$crate::tables::TableSpec] = &[$($builder::SPEC,)*];

            /// Move the rows collected so far into `out`, one (spec, batch) per table with rows.
            pub fn drain_into(&mut self, out: &mut Vec<($crate::tables::TableSpec, arrow::record_batch::RecordBatch)>) {
                $(
                    if !self.$field.is_empty() {
                        out.push(($builder::SPEC, self.$field.finish()));
                    }
                )*
            }
        }
    };
}
pub(crate) use tables;

/// Declares a table: its spec, a borrowed row struct, and a builder that collects rows.
macro_rules! table {
    (
        $(#[$doc:meta])*
        $builder:ident, $row:ident, area = $area:literal, source = $source:literal, name = $name:expr,
        key = [$($key:ident),*], global = $global:literal, parts = $parts:literal,
        { $($(#[$cdoc:meta])* $col:ident : $ty:ident),* $(,)? }
    ) => {
        $(#[$doc])*
        pub struct $row<'a> {
            $($(#[$cdoc])* pub $col: <$crate::tables::col::$ty as $crate::tables::Column>::Value<'a>,)*
        }

        $(#[$doc])*
        #[derive(Default)]
        pub struct $builder {
            $($col: <$crate::tables::col::$ty as $crate::tables::Column>::Builder,)*
            rows: usize,
        }

        impl $builder {
            pub const SPEC: $crate::tables::TableSpec =
                $crate::tables::TableSpec {
                    area: $area,
                    source: $source,
                    name: $name,
                    key: &[$(stringify!($key)),*],
                    global: $global,
                    parts: $parts,
                    schema: Self::schema,
                };

            pub fn schema() -> arrow::datatypes::SchemaRef {
                static SCHEMA: std::sync::OnceLock<arrow::datatypes::SchemaRef> = std::sync::OnceLock::new();
                SCHEMA.get_or_init(|| {
                    std::sync::Arc::new(arrow::datatypes::Schema::new(vec![
                        $(arrow::datatypes::Field::new(
                            $crate::tables::column_name(stringify!($col)),
                            <$crate::tables::col::$ty as $crate::tables::Column>::data_type(),
                            <$crate::tables::col::$ty as $crate::tables::Column>::nullable(),
                        ),)*
                    ]))
                }).clone()
            }

            #[inline]
            pub fn push(&mut self, row: $row<'_>) {
                $(<$crate::tables::col::$ty as $crate::tables::Column>::append(&mut self.$col, row.$col);)*
                self.rows += 1;
            }

            pub fn len(&self) -> usize {
                self.rows
            }

            pub fn is_empty(&self) -> bool {
                self.rows == 0
            }

            /// Take the rows collected so far as a batch, leaving the builder empty.
            pub fn finish(&mut self) -> arrow::record_batch::RecordBatch {
                self.rows = 0;
                arrow::record_batch::RecordBatch::try_new(
                    Self::schema(),
                    vec![$($crate::tables::finish_column(&mut self.$col),)*],
                )
                .expect("columns match the schema they were declared with")
            }
        }
    };
}
pub(crate) use table;
