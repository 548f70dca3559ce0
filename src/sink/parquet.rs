//! Parquet through arrow-rs: ZSTD-compressed, row groups of up to a million rows,
//! TIMESTAMP(µs) without time zone and DATE columns as the tables declare them.

use super::hash::{hash_batch, ContentHash};
use super::{file_size, FileStats, TableWriter};
use crate::error::{Error, Result};
use arrow::datatypes::{DataType, SchemaRef};
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

/// Columns whose values are (nearly) all distinct.
const UNIQUE_COLUMNS: &[&str] = &["id", "event_id", "key", "serial_number", "email"];
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

pub struct ParquetTable {
    path: PathBuf,
    writer: ArrowWriter<BufWriter<File>>,
    rows: u64,
    hash: ContentHash,
}

impl ParquetTable {
    pub fn new(path: &Path, file: File, schema: SchemaRef) -> Result<Self> {
        let mut props = WriterProperties::builder()
            // ZSTD level 1: nearly level 3's size at a fraction of its CPU time.
            .set_compression(Compression::ZSTD(ZstdLevel::try_new(1).expect("valid zstd level")))
            .set_max_row_group_row_count(Some(512 * 1024))
            .set_created_by(format!("saaslab {}", env!("CARGO_PKG_VERSION")));
        // Dictionaries pay off for repetitive text (event types, URLs, payloads); for unique
        // ids, timestamps and measurements building one costs more than the rest of the
        // column's encoding and saves nothing.
        for field in schema.fields() {
            let repetitive_text =
                *field.data_type() == DataType::Utf8 && !UNIQUE_COLUMNS.contains(&field.name().as_str());
            props = props.set_column_dictionary_enabled(ColumnPath::from(field.name().as_str()), repetitive_text);
        }
        let props = props.build();
        let writer = ArrowWriter::try_new(BufWriter::with_capacity(1 << 20, file), schema, Some(props))
            .map_err(|e| Error::io("cannot start Parquet file", path, e))?;
        Ok(ParquetTable { path: path.to_path_buf(), writer, rows: 0, hash: ContentHash::default() })
    }
}

impl TableWriter for ParquetTable {
    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        self.rows += batch.num_rows() as u64;
        self.hash.add(hash_batch(batch));
        self.writer.write(batch).map_err(|e| Error::io("cannot write", &self.path, e))
    }

    fn finish(self: Box<Self>) -> Result<FileStats> {
        let ParquetTable { path, writer, rows, hash } = *self;
        writer.close().map_err(|e| Error::io("cannot finish", &path, e))?;
        let bytes = file_size(&path)?;
        Ok(FileStats { path, rows, bytes, hash })
    }
}
