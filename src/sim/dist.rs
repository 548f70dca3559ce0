//! Small, portable samplers and the math under them.
//!
//! The transcendental functions come from the `libm` crate (a port of musl's), not from the
//! platform's C library: the platform's `exp` or `ln` may differ in the last bit between
//! machines, and one flipped comparison would change a dataset that must be byte-identical
//! everywhere. `sqrt` is exactly rounded by IEEE 754, so the standard one is safe.

use crate::rng::Rng;
use rand::RngExt;

pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// A standard normal draw (Box–Muller; two uniforms per draw, the second angle unused, so a
/// draw always consumes the same amount of the stream).
pub fn standard_normal(rng: &mut Rng) -> f64 {
    let u1 = 1.0 - rng.random::<f64>();
    let u2 = rng.random::<f64>();
    (-2.0 * ln(u1)).sqrt() * cos(2.0 * std::f64::consts::PI * u2)
}

/// A Poisson count. Knuth's product method below λ = 30, a rounded normal above; both use
/// only the stream's uniforms, so they are reproducible everywhere.
pub fn poisson(rng: &mut Rng, lambda: f64) -> u32 {
    if !(lambda > 0.0) {
        return 0;
    }
    if lambda < 30.0 {
        let limit = exp(-lambda);
        let mut k = 0;
        let mut p = rng.random::<f64>();
        while p > limit {
            k += 1;
            p *= rng.random::<f64>();
        }
        k
    } else {
        (lambda + lambda.sqrt() * standard_normal(rng)).round().max(0.0) as u32
    }
}

/// An exponential draw with the given mean.
pub fn exponential(rng: &mut Rng, mean: f64) -> f64 {
    -ln(1.0 - rng.random::<f64>()) * mean
}

pub fn normal(rng: &mut Rng, mean: f64, sd: f64) -> f64 {
    mean + sd * standard_normal(rng)
}

/// A uniform time in [from, to).
pub fn between(rng: &mut Rng, from: i64, to: i64) -> i64 {
    if to <= from { from } else { from + (rng.random::<f64>() * (to - from) as f64) as i64 }
}

pub fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}
