//! The content hash of a table: order-independent, so it is the same however the rows were
//! split into files or batches, and whichever engine (Parquet, CSV, DuckDB, PostgreSQL) they
//! are read back from. Each row is hashed (XXH3-128) over a canonical, typed encoding of its
//! values; the table's hash is the wrapping sum of its rows' hashes.

use arrow::array::{Array, AsArray};
use arrow::datatypes::{DataType, Date32Type, Float64Type, Int64Type, TimestampMicrosecondType};
use arrow::record_batch::RecordBatch;
use twox_hash::XxHash3_128;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ContentHash(pub u128);

impl ContentHash {
    pub fn add(&mut self, other: ContentHash) {
        self.0 = self.0.wrapping_add(other.0);
    }

    pub fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// The hash of a batch's rows (a sum, so batches can be hashed in any order and added).
pub fn hash_batch(batch: &RecordBatch) -> ContentHash {
    let columns = batch.columns();
    let mut total = 0u128;
    let mut encoded = Vec::with_capacity(256);
    for row in 0..batch.num_rows() {
        encoded.clear();
        for column in columns {
            encode_value(&mut encoded, column.as_ref(), row);
        }
        total = total.wrapping_add(XxHash3_128::oneshot(&encoded));
    }
    ContentHash(total)
}

/// Encode one value: a tag byte for NULL or the type, then fixed-width bytes or a
/// length-prefixed string, so no two different rows share an encoding.
fn encode_value(h: &mut Vec<u8>, column: &dyn Array, row: usize) {
    if column.is_null(row) {
        h.extend_from_slice(&[0]);
        return;
    }
    match column.data_type() {
        DataType::Int64 => {
            h.extend_from_slice(&[1]);
            h.extend_from_slice(&column.as_primitive::<Int64Type>().value(row).to_le_bytes());
        }
        DataType::Float64 => {
            h.extend_from_slice(&[2]);
            h.extend_from_slice(&column.as_primitive::<Float64Type>().value(row).to_bits().to_le_bytes());
        }
        DataType::Boolean => {
            h.extend_from_slice(&[3, column.as_boolean().value(row) as u8]);
        }
        // Text hashes alike however an engine hands it back (DuckDB may use views or i64 offsets).
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let s = match column.data_type() {
                DataType::Utf8 => column.as_string::<i32>().value(row),
                DataType::LargeUtf8 => column.as_string::<i64>().value(row),
                _ => column.as_string_view().value(row),
            };
            h.extend_from_slice(&[4]);
            h.extend_from_slice(&(s.len() as u64).to_le_bytes());
            h.extend_from_slice(s.as_bytes());
        }
        DataType::Timestamp(_, _) => {
            h.extend_from_slice(&[5]);
            h.extend_from_slice(&column.as_primitive::<TimestampMicrosecondType>().value(row).to_le_bytes());
        }
        DataType::Date32 => {
            h.extend_from_slice(&[6]);
            h.extend_from_slice(&column.as_primitive::<Date32Type>().value(row).to_le_bytes());
        }
        other => unreachable!("saaslab tables have no {other} columns"),
    }
}
