"""The actors of the world: real institutions of the region and invented ones.

Real institutions (chambers, employment agencies, Jobcenter, districts, ministries, WRL,
SAS, universities, LEAG, Domowina, ...) are listed by :func:`institutions` (their names
only; all their data are synthetic); they include the planted hubs, bridges, hidden
champions and the renamed institution. Invented actors of every category then fill each
wave to ``ACTORS_PER_WAVE`` × scale in the category shares of ``vokabular.csv``
(``anteil``); ~5 % of the invented actors leave after each wave.
"""

from __future__ import annotations

from dataclasses import dataclass

from bildungsnetz.demo.cached import normalize_name
from bildungsnetz.demo.names import Site, institution_name, overflow_name
from bildungsnetz.demo.people import person, phone
from bildungsnetz.demo.refdata import Municipality, Place, ReferenceData
from bildungsnetz.demo.vocab import (
    CATEGORIES,
    CATEGORY_ACTIVITY,
    CATEGORY_EBENE,
    CATEGORY_GROUPS,
    CATEGORY_TOPICS,
    K_AA,
    K_BT,
    K_HS,
    K_JC,
    K_KAMMER,
    K_KOMM,
    K_LAND,
    K_SOZ,
    K_STIFT,
    K_UNT,
    K_VEREIN,
    K_WF,
)
from bildungsnetz.demo.world import ACTORS_PER_WAVE, Actor, World
from bildungsnetz.errors import BildungsnetzError

# Rename planted between wave index 1 (2025) and 2 (2026).
RENAMED_OLD = "Zentrum für Arbeit und Bildung Spremberg e.V."
RENAMED_NEW = "Lausitzer Zentrum für Arbeit und Bildung gGmbH"

# scopes of real institutions: all districts of a state, or of the region
BB, SN, ALL = "Brandenburg", "Sachsen", "Lausitz"


@dataclass(frozen=True)
class Institution:
    """A real institution of the region: its name and the profile the demo gives it."""

    name: str
    kategorie: str
    town: str  # municipality of the seat ("" outside the region)
    ebene: str
    scope: str | tuple[str, ...]  # districts it works in, or BB, SN, ALL
    activity: float
    tag: str = ""
    first: int = 0
    topics: tuple[str, ...] = ()  # topic keys
    groups: tuple[str, ...] = ()  # target-group keys (empty: drawn by category)
    address: tuple[str, ...] = ()  # plz, ort, bundesland of a seat outside the region


_CHAMBER = ("AUS", "BO", "FKG", "FKS", "WB")
_AGENCY = ("BO", "USB", "FKG", "WB", "INT", "AUS")

