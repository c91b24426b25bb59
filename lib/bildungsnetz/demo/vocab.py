"""The demo's vocabulary: actor categories, topic and target-group keys, category profiles.

The values are those of ``vokabular.csv``: categories by their exact value, topics and target
groups by a keyword that :meth:`ReferenceData.value` resolves (so that the generator follows
the vocabulary when its wording changes). The profiles say which topics, target groups,
level and activity an invented actor of a category gets.
"""

from __future__ import annotations

#: topic keys -> a keyword of the topic value in vokabular.csv (art=thema)
TOPIC_KEYS = {
    "BO": "berufsorientierung",
    "AUS": "ausbildung",
    "WB": "weiterbildung",
    "FKG": "fachkräftegewinnung",
    "FKS": "fachkräftesicherung",
    "DIG": "digitalisierung",
    "MINT": "mint",
    "SW": "strukturwandel",
    "USB": "übergang",
    "INK": "inklusion",
    "INT": "integration",
    "FRUEH": "frühkindlich",
    "DEMO": "demokratie",
    "BNE": "nachhaltigkeit",
    "GRUEND": "gründung",
    "STUD": "studienorientierung",
    "SORB": "sorbisch",
    "GES": "gesundheit",
}
#: target-group keys -> a keyword of the value in vokabular.csv (art=zielgruppe)
GROUP_KEYS = {
    "SUS": "schüler",
    "AZUBI": "auszubildende",
    "STUD": "studierende",
    "LK": "lehrkräfte",
    "ELT": "eltern",
    "AL": "arbeitslose",
    "LZA": "langzeitarbeitslose",
    "GEF": "geflüchtete",
    "BESCH": "beschäftigte",
    "KMU": "unternehmen",
    "RUECK": "rückkehr",
    "FRAU": "frauen",
    "BEH": "behinderung",
    "OHNE": "ohne abschluss",
    "AUSL": "ausland",
    "KITA": "kita",
}

# actor categories (vokabular.csv, art=kategorie)
K_SCHULE, K_BT, K_UNT, K_VEREIN, K_KOMM = (
    "Schule",
    "Bildungsträger",
    "Unternehmen",
    "Verein/Verband",
    "Kommune/Verwaltung",
)
K_JH, K_HS, K_KAMMER, K_AA, K_JC = (
    "Kinder- und Jugendhilfe",
    "Hochschule",
    "Kammer",
    "Agentur für Arbeit",
    "Jobcenter",
)
K_LAND, K_WF, K_STIFT, K_SOZ = (
    "Landesbehörde/Ministerium",
    "Wirtschaftsförderung",
    "Stiftung",
    "Sozialpartner",
)
CATEGORIES = (
    K_SCHULE,
    K_BT,
    K_UNT,
    K_VEREIN,
    K_KOMM,
    K_JH,
    K_HS,
    K_KAMMER,
    K_AA,
    K_JC,
    K_LAND,
    K_WF,
    K_STIFT,
    K_SOZ,
)

# topics (keys) and target groups (keys) an invented actor of each category draws from
CATEGORY_TOPICS = {
    K_SCHULE: ["BO", "MINT", "DIG", "INK", "USB", "DEMO", "STUD", "BNE"],
    K_BT: ["WB", "AUS", "INT", "SORB", "USB", "DIG", "GES"],
    K_UNT: ["AUS", "FKG", "FKS", "BO", "MINT", "GES"],
    K_VEREIN: ["DEMO", "INT", "BNE", "INK", "SORB", "FRUEH"],
    K_KOMM: ["FRUEH", "INT", "DEMO", "SW", "FKS", "INK"],
    K_JH: ["USB", "INK", "DEMO", "FRUEH", "INT"],
    K_HS: ["STUD", "MINT", "GRUEND", "WB", "SW", "DIG", "GES"],
    K_KAMMER: ["AUS", "BO", "FKG", "FKS", "WB", "GRUEND"],
    K_AA: ["BO", "USB", "FKG", "WB", "INT", "AUS"],
    K_JC: ["INT", "WB", "USB", "FKS"],
    K_LAND: ["SW", "DIG", "FKS", "INK", "BO"],
    K_WF: ["SW", "FKG", "GRUEND", "FKS"],
    K_STIFT: ["DEMO", "MINT", "BNE", "SORB", "FRUEH"],
    K_SOZ: ["FKS", "AUS", "WB", "SW"],
}
CATEGORY_GROUPS = {
    K_SCHULE: ["SUS", "LK", "ELT", "OHNE"],
    K_BT: ["AL", "BESCH", "GEF", "AZUBI", "FRAU", "LZA"],
    K_UNT: ["AZUBI", "BESCH", "SUS", "AUSL"],
    K_VEREIN: ["SUS", "ELT", "GEF", "BEH", "FRAU"],
    K_KOMM: ["ELT", "KITA", "GEF", "KMU", "RUECK"],
    K_JH: ["SUS", "OHNE", "ELT", "BEH"],
    K_HS: ["STUD", "SUS", "KMU", "AUSL"],
    K_KAMMER: ["AZUBI", "KMU", "SUS", "AUSL"],
    K_AA: ["SUS", "AL", "AZUBI", "RUECK", "FRAU"],
    K_JC: ["AL", "LZA", "GEF", "OHNE"],
    K_LAND: ["LK", "SUS", "KMU"],
    K_WF: ["KMU", "RUECK", "AUSL"],
    K_STIFT: ["SUS", "KITA", "LK"],
    K_SOZ: ["BESCH", "AZUBI", "KMU"],
}
# default level (ebene) and activity (weight for memberships) per category
CATEGORY_EBENE = {
    K_SCHULE: "Kommune",
    K_BT: "Region",
    K_UNT: "Kommune",
    K_VEREIN: "Kommune",
    K_KOMM: "Kommune",
    K_JH: "Kommune",
    K_HS: "Region",
    K_KAMMER: "Region",
    K_AA: "Bund",
    K_JC: "Kreis",
    K_LAND: "Land",
    K_WF: "Region",
    K_STIFT: "Region",
    K_SOZ: "Region",
}
CATEGORY_ACTIVITY = {
    K_SCHULE: 0.7,
    K_BT: 1.2,
    K_UNT: 0.55,
    K_VEREIN: 0.8,
    K_KOMM: 1.0,
    K_JH: 0.8,
    K_HS: 3.0,
    K_KAMMER: 3.5,
    K_AA: 3.5,
    K_JC: 2.5,
    K_LAND: 1.5,
    K_WF: 2.0,
    K_STIFT: 0.8,
    K_SOZ: 1.0,
}
