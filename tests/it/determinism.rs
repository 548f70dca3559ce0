//! Same version + scenario + seed → the same bytes, whatever the thread count.

use crate::common::*;

#[test]
fn same_seed_gives_identical_files_and_thread_count_does_not_matter() {
    // b is the shared SMALL dataset (every core); a and c are this test's own runs.
    let root = scratch("determinism");
    let (a, c) = (root.join("a"), root.join("c"));
    generate(&a, &with(SMALL, &["--threads", "1"]));
    generate(&c, &with(SMALL, &["--threads", "2"]));
    let b = dataset(SMALL);
    let (fa, fb, fc) = (dataset_files(&a), dataset_files(&b), dataset_files(&c));
    assert!(fa.len() > 10, "expected a full dataset, found {} files", fa.len());
    assert_eq!(fa.iter().map(|f| &f.0).collect::<Vec<_>>(), fb.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in fa.iter().zip(&fb) {
        assert!(x == y, "{name} differs between --threads 1 and every core");
    }
    assert!(fb == fc, "two runs with the same seed differ");
}

#[test]
fn a_different_seed_gives_different_data() {
    let (m1, m7) = (manifest(&dataset(SMALL)), manifest(&dataset(&with(SMALL, &["--seed", "7"]))));
    for name in ["app.accounts", "app.users", "iot.device_events", "segment.pages"] {
        assert_ne!(table(&m1, name).content_hash, table(&m7, name).content_hash, "{name} is the same under another seed");
    }
    // The counts are the scenario's, not the seed's.
    assert_eq!(table(&m1, "app.accounts").rows, table(&m7, "app.accounts").rows);
}

/// A tiny dataset's content, pinned. If a change moves these, every dataset of this version
/// changes too: bump the crate version, say so in the commit, and update the pins.
#[test]
fn a_tiny_dataset_matches_its_pinned_content() {
    let dir = scratch("pinned").join("data");
    generate(&dir, &["--customers", "50", "--locations", "60", "--start", "2024-01-01", "--end", "2024-06-30", "--quiet"]);
    let m = manifest(&dir);
    for (name, rows, hash) in [
        ("app.accounts", 50, "6f2f064e4b815a272a814b12b12596e3"),
        ("app.devices", 304, "2063542151d8bba9086d7d658fba209e"),
        ("iot.device_events", 2710, "1147ec5895917568d8c6b48e0382a580"),
        ("segment.pages", 1995, "0bd35821a6fb277def2068c7fbbba234"),
        ("stripe.invoice", 105, "67eb92c7ffcb312c8d82adc4a861f7e6"),
        ("stripe.invoice_line_item", 227, "ccc0be5adb6d5d1cf2bb2807780a662a"),
        ("truth.accounts", 50, "46e9d7388f13c4c9fa404b5ef9c76932"),
        ("truth.mrr", 177, "16b87f58789a34a02d8aeab0e6def4db"),
        ("google_ads.campaign_stats", 1119, "589d8c0e76efcaaaf2bcbeb4c8a1a0dc"),
        ("truth.touches", 141, "253da1c4d6574f3ccab6b46c60e01c7e"),
        ("hubspot.contact", 147, "2f525770547602f31703fd54e9d15399"),
        ("iterable.event", 445, "1405c30380b1d71e57ddd63f0f6ec5d0"),
    ] {
        assert_eq!(table(&m, name).rows, rows, "{name} rows");
        assert_eq!(table(&m, name).content_hash, hash, "{name} content");
    }
}

#[test]
fn scale_grows_the_data_linearly() {
    let root = scratch("scale");
    let base = ["--start", "2023-01-01", "--end", "2024-12-31", "--quiet"];
    let mut one = base.to_vec();
    one.extend(["--scale", "0.03"]);
    let mut two = base.to_vec();
    two.extend(["--scale", "0.06"]);
    generate(&root.join("x1"), &one);
    generate(&root.join("x2"), &two);
    let (m1, m2) = (manifest(&root.join("x1")), manifest(&root.join("x2")));
    let rows = |m: &saaslab::dataset::Manifest, t: &str| table(m, t).rows as f64;
    assert_eq!(rows(&m1, "app.accounts"), 600.0);
    assert_eq!(rows(&m2, "app.accounts"), 1200.0);
    assert_eq!(rows(&m2, "app.locations"), 2.0 * rows(&m1, "app.locations"));
    for t in ["app.devices", "iot.device_events", "segment.pages"] {
        let ratio = rows(&m2, t) / rows(&m1, t);
        assert!((1.7..2.3).contains(&ratio), "{t} grew {ratio:.2}× for 2× the accounts");
    }
}
