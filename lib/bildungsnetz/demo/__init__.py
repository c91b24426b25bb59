"""Synthetic demo survey waves (PRODUCT.md §7): ``write_demo(data_dir, scale, seed)``.

Writes three waves of a made-up but realistic education landscape of the Lausitz to
``data_dir/raw/<wave>/``, each in a different input form and as messy as real survey data:

- ``2024``: a LimeSurvey response export (``results-survey482915.csv``) with its mapping
  ``zuordnung.csv`` and the office's network register ``netzwerke.csv``;
- ``2025``: one XLSX workbook of the tidy template (``Netzwerkanalyse_2025.xlsx``);
- ``2026``: CSV files of the tidy template (``akteure.csv`` as Excel writes it: ``;`` and
  Windows-1252; ``netzwerke.csv`` UTF-8 with BOM and NFD umlauts; ``mitgliedschaften.csv`` and
  ``kooperationen.csv`` plain UTF-8).

Beside the waves it writes ``raw/ground_truth.json`` (the planted structures, with canonical
names and ids) and the reference data to ``external/`` (the package's gazetteer, districts and
vocabularies byte for byte; the package's alias table plus the demo's own aliases).

How the world is made (rules the other modules may rely on; details in ground_truth.json):

- Actors: real institutions of the region (chambers, employment agencies, Jobcenter, districts,
  ministries, WRL, SAS, universities, LEAG, Domowina, ...) plus invented ones per category, in
  the shares of ``vokabular.csv`` (``anteil``) in every wave; ~180/250/320 per wave and scale,
  ~5 % leave after each wave. Places come from ``gemeinden.csv``, weighted by population^1.1,
  cities ×1.4 and district seats ×2, so that ~2/3 of the actors sit in ``städtisch`` places.
- Networks: the known ones of PRODUCT.md §1 plus invented ones from templates (per district or
  town), ~60/80/100 per wave and scale; 1–4 topics and target groups each; sizes heavy-tailed.
  Members are drawn by activity × district fit × topic overlap, so that chambers, agencies and
  universities are hubs and city actors are in more networks. District networks take members
  of their own state only; only the planted bridge actors sit in district networks of both.
- Planted: two duplicate network pairs, four bridges, four hidden champions, one renamed
  institution, new connections between waves; no other pair of networks of the same district
  overlaps with Jaccard >= 0.4 (>= 0.25 if their topics are alike too).
- Messiness never aborts the cleaning: every name in a membership, cooperation or
  coordination resolves by ``name_key`` or by the alias table written to ``external/``.

Everything is derived from one seeded ``random.Random`` whose only primitive used is
``random()`` (guaranteed stable across Python versions); no set or hash order, no clock. The
XLSX is re-packed with fixed zip dates and fixed document properties, so the same call gives
byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import json
import math
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from bildungsnetz.ingest.reference import PACKAGE_REFERENCE
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.text import name_key as _name_key
from bildungsnetz.text import normalize_name as _normalize_name
from bildungsnetz.text import split_list
from bildungsnetz.text import stable_id as _stable_id

__all__ = ["write_demo", "build", "WAVES", "RAW_FILES"]

# the text helpers are pure functions of a string: cached, they make the generator 2× faster
name_key = functools.lru_cache(maxsize=None)(_name_key)
normalize_name = functools.lru_cache(maxsize=None)(_normalize_name)
stable_id = functools.lru_cache(maxsize=None)(_stable_id)

WAVES = ("2024", "2025", "2026")
ACTORS_PER_WAVE = (180, 250, 320)      # per unit of scale
NETWORKS_PER_WAVE = (60, 80, 100)      # per unit of scale
SURVEY_ID = "482915"
LIMESURVEY_EXPORT = f"results-survey{SURVEY_ID}.csv"
XLSX_NAME = "Netzwerkanalyse_2025.xlsx"
RAW_FILES = {
    "2024": (LIMESURVEY_EXPORT, "netzwerke.csv", "zuordnung.csv"),
    "2025": (XLSX_NAME,),
    "2026": ("akteure.csv", "kooperationen.csv", "mitgliedschaften.csv", "netzwerke.csv"),
}
REFERENCE_COPIES = ("gemeinden.csv", "landkreise.csv", "vokabular.csv")
GROUND_TRUTH = "ground_truth.json"
FIXED_TIME = _dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)
REGION_WIDE = "Lausitz"

# Rename planted between wave index 1 (2025) and 2 (2026).
RENAMED_OLD = "Zentrum für Arbeit und Bildung Spremberg e.V."
RENAMED_NEW = "Lausitzer Zentrum für Arbeit und Bildung gGmbH"


# ---------------------------------------------------------------------------------------------
# random numbers: only Random.random() is used (its stream is stable across Python versions)
# ---------------------------------------------------------------------------------------------

class _Rng:
    def __init__(self, seed: int):
        self._r = random.Random(seed)

    def random(self) -> float:
        return self._r.random()

    def below(self, n: int) -> int:
        return min(int(self.random() * n), n - 1)

    def randint(self, a: int, b: int) -> int:
        return a + self.below(b - a + 1)

    def chance(self, p: float) -> bool:
        return self.random() < p

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def shuffle(self, items: list) -> None:
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]

    def sample(self, seq, k: int) -> list:
        pool = list(seq)
        k = min(k, len(pool))
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]

    def weighted(self, items, weights):
        total = sum(weights)
        x = self.random() * total
        acc = 0.0
        for item, w in zip(items, weights):
            acc += w
            if x < acc:
                return item
        return items[-1]

    def weighted_sample(self, items, weights, k: int) -> list:
        """k distinct items, drawn without replacement proportional to weight
        (Efraimidis–Spirakis); items with weight 0 are never drawn."""
        keyed = []
        for pos, (item, w) in enumerate(zip(items, weights)):
            if w > 0:
                keyed.append((-math.log(1.0 - self.random()) / w, pos, item))
        keyed.sort()
        return [item for _, _, item in keyed[:k]]

    def gauss(self, mu: float, sigma: float) -> float:
        u1 = 1.0 - self.random()
        u2 = self.random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2 * math.pi * u2)

    def token(self, n: int,
              alphabet: str = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") -> str:
        return "".join(alphabet[self.below(len(alphabet))] for _ in range(n))


# ---------------------------------------------------------------------------------------------
# reference data
# ---------------------------------------------------------------------------------------------

def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [{k: normalize_name(v) for k, v in row.items()} for row in csv.DictReader(handle)]


@dataclass
class _Place:
    plz: str
    ort: str
    gemeinde: str
    landkreis: str
    bundesland: str
    raumtyp: str
    einwohner: int


@dataclass
class _Municipality:
    name: str
    landkreis: str
    bundesland: str
    raumtyp: str
    einwohner: int
    seat: bool
    places: list


class _Ref:
    """The reference data the generator needs, with look-ups."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.gemeinden = _read_csv(folder / "gemeinden.csv")
        self.landkreise = _read_csv(folder / "landkreise.csv")
        self.vokabular = _read_csv(folder / "vokabular.csv")
        self.alias_rows = _read_csv(folder / "aliase.csv")
        self.districts = [r["landkreis"] for r in self.landkreise]
        self.state = {r["landkreis"]: r["bundesland"] for r in self.landkreise}
        self.seat = {r["landkreis"]: r["kreissitz"] for r in self.landkreise}
        self.kreis_label = {r["landkreis"]: (f"Stadt {r['landkreis']}"
                                             if "stadt" in r.get("art", "").casefold()
                                             else f"Landkreis {r['landkreis']}")
                            for r in self.landkreise}
        self.district_variants = {r["landkreis"]: split_list(r["varianten"])
                                  for r in self.landkreise}
        munis: dict[tuple, _Municipality] = {}
        seats = {name_key(s) for s in self.seat.values()}
        for r in self.gemeinden:
            gemeinde = r.get("gemeinde") or r["ort"]
            key = (r["landkreis"], gemeinde)
            if key not in munis:
                munis[key] = _Municipality(gemeinde, r["landkreis"], r["bundesland"],
                                           r["raumtyp"], int(float(r["einwohner"] or 0)),
                                           name_key(gemeinde) in seats, [])
            munis[key].places.append(_Place(r["plz"], r["ort"], gemeinde, r["landkreis"],
                                            r["bundesland"], r["raumtyp"],
                                            int(float(r["einwohner"] or 0))))
        self.munis = list(munis.values())
        plz_count: dict[str, int] = {}
        for r in self.gemeinden:
            plz_count[r["plz"]] = plz_count.get(r["plz"], 0) + 1
        self.plz_unique = plz_count
        self.vocab: dict[str, list[str]] = {}
        self.vocab_variants: dict[tuple, list[str]] = {}
        self.shares: dict[str, float] = {}
        for r in self.vokabular:
            art = r["art"].casefold()
            self.vocab.setdefault(art, []).append(r["wert"])
            self.vocab_variants[(art, r["wert"])] = split_list(r["varianten"])
            if art == "kategorie" and r.get("anteil"):
                self.shares[r["wert"]] = float(r["anteil"])

    def muni(self, name: str) -> _Municipality:
        key = name_key(name)
        for m in self.munis:
            if name_key(m.name) == key:
                return m
        for m in self.munis:
            if name_key(m.name).split("(")[0].strip() == key.split("(")[0].strip():
                return m
        raise BildungsnetzError(f"Demodaten: Gemeinde „{name}“ fehlt im Ortsverzeichnis.")

    def value(self, art: str, keyword: str) -> str:
        """The canonical vocabulary value matching a keyword (exact, prefix, then substring)."""
        values = self.vocab.get(art, [])
        kw = name_key(keyword)
        for test in (lambda k: k == kw, lambda k: k.startswith(kw), lambda k: kw in k):
            hits = [v for v in values if test(name_key(v))]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                break
        raise BildungsnetzError(f"Demodaten: Vokabular „{art}“ hat keinen eindeutigen Wert zu "
                                f"„{keyword}“.")


# ---------------------------------------------------------------------------------------------
# the world model
# ---------------------------------------------------------------------------------------------

@dataclass
class _Actor:
    idx: int
    name: str                 # canonical name (the newest one for the renamed actor)
    kategorie: str
    place: _Place | None
    ebene: str
    scope: tuple              # districts it works in
    activity: float           # weight for random memberships (0: only planted ones)
    topics: list
    groups: list
    first: int                # first wave index
    last: int                 # last wave index (inclusive)
    tag: str = ""             # hub, bridge, champion, renamed, outside
    old_name: str = ""
    consent: bool = True
    person: str = ""
    email: str = ""
    phone: str = ""
    plz_out: str = ""         # for actors outside the gazetteer: real address
    ort_out: str = ""
    bundesland_out: str = ""

    def active(self, w: int) -> bool:
        return self.first <= w <= self.last

    def name_in(self, w: int) -> str:
        return self.old_name if self.old_name and w < 2 else self.name

    @property
    def landkreis(self) -> str:
        return self.place.landkreis if self.place else ""

    @property
    def bundesland(self) -> str:
        return self.place.bundesland if self.place else self.bundesland_out


@dataclass
class _Network:
    idx: int
    name: str
    typ: str
    landkreis: str            # district or "Lausitz"
    town: str                 # gemeinde for town-level networks
    topics: list
    groups: list
    base_size: int
    first: int
    last: int
    lead: tuple               # preferred categories of the coordinating actor
    known: bool = False
    special: str = ""
    freetext_2024: bool = False
    coord: int | None = None  # fixed coordinating actor (known networks)
    members: dict = field(default_factory=dict)     # wave -> {actor idx: role}
    koordination: dict = field(default_factory=dict)  # wave -> actor idx

    def active(self, w: int) -> bool:
        return self.first <= w <= self.last


TOPIC_KEYS = {"BO": "berufsorientierung", "AUS": "ausbildung", "WB": "weiterbildung",
              "FKG": "fachkräftegewinnung", "FKS": "fachkräftesicherung",
              "DIG": "digitalisierung", "MINT": "mint", "SW": "strukturwandel",
              "USB": "übergang", "INK": "inklusion", "INT": "integration",
              "FRUEH": "frühkindlich", "DEMO": "demokratie", "BNE": "nachhaltigkeit",
              "GRUEND": "gründung", "STUD": "studienorientierung", "SORB": "sorbisch",
              "GES": "gesundheit"}
GROUP_KEYS = {"SUS": "schüler", "AZUBI": "auszubildende", "STUD": "studierende",
              "LK": "lehrkräfte", "ELT": "eltern", "AL": "arbeitslose",
              "LZA": "langzeitarbeitslose", "GEF": "geflüchtete", "BESCH": "beschäftigte",
              "KMU": "unternehmen", "RUECK": "rückkehr", "FRAU": "frauen",
              "BEH": "behinderung", "OHNE": "ohne abschluss", "AUSL": "ausland", "KITA": "kita"}

# actor categories (vokabular.csv, art=kategorie)
K_SCHULE, K_BT, K_UNT, K_VEREIN, K_KOMM = ("Schule", "Bildungsträger", "Unternehmen",
                                           "Verein/Verband", "Kommune/Verwaltung")
K_JH, K_HS, K_KAMMER, K_AA, K_JC = ("Kinder- und Jugendhilfe", "Hochschule", "Kammer",
                                    "Agentur für Arbeit", "Jobcenter")
K_LAND, K_WF, K_STIFT, K_SOZ = ("Landesbehörde/Ministerium", "Wirtschaftsförderung",
                                "Stiftung", "Sozialpartner")
CATEGORIES = (K_SCHULE, K_BT, K_UNT, K_VEREIN, K_KOMM, K_JH, K_HS, K_KAMMER, K_AA, K_JC,
              K_LAND, K_WF, K_STIFT, K_SOZ)

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
# default level (ebene) and activity per category
CATEGORY_EBENE = {K_SCHULE: "Kommune", K_BT: "Region", K_UNT: "Kommune", K_VEREIN: "Kommune",
                  K_KOMM: "Kommune", K_JH: "Kommune", K_HS: "Region", K_KAMMER: "Region",
                  K_AA: "Bund", K_JC: "Kreis", K_LAND: "Land", K_WF: "Region",
                  K_STIFT: "Region", K_SOZ: "Region"}
CATEGORY_ACTIVITY = {K_SCHULE: 0.7, K_BT: 1.2, K_UNT: 0.55, K_VEREIN: 0.8, K_KOMM: 1.0,
                     K_JH: 0.8, K_HS: 3.0, K_KAMMER: 3.5, K_AA: 3.5, K_JC: 2.5, K_LAND: 1.5,
                     K_WF: 2.0, K_STIFT: 0.8, K_SOZ: 1.0}

BB_TOWN_AREA = {"Cottbus": "355", "Görlitz": "3581", "Bautzen": "3591", "Hoyerswerda": "3571",
                "Senftenberg": "3573", "Forst (Lausitz)": "3562", "Spremberg": "3563",
                "Lübben (Spreewald)": "3546", "Königs Wusterhausen": "3375",
                "Finsterwalde": "3531", "Weißwasser/O.L.": "3576", "Zittau": "3583",
                "Guben": "3561", "Lübbenau/Spreewald": "3542", "Kamenz": "3578",
                "Herzberg (Elster)": "3535", "Luckau": "3544", "Elsterwerda": "3533",
                "Lauchhammer": "3574", "Großräschen": "35753", "Niesky": "3588",
                "Löbau": "3585", "Wildau": "3375", "Radeberg": "3528",
                "Schwarzheide": "35752", "Schönefeld": "30", "Bad Liebenwerda": "35341",
                "Bischofswerda": "3594", "Calau": "3541", "Vetschau/Spreewald": "35433",
                "Zeuthen": "33762", "Ebersbach-Neugersdorf": "3586"}
DISTRICT_AREA = {"Cottbus": "355", "Dahme-Spreewald": "3546", "Elbe-Elster": "3535",
                 "Oberspreewald-Lausitz": "3573", "Spree-Neiße": "3562", "Bautzen": "3591",
                 "Görlitz": "3581"}

FIRST_F = ["Anna", "Katrin", "Sabine", "Claudia", "Susanne", "Petra", "Kerstin", "Anja",
           "Nicole", "Stefanie", "Julia", "Christina", "Sandra", "Manuela", "Ines", "Heike",
           "Antje", "Ulrike", "Birgit", "Franziska", "Maria", "Juliane", "Doreen", "Jana",
           "Silke", "Romy", "Peggy", "Madlen", "Carolin", "Katharina"]
FIRST_M = ["Thomas", "Michael", "Andreas", "Frank", "Stefan", "Jens", "Matthias", "Torsten",
           "Uwe", "Sven", "Mario", "René", "Ronny", "Steffen", "Daniel", "Christian", "Marko",
           "Dirk", "Holger", "Jörg", "Lars", "Martin", "Sebastian", "Tobias", "Robert",
           "Enrico", "Maik", "Falk", "Benjamin", "Philipp"]
SURNAMES = ["Müller", "Schmidt", "Schulze", "Krüger", "Lehmann", "Richter", "Wagner",
            "Hoffmann", "Schneider", "Neumann", "Zimmermann", "Krause", "Lange", "Fischer",
            "Weber", "Meyer", "Wolf", "Schröder", "Köhler", "Hahn", "Kaiser", "Fuchs", "Vogel",
            "Jäger", "Winkler", "Lorenz", "Günther", "Böhme", "Hentschel", "Kretschmer",
            "Noack", "Nowak", "Kschenka", "Buder", "Kubasch", "Domaschke", "Schäfer", "Seidel",
            "Pietsch", "Mucha", "Zschornack", "Rietschel", "Handrick", "Jurk", "Matthes",
            "Wenzel", "Kühn", "Paschke", "Schulz", "Lehnert", "Heinze", "Kallauch", "Wukasch",
            "Grabow", "Schwarz", "Teichmann", "Langer", "Bräuer", "Petrick", "Ziesche"]
