//! Names that belong to their country: common first names and surnames, real cities, and the
//! shapes local businesses name themselves by, per locale and industry. Faker-style lists are
//! built for variety ("Kub and Jakubowski Inc", English "and" inside a German name); these are
//! short lists of what is actually common, so a German company reads German.

use super::countries::Locale;

pub struct LocaleNames {
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
    /// Role mailboxes a small business gives its admin login.
    pub role_mailboxes: &'static [&'static str],
    /// Company name shapes by industry: `{L}` a surname, `{M}` a second one, `{C}` a city.
    pub shapes: fn(industry: &str) -> &'static [&'static str],
}

const EN_FIRST: &[&str] = &[
    "James", "Mary", "Michael", "Patricia", "Robert", "Jennifer", "John", "Linda", "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph",
    "Jessica", "Thomas", "Sarah", "Christopher", "Karen", "Daniel", "Lisa", "Matthew", "Nancy", "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily",
    "Andrew", "Michelle", "Joshua", "Amanda", "Kevin", "Melissa", "Brian", "Stephanie", "Ryan", "Rebecca", "Jason", "Laura", "Justin", "Amy", "Eric",
    "Rachel", "Brandon", "Megan", "Tyler", "Hannah", "Aaron", "Olivia", "Adam", "Emma", "Nathan", "Chloe", "Luis", "Maria", "Carlos", "Grace", "Samuel",
    "Natalie", "Benjamin", "Sophie", "Jack", "Lucy", "Oliver", "Charlotte", "Liam", "Priya", "Raj", "Wei", "Mei", "Omar", "Fatima", "Kwame", "Aisha",
];
const EN_LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
    "Carter", "Roberts", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan",
    "Cooper", "Peterson", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray",
    "Hughes", "Price", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Fisher", "Hayes",
    "Graham", "Wallace", "Chen", "Kim", "Singh", "O'Brien", "MacDonald", "Walsh", "Davies", "Hughes", "Thomson", "Tremblay", "Gagnon",
];
const DE_FIRST: &[&str] = &[
    "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Frank", "Jürgen", "Peter", "Sebastian", "Tobias", "Jan", "Florian", "Daniel",
    "Alexander", "Matthias", "Martin", "Lukas", "Jonas", "Felix", "Maximilian", "Niklas", "Tim", "Philipp", "Uwe", "Klaus", "Wolfgang", "Sabine",
    "Andrea", "Claudia", "Stefanie", "Julia", "Katharina", "Anna", "Laura", "Lena", "Sarah", "Lisa", "Christina", "Nicole", "Petra", "Monika",
    "Birgit", "Susanne", "Anja", "Melanie", "Jessica", "Sandra", "Franziska", "Johanna", "Sophie", "Leonie", "Hannah", "Marie", "Mehmet", "Ayse",
];
const DE_LAST: &[&str] = &[
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter",
    "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz",
    "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters",
    "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth",
    "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter", "Kraus", "Martin", "Schumacher", "Krämer",
    "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Yılmaz", "Kaya",
];
const FR_FIRST: &[&str] = &[
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Laurent", "Stéphane", "Sébastien", "Julien", "Thomas", "Antoine",
    "Maxime", "Alexandre", "Mathieu", "Guillaume", "Vincent", "François", "Olivier", "Lucas", "Hugo", "Louis", "Marie", "Nathalie", "Isabelle",
    "Sylvie", "Catherine", "Sandrine", "Céline", "Aurélie", "Julie", "Camille", "Sophie", "Émilie", "Claire", "Charlotte", "Léa", "Manon", "Chloé",
    "Pauline", "Élodie", "Anne", "Valérie", "Karim", "Nadia", "Mohamed", "Inès",
];
const FR_LAST: &[&str] = &[
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy",
    "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre",
    "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin",
    "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
];
const NL_FIRST: &[&str] = &[
    "Jan", "Peter", "Kees", "Henk", "Johan", "Mark", "Dennis", "Martijn", "Bas", "Jeroen", "Sander", "Thomas", "Tim", "Daan", "Sem", "Lars", "Ruben",
    "Bram", "Niels", "Joost", "Willem", "Maria", "Anna", "Linda", "Sandra", "Monique", "Marieke", "Anouk", "Sanne", "Lotte", "Femke", "Eva", "Iris",
    "Lisa", "Emma", "Sophie", "Julia", "Fleur", "Esther", "Ingrid", "Mohamed", "Fatima",
];
const NL_LAST: &[&str] = &[
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden",
    "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten",
    "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster", "van Dam", "Prins", "Blom", "Huisman", "Peeters",
];
const PT_FIRST: &[&str] = &[
    "José", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas", "Luiz", "Marcos", "Luís", "Gabriel", "Rafael", "Daniel", "Marcelo",
    "Bruno", "Eduardo", "Felipe", "Rodrigo", "Gustavo", "Thiago", "Mateus", "Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana", "Márcia",
    "Fernanda", "Patrícia", "Aline", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Beatriz", "Larissa", "Mariana", "Gabriela",
];
const PT_LAST: &[&str] = &[
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho",
    "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa", "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado",
    "Mendes", "Freitas", "Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Correia", "Castro", "Pinto", "Monteiro", "Cavalcanti",
];

