//! CSV with a header row: timestamps as `YYYY-MM-DD HH:MM:SS.ffffff`, dates as `YYYY-MM-DD`,
//! NULL as an empty field (saaslab writes no empty strings, so the two never collide).

use super::hash::{hash_batch, ContentHash};
use super::{file_size, FileStats, TableWriter};
use crate::error::{Error, Result};
use arrow::array::{Array, AsArray};
use arrow::datatypes::{DataType, Date32Type, Float64Type, Int64Type, Schema, TimestampMicrosecondType};
use arrow::record_batch::RecordBatch;
use std::fmt::Write as _;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

pub struct CsvTable {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
    rows: u64,
    hash: ContentHash,
    fields: Vec<String>,
}

impl CsvTable {
    pub fn new(path: &Path, file: File, schema: &Schema) -> Result<Self> {
        let mut writer = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
        writer
            .write_record(schema.fields().iter().map(|f| f.name().as_str()))
            .map_err(|e| Error::io("cannot write", path, e))?;
        Ok(CsvTable { path: path.to_path_buf(), writer, rows: 0, hash: ContentHash::default(), fields: Vec::new() })
    }
}

impl TableWriter for CsvTable {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.rows += batch.num_rows() as u64;
        self.hash.add(hash_batch(batch));
        let columns = batch.columns();
        self.fields.resize(columns.len(), String::new());
        for row in 0..batch.num_rows() {
            for (field, column) in self.fields.iter_mut().zip(columns) {
                field.clear();
                format_value(column.as_ref(), row, field);
            }
            self.writer.write_record(&self.fields).map_err(|e| Error::io("cannot write", &self.path, e))?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<FileStats> {
        let CsvTable { path, mut writer, rows, hash, .. } = *self;
        writer.flush().map_err(|e| Error::io("cannot finish", &path, e))?;
        drop(writer);
        let bytes = file_size(&path)?;
        Ok(FileStats { path, rows, bytes, hash })
    }
}

/// Append one value's CSV text to `out` (nothing for NULL).
pub fn format_value(column: &dyn Array, row: usize, out: &mut String) {
    if column.is_null(row) {
        return;
    }
    let _ = match column.data_type() {
        DataType::Int64 => write!(out, "{}", column.as_primitive::<Int64Type>().value(row)),
        DataType::Float64 => write!(out, "{}", column.as_primitive::<Float64Type>().value(row)),
        DataType::Boolean => write!(out, "{}", column.as_boolean().value(row)),
        DataType::Utf8 => {
            out.push_str(column.as_string::<i32>().value(row));
            Ok(())
        }
        DataType::Timestamp(_, _) => {
            let micros = column.as_primitive::<TimestampMicrosecondType>().value(row);
            let t = chrono::DateTime::from_timestamp_micros(micros).expect("timestamps in range").naive_utc();
            write!(out, "{}", t.format("%Y-%m-%d %H:%M:%S%.6f"))
        }
        DataType::Date32 => {
            let days = column.as_primitive::<Date32Type>().value(row);
            write!(out, "{}", crate::sim::time::epoch() + chrono::Duration::days(days as i64))
        }
        other => unreachable!("saaslab tables have no {other} columns"),
    };
}
