//! A query result as plain values, the form both sides of a comparison take: the learner's
//! Arrow batches from DuckDB and the expected JSON files from `expected/`.
//!
//! Values are normalized on the way in, so the comparison need not care where they came from:
//! every integer type is an `Int`, decimals and floats are `Num`, dates and timestamps are text
//! in one shape (`2024-01-31` or `2024-01-31 12:00:00.5`).

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type, Int64Type};
use arrow::record_batch::RecordBatch;
use arrow::util::display::{ArrayFormatter, FormatOptions};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Integer,
    /// Decimal or floating point: compared within a tolerance.
    Number,
    Text,
    Boolean,
    Date,
    Timestamp,
    /// Lists, structs, intervals …: compared as their text.
    Other,
}

impl Kind {
    pub fn is_numeric(self) -> bool {
        matches!(self, Kind::Integer | Kind::Number)
    }
    pub fn is_temporal(self) -> bool {
        matches!(self, Kind::Date | Kind::Timestamp)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Num(f64),
    Text(String),
}

impl Value {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Num(f) => Some(*f),
            _ => None,
        }
    }

    /// How the value is shown to a learner: SQL-ish, NULL spelled out, text quoted.
    pub fn shown(&self) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Num(f) => format_number(*f),
            Value::Text(s) => format!("'{s}'"),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => match i64::try_from(*i) {
                Ok(v) => v.into(),
                Err(_) => i.to_string().into(),
            },
            Value::Num(f) => serde_json::Number::from_f64(significant(*f)).map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::Text(s) => s.clone().into(),
        }
    }

    pub fn from_json(v: &serde_json::Value, kind: Kind) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match (kind, n.as_i64()) {
                (Kind::Integer, Some(i)) => Value::Int(i.into()),
                _ => Value::Num(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) if kind == Kind::Integer => s.parse().map(Value::Int).unwrap_or_else(|_| Value::Text(s.clone())),
            serde_json::Value::String(s) => Value::Text(s.clone()),
            other => Value::Text(other.to_string()),
        }
    }
}

/// 12 significant digits: enough for any money or ratio an exercise asks for, and stable
/// across machines where a parallel sum may differ in the last bits.
pub fn significant(f: f64) -> f64 {
    if !f.is_finite() || f == 0.0 {
        return f;
    }
    format!("{f:.11e}").parse().unwrap_or(f)
}

pub fn format_number(f: f64) -> String {
    let f = significant(f);
    if f.fract() == 0.0 && f.abs() < 1e15 { format!("{f:.1}") } else { f.to_string() }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Kind,
}

/// Column names and rows of values.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub fn from_batches(batches: &[RecordBatch]) -> Table {
        let Some(first) = batches.first() else { return Table::default() };
        let schema = first.schema();
        let columns: Vec<Column> = schema.fields().iter().map(|f| Column { name: f.name().clone(), kind: kind_of(f.data_type()) }).collect();
        let mut rows = Vec::new();
        for batch in batches {
            let cols: Vec<Vec<Value>> = batch.columns().iter().zip(&columns).map(|(a, c)| values(a.as_ref(), c.kind)).collect();
            for i in 0..batch.num_rows() {
                rows.push(cols.iter().map(|c| c[i].clone()).collect());
            }
        }
        Table { columns, rows }
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name))
    }
}

pub fn kind_of(t: &DataType) -> Kind {
    use DataType::*;
    match t {
        Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 => Kind::Integer,
        Decimal128(_, 0) | Decimal256(_, 0) => Kind::Integer,
        Float16 | Float32 | Float64 | Decimal128(..) | Decimal256(..) => Kind::Number,
        Utf8 | LargeUtf8 | Utf8View => Kind::Text,
        Boolean => Kind::Boolean,
        Date32 | Date64 => Kind::Date,
        Timestamp(..) => Kind::Timestamp,
        _ => Kind::Other,
    }
}

/// One column's values, normalized for its kind.
fn values(array: &dyn Array, kind: Kind) -> Vec<Value> {
    let n = array.len();
    let null_or = |i: usize, v: Value| if array.is_null(i) { Value::Null } else { v };
    match kind {
        Kind::Integer => {
            if let DataType::Decimal128(..) = array.data_type() {
                let a = array.as_primitive::<arrow::datatypes::Decimal128Type>();
                return (0..n).map(|i| null_or(i, Value::Int(a.value(i)))).collect();
            }
            match cast(array, &DataType::Int64) {
                Ok(c) => {
                    let a = c.as_primitive::<Int64Type>();
                    (0..n).map(|i| null_or(i, Value::Int(a.value(i).into()))).collect()
                }
                Err(_) => as_text(array),
            }
        }
        Kind::Number => match cast(array, &DataType::Float64) {
            Ok(c) => {
                let a = c.as_primitive::<Float64Type>();
                (0..n).map(|i| null_or(i, Value::Num(a.value(i)))).collect()
            }
            Err(_) => as_text(array),
        },
        Kind::Boolean => {
            let a = array.as_boolean();
            (0..n).map(|i| null_or(i, Value::Bool(a.value(i)))).collect()
        }
        Kind::Date | Kind::Timestamp => as_text(array).into_iter().map(|v| if let Value::Text(s) = v { Value::Text(crate::text::normal_time(&s)) } else { v }).collect(),
        Kind::Text | Kind::Other => as_text(array),
    }
}

fn as_text(array: &dyn Array) -> Vec<Value> {
    let options = FormatOptions::default();
    let Ok(formatter) = ArrayFormatter::try_new(array, &options) else { return vec![Value::Null; array.len()] };
    (0..array.len()).map(|i| if array.is_null(i) { Value::Null } else { Value::Text(formatter.value(i).to_string()) }).collect()
}