fn en_shapes(industry: &str) -> &'static [&'static str] {
    match industry {
        "restaurants" => &["{L}'s Kitchen", "{L} Street Grill", "{C} Taco Co.", "{L} & {M} Bistro", "The {L} Tavern", "{C} Pizza Company", "{L}'s Diner", "{C} Noodle House"],
        "retail" => &["{L} Outfitters", "{C} Hardware", "{L} Home & Garden", "{L} Supply Co.", "{L} & {M}", "{C} Pet Supply", "{L} Pharmacy"],
        "healthcare_clinics" => &["{C} Family Clinic", "{L} Dental Care", "{L} Medical Group", "{C} Urgent Care", "{L} & {M} Physicians", "{C} Pediatrics"],
        "warehouses" => &["{L} Logistics", "{C} Cold Storage", "{L} Distribution", "{L} Freight", "{L} & {M} Warehousing", "{C} Fulfillment"],
        "hotels" => &["{C} Grand Hotel", "The {L} Inn", "{L} Suites", "{C} Harbor Hotel", "{C} Lodge", "The {L} House"],
        "grocery" => &["{L}'s Market", "{C} Fresh Foods", "{L} Grocers", "{L} Family Market", "{C} Food Co-op", "{L} Brothers Market"],
        "laboratories" => &["{L} Diagnostics", "{C} BioLabs", "{L} Analytical", "{L} Research Labs", "{C} Pathology", "{L} & {M} Testing"],
        _ => &["{L} & {M}", "{L} Group", "{C} Services"],
    }
}

fn de_shapes(industry: &str) -> &'static [&'static str] {
    match industry {
        "restaurants" => &["Gasthaus {L}", "Restaurant {L}", "{L}s Brauhaus", "Gaststätte zur Linde", "Ratskeller {C}", "{L} Gastronomie GmbH", "Bäckerei {L}"],
        "retail" => &["{L} Handels GmbH", "Kaufhaus {L}", "{L} & {M} OHG", "Fachhandel {L}", "Apotheke am Markt {C}", "Eisenwaren {L}"],
        "healthcare_clinics" => &["Praxis Dr. {L}", "Ärztehaus {C}", "MVZ {C}", "Zahnarztpraxis {L}", "Gemeinschaftspraxis {L} & {M}"],
        "warehouses" => &["{L} Logistik GmbH", "Spedition {L}", "Kühlhaus {C}", "{L} Lagerlogistik GmbH", "{L} & {M} Transporte"],
        "hotels" => &["Hotel {L}", "Hotel zur Post", "Landhotel {L}", "Hotel am Markt {C}", "Pension {L}"],
        "grocery" => &["{L} Frischemarkt", "Feinkost {L}", "Bioladen {L}", "Getränke {L}", "Hofladen {L}", "Metzgerei {L}"],
        "laboratories" => &["Labor {L} GmbH", "{L} Analytik GmbH", "Institut Dr. {L}", "Medizinisches Labor {C}"],
        _ => &["{L} GmbH", "{L} & {M} GmbH"],
    }
}

fn fr_shapes(industry: &str) -> &'static [&'static str] {
    match industry {
        "restaurants" => &["Brasserie {L}", "Bistrot {L}", "Le Comptoir de {C}", "Restaurant {L}", "Boulangerie {L}", "Crêperie {L}"],
        "retail" => &["{L} et Fils", "Maison {L}", "Quincaillerie {L}", "Pharmacie {L}", "{L} Distribution SARL"],
        "healthcare_clinics" => &["Cabinet Médical {L}", "Clinique de {C}", "Centre de Santé {C}", "Cabinet Dentaire {L}"],
        "warehouses" => &["{L} Logistique SAS", "Transports {L}", "Entrepôts {L}", "{L} Frigorifique"],
        "hotels" => &["Hôtel {L}", "Hôtel de {C}", "Hôtel du Commerce", "Auberge {L}"],
        "grocery" => &["Épicerie {L}", "Primeur {L}", "Fromagerie {L}", "Boucherie {L}", "Marché {L}"],
        "laboratories" => &["Laboratoire {L}", "Laboratoire d'Analyses de {C}", "{L} Analyses SAS"],
        _ => &["{L} SARL", "{L} et {M}"],
    }
}

