//! Picking a name from relative weights, in the deterministic order of a BTreeMap.

use crate::rng::Rng;
use rand::RngExt;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Weighted {
    pub names: Vec<String>,
    cumulative: Vec<f64>,
}

impl Weighted {
    pub fn new(weights: &BTreeMap<String, f64>) -> Self {
        let mut names = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0.0;
        for (name, w) in weights {
            total += w;
            names.push(name.clone());
            cumulative.push(total);
        }
        Weighted { names, cumulative }
    }

    /// Like `new`, with some names' weights multiplied (for example a marketing push).
    pub fn boosted(weights: &BTreeMap<String, f64>, boost: &[String], factor: f64) -> Self {
        let boosted: BTreeMap<String, f64> = weights
            .iter()
            .map(|(k, w)| (k.clone(), if boost.contains(k) { w * factor } else { *w }))
            .collect();
        Self::new(&boosted)
    }

    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().unwrap_or(&0.0);
        let x = rng.random::<f64>() * total;
        self.cumulative.iter().position(|c| x < *c).unwrap_or(self.cumulative.len() - 1)
    }

    pub fn sample_name(&self, rng: &mut Rng) -> &str {
        &self.names[self.sample(rng)]
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}