HONORS = ["Lessing", "Goethe", "Schiller", "Humboldt", "Heinrich-Heine", "Theodor-Fontane",
          "Käthe-Kollwitz", "Albert-Schweitzer", "Pestalozzi", "Erich-Kästner",
          "Astrid-Lindgren", "Bertolt-Brecht", "Geschwister-Scholl", "Max-Steenbeck",
          "Friedrich-Ludwig-Jahn", "Paul-Gerhardt", "Marie-Curie", "Regine-Hildebrandt",
          "Ludwig-Leichhardt", "Sophie-Scholl", "Anne-Frank", "Lilo-Herrmann", "Juri-Gagarin",
          "Korczak", "Fröbel", "Einstein", "Copernicus", "Mina-Witkojc", "Handrij-Zejler",
          "Jan-Skala", "Kepler", "Leibniz", "Gutenberg", "Diesterweg", "Melanchthon"]
REGION_ADJ = ["Lausitzer", "Niederlausitzer", "Oberlausitzer", "Spreewälder"]
REGION_NOUN = ["Lausitz", "Niederlausitz", "Oberlausitz", "Spreewald", "Lausitzer Seenland",
               "Elbe-Elster", "Neißeland", "Zittauer Gebirge"]
RESEARCH_FIELDS = ["Energietechnik", "Wasserstoffforschung", "Bergbaufolgelandschaften",
                   "Sozialforschung", "Regionalentwicklung", "Materialforschung"]
FOUNDATION_AIMS = ["Bildung", "Jugend", "Zukunft", "Kultur", "Umwelt"]
COMPANY_PREFIX = REGION_ADJ + ["Spreewald", "Neiße", "Seenland", "Elbe-Elster", "Heide", "Spree"]
BRANCHES = ["Metallbau", "Elektrotechnik", "Solartechnik", "Anlagenbau", "Logistik",
            "Kunststofftechnik", "Bau", "Holzbau", "Landtechnik", "IT-Service", "Software",
            "Pflegedienst", "Maschinenbau", "Energietechnik", "Umwelttechnik", "Recycling",
            "Druck", "Backwaren", "Fleischwaren", "Fahrzeugbau", "Gebäudetechnik",
            "Stahlbau", "Glastechnik", "Textil", "Automation", "Wasserstofftechnik",
            "Medizintechnik", "Haustechnik", "Tiefbau", "Spedition"]


# ---------------------------------------------------------------------------------------------
# the generator
# ---------------------------------------------------------------------------------------------