fn nl_shapes(industry: &str) -> &'static [&'static str] {
    match industry {
        "restaurants" => &["Eetcafé {L}", "Restaurant {L}", "Brasserie {C}", "Bakkerij {L}", "Grand Café {C}"],
        "retail" => &["{L} & Zn.", "{L} Winkels B.V.", "Drogisterij {L}", "IJzerhandel {L}", "{L} Mode"],
        "healthcare_clinics" => &["Huisartsenpraktijk {L}", "Medisch Centrum {C}", "Tandartspraktijk {L}", "Gezondheidscentrum {C}"],
        "warehouses" => &["{L} Logistiek B.V.", "Transportbedrijf {L}", "{L} Koel- en Vrieshuis", "{L} Distributie B.V."],
        "hotels" => &["Hotel {C}", "Hotel {L}", "Hotel De Gouden Leeuw", "Stadshotel {C}"],
        "grocery" => &["Versmarkt {L}", "Slagerij {L}", "Kaashandel {L}", "Groenteboer {L}"],
        "laboratories" => &["{L} Lab B.V.", "Laboratorium {C}", "{L} Analyse B.V."],
        _ => &["{L} B.V.", "{L} & {M} B.V."],
    }
}

fn pt_shapes(industry: &str) -> &'static [&'static str] {
    match industry {
        "restaurants" => &["Restaurante {L}", "Churrascaria {L}", "Cantina {L}", "Padaria {L}", "Lanchonete {C}"],
        "retail" => &["{L} Comércio Ltda", "Lojas {L}", "Farmácia {L}", "Casa {L}", "{L} & {M} Ltda"],
        "healthcare_clinics" => &["Clínica {L}", "Consultório Dr. {L}", "Clínica Médica {C}", "Odonto {L}"],
        "warehouses" => &["{L} Logística Ltda", "Transportadora {L}", "Armazéns {L}", "{L} Frios Ltda"],
        "hotels" => &["Hotel {C}", "Pousada {L}", "Hotel {L}", "Pousada do Sol {C}"],
        "grocery" => &["Mercado {L}", "Empório {L}", "Hortifruti {C}", "Supermercado {L}", "Açougue {L}"],
        "laboratories" => &["Laboratório {L}", "{L} Análises Clínicas", "Laboratório {C}"],
        _ => &["{L} Ltda", "{L} & {M} Ltda"],
    }
}

pub fn of(locale: Locale) -> LocaleNames {
    match locale {
        Locale::En => LocaleNames { first: EN_FIRST, last: EN_LAST, role_mailboxes: &["info", "office", "admin", "ops", "manager"], shapes: en_shapes },
        Locale::De => LocaleNames { first: DE_FIRST, last: DE_LAST, role_mailboxes: &["info", "kontakt", "buero", "verwaltung"], shapes: de_shapes },
        Locale::Fr => LocaleNames { first: FR_FIRST, last: FR_LAST, role_mailboxes: &["contact", "info", "accueil", "direction"], shapes: fr_shapes },
        Locale::Nl => LocaleNames { first: NL_FIRST, last: NL_LAST, role_mailboxes: &["info", "kantoor", "administratie"], shapes: nl_shapes },
        Locale::PtBr => LocaleNames { first: PT_FIRST, last: PT_LAST, role_mailboxes: &["contato", "atendimento", "financeiro", "adm"], shapes: pt_shapes },
    }
}

