//! Small, portable samplers the simulator uses in hot loops.

use crate::rng::Rng;
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};

/// A Poisson count. Knuth's product method below λ = 30, a rounded normal above; both use
/// only the stream's uniforms, so they are reproducible everywhere.
pub fn poisson(rng: &mut Rng, lambda: f64) -> u32 {
    if !(lambda > 0.0) {
        return 0;
    }
    if lambda < 30.0 {
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = rng.random::<f64>();
        while p > limit {
            k += 1;
            p *= rng.random::<f64>();
        }
        k
    } else {
        let x: f64 = StandardNormal.sample(rng);
        (lambda + lambda.sqrt() * x).round().max(0.0) as u32
    }
}

/// An exponential draw with the given mean.
pub fn exponential(rng: &mut Rng, mean: f64) -> f64 {
    -(1.0 - rng.random::<f64>()).ln() * mean
}

pub fn normal(rng: &mut Rng, mean: f64, sd: f64) -> f64 {
    let x: f64 = StandardNormal.sample(rng);
    mean + sd * x
}

/// A uniform time in [from, to).
pub fn between(rng: &mut Rng, from: i64, to: i64) -> i64 {
    if to <= from { from } else { from + (rng.random::<f64>() * (to - from) as f64) as i64 }
}

pub fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}
