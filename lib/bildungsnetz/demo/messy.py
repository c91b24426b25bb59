"""The messiness of real survey data, planted so that the cleaning can resolve or log it.

Names appear in variants that resolve by ``name_key`` (case, spaces, dashes, NFD) or by the
alias table; vocabulary values and districts in their listed variants; optional fields are
left empty now and then; postcodes and places are wrong in the ways of real answers. Every
variant is recorded in the wave's :class:`Rows` for the ground truth. Nothing planted here
makes the cleaning abort: every name in a membership, cooperation or coordination resolves.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from bildungsnetz.demo.cached import name_key, normalize_name, stable_id
from bildungsnetz.demo.response import silent
from bildungsnetz.demo.rng import Rng
from bildungsnetz.demo.vocab import K_HS
from bildungsnetz.demo.world import REGION_WIDE, Actor, Network, World

OUTSIDE_PLZ = [
    ("04109", "Leipzig"),
    ("10115", "Berlin"),
    ("01067", "Dresden"),
    ("14467", "Potsdam"),
]
MISSPELL = [
    ("ü", "u"),
    ("ö", "o"),
    ("ä", "a"),
    ("tt", "t"),
    ("ss", "s"),
    ("rr", "r"),
    ("ee", "e"),
    ("erg", "erk"),
    ("au", "ua"),
    ("en", "n"),
]


@dataclass
class Rows:
    """The raw rows of one wave before serialisation, plus what was planted in them."""

    akteure: list = field(default_factory=list)  # dicts (tidy columns)
    netzwerke: list = field(default_factory=list)
    mitgliedschaften: list = field(default_factory=list)
    kooperationen: list = field(default_factory=list)
    varianten: list = field(default_factory=list)  # name variants used
    unscharf: list = field(default_factory=list)  # near-duplicate actors (fuzzy)
    orte: list = field(default_factory=list)  # planted place errors
    extra: dict = field(default_factory=dict)  # form-specific records

    def note(self, tabelle: str, art: str, variante: str, kanonisch: str, aufloesung: str) -> None:
        """Record a name variant used in table ``tabelle`` (once)."""
        entry = {
            "tabelle": tabelle,
            "art": art,
            "variante": variante,
            "kanonisch": kanonisch,
            "id": stable_id("A" if art == "akteur" else "N", kanonisch),
            "aufloesung": aufloesung,
        }
        if entry not in self.varianten:
            self.varianten.append(entry)


def enc_ok(text: str, cp1252: bool) -> bool:
    """The text can be written in the file's encoding (only Windows-1252 is limited)."""
    if not cp1252:
        return True
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def spelt_out(text: str) -> str:
    """Umlauts and ß written out (ae, oe, ue, ss), as on a keyboard without them."""
    for src, dst in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("ß", "ss"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
    ):
        text = text.replace(src, dst)
    return text


def misspell(ort: str, rng: Rng) -> str | None:
    """A typical misspelling of a place name (``None`` if the name is too short)."""
    options = [(a, b) for a, b in MISSPELL if a in ort]
    if not options:
        if len(ort) < 5:
            return None
        i = 1 + rng.below(len(ort) - 2)
        return ort[:i] + ort[i + 1 :]
    a, b = options[rng.below(len(options))]
    return ort.replace(a, b, 1)