class _Generator:
    def __init__(self, ref: _Ref, scale: int, seed: int):
        self.ref = ref
        self.scale = scale
        self.seed = seed
        self.rng = _Rng(seed)
        self.actors: list[_Actor] = []
        self.networks: list[_Network] = []
        self.used_keys: dict[str, str] = {}       # name_key -> "akteur"/"netzwerk"
        self.alias_to: dict[tuple, str] = {}       # (art, key of variant) -> canonical
        for row in ref.alias_rows:
            self.alias_to[(row["art"].casefold(), name_key(row["variante"]))] = row["kanonisch"]
        self.demo_aliases: list[dict] = []
        self.folded: list[str] = []
        self._pools: dict[tuple, list] = {}
        self._sets: dict[tuple, tuple] = {}
        self._all_munis = None
        for c in CATEGORIES:
            if c not in ref.vocab.get("kategorie", []):
                raise BildungsnetzError(f"Demodaten: Kategorie „{c}“ fehlt in vokabular.csv.")
        self.T = {k: ref.value("thema", v) for k, v in TOPIC_KEYS.items()}
        self.G = {k: ref.value("zielgruppe", v) for k, v in GROUP_KEYS.items()}
        self.ebenen = ref.vocab.get("ebene", [])
        for e in ("Bund", "Land", "Region", "Kreis", "Kommune"):
            if e not in self.ebenen:
                raise BildungsnetzError(f"Demodaten: Ebene „{e}“ fehlt in vokabular.csv.")
        self.bb = [d for d in ref.districts if ref.state[d] == "Brandenburg"]
        self.sn = [d for d in ref.districts if ref.state[d] == "Sachsen"]
        self.muni_weight = {}
        for m in ref.munis:
            w = max(m.einwohner, 300) ** 1.1
            if m.raumtyp == "städtisch":
                w *= 1.4
            if m.seat:
                w *= 2.0
            self.muni_weight[id(m)] = w

    # -- names ------------------------------------------------------------------------------
    def canonical(self, art: str, name: str) -> str:
        name = normalize_name(name)
        seen = []
        while (art, name_key(name)) in self.alias_to and name_key(name) not in seen:
            seen.append(name_key(name))
            name = normalize_name(self.alias_to[(art, name_key(name))])
        return name

    def free(self, name: str, art: str = "akteur") -> bool:
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
        name = normalize_name(name)
        if not self.free(name, art):
            raise BildungsnetzError(f"Demodaten: Name „{name}“ doppelt vergeben.")
        self.used_keys[name_key(name)] = art
        if art == "akteur":
            self.folded.append(_fold(name))
        return name

    def similar(self, name: str) -> bool:
        """True if an actor name this close exists already (only planted near-duplicates
        should show up in the cleaning's fuzzy review)."""
        from rapidfuzz import fuzz, process

        return process.extractOne(_fold(name), self.folded, scorer=fuzz.ratio,
                                  score_cutoff=86) is not None

    def add_alias(self, art: str, variante: str, kanonisch: str, kommentar: str) -> None:
        key = (art, name_key(variante))
        if key in self.alias_to:
            if name_key(self.alias_to[key]) != name_key(kanonisch):
                raise BildungsnetzError(f"Demodaten: Alias „{variante}“ widerspricht "
                                        "aliase.csv.")
            return
        self.alias_to[key] = kanonisch
        self.demo_aliases.append({"art": art, "variante": variante, "kanonisch": kanonisch,
                                  "kommentar": kommentar})

    # -- places and people --------------------------------------------------------------------
    def pick_muni(self) -> _Municipality:
        """A municipality, weighted towards cities and district seats (activity is urban)."""
        if self._all_munis is None:
            munis = list(self.ref.munis)
            self._all_munis = (munis, [self.muni_weight[id(m)] for m in munis])
        return self.rng.weighted(*self._all_munis)

    def pick_place(self, muni: _Municipality) -> _Place:
        return self.rng.choice(muni.places)

    def person(self, kategorie: str) -> tuple[str, str, str]:
        rng = self.rng
        female = rng.chance(0.55)
        first = rng.choice(FIRST_F if female else FIRST_M)
        last = rng.choice(SURNAMES)
        title = ""
        if kategorie == K_HS:
            title = rng.choice(["Prof. Dr. ", "Dr. ", "", ""])
        elif rng.chance(0.08):
            title = "Dr. "
        person = f"{title}{first} {last}"
        domain = "example.org" if rng.chance(0.6) else "example.com"
        local = f"{_ascii(first)[0]}.{_ascii(last)}".lower()
        if rng.chance(0.25):
            local = f"{_ascii(first)}.{_ascii(last)}".lower()
        if rng.chance(0.07):
            local = rng.choice(["info", "kontakt", "netzwerk", "bildung"])
        return person, f"{local}@{domain}", ""

    def phone(self, actor: _Actor) -> str:
        rng = self.rng
        town = actor.place.gemeinde if actor.place else actor.ort_out
        area = BB_TOWN_AREA.get(town) or DISTRICT_AREA.get(actor.landkreis) or {
            "Potsdam": "331", "Dresden": "351", "Berlin": "30"}.get(actor.ort_out, "355")
        # subscriber numbers starting with 0 are never assigned: clearly fictitious
        number = "0" + "".join(str(rng.below(10)) for _ in range(5 if len(area) <= 3 else 4))
        style = rng.below(5)
        if style == 0:
            return f"0{area} {number}"
        if style == 1:
            return f"0{area}/{number}"
        if style == 2:
            return f"0{area}-{number}"
        return f"+49 {area} {number}"

    # -- actors ---------------------------------------------------------------------------------
    def new_actor(self, name, kategorie, place, ebene=None, scope=None, activity=None,
                  first=0, last=2, tag="", topics=None, groups=None) -> _Actor:
        rng = self.rng
        if scope is None:
            scope = (place.landkreis,) if place else tuple(self.ref.districts)
            if place and rng.chance(0.12):
                same = [d for d in self.ref.districts
                        if self.ref.state[d] == place.bundesland and d != place.landkreis]
                if same:
                    scope = (place.landkreis, rng.choice(same))
        if activity is None:
            activity = CATEGORY_ACTIVITY[kategorie] * (0.6 + 0.8 * rng.random())
            if place and place.raumtyp == "städtisch":
                activity *= 1.35
        if topics is None:
            pref = CATEGORY_TOPICS[kategorie]
            topics = [self.T[k] for k in rng.sample(pref, rng.randint(2, min(4, len(pref))))]
            if rng.chance(0.4):
                extra = rng.choice(list(self.T.values()))
                if extra not in topics:
                    topics.append(extra)
        if groups is None:
            pref = CATEGORY_GROUPS[kategorie]
            groups = [self.G[k] for k in rng.sample(pref, rng.randint(1, min(3, len(pref))))]
        actor = _Actor(len(self.actors), name, kategorie, place,
                       ebene or CATEGORY_EBENE[kategorie], tuple(scope), activity, topics,
                       groups, first, last, tag)
        person, email, _ = self.person(kategorie)
        actor.person, actor.email = person, email
        self.actors.append(actor)
        return actor

    def fixed_actors(self) -> None:
        """Institutions that exist in the real region (names only; all data synthetic)."""
        ref, bb, sn = self.ref, self.bb, self.sn
        alld = tuple(ref.districts)

        def add(name, kat, town, ebene, scope, activity, tag="", first=0, topics=None,
                groups=None):
            name = self.claim(self.canonical("akteur", name))
            muni = ref.muni(town)
            place = self.pick_place(muni) if len(muni.places) > 1 else muni.places[0]
            if muni.name == "Senftenberg":
                place = muni.places[0]
            a = self.new_actor(name, kat, place, ebene, scope, activity, first=first, tag=tag,
                               topics=[self.T[t] for t in topics] if topics else None,
                               groups=[self.G[g] for g in groups] if groups else None)
            return a

        def outside(name, kat, plz, ort, land, ebene, scope, activity, topics):
            name = self.claim(self.canonical("akteur", name))
            a = self.new_actor(name, kat, None, ebene, scope, activity, tag="outside",
                               topics=[self.T[t] for t in topics])
            a.plz_out, a.ort_out, a.bundesland_out = plz, ort, land
            return a

        T = ["AUS", "BO", "FKG", "FKS", "WB"]
        add("Industrie- und Handelskammer Cottbus", K_KAMMER, "Cottbus", "Region", bb, 6.5,
            "hub", topics=T + ["GRUEND"], groups=["AZUBI", "KMU", "SUS"])
        add("Handwerkskammer Cottbus", K_KAMMER, "Cottbus", "Region", bb, 5.5, "hub",
            topics=T, groups=["AZUBI", "KMU", "SUS"])
        add("Industrie- und Handelskammer Dresden Geschäftsstelle Görlitz", K_KAMMER,
            "Görlitz", "Region", ("Görlitz",), 7.0, "hub", topics=T, groups=["AZUBI", "KMU"])
        add("Industrie- und Handelskammer Dresden Geschäftsstelle Bautzen", K_KAMMER,
            "Bautzen", "Region", ("Bautzen",), 7.0, "hub", topics=T, groups=["AZUBI", "KMU"])
        add("Handwerkskammer Dresden", K_KAMMER, "Bautzen", "Region", sn, 6.0, "hub",
            topics=["AUS", "BO", "FKS", "WB"], groups=["AZUBI", "KMU", "SUS"])
        add("Agentur für Arbeit Cottbus", K_AA, "Cottbus", "Bund", bb, 6.5, "hub",
            topics=["BO", "USB", "FKG", "WB", "INT", "AUS"], groups=["SUS", "AL", "AZUBI", "RUECK"])
        add("Agentur für Arbeit Bautzen", K_AA, "Bautzen", "Bund", sn, 8.5, "hub",
            topics=["BO", "USB", "FKG", "WB", "INT", "AUS"], groups=["SUS", "AL", "AZUBI", "RUECK"])
        for town, district in (("Senftenberg", "Oberspreewald-Lausitz"),
                               ("Lübben (Spreewald)", "Dahme-Spreewald"),
                               ("Finsterwalde", "Elbe-Elster"), ("Görlitz", "Görlitz")):
            parent = "Cottbus" if ref.state[district] == "Brandenburg" else "Bautzen"
            add(f"Agentur für Arbeit {parent} Geschäftsstelle {town.split(' (')[0]}", K_AA,
                town, "Bund", (district,), 3.2, "hub", topics=["BO", "USB", "AUS", "FKG"],
                groups=["SUS", "AL", "AZUBI"])
        jc = {"Cottbus": ("Jobcenter Cottbus", "Cottbus"),
              "Dahme-Spreewald": ("Jobcenter Dahme-Spreewald", "Lübben (Spreewald)"),
              "Elbe-Elster": ("Jobcenter Elbe-Elster", "Herzberg (Elster)"),
              "Oberspreewald-Lausitz": ("Jobcenter Oberspreewald-Lausitz", "Senftenberg"),
              "Spree-Neiße": ("Jobcenter Spree-Neiße", "Forst (Lausitz)"),
              "Bautzen": ("Jobcenter Landkreis Bautzen", "Bautzen"),
              "Görlitz": ("Jobcenter Landkreis Görlitz", "Görlitz")}
        for district in ref.districts:
            name, town = jc[district]
            add(name, K_JC, town, "Kreis", (district,), 2.4,
                topics=["INT", "WB", "USB", "FKS"], groups=["AL", "LZA", "GEF"])
        for district in ref.districts:
            name = ref.kreis_label[district]
            add(name, K_KOMM, ref.seat[district], "Kreis", (district,), 2.8,
                topics=["FRUEH", "SW", "FKS", "INT", "DEMO"], groups=["ELT", "KITA", "KMU"])
        add("Brandenburgische Technische Universität Cottbus-Senftenberg", K_HS, "Cottbus",
            "Land", bb, 5.0, "bridge", topics=["STUD", "MINT", "GRUEND", "WB", "SW", "DIG"],
            groups=["STUD", "SUS", "KMU", "AUSL"])
        add("Hochschule Zittau/Görlitz", K_HS, "Zittau", "Land", sn, 7.0, "bridge",
            topics=["STUD", "MINT", "GRUEND", "WB", "SW"], groups=["STUD", "SUS", "KMU"])
        add("Technische Hochschule Wildau", K_HS, "Wildau", "Land", ("Dahme-Spreewald",), 3.0,
            first=1, topics=["STUD", "MINT", "DIG", "WB"], groups=["STUD", "SUS", "KMU"])
        add("Staatliche Studienakademie Bautzen", K_HS, "Bautzen", "Land", ("Bautzen",), 2.5,
            first=1, topics=["STUD", "AUS", "FKG"], groups=["STUD", "SUS", "KMU"])
        add("Medizinische Universität Lausitz – Carl Thiem", K_HS, "Cottbus", "Land", bb, 2.5,
            first=1, topics=["GES", "STUD", "FKG"], groups=["STUD", "AZUBI", "AUSL"])
        add("Wirtschaftsregion Lausitz GmbH", K_WF, "Cottbus", "Region", bb, 5.0, "hub",
            topics=["SW", "FKG", "FKS", "GRUEND"], groups=["KMU", "RUECK", "AUSL"])
        add("Sächsische Agentur für Strukturentwicklung GmbH", K_WF, "Görlitz", "Land", sn, 5.0,
            "hub", topics=["SW", "FKG", "GRUEND"], groups=["KMU", "RUECK"])
        add("Wirtschaftsförderung Land Brandenburg GmbH", K_WF, "Cottbus", "Land", bb, 2.5,
            first=1, topics=["FKG", "FKS", "GRUEND", "SW"], groups=["KMU", "AUSL", "BESCH"])
        add("Staatliches Schulamt Cottbus", K_LAND, "Cottbus", "Land", bb, 3.0,
            topics=["BO", "INK", "DIG", "DEMO", "SORB"], groups=["LK", "SUS"])
        add("Landesamt für Schule und Bildung", K_LAND, "Bautzen", "Land", sn, 3.5,
            topics=["BO", "INK", "DIG", "SORB"], groups=["LK", "SUS"])
        outside("Ministerium für Bildung, Jugend und Sport des Landes Brandenburg", K_LAND,
                "14473", "Potsdam", "Brandenburg", "Land", bb, 1.6, ["BO", "DIG", "FRUEH", "INK"])
        outside("Ministerium für Wirtschaft, Arbeit und Energie des Landes Brandenburg", K_LAND,
                "14473", "Potsdam", "Brandenburg", "Land", bb, 1.6, ["SW", "FKS", "FKG", "WB"])
        outside("Sächsisches Staatsministerium für Kultus", K_LAND, "01097", "Dresden",
                "Sachsen", "Land", sn, 1.6, ["BO", "DIG", "INK", "SORB"])
        add("Lausitz Energie Bergbau AG", K_UNT, "Cottbus", "Region", bb, 2.2, "bridge",
            topics=["AUS", "FKG", "SW", "MINT"], groups=["AZUBI", "SUS", "BESCH"])
        add("Domowina – Bund Lausitzer Sorben e.V.", K_VEREIN, "Bautzen", "Region", sn, 3.5,
            "bridge", topics=["SORB", "DEMO", "FRUEH"], groups=["KITA", "SUS", "ELT"])
        add("Stiftung für das sorbische Volk", K_STIFT, "Bautzen", "Land", sn, 2.0,
            first=2, topics=["SORB", "FRUEH"], groups=["KITA", "SUS"])
        add("BASF Schwarzheide GmbH", K_UNT, "Schwarzheide", "Region",
            ("Oberspreewald-Lausitz",), 2.5, first=1, topics=["AUS", "MINT", "FKG"],
            groups=["AZUBI", "SUS"])
        # hidden champions: few memberships, but in the large region-wide networks
        add("Stiftung Lausitzer Bildungszukunft", K_STIFT, "Cottbus", "Region", alld, 0.0,
            "champion", topics=["SW", "MINT", "BO"], groups=["SUS", "LK"])
        add("Lausitzer Zukunftswerkstatt e.V.", K_VEREIN, "Hoyerswerda", "Region", alld, 0.0,
            "champion", topics=["SW", "GRUEND", "FKG"], groups=["RUECK", "STUD"])
        add("Bürgerstiftung Oberlausitz", K_STIFT, "Löbau", "Region", alld, 0.0, "champion",
            topics=["DEMO", "BNE", "SW"], groups=["SUS", "ELT"])
        add("DGB-Region Südbrandenburg/Lausitz", K_SOZ, "Cottbus", "Region", alld, 0.0,
            "champion", topics=["FKS", "SW", "AUS"], groups=["BESCH", "AZUBI"])
        # renamed between 2025 and 2026: keeps its id through an alias line
        a = add(RENAMED_NEW, K_BT, "Spremberg", "Region", ("Spree-Neiße", "Cottbus"), 2.2,
                "renamed", topics=["WB", "INT", "USB"], groups=["AL", "LZA", "GEF"])
        self.claim(RENAMED_OLD)
        a.old_name = RENAMED_OLD
        self.add_alias("akteur", RENAMED_OLD, RENAMED_NEW,
                       "umbenannt 2026 (neuer Name und Rechtsform)")

    # generic names per category; each returns (name, place, extra) or None
    def generic_name(self, kategorie: str) -> tuple[str, _Place, dict]:
        rng = self.rng
        for attempt in range(120):
            if attempt % 4 == 0:       # keep the town for a few name attempts
                muni = self.pick_muni()
            place = self.pick_place(muni)
            district = muni.landkreis
            state = muni.bundesland
            town = muni.name
            kreis = self.ref.kreis_label[district]
            extra = {}
            name = None
            if kategorie == K_SCHULE:
                kinds = (["Oberschule"] * 3 + ["Gymnasium"] * 3 + ["Grundschule"] * 2 +
                         ["Förderschule"])
                kinds += ["Oberstufenzentrum", "Gesamtschule"] if state == "Brandenburg" \
                    else ["Berufliches Schulzentrum"] * 2
                kind = rng.choice(kinds)
                if kind in ("Oberstufenzentrum", "Berufliches Schulzentrum"):
                    extra = {"activity": 1.8, "ebene": "Kreis"}
                    name = rng.choice([f"{kind} {town}", f"{kind} {district}",
                                       f"{kind} für Technik {town}",
                                       f"{kind} für Wirtschaft und Soziales {town}"])
                elif rng.chance(0.45) and kind != "Förderschule":
                    name = f"{rng.choice(HONORS)}-{kind} {town}"
                else:
                    neuter = kind in ("Gymnasium",)
                    name = rng.choice([f"{kind} {town}", f"{kind} {place.ort}",
                                       f"{kind} am Park {town}", f"{kind} Nord {town}",
                                       f"Evangelische{'s' if neuter else ''} {kind} {town}",
                                       f"Freie{'s' if neuter else ''} {kind} {town}"])
                if kind == "Grundschule":
                    extra["topics"] = [self.T[k] for k in ("FRUEH", "INK", "MINT")]
            elif kategorie == K_BT:
                name = rng.choice([
                    f"Volkshochschule {town}", f"Kreisvolkshochschule {district}",
                    f"Bildungswerk der Wirtschaft {town}" if state == "Brandenburg"
                    else f"Bildungswerk der Sächsischen Wirtschaft {town}",
                    f"{rng.choice(REGION_ADJ)} Bildungszentrum {town}",
                    f"Berufsbildungszentrum {town}", f"Bildungsakademie {town}",
                    f"Akademie für Weiterbildung {town}", f"Qualifizierungszentrum {town} gGmbH",
                    f"{rng.choice(REGION_ADJ)} Akademie für Bildung und Beruf",
                    f"Institut für berufliche Bildung {town}", f"Weiterbildungszentrum {town}",
                    f"Sprachschule {town}", f"Bildungsinstitut {rng.choice(REGION_NOUN)} e.V.",
                    f"Überbetriebliches Ausbildungszentrum {town}"])
            elif kategorie == K_UNT:
                branch = rng.choice(BRANCHES)
                name = rng.choice([
                    f"{rng.choice(SURNAMES)} {branch} GmbH",
                    f"{rng.choice(COMPANY_PREFIX)} {branch} GmbH",
                    f"{branch} {town} GmbH",
                    f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)} GmbH",
                    f"{rng.choice(COMPANY_PREFIX)} {branch} GmbH & Co. KG",
                    f"{branch} {rng.choice(SURNAMES)} KG",
                    f"Stadtwerke {town} GmbH", f"Klinikum {town} gGmbH",
                    f"Wohnungsbaugesellschaft {town} mbH"])
                if name.startswith("Klinikum"):
                    extra["topics"] = [self.T["GES"], self.T["AUS"], self.T["FKG"]]
            elif kategorie == K_VEREIN:
                name = rng.choice([
                    f"Kreissportbund {district} e.V.", f"Bürgerverein {town} e.V.",
                    f"Heimatverein {town} e.V.", f"Integrationsverein {town} e.V.",
                    f"Frauenzentrum {town} e.V.", f"Kulturverein {town} e.V.",
                    f"MINT-Verein {town} e.V.", f"Förderverein Bildung {town} e.V.",
                    f"Elternverein {town} e.V.", f"{rng.choice(REGION_ADJ)} Technikverein e.V.",
                    f"Umweltbildungsverein {town} e.V.", f"Seniorenakademie {town} e.V.",
                    f"DRK-Kreisverband {district} e.V.", f"Netzwerk Ehrenamt {town} e.V.",
                    f"Sorbischer Kulturverein {town} e.V."])
            elif kategorie == K_KOMM:
                if rng.chance(0.25):
                    name = rng.choice([f"Bildungsbüro {kreis}", f"Jugendamt {kreis}",
                                       f"Kommunales Integrationszentrum {district}",
                                       f"Schulverwaltungsamt {town}",
                                       f"Integrationsbeauftragte {kreis}"])
                    extra = {"ebene": "Kreis", "activity": 2.0}
                elif muni.einwohner >= 5000:
                    name = f"Stadt {town}"
                    extra = {"activity": 2.2 if muni.raumtyp == "städtisch" else 1.2}
                elif state == "Brandenburg" and rng.chance(0.5):
                    name = f"Amt {town}"
                else:
                    name = f"Gemeinde {town}"
                if name and name_key(name) == name_key("Stadt Cottbus"):
                    name = None
            elif kategorie == K_JH:
                name = rng.choice([
                    f"Kinder- und Jugendhilfe {town} e.V.",
                    f"Jugendhilfe {rng.choice(REGION_NOUN)} gGmbH",
                    f"Kinder- und Jugendring {district}", f"Jugendclub {town}",
                    f"Schulsozialarbeit {town}", f"Jugendmigrationsdienst {town}",
                    f"Jugendberufshilfe {town}", f"Familienzentrum {town}",
                    f"Kinder- und Jugendzentrum {place.ort}", f"Jugendwerkstatt {town} e.V."])
            elif kategorie == K_HS:
                name = rng.choice([
                    "Fraunhofer-Einrichtung für Energieinfrastrukturen und Geothermie IEG",
                    "DLR-Institut für CO2-arme Industrieprozesse",
                    "Deutsches Zentrum für Astrophysik",
                    "Internationales Hochschulinstitut Zittau",
                    "CASUS Center for Advanced Systems Understanding",
                    f"Institut für {rng.choice(RESEARCH_FIELDS)} {rng.choice(REGION_NOUN)}",
                    f"Hochschulcampus {town}", f"Forschungszentrum {town}"])
                extra = {"activity": 2.0}
            elif kategorie == K_KAMMER:
                if state == "Brandenburg":
                    name = rng.choice([
                        f"Industrie- und Handelskammer Cottbus Regionalcenter {town}",
                                       f"Handwerkskammer Cottbus Bildungszentrum {town}"])
                else:
                    name = rng.choice([f"Handwerkskammer Dresden Bildungszentrum {town}",
                        f"Industrie- und Handelskammer Dresden Bildungszentrum {town}"])
                extra = {"activity": 3.0}
            elif kategorie == K_AA:
                parent = "Cottbus" if state == "Brandenburg" else "Bautzen"
                name = f"Agentur für Arbeit {parent} Geschäftsstelle {town.split(' (')[0]}"
                extra = {"activity": 3.0}
            elif kategorie == K_JC:
                label = district if state == "Brandenburg" else f"Landkreis {district}"
                name = f"Jobcenter {label} Standort {town.split(' (')[0]}"
                extra = {"activity": 2.0}
            elif kategorie == K_LAND:
                name = rng.choice([
                    "Polizeidirektion Süd" if state == "Brandenburg"
                    else "Polizeidirektion Görlitz",
                    "Landesamt für Soziales und Versorgung Cottbus",
                    f"Staatliches Schulamt Cottbus Außenstelle {town}" if state == "Brandenburg"
                    else f"Landesamt für Schule und Bildung Standort {town}",
                    f"Landesamt für Umwelt Regionalstelle {town}",
                    f"Landesagentur für Strukturwandel Außenstelle {town}"])
                extra = {"activity": 1.4}
            elif kategorie == K_WF:
                name = rng.choice([
                    f"Wirtschaftsförderung {kreis}", f"Wirtschaftsförderung {town}",
                    "Entwicklungsgesellschaft Energiepark Lausitz GmbH",
                    "Marketing-Gesellschaft Oberlausitz-Niederschlesien mbH",
                    f"Technologie- und Gründerzentrum {town}", f"Gründerzentrum {town}",
                    f"Regionalmanagement {rng.choice(REGION_NOUN)}",
                    f"Zukunftsbüro {town}"])
            elif kategorie == K_STIFT:
                name = rng.choice([
                    f"Bürgerstiftung {town}", f"Sparkassenstiftung {district}",
                    f"Stiftung {rng.choice(REGION_ADJ)} {rng.choice(FOUNDATION_AIMS)}",
                    f"Kinder- und Jugendstiftung {rng.choice(REGION_NOUN)}",
                    f"{rng.choice(SURNAMES)}-Stiftung {town}"])
            elif kategorie == K_SOZ:
                name = rng.choice([
                    f"DGB-Kreisverband {district}", f"IG Metall Geschäftsstelle {town}",
                    f"ver.di Bezirk {rng.choice(REGION_NOUN)}", f"IG BCE Bezirk {town}",
                    "Unternehmerverband Brandenburg-Berlin Geschäftsstelle Cottbus",
                    "Unternehmerverband Sachsen Geschäftsstelle Bautzen",
                    f"Kreishandwerkerschaft {district}",
                    f"Arbeitgeberverband {rng.choice(BRANCHES)} {rng.choice(REGION_NOUN)}"])
            if name and attempt >= 80:
                name = f"{name} {place.ort}" if place.ort not in name else f"{name} II"
            if name and self.free(normalize_name(name)) and (
                    attempt >= 30 or not self.similar(normalize_name(name))):
                return self.claim(name), place, extra
        raise BildungsnetzError(f"Demodaten: keine freien Namen mehr für „{kategorie}“.")

    def generic_actors(self) -> None:
        """Generic actors, entering in waves so that each wave has the categories in the
        proportions of vokabular.csv (anteil); ~5 % of the actors leave after each wave."""
        rng, s = self.rng, self.scale
        sizes = [x * s for x in ACTORS_PER_WAVE]
        fixed = list(self.actors)
        shares = self.ref.shares
        share_sum = sum(shares.get(c, 0) for c in CATEGORIES) or 1.0
        for w in range(3):
            active = [a for a in self.actors if a.first <= w and a.last >= w]
            need = sizes[w] - len(active)
            have = {c: sum(1 for a in active if a.kategorie == c) for c in CATEGORIES}
            deficit = {c: max(0.0, shares.get(c, 0) / share_sum * sizes[w] - have[c])
                       for c in CATEGORIES}
            total = sum(deficit.values()) or 1.0
            quota = {c: deficit[c] / total * need for c in CATEGORIES}
            counts = {c: int(quota[c]) for c in CATEGORIES}
            rest = need - sum(counts.values())
            for c in sorted(CATEGORIES, key=lambda c: (-(quota[c] - counts[c]), c))[:rest]:
                counts[c] += 1
            cats = [c for c in CATEGORIES for _ in range(counts[c])]
            rng.shuffle(cats)
            for kat in cats:
                name, place, extra = self.generic_name(kat)
                self.new_actor(name, kat, place, ebene=extra.get("ebene"),
                               activity=extra.get("activity"), first=w,
                               topics=extra.get("topics"))
            if w < 2:   # leavers after this wave: generic actors only
                pool = [a for a in self.actors if not a.tag and a.first <= w and a.last >= w
                        and a not in fixed]
                for a in rng.sample(pool, round(0.05 * sizes[w])):
                    a.last = w
        # levels: a few deviate from the category default, as in real answers
        for a in self.actors:
            if not a.tag and rng.chance(0.12):
                a.ebene = rng.choice(["Region", "Kreis", "Kommune"])
            a.consent = True
        pool = [a for a in self.actors if not a.tag and a.kategorie not in (K_KAMMER, K_AA, K_JC)]
        for a in rng.sample(pool, round(0.08 * len(self.actors))):
            a.consent = False
        for a in self.actors:
            a.phone = self.phone(a)

    # -- networks -------------------------------------------------------------------------------
    def network(self, name, typ, landkreis, topics, groups, size, lead, first=0, last=2,
                known=False, town="", special="", coord=None) -> _Network:
        name = self.claim(self.canonical("netzwerk", name), "netzwerk")
        net = _Network(len(self.networks), name, typ, landkreis, town,
                       [self.T[t] for t in topics], [self.G[g] for g in groups], size, first,
                       last, tuple(lead), known, special)
        if coord:
            key = name_key(self.canonical("akteur", coord))
            net.coord = next(a.idx for a in self.actors if name_key(a.name) == key)
        self.networks.append(net)
        return net

    def known_networks(self) -> None:
        s = self.scale
        big = max(1.0, s ** 0.5)
        N = self.network
        N("Kompetenzregion Lausitz", "Netzwerk", REGION_WIDE, ["FKG", "WB", "AUS", "BO"],
          ["BESCH", "KMU", "AZUBI", "SUS"], round(80 * big), (K_WF,), known=True,
          special="central", coord="Wirtschaftsregion Lausitz GmbH")
        for ag, topics, groups, coord in (
                ("Berufsorientierung", ["BO", "USB", "STUD"], ["SUS", "LK", "ELT"],
                 "Agentur für Arbeit Cottbus"),
                ("Ausbildung", ["AUS", "FKG"], ["AZUBI", "KMU"], "Handwerkskammer Cottbus"),
                ("Weiterbildung", ["WB", "DIG", "FKS"], ["BESCH", "AL", "KMU"],
                 "Industrie- und Handelskammer Cottbus"),
                ("Fachkräftegewinnung", ["FKG", "FKS", "SW"], ["RUECK", "AUSL", "KMU"],
                 "Agentur für Arbeit Bautzen")):
            N(f"Kompetenzregion Lausitz – AG {ag}", "AG", REGION_WIDE, topics, groups,
              round(17 * big), (K_KAMMER, K_AA, K_HS, K_BT), known=True, coord=coord)
        N("WRL-Werkstatt 1 Unternehmen, Wirtschaftsentwicklung, Fachkräftesicherung",
          "Werkstatt", REGION_WIDE, ["FKS", "FKG", "SW", "GRUEND"], ["KMU", "BESCH", "RUECK"],
          round(70 * big), (K_WF,), known=True, special="central",
          coord="Wirtschaftsregion Lausitz GmbH")
        N("NetzwerkZukunft", "Netzwerk", REGION_WIDE, ["BO", "USB", "MINT"], ["SUS", "LK", "KMU"],
          round(62 * big), (K_VEREIN, K_KAMMER), known=True, special="central",
          coord="Industrie- und Handelskammer Cottbus")
        for district in ("Oberspreewald-Lausitz", "Spree-Neiße", "Elbe-Elster",
                         "Dahme-Spreewald"):
            planted = district == "Oberspreewald-Lausitz"   # duplicates the AK SCHULEWIRTSCHAFT
            N(f"NetzwerkZukunft Regionalarbeitskreis {district}", "Arbeitskreis", district,
              ["BO", "USB", "AUS"] if planted else ["BO", "MINT", "DIG"],
              ["SUS", "LK", "KMU"] if planted else ["SUS", "LK", "ELT"], 10,
              (K_SCHULE, K_UNT, K_KAMMER), known=True, special="dupA" if planted else "")
        N("AG Berufsorientierung im Landkreis Dahme-Spreewald", "AG", "Dahme-Spreewald",
          ["BO", "USB"], ["SUS", "ELT", "LK"], 13, (K_KOMM,), known=True,
          coord="Landkreis Dahme-Spreewald")
        N("UNIverselle Frühstück", "Netzwerktreffen", "Cottbus", ["GRUEND", "STUD", "SW"],
          ["STUD", "KMU"], 20, (K_HS,), known=True, town="Cottbus",
          coord="Brandenburgische Technische Universität Cottbus-Senftenberg")
        for district in self.ref.districts:
            N(f"Arbeitskreis SCHULEWIRTSCHAFT {district}", "Arbeitskreis", district,
              ["BO", "USB", "AUS"], ["SUS", "LK", "KMU"], 12, (K_KAMMER, K_AA, K_UNT),
              special="dupB" if district == "Oberspreewald-Lausitz" else "")
            self.add_alias("netzwerk", f"AK SCHULEWIRTSCHAFT {district}",
                           f"Arbeitskreis SCHULEWIRTSCHAFT {district}", "Abkürzung")
        N("MINT-Netzwerk Landkreis Bautzen", "Netzwerk", "Bautzen", ["MINT", "DIG", "STUD"],
          ["SUS", "LK", "STUD"], 13, (K_HS, K_SCHULE), special="dupA")
        N("MINT-Initiative Bautzen", "Initiative", "Bautzen", ["MINT", "DIG", "BO"],
          ["SUS", "LK"], 10, (K_VEREIN, K_SCHULE), special="dupB")
        N("Bildungsnetzwerk Oberlausitz", "Netzwerk", "Görlitz", ["SW", "USB", "WB", "SORB"],
          ["SUS", "BESCH", "LK"], 18, (K_KOMM, K_BT), coord="Landkreis Görlitz")
        N("Netzwerk Sorbische Bildung", "Netzwerk", REGION_WIDE, ["SORB", "FRUEH"],
          ["KITA", "SUS", "LK"], round(16 * big), (K_STIFT, K_VEREIN),
          coord="Domowina – Bund Lausitzer Sorben e.V.")
        N("MINT-Netzwerk Lausitz", "Netzwerk", REGION_WIDE, ["MINT", "STUD", "DIG"],
          ["SUS", "LK", "STUD"], round(24 * big), (K_HS,), first=1,
          coord="Hochschule Zittau/Görlitz")
        N("Gründungsnetzwerk Lausitz", "Netzwerk", REGION_WIDE, ["GRUEND", "SW"],
          ["STUD", "KMU", "RUECK"], round(18 * big), (K_WF, K_HS),
          coord="Sächsische Agentur für Strukturentwicklung GmbH")
        N("Lausitzer Fachkräftenetzwerk Gesundheit und Pflege", "Netzwerk", REGION_WIDE,
          ["GES", "AUS", "FKG"], ["AZUBI", "AUSL", "BESCH"], round(15 * big), (K_BT, K_UNT),
          first=2, coord="Medizinische Universität Lausitz – Carl Thiem")
        for variant, canon in (("Werkstatt 1 der WRL", "WRL-Werkstatt 1 Unternehmen, "
                                "Wirtschaftsentwicklung, Fachkräftesicherung"),
                               ("Lausitzer Bildungsnetzwerk Oberlausitz",
                                "Bildungsnetzwerk Oberlausitz"),
                               ("MINT Netzwerk BZ", "MINT-Netzwerk Landkreis Bautzen"),
                               ("Sorbisches Bildungsnetzwerk", "Netzwerk Sorbische Bildung")):
            self.add_alias("netzwerk", variant, self.canonical("netzwerk", canon),
                           "Kurzform" if len(variant) < len(canon) else "Schreibvariante")

    TEMPLATES = [
        # name, typ, level (district/town), topics, groups, lead categories, median size
        ("Lokales Bündnis für Familie {town}", "Bündnis", "town", ["FRUEH", "FKS"],
         ["ELT", "FRAU", "KITA"], (K_KOMM,), 8),
        ("Netzwerk Integration {town}", "Netzwerk", "town", ["INT", "SORB"], ["GEF", "AUSL"],
         (K_KOMM, K_VEREIN, K_BT), 9),
        ("Regionales Fachkräftebündnis {district}", "Bündnis", "district_bb",
         ["FKG", "FKS", "WB"], ["KMU", "BESCH", "AUSL"], (K_WF, K_KOMM), 12),
        ("Fachkräfteallianz Landkreis {district}", "Gremium", "district_sn",
         ["FKG", "FKS", "WB"], ["KMU", "BESCH", "AUSL"], (K_WF, K_KOMM), 12),
        ("Jugendberufsagentur {district}", "Gremium", "district", ["USB", "BO", "AUS"],
         ["SUS", "OHNE", "AZUBI"], (K_AA, K_JC), 7),
        ("Netzwerk Frühe Bildung {town}", "Netzwerk", "town", ["FRUEH", "INK"],
         ["KITA", "ELT"], (K_KOMM, K_JH), 7),
        ("Arbeitskreis Schulsozialarbeit {district}", "Arbeitskreis", "district",
         ["INK", "DEMO", "USB"], ["SUS", "OHNE", "ELT"], (K_JH,), 9),
        ("Netzwerk Weiterbildung {district}", "Netzwerk", "district", ["WB", "DIG", "FKS"],
         ["BESCH", "AL", "FRAU"], (K_BT,), 10),
        ("Lokale Partnerschaft für Demokratie {town}", "Bündnis", "town", ["DEMO", "INT"],
         ["SUS", "GEF"], (K_KOMM, K_JH), 8),
        ("Runder Tisch Ausbildung {town}", "Gremium", "town", ["AUS", "FKG"],
         ["AZUBI", "KMU"], (K_KAMMER, K_KOMM), 7),
        ("Pflegeausbildungsverbund {district}", "Verbund", "district", ["GES", "AUS"],
         ["AZUBI", "KMU", "AUSL"], (K_BT, K_UNT), 8),
        ("Rückkehrerinitiative {district}", "Initiative", "district", ["FKG", "SW"],
         ["RUECK", "KMU"], (K_WF, K_KOMM), 7),
        ("Netzwerk Inklusion {district}", "Netzwerk", "district", ["INK", "USB"],
         ["BEH", "SUS"], (K_KOMM, K_JH), 8),
        ("Arbeitskreis Studien- und Berufsorientierung {district}", "Arbeitskreis", "district",
         ["STUD", "BO"], ["SUS", "LK"], (K_HS, K_SCHULE), 9),
        ("Netzwerk Bildung für nachhaltige Entwicklung {district}", "Netzwerk", "district",
         ["BNE", "DEMO"], ["SUS", "LK", "KITA"], (K_VEREIN, K_STIFT), 8),
        ("Digitalisierungsnetzwerk {district}", "Netzwerk", "district", ["DIG", "WB"],
         ["LK", "BESCH", "KMU"], (K_HS, K_WF), 9),
        ("Arbeitsmarktkonferenz {district}", "Gremium", "district", ["FKS", "WB", "INT"],
         ["AL", "LZA", "BESCH"], (K_JC, K_AA), 10),
        ("Ausbildungsverbund {town}", "Verbund", "town", ["AUS", "MINT"], ["AZUBI", "KMU"],
         (K_UNT, K_KAMMER), 7),
        ("Netzwerk Arbeit und Teilhabe {district}", "Netzwerk", "district", ["FKS", "INK"],
         ["LZA", "AL", "BEH"], (K_JC,), 8),
        ("Strukturwandel-Forum Bildung {district}", "Forum", "district", ["SW", "FKG", "WB"],
         ["BESCH", "KMU"], (K_WF, K_KOMM), 11),
        ("Stammtisch Personalentwicklung {town}", "Stammtisch", "town", ["FKS", "FKG"],
         ["KMU", "BESCH"], (K_UNT, K_WF), 6),
        ("Kreisschulbeirat {district}", "Gremium", "district", ["BO", "INK", "DIG"],
         ["SUS", "ELT", "LK"], (K_KOMM,), 8),
        ("Netzwerk Frauen in MINT {district}", "Netzwerk", "district", ["MINT", "FKG"],
         ["FRAU", "STUD"], (K_HS, K_VEREIN), 7),
        ("Gesundheitsnetzwerk {town}", "Netzwerk", "town", ["GES", "FKG"],
         ["BESCH", "AZUBI"], (K_UNT, K_KOMM), 7),
        ("Sprachförderung {town}", "Arbeitskreis", "town", ["SORB", "INT", "FRUEH"],
         ["KITA", "GEF"], (K_BT, K_JH), 6),
        ("Elternnetzwerk {town}", "Netzwerk", "town", ["USB", "DEMO"], ["ELT", "SUS"],
         (K_JH, K_SCHULE), 6),
    ]

    def invented_networks(self) -> None:
        rng, s = self.rng, self.scale
        targets = [x * s for x in NETWORKS_PER_WAVE]
        end1, end2 = round(0.05 * targets[0]), round(0.05 * targets[1])
        known = list(self.networks)
        have = [sum(1 for n in known if n.active(w)) for w in range(3)]
        # invented networks per entry wave
        need0 = targets[0] - have[0]
        need1 = targets[1] - (targets[0] - end1) - (have[1] - have[0])
        need2 = targets[2] - (targets[1] - end2) - (have[2] - have[1])
        entries = [0] * need0 + [1] * need1 + [2] * need2
        towns = [m for m in self.ref.munis if m.einwohner >= 4000]
        made = []
        for first in entries:
            for attempt in range(200):
                tpl = rng.choice(self.TEMPLATES)
                name, typ, level, topics, groups, lead, median = tpl
                if level == "town":
                    muni = rng.weighted(towns, [self.muni_weight[id(m)] for m in towns])
                    district, town = muni.landkreis, muni.name
                    label = town.split(" (")[0]
                else:
                    pool = {"district_bb": self.bb, "district_sn": self.sn}.get(
                        level, self.ref.districts)
                    district, town = rng.choice(pool), ""
                    label = district
                full = name.format(town=label, district=label)
                if attempt > 150:
                    full = f"{full} {rng.choice(['Nord', 'Süd', 'Ost', 'West', 'Mitte'])}"
                if attempt > 180:
                    full = f"{full} {attempt}"
                if not self.free(normalize_name(full), "netzwerk"):
                    continue
                size = int(round(math.exp(rng.gauss(math.log(median), 0.42))))
                size = max(4, min(size, 24))
                topic_keys = list(topics)
                if rng.chance(0.5):
                    topic_keys.append(rng.choice(list(TOPIC_KEYS)))
                topic_keys = _unique(topic_keys)[: rng.randint(1, 4)] or topics[:1]
                group_keys = _unique(list(groups) + ([rng.choice(list(GROUP_KEYS))]
                                                     if rng.chance(0.4) else []))
                group_keys = group_keys[: rng.randint(1, 4)] or groups[:1]
                made.append(self.network(full, typ, district, topic_keys, group_keys, size,
                                         lead, first=first, town=town))
                break
        # networks that end: invented only, not planted
        pool0 = [n for n in made if n.first == 0]
        for n in rng.sample(pool0, end1):
            n.last = 0
        pool1 = [n for n in made if n.first <= 1 and n.last >= 1]
        for n in rng.sample(pool1, end2):
            n.last = 1
        # every topic and target group occurs
        for values, attr in ((list(self.T.values()), "topics"), (list(self.G.values()), "groups")):
            used = {v for n in self.networks for v in getattr(n, attr)}
            for v in values:
                if v not in used:
                    n = rng.choice(made)
                    getattr(n, attr).append(v)
                    del getattr(n, attr)[:-4]
        # free-text-only networks of 2024 (named by respondents, not in the register)
        small0 = [n for n in made if n.first == 0 and n.base_size <= 6 and n.town]
        for n in rng.sample(small0, min(len(small0), 3 * s)):
            n.freetext_2024 = True

    # -- memberships ------------------------------------------------------------------------------
    def weight(self, a: _Actor, n: _Network) -> float:
        if a.activity <= 0:
            return 0.0
        if n.landkreis == REGION_WIDE:
            geo = 1.0
        elif n.landkreis in a.scope:
            geo = 1.0
            if n.town:
                geo = 4.0 if a.place and a.place.gemeinde == n.town else 0.35
        else:
            return 0.0
        at, ag = self._sets[("a", a.idx)]
        nt, ng = self._sets[("n", n.idx)]
        overlap = len(at & nt) + 0.5 * len(ag & ng)
        lead = 1.3 if a.kategorie in n.lead else 1.0
        if n.special == "central":     # the big region-wide networks gather the active ones
            geo *= a.activity
        return a.activity * geo * (1.0 + 0.9 * overlap) * lead

    def candidates(self, w: int, landkreis: str) -> list[_Actor]:
        """Active actors that can be drawn into a network of this area (weight > 0)."""
        key = (w, landkreis)
        if key not in self._pools:
            self._pools[key] = [a for a in self.actors if a.active(w) and a.activity > 0 and (
                landkreis == REGION_WIDE or landkreis in a.scope)]
        return self._pools[key]

    def draw(self, n: _Network, w: int, k: int, exclude) -> list[int]:
        pool = [a for a in self.candidates(w, n.landkreis) if a.idx not in exclude]
        weights = [self.weight(a, n) for a in pool]
        return [a.idx for a in self.rng.weighted_sample(pool, weights, k)]

    def memberships(self) -> None:
        rng = self.rng
        self._sets = {("a", a.idx): (frozenset(a.topics), frozenset(a.groups))
                      for a in self.actors}
        self._sets.update({("n", n.idx): (frozenset(n.topics), frozenset(n.groups))
                           for n in self.networks})
        for w in range(3):
            for n in self.networks:
                if not n.active(w) or n.special == "dupB":
                    continue
                growth = 1.0 + 0.07 * (w - n.first)
                if n.special == "central":   # the big ones grow with the landscape
                    growth = (ACTORS_PER_WAVE[w] / ACTORS_PER_WAVE[n.first]) ** 0.6
                target = max(3, int(round(n.base_size * growth * (0.9 + 0.2 * rng.random()))))
                members = {}
                if w > 0 and n.active(w - 1) and n.members.get(w - 1):
                    for aidx, role in n.members[w - 1].items():
                        if self.actors[aidx].active(w) and rng.chance(0.9):
                            members[aidx] = role
                if n.coord is not None and self.actors[n.coord].active(w):
                    members.setdefault(n.coord, "Mitglied")
                for aidx in self.draw(n, w, max(0, target - len(members)), members):
                    members[aidx] = "Mitglied"
                n.members[w] = members
            self.cross_district(w)
            self.duplicates(w)
            self.bridges(w)
            self.champions(w)
            self.repair(w)
            self.no_isolates(w)
            self.roles(w)

    def cross_district(self, w: int) -> None:
        """A few members from a neighbouring district of the same state (not across states)."""
        rng = self.rng
        for n in self.networks:
            if not n.active(w) or n.landkreis == REGION_WIDE or n.special or not rng.chance(0.3):
                continue
            state = self.ref.state.get(n.landkreis)
            if (w, state) not in self._pools:
                self._pools[(w, state)] = [
                    a for a in self.actors if a.active(w) and a.activity > 0 and a.place
                    and a.place.bundesland == state and a.tag != "bridge"]
            pool = [a for a in self._pools[(w, state)] if a.landkreis != n.landkreis
                    and a.idx not in n.members[w]]
            if pool:
                pick = rng.weighted(pool, [a.activity for a in pool])
                n.members[w][pick.idx] = "Mitglied"

    def duplicates(self, w: int) -> None:
        """Planted duplicate structures: network B (same district) takes ~78 % of A's members
        plus a few of its own, so that the Jaccard index of the two is about 0.6–0.7."""
        rng = self.rng
        for a in self.networks:
            if a.special != "dupA" or not a.active(w):
                continue
            b = next(x for x in self.networks if x.special == "dupB"
                     and x.landkreis == a.landkreis)
            ma = list(a.members[w])
            shared = rng.sample(ma, max(3, int(round(0.78 * len(ma)))))
            members = {i: "Mitglied" for i in shared}
            own = max(1, int(round(0.18 * len(ma))))
            for i in self.draw(b, w, own, set(ma)):
                members[i] = "Mitglied"
            b.members[w] = members

    def bridges(self, w: int) -> None:
        """Bridge actors: member of at least two district networks in each state."""
        rng = self.rng
        for a in self.actors:
            if a.tag != "bridge" or not a.active(w):
                continue
            for state in ("Brandenburg", "Sachsen"):
                nets = [n for n in self.networks if n.active(w) and not n.special
                        and n.landkreis != REGION_WIDE and not n.town
                        and self.ref.state.get(n.landkreis) == state]
                have = [n for n in nets if a.idx in n.members[w]]
                if len(have) >= 2:
                    continue
                cand = [n for n in nets if a.idx not in n.members[w]]
                weights = [1.0 + sum(1 for t in a.topics if t in n.topics) for n in cand]
                for n in rng.weighted_sample(cand, weights, 2 - len(have)):
                    n.members[w][a.idx] = "Mitglied"

    def central(self, w: int) -> list[_Network]:
        return sorted([n for n in self.networks if n.special == "central" and n.active(w)],
                      key=lambda n: n.idx)

    def champions(self, w: int) -> None:
        rng = self.rng
        champs = [a for a in self.actors if a.tag == "champion" and a.active(w)]
        big = self.central(w)
        for a in champs:
            for n in self.networks:
                n.members.get(w, {}).pop(a.idx, None)
            for n in rng.sample(big, 3):
                n.members[w][a.idx] = "Mitglied"

    def repair(self, w: int) -> None:
        """No accidental duplicate structures: two networks of the same area that are not a
        planted pair stay below member Jaccard 0.4, and below 0.25 if their topics and target
        groups are alike too (mean Jaccard >= 0.5)."""
        planted = {}
        for n in self.networks:
            if n.special in ("dupA", "dupB"):
                planted[n.idx] = n.landkreis
        by_area: dict[str, list] = {}
        for n in self.networks:
            if n.active(w):
                by_area.setdefault(n.landkreis, []).append(n)
        protected = {a.idx for a in self.actors if a.tag in ("bridge", "champion")}
        for area, nets in by_area.items():
            for _ in range(6):
                changed = False
                for i in range(len(nets)):
                    for j in range(i + 1, len(nets)):
                        x, y = nets[i], nets[j]
                        if x.idx in planted and y.idx in planted:
                            continue
                        mx, my = x.members[w], y.members[w]
                        limit = 0.25 if self.alike(x, y) else 0.4
                        if _jaccard(mx, my) < limit:
                            continue
                        small = x if len(mx) <= len(my) else y
                        other = y if small is x else x
                        if small.idx in planted:
                            small, other = other, small
                        self.thin(small, other, w, protected, limit - 0.03)
                        changed = True
                if not changed:
                    break

    def alike(self, x: _Network, y: _Network) -> bool:
        """Topics and target groups overlap at least half (mean Jaccard)."""
        xt, xg = self._sets[("n", x.idx)]
        yt, yg = self._sets[("n", y.idx)]
        return (_jaccard(xt, yt) + _jaccard(xg, yg)) / 2 >= 0.5

    def thin(self, small: _Network, other: _Network, w: int, protected, target: float) -> None:
        ms, mo = small.members[w], other.members[w]
        guard = 0
        while _jaccard(ms, mo) >= target and guard < 40:
            guard += 1
            shared = [i for i in ms if i in mo and i not in protected]
            if not shared:
                break
            drop = shared[self.rng.below(len(shared))]
            del ms[drop]
            repl = self.draw(small, w, 1, set(ms) | set(mo))
            if repl:
                ms[repl[0]] = "Mitglied"

    def no_isolates(self, w: int) -> None:
        rng = self.rng
        count = {}
        for n in self.networks:
            if n.active(w):
                for i in n.members[w]:
                    count[i] = count.get(i, 0) + 1
        for a in self.actors:
            if not a.active(w) or count.get(a.idx):
                continue
            nets = [n for n in self.networks if n.active(w) and not n.special
                    and (n.landkreis in a.scope) and (not n.freetext_2024 or w > 0)]
            if not nets:
                nets = [n for n in self.networks if n.active(w) and n.landkreis == REGION_WIDE
                        and not n.special]
            weights = [(4.0 if a.place and n.town == a.place.gemeinde else 1.0) *
                       (1 + sum(1 for t in a.topics if t in n.topics)) /
                       (1 + len(n.members[w]) / 10) for n in nets]
            n = rng.weighted(nets, weights)
            n.members[w][a.idx] = "Mitglied"

    def roles(self, w: int) -> None:
        rng = self.rng
        for n in self.networks:
            if not n.active(w):
                continue
            members = n.members[w]
            if n.freetext_2024 and w == 0:
                for i in members:
                    members[i] = "Mitglied"
                n.koordination[w] = None
                continue
            prev = n.koordination.get(w - 1)
            if n.coord is not None and n.coord in members:
                coord = n.coord
            elif prev is not None and prev in members and rng.chance(0.92):
                coord = prev
            else:
                cand = [i for i in members if self.actors[i].tag != "champion"]
                weights = [(25.0 if self.actors[i].kategorie in n.lead else 1.0) *
                           (self.actors[i].activity + 0.5) for i in cand]
                coord = rng.weighted(cand, weights)
            n.koordination[w] = coord
            for i in list(members):
                if members[i] == "Leitung" and i != coord and rng.chance(0.5):
                    members[i] = "Mitglied"
            members[coord] = "Leitung"
            hosts = [i for i in members if members[i] == "Gastgeber"]
            want = 0 if len(members) < 6 else (1 if len(members) < 15 else 2)
            cand = [i for i in members if members[i] == "Mitglied"]
            for i in rng.sample(cand, max(0, want - len(hosts))):
                members[i] = "Gastgeber"
            if len(members) >= 12 and rng.chance(0.3):
                cand = [i for i in members if members[i] == "Mitglied"]
                if cand:
                    members[rng.choice(cand)] = "Leitung"

    # -- planted new connections -----------------------------------------------------------------
    def partners(self, w: int) -> dict[int, set]:
        out: dict[int, set] = {}
        for n in self.networks:
            if n.active(w):
                ids = sorted(n.members[w])
                for i in ids:
                    out.setdefault(i, set()).update(ids)
        for i in out:
            out[i].discard(i)
        return out

    def topics_of(self, w: int) -> dict[int, set]:
        out: dict[int, set] = {}
        for n in self.networks:
            if n.active(w):
                for i in n.members[w]:
                    out.setdefault(i, set()).update(n.topics)
        return out

    def stays_distinct(self, n: _Network, new_member: int, w: int) -> bool:
        """Adding a member keeps n clear of the duplicate-structure limits of repair()."""
        grown = set(n.members[w]) | {new_member}
        for m in self._by_area.get((w, n.landkreis), ()):
            if m.idx == n.idx:
                continue
            limit = 0.25 if self.alike(n, m) else 0.4
            if _jaccard(grown, m.members[w]) >= limit - 0.02:
                return False
        return True

    def plant_new_connections(self) -> list[dict]:
        rng = self.rng
        planted = []
        self._by_area = {}
        for n in self.networks:
            for w in range(3):
                if n.active(w):
                    self._by_area.setdefault((w, n.landkreis), []).append(n)
        for w in (1, 2):
            before = self.partners(w - 1)
            topics = self.topics_of(w - 1)
            now = self.partners(w)
            cand = [a for a in self.actors if a.active(w - 1) and a.active(w) and not a.tag
                    and a.place]
            rng.shuffle(cand)
            chosen = 0
            want = 6 * self.scale
            used = set()
            for a in cand:
                if chosen >= want:
                    break
                if a.idx in used:
                    continue
                options = []
                for b in cand:
                    if b.idx <= a.idx or b.idx in used or b.landkreis != a.landkreis:
                        continue
                    if b.idx in before.get(a.idx, ()) or b.idx in now.get(a.idx, ()):
                        continue
                    common = before.get(a.idx, set()) & before.get(b.idx, set())
                    shared = topics.get(a.idx, set()) & topics.get(b.idx, set())
                    if len(common) >= 1 and len(shared) >= 2:
                        options.append(b)
                if not options:
                    continue
                b = options[rng.below(len(options))]
                nets = [n for n in self.networks if n.active(w) and a.idx in n.members[w]
                        and not n.special and n.landkreis != REGION_WIDE
                        and self.stays_distinct(n, b.idx, w)]
                if not nets:
                    continue
                n = nets[rng.below(len(nets))]
                n.members[w][b.idx] = "Mitglied"
                used.update((a.idx, b.idx))
                for i in n.members[w]:
                    if i != b.idx:
                        now.setdefault(i, set()).add(b.idx)
                        now.setdefault(b.idx, set()).add(i)
                chosen += 1
                first, second = sorted((a, b), key=lambda x: stable_id("A", x.name))
                common = sorted(before[a.idx] & before[b.idx])
                shared = sorted(topics[a.idx] & topics[b.idx])
                planted.append({
                    "von_welle": WAVES[w - 1], "welle": WAVES[w],
                    "akteur_a": first.name, "akteur_a_id": stable_id("A", first.name),
                    "akteur_b": second.name, "akteur_b_id": stable_id("A", second.name),
                    "ueber_netzwerk": n.name, "netzwerk_id": stable_id("N", n.name),
                    "landkreis": a.landkreis,
                    "gemeinsame_partner_vorher": len(common),
                    "gemeinsame_themen_vorher": [normalize_name(t) for t in shared]})
        return planted

    # -- cooperations ------------------------------------------------------------------------------
    def cooperations(self, w: int, previous: list | None) -> list[tuple[int, int, int]]:
        rng = self.rng
        partners = self.partners(w)
        out: dict[tuple, int] = {}
        if previous:
            for von, an, level in previous:
                if self.actors[von].active(w) and self.actors[an].active(w) and rng.chance(0.7):
                    out[(von, an)] = level
        active = [a for a in self.actors if a.active(w)]
        by_district: dict[str, list] = {}
        for a in active:
            by_district.setdefault(a.landkreis, []).append(a)
        # hidden champions are named as partner by many, above all by the hubs
        for c in [a for a in active if a.tag == "champion"]:
            pool = [a for a in active if a.idx != c.idx and a.tag != "champion"]
            weights = [a.activity ** 2 + 0.05 for a in pool]
            for a in rng.weighted_sample(pool, weights, 11 + rng.below(5)):
                out[(a.idx, c.idx)] = rng.weighted([2, 3], [0.5, 0.5])
        target = round(1.5 * len(active))
        order = list(active)
        rng.shuffle(order)
        pos = 0
        guard = 0
        while len(out) < target and guard < 20 * target:
            guard += 1
            a = order[pos % len(order)]
            pos += 1
            if rng.chance(0.35):
                continue
            if rng.chance(0.78) and partners.get(a.idx):
                cand = sorted(partners[a.idx])
                b = self.actors[rng.weighted(cand, [self.actors[i].activity + 0.3 for i in cand])]
            else:
                pool = by_district.get(a.landkreis) or active
                b = rng.choice(pool)
            if b.idx == a.idx or (a.idx, b.idx) in out:
                continue
            out[(a.idx, b.idx)] = rng.weighted([1, 2, 3], [0.45, 0.35, 0.2])
        return [(von, an, level) for (von, an), level in out.items()]