_HEAD = (
    Institution(
        "Industrie- und Handelskammer Cottbus",
        K_KAMMER,
        "Cottbus",
        "Region",
        BB,
        6.5,
        "hub",
        topics=_CHAMBER + ("GRUEND",),
        groups=("AZUBI", "KMU", "SUS"),
    ),
    Institution(
        "Handwerkskammer Cottbus",
        K_KAMMER,
        "Cottbus",
        "Region",
        BB,
        5.5,
        "hub",
        topics=_CHAMBER,
        groups=("AZUBI", "KMU", "SUS"),
    ),
    Institution(
        "Industrie- und Handelskammer Dresden Geschäftsstelle Görlitz",
        K_KAMMER,
        "Görlitz",
        "Region",
        ("Görlitz",),
        7.0,
        "hub",
        topics=_CHAMBER,
        groups=("AZUBI", "KMU"),
    ),
    Institution(
        "Industrie- und Handelskammer Dresden Geschäftsstelle Bautzen",
        K_KAMMER,
        "Bautzen",
        "Region",
        ("Bautzen",),
        7.0,
        "hub",
        topics=_CHAMBER,
        groups=("AZUBI", "KMU"),
    ),
    Institution(
        "Handwerkskammer Dresden",
        K_KAMMER,
        "Bautzen",
        "Region",
        SN,
        6.0,
        "hub",
        topics=("AUS", "BO", "FKS", "WB"),
        groups=("AZUBI", "KMU", "SUS"),
    ),
    Institution(
        "Agentur für Arbeit Cottbus",
        K_AA,
        "Cottbus",
        "Bund",
        BB,
        6.5,
        "hub",
        topics=_AGENCY,
        groups=("SUS", "AL", "AZUBI", "RUECK"),
    ),
    Institution(
        "Agentur für Arbeit Bautzen",
        K_AA,
        "Bautzen",
        "Bund",
        SN,
        8.5,
        "hub",
        topics=_AGENCY,
        groups=("SUS", "AL", "AZUBI", "RUECK"),
    ),
)
# branch offices of the employment agencies: (town, district)
_AGENCY_OFFICES = (
    ("Senftenberg", "Oberspreewald-Lausitz"),
    ("Lübben (Spreewald)", "Dahme-Spreewald"),
    ("Finsterwalde", "Elbe-Elster"),
    ("Görlitz", "Görlitz"),
)
# district -> (Jobcenter, its town)
_JOBCENTERS = {
    "Cottbus": ("Jobcenter Cottbus", "Cottbus"),
    "Dahme-Spreewald": ("Jobcenter Dahme-Spreewald", "Lübben (Spreewald)"),
    "Elbe-Elster": ("Jobcenter Elbe-Elster", "Herzberg (Elster)"),
    "Oberspreewald-Lausitz": ("Jobcenter Oberspreewald-Lausitz", "Senftenberg"),
    "Spree-Neiße": ("Jobcenter Spree-Neiße", "Forst (Lausitz)"),
    "Bautzen": ("Jobcenter Landkreis Bautzen", "Bautzen"),
    "Görlitz": ("Jobcenter Landkreis Görlitz", "Görlitz"),
}
_TAIL = (
    Institution(
        "Brandenburgische Technische Universität Cottbus-Senftenberg",
        K_HS,
        "Cottbus",
        "Land",
        BB,
        5.0,
        "bridge",
        topics=("STUD", "MINT", "GRUEND", "WB", "SW", "DIG"),
        groups=("STUD", "SUS", "KMU", "AUSL"),
    ),
    Institution(
        "Hochschule Zittau/Görlitz",
        K_HS,
        "Zittau",
        "Land",
        SN,
        7.0,
        "bridge",
        topics=("STUD", "MINT", "GRUEND", "WB", "SW"),
        groups=("STUD", "SUS", "KMU"),
    ),
    Institution(
        "Technische Hochschule Wildau",
        K_HS,
        "Wildau",
        "Land",
        ("Dahme-Spreewald",),
        3.0,
        first=1,
        topics=("STUD", "MINT", "DIG", "WB"),
        groups=("STUD", "SUS", "KMU"),
    ),
    Institution(
        "Staatliche Studienakademie Bautzen",
        K_HS,
        "Bautzen",
        "Land",
        ("Bautzen",),
        2.5,
        first=1,
        topics=("STUD", "AUS", "FKG"),
        groups=("STUD", "SUS", "KMU"),
    ),
    Institution(
        "Medizinische Universität Lausitz – Carl Thiem",
        K_HS,
        "Cottbus",
        "Land",
        BB,
        2.5,
        first=1,
        topics=("GES", "STUD", "FKG"),
        groups=("STUD", "AZUBI", "AUSL"),
    ),
    Institution(
        "Wirtschaftsregion Lausitz GmbH",
        K_WF,
        "Cottbus",
        "Region",
        BB,
        5.0,
        "hub",
        topics=("SW", "FKG", "FKS", "GRUEND"),
        groups=("KMU", "RUECK", "AUSL"),
    ),
    Institution(
        "Sächsische Agentur für Strukturentwicklung GmbH",
        K_WF,
        "Görlitz",
        "Land",
        SN,
        5.0,
        "hub",
        topics=("SW", "FKG", "GRUEND"),
        groups=("KMU", "RUECK"),
    ),
    Institution(
        "Wirtschaftsförderung Land Brandenburg GmbH",
        K_WF,
        "Cottbus",
        "Land",
        BB,
        2.5,
        first=1,
        topics=("FKG", "FKS", "GRUEND", "SW"),
        groups=("KMU", "AUSL", "BESCH"),
    ),
    Institution(
        "Staatliches Schulamt Cottbus",
        K_LAND,
        "Cottbus",
        "Land",
        BB,
        3.0,
        topics=("BO", "INK", "DIG", "DEMO", "SORB"),
        groups=("LK", "SUS"),
    ),
    Institution(
        "Landesamt für Schule und Bildung",
        K_LAND,
        "Bautzen",
        "Land",
        SN,
        3.5,
        topics=("BO", "INK", "DIG", "SORB"),
        groups=("LK", "SUS"),
    ),
    Institution(
        "Ministerium für Bildung, Jugend und Sport des Landes Brandenburg",
        K_LAND,
        "",
        "Land",
        BB,
        1.6,
        "outside",
        topics=("BO", "DIG", "FRUEH", "INK"),
        address=("14473", "Potsdam", "Brandenburg"),
    ),
    Institution(
        "Ministerium für Wirtschaft, Arbeit und Energie des Landes Brandenburg",
        K_LAND,
        "",
        "Land",
        BB,
        1.6,
        "outside",
        topics=("SW", "FKS", "FKG", "WB"),
        address=("14473", "Potsdam", "Brandenburg"),
    ),
    Institution(
        "Sächsisches Staatsministerium für Kultus",
        K_LAND,
        "",
        "Land",
        SN,
        1.6,
        "outside",
        topics=("BO", "DIG", "INK", "SORB"),
        address=("01097", "Dresden", "Sachsen"),
    ),
    Institution(
        "Lausitz Energie Bergbau AG",
        K_UNT,
        "Cottbus",
        "Region",
        BB,
        2.2,
        "bridge",
        topics=("AUS", "FKG", "SW", "MINT"),
        groups=("AZUBI", "SUS", "BESCH"),
    ),
    Institution(
        "Domowina – Bund Lausitzer Sorben e.V.",
        K_VEREIN,
        "Bautzen",
        "Region",
        SN,
        3.5,
        "bridge",
        topics=("SORB", "DEMO", "FRUEH"),
        groups=("KITA", "SUS", "ELT"),
    ),
    Institution(
        "Stiftung für das sorbische Volk",
        K_STIFT,
        "Bautzen",
        "Land",
        SN,
        2.0,
        first=2,
        topics=("SORB", "FRUEH"),
        groups=("KITA", "SUS"),
    ),
    Institution(
        "BASF Schwarzheide GmbH",
        K_UNT,
        "Schwarzheide",
        "Region",
        ("Oberspreewald-Lausitz",),
        2.5,
        first=1,
        topics=("AUS", "MINT", "FKG"),
        groups=("AZUBI", "SUS"),
    ),
    # hidden champions: few memberships, but in the large region-wide networks
    Institution(
        "Stiftung Lausitzer Bildungszukunft",
        K_STIFT,
        "Cottbus",
        "Region",
        ALL,
        0.0,
        "champion",
        topics=("SW", "MINT", "BO"),
        groups=("SUS", "LK"),
    ),
    Institution(
        "Lausitzer Zukunftswerkstatt e.V.",
        K_VEREIN,
        "Hoyerswerda",
        "Region",
        ALL,
        0.0,
        "champion",
        topics=("SW", "GRUEND", "FKG"),
        groups=("RUECK", "STUD"),
    ),
    Institution(
        "Bürgerstiftung Oberlausitz",
        K_STIFT,
        "Löbau",
        "Region",
        ALL,
        0.0,
        "champion",
        topics=("DEMO", "BNE", "SW"),
        groups=("SUS", "ELT"),
    ),
    Institution(
        "DGB-Region Südbrandenburg/Lausitz",
        K_SOZ,
        "Cottbus",
        "Region",
        ALL,
        0.0,
        "champion",
        topics=("FKS", "SW", "AUS"),
        groups=("BESCH", "AZUBI"),
    ),
    # renamed between 2025 and 2026: keeps its id through an alias line
    Institution(
        RENAMED_NEW,
        K_BT,
        "Spremberg",
        "Region",
        ("Spree-Neiße", "Cottbus"),
        2.2,
        "renamed",
        topics=("WB", "INT", "USB"),
        groups=("AL", "LZA", "GEF"),
    ),
)


