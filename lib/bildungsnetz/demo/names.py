"""Names: the pools names are made from, the registry of names in use, institution names.

Every actor and network name of the demo is claimed in one :class:`NameRegistry`, so that no
two of them share a ``name_key``, none collides with a variant of the alias table, and every
name can be written in Windows-1252 (the encoding of the 2026 actor file). Invented
institution names come from :func:`institution_name`, one template set per category.
"""

from __future__ import annotations

from dataclasses import dataclass

from bildungsnetz.demo.cached import name_key, normalize_name
from bildungsnetz.demo.rng import Rng
from bildungsnetz.demo.vocab import (
    K_AA,
    K_BT,
    K_HS,
    K_JC,
    K_JH,
    K_KAMMER,
    K_KOMM,
    K_LAND,
    K_SCHULE,
    K_SOZ,
    K_STIFT,
    K_UNT,
    K_VEREIN,
    K_WF,
)
from bildungsnetz.errors import BildungsnetzError

# ---------------------------------------------------------------------------------------------
# pools
# ---------------------------------------------------------------------------------------------

FIRST_F = [
    "Anna",
    "Katrin",
    "Sabine",
    "Claudia",
    "Susanne",
    "Petra",
    "Kerstin",
    "Anja",
    "Nicole",
    "Stefanie",
    "Julia",
    "Christina",
    "Sandra",
    "Manuela",
    "Ines",
    "Heike",
    "Antje",
    "Ulrike",
    "Birgit",
    "Franziska",
    "Maria",
    "Juliane",
    "Doreen",
    "Jana",
    "Silke",
    "Romy",
    "Peggy",
    "Madlen",
    "Carolin",
    "Katharina",
]
FIRST_M = [
    "Thomas",
    "Michael",
    "Andreas",
    "Frank",
    "Stefan",
    "Jens",
    "Matthias",
    "Torsten",
    "Uwe",
    "Sven",
    "Mario",
    "René",
    "Ronny",
    "Steffen",
    "Daniel",
    "Christian",
    "Marko",
    "Dirk",
    "Holger",
    "Jörg",
    "Lars",
    "Martin",
    "Sebastian",
    "Tobias",
    "Robert",
    "Enrico",
    "Maik",
    "Falk",
    "Benjamin",
    "Philipp",
]
SURNAMES = [
    "Müller",
    "Schmidt",
    "Schulze",
    "Krüger",
    "Lehmann",
    "Richter",
    "Wagner",
    "Hoffmann",
    "Schneider",
    "Neumann",
    "Zimmermann",
    "Krause",
    "Lange",
    "Fischer",
    "Weber",
    "Meyer",
    "Wolf",
    "Schröder",
    "Köhler",
    "Hahn",
    "Kaiser",
    "Fuchs",
    "Vogel",
    "Jäger",
    "Winkler",
    "Lorenz",
    "Günther",
    "Böhme",
    "Hentschel",
    "Kretschmer",
    "Noack",
    "Nowak",
    "Kschenka",
    "Buder",
    "Kubasch",
    "Domaschke",
    "Schäfer",
    "Seidel",
    "Pietsch",
    "Mucha",
    "Zschornack",
    "Rietschel",
    "Handrick",
    "Jurk",
    "Matthes",
    "Wenzel",
    "Kühn",
    "Paschke",
    "Schulz",
    "Lehnert",
    "Heinze",
    "Kallauch",
    "Wukasch",
    "Grabow",
    "Schwarz",
    "Teichmann",
    "Langer",
    "Bräuer",
    "Petrick",
    "Ziesche",
]
HONORS = [
    "Lessing",
    "Goethe",
    "Schiller",
    "Humboldt",
    "Heinrich-Heine",
    "Theodor-Fontane",
    "Käthe-Kollwitz",
    "Albert-Schweitzer",
    "Pestalozzi",
    "Erich-Kästner",
    "Astrid-Lindgren",
    "Bertolt-Brecht",
    "Geschwister-Scholl",
    "Max-Steenbeck",
    "Friedrich-Ludwig-Jahn",
    "Paul-Gerhardt",
    "Marie-Curie",
    "Regine-Hildebrandt",
    "Ludwig-Leichhardt",
    "Sophie-Scholl",
    "Anne-Frank",
    "Lilo-Herrmann",
    "Juri-Gagarin",
    "Korczak",
    "Fröbel",
    "Einstein",
    "Copernicus",
    "Mina-Witkojc",
    "Handrij-Zejler",
    "Jan-Skala",
    "Kepler",
    "Leibniz",
    "Gutenberg",
    "Diesterweg",
    "Melanchthon",
]
REGION_ADJ = ["Lausitzer", "Niederlausitzer", "Oberlausitzer", "Spreewälder"]
REGION_NOUN = [
    "Lausitz",
    "Niederlausitz",
    "Oberlausitz",
    "Spreewald",
    "Lausitzer Seenland",
    "Elbe-Elster",
    "Neißeland",
    "Zittauer Gebirge",
]
RESEARCH_FIELDS = [
    "Energietechnik",
    "Wasserstoffforschung",
    "Bergbaufolgelandschaften",
    "Sozialforschung",
    "Regionalentwicklung",
    "Materialforschung",
]
FOUNDATION_AIMS = ["Bildung", "Jugend", "Zukunft", "Kultur", "Umwelt"]
COMPANY_PREFIX = REGION_ADJ + ["Spreewald", "Neiße", "Seenland", "Elbe-Elster", "Heide", "Spree"]
BRANCHES = [
    "Metallbau",
    "Elektrotechnik",
    "Solartechnik",
    "Anlagenbau",
    "Logistik",
    "Kunststofftechnik",
    "Bau",
    "Holzbau",
    "Landtechnik",
    "IT-Service",
    "Software",
    "Pflegedienst",
    "Maschinenbau",
    "Energietechnik",
    "Umwelttechnik",
    "Recycling",
    "Druck",
    "Backwaren",
    "Fleischwaren",
    "Fahrzeugbau",
    "Gebäudetechnik",
    "Stahlbau",
    "Glastechnik",
    "Textil",
    "Automation",
    "Wasserstofftechnik",
    "Medizintechnik",
    "Haustechnik",
    "Tiefbau",
    "Spedition",
]