def _unique(items: list) -> list:
    out = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _jaccard(a, b) -> float:
    if not a or not b:
        return 0.0
    inter = sum(1 for i in a if i in b)
    return inter / (len(a) + len(b) - inter)


def _fold(name: str) -> str:
    """Matching form for near-duplicate checks (as the cleaning's fuzzy review uses)."""
    text = name_key(name)
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def _ascii(text: str) -> str:
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("Ä", "Ae"),
                     ("Ö", "Oe"), ("Ü", "Ue"), ("é", "e")):
        text = text.replace(src, dst)
    return re.sub(r"[^A-Za-z0-9.-]", "", text)


# ---------------------------------------------------------------------------------------------
# rendering: the raw files of each wave, with the messiness of real survey data
# ---------------------------------------------------------------------------------------------

OUTSIDE_PLZ = [("04109", "Leipzig"), ("10115", "Berlin"), ("01067", "Dresden"),
               ("14467", "Potsdam")]
MISSPELL = [("ü", "u"), ("ö", "o"), ("ä", "a"), ("tt", "t"), ("ss", "s"), ("rr", "r"),
            ("ee", "e"), ("erg", "erk"), ("au", "ua"), ("en", "n")]


@dataclass
class _Rows:
    """The raw rows of one wave before serialisation, plus what was planted."""

    akteure: list = field(default_factory=list)           # dicts (tidy columns)
    netzwerke: list = field(default_factory=list)
    mitgliedschaften: list = field(default_factory=list)
    kooperationen: list = field(default_factory=list)
    varianten: list = field(default_factory=list)
    unscharf: list = field(default_factory=list)
    orte: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


