//! The browsers and phones people used, by date: what a user agent or a device model looked
//! like in a given month. Release dates are the vendors' (Chrome's and Firefox's stable
//! channels, Safari with each macOS, iPhones each September); versions between two anchors are
//! interpolated, which puts each major release within a few weeks of its real date.

use chrono::NaiveDate;

/// A desktop browser setup a person keeps: the browser and the operating system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Desktop {
    ChromeWindows,
    EdgeWindows,
    FirefoxWindows,
    ChromeMac,
    SafariMac,
    FirefoxMac,
    ChromeLinux,
}

/// Shares of B2B dashboard users (StatCounter's desktop shares, 2019–2025, rounded).
pub const DESKTOPS: &[(Desktop, f64)] = &[
    (Desktop::ChromeWindows, 0.5),
    (Desktop::EdgeWindows, 0.13),
    (Desktop::FirefoxWindows, 0.05),
    (Desktop::ChromeMac, 0.14),
    (Desktop::SafariMac, 0.12),
    (Desktop::FirefoxMac, 0.02),
    (Desktop::ChromeLinux, 0.04),
];

/// (date, major version) anchors: a version's stable release date.
const CHROME: &[(i32, u32, u32, u32)] = &[(2019, 1, 29, 72), (2020, 2, 4, 80), (2021, 1, 19, 88), (2021, 9, 21, 94), (2022, 2, 1, 98), (2023, 1, 10, 109), (2024, 1, 17, 121), (2025, 1, 14, 132), (2026, 1, 13, 144), (2027, 1, 12, 156)];
const FIREFOX: &[(i32, u32, u32, u32)] = &[(2019, 1, 29, 65), (2020, 1, 7, 72), (2021, 1, 26, 85), (2022, 1, 11, 96), (2023, 1, 17, 109), (2024, 1, 23, 122), (2025, 1, 7, 134), (2026, 1, 13, 147), (2027, 1, 12, 160)];
const SAFARI: &[(i32, u32, u32, u32)] = &[(2018, 9, 17, 12), (2019, 9, 19, 13), (2020, 9, 16, 14), (2021, 9, 20, 15), (2022, 9, 12, 16), (2023, 9, 18, 17), (2024, 9, 16, 18), (2025, 9, 15, 26), (2026, 9, 14, 27)];

/// The newest major version released by `day`, from anchors.
fn major_at(anchors: &[(i32, u32, u32, u32)], day: NaiveDate, stepwise: bool) -> u32 {
    let date = |a: &(i32, u32, u32, u32)| NaiveDate::from_ymd_opt(a.0, a.1, a.2).expect("valid anchor");
    let Some(i) = anchors.iter().rposition(|a| date(a) <= day) else { return anchors[0].3 };
    let (from, v0) = (date(&anchors[i]), anchors[i].3);
    if stepwise || i + 1 == anchors.len() {
        return v0;
    }
    let (to, v1) = (date(&anchors[i + 1]), anchors[i + 1].3);
    let span = (to - from).num_days().max(1) as f64;
    v0 + (((day - from).num_days() as f64 / span) * (v1 - v0) as f64).floor() as u32
}

/// The user agent of `desktop` as updated on `day` (the day the user's browser last updated).
/// `patch` varies the build number between users.
pub fn user_agent(desktop: Desktop, day: NaiveDate, patch: u32) -> String {
    let chrome = major_at(CHROME, day, false);
    // Chrome froze the minor, build and patch numbers to zero from version 101 (2022).
    let chrome_version = if chrome >= 101 { format!("{chrome}.0.0.0") } else { format!("{chrome}.0.{}.{}", 3626 + (chrome - 72) * 67, patch % 180) };
    let mac = if day < NaiveDate::from_ymd_opt(2019, 10, 7).expect("valid date") { "10_14_6" } else { "10_15_7" };
    let webkit = "AppleWebKit/537.36 (KHTML, like Gecko)";
    match desktop {
        Desktop::ChromeWindows => format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) {webkit} Chrome/{chrome_version} Safari/537.36"),
        Desktop::EdgeWindows if day >= NaiveDate::from_ymd_opt(2020, 1, 15).expect("valid date") => {
            format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) {webkit} Chrome/{chrome_version} Safari/537.36 Edg/{chrome_version}")
        }
        // Legacy (EdgeHTML) Edge, before the Chromium one.
        Desktop::EdgeWindows => format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64) {webkit} Chrome/70.0.3538.102 Safari/537.36 Edge/18.{}", 17763 + patch % 600),
        Desktop::FirefoxWindows => {
            let v = major_at(FIREFOX, day, false);
            format!("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0")
        }
        Desktop::ChromeMac => format!("Mozilla/5.0 (Macintosh; Intel Mac OS X {mac}) {webkit} Chrome/{chrome_version} Safari/537.36"),
        Desktop::SafariMac => {
            let v = major_at(SAFARI, day, true);
            let minor = patch % 6;
            format!("Mozilla/5.0 (Macintosh; Intel Mac OS X {mac}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v}.{minor} Safari/605.1.15")
        }
        Desktop::FirefoxMac => {
            let v = major_at(FIREFOX, day, false);
            format!("Mozilla/5.0 (Macintosh; Intel Mac OS X {}; rv:{v}.0) Gecko/20100101 Firefox/{v}.0", mac.replace('_', "."))
        }
        Desktop::ChromeLinux => format!("Mozilla/5.0 (X11; Linux x86_64) {webkit} Chrome/{chrome_version} Safari/537.36"),
    }
}