def institutions(ref: ReferenceData) -> list[Institution]:
    """The real institutions in the order they enter the world (the order of the draws)."""
    offices = []
    for town, district in _AGENCY_OFFICES:
        parent = "Cottbus" if ref.state[district] == "Brandenburg" else "Bautzen"
        offices.append(
            Institution(
                f"Agentur für Arbeit {parent} Geschäftsstelle {town.split(' (')[0]}",
                K_AA,
                town,
                "Bund",
                (district,),
                3.2,
                "hub",
                topics=("BO", "USB", "AUS", "FKG"),
                groups=("SUS", "AL", "AZUBI"),
            )
        )
    jobcenters = [
        Institution(
            _JOBCENTERS[d][0],
            K_JC,
            _JOBCENTERS[d][1],
            "Kreis",
            (d,),
            2.4,
            topics=("INT", "WB", "USB", "FKS"),
            groups=("AL", "LZA", "GEF"),
        )
        for d in ref.districts
    ]
    districts = [
        Institution(
            ref.kreis_label[d],
            K_KOMM,
            ref.seat[d],
            "Kreis",
            (d,),
            2.8,
            topics=("FRUEH", "SW", "FKS", "INT", "DEMO"),
            groups=("ELT", "KITA", "KMU"),
        )
        for d in ref.districts
    ]
    return [*_HEAD, *offices, *jobcenters, *districts, *_TAIL]