class _Renderer:
    def __init__(self, gen: _Generator):
        self.gen = gen
        self.rng = gen.rng
        self.ref = gen.ref
        self.alias_variants: dict[tuple, list] = {}
        rows = list(gen.ref.alias_rows) + list(gen.demo_aliases)
        for row in sorted(rows, key=lambda r: (r["art"], r["kanonisch"], r["variante"])):
            art = row["art"].casefold()
            canon = gen.canonical(art, row["kanonisch"])
            self.alias_variants.setdefault((art, name_key(canon)), []).append(
                normalize_name(row["variante"]))

    # -- variants ---------------------------------------------------------------------------------
    def key_variant(self, name: str, nfd: bool = True) -> str:
        rng = self.rng
        for _ in range(12):
            kind = rng.below(6)
            words = name.split(" ")
            if kind == 0:
                variant = name.lower()
            elif kind == 1 and len(words) > 1:
                i = rng.below(len(words) - 1)
                variant = " ".join(words[: i + 1]) + "  " + " ".join(words[i + 1:])
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
        options = [v for v in self.alias_variants.get((art, name_key(name)), [])
                   if _enc_ok(v, cp1252)]
        if not options:
            return None
        return options[self.rng.below(len(options))]

    def fuzzy_variant(self, name: str) -> str | None:
        if not any(c in name for c in "äöüÄÖÜß"):
            return None
        variant = _ascii_keep(name)
        if name_key(variant) == name_key(name) or not self.gen.free(variant):
            return None
        return variant

    def vocab_value(self, art: str, value: str, p_variant: float, cp1252: bool = False) -> str:
        variants = [v for v in self.ref.vocab_variants.get((art, value), []) if _enc_ok(v, cp1252)]
        if variants and self.rng.chance(p_variant):
            return variants[self.rng.below(len(variants))]
        return value

    def district_value(self, district: str, p_variant=0.3, p_empty=0.12, cp1252=False) -> str:
        rng = self.rng
        if not district:
            return ""
        if district == REGION_WIDE:
            return rng.choice(["Lausitz", "Lausitz", "Lausitz", "lausitzweit", "gesamte Lausitz"])
        if rng.chance(p_empty):
            return ""
        variants = [v for v in self.ref.district_variants.get(district, []) if _enc_ok(v, cp1252)]
        if variants and rng.chance(p_variant):
            return variants[rng.below(len(variants))]
        return district

    def note(self, rows: _Rows, tabelle: str, art: str, variante: str, kanonisch: str,
             aufloesung: str) -> None:
        entry = {"tabelle": tabelle, "art": art, "variante": variante,
                 "kanonisch": kanonisch,
                 "id": stable_id("A" if art == "akteur" else "N", kanonisch),
                 "aufloesung": aufloesung}
        if entry not in rows.varianten:
            rows.varianten.append(entry)

    def actor_ref(self, rows: _Rows, tabelle: str, actor: _Actor, w: int, p_key=0.03,
                  p_alias=0.04, nfd=True) -> str:
        """How a table refers to an actor: canonical name, or a resolvable variant."""
        name = actor.name_in(w)
        rng = self.rng
        alias = self.alias_variant("akteur", actor.name)
        if alias and name_key(alias) != name_key(name) and rng.chance(
                0.25 if actor.tag == "hub" or actor.kategorie == K_HS else p_alias):
            self.note(rows, tabelle, "akteur", alias, actor.name, "alias")
            return alias
        if rng.chance(p_key):
            variant = self.key_variant(name, nfd)
            self.note(rows, tabelle, "akteur", variant, actor.name, "schluessel")
            return variant
        if name != actor.name:
            self.note(rows, tabelle, "akteur", name, actor.name, "alias")
        return name

    def network_ref(self, rows: _Rows, tabelle: str, net: _Network, p_key=0.03,
                    p_alias=0.12, nfd=True) -> str:
        rng = self.rng
        alias = self.alias_variant("netzwerk", net.name)
        if alias and rng.chance(p_alias):
            self.note(rows, tabelle, "netzwerk", alias, net.name, "alias")
            return alias
        if rng.chance(p_key):
            variant = self.key_variant(net.name, nfd)
            self.note(rows, tabelle, "netzwerk", variant, net.name, "schluessel")
            return variant
        return net.name

    # -- actor facts ------------------------------------------------------------------------------
    def actor_row(self, actor: _Actor, w: int, cp1252=False) -> dict:
        rng = self.rng
        if actor.place:
            plz, ort = actor.place.plz, actor.place.ort
            if rng.chance(0.1) and actor.place.gemeinde != ort:
                ort = actor.place.gemeinde
            landkreis = self.district_value(actor.place.landkreis, cp1252=cp1252)
        else:
            plz, ort, landkreis = actor.plz_out, actor.ort_out, ""
        kategorie = actor.kategorie
        planted = bool(actor.tag) and actor.tag != "outside"   # keep what the plant needs
        if rng.chance(0.05) and not planted:
            kategorie = ""
        else:
            kategorie = self.vocab_value("kategorie", kategorie, 0.12, cp1252)
        ebene = "" if rng.chance(0.08) and not planted else \
            self.vocab_value("ebene", actor.ebene, 0.1, cp1252)
        consent = "ja" if actor.consent else "nein"
        if rng.chance(0.15):
            consent = consent.capitalize()
        return {"akteur": actor.name_in(w), "kategorie": kategorie, "plz": plz, "ort": ort,
                "landkreis": landkreis, "ebene": ebene, "veroeffentlichen": consent,
                "ansprechperson": "" if rng.chance(0.04) else actor.person,
                "email": "" if rng.chance(0.03) else actor.email,
                "telefon": "" if rng.chance(0.12) else actor.phone}

    def plant_places(self, rows: _Rows, pairs: list, tabelle: str) -> None:
        """Unknown postcodes, postcodes outside the region, misspelt towns, unknown places.

        ``pairs`` holds (actor, the raw row that the cleaning keeps for it)."""
        rng, s = self.rng, self.gen.scale
        cand = [(a, row) for a, row in pairs if a.place and not a.tag]
        rng.shuffle(cand)
        ort_count: dict[str, int] = {}
        for m in self.ref.munis:
            for p in m.places:
                ort_count[name_key(p.ort)] = ort_count.get(name_key(p.ort), 0) + 1
        plan = ["plz_99999"] * s + ["plz_ausserhalb"] * s + ["ort_falsch"] * (2 * s) + \
            ["ort_unbekannt"] * s
        used = 0
        for kind in plan:
            while used < len(cand):
                a, row = cand[used]
                used += 1
                true = {"plz": a.place.plz, "ort": a.place.ort, "landkreis": a.place.landkreis}
                unique_ort = ort_count.get(name_key(a.place.ort)) == 1 and \
                    name_key(row["ort"]) == name_key(a.place.ort)
                if kind == "plz_99999" and unique_ort:
                    row["plz"] = "99999"
                    erwartet = "über den Ort gefunden"
                elif kind == "plz_ausserhalb" and unique_ort:
                    row["plz"] = OUTSIDE_PLZ[rng.below(len(OUTSIDE_PLZ))][0]
                    erwartet = "über den Ort gefunden"
                elif kind == "ort_falsch" and self.ref.plz_unique.get(a.place.plz) == 1:
                    bad = _misspell(a.place.ort, rng)
                    if bad is None or name_key(bad) in ort_count:
                        continue
                    row["plz"], row["ort"] = a.place.plz, bad
                    erwartet = "über die PLZ gefunden"
                elif kind == "ort_unbekannt":
                    bad = _misspell(a.place.ort, rng)
                    if bad is None or name_key(bad) in ort_count:
                        continue
                    row["plz"], row["ort"] = "", bad
                    row["landkreis"] = a.place.landkreis
                    erwartet = "unbekannt: ohne Koordinaten, Landkreis laut Angabe"
                else:
                    continue
                rows.orte.append({"tabelle": tabelle, "akteur": a.name,
                                  "akteur_id": stable_id("A", a.name), "fehler": kind,
                                  "plz_roh": row["plz"], "ort_roh": row["ort"],
                                  "wahr": true, "erwartet": erwartet})
                break
        for a, row in pairs:
            if a.tag == "outside":
                rows.orte.append({"tabelle": tabelle, "akteur": a.name,
                                  "akteur_id": stable_id("A", a.name),
                                  "fehler": "ausserhalb_region", "plz_roh": row["plz"],
                                  "ort_roh": row["ort"],
                                  "wahr": {"plz": a.plz_out, "ort": a.ort_out, "landkreis": ""},
                                  "erwartet": "Sitz außerhalb der Region (Landesministerium): "
                                              "ohne Koordinaten und ohne Landkreis"})

    # -- one tidy wave -----------------------------------------------------------------------------
    def tidy(self, w: int, cp1252_actors: bool, nfd_networks: bool) -> _Rows:
        gen, rng, s = self.gen, self.rng, self.gen.scale
        rows = _Rows()
        tab_a, tab_n, tab_m = "akteure", "netzwerke", "mitgliedschaften"
        actors = [a for a in gen.actors if a.active(w)]
        rng.shuffle(actors)
        # actors, with duplicate rows appended later
        primary = []
        for a in actors:
            row = self.actor_row(a, w, cp1252=cp1252_actors)
            alias = self.alias_variant("akteur", a.name, cp1252_actors)
            if alias and a.tag != "renamed" and rng.chance(0.15):
                row["akteur"] = alias
                self.note(rows, tab_a, "akteur", alias, a.name, "alias")
            elif a.name_in(w) != a.name:
                self.note(rows, tab_a, "akteur", a.name_in(w), a.name, "alias")
            rows.akteure.append(row)
            primary.append((a, row))
        self.plant_places(rows, primary, tab_a)
        first_row = {a.idx: row for a, row in primary}
        dups = []
        pool = [a for a in actors if a.tag != "outside"]
        for a in rng.sample(pool, 3 * s):             # exact duplicate rows
            dups.append(dict(first_row[a.idx]))
        for a in rng.sample(pool, 3 * s):             # case/whitespace variants
            row = self.actor_row(a, w, cp1252=cp1252_actors)
            row["akteur"] = self.key_variant(a.name_in(w), nfd=not cp1252_actors)
            self.note(rows, tab_a, "akteur", row["akteur"], a.name, "schluessel")
            person, email, _ = gen.person(a.kategorie)     # entered by a colleague
            row["ansprechperson"], row["email"], row["telefon"] = person, email, ""
            dups.append(row)
        with_alias = [a for a in actors if a.tag != "renamed"
                      and self.alias_variant("akteur", a.name, cp1252_actors)]
        for a in rng.sample(with_alias, min(len(with_alias), 2 * s)):
            row = self.actor_row(a, w, cp1252=cp1252_actors)
            row["akteur"] = self.alias_variant("akteur", a.name, cp1252_actors)
            self.note(rows, tab_a, "akteur", row["akteur"], a.name, "alias")
            dups.append(row)
        fuzzy = []
        umlaut = [a for a in actors if not a.tag and self.fuzzy_variant(a.name_in(w))]
        for a in rng.sample(umlaut, min(len(umlaut), 2 * s)):
            variant = self.fuzzy_variant(a.name_in(w))
            row = self.actor_row(a, w, cp1252=cp1252_actors)
            row["akteur"] = variant
            dups.append(row)
            fuzzy.append((a, variant))
        for row in dups:
            after = self.first_pos(rows.akteure, row["akteur"]) + 1
            rows.akteure.insert(after + rng.below(len(rows.akteure) - after + 1), row)
        # networks
        nets = [n for n in gen.networks if n.active(w)]
        rng.shuffle(nets)
        for n in nets:
            rows.netzwerke.append(self.network_row(rows, n, w, cp1252=False,
                                                   nfd_ok=not nfd_networks))
        dup_net = rng.choice([n for n in nets if not n.known])
        row = dict(rows_by_name(rows.netzwerke, dup_net.name, "netzwerk"))
        row["netzwerk"] = self.key_variant(dup_net.name)
        row["themen"] = ""
        self.note(rows, tab_n, "netzwerk", row["netzwerk"], dup_net.name, "schluessel")
        rows.netzwerke.insert(self.first_pos(rows.netzwerke, dup_net.name, "netzwerk") + 1 +
                              rng.below(3), row)
        # memberships
        mrows = []
        for n in sorted(nets, key=lambda x: x.idx):
            for aidx, role in sorted(n.members[w].items()):
                a = gen.actors[aidx]
                mrows.append({"akteur": self.actor_ref(rows, tab_m, a, w),
                              "netzwerk": self.network_ref(rows, tab_m, n),
                              "rolle": self.vocab_value("rolle", role, 0.06)})
        for row in rng.sample(mrows, max(1, round(0.01 * len(mrows)))):
            mrows.append(dict(row))
        for a, variant in fuzzy:
            mine = [n for n in nets if a.idx in n.members[w]]
            for n in rng.sample(mine, min(len(mine), 1 + rng.below(2))):
                mrows.append({"akteur": variant, "netzwerk": n.name, "rolle": "Mitglied"})
            rows.unscharf.append({"tabelle": tab_a, "variante": variant,
                                  "variante_id": stable_id("A", variant), "kanonisch": a.name,
                                  "id": stable_id("A", a.name),
                                  "mitgliedschaften_unter_variante": [
                                      r["netzwerk"] for r in mrows if r["akteur"] == variant]})
            self.note(rows, tab_a, "akteur", variant, a.name, "unscharf")
        rng.shuffle(mrows)
        rows.mitgliedschaften = mrows
        # cooperations
        for von, an, level in gen.coops[w]:
            rows.kooperationen.append({
                "von": self.actor_ref(rows, "kooperationen", gen.actors[von], w, 0.02, 0.02),
                "an": self.actor_ref(rows, "kooperationen", gen.actors[an], w, 0.02, 0.02),
                "intensitaet": level})
        for row in rng.sample(rows.kooperationen, max(1, round(0.01 * len(rows.kooperationen)))):
            rows.kooperationen.append(dict(row))
        rng.shuffle(rows.kooperationen)
        return rows

    def first_pos(self, table: list, name: str, col: str = "akteur") -> int:
        key = self.gen.canonical(col if col == "netzwerk" else "akteur", name)
        for i, r in enumerate(table):
            if name_key(self.gen.canonical(col if col == "netzwerk" else "akteur", r[col])) == \
                    name_key(key):
                return i
        return len(table) - 1

    def network_row(self, rows: _Rows, n: _Network, w: int, cp1252=False, nfd_ok=True) -> dict:
        rng = self.rng
        sep = rng.choice([";", "; ", "; "])
        themen = sep.join(self.vocab_value("thema", t, 0.15) for t in n.topics)
        gruppen = sep.join(self.vocab_value("zielgruppe", g, 0.15) for g in n.groups)
        coord = self.gen.actors[n.koordination[w]]
        return {"netzwerk": n.name, "typ": "" if rng.chance(0.05) else n.typ,
                "landkreis": self.district_value(
                    n.landkreis, 0.25, 0.08 if n.town and not n.special else 0.0, cp1252),
                "themen": themen, "zielgruppen": gruppen,
                "koordination": self.actor_ref(rows, "netzwerke", coord, w, 0.03, 0.1, nfd_ok)}

    # -- the LimeSurvey wave -----------------------------------------------------------------
    def limesurvey(self, w: int = 0) -> tuple[_Rows, list, list, list]:
        gen, rng, s = self.gen, self.rng, self.gen.scale
        rows = _Rows()
        register = [n for n in gen.networks if n.active(w) and not n.freetext_2024]
        register.sort(key=lambda n: (n.landkreis != REGION_WIDE, n.landkreis, n.name))
        actors = [a for a in gen.actors if a.active(w)]
        # networks register (tidy form)
        for n in register:
            rows.netzwerke.append(self.network_row(rows, n, w))
        width = max(3, len(str(len(register))))
        sq = {n.idx: f"SQ{i:0{width}d}" for i, n in enumerate(register, start=1)}
        mapping = [("A1", "akteur", ""), ("A2", "kategorie", ""), ("A3", "ebene", ""),
                   ("A4", "plz", ""), ("A5", "ort", ""), ("A6", "landkreis", ""),
                   ("A7", "veroeffentlichen", ""), ("K1", "ansprechperson", ""),
                   ("K2", "email", ""), ("K3", "telefon", "")]
        zuordnung_names = {}
        for n in register:
            label = n.name
            if n.known and ("–" in n.name or " - " in n.name):
                label = n.name.replace(" – ", " - ") if "–" in n.name else \
                    n.name.replace(" - ", " – ")
                self.note(rows, "zuordnung", "netzwerk", label, n.name, "schluessel")
            zuordnung_names[n.idx] = label
        for q, feld in (("N1", "mitglied"), ("N2", "leitung"), ("N3", "gastgeber")):
            for n in register:
                mapping.append((f"{q}[{sq[n.idx]}]", feld, zuordnung_names[n.idx]))
            if q == "N1":
                mapping.append(("N1[other]", "netzwerk_sonstige", ""))
        columns = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate",
                   "datestamp", "ipaddr", "refurl"] + [m[0] for m in mapping] + ["B1"]
        # free-text-only networks: their members name them in N1[other]
        freetext = {}
        for n in gen.networks:
            if n.active(w) and n.freetext_2024:
                for aidx in n.members[w]:
                    freetext.setdefault(aidx, []).append(n.name)
        responses = []
        window = _dt.datetime(2024, 3, 18, 8, 0, 0)
        for a in actors:
            nets = {}
            for n in register:
                role = n.members[w].get(a.idx)
                if role:
                    nets[n.idx] = role
            responses.append(self.response(a, w, nets, freetext.get(a.idx, []), window, rows))
        # free text naming registered networks (variant spellings) instead of ticking
        for resp in rng.sample(responses, max(1, round(0.06 * len(responses)))):
            mine = [i for i, role in resp["nets"].items() if role == "Mitglied"]
            if not mine:
                continue
            n = gen.networks[rng.choice(sorted(mine))]
            if "," in n.name:
                continue
            alias = [v for v in self.alias_variants.get(("netzwerk", name_key(n.name)), [])
                     if "," not in v]
            text = rng.choice(alias) if alias and rng.chance(0.6) else \
                self.key_variant(n.name, False)
            del resp["nets"][n.idx]
            resp["free"].append(text)
            self.note(rows, "antworten", "netzwerk", text, n.name,
                      "alias" if alias and text in alias else "schluessel")
            rows.extra.setdefault("freitext", []).append(
                {"text": text, "kanonisch": n.name, "id": stable_id("N", n.name),
                 "aufloesung": "alias" if text in alias else "schluessel"})
        for aidx, texts in sorted(freetext.items()):
            for t in texts:
                net = next(n for n in gen.networks if n.freetext_2024
                           and name_key(n.name) == name_key(t))
                rows.extra.setdefault("freitext", []).append(
                    {"text": t, "kanonisch": net.name, "id": stable_id("N", net.name),
                     "aufloesung": "neu (nur im Freitext genannt)"})
        for resp in rng.sample(responses, max(1, round(0.05 * len(responses)))):
            resp["free"].append(rng.choice(["keine", "-"]))
        # duplicate complete submissions (earlier one with fewer networks)
        extra = []
        dup_actors = rng.sample([r for r in responses if r["nets"] and r["actor"].tag != "outside"],
                                3 * s)
        for k, resp in enumerate(dup_actors):
            a = resp["actor"]
            early = self.copy_response(resp, days_before=1 + rng.below(15))
            keep = sorted(resp["nets"])
            fewer = max(0, len(keep) - 1 - rng.below(2))
            early["nets"] = {i: resp["nets"][i] for i in rng.sample(keep, fewer)}
            early["free"] = []
            how = k % 3
            if how == 1:
                early["values"]["akteur"] = self.key_variant(a.name_in(w), False)
                self.note(rows, "antworten", "akteur", early["values"]["akteur"], a.name,
                          "schluessel")
            elif how == 2:
                alias = self.alias_variant("akteur", a.name)
                if alias:
                    early["values"]["akteur"] = alias
                    self.note(rows, "antworten", "akteur", alias, a.name, "alias")
            early["values"]["telefon"] = gen.phone(a)
            extra.append(early)
            rows.extra.setdefault("doppelte_antworten", []).append(
                {"akteur": a.name, "akteur_id": stable_id("A", a.name),
                 "frueher": early["values"]["akteur"], "gilt": "die neueste vollständige "
                 "Antwort; die frühere nennt nur einen Teil der Netzwerke"})
        # a second person of the same institution, name spelt without umlauts
        umlaut = [r for r in responses if not r["actor"].tag and len(r["nets"]) >= 1
                  and self.fuzzy_variant(r["actor"].name_in(w))]
        for resp in rng.sample(umlaut, min(len(umlaut), s)):
            a = resp["actor"]
            other = self.copy_response(resp, days_before=rng.below(10) - 5)
            variant = self.fuzzy_variant(a.name_in(w))
            other["values"]["akteur"] = variant
            person, email, _ = gen.person(a.kategorie)
            other["values"].update(ansprechperson=person, email=email, telefon=gen.phone(a))
            keep = sorted(resp["nets"])
            other["nets"] = {i: "Mitglied" for i in rng.sample(keep, min(len(keep), 2))}
            other["free"] = []
            extra.append(other)
            rows.unscharf.append({"tabelle": "antworten", "variante": variant,
                                  "variante_id": stable_id("A", variant), "kanonisch": a.name,
                                  "id": stable_id("A", a.name),
                                  "mitgliedschaften_unter_variante": sorted(
                                      gen.networks[i].name for i in other["nets"])})
            self.note(rows, "antworten", "akteur", variant, a.name, "unscharf")
        # incomplete responses: aborted first attempts, and actors who never finished
        for resp in rng.sample(responses, 2 * s):
            early = self.copy_response(resp, days_before=2 + rng.below(10))
            self.make_incomplete(early)
            extra.append(early)
            rows.extra.setdefault("unvollstaendige_antworten", []).append(
                {"akteur": resp["actor"].name, "lastpage": early["lastpage"],
                 "spaeter_vollstaendig": True})
        later = [a for a in gen.actors if a.first == 1 and not a.tag]
        for a in rng.sample(later, min(len(later), 2 * s)):
            resp = self.response(a, 1, {}, [], window, rows)
            self.make_incomplete(resp)
            extra.append(resp)
            rows.extra.setdefault("unvollstaendige_antworten", []).append(
                {"akteur": a.name, "lastpage": resp["lastpage"], "spaeter_vollstaendig": False,
                 "hinweis": "nimmt erst ab 2025 teil"})
        self.plant_places(rows, [(r["actor"], r["values"]) for r in responses], "antworten")
        responses.extend(extra)
        responses.sort(key=lambda r: (r["start"], r["actor"].idx))
        rows.akteure = [r["values"] for r in responses]
        table = []
        for i, r in enumerate(responses, start=1):
            rec = {c: "" for c in columns}
            rec.update(id=str(i), submitdate=r["submit"], lastpage=r["lastpage"],
                       startlanguage="de", seed=r["seed"], token=r["token"],
                       startdate=r["startdate"], datestamp=r["datestamp"], ipaddr=r["ip"],
                       refurl=r["refurl"])
            v = r["values"]
            for code, feld, _ in mapping[:10]:
                rec[code] = v.get(feld, "")
            for nidx, role in r["nets"].items():
                if role == "Mitglied" or rng.chance(0.85):
                    rec[f"N1[{sq[nidx]}]"] = "Y"
                if role == "Leitung":
                    rec[f"N2[{sq[nidx]}]"] = "Y"
                elif role == "Gastgeber":
                    rec[f"N3[{sq[nidx]}]"] = "Y"
            rec["N1[other]"] = rng.choice(["; ", "\n", ";"]).join(r["free"])
            rec["B1"] = r["comment"]
            table.append(rec)
        zuordnung = [{"code": c, "feld": f, "wert": v} for c, f, v in mapping]
        return rows, columns, table, zuordnung

    def response(self, a: _Actor, w: int, nets: dict, free: list, window, rows) -> dict:
        rng = self.rng
        values = self.actor_row(a, w)
        alias = self.alias_variant("akteur", a.name)
        if alias and a.tag != "renamed" and rng.chance(0.15):
            values["akteur"] = alias
            self.note(rows, "antworten", "akteur", alias, a.name, "alias")
        elif a.name_in(w) != a.name:
            self.note(rows, "antworten", "akteur", a.name_in(w), a.name, "alias")
        day = rng.below(42)
        start = window + _dt.timedelta(days=day, minutes=rng.below(10 * 60))
        submit = start + _dt.timedelta(minutes=4 + rng.below(40), seconds=rng.below(60))
        comment = ""
        if rng.chance(0.08):
            comment = rng.choice([
                f"Rückfragen gern an {a.person}, Tel. {a.phone}",
                "Wir sind auch in weiteren informellen Runden aktiv.",
                f"Bitte Kontakt über {a.email} aufnehmen.",
                "Die Liste der Netzwerke war sehr lang, evtl. unvollständig."])
        return {"actor": a, "values": values, "nets": dict(nets), "free": list(free),
                "start": start, "startdate": _fmt(start), "submit": _fmt(submit),
                "datestamp": _fmt(submit), "lastpage": "3",
                "seed": str(10 ** 8 + rng.below(9 * 10 ** 8)),
                "token": rng.token(15), "ip": self.ip(), "refurl": "", "comment": comment}

    def copy_response(self, resp: dict, days_before: int) -> dict:
        rng = self.rng
        start = resp["start"] - _dt.timedelta(days=days_before, minutes=rng.below(300))
        submit = start + _dt.timedelta(minutes=5 + rng.below(30), seconds=rng.below(60))
        out = dict(resp)
        out.update(values=dict(resp["values"]), nets=dict(resp["nets"]), free=list(resp["free"]),
                   start=start, startdate=_fmt(start), submit=_fmt(submit),
                   datestamp=_fmt(submit), seed=str(10 ** 8 + rng.below(9 * 10 ** 8)),
                   token=rng.token(15), ip=self.ip(), comment="")
        return out

    def make_incomplete(self, resp: dict) -> None:
        resp["submit"] = ""
        resp["lastpage"] = self.rng.choice(["1", "1", "0"])
        resp["nets"] = {}
        resp["free"] = []
        for f in ("ebene", "veroeffentlichen", "ansprechperson", "email", "telefon"):
            if self.rng.chance(0.6):
                resp["values"][f] = ""

    def ip(self) -> str:
        rng = self.rng
        return f"{rng.choice(['192.0.2', '198.51.100', '203.0.113'])}.{1 + rng.below(254)}"