# ---------------------------------------------------------------------------------------------
# the registry of names in use
# ---------------------------------------------------------------------------------------------


def fold(name: str) -> str:
    """Matching form for near-duplicate checks (as the cleaning's fuzzy review uses)."""
    text = name_key(name)
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


class NameRegistry:
    """The actor and network names in use and the alias table they are resolved with.

    ``alias_to`` maps (art, ``name_key`` of a variant) to the canonical name: the rows of the
    package's ``aliase.csv`` plus the demo's own aliases (``demo_aliases``, written to
    ``external/aliase.csv`` beside the waves).
    """

    def __init__(self, alias_rows: list[dict]):
        self.used_keys: dict[str, str] = {}  # name_key -> "akteur"/"netzwerk"
        self.alias_to: dict[tuple, str] = {}  # (art, key of variant) -> canonical
        for row in alias_rows:
            self.alias_to[(row["art"].casefold(), name_key(row["variante"]))] = row["kanonisch"]
        self.demo_aliases: list[dict] = []
        self.folded: list[str] = []  # fold() of every actor name claimed

    def canonical(self, art: str, name: str) -> str:
        """The name the alias table leads to (the name itself if it is no variant)."""
        name = normalize_name(name)
        seen = []
        while (art, name_key(name)) in self.alias_to and name_key(name) not in seen:
            seen.append(name_key(name))
            name = normalize_name(self.alias_to[(art, name_key(name))])
        return name

    def free(self, name: str, art: str = "akteur") -> bool:
        """The name may be given: unused, no alias variant, writable in Windows-1252."""
        key = name_key(name)
        if key in self.used_keys or not key:
            return False
        if (art, key) in self.alias_to:
            return False
        try:
            name.encode("cp1252")
        except UnicodeEncodeError:
            return False
        return True

    def claim(self, name: str, art: str = "akteur") -> str:
        """Take a free name (in ``normalize_name`` form) for an actor or a network."""
        name = normalize_name(name)
        if not self.free(name, art):
            raise BildungsnetzError(f"Demodaten: Name „{name}“ doppelt vergeben.")
        self.used_keys[name_key(name)] = art
        if art == "akteur":
            self.folded.append(fold(name))
        return name

    def similar(self, name: str) -> bool:
        """True if an actor name this close exists already.

        Only the planted near-duplicates should show up in the cleaning's fuzzy review.
        """
        from rapidfuzz import fuzz, process

        return (
            process.extractOne(fold(name), self.folded, scorer=fuzz.ratio, score_cutoff=86)
            is not None
        )

    def add_alias(self, art: str, variante: str, kanonisch: str, kommentar: str) -> None:
        """Add a line to the demo's alias table (once; never against ``aliase.csv``)."""
        key = (art, name_key(variante))
        if key in self.alias_to:
            if name_key(self.alias_to[key]) != name_key(kanonisch):
                raise BildungsnetzError(f"Demodaten: Alias „{variante}“ widerspricht aliase.csv.")
            return
        self.alias_to[key] = kanonisch
        self.demo_aliases.append(
            {"art": art, "variante": variante, "kanonisch": kanonisch, "kommentar": kommentar}
        )