# ---------------------------------------------------------------------------------------------
# adding actors
# ---------------------------------------------------------------------------------------------


def new_actor(
    world: World,
    name: str,
    kategorie: str,
    place: Place | None,
    ebene: str | None = None,
    scope=None,
    activity: float | None = None,
    first: int = 0,
    last: int = 2,
    tag: str = "",
    topics: list | None = None,
    groups: list | None = None,
) -> Actor:
    """Add an actor; what is not given is drawn from the category's profile."""
    rng, ref = world.rng, world.ref
    if scope is None:
        scope = (place.landkreis,) if place else tuple(ref.districts)
        if place and rng.chance(0.12):
            same = [
                d
                for d in ref.districts
                if ref.state[d] == place.bundesland and d != place.landkreis
            ]
            if same:
                scope = (place.landkreis, rng.choice(same))
    if activity is None:
        activity = CATEGORY_ACTIVITY[kategorie] * (0.6 + 0.8 * rng.random())
        if place and place.raumtyp == "städtisch":
            activity *= 1.35
    if topics is None:
        pref = CATEGORY_TOPICS[kategorie]
        topics = world.topics(rng.sample(pref, rng.randint(2, min(4, len(pref)))))
        if rng.chance(0.4):
            extra = rng.choice(list(world.topic.values()))
            if extra not in topics:
                topics.append(extra)
    if groups is None:
        pref = CATEGORY_GROUPS[kategorie]
        groups = world.groups(rng.sample(pref, rng.randint(1, min(3, len(pref)))))
    actor = Actor(
        len(world.actors),
        name,
        kategorie,
        place,
        ebene or CATEGORY_EBENE[kategorie],
        tuple(scope),
        activity,
        topics,
        groups,
        first,
        last,
        tag,
    )
    actor.person, actor.email = person(rng, kategorie)
    world.actors.append(actor)
    return actor


def pick_muni(world: World) -> Municipality:
    """A municipality, weighted towards cities and district seats (activity is urban)."""
    return world.rng.weighted(world.ref.munis, world.muni_weights)


def pick_place(world: World, muni: Municipality) -> Place:
    """One of the municipality's places, uniformly."""
    return world.rng.choice(muni.places)


def add_real_institutions(world: World) -> None:
    """Add the real institutions; the renamed one gets its old name and an alias line."""
    ref, names = world.ref, world.names
    scopes = {BB: world.brandenburg, SN: world.saxony, ALL: tuple(ref.districts)}
    for inst in institutions(ref):
        name = names.claim(names.canonical("akteur", inst.name))
        place = None
        if not inst.address:
            muni = ref.muni(inst.town)
            place = pick_place(world, muni) if len(muni.places) > 1 else muni.places[0]
            if muni.name == "Senftenberg":
                place = muni.places[0]
        scope = scopes[inst.scope] if isinstance(inst.scope, str) else inst.scope
        actor = new_actor(
            world,
            name,
            inst.kategorie,
            place,
            inst.ebene,
            scope,
            inst.activity,
            first=inst.first,
            tag=inst.tag,
            topics=world.topics(inst.topics) if inst.topics else None,
            groups=world.groups(inst.groups) if inst.groups else None,
        )
        if inst.address:
            actor.plz_out, actor.ort_out, actor.bundesland_out = inst.address
        if inst.tag == "renamed":
            names.claim(RENAMED_OLD)
            actor.old_name = RENAMED_OLD
            names.add_alias(
                "akteur", RENAMED_OLD, RENAMED_NEW, "umbenannt 2026 (neuer Name und Rechtsform)"
            )


# ---------------------------------------------------------------------------------------------
# invented actors
# ---------------------------------------------------------------------------------------------


