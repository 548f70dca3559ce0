//! Sharded datasets. `generate --shard K/N --out DIR` writes shard K of N into
//! `DIR/shard-K-of-N/`, a folder of its own (written aside and moved into place like any
//! dataset, with its own manifest), so N machines can write N shards into one shared store at
//! once. When all N are there, `merge` writes `DIR/manifest.json`, which lists every shard's
//! files in shard order: from then on `DIR` is one dataset to `build`, `check`, `load` …
//!
//! The rule: the accounts are cut into parts of `generate::PART_CHUNKS × CHUNK_ACCOUNTS` in
//! census order (sign-up order), and the parts into N contiguous runs of about equal work, the
//! work of an account being its locations × the days from its sign-up to the end (the oldest
//! accounts write the most events, so equal counts of parts would load shard 1 most).
//! Every account's rows come from random streams keyed by the account, so a part is the same
//! bytes whichever shard writes it. Tables that are not per account — the catalogs, tax and FX
//! rates, ad campaigns and their daily stats, HubSpot owners, Iterable campaigns — are computed
//! from the census, which every shard takes whole (it is small), and are written by shard 1
//! alone. So the union of the shards, in shard order, is the unsharded dataset row for row.

use super::manifest::{self, Manifest, ShardOf, TableEntry};
use crate::error::{Error, Result};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Shard `index` (from 1) of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// `K/N` as the command line gives it.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = |why: &str| Error::input(format!("--shard {text}: {why}; write K/N for shard K of N, e.g. --shard 2/3 (K from 1 to N)"));
        let (k, n) = text.split_once('/').ok_or_else(|| bad("not of the form K/N"))?;
        let number = |s: &str| s.trim().parse::<u64>().map_err(|_| bad(&format!("`{s}` is not a whole number")));
        let (index, count) = (number(k)?, number(n)?);
        if count == 0 {
            return Err(bad("N must be at least 1"));
        }
        if index == 0 || index > count {
            return Err(bad(&format!("K must be from 1 to {count}")));
        }
        Ok(Shard { index, count })
    }

    /// The shard's folder inside the dataset folder.
    pub fn folder(&self) -> String {
        format!("shard-{}-of-{}", self.index, self.count)
    }

    /// The account parts this shard holds, given each part's expected work (`weights`, in
    /// part order): contiguous, cut where the running work crosses K/N of the total — a part
    /// goes to the shard in whose share its middle falls. Equal weights cut equal counts.
    pub fn parts(&self, weights: &[f64]) -> Range<usize> {
        let total: f64 = weights.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            let at = |k: u64| (k as u128 * weights.len() as u128 / self.count as u128) as usize;
            return at(self.index - 1)..at(self.index);
        }
        let mut middles = Vec::with_capacity(weights.len());
        let mut before = 0.0;
        for w in weights {
            middles.push(before + w / 2.0);
            before += w;
        }
        let at = |k: u64| if k == self.count { weights.len() } else { middles.iter().filter(|m| **m < total * k as f64 / self.count as f64).count() };
        at(self.index - 1)..at(self.index)
    }

    /// Whether this shard writes the tables that are not per account.
    pub fn writes_company_tables(&self) -> bool {
        self.index == 1
    }
}

/// `shard-K-of-N` → (K, N).
fn shard_of_folder(name: &str) -> Option<(u64, u64)> {
    let rest = name.strip_prefix("shard-")?;
    let (k, n) = rest.split_once("-of-")?;
    Some((k.parse().ok()?, n.parse().ok()?))
}

/// What `merge` found.
#[derive(Debug)]
pub enum Merged {
    /// All shards are there and agree: `DIR/manifest.json` is written.
    Complete { shards: u64, manifest: Box<Manifest> },
    /// Some shards are not there yet (or still being written).
    Waiting { count: u64, present: Vec<u64> },
}

/// Before shard `shard` is written into `dir`: refuse a folder holding an unsharded dataset
/// (its manifest would be replaced), and take away a merged manifest, since the dataset is
/// not whole while one of its shards is rewritten (the last shard to land writes it again).
pub fn prepare(dir: &Path, shard: Shard) -> Result<()> {
    let path = dir.join(manifest::FILE);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(()) };
    let merged = serde_json::from_str::<Manifest>(&text).ok().and_then(|m| m.shards);
    if merged.is_none() {
        return Err(Error::input(format!(
            "{} holds a dataset that is not sharded: shard {} of {} would replace its manifest. Choose another --out for the shards",
            dir.display(),
            shard.index,
            shard.count
        )));
    }
    std::fs::remove_file(&path).map_err(|e| Error::io("cannot remove", &path, e))
}