/// Phones by release date: (os, model identifier, year, month).
pub const PHONES: &[(&str, &str, i32, u32)] = &[
    ("iOS", "iPhone10,4", 2017, 9),
    ("iOS", "iPhone11,8", 2018, 10),
    ("iOS", "iPhone11,2", 2018, 9),
    ("iOS", "iPhone12,1", 2019, 9),
    ("iOS", "iPhone12,8", 2020, 4),
    ("iOS", "iPhone13,2", 2020, 10),
    ("iOS", "iPhone14,5", 2021, 9),
    ("iOS", "iPhone14,7", 2022, 9),
    ("iOS", "iPhone15,4", 2023, 9),
    ("iOS", "iPhone16,2", 2023, 9),
    ("iOS", "iPhone17,3", 2024, 9),
    ("iOS", "iPhone18,3", 2025, 9),
    ("Android", "SM-G960U", 2018, 3),
    ("Android", "SM-A505F", 2019, 3),
    ("Android", "SM-G973U", 2019, 3),
    ("Android", "Pixel 4a", 2020, 8),
    ("Android", "SM-A515F", 2020, 1),
    ("Android", "SM-G991B", 2021, 1),
    ("Android", "Pixel 6", 2021, 10),
    ("Android", "SM-A536B", 2022, 3),
    ("Android", "Pixel 7", 2022, 10),
    ("Android", "SM-S911B", 2023, 2),
    ("Android", "SM-A546B", 2023, 3),
    ("Android", "Pixel 8", 2023, 10),
    ("Android", "SM-S921B", 2024, 1),
    ("Android", "Pixel 9", 2024, 8),
    ("Android", "SM-S931B", 2025, 1),
];

/// A phone a person would carry on `day`, by `pick` (0–1) among the models of `os` released in
/// the three years before it.
pub fn phone_at(os: &str, day: NaiveDate, pick: f64) -> &'static str {
    let released = |p: &(&str, &str, i32, u32)| NaiveDate::from_ymd_opt(p.2, p.3, 1).expect("valid month");
    let recent: Vec<&(&str, &str, i32, u32)> = PHONES.iter().filter(|p| p.0 == os && released(p) <= day && (day - released(p)).num_days() < 3 * 365).collect();
    let pool: Vec<&(&str, &str, i32, u32)> = if recent.is_empty() { PHONES.iter().filter(|p| p.0 == os).take(2).collect() } else { recent };
    pool[((pick * pool.len() as f64) as usize).min(pool.len() - 1)].1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn versions_follow_their_release_dates() {
        assert_eq!(major_at(CHROME, d(2019, 3, 1), false), 72);
        assert_eq!(major_at(CHROME, d(2024, 1, 20), false), 121);
        assert_eq!(major_at(SAFARI, d(2023, 10, 1), true), 17);
        let ua = user_agent(Desktop::ChromeWindows, d(2019, 6, 1), 5);
        assert!(ua.contains("Chrome/7") && !ua.contains("Chrome/120"), "{ua}");
        assert!(user_agent(Desktop::EdgeWindows, d(2023, 6, 1), 1).contains("Edg/11"));
        assert_eq!(phone_at("iOS", d(2019, 1, 1), 0.99), "iPhone11,2");
    }
}