class Variants:
    """Spelling variants of names and values, as respondents write them.

    Holds the alias variants of every canonical name (the package's and the demo's alias
    lines), so that a variant can be drawn that the cleaning resolves.
    """

    def __init__(self, world: World):
        self.world = world
        self.rng = world.rng
        self.ref = world.ref
        self._aliases: dict[tuple, list[str]] = {}
        rows = list(world.ref.alias_rows) + list(world.names.demo_aliases)
        for row in sorted(rows, key=lambda r: (r["art"], r["kanonisch"], r["variante"])):
            art = row["art"].casefold()
            canon = world.names.canonical(art, row["kanonisch"])
            self._aliases.setdefault((art, name_key(canon)), []).append(
                normalize_name(row["variante"])
            )

    def aliases_of(self, art: str, name: str) -> list[str]:
        """The alias variants of a canonical name."""
        return self._aliases.get((art, name_key(name)), [])

    def key_variant(self, name: str, nfd: bool = True) -> str:
        """A variant with the same ``name_key``: case, doubled spaces, dash, NFD."""
        rng = self.rng
        for _ in range(12):
            kind = rng.below(6)
            words = name.split(" ")
            if kind == 0:
                variant = name.lower()
            elif kind == 1 and len(words) > 1:
                i = rng.below(len(words) - 1)
                variant = " ".join(words[: i + 1]) + "  " + " ".join(words[i + 1 :])
            elif kind == 2 and len(words) > 1:
                variant = " ".join(words[:-1]) + "  " + words[-1].lower()
            elif kind == 3 and "-" in name:
                variant = name.replace("-", " – ", 1)
            elif kind == 4 and nfd:
                variant = unicodedata.normalize("NFD", name)
            elif kind == 5:
                variant = name.upper()
            else:
                continue
            if variant != name and name_key(variant) == name_key(name):
                return variant
        return name.lower() if name.lower() != name else name.upper()

    def alias_variant(self, art: str, name: str, cp1252: bool = False) -> str | None:
        """One of the name's alias variants (writable in the file's encoding), or None."""
        options = [v for v in self.aliases_of(art, name) if enc_ok(v, cp1252)]
        if not options:
            return None
        return options[self.rng.below(len(options))]

    def fuzzy_variant(self, name: str) -> str | None:
        """The name with umlauts spelt out, if that gives a new, free name.

        Only a fuzzy review resolves it, not the key or the alias table.
        """
        if not any(c in name for c in "äöüÄÖÜß"):
            return None
        variant = spelt_out(name)
        if name_key(variant) == name_key(name) or not self.world.names.free(variant):
            return None
        return variant

    def vocab_value(self, art: str, value: str, p_variant: float, cp1252: bool = False) -> str:
        """A vocabulary value, or with probability ``p_variant`` one of its variants."""
        variants = [v for v in self.ref.vocab_variants.get((art, value), []) if enc_ok(v, cp1252)]
        if variants and self.rng.chance(p_variant):
            return variants[self.rng.below(len(variants))]
        return value

    def district_value(self, district: str, p_variant=0.3, p_empty=0.12, cp1252=False) -> str:
        """A district as answered: a variant now and then, or left empty."""
        rng = self.rng
        if not district:
            return ""
        if district == REGION_WIDE:
            return rng.choice(["Lausitz", "Lausitz", "Lausitz", "lausitzweit", "gesamte Lausitz"])
        if rng.chance(p_empty):
            return ""
        variants = [v for v in self.ref.district_variants.get(district, []) if enc_ok(v, cp1252)]
        if variants and rng.chance(p_variant):
            return variants[rng.below(len(variants))]
        return district


def actor_ref(
    v: Variants, rows: Rows, tabelle: str, actor: Actor, w: int, p_key=0.03, p_alias=0.04, nfd=True
) -> str:
    """How a table refers to an actor: canonical name, or a resolvable variant."""
    name = actor.name_in(w)
    alias = v.alias_variant("akteur", actor.name)
    if (
        alias
        and name_key(alias) != name_key(name)
        and v.rng.chance(0.25 if actor.tag == "hub" or actor.kategorie == K_HS else p_alias)
    ):
        rows.note(tabelle, "akteur", alias, actor.name, "alias")
        return alias
    if v.rng.chance(p_key):
        variant = v.key_variant(name, nfd)
        rows.note(tabelle, "akteur", variant, actor.name, "schluessel")
        return variant
    if name != actor.name:
        rows.note(tabelle, "akteur", name, actor.name, "alias")
    return name


def network_ref(
    v: Variants, rows: Rows, tabelle: str, net: Network, p_key=0.03, p_alias=0.12, nfd=True
) -> str:
    """How a table refers to a network: canonical name, or a resolvable variant."""
    alias = v.alias_variant("netzwerk", net.name)
    if alias and v.rng.chance(p_alias):
        rows.note(tabelle, "netzwerk", alias, net.name, "alias")
        return alias
    if v.rng.chance(p_key):
        variant = v.key_variant(net.name, nfd)
        rows.note(tabelle, "netzwerk", variant, net.name, "schluessel")
        return variant
    return net.name