def rows_by_name(table: list, name: str, col: str = "akteur") -> dict | None:
    for row in table:
        if row[col] == name:
            return row
    return None


def _fmt(moment: _dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _enc_ok(text: str, cp1252: bool) -> bool:
    if not cp1252:
        return True
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def _ascii_keep(text: str) -> str:
    for src, dst in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("Ä", "Ae"),
                     ("Ö", "Oe"), ("Ü", "Ue")):
        text = text.replace(src, dst)
    return text


def _misspell(ort: str, rng: _Rng) -> str | None:
    options = [(a, b) for a, b in MISSPELL if a in ort]
    if not options:
        if len(ort) < 5:
            return None
        i = 1 + rng.below(len(ort) - 2)
        return ort[:i] + ort[i + 1:]
    a, b = options[rng.below(len(options))]
    return ort.replace(a, b, 1)


# ---------------------------------------------------------------------------------------------
# serialisation
# ---------------------------------------------------------------------------------------------

AKTEURE_COLS = ["akteur", "kategorie", "plz", "ort", "landkreis", "ebene", "veroeffentlichen",
                "ansprechperson", "email", "telefon"]
NETZWERKE_COLS = ["netzwerk", "typ", "landkreis", "themen", "zielgruppen", "koordination"]
MITGLIED_COLS = ["akteur", "netzwerk", "rolle"]
KOOP_COLS = ["von", "an", "intensitaet"]


