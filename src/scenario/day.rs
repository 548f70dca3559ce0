//! A calendar day as a scenario writes it: a bare TOML date (`start = 2019-01-01`).

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

impl std::ops::Deref for Day {
    type Target = NaiveDate;
    fn deref(&self) -> &NaiveDate {
        &self.0
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    /// A TOML date arrives as a datetime (a one-entry map in the `toml` crate's encoding), or,
    /// once serde has buffered it (inside a tagged enum such as `shocks`), as its text.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DayVisitor)
    }
}

struct DayVisitor;

impl<'de> de::Visitor<'de> for DayVisitor {
    type Value = Day;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a bare date like 2019-01-01")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Day, E> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Day)
            .map_err(|_| E::custom(format!("expected a bare date like 2019-01-01, found {text}")))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Day, A::Error> {
        let Some((_, text)) = map.next_entry::<String, String>()? else {
            return Err(de::Error::custom("expected a bare date like 2019-01-01"));
        };
        self.visit_str(&text)
    }
}
