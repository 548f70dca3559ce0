//! Street addresses as each country writes them: a real city and its region
//! (`world::names::cities`), a street of the local kind, a house number of the local size and
//! a postcode in the national format.

use crate::rng::Rng;
use crate::world::countries::Country;
use rand::RngExt;

pub struct Address {
    pub line_1: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

const NA_STREETS: &[&str] = &["Main", "Oak", "Maple", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Church", "Market", "Mill", "River", "Sunset", "Lincoln", "Jackson", "Franklin", "Highland", "Center", "Spring", "Ridge", "Walnut", "Chestnut", "Madison", "Jefferson", "2nd", "3rd", "5th", "7th", "12th", "Broadway", "College", "Union", "Water", "Front", "Grand"];
const NA_SUFFIXES: &[&str] = &["Street", "Street", "Avenue", "Avenue", "Road", "Drive", "Boulevard", "Lane", "Way", "Parkway", "Court", "Place"];
const GB_STREETS: &[&str] = &["High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road", "Park Road", "Queen Street", "King Street", "London Road", "Mill Lane", "The Crescent", "Church Street", "New Road", "Market Place", "York Road", "Albert Road", "George Street"];
const AU_STREETS: &[&str] = &["George Street", "Pitt Street", "Collins Street", "Queen Street", "King Street", "Bridge Road", "Church Street", "Victoria Street", "High Street", "Pacific Highway", "Station Street", "Chapel Street", "Elizabeth Street", "Smith Street"];
const DE_STEMS: &[&str] = &["Haupt", "Bahnhof", "Schul", "Garten", "Dorf", "Berg", "Kirch", "Wald", "Ring", "Linden", "Goethe", "Schiller", "Mozart", "Friedrich", "Industrie", "Markt", "Blumen", "Post", "Mühlen", "Wiesen", "Birken", "Eichen"];
const DE_SUFFIXES: &[&str] = &["straße", "straße", "straße", "weg", "allee", "gasse"];
const FR_STREETS: &[&str] = &["rue de la République", "rue Victor Hugo", "avenue Jean Jaurès", "boulevard Gambetta", "rue Pasteur", "place de la Gare", "rue du Moulin", "rue de l'Église", "avenue de la Libération", "rue Nationale", "rue du Général de Gaulle", "rue des Écoles", "avenue Foch", "rue Jules Ferry", "quai de la Loire"];
const NL_STEMS: &[&str] = &["Kerk", "Dorps", "School", "Molen", "Markt", "Stations", "Wilhelmina", "Juliana", "Beatrix", "Oranje", "Hoofd", "Industrie", "Linden", "Eiken", "Prins Hendrik"];
const NL_SUFFIXES: &[&str] = &["straat", "straat", "weg", "laan", "plein", "singel"];
const BR_STREETS: &[&str] = &["Rua das Flores", "Avenida Paulista", "Rua XV de Novembro", "Rua São João", "Avenida Brasil", "Rua Sete de Setembro", "Rua Santos Dumont", "Avenida Getúlio Vargas", "Rua Tiradentes", "Rua Dom Pedro II", "Avenida Atlântica", "Rua Barão do Rio Branco", "Rua da Consolação"];
const GB_AREAS: &[&str] = &["B", "M", "LS", "G", "L", "BS", "S", "EH", "CF", "LE", "NG", "BN", "YO", "BT", "E", "N", "W", "SE", "SW", "NW", "EC"];
const LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

fn letter(rng: &mut Rng) -> char {
    LETTERS[rng.random_range(0..LETTERS.len())] as char
}

/// An address in a real city of `country`.
pub fn address(country: &Country, rng: &mut Rng) -> Address {
    let cities = crate::world::names::cities(country.code);
    let (city, region) = cities[rng.random_range(0..cities.len())];
    let small = rng.random_range(1..180);
    let line_1 = match country.code {
        "US" | "CA" => format!("{} {} {}", rng.random_range(10..9900), pick(rng, NA_STREETS), pick(rng, NA_SUFFIXES)),
        "GB" => format!("{small} {}", pick(rng, GB_STREETS)),
        "AU" => format!("{} {}", rng.random_range(1..400), pick(rng, AU_STREETS)),
        "DE" => format!("{}{} {small}", pick(rng, DE_STEMS), pick(rng, DE_SUFFIXES)),
        "FR" => format!("{small} {}", pick(rng, FR_STREETS)),
        "NL" => format!("{}{} {small}", pick(rng, NL_STEMS), pick(rng, NL_SUFFIXES)),
        "BR" => format!("{}, {}", pick(rng, BR_STREETS), rng.random_range(10..3000)),
        _ => format!("{small} Main Street"),
    };
    let postal_code = match country.code {
        "US" => format!("{:05}", rng.random_range(1000..99950)),
        "CA" => format!("{}{}{} {}{}{}", letter(rng), rng.random_range(0..10), letter(rng), rng.random_range(0..10), letter(rng), rng.random_range(0..10)),
        "GB" => format!("{}{} {}{}{}", pick(rng, GB_AREAS), rng.random_range(1..20), rng.random_range(0..10), letter(rng), letter(rng)),
        "AU" => format!("{}", rng.random_range(2000..7999)),
        "NL" => format!("{} {}{}", rng.random_range(1000..9999), letter(rng), letter(rng)),
        "BR" => format!("{:05}-{:03}", rng.random_range(1000..99999), rng.random_range(0..1000)),
        _ => format!("{:05}", rng.random_range(1000..99999)),
    };
    Address { line_1, city: city.to_string(), region: region.to_string(), postal_code }
}