def _csv_text(columns: list, rows: list, delimiter=",", terminator="\n",
              quoting=csv.QUOTE_MINIMAL) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    return buffer.getvalue()


_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _width(sheet: str, column: str) -> int:
    if sheet == "Hinweise":
        return 90
    return 40 if column in ("akteur", "netzwerk", "von", "an", "koordination", "themen",
                            "zielgruppen") else 16


def _xlsx_bytes(sheets: list[tuple[str, list, list]], title: str = "") -> bytes:
    """An XLSX workbook (shared strings, bold frozen header row) written from fixed XML
    templates: its bytes depend only on the content — not on the clock, nor on whether
    openpyxl serialises through lxml or ElementTree (which gives different bytes)."""
    strings: list[str] = []
    string_index: dict[str, int] = {}

    def shared(text: str) -> int:
        if text not in string_index:
            string_index[text] = len(strings)
            strings.append(text)
        return string_index[text]

    parts: dict[str, str] = {}
    for number, (name, columns, rows) in enumerate(sheets, start=1):
        table = [list(columns)] + [[row.get(c, "") for c in columns] for row in rows]
        xml_rows = []
        for r, values in enumerate(table, start=1):
            cells = []
            for c, value in enumerate(values):
                if value is None or value == "":
                    continue
                ref = f"{_column_letter(c)}{r}"
                style = ' s="1"' if r == 1 else ""
                if isinstance(value, int) and not isinstance(value, bool):
                    cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"{style} t="s"><v>{shared(str(value))}</v></c>')
            xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        widths = "".join(
            f'<col min="{i}" max="{i}" width="{_width(name, col)}" customWidth="1"/>'
            for i, col in enumerate(columns, start=1))
        selected = ' tabSelected="1"' if number == 1 else ""
        parts[f"xl/worksheets/sheet{number}.xml"] = (
            f'{_XML_HEAD}<worksheet xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
            f'<dimension ref="A1:{_column_letter(len(columns) - 1)}{len(table)}"/>'
            f'<sheetViews><sheetView workbookViewId="0"{selected}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{widths}</cols>'
            f'<sheetData>{"".join(xml_rows)}</sheetData>'
            '<pageMargins left="0.7" right="0.7" top="0.787" bottom="0.787" header="0.3" '
            'footer="0.3"/></worksheet>')
    parts["xl/sharedStrings.xml"] = (
        f'{_XML_HEAD}<sst xmlns="{_NS_MAIN}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{_xml(t)}</t></si>' for t in strings)
        + "</sst>")
    parts["xl/styles.xml"] = (
        f'{_XML_HEAD}<styleSheet xmlns="{_NS_MAIN}"><fonts count="2">'
        '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        '</cellXfs><cellStyles count="1"><cellStyle name="Standard" xfId="0" builtinId="0"/>'
        '</cellStyles></styleSheet>')
    sheet_list = "".join(f'<sheet name="{_xml(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, (name, _, _) in enumerate(sheets, start=1))
    parts["xl/workbook.xml"] = (
        f'{_XML_HEAD}<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f'<sheets>{sheet_list}</sheets></workbook>')
    n = len(sheets)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_NS_REL}/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
    rels += (f'<Relationship Id="rId{n + 1}" Type="{_NS_REL}/styles" Target="styles.xml"/>'
             f'<Relationship Id="rId{n + 2}" Type="{_NS_REL}/sharedStrings" '
             'Target="sharedStrings.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = (
        f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">{rels}</Relationships>')
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    creator = "Netzwerkbüro Bildung (synthetische Demodaten)"
    parts["docProps/core.xml"] = (
        f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
        '2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dc:title>{_xml(title)}</dc:title><dc:creator>{_xml(creator)}</dc:creator>'
        f'<cp:lastModifiedBy>{_xml(creator)}</cp:lastModifiedBy>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        '</cp:coreProperties>')
    parts["docProps/app.xml"] = (
        f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
        '2006/extended-properties"><Application>Microsoft Excel</Application></Properties>')
    parts["_rels/.rels"] = (
        f'{_XML_HEAD}<Relationships xmlns="{_NS_PKG_REL}">'
        f'<Relationship Id="rId1" Type="{_NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_NS_REL}/extended-properties" '
        'Target="docProps/app.xml"/></Relationships>')
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = [("/xl/workbook.xml", f"{ct}.spreadsheetml.sheet.main+xml")]
    overrides += [(f"/xl/worksheets/sheet{i}.xml", f"{ct}.spreadsheetml.worksheet+xml")
                  for i in range(1, n + 1)]
    overrides += [("/xl/styles.xml", f"{ct}.spreadsheetml.styles+xml"),
                  ("/xl/sharedStrings.xml", f"{ct}.spreadsheetml.sharedStrings+xml"),
                  ("/docProps/core.xml",
                   "application/vnd.openxmlformats-package.core-properties+xml"),
                  ("/docProps/app.xml", f"{ct}.extended-properties+xml")]
    parts["[Content_Types].xml"] = (
        f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>")
    order = ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
             "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
             "xl/sharedStrings.xml"] + [f"xl/worksheets/sheet{i}.xml" for i in range(1, n + 1)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            archive.writestr(info, parts[name].encode("utf-8"), compresslevel=6)
    return out.getvalue()


def _dump_json(obj, indent: int = 0) -> str:
    """JSON with one line per table row (readable diffs, small file)."""
    pad = " " * indent
    inner = " " * (indent + 2)

    def flat(x) -> bool:
        if isinstance(x, (str, int, float, bool)) or x is None:
            return True
        if isinstance(x, list):
            return all(isinstance(i, (str, int, float, bool)) or i is None for i in x)
        if isinstance(x, dict):
            return all(flat(v) and not isinstance(v, dict) for v in x.values())
        return False

    def one(x) -> str:
        return json.dumps(x, ensure_ascii=False, separators=(", ", ": "))

    if isinstance(obj, dict):
        if not obj:
            return "{}"
        parts = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dump_json(v, indent + 2)}"
                 for k, v in obj.items()]
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(obj, list):
        if not obj:
            return "[]"
        if all(isinstance(i, (str, int, float, bool)) or i is None for i in obj) and \
                len(one(obj)) <= 90:
            return one(obj)
        parts = [inner + (one(i) if flat(i) else _dump_json(i, indent + 2)) for i in obj]
        return "[\n" + ",\n".join(parts) + "\n" + pad + "]"
    return one(obj)


# ---------------------------------------------------------------------------------------------
# ground truth and expected cleaning result
# ---------------------------------------------------------------------------------------------

class _Truth:
    def __init__(self, gen: _Generator):
        self.gen = gen
        self.ref = gen.ref

    def aid(self, a: _Actor) -> str:
        return stable_id("A", a.name)

    def nid(self, n: _Network) -> str:
        return stable_id("N", n.name)

    def wave(self, w: int, rows: _Rows, form: str, files: list, expected: dict,
             planted_links: list) -> dict:
        gen = self.gen
        actors = sorted([a for a in gen.actors if a.active(w)], key=self.aid)
        nets = sorted([n for n in gen.networks if n.active(w)], key=self.nid)
        count = {}
        for n in nets:
            for i in n.members[w]:
                count[i] = count.get(i, 0) + 1
        akteure = []
        for a in actors:
            p = a.place
            akteure.append({"akteur_id": self.aid(a), "akteur": a.name, "kategorie": a.kategorie,
                            "ebene": a.ebene, "plz": p.plz if p else a.plz_out,
                            "ort": p.ort if p else a.ort_out,
                            "landkreis": a.landkreis, "bundesland": a.bundesland,
                            "raumtyp": p.raumtyp if p else "",
                            "veroeffentlichen": "ja" if a.consent else "nein",
                            "anzahl_netzwerke": count.get(a.idx, 0)})
        netzwerke = []
        for n in nets:
            hidden = n.freetext_2024 and w == 0
            coord = n.koordination.get(w)
            netzwerke.append({
                "netzwerk_id": self.nid(n), "netzwerk": n.name, "typ": "" if hidden else n.typ,
                "landkreis": "" if hidden else n.landkreis,
                "bundesland": "" if hidden else self.ref.state.get(n.landkreis, ""),
                "themen": [] if hidden else sorted(normalize_name(t) for t in n.topics),
                "zielgruppen": [] if hidden else sorted(normalize_name(g) for g in n.groups),
                "koordination_id": self.aid(gen.actors[coord]) if coord is not None else "",
                "anzahl_mitglieder": len(n.members[w])})
        mitglied = sorted([self.aid(gen.actors[i]), self.nid(n), role]
                          for n in nets for i, role in n.members[w].items())
        out = {"form": form, "dateien": files,
               "anzahl": {"akteure": len(actors), "netzwerke": len(nets),
                          "mitgliedschaften": len(mitglied),
                          "kooperationen": len(gen.coops[w]) if w in gen.coops else None},
               "erwartet_nach_bereinigung": expected}
        out["doppelstrukturen"] = self.duplicates(w)
        out["max_jaccard_nicht_geplanter_paare"] = self.max_other_jaccard(w)
        out["bruecken"] = self.bridges(w)
        out["hidden_champions"] = self.champions(w)
        if w > 0:
            links = self.new_links(w)
            out["neue_verbindungen"] = {
                "definition": f"Paare von Akteuren, die in {WAVES[w - 1]} und {WAVES[w]} "
                              f"dabei sind, {WAVES[w - 1]} kein Netzwerk teilten und "
                              f"{WAVES[w]} mindestens eines teilen.",
                "anzahl_gesamt": len(links),
                "geplant": [p for p in planted_links if p["welle"] == WAVES[w]],
                "alle": links}
        out["nicht_veroeffentlichen"] = sorted(a.name for a in actors if not a.consent)
        out["aehnliche_namen_verschiedener_akteure"] = self.similar_names(actors)
        out["namensvarianten"] = rows.varianten
        out["unscharfe_dubletten"] = rows.unscharf
        out["orte"] = rows.orte
        for key in ("doppelte_antworten", "unvollstaendige_antworten", "freitext"):
            if key in rows.extra:
                out["freitext_netzwerke" if key == "freitext" else key] = rows.extra[key]
        out["akteure"] = akteure
        out["netzwerke"] = netzwerke
        out["mitgliedschaften"] = mitglied
        if w in gen.coops:
            out["kooperationen"] = sorted([self.aid(gen.actors[v]), self.aid(gen.actors[a]), lvl]
                                          for v, a, lvl in gen.coops[w])
        return out

    def similar_names(self, actors: list) -> list:
        """Pairs of different actors whose names a fuzzy review (ratio >= 90 on the folded
        name) would propose as duplicates: expected false alarms, not to be merged."""
        from rapidfuzz import fuzz, process

        names = sorted(a.name for a in actors)
        folded = [_fold(n) for n in names]
        if len(names) < 2:
            return []
        scores = process.cdist(folded, folded, scorer=fuzz.ratio, score_cutoff=90,
                               workers=1, dtype="uint8")
        rows, cols = scores.nonzero()
        return sorted([names[i], names[j], int(scores[i, j])]
                      for i, j in zip(rows.tolist(), cols.tolist()) if i < j)

    def duplicates(self, w: int) -> list:
        gen = self.gen
        out = []
        for a in gen.networks:
            if a.special != "dupA" or not a.active(w):
                continue
            b = next(x for x in gen.networks if x.special == "dupB" and x.landkreis == a.landkreis)
            ma, mb = a.members[w], b.members[w]
            shared = [i for i in ma if i in mb]
            area = [x for x in gen.networks if x.active(w) and x.landkreis == a.landkreis]
            others = [_jaccard(x.members[w], y.members[w]) for x in area for y in area
                      if x.idx < y.idx and {x.idx, y.idx} != {a.idx, b.idx}]
            out.append({
                "netzwerk_a": a.name, "netzwerk_a_id": self.nid(a),
                "netzwerk_b": b.name, "netzwerk_b_id": self.nid(b), "landkreis": a.landkreis,
                "jaccard": round(_jaccard(ma, mb), 3), "gemeinsame_mitglieder": len(shared),
                "mitglieder_a": len(ma), "mitglieder_b": len(mb),
                "gemeinsame_themen": sorted(normalize_name(t) for t in a.topics if t in b.topics),
                "gemeinsame_zielgruppen": sorted(normalize_name(g) for g in a.groups
                                                 if g in b.groups),
                "max_jaccard_anderer_paare_im_kreis": round(max(others, default=0.0), 3)})
        return out

    def max_other_jaccard(self, w: int) -> float:
        """Largest member overlap of two networks of the same area that are not a planted
        duplicate pair (the generator keeps it below 0.4)."""
        by_area: dict[str, list] = {}
        for n in self.gen.networks:
            if n.active(w):
                by_area.setdefault(n.landkreis, []).append(n)
        best = 0.0
        for nets in by_area.values():
            for i, x in enumerate(nets):
                for y in nets[i + 1:]:
                    if {x.special, y.special} == {"dupA", "dupB"}:
                        continue
                    best = max(best, _jaccard(x.members[w], y.members[w]))
        return round(best, 3)

    def bridges(self, w: int) -> list:
        by_actor: dict[int, dict] = {}
        for n in self.gen.networks:
            if n.active(w) and n.landkreis in self.ref.state and not (n.freetext_2024 and w == 0):
                for i in n.members[w]:
                    by_actor.setdefault(i, {"Brandenburg": [], "Sachsen": []})[
                        self.ref.state[n.landkreis]].append(n.name)
        out = []
        for a in self.gen.actors:
            if not a.active(w) or a.idx not in by_actor:
                continue
            nets = {k: sorted(v) for k, v in by_actor[a.idx].items()}
            if nets["Brandenburg"] and nets["Sachsen"]:
                out.append({"akteur": a.name, "akteur_id": self.aid(a), "kategorie": a.kategorie,
                            "sitz": a.bundesland, "geplant": a.tag == "bridge",
                            "netzwerke_brandenburg": nets["Brandenburg"],
                            "netzwerke_sachsen": nets["Sachsen"]})
        return sorted(out, key=lambda x: x["akteur_id"])

    def champions(self, w: int) -> list:
        gen = self.gen
        out = []
        partners = gen.partners(w)
        for a in gen.actors:
            if a.tag != "champion" or not a.active(w):
                continue
            nets = [n for n in gen.networks if n.active(w) and a.idx in n.members[w]]
            out.append({"akteur": a.name, "akteur_id": self.aid(a), "kategorie": a.kategorie,
                        "anzahl_netzwerke": len(nets),
                        "netzwerke": sorted(n.name for n in nets),
                        "netzwerk_groessen": sorted((len(n.members[w]) for n in nets),
                                                    reverse=True),
                        "partner": len(partners.get(a.idx, ()))})
        return sorted(out, key=lambda x: x["akteur_id"])

    def new_links(self, w: int) -> list:
        """All pairs [akteur_id, akteur_id] (sorted) that share a network in wave w but did
        not in wave w-1, both being present in both waves."""
        gen = self.gen
        before, now = gen.partners(w - 1), gen.partners(w)
        both = {a.idx for a in gen.actors if a.active(w - 1) and a.active(w)}
        pairs = []
        for i in sorted(both):
            for j in now.get(i, ()):
                if j > i and j in both and j not in before.get(i, ()):
                    pairs.append(sorted((self.aid(gen.actors[i]), self.aid(gen.actors[j]))))
        return sorted(pairs)


def _expected_tidy(gen: _Generator, rows: _Rows) -> dict:
    """What a cleaning that resolves names by key and alias table (not fuzzy) must produce."""
    key = lambda art, name: name_key(gen.canonical(art, name))  # noqa: E731
    actors = {key("akteur", r["akteur"]) for r in rows.akteure if normalize_name(r["akteur"])}
    nets = {key("netzwerk", r["netzwerk"]) for r in rows.netzwerke}
    pairs = set()
    for r in rows.mitgliedschaften:
        a, n = key("akteur", r["akteur"]), key("netzwerk", r["netzwerk"])
        if a not in actors or n not in nets:
            raise BildungsnetzError(f"Demodaten: Mitgliedschaft nicht auflösbar: {r}")
        pairs.add((a, n))
    coops = set()
    for r in rows.kooperationen:
        a, b = key("akteur", r["von"]), key("akteur", r["an"])
        if a not in actors or b not in actors:
            raise BildungsnetzError(f"Demodaten: Kooperation nicht auflösbar: {r}")
        if a != b:
            coops.add((a, b))
    return {"akteure": len(actors), "netzwerke": len(nets), "mitgliedschaften": len(pairs),
            "kooperationen": len(coops),
            "regel": "Namen über name_key und aliase.csv vereinheitlicht, unscharfe Dubletten "
                     "NICHT zusammengeführt (je eigene Kennung)."}


def _expected_limesurvey(gen: _Generator, columns: list, table: list, zuordnung: list,
                         register: list) -> dict:
    key = lambda art, name: name_key(gen.canonical(art, name))  # noqa: E731
    fields = {z["feld"]: z["code"] for z in zuordnung if z["feld"] in AKTEURE_COLS}
    options = [(z["code"], z["wert"]) for z in zuordnung
               if z["feld"] in ("mitglied", "leitung", "gastgeber")]
    nets = {key("netzwerk", r["netzwerk"]) for r in register}
    nets |= {key("netzwerk", w) for _, w in options}
    actors, pairs = set(), set()
    for rec in table:
        if not rec["submitdate"]:
            continue
        a = key("akteur", rec[fields["akteur"]])
        actors.add(a)
        for code, wert in options:
            if rec[code] == "Y":
                pairs.add((a, key("netzwerk", wert)))
        for item in re.split(r"\s*(?:;|\n)\s*", rec["N1[other]"]):
            item = normalize_name(item)
            if item and item not in ("-", "keine", "nein"):
                nets.add(key("netzwerk", item))
                pairs.add((a, key("netzwerk", item)))
    return {"akteure": len(actors), "netzwerke": len(nets), "mitgliedschaften": len(pairs),
            "kooperationen": None,
            "antworten": len(table),
            "antworten_vollstaendig": sum(1 for r in table if r["submitdate"]),
            "regel": "unvollständige Antworten (submitdate leer) verworfen; mehrere Antworten "
                     "derselben Institution (name_key/aliase.csv) zusammengeführt; Netzwerke "
                     "nur im Freitext werden eigene Netzwerke; unscharfe Dubletten NICHT "
                     "zusammengeführt."}


# ---------------------------------------------------------------------------------------------
# the public function
# ---------------------------------------------------------------------------------------------

def build(scale: int = 1, seed: int = 20251, referenz: Path | None = None) -> dict[str, bytes]:
    """Generate the demo data set in memory: {relative path under data_dir: file bytes}."""
    if not isinstance(scale, int) or isinstance(scale, bool) or scale < 1:
        raise BildungsnetzError("Der Faktor --scale muss eine ganze Zahl ab 1 sein.")
    folder = Path(referenz) if referenz else PACKAGE_REFERENCE
    for name in REFERENCE_COPIES + ("aliase.csv",):
        if not (folder / name).is_file():
            raise BildungsnetzError("Referenzdatei für die Demodaten fehlt.", datei=folder / name)
    ref = _Ref(folder)
    gen = _Generator(ref, scale, seed)
    gen.fixed_actors()
    gen.generic_actors()
    gen.known_networks()
    gen.invented_networks()
    gen.memberships()
    planted_links = gen.plant_new_connections()
    gen.coops = {}
    previous = None
    for w in (1, 2):
        gen.coops[w] = gen.cooperations(w, previous)
        previous = gen.coops[w]

    files: dict[str, bytes] = {}
    render = _Renderer(gen)
    truth = _Truth(gen)
    waves = {}

    # 2024: LimeSurvey export + mapping + register
    rows, columns, table, zuordnung = render.limesurvey(0)
    base = "raw/2024/"
    export = "\ufeff" + _csv_text(columns, table, ",", "\r\n", csv.QUOTE_ALL)
    files[base + LIMESURVEY_EXPORT] = export.encode("utf-8")
    files[base + "zuordnung.csv"] = _csv_text(["code", "feld", "wert"], zuordnung).encode("utf-8")
    files[base + "netzwerke.csv"] = ("\ufeff" + _csv_text(NETZWERKE_COLS, rows.netzwerke, ";",
                                                           "\r\n")).encode("utf-8")
    expected = _expected_limesurvey(gen, columns, table, zuordnung, rows.netzwerke)
    waves["2024"] = truth.wave(0, rows, "limesurvey (Export mit zuordnung.csv und "
                               "Netzwerkregister)", [base + f for f in RAW_FILES["2024"]],
                               expected, planted_links)

    # 2025: one XLSX workbook of the tidy template
    rows = render.tidy(1, cp1252_actors=False, nfd_networks=False)
    for r in rows.akteure:
        if r["plz"].isdigit() and r["plz"].startswith("0") and gen.rng.chance(0.1):
            r["plz"] = int(r["plz"])          # Excel dropped the leading zero
    hints = [{"Hinweise": t} for t in (
        "Erhebung Netzwerkanalyse 2025 – Vorlage des Netzwerkbüros (synthetische Demodaten)",
        "Blatt akteure: eine Zeile je Institution; veroeffentlichen = ja/nein",
        "Blatt netzwerke: themen und zielgruppen mit ; trennen; landkreis oder Lausitz",
        "Blatt mitgliedschaften: rolle = Mitglied, Gastgeber oder Leitung",
        "Blatt kooperationen: intensitaet 1 (gelegentlich) bis 3 (eng)")]
    files["raw/2025/" + XLSX_NAME] = _xlsx_bytes([
        ("Hinweise", ["Hinweise"], hints),
        ("akteure", AKTEURE_COLS, rows.akteure),
        ("netzwerke", NETZWERKE_COLS, rows.netzwerke),
        ("mitgliedschaften", MITGLIED_COLS, rows.mitgliedschaften),
        ("kooperationen", KOOP_COLS, rows.kooperationen)], title="Netzwerkanalyse 2025")
    expected = _expected_tidy(gen, rows)
    waves["2025"] = truth.wave(1, rows, "xlsx (Vorlage, eine Arbeitsmappe)",
                               ["raw/2025/" + XLSX_NAME], expected, planted_links)

    # 2026: CSV files of the tidy template, each as a different program writes it
    rows = render.tidy(2, cp1252_actors=True, nfd_networks=True)
    base = "raw/2026/"
    files[base + "akteure.csv"] = _csv_text(AKTEURE_COLS, rows.akteure, ";", "\r\n").encode(
        "cp1252")
    files[base + "netzwerke.csv"] = ("\ufeff" + unicodedata.normalize(
        "NFD", _csv_text(NETZWERKE_COLS, rows.netzwerke))).encode("utf-8")
    files[base + "mitgliedschaften.csv"] = _csv_text(MITGLIED_COLS, rows.mitgliedschaften
                                                     ).encode("utf-8")
    files[base + "kooperationen.csv"] = _csv_text(KOOP_COLS, rows.kooperationen).encode("utf-8")
    expected = _expected_tidy(gen, rows)
    waves["2026"] = truth.wave(2, rows, "csv (Vorlage: akteure.csv Windows-1252 mit ;, "
                               "netzwerke.csv UTF-8 mit BOM und NFD, übrige UTF-8)",
                               [base + f for f in RAW_FILES["2026"]], expected, planted_links)

    renamed = next(a for a in gen.actors if a.tag == "renamed")
    ground = {
        "beschreibung": "Grundwahrheit der synthetischen Demodaten (bildungsnetz demo). Alle "
                        "Institutionen, Personen und Zahlen sind erfunden bzw. zufällig "
                        "zugeordnet; Namen realer Institutionen dienen nur der Anschaulichkeit.",
        "synthetisch": True, "seed": seed, "scale": scale,
        "regeln": {
            "kennungen": "akteur_id = stable_id('A', kanonischer Name), netzwerk_id = "
                         "stable_id('N', …); kanonische Namen in normalize_name-Form, "
                         "kanonisch = Schreibweise der Aliastabelle, sonst die der Vorlage.",
            "doppelstrukturen": "geplante Paare: gleicher Kreis, Jaccard der Mitglieder >= 0,5, "
                                "gemeinsame Themen und Zielgruppen; alle anderen Paare im "
                                "selben Kreis bleiben unter Jaccard 0,4, und unter 0,25, "
                                "wenn auch ihre Themen und Zielgruppen ähnlich sind "
                                "(mittlerer Jaccard >= 0,5).",
            "bruecken": "Akteur mit Mitgliedschaften in Netzwerken mit landkreis in "
                        "Brandenburg UND in Sachsen (regionsweite Netzwerke 'Lausitz' zählen "
                        "nicht); nur die geplanten Akteure erfüllen das.",
            "hidden_champions": "nur 3 Netzwerke, aber genau die drei großen regionsweiten "
                                "(Kompetenzregion Lausitz, WRL-Werkstatt 1, NetzwerkZukunft) "
                                "und ab 2025 von vielen, vor allem zentralen Akteuren als "
                                "Kooperationspartner genannt (kooperationen: an). Erkennbar am "
                                "PageRank im gewichteten Ko-Mitgliedschaftsnetz der Akteure "
                                "(oberstes Fünftel, Rang nach anzahl_netzwerke nur im "
                                "Mittelfeld) und im gerichteten Kooperationsnetz (von → an; "
                                "2025/2026 unter den ersten ~10); im "
                                "zweimodalen Netz allein ist PageRank fast proportional zum "
                                "Grad und zeigt sie nicht.",
            "veroeffentlichen": "Rohwerte ja/nein bzw. Ja/Nein (unvollständige Antworten "
                                "2024 auch leer); ~8 % nein.",
            "leere_felder": "geplante Akteure (bruecken, hidden_champions, Umbenennung) und "
                            "geplante Netzwerke behalten kategorie, ebene und landkreis in "
                            "den Rohdaten; sonst sind optionale Felder manchmal leer "
                            "(akteure.csv: kategorie ~5 %, ebene ~8 %, landkreis ~12 %, "
                            "telefon ~12 %; netzwerke: typ ~5 %, landkreis nur bei "
                            "Orts-Netzwerken ~8 %). Die Grundwahrheit nennt die wahren Werte.",
            "rollen": "Koordination eines Netzwerks ist Mitglied mit Rolle Leitung; in der "
                      "LimeSurvey-Welle höchste angekreuzte Rolle (Leitung > Gastgeber > "
                      "Mitglied).",
        },
        "umbenennung": {"alt": RENAMED_OLD, "neu": renamed.name, "akteur_id": truth.aid(renamed),
                        "zwischen": ["2025", "2026"],
                        "alias": {"art": "akteur", "variante": RENAMED_OLD,
                                  "kanonisch": renamed.name}},
        "aliase_demo": [dict(r) for r in sorted(gen.demo_aliases, key=lambda r: (
            r["art"], r["kanonisch"], r["variante"]))],
        "wellen": waves,
    }
    files["raw/" + GROUND_TRUTH] = (_dump_json(ground) + "\n").encode("utf-8")

    # reference data
    for name in REFERENCE_COPIES:
        files["external/" + name] = (folder / name).read_bytes()
    files["external/aliase.csv"] = _aliases_bytes(folder / "aliase.csv", gen.demo_aliases)
    return dict(sorted(files.items()))


def _aliases_bytes(package_file: Path, demo: list[dict]) -> bytes:
    with open(package_file, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or ["art", "variante", "kanonisch", "kommentar"])
        rows = [dict(r) for r in reader]
    seen = {(r["art"].casefold(), name_key(r["variante"])) for r in rows}
    for r in demo:
        if (r["art"], name_key(r["variante"])) not in seen:
            rows.append({c: r.get(c, "") for c in columns})
            seen.add((r["art"], name_key(r["variante"])))
    rows.sort(key=lambda r: (r["art"], r["kanonisch"], r["variante"]))
    return _csv_text(columns, rows).encode("utf-8")


def write_demo(data_dir: Path, scale: int = 1, seed: int = 20251) -> list[Path]:
    """Write the synthetic demo waves 2024–2026, their ground truth and the reference data.

    ``data_dir`` is the folder holding ``raw/`` and ``external/``. Existing demo files are
    overwritten; a wave folder that holds other files is refused (it may be real data).
    Returns the written files, sorted. Same arguments → byte-identical files.
    """
    data_dir = Path(data_dir)
    for wave, names in RAW_FILES.items():
        folder = data_dir / "raw" / wave
        if folder.is_dir():
            foreign = sorted(p.name for p in folder.iterdir() if p.name not in names
                             and not p.name.startswith("."))
            if foreign:
                raise BildungsnetzError(
                    f"Der Ordner enthält Dateien, die nicht zu den Demodaten gehören "
                    f"({', '.join(foreign)}); die Demodaten werden dort nicht geschrieben. "
                    "Bitte einen anderen Datenordner (--data) wählen.", datei=folder)
    files = build(scale=scale, seed=seed)
    written = []
    for rel, data in files.items():
        path = data_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return sorted(written)