# ---------------------------------------------------------------------------------------------
# invented institution names, one template set per category
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Where an invented institution sits: its municipality and the place within it."""

    town: str  # municipality (gemeinde)
    ort: str  # the place (ortsteil or town) of the address
    district: str
    state: str
    kreis: str  # "Landkreis X" / "Stadt X"
    einwohner: int
    raumtyp: str


def _school(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town, state = site.town, site.state
    extra: dict = {}
    kinds = ["Oberschule"] * 3 + ["Gymnasium"] * 3 + ["Grundschule"] * 2 + ["Förderschule"]
    kinds += (
        ["Oberstufenzentrum", "Gesamtschule"]
        if state == "Brandenburg"
        else ["Berufliches Schulzentrum"] * 2
    )
    kind = rng.choice(kinds)
    if kind in ("Oberstufenzentrum", "Berufliches Schulzentrum"):
        extra = {"activity": 1.8, "ebene": "Kreis"}
        name = rng.choice(
            [
                f"{kind} {town}",
                f"{kind} {site.district}",
                f"{kind} für Technik {town}",
                f"{kind} für Wirtschaft und Soziales {town}",
            ]
        )
    elif rng.chance(0.45) and kind != "Förderschule":
        name = f"{rng.choice(HONORS)}-{kind} {town}"
    else:
        neuter = kind in ("Gymnasium",)
        name = rng.choice(
            [
                f"{kind} {town}",
                f"{kind} {site.ort}",
                f"{kind} am Park {town}",
                f"{kind} Nord {town}",
                f"Evangelische{'s' if neuter else ''} {kind} {town}",
                f"Freie{'s' if neuter else ''} {kind} {town}",
            ]
        )
    if kind == "Grundschule":
        extra["topics"] = ("FRUEH", "INK", "MINT")
    return name, extra


def _education_provider(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town, district, state = site.town, site.district, site.state
    name = rng.choice(
        [
            f"Volkshochschule {town}",
            f"Kreisvolkshochschule {district}",
            f"Bildungswerk der Wirtschaft {town}"
            if state == "Brandenburg"
            else f"Bildungswerk der Sächsischen Wirtschaft {town}",
            f"{rng.choice(REGION_ADJ)} Bildungszentrum {town}",
            f"Berufsbildungszentrum {town}",
            f"Bildungsakademie {town}",
            f"Akademie für Weiterbildung {town}",
            f"Qualifizierungszentrum {town} gGmbH",
            f"{rng.choice(REGION_ADJ)} Akademie für Bildung und Beruf",
            f"Institut für berufliche Bildung {town}",
            f"Weiterbildungszentrum {town}",
            f"Sprachschule {town}",
            f"Bildungsinstitut {rng.choice(REGION_NOUN)} e.V.",
            f"Überbetriebliches Ausbildungszentrum {town}",
        ]
    )
    return name, {}


def _company(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town = site.town
    extra: dict = {}
    branch = rng.choice(BRANCHES)
    name = rng.choice(
        [
            f"{rng.choice(SURNAMES)} {branch} GmbH",
            f"{rng.choice(COMPANY_PREFIX)} {branch} GmbH",
            f"{branch} {town} GmbH",
            f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)} GmbH",
            f"{rng.choice(COMPANY_PREFIX)} {branch} GmbH & Co. KG",
            f"{branch} {rng.choice(SURNAMES)} KG",
            f"Stadtwerke {town} GmbH",
            f"Klinikum {town} gGmbH",
            f"Wohnungsbaugesellschaft {town} mbH",
        ]
    )
    if name.startswith("Klinikum"):
        extra["topics"] = ("GES", "AUS", "FKG")
    return name, extra


def _association(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town, district = site.town, site.district
    name = rng.choice(
        [
            f"Kreissportbund {district} e.V.",
            f"Bürgerverein {town} e.V.",
            f"Heimatverein {town} e.V.",
            f"Integrationsverein {town} e.V.",
            f"Frauenzentrum {town} e.V.",
            f"Kulturverein {town} e.V.",
            f"MINT-Verein {town} e.V.",
            f"Förderverein Bildung {town} e.V.",
            f"Elternverein {town} e.V.",
            f"{rng.choice(REGION_ADJ)} Technikverein e.V.",
            f"Umweltbildungsverein {town} e.V.",
            f"Seniorenakademie {town} e.V.",
            f"DRK-Kreisverband {district} e.V.",
            f"Netzwerk Ehrenamt {town} e.V.",
            f"Sorbischer Kulturverein {town} e.V.",
        ]
    )
    return name, {}


def _municipal(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town, kreis = site.town, site.kreis
    extra: dict = {}
    name: str | None
    if rng.chance(0.25):
        name = rng.choice(
            [
                f"Bildungsbüro {kreis}",
                f"Jugendamt {kreis}",
                f"Kommunales Integrationszentrum {site.district}",
                f"Schulverwaltungsamt {town}",
                f"Integrationsbeauftragte {kreis}",
            ]
        )
        extra = {"ebene": "Kreis", "activity": 2.0}
    elif site.einwohner >= 5000:
        name = f"Stadt {town}"
        extra = {"activity": 2.2 if site.raumtyp == "städtisch" else 1.2}
    elif site.state == "Brandenburg" and rng.chance(0.5):
        name = f"Amt {town}"
    else:
        name = f"Gemeinde {town}"
    if name and name_key(name) == name_key("Stadt Cottbus"):
        name = None
    return name, extra


def _youth_services(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town = site.town
    name = rng.choice(
        [
            f"Kinder- und Jugendhilfe {town} e.V.",
            f"Jugendhilfe {rng.choice(REGION_NOUN)} gGmbH",
            f"Kinder- und Jugendring {site.district}",
            f"Jugendclub {town}",
            f"Schulsozialarbeit {town}",
            f"Jugendmigrationsdienst {town}",
            f"Jugendberufshilfe {town}",
            f"Familienzentrum {town}",
            f"Kinder- und Jugendzentrum {site.ort}",
            f"Jugendwerkstatt {town} e.V.",
        ]
    )
    return name, {}


def _university(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town = site.town
    name = rng.choice(
        [
            "Fraunhofer-Einrichtung für Energieinfrastrukturen und Geothermie IEG",
            "DLR-Institut für CO2-arme Industrieprozesse",
            "Deutsches Zentrum für Astrophysik",
            "Internationales Hochschulinstitut Zittau",
            "CASUS Center for Advanced Systems Understanding",
            f"Institut für {rng.choice(RESEARCH_FIELDS)} {rng.choice(REGION_NOUN)}",
            f"Hochschulcampus {town}",
            f"Forschungszentrum {town}",
        ]
    )
    return name, {"activity": 2.0}


def _chamber(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town = site.town
    if site.state == "Brandenburg":
        name = rng.choice(
            [
                f"Industrie- und Handelskammer Cottbus Regionalcenter {town}",
                f"Handwerkskammer Cottbus Bildungszentrum {town}",
            ]
        )
    else:
        name = rng.choice(
            [
                f"Handwerkskammer Dresden Bildungszentrum {town}",
                f"Industrie- und Handelskammer Dresden Bildungszentrum {town}",
            ]
        )
    return name, {"activity": 3.0}


def _employment_agency(rng: Rng, site: Site) -> tuple[str | None, dict]:
    parent = "Cottbus" if site.state == "Brandenburg" else "Bautzen"
    return (
        f"Agentur für Arbeit {parent} Geschäftsstelle {site.town.split(' (')[0]}",
        {"activity": 3.0},
    )


def _jobcenter(rng: Rng, site: Site) -> tuple[str | None, dict]:
    label = site.district if site.state == "Brandenburg" else f"Landkreis {site.district}"
    return f"Jobcenter {label} Standort {site.town.split(' (')[0]}", {"activity": 2.0}


def _state_authority(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town, state = site.town, site.state
    name = rng.choice(
        [
            "Polizeidirektion Süd" if state == "Brandenburg" else "Polizeidirektion Görlitz",
            "Landesamt für Soziales und Versorgung Cottbus",
            f"Staatliches Schulamt Cottbus Außenstelle {town}"
            if state == "Brandenburg"
            else f"Landesamt für Schule und Bildung Standort {town}",
            f"Landesamt für Umwelt Regionalstelle {town}",
            f"Landesagentur für Strukturwandel Außenstelle {town}",
        ]
    )
    return name, {"activity": 1.4}


def _economic_development(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town = site.town
    name = rng.choice(
        [
            f"Wirtschaftsförderung {site.kreis}",
            f"Wirtschaftsförderung {town}",
            "Entwicklungsgesellschaft Energiepark Lausitz GmbH",
            "Marketing-Gesellschaft Oberlausitz-Niederschlesien mbH",
            f"Technologie- und Gründerzentrum {town}",
            f"Gründerzentrum {town}",
            f"Regionalmanagement {rng.choice(REGION_NOUN)}",
            f"Zukunftsbüro {town}",
        ]
    )
    return name, {}


def _foundation(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town = site.town
    name = rng.choice(
        [
            f"Bürgerstiftung {town}",
            f"Sparkassenstiftung {site.district}",
            f"Stiftung {rng.choice(REGION_ADJ)} {rng.choice(FOUNDATION_AIMS)}",
            f"Kinder- und Jugendstiftung {rng.choice(REGION_NOUN)}",
            f"{rng.choice(SURNAMES)}-Stiftung {town}",
        ]
    )
    return name, {}


def _social_partner(rng: Rng, site: Site) -> tuple[str | None, dict]:
    town, district = site.town, site.district
    name = rng.choice(
        [
            f"DGB-Kreisverband {district}",
            f"IG Metall Geschäftsstelle {town}",
            f"ver.di Bezirk {rng.choice(REGION_NOUN)}",
            f"IG BCE Bezirk {town}",
            "Unternehmerverband Brandenburg-Berlin Geschäftsstelle Cottbus",
            "Unternehmerverband Sachsen Geschäftsstelle Bautzen",
            f"Kreishandwerkerschaft {district}",
            f"Arbeitgeberverband {rng.choice(BRANCHES)} {rng.choice(REGION_NOUN)}",
        ]
    )
    return name, {}


_TEMPLATES = {
    K_SCHULE: _school,
    K_BT: _education_provider,
    K_UNT: _company,
    K_VEREIN: _association,
    K_KOMM: _municipal,
    K_JH: _youth_services,
    K_HS: _university,
    K_KAMMER: _chamber,
    K_AA: _employment_agency,
    K_JC: _jobcenter,
    K_LAND: _state_authority,
    K_WF: _economic_development,
    K_STIFT: _foundation,
    K_SOZ: _social_partner,
}


def institution_name(rng: Rng, kategorie: str, site: Site) -> tuple[str | None, dict]:
    """An invented name for an institution of this category at this site, or ``None``.

    The dict holds what the name implies beyond the category defaults: ``activity``,
    ``ebene``, ``topics`` (topic keys). The name is not yet checked or claimed.
    """
    return _TEMPLATES[kategorie](rng, site)


# ---------------------------------------------------------------------------------------------
# names beyond the pools (large scales)
# ---------------------------------------------------------------------------------------------

MUNICIPAL_OFFICES = [
    "Bürgerbüro",
    "Ortsteilbüro",
    "Schulverwaltung",
    "Bildungskoordination",
    "Kita-Verwaltung",
    "Jugendkoordination",
    "Sozialamt",
    "Ordnungsamt",
]
"""Offices of a municipality: the municipal names once ``Stadt``/``Gemeinde``/``Amt`` are taken."""

BRANCH_LABELS = ["Standort", "Zweigstelle", "Außenstelle", "Niederlassung"]
"""How a second site of an institution is written after its name."""

QUARTERS = ["Nord", "Süd", "Ost", "West", "Mitte", "Altstadt"]
"""Parts of a town, for a second site in the town the name already gives."""


def overflow_name(rng: Rng, kategorie: str, site: Site, number: int) -> tuple[str, dict]:
    """A name for when the category's pool is exhausted at this scale (never reached at 1×).

    A template name of the category (municipalities: one of their offices) qualified by
    a further site – ``"<name> Standort <place>"``, or a part of the town when the name
    already gives the place – and numbered from ``number`` ≥ 2 on, as institutions with
    several sites number them (``"… Standort Sielow 2"``).
    """
    name, extra = institution_name(rng, kategorie, site)
    if not name or name.split(" ")[0] in ("Stadt", "Gemeinde", "Amt"):
        name = f"{rng.choice(MUNICIPAL_OFFICES)} {site.town}"
    label = rng.choice([x for x in BRANCH_LABELS if x not in name] or BRANCH_LABELS)
    where = site.ort if site.ort not in name else rng.choice(QUARTERS)
    name = f"{name} {label} {where}"
    if number >= 2:
        name = f"{name} {number}"
    return name, extra