/// Read the shard folders in `dir`; when all N are there and were made alike, write the
/// whole dataset's manifest. A shard made by another version, seed, scenario, size or format,
/// or a folder of another N, is an input error naming it.
pub fn merge(dir: &Path) -> Result<Merged> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    let mut folders: Vec<(u64, u64, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("cannot read", dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((k, n)) = shard_of_folder(&name)
            && entry.path().is_dir()
        {
            folders.push((k, n, entry.path()));
        }
    }
    folders.sort();
    let Some(&(_, count, _)) = folders.first() else {
        return Err(Error::input(format!("{} holds no shard folders (shard-K-of-N): write them with `saaslab generate --shard K/N --out {}`", dir.display(), dir.display())));
    };
    if let Some((k, n, path)) = folders.iter().find(|(_, n, _)| *n != count) {
        return Err(Error::input(format!(
            "{} is shard {k} of {n}, but {} also holds shards of {count}: one dataset is cut one way. Remove the folders of the other cut",
            path.display(),
            dir.display()
        )));
    }
    // A folder without a manifest is a shard still being written (or one that failed).
    let mut shards: Vec<(u64, PathBuf, Manifest)> = Vec::new();
    for (k, _, path) in folders {
        let text = match std::fs::read_to_string(path.join(manifest::FILE)) {
            Ok(text) => text,
            Err(_) => continue,
        };
        let m: Manifest = serde_json::from_str(&text).map_err(|e| Error::input(format!("{}: not a manifest this saaslab can read ({e}); regenerate the shard", path.join(manifest::FILE).display())))?;
        if m.shard.map(|s| (s.index, s.count)) != Some((k, count)) {
            return Err(Error::input(format!("{}: its manifest is not that of shard {k} of {count}; regenerate it with `saaslab generate --shard {k}/{count}`", path.display())));
        }
        shards.push((k, path, m));
    }
    if shards.len() as u64 != count {
        return Ok(Merged::Waiting { count, present: shards.iter().map(|s| s.0).collect() });
    }
    let (_, first_path, first) = &shards[0];
    for (k, path, m) in &shards[1..] {
        let differs = if m.saaslab_version != first.saaslab_version {
            Some(format!("saaslab {} against {}", m.saaslab_version, first.saaslab_version))
        } else if m.seed != first.seed {
            Some(format!("seed {} against {}", m.seed, first.seed))
        } else if m.format != first.format {
            Some(format!("format {:?} against {:?}", m.format, first.format))
        } else if serde_json::to_value(&m.scenario).ok() != serde_json::to_value(&first.scenario).ok() {
            Some(format!("scenario `{}` (with its flags: size, dates …) against `{}`", m.scenario.name, first.scenario.name))
        } else if m.tables.iter().map(|t| &t.table).ne(first.tables.iter().map(|t| &t.table)) {
            Some("other tables".to_string())
        } else {
            None
        };
        if let Some(what) = differs {
            return Err(Error::input(format!(
                "{} (shard {k} of {count}) was made differently from {}: {what}. Regenerate it with the same version and flags, or remove it",
                path.display(),
                first_path.display()
            )));
        }
    }
    // The shards must tile the parts in order, as the rule cuts them.
    let mut next = 0;
    for (k, path, m) in &shards {
        let ShardOf { parts: [from, to], .. } = m.shard.expect("checked above");
        if from != next {
            return Err(Error::input(format!("{} (shard {k} of {count}) starts at part {from}, not {next}: regenerate it", path.display())));
        }
        next = to;
    }
    let tables = first
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut hash = 0u128;
            let mut entry = TableEntry { table: t.table.clone(), files: Vec::new(), rows: 0, bytes: 0, content_hash: String::new() };
            for (k, _, m) in &shards {
                let part = &m.tables[i];
                entry.files.extend(part.files.iter().map(|f| format!("{}/{f}", Shard { index: *k, count }.folder())));
                entry.rows += part.rows;
                entry.bytes += part.bytes;
                hash = hash.wrapping_add(u128::from_str_radix(&part.content_hash, 16).unwrap_or(0));
            }
            entry.content_hash = format!("{hash:032x}");
            entry
        })
        .collect();
    let whole = Manifest { saaslab_version: first.saaslab_version.clone(), seed: first.seed, format: first.format, scenario: first.scenario.clone(), tables, shard: None, shards: Some(count) };
    // Written aside and renamed: two last shards landing at once write the same bytes.
    let tmp = dir.join(format!(".{}.{}.tmp", manifest::FILE, std::process::id()));
    std::fs::write(&tmp, whole.to_text()).map_err(|e| Error::io("cannot write", &tmp, e))?;
    let path = dir.join(manifest::FILE);
    std::fs::rename(&tmp, &path).map_err(|e| Error::io("cannot write", &path, e))?;
    Ok(Merged::Complete { shards: count, manifest: Box::new(whole) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_tile_the_parts() {
        assert_eq!(Shard::parse("2/3").unwrap(), Shard { index: 2, count: 3 });
        for bad in ["0/3", "4/3", "1/0", "x/y", "3", "", "1/-2", "1/2/3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        for total in [0, 1, 3, 7, 20, 1001] {
            // Even work, falling work (old accounts first), and none at all.
            let even = vec![1.0; total];
            let falling: Vec<f64> = (0..total).map(|p| (total - p) as f64).collect();
            for weights in [&even, &falling, &vec![0.0; total]] {
                for count in [1, 2, 3, 7, 50] {
                    let mut next = 0;
                    for index in 1..=count {
                        let r = Shard { index, count }.parts(weights);
                        assert_eq!(r.start, next, "{index}/{count} of {total}");
                        next = r.end;
                    }
                    assert_eq!(next, total);
                }
            }
        }
        // Even work cuts equal counts; falling work gives the first shard fewer parts.
        assert_eq!(Shard { index: 1, count: 2 }.parts(&[1.0; 10]), 0..5);
        let falling: Vec<f64> = (0..10).map(|p| (10 - p) as f64).collect();
        assert_eq!(Shard { index: 1, count: 2 }.parts(&falling), 0..3);
        assert_eq!(shard_of_folder("shard-2-of-7"), Some((2, 7)));
        assert_eq!(shard_of_folder(".shard-2-of-7.partial"), None);
    }
}