def actor_row(v: Variants, actor: Actor, w: int, cp1252=False) -> dict:
    """An actor's facts as answered (tidy columns).

    Values in variants, and optional fields empty now and then – except what a planted
    structure needs.
    """
    rng = v.rng
    if actor.place:
        plz, ort = actor.place.plz, actor.place.ort
        if rng.chance(0.1) and actor.place.gemeinde != ort:
            ort = actor.place.gemeinde
        landkreis = v.district_value(actor.place.landkreis, cp1252=cp1252)
    else:
        plz, ort, landkreis = actor.plz_out, actor.ort_out, ""
    kategorie = actor.kategorie
    planted = bool(actor.tag) and actor.tag != "outside"  # keep what the plant needs
    if rng.chance(0.05) and not planted:
        kategorie = ""
    else:
        kategorie = v.vocab_value("kategorie", kategorie, 0.12, cp1252)
    ebene = (
        "" if rng.chance(0.08) and not planted else v.vocab_value("ebene", actor.ebene, 0.1, cp1252)
    )
    consent = "ja" if actor.consent else "nein"
    if rng.chance(0.15):
        consent = consent.capitalize()
    return {
        "akteur": actor.name_in(w),
        "kategorie": kategorie,
        "plz": plz,
        "ort": ort,
        "landkreis": landkreis,
        "ebene": ebene,
        "veroeffentlichen": consent,
        "befragt": "nein" if actor.idx in silent(v.world, w) else "ja",
        "ansprechperson": "" if rng.chance(0.04) else actor.person,
        "email": "" if rng.chance(0.03) else actor.email,
        "telefon": "" if rng.chance(0.12) else actor.phone,
    }


# ---------------------------------------------------------------------------------------------
# places
# ---------------------------------------------------------------------------------------------


def plant_places(world: World, rows: Rows, pairs: list, tabelle: str) -> None:
    """Plant place errors in the rows and record them (and the seats outside the region).

    The errors: unknown postcodes, postcodes outside the region, misspelt towns, unknown
    places. ``pairs`` holds (actor, the raw row that the cleaning keeps for it).
    """
    rng, s = world.rng, world.scale
    cand = [(a, row) for a, row in pairs if a.place and not a.tag]
    rng.shuffle(cand)
    ort_count: dict[str, int] = {}
    for m in world.ref.munis:
        for p in m.places:
            ort_count[name_key(p.ort)] = ort_count.get(name_key(p.ort), 0) + 1
    plan = (
        ["plz_99999"] * s
        + ["plz_ausserhalb"] * s
        + ["ort_falsch"] * (2 * s)
        + ["ort_unbekannt"] * s
    )
    used = 0
    for kind in plan:
        while used < len(cand):
            a, row = cand[used]
            used += 1
            erwartet = _misplace(world, kind, a, row, ort_count)
            if erwartet is None:
                continue
            rows.orte.append(
                {
                    "tabelle": tabelle,
                    "akteur": a.name,
                    "akteur_id": stable_id("A", a.name),
                    "fehler": kind,
                    "plz_roh": row["plz"],
                    "ort_roh": row["ort"],
                    "wahr": {
                        "plz": a.place.plz,
                        "ort": a.place.ort,
                        "landkreis": a.place.landkreis,
                    },
                    "erwartet": erwartet,
                }
            )
            break
    for a, row in pairs:
        if a.tag == "outside":
            rows.orte.append(
                {
                    "tabelle": tabelle,
                    "akteur": a.name,
                    "akteur_id": stable_id("A", a.name),
                    "fehler": "ausserhalb_region",
                    "plz_roh": row["plz"],
                    "ort_roh": row["ort"],
                    "wahr": {"plz": a.plz_out, "ort": a.ort_out, "landkreis": ""},
                    "erwartet": "Sitz außerhalb der Region (Landesministerium): "
                    "ohne Koordinaten und ohne Landkreis",
                }
            )


def _misplace(world: World, kind: str, a: Actor, row: dict, ort_count: dict) -> str | None:
    """Plant a place error of this kind in the row, if the actor's place allows it.

    Returns how the cleaning resolves the error, or None (row unchanged).
    """
    rng, place = world.rng, a.place
    unique_ort = ort_count.get(name_key(place.ort)) == 1 and name_key(row["ort"]) == name_key(
        place.ort
    )
    if kind == "plz_99999" and unique_ort:
        row["plz"] = "99999"
        return "über den Ort gefunden"
    if kind == "plz_ausserhalb" and unique_ort:
        row["plz"] = OUTSIDE_PLZ[rng.below(len(OUTSIDE_PLZ))][0]
        return "über den Ort gefunden"
    if kind == "ort_falsch" and world.ref.plz_unique.get(place.plz) == 1:
        bad = misspell(place.ort, rng)
        if bad is None or name_key(bad) in ort_count:
            return None
        row["plz"], row["ort"] = place.plz, bad
        return "über die PLZ gefunden"
    if kind == "ort_unbekannt":
        bad = misspell(place.ort, rng)
        if bad is None or name_key(bad) in ort_count:
            return None
        row["plz"], row["ort"] = "", bad
        row["landkreis"] = place.landkreis
        return "unbekannt: ohne Koordinaten, Landkreis laut Angabe"
    return None
