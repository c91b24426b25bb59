"""The synthetic world: actors, networks and the state every generation step shares.

A :class:`World` is filled by the steps of :func:`bildungsnetz.demo.generator.generate` in a
fixed order (all of them draw from the one ``world.rng``), and then only read: by the
renderers, which write it as messy survey files, and by the ground truth.

Waves are indexed 0, 1, 2 (``WAVES``); an actor or a network is present from wave ``first``
to wave ``last`` inclusive, and a network's members and coordinator are kept per wave.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bildungsnetz.demo.names import NameRegistry
from bildungsnetz.demo.refdata import Municipality, Place, ReferenceData
from bildungsnetz.demo.rng import Rng
from bildungsnetz.demo.vocab import CATEGORIES, GROUP_KEYS, TOPIC_KEYS
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.reference import REGION_WIDE

__all__ = [
    "ACTORS_PER_WAVE",
    "NETWORKS_PER_WAVE",
    "REGION_WIDE",
    "RENAME_WAVE",
    "WAVES",
    "Actor",
    "Network",
    "World",
    "jaccard",
    "settlement_weight",
]

WAVES = ("2024", "2025", "2026")
ACTORS_PER_WAVE = (180, 250, 320)  # per unit of scale
NETWORKS_PER_WAVE = (60, 80, 100)  # per unit of scale
RENAME_WAVE = 2  # the renamed institution has its new name from here on


@dataclass
class Actor:
    """An institution of the world, with its true (canonical) data."""

    idx: int
    name: str  # canonical name (the newest one for the renamed actor)
    kategorie: str
    place: Place | None
    ebene: str
    scope: tuple  # districts it works in
    activity: float  # weight for random memberships (0: only planted ones)
    topics: list
    groups: list
    first: int  # first wave index
    last: int  # last wave index (inclusive)
    tag: str = ""  # hub, bridge, champion, renamed, outside
    old_name: str = ""
    consent: bool = True
    person: str = ""
    email: str = ""
    phone: str = ""
    plz_out: str = ""  # for actors outside the gazetteer: real address
    ort_out: str = ""
    bundesland_out: str = ""

    def active(self, w: int) -> bool:
        """Present in wave ``w``."""
        return self.first <= w <= self.last

    def name_in(self, w: int) -> str:
        """The name the actor has in wave ``w`` (the old one before the rename)."""
        return self.old_name if self.old_name and w < RENAME_WAVE else self.name

    @property
    def landkreis(self) -> str:
        """District of the seat ("" outside the region)."""
        return self.place.landkreis if self.place else ""

    @property
    def bundesland(self) -> str:
        """State of the seat."""
        return self.place.bundesland if self.place else self.bundesland_out


@dataclass
class Network:
    """A network of the world: its profile, and its members and coordinator per wave."""

    idx: int
    name: str
    typ: str
    landkreis: str  # district or "Lausitz"
    town: str  # gemeinde for town-level networks
    topics: list
    groups: list
    base_size: int
    first: int
    last: int
    lead: tuple  # preferred categories of the coordinating actor
    known: bool = False
    special: str = ""  # central (large region-wide), dupA/dupB (planted duplicate pair)
    freetext_2024: bool = False
    coord: int | None = None  # fixed coordinating actor (known networks)
    members: dict = field(default_factory=dict)  # wave -> {actor idx: role}
    koordination: dict = field(default_factory=dict)  # wave -> actor idx

    def active(self, w: int) -> bool:
        """Present in wave ``w``."""
        return self.first <= w <= self.last


def settlement_weight(m: Municipality) -> float:
    """How likely an institution sits in this municipality (activity is urban).

    Population^1.1, cities ×1.4, district seats ×2.
    """
    w = max(m.einwohner, 300) ** 1.1
    if m.raumtyp == "städtisch":
        w *= 1.4
    if m.seat:
        w *= 2.0
    return w


def jaccard(a, b) -> float:
    """Jaccard index of two collections of distinct items (0 if one is empty)."""
    if not a or not b:
        return 0.0
    inter = sum(1 for i in a if i in b)
    return inter / (len(a) + len(b) - inter)


class World:
    """The state the generation steps share.

    Reference data, random stream, names, the actors and networks, and what was planted.
    """

    def __init__(self, ref: ReferenceData, scale: int, seed: int):
        self.ref = ref
        self.scale = scale
        self.seed = seed
        self.rng = Rng(seed)
        self.names = NameRegistry(ref.alias_rows)
        self.actors: list[Actor] = []
        self.networks: list[Network] = []
        #: wave -> cooperation ties (von idx, an idx, intensity); waves 1 and 2 only
        self.coops: dict[int, list[tuple[int, int, int]]] = {}
        #: the planted new connections between waves (records for the ground truth)
        self.new_connections: list[dict] = []
        #: wave -> actors (idx) that do not answer the survey (``demo.response``)
        self.nonresponse: dict[int, list[int]] = {}
        for c in CATEGORIES:
            if c not in ref.vocab.get("kategorie", []):
                raise BildungsnetzError(f"Demodaten: Kategorie „{c}“ fehlt in vokabular.csv.")
        #: topic / target-group key -> vocabulary value
        self.topic = {k: ref.value("thema", v) for k, v in TOPIC_KEYS.items()}
        self.group = {k: ref.value("zielgruppe", v) for k, v in GROUP_KEYS.items()}
        for e in ("Bund", "Land", "Region", "Kreis", "Kommune"):
            if e not in ref.vocab.get("ebene", []):
                raise BildungsnetzError(f"Demodaten: Ebene „{e}“ fehlt in vokabular.csv.")
        self.brandenburg = [d for d in ref.districts if ref.state[d] == "Brandenburg"]
        self.saxony = [d for d in ref.districts if ref.state[d] == "Sachsen"]
        self.muni_weights = [settlement_weight(m) for m in ref.munis]

    def topics(self, keys) -> list[str]:
        """Vocabulary values of topic keys."""
        return [self.topic[k] for k in keys]

    def groups(self, keys) -> list[str]:
        """Vocabulary values of target-group keys."""
        return [self.group[k] for k in keys]

    def central(self, w: int) -> list[Network]:
        """The large region-wide networks of wave ``w``."""
        return sorted(
            [n for n in self.networks if n.special == "central" and n.active(w)],
            key=lambda n: n.idx,
        )

    def partners(self, w: int) -> dict[int, set]:
        """Actor idx -> the actors it shares at least one network with in wave ``w``."""
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
        """Actor idx -> the topics of its networks in wave ``w``."""
        out: dict[int, set] = {}
        for n in self.networks:
            if n.active(w):
                for i in n.members[w]:
                    out.setdefault(i, set()).update(n.topics)
        return out