/// Cities of each country (the largest, and a few smaller ones), with their state or region.
pub fn cities(country: &str) -> &'static [(&'static str, &'static str)] {
    match country {
        "US" => &[("New York", "New York"), ("Chicago", "Illinois"), ("Houston", "Texas"), ("Phoenix", "Arizona"), ("Philadelphia", "Pennsylvania"), ("San Antonio", "Texas"), ("San Diego", "California"), ("Dallas", "Texas"), ("Austin", "Texas"), ("Denver", "Colorado"), ("Seattle", "Washington"), ("Boston", "Massachusetts"), ("Nashville", "Tennessee"), ("Portland", "Oregon"), ("Atlanta", "Georgia"), ("Miami", "Florida"), ("Minneapolis", "Minnesota"), ("Tampa", "Florida"), ("Charlotte", "North Carolina"), ("Columbus", "Ohio"), ("Raleigh", "North Carolina"), ("Sacramento", "California"), ("Kansas City", "Missouri"), ("Salt Lake City", "Utah"), ("Milwaukee", "Wisconsin"), ("Richmond", "Virginia"), ("Boise", "Idaho"), ("Madison", "Wisconsin"), ("Los Angeles", "California"), ("Las Vegas", "Nevada")],
        "CA" => &[("Toronto", "Ontario"), ("Montreal", "Quebec"), ("Vancouver", "British Columbia"), ("Calgary", "Alberta"), ("Edmonton", "Alberta"), ("Ottawa", "Ontario"), ("Winnipeg", "Manitoba"), ("Quebec City", "Quebec"), ("Hamilton", "Ontario"), ("Kitchener", "Ontario"), ("Halifax", "Nova Scotia"), ("Victoria", "British Columbia")],
        "GB" => &[("London", "England"), ("Birmingham", "England"), ("Manchester", "England"), ("Leeds", "England"), ("Glasgow", "Scotland"), ("Liverpool", "England"), ("Bristol", "England"), ("Sheffield", "England"), ("Edinburgh", "Scotland"), ("Cardiff", "Wales"), ("Leicester", "England"), ("Nottingham", "England"), ("Brighton", "England"), ("York", "England"), ("Belfast", "Northern Ireland")],
        "AU" => &[("Sydney", "New South Wales"), ("Melbourne", "Victoria"), ("Brisbane", "Queensland"), ("Perth", "Western Australia"), ("Adelaide", "South Australia"), ("Gold Coast", "Queensland"), ("Canberra", "Australian Capital Territory"), ("Newcastle", "New South Wales"), ("Geelong", "Victoria"), ("Hobart", "Tasmania")],
        "DE" => &[("Berlin", "Berlin"), ("Hamburg", "Hamburg"), ("München", "Bayern"), ("Köln", "Nordrhein-Westfalen"), ("Frankfurt am Main", "Hessen"), ("Stuttgart", "Baden-Württemberg"), ("Düsseldorf", "Nordrhein-Westfalen"), ("Leipzig", "Sachsen"), ("Dortmund", "Nordrhein-Westfalen"), ("Essen", "Nordrhein-Westfalen"), ("Bremen", "Bremen"), ("Dresden", "Sachsen"), ("Hannover", "Niedersachsen"), ("Nürnberg", "Bayern"), ("Freiburg", "Baden-Württemberg"), ("Münster", "Nordrhein-Westfalen"), ("Augsburg", "Bayern"), ("Bonn", "Nordrhein-Westfalen"), ("Mainz", "Rheinland-Pfalz"), ("Kiel", "Schleswig-Holstein")],
        "FR" => &[("Paris", "Île-de-France"), ("Marseille", "Provence-Alpes-Côte d'Azur"), ("Lyon", "Auvergne-Rhône-Alpes"), ("Toulouse", "Occitanie"), ("Nice", "Provence-Alpes-Côte d'Azur"), ("Nantes", "Pays de la Loire"), ("Strasbourg", "Grand Est"), ("Montpellier", "Occitanie"), ("Bordeaux", "Nouvelle-Aquitaine"), ("Lille", "Hauts-de-France"), ("Rennes", "Bretagne"), ("Reims", "Grand Est"), ("Grenoble", "Auvergne-Rhône-Alpes"), ("Dijon", "Bourgogne-Franche-Comté"), ("Angers", "Pays de la Loire")],
        "NL" => &[("Amsterdam", "Noord-Holland"), ("Rotterdam", "Zuid-Holland"), ("Den Haag", "Zuid-Holland"), ("Utrecht", "Utrecht"), ("Eindhoven", "Noord-Brabant"), ("Groningen", "Groningen"), ("Tilburg", "Noord-Brabant"), ("Almere", "Flevoland"), ("Breda", "Noord-Brabant"), ("Nijmegen", "Gelderland"), ("Haarlem", "Noord-Holland"), ("Arnhem", "Gelderland"), ("Zwolle", "Overijssel"), ("Leiden", "Zuid-Holland")],
        "BR" => &[("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Belo Horizonte", "MG"), ("Curitiba", "PR"), ("Porto Alegre", "RS"), ("Campinas", "SP"), ("Florianópolis", "SC"), ("Santos", "SP"), ("Joinville", "SC"), ("Londrina", "PR"), ("Ribeirão Preto", "SP"), ("Salvador", "BA"), ("Recife", "PE")],
        _ => &[("Springfield", "")],
    }
}

/// Legal forms, which a domain leaves out.
pub const LEGAL_FORMS: &[&str] = &["inc", "inc.", "llc", "ltd", "ltd.", "pty", "gmbh", "ohg", "sarl", "sas", "b.v.", "bv", "ltda", "co.", "&", "zn.", "et", "and", "the", "de", "du", "do", "da", "le", "la", "am", "zur"];

/// Lower-case ASCII letters and digits only: for email local parts and domains.
pub fn slug(text: &str) -> String {
    deunicode::deunicode(text).chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}
