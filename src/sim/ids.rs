//! Identifiers that several tables must agree on, derived from keys rather than drawn from a
//! stream, so that a later table (Stripe, HubSpot) can reproduce them without replaying the
//! draws that made the row.

use crate::rng::{key, Kind};
use rand::RngExt;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A Stripe-style id: `prefix_` and 14 base-62 characters, from a key.
pub fn stripe_id(prefix: &str, seed: u64, kind: Kind, id: u64, purpose: &str) -> String {
    let mut x = ((key(seed, kind, id, purpose) as u128) << 64) | key(seed, kind, id, "stripe-id-low") as u128;
    let mut s = String::with_capacity(prefix.len() + 15);
    s.push_str(prefix);
    s.push('_');
    for _ in 0..14 {
        s.push(BASE62[(x % 62) as usize] as char);
        x /= 62;
    }
    s
}

pub fn stripe_customer_id(seed: u64, account_id: i64) -> String {
    stripe_id("cus", seed, Kind::Account, account_id as u64, "stripe_customer")
}

/// The subscription item that bills an account's devices during its `period`-th subscription
/// (a reactivated account starts a new subscription, hence a new item).
pub fn device_subscription_item_id(seed: u64, account_id: i64, period: usize) -> String {
    stripe_id("si", seed, Kind::Account, ((account_id as u64) << 8) | period as u64, "device_item")
}

pub fn stripe_product_id(seed: u64, device_model_id: i64) -> String {
    stripe_id("prod", seed, Kind::DeviceModel, device_model_id as u64, "stripe_product")
}

/// A HubSpot object id: an 11-digit integer that says nothing of what it identifies.
///
/// `class` separates the kinds of object that share a table (a customer's company and a lead's)
/// and `index` numbers them within it; a keyed permutation of 36 bits maps (class, index) to the
/// id, so two objects of a table never share one and the id carries neither class nor order.
pub fn hubspot_id(seed: u64, table: &str, class: u64, index: u64) -> i64 {
    debug_assert!(class < 8 && index < 1 << 33);
    10_000_000_000 + permute_bits(seed, table, (class << 33) | index, 36) as i64
}

/// A bijection of the `bits`-bit integers, keyed by (seed, purpose): rounds of xor-shift and
/// odd multiplication modulo 2^bits, each of which is invertible.
pub fn permute_bits(seed: u64, purpose: &str, x: u64, bits: u32) -> u64 {
    let mask = (1u64 << bits) - 1;
    let mut x = x & mask;
    for round in 0..4u64 {
        let k = key(seed, Kind::Scenario, round, purpose);
        x = (x ^ (k & mask)) & mask;
        x = x.wrapping_mul(k | 1) & mask;
        x ^= x >> (bits / 2);
    }
    x
}

pub fn hubspot_company_id(seed: u64, account_id: i64) -> i64 {
    hubspot_id(seed, "company", 0, account_id as u64)
}

/// A device's serial number: model prefix and 16 hex digits. `mix64` is a bijection, so two
/// devices never share a serial.
pub fn serial_number(seed: u64, sku: &str, device_id: i64) -> String {
    let salt = key(seed, Kind::Device, 0, "serial");
    format!("{}-{:016X}", &sku[..2], crate::rng::mix64(device_id as u64 ^ salt))
}

/// Write a random version-4 UUID into `out` (cleared first). Hand-rolled hex: this runs
/// once per event row, and `format!` would be a tenth of the simulator's time.
pub fn uuid_into(rng: &mut crate::rng::Rng, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bits: u128 = rng.random();
    // Version 4 in the time_hi nibble, RFC 4122 variant in clock_seq.
    let bits = (bits & !(0xF000u128 << 64) | (0x4000u128 << 64)) & !(0xC000u128 << 48) | (0x8000u128 << 48);
    let mut text = [0u8; 36];
    let mut nibble = 32;
    for (i, byte) in text.iter_mut().enumerate() {
        if matches!(i, 8 | 13 | 18 | 23) {
            *byte = b'-';
        } else {
            nibble -= 1;
            *byte = HEX[((bits >> (nibble * 4)) & 0xF) as usize];
        }
    }
    out.clear();
    out.push_str(std::str::from_utf8(&text).expect("hex digits are ASCII"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_and_distinct() {
        let mut rng = crate::rng::stream(1, Kind::Device, 1, "t");
        let (mut a, mut b) = (String::new(), String::new());
        uuid_into(&mut rng, &mut a);
        uuid_into(&mut rng, &mut b);
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
        assert_eq!(a.matches('-').count(), 4);
    }

    #[test]
    fn derived_ids_have_their_formats() {
        let id = stripe_customer_id(42, 1);
        assert!(id.starts_with("cus_") && id.len() == 18, "{id}");
        assert_ne!(stripe_customer_id(42, 1), stripe_customer_id(42, 2));
        assert_ne!(serial_number(42, "TS-200", 1), serial_number(42, "TS-200", 2));
        assert_ne!(hubspot_company_id(42, 2), hubspot_company_id(42, 1));
        assert_eq!(hubspot_company_id(42, 2).to_string().len(), 11);
    }

    #[test]
    fn the_permutation_is_a_bijection() {
        let mut seen = std::collections::BTreeSet::new();
        for x in 0..1u64 << 12 {
            assert!(seen.insert(permute_bits(7, "t", x, 12)), "{x} collides");
        }
    }
}