def invented_name(world: World, kategorie: str) -> tuple[str, Place, dict]:
    """A claimed name for a new actor of this category, its place and what the name implies.

    A municipality is kept for four attempts; names too close to an existing one are
    avoided for the first 30 attempts, and after 80 the place is added to the name.
    """
    names, muni = world.names, None
    for attempt in range(120):
        if attempt % 4 == 0:  # keep the town for a few name attempts
            muni = pick_muni(world)
        place = pick_place(world, muni)
        site = _site(world, muni, place)
        name, extra = institution_name(world.rng, kategorie, site)
        if name and attempt >= 80:
            name = f"{name} {place.ort}" if place.ort not in name else f"{name} II"
        if (
            name
            and names.free(normalize_name(name))
            and (attempt >= 30 or not names.similar(normalize_name(name)))
        ):
            return names.claim(name), place, extra
    return overflow_actor_name(world, kategorie)


def _site(world: World, muni: Municipality, place: Place) -> Site:
    """The site an institution name is made for: municipality, place and district."""
    return Site(
        muni.name,
        place.ort,
        muni.landkreis,
        muni.bundesland,
        world.ref.kreis_label[muni.landkreis],
        muni.einwohner,
        muni.raumtyp,
    )


def overflow_actor_name(world: World, kategorie: str) -> tuple[str, Place, dict]:
    """A claimed name once the category's pool is exhausted (large scales only).

    :func:`~bildungsnetz.demo.names.overflow_name` qualifies a template name by a further
    site and, if that is taken too, numbers it; never reached at scale 1.
    """
    names = world.names
    for attempt in range(400):
        muni = pick_muni(world)
        place = pick_place(world, muni)
        site = _site(world, muni, place)
        name, extra = overflow_name(world.rng, kategorie, site, 1 + attempt // 4)
        if names.free(normalize_name(name)):
            return names.claim(name), place, extra
    raise BildungsnetzError(f"Demodaten: keine freien Namen mehr für „{kategorie}“.")


def entering_categories(world: World, w: int, size: int) -> list[str]:
    """The categories of the actors entering in wave ``w``, in random order.

    They bring each category to its share of the wave's ``size`` (largest remainders
    round up).
    """
    shares = world.ref.shares
    share_sum = sum(shares.get(c, 0) for c in CATEGORIES) or 1.0
    active = [a for a in world.actors if a.first <= w and a.last >= w]
    need = size - len(active)
    have = {c: sum(1 for a in active if a.kategorie == c) for c in CATEGORIES}
    deficit = {c: max(0.0, shares.get(c, 0) / share_sum * size - have[c]) for c in CATEGORIES}
    total = sum(deficit.values()) or 1.0
    quota = {c: deficit[c] / total * need for c in CATEGORIES}
    counts = {c: int(quota[c]) for c in CATEGORIES}
    rest = need - sum(counts.values())
    for c in sorted(CATEGORIES, key=lambda c: (-(quota[c] - counts[c]), c))[:rest]:
        counts[c] += 1
    cats = [c for c in CATEGORIES for _ in range(counts[c])]
    world.rng.shuffle(cats)
    return cats


def add_invented_actors(world: World) -> None:
    """Add the invented actors, then levels, consent and phone numbers of all actors.

    Invented actors enter wave by wave so that each wave has the categories in the
    proportions of vokabular.csv (anteil); ~5 % of them leave after each wave. A few
    levels deviate from the category default; ~8 % do not consent to publication.
    """
    rng = world.rng
    sizes = [x * world.scale for x in ACTORS_PER_WAVE]
    real = {a.idx for a in world.actors}
    for w in range(3):
        for kat in entering_categories(world, w, sizes[w]):
            name, place, extra = invented_name(world, kat)
            topics = world.topics(extra["topics"]) if "topics" in extra else None
            new_actor(
                world,
                name,
                kat,
                place,
                ebene=extra.get("ebene"),
                activity=extra.get("activity"),
                first=w,
                topics=topics,
            )
        if w < 2:  # leavers after this wave: invented actors only
            pool = [
                a
                for a in world.actors
                if not a.tag and a.first <= w and a.last >= w and a.idx not in real
            ]
            for a in rng.sample(pool, round(0.05 * sizes[w])):
                a.last = w
    # levels: a few deviate from the category default, as in real answers
    for a in world.actors:
        if not a.tag and rng.chance(0.12):
            a.ebene = rng.choice(["Region", "Kreis", "Kommune"])
        a.consent = True
    pool = [a for a in world.actors if not a.tag and a.kategorie not in (K_KAMMER, K_AA, K_JC)]
    for a in rng.sample(pool, round(0.08 * len(world.actors))):
        a.consent = False
    for a in world.actors:
        a.phone = phone(rng, a)
