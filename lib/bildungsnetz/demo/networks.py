"""The networks of the world: the known ones of the region and invented ones.

The known networks of the region are listed in :func:`known_networks`, with the planted
duplicate pairs (``special`` ``dupA``/``dupB``) and the large region-wide networks
(``central``) the hidden champions sit in. Invented networks from :data:`TEMPLATES` (per
district or town) fill each wave to ``NETWORKS_PER_WAVE`` × scale; 1–4 topics and target
groups each, heavy-tailed sizes; ~5 % end after each wave; a few small town networks of
2024 are named only in the survey's free text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bildungsnetz.demo.cached import name_key, normalize_name
from bildungsnetz.demo.vocab import (
    GROUP_KEYS,
    K_AA,
    K_BT,
    K_HS,
    K_JC,
    K_JH,
    K_KAMMER,
    K_KOMM,
    K_SCHULE,
    K_STIFT,
    K_UNT,
    K_VEREIN,
    K_WF,
    TOPIC_KEYS,
)
from bildungsnetz.demo.world import (
    NETWORKS_PER_WAVE,
    REGION_WIDE,
    Network,
    World,
    settlement_weight,
)


@dataclass(frozen=True)
class KnownNetwork:
    """A network of the real region (its name; members and roles are synthetic)."""

    name: str
    typ: str
    landkreis: str
    topics: tuple[str, ...]  # topic keys
    groups: tuple[str, ...]  # target-group keys
    size: int  # base size (× sqrt(scale) if ``scaled``)
    lead: tuple[str, ...]  # preferred categories of the coordinator
    first: int = 0
    known: bool = True  # one of the real networks of the region
    town: str = ""
    special: str = ""
    coord: str | None = None  # the coordinating actor, by name
    scaled: bool = False  # region-wide: grows with the square root of scale
    alias: str = ""  # an abbreviation, added to the alias table


_COMPETENCE_AGS = (
    (
        "Berufsorientierung",
        ("BO", "USB", "STUD"),
        ("SUS", "LK", "ELT"),
        "Agentur für Arbeit Cottbus",
    ),
    ("Ausbildung", ("AUS", "FKG"), ("AZUBI", "KMU"), "Handwerkskammer Cottbus"),
    (
        "Weiterbildung",
        ("WB", "DIG", "FKS"),
        ("BESCH", "AL", "KMU"),
        "Industrie- und Handelskammer Cottbus",
    ),
    (
        "Fachkräftegewinnung",
        ("FKG", "FKS", "SW"),
        ("RUECK", "AUSL", "KMU"),
        "Agentur für Arbeit Bautzen",
    ),
)
_NETZWERKZUKUNFT_DISTRICTS = (
    "Oberspreewald-Lausitz",
    "Spree-Neiße",
    "Elbe-Elster",
    "Dahme-Spreewald",
)
_PLANTED_DISTRICT = "Oberspreewald-Lausitz"  # its NetzwerkZukunft circle duplicates its AK

_LATER = (
    KnownNetwork(
        "MINT-Netzwerk Landkreis Bautzen",
        "Netzwerk",
        "Bautzen",
        ("MINT", "DIG", "STUD"),
        ("SUS", "LK", "STUD"),
        13,
        (K_HS, K_SCHULE),
        known=False,
        special="dupA",
    ),
    KnownNetwork(
        "MINT-Initiative Bautzen",
        "Initiative",
        "Bautzen",
        ("MINT", "DIG", "BO"),
        ("SUS", "LK"),
        10,
        (K_VEREIN, K_SCHULE),
        known=False,
        special="dupB",
    ),
    KnownNetwork(
        "Bildungsnetzwerk Oberlausitz",
        "Netzwerk",
        "Görlitz",
        ("SW", "USB", "WB", "SORB"),
        ("SUS", "BESCH", "LK"),
        18,
        (K_KOMM, K_BT),
        known=False,
        coord="Landkreis Görlitz",
    ),
    KnownNetwork(
        "Netzwerk Sorbische Bildung",
        "Netzwerk",
        REGION_WIDE,
        ("SORB", "FRUEH"),
        ("KITA", "SUS", "LK"),
        16,
        (K_STIFT, K_VEREIN),
        known=False,
        coord="Domowina – Bund Lausitzer Sorben e.V.",
        scaled=True,
    ),
    KnownNetwork(
        "MINT-Netzwerk Lausitz",
        "Netzwerk",
        REGION_WIDE,
        ("MINT", "STUD", "DIG"),
        ("SUS", "LK", "STUD"),
        24,
        (K_HS,),
        first=1,
        known=False,
        coord="Hochschule Zittau/Görlitz",
        scaled=True,
    ),
    KnownNetwork(
        "Gründungsnetzwerk Lausitz",
        "Netzwerk",
        REGION_WIDE,
        ("GRUEND", "SW"),
        ("STUD", "KMU", "RUECK"),
        18,
        (K_WF, K_HS),
        known=False,
        coord="Sächsische Agentur für Strukturentwicklung GmbH",
        scaled=True,
    ),
    KnownNetwork(
        "Lausitzer Fachkräftenetzwerk Gesundheit und Pflege",
        "Netzwerk",
        REGION_WIDE,
        ("GES", "AUS", "FKG"),
        ("AZUBI", "AUSL", "BESCH"),
        15,
        (K_BT, K_UNT),
        first=2,
        known=False,
        coord="Medizinische Universität Lausitz – Carl Thiem",
        scaled=True,
    ),
)
# spelling variants of network names, for the demo's alias table: (variant, canonical)
VARIANT_ALIASES = (
    (
        "Werkstatt 1 der WRL",
        "WRL-Werkstatt 1 Unternehmen, Wirtschaftsentwicklung, Fachkräftesicherung",
    ),
    ("Lausitzer Bildungsnetzwerk Oberlausitz", "Bildungsnetzwerk Oberlausitz"),
    ("MINT Netzwerk BZ", "MINT-Netzwerk Landkreis Bautzen"),
    ("Sorbisches Bildungsnetzwerk", "Netzwerk Sorbische Bildung"),
)


def known_networks(districts: list[str]) -> list[KnownNetwork]:
    """The known networks in the order they enter the world."""
    out = [
        KnownNetwork(
            "Kompetenzregion Lausitz",
            "Netzwerk",
            REGION_WIDE,
            ("FKG", "WB", "AUS", "BO"),
            ("BESCH", "KMU", "AZUBI", "SUS"),
            80,
            (K_WF,),
            special="central",
            coord="Wirtschaftsregion Lausitz GmbH",
            scaled=True,
        )
    ]
    out += [
        KnownNetwork(
            f"Kompetenzregion Lausitz – AG {ag}",
            "AG",
            REGION_WIDE,
            topics,
            groups,
            17,
            (K_KAMMER, K_AA, K_HS, K_BT),
            coord=coord,
            scaled=True,
        )
        for ag, topics, groups, coord in _COMPETENCE_AGS
    ]
    out += [
        KnownNetwork(
            "WRL-Werkstatt 1 Unternehmen, Wirtschaftsentwicklung, Fachkräftesicherung",
            "Werkstatt",
            REGION_WIDE,
            ("FKS", "FKG", "SW", "GRUEND"),
            ("KMU", "BESCH", "RUECK"),
            70,
            (K_WF,),
            special="central",
            coord="Wirtschaftsregion Lausitz GmbH",
            scaled=True,
        ),
        KnownNetwork(
            "NetzwerkZukunft",
            "Netzwerk",
            REGION_WIDE,
            ("BO", "USB", "MINT"),
            ("SUS", "LK", "KMU"),
            62,
            (K_VEREIN, K_KAMMER),
            special="central",
            coord="Industrie- und Handelskammer Cottbus",
            scaled=True,
        ),
    ]
    for district in _NETZWERKZUKUNFT_DISTRICTS:
        planted = district == _PLANTED_DISTRICT
        out.append(
            KnownNetwork(
                f"NetzwerkZukunft Regionalarbeitskreis {district}",
                "Arbeitskreis",
                district,
                ("BO", "USB", "AUS") if planted else ("BO", "MINT", "DIG"),
                ("SUS", "LK", "KMU") if planted else ("SUS", "LK", "ELT"),
                10,
                (K_SCHULE, K_UNT, K_KAMMER),
                special="dupA" if planted else "",
            )
        )
    out += [
        KnownNetwork(
            "AG Berufsorientierung im Landkreis Dahme-Spreewald",
            "AG",
            "Dahme-Spreewald",
            ("BO", "USB"),
            ("SUS", "ELT", "LK"),
            13,
            (K_KOMM,),
            coord="Landkreis Dahme-Spreewald",
        ),
        KnownNetwork(
            "UNIverselle Frühstück",
            "Netzwerktreffen",
            "Cottbus",
            ("GRUEND", "STUD", "SW"),
            ("STUD", "KMU"),
            20,
            (K_HS,),
            town="Cottbus",
            coord="Brandenburgische Technische Universität Cottbus-Senftenberg",
        ),
    ]
    out += [
        KnownNetwork(
            f"Arbeitskreis SCHULEWIRTSCHAFT {district}",
            "Arbeitskreis",
            district,
            ("BO", "USB", "AUS"),
            ("SUS", "LK", "KMU"),
            12,
            (K_KAMMER, K_AA, K_UNT),
            known=False,
            special="dupB" if district == _PLANTED_DISTRICT else "",
            alias=f"AK SCHULEWIRTSCHAFT {district}",
        )
        for district in districts
    ]
    return out + list(_LATER)


TEMPLATES = [
    # name, typ, level (district/town), topics, groups, lead categories, median size
    (
        "Lokales Bündnis für Familie {town}",
        "Bündnis",
        "town",
        ["FRUEH", "FKS"],
        ["ELT", "FRAU", "KITA"],
        (K_KOMM,),
        8,
    ),
    (
        "Netzwerk Integration {town}",
        "Netzwerk",
        "town",
        ["INT", "SORB"],
        ["GEF", "AUSL"],
        (K_KOMM, K_VEREIN, K_BT),
        9,
    ),
    (
        "Regionales Fachkräftebündnis {district}",
        "Bündnis",
        "district_bb",
        ["FKG", "FKS", "WB"],
        ["KMU", "BESCH", "AUSL"],
        (K_WF, K_KOMM),
        12,
    ),
    (
        "Fachkräfteallianz Landkreis {district}",
        "Gremium",
        "district_sn",
        ["FKG", "FKS", "WB"],
        ["KMU", "BESCH", "AUSL"],
        (K_WF, K_KOMM),
        12,
    ),
    (
        "Jugendberufsagentur {district}",
        "Gremium",
        "district",
        ["USB", "BO", "AUS"],
        ["SUS", "OHNE", "AZUBI"],
        (K_AA, K_JC),
        7,
    ),
    (
        "Netzwerk Frühe Bildung {town}",
        "Netzwerk",
        "town",
        ["FRUEH", "INK"],
        ["KITA", "ELT"],
        (K_KOMM, K_JH),
        7,
    ),
    (
        "Arbeitskreis Schulsozialarbeit {district}",
        "Arbeitskreis",
        "district",
        ["INK", "DEMO", "USB"],
        ["SUS", "OHNE", "ELT"],
        (K_JH,),
        9,
    ),
    (
        "Netzwerk Weiterbildung {district}",
        "Netzwerk",
        "district",
        ["WB", "DIG", "FKS"],
        ["BESCH", "AL", "FRAU"],
        (K_BT,),
        10,
    ),
    (
        "Lokale Partnerschaft für Demokratie {town}",
        "Bündnis",
        "town",
        ["DEMO", "INT"],
        ["SUS", "GEF"],
        (K_KOMM, K_JH),
        8,
    ),
    (
        "Runder Tisch Ausbildung {town}",
        "Gremium",
        "town",
        ["AUS", "FKG"],
        ["AZUBI", "KMU"],
        (K_KAMMER, K_KOMM),
        7,
    ),
    (
        "Pflegeausbildungsverbund {district}",
        "Verbund",
        "district",
        ["GES", "AUS"],
        ["AZUBI", "KMU", "AUSL"],
        (K_BT, K_UNT),
        8,
    ),
    (
        "Rückkehrerinitiative {district}",
        "Initiative",
        "district",
        ["FKG", "SW"],
        ["RUECK", "KMU"],
        (K_WF, K_KOMM),
        7,
    ),
    (
        "Netzwerk Inklusion {district}",
        "Netzwerk",
        "district",
        ["INK", "USB"],
        ["BEH", "SUS"],
        (K_KOMM, K_JH),
        8,
    ),
    (
        "Arbeitskreis Studien- und Berufsorientierung {district}",
        "Arbeitskreis",
        "district",
        ["STUD", "BO"],
        ["SUS", "LK"],
        (K_HS, K_SCHULE),
        9,
    ),
    (
        "Netzwerk Bildung für nachhaltige Entwicklung {district}",
        "Netzwerk",
        "district",
        ["BNE", "DEMO"],
        ["SUS", "LK", "KITA"],
        (K_VEREIN, K_STIFT),
        8,
    ),
    (
        "Digitalisierungsnetzwerk {district}",
        "Netzwerk",
        "district",
        ["DIG", "WB"],
        ["LK", "BESCH", "KMU"],
        (K_HS, K_WF),
        9,
    ),
    (
        "Arbeitsmarktkonferenz {district}",
        "Gremium",
        "district",
        ["FKS", "WB", "INT"],
        ["AL", "LZA", "BESCH"],
        (K_JC, K_AA),
        10,
    ),
    (
        "Ausbildungsverbund {town}",
        "Verbund",
        "town",
        ["AUS", "MINT"],
        ["AZUBI", "KMU"],
        (K_UNT, K_KAMMER),
        7,
    ),
    (
        "Netzwerk Arbeit und Teilhabe {district}",
        "Netzwerk",
        "district",
        ["FKS", "INK"],
        ["LZA", "AL", "BEH"],
        (K_JC,),
        8,
    ),
    (
        "Strukturwandel-Forum Bildung {district}",
        "Forum",
        "district",
        ["SW", "FKG", "WB"],
        ["BESCH", "KMU"],
        (K_WF, K_KOMM),
        11,
    ),
    (
        "Stammtisch Personalentwicklung {town}",
        "Stammtisch",
        "town",
        ["FKS", "FKG"],
        ["KMU", "BESCH"],
        (K_UNT, K_WF),
        6,
    ),
    (
        "Kreisschulbeirat {district}",
        "Gremium",
        "district",
        ["BO", "INK", "DIG"],
        ["SUS", "ELT", "LK"],
        (K_KOMM,),
        8,
    ),
    (
        "Netzwerk Frauen in MINT {district}",
        "Netzwerk",
        "district",
        ["MINT", "FKG"],
        ["FRAU", "STUD"],
        (K_HS, K_VEREIN),
        7,
    ),
    (
        "Gesundheitsnetzwerk {town}",
        "Netzwerk",
        "town",
        ["GES", "FKG"],
        ["BESCH", "AZUBI"],
        (K_UNT, K_KOMM),
        7,
    ),
    (
        "Sprachförderung {town}",
        "Arbeitskreis",
        "town",
        ["SORB", "INT", "FRUEH"],
        ["KITA", "GEF"],
        (K_BT, K_JH),
        6,
    ),
    (
        "Elternnetzwerk {town}",
        "Netzwerk",
        "town",
        ["USB", "DEMO"],
        ["ELT", "SUS"],
        (K_JH, K_SCHULE),
        6,
    ),
]


def add_network(
    world: World,
    name: str,
    typ: str,
    landkreis: str,
    topics,
    groups,
    size: int,
    lead,
    first: int = 0,
    last: int = 2,
    known: bool = False,
    town: str = "",
    special: str = "",
    coord: str | None = None,
) -> Network:
    """Add a network (topics and groups as keys; ``coord``: its coordinator's name)."""
    name = world.names.claim(world.names.canonical("netzwerk", name), "netzwerk")
    net = Network(
        len(world.networks),
        name,
        typ,
        landkreis,
        town,
        world.topics(topics),
        world.groups(groups),
        size,
        first,
        last,
        tuple(lead),
        known,
        special,
    )
    if coord:
        key = name_key(world.names.canonical("akteur", coord))
        net.coord = next(a.idx for a in world.actors if name_key(a.name) == key)
    world.networks.append(net)
    return net


def add_known_networks(world: World) -> None:
    """Add the known networks and the demo's aliases of their names."""
    big = max(1.0, world.scale**0.5)
    for k in known_networks(world.ref.districts):
        add_network(
            world,
            k.name,
            k.typ,
            k.landkreis,
            k.topics,
            k.groups,
            round(k.size * big) if k.scaled else k.size,
            k.lead,
            first=k.first,
            known=k.known,
            town=k.town,
            special=k.special,
            coord=k.coord,
        )
        if k.alias:
            world.names.add_alias("netzwerk", k.alias, k.name, "Abkürzung")
    for variant, canon in VARIANT_ALIASES:
        world.names.add_alias(
            "netzwerk",
            variant,
            world.names.canonical("netzwerk", canon),
            "Kurzform" if len(variant) < len(canon) else "Schreibvariante",
        )


def _unique(items: list) -> list:
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _entry_waves(world: World, targets: list[int], ends: tuple[int, int]) -> list[int]:
    """The entry wave of every invented network: each wave reaches its target count."""
    have = [sum(1 for n in world.networks if n.active(w)) for w in range(3)]
    need0 = targets[0] - have[0]
    need1 = targets[1] - (targets[0] - ends[0]) - (have[1] - have[0])
    need2 = targets[2] - (targets[1] - ends[1]) - (have[2] - have[1])
    return [0] * need0 + [1] * need1 + [2] * need2


def _invent_network(world: World, first: int, towns: list) -> Network | None:
    """Add one invented network from a template; ``None`` if no free name was found.

    Town networks are placed like the actors' seats; district networks uniformly.
    """
    rng = world.rng
    for attempt in range(200):
        tpl = rng.choice(TEMPLATES)
        name, typ, level, topics, groups, lead, median = tpl
        if level == "town":
            muni = rng.weighted(towns, [settlement_weight(m) for m in towns])
            district, town = muni.landkreis, muni.name
            label = town.split(" (")[0]
        else:
            pool = {"district_bb": world.brandenburg, "district_sn": world.saxony}.get(
                level, world.ref.districts
            )
            district, town = rng.choice(pool), ""
            label = district
        full = name.format(town=label, district=label)
        if attempt > 150:
            full = f"{full} {rng.choice(['Nord', 'Süd', 'Ost', 'West', 'Mitte'])}"
        if attempt > 180:
            full = f"{full} {attempt}"
        if not world.names.free(normalize_name(full), "netzwerk"):
            continue
        size = int(round(math.exp(rng.gauss(math.log(median), 0.42))))
        size = max(4, min(size, 24))
        topic_keys = list(topics)
        if rng.chance(0.5):
            topic_keys.append(rng.choice(list(TOPIC_KEYS)))
        topic_keys = _unique(topic_keys)[: rng.randint(1, 4)] or topics[:1]
        group_keys = _unique(
            list(groups) + ([rng.choice(list(GROUP_KEYS))] if rng.chance(0.4) else [])
        )
        group_keys = group_keys[: rng.randint(1, 4)] or groups[:1]
        return add_network(
            world, full, typ, district, topic_keys, group_keys, size, lead, first=first, town=town
        )
    return None


def add_invented_networks(world: World) -> None:
    """Add the invented networks.

    ~5 % end after each wave; every topic and target group occurs; a few small town
    networks of 2024 are named only in the survey's free text.
    """
    rng, s = world.rng, world.scale
    targets = [x * s for x in NETWORKS_PER_WAVE]
    ends = (round(0.05 * targets[0]), round(0.05 * targets[1]))
    towns = [m for m in world.ref.munis if m.einwohner >= 4000]
    made = []
    for first in _entry_waves(world, targets, ends):
        net = _invent_network(world, first, towns)
        if net is not None:
            made.append(net)
    # networks that end: invented only, not planted
    for n in rng.sample([n for n in made if n.first == 0], ends[0]):
        n.last = 0
    for n in rng.sample([n for n in made if n.first <= 1 and n.last >= 1], ends[1]):
        n.last = 1
    # every topic and target group occurs
    for values, attr in (
        (list(world.topic.values()), "topics"),
        (list(world.group.values()), "groups"),
    ):
        used = {v for n in world.networks for v in getattr(n, attr)}
        for v in values:
            if v not in used:
                n = rng.choice(made)
                getattr(n, attr).append(v)
                del getattr(n, attr)[:-4]
    # free-text-only networks of 2024 (named by respondents, not in the register)
    small0 = [n for n in made if n.first == 0 and n.base_size <= 6 and n.town]
    for n in rng.sample(small0, min(len(small0), 3 * s)):
        n.freetext_2024 = True
