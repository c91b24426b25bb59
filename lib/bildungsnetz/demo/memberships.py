"""Who is in which network, wave by wave, and in which role.

Members are drawn by activity × district fit × topic overlap (:class:`Affinity`), so that
chambers, agencies and universities are hubs and city actors are in more networks. From the
second wave on, new members also follow shared partners and proximity
(:data:`TIE_FORMATION`, :meth:`Affinity.join_weight`), as new ties between organisations
do. District
networks take members of their own state only (a few from a neighbouring district of the
same state); only the planted bridge actors sit in district networks of both states. Each
wave keeps ~90 % of a network's members of the wave before. After the draws come the
planted structures (:mod:`bildungsnetz.demo.planted`), then every actor gets at least one
network, and every network a coordinator (role ``Leitung``) and hosts (``Gastgeber``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import sparse

from bildungsnetz.demo import planted
from bildungsnetz.demo.world import ACTORS_PER_WAVE, REGION_WIDE, Actor, Network, World, jaccard

#: How actors join networks from the second wave on (new members of a network), on top of
#: activity × district fit × topic overlap (:meth:`Affinity.weight`: the factor
#: ``1 + 0.9 · shared topics + 0.45 · shared target groups``). Studies of how new ties
#: between organisations form find that a common partner (triadic closure), proximity and
#: shared content raise the chance of a tie: Gulati & Gargiulo (1999), "Where do
#: interorganizational networks come from?", *AJS* 104, 1439–1493 (prior ties and common
#: partners); Kossinets & Watts (2006), "Empirical analysis of an evolving social network",
#: *Science* 311, 88–90 (the chance of a new tie grows with the number of common contacts
#: and with shared foci). A candidate's weight is multiplied by
#: ``1 + partner_faktor · min(k, partner_max)`` (``k``: members of the network that already
#: are the actor's partners, i.e. co-members in the wave before) and
#: ``1 + naehe_faktor · exp(-d / naehe_km)`` (``d``: km from the actor's municipality to the
#: nearest member's). A new network starts from its coordinator (or one member drawn by
#: :meth:`Affinity.weight`) and grows the same way.
TIE_FORMATION = {
    "ab_welle": 2,
    "partner_faktor": 0.5,
    "partner_max": 4,
    "naehe_faktor": 2.0,
    "naehe_km": 10.0,
    "themen_faktor": 0.9,
    "zielgruppen_faktor": 0.45,
}


class Affinity:
    """How well actors fit networks (the weights of member draws), and networks each other.

    Holds the topic and target-group sets of every actor and network, and the actors that
    may join a network of a given area, per wave.
    """

    def __init__(self, world: World):
        self.world = world
        self._actor_sets = {a.idx: (frozenset(a.topics), frozenset(a.groups)) for a in world.actors}
        self._network_sets = {
            n.idx: (frozenset(n.topics), frozenset(n.groups)) for n in world.networks
        }
        self._pools: dict[tuple, list[Actor]] = {}
        self._coords: dict[tuple, tuple[float, float]] = {}
        for r in world.ref.gemeinden:
            key = (r["landkreis"], r.get("gemeinde") or r["ort"])
            if key not in self._coords and r.get("lat") and r.get("lon"):
                self._coords[key] = (float(r["lat"]), float(r["lon"]))
        #: actor idx -> its partners (co-members) in the wave before, per wave
        self.partners_before: dict[int, set] = {}

    def weight(self, a: Actor, n: Network) -> float:
        """Weight of actor ``a`` in a draw of members for network ``n`` (0: cannot join)."""
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
        at, ag = self._actor_sets[a.idx]
        nt, ng = self._network_sets[n.idx]
        overlap = len(at & nt) + 0.5 * len(ag & ng)
        lead = 1.3 if a.kategorie in n.lead else 1.0
        if n.special == "central":  # the big region-wide networks gather the active ones
            geo *= a.activity
        return a.activity * geo * (1.0 + 0.9 * overlap) * lead

    def join_weight(self, a: Actor, n: Network, members) -> float:
        """Weight of ``a`` joining ``n`` (members so far: ``members``) from wave 2 on.

        :meth:`weight` × triadic closure × proximity, see :data:`TIE_FORMATION`.
        """
        base = self.weight(a, n)
        if base <= 0:
            return 0.0
        tf = TIE_FORMATION
        k = sum(1 for i in self.partners_before.get(a.idx, ()) if i in members)
        closure = 1.0 + tf["partner_faktor"] * min(k, tf["partner_max"])
        near = self._nearest_km(a, members)
        return base * closure * (1.0 + tf["naehe_faktor"] * math.exp(-near / tf["naehe_km"]))

    def _where(self, a: Actor) -> tuple[float, float] | None:
        return self._coords.get((a.place.landkreis, a.place.gemeinde)) if a.place else None

    def _nearest_km(self, a: Actor, members) -> float:
        """Km from ``a`` to the nearest of ``members`` (inf when unknown)."""
        here = self._where(a)
        if here is None:
            return math.inf
        best = math.inf
        for i in members:
            there = self._where(self.world.actors[i])
            if there is not None:
                best = min(best, _km(here, there))
        return best

    def candidates(self, w: int, landkreis: str) -> list[Actor]:
        """Active actors that can be drawn into a network of this area (weight > 0)."""
        key = (w, landkreis)
        if key not in self._pools:
            self._pools[key] = [
                a
                for a in self.world.actors
                if a.active(w)
                and a.activity > 0
                and (landkreis == REGION_WIDE or landkreis in a.scope)
            ]
        return self._pools[key]

    def draw(self, n: Network, w: int, k: int, exclude) -> list[int]:
        """``k`` new members for ``n`` in wave ``w`` (actor indices not in ``exclude``)."""
        pool = [a for a in self.candidates(w, n.landkreis) if a.idx not in exclude]
        weights = self.weights(pool, n)
        chosen = self.world.rng.weighted_sample_fast(
            pool, weights, lambda p: self.weight(pool[p], n), k
        )
        return [a.idx for a in chosen]

    def join(self, n: Network, w: int, k: int, members: dict) -> list[int]:
        """``k`` new members for ``n`` in wave ``w`` >= 1, drawn by :meth:`join_weight`.

        A network without members yet starts from one drawn by :meth:`weight`.
        """
        pool = [a for a in self.candidates(w, n.landkreis) if a.idx not in members]
        if k <= 0 or not pool:
            return []
        seed: list[int] = []
        if not members:
            seed = [self.world.rng.weighted_fast(pool, self.weights(pool, n)).idx]
            pool = [a for a in pool if a.idx != seed[0]]
            k -= 1
        around = set(members) | set(seed)
        approx = self.join_weights(pool, n, around)
        chosen = self.world.rng.weighted_sample_fast(
            pool, approx, lambda p: self.join_weight(pool[p], n, around), k
        )
        return seed + [a.idx for a in chosen]

    # -- the same weights for a whole pool at once (numpy) -------------------------------

    def _build_arrays(self) -> None:
        actors = self.world.actors
        self._n_arrays = len(actors)
        self._act = np.array([a.activity for a in actors], dtype=float)
        topics = sorted(
            {t for a in actors for t in a.topics}
            | {t for x in self.world.networks for t in x.topics}
        )
        groups = sorted(
            {g for a in actors for g in a.groups}
            | {g for x in self.world.networks for g in x.groups}
        )
        self._topic_pos = {t: i for i, t in enumerate(topics)}
        self._group_pos = {g: i for i, g in enumerate(groups)}
        self._T = np.zeros((len(actors), max(len(topics), 1)))
        self._G = np.zeros((len(actors), max(len(groups), 1)))
        for a in actors:
            self._T[a.idx, [self._topic_pos[t] for t in set(a.topics)]] = 1.0
            self._G[a.idx, [self._group_pos[g] for g in set(a.groups)]] = 1.0
        self._cat = np.array([a.kategorie for a in actors], dtype=object)
        self._town = np.array([a.place.gemeinde if a.place else None for a in actors], dtype=object)
        self._scopes: dict[str, np.ndarray] = {}
        places = sorted(set(self._coords.values()))
        index = {p: i for i, p in enumerate(places)}
        self._place = np.array(
            [index[xy] if (xy := self._where(a)) is not None else -1 for a in actors], dtype=int
        )
        lat, lon = (np.radians([p[i] for p in places]) for i in (0, 1))
        h = (
            np.sin((lat[None, :] - lat[:, None]) / 2) ** 2
            + np.cos(lat[:, None])
            * np.cos(lat[None, :])
            * np.sin((lon[None, :] - lon[:, None]) / 2) ** 2
        )
        self._place_km = 2 * 6371.0 * np.arcsin(np.sqrt(np.minimum(1.0, h)))

    def _arrays_ready(self) -> None:
        if getattr(self, "_n_arrays", -1) != len(self.world.actors):
            self._build_arrays()

    def _in_scope(self, landkreis: str) -> np.ndarray:
        if landkreis not in self._scopes:
            self._scopes[landkreis] = np.array(
                [landkreis in a.scope for a in self.world.actors], dtype=bool
            )
        return self._scopes[landkreis]

    def weights(self, pool: list[Actor], n: Network) -> np.ndarray:
        """:meth:`weight` of every actor of ``pool`` for ``n``, bit for bit the same numbers
        (the same operations in the same order, on arrays)."""
        self._arrays_ready()
        idx = np.array([a.idx for a in pool], dtype=int)
        act = self._act[idx]
        if n.landkreis == REGION_WIDE:
            geo = np.ones(len(idx))
        else:
            inside = self._in_scope(n.landkreis)[idx]
            geo = np.where(inside, 1.0, 0.0)
            if n.town:
                geo = np.where(inside, np.where(self._town[idx] == n.town, 4.0, 0.35), 0.0)
        nt, ng = self._network_sets[n.idx]
        t = self._T[idx][:, [self._topic_pos[x] for x in nt]].sum(axis=1)
        g = self._G[idx][:, [self._group_pos[x] for x in ng]].sum(axis=1)
        overlap = t + 0.5 * g
        lead = np.where(np.isin(self._cat[idx], list(n.lead)), 1.3, 1.0)
        if n.special == "central":
            geo = geo * act
        out = act * geo * (1.0 + 0.9 * overlap) * lead
        return np.where((act > 0) & (geo > 0), out, 0.0)

    def join_weights(self, pool: list[Actor], n: Network, members) -> np.ndarray:
        """:meth:`join_weight` of every actor of ``pool`` (to within rounding: the nearest
        member's distance comes from a table of the places)."""
        base = self.weights(pool, n)
        idx = np.array([a.idx for a in pool], dtype=int)
        tf = TIE_FORMATION
        k = self._partner_counts(members)[idx]
        closure = 1.0 + tf["partner_faktor"] * np.minimum(k, tf["partner_max"])
        there = np.unique(self._place[list(members)]) if members else np.zeros(0, dtype=int)
        there = there[there >= 0]
        near = np.full(len(idx), np.inf)
        if len(there):
            here = self._place[idx]
            known = here >= 0
            near[known] = self._place_km[np.ix_(here[known], there)].min(axis=1)
        return base * closure * (1.0 + tf["naehe_faktor"] * np.exp(-near / tf["naehe_km"]))

    def _partner_counts(self, members) -> np.ndarray:
        """Per actor: how many of ``members`` were its partners in the wave before."""
        self._arrays_ready()
        if getattr(self, "_partners_of", None) is not self.partners_before:
            rows = [i for i, ps in self.partners_before.items() for _ in ps]
            cols = [p for ps in self.partners_before.values() for p in ps]
            size = len(self.world.actors)
            self._partner_matrix = sparse.csr_array(
                (np.ones(len(rows)), (rows, cols)), shape=(size, size)
            )
            self._partners_of = self.partners_before
        out = np.zeros(len(self.world.actors))
        if members:  # partners are mutual: sum the members' rows (cost: their partners)
            rows = self._partner_matrix[np.fromiter(members, dtype=int)]
            np.add.at(out, rows.indices, rows.data)
        return out

    def alike(self, x: Network, y: Network) -> bool:
        """Topics and target groups overlap at least half (mean Jaccard)."""
        xt, xg = self._network_sets[x.idx]
        yt, yg = self._network_sets[y.idx]
        return (jaccard(xt, yt) + jaccard(xg, yg)) / 2 >= 0.5


def assign_memberships(world: World) -> Affinity:
    """Draw the members and roles of every network in every wave.

    Returns the :class:`Affinity` (the later planting of new connections draws with it).
    """
    affinity = Affinity(world)
    for w in range(3):
        affinity.partners_before = world.partners(w - 1) if w else {}
        for n in world.networks:
            if n.active(w) and n.special != "dupB":
                n.members[w] = _draw_members(world, affinity, n, w)
        cross_district(world, w)
        planted.duplicates(world, affinity, w)
        planted.bridges(world, w)
        planted.champions(world, w)
        planted.keep_distinct(world, affinity, w)
        no_isolates(world, w)
        assign_roles(world, w)
    return affinity


def _draw_members(world: World, affinity: Affinity, n: Network, w: int) -> dict[int, str]:
    """The members of ``n`` in wave ``w``.

    ~90 % of the wave before (with their roles), the fixed coordinator, and new ones up
    to the network's size in this wave.
    """
    rng = world.rng
    growth = 1.0 + 0.07 * (w - n.first)
    if n.special == "central":  # the big ones grow with the landscape
        growth = (ACTORS_PER_WAVE[w] / ACTORS_PER_WAVE[n.first]) ** 0.6
    target = max(3, int(round(n.base_size * growth * (0.9 + 0.2 * rng.random()))))
    members: dict[int, str] = {}
    if w > 0 and n.active(w - 1) and n.members.get(w - 1):
        for aidx, role in n.members[w - 1].items():
            if world.actors[aidx].active(w) and rng.chance(0.9):
                members[aidx] = role
    if n.coord is not None and world.actors[n.coord].active(w):
        members.setdefault(n.coord, "Mitglied")
    if w + 1 >= TIE_FORMATION["ab_welle"]:
        new = affinity.join(n, w, max(0, target - len(members)), members)
    else:
        new = affinity.draw(n, w, max(0, target - len(members)), members)
    for aidx in new:
        members[aidx] = "Mitglied"
    return members


def _km(p: tuple[float, float], q: tuple[float, float]) -> float:
    """Haversine distance in km between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*p, *q))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def cross_district(world: World, w: int) -> None:
    """A few members from a neighbouring district of the same state (not across states)."""
    rng = world.rng
    # state -> the actors that may cross: positions, districts, activities (arrays)
    pools: dict[str | None, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for n in world.networks:
        if not n.active(w) or n.landkreis == REGION_WIDE or n.special or not rng.chance(0.3):
            continue
        state = world.ref.state.get(n.landkreis)
        if state not in pools:
            may = [
                a
                for a in world.actors
                if a.active(w)
                and a.activity > 0
                and a.place
                and a.place.bundesland == state
                and a.tag != "bridge"
            ]
            pools[state] = (
                np.array([a.idx for a in may], dtype=int),
                np.array([a.landkreis for a in may], dtype=object),
                np.array([a.activity for a in may], dtype=float),
            )
        idx, districts, activity = pools[state]
        ok = (districts != n.landkreis) & ~np.isin(idx, list(n.members[w]))
        if ok.any():
            pick = rng.weighted_fast(idx[ok].tolist(), activity[ok])
            n.members[w][pick] = "Mitglied"


def no_isolates(world: World, w: int) -> None:
    """Every actor of the wave is in at least one network (one of its area, if possible)."""
    rng = world.rng
    count: dict[int, int] = {}
    for n in world.networks:
        if n.active(w):
            for i in n.members[w]:
                count[i] = count.get(i, 0) + 1
    by_district: dict[str, list[Network]] = {}  # the networks an actor of a district may join
    for n in world.networks:
        if n.active(w) and not n.special and (not n.freetext_2024 or w > 0):
            by_district.setdefault(n.landkreis, []).append(n)
    order = {n.idx: pos for pos, n in enumerate(world.networks)}
    vocab = {t: k for k, t in enumerate(sorted({t for n in world.networks for t in n.topics}))}
    topics = np.zeros((len(world.networks), max(len(vocab), 1)))
    for n in world.networks:
        topics[order[n.idx], [vocab[t] for t in set(n.topics)]] = 1.0
    size = np.array([len(n.members.get(w, ())) for n in world.networks], dtype=float)
    # per scope: its networks in world order, their positions and towns (arrays)
    choices: dict[frozenset, tuple[list[Network], np.ndarray, np.ndarray]] = {}
    for a in world.actors:
        if not a.active(w) or count.get(a.idx):
            continue
        scope = frozenset(a.scope)
        if scope not in choices:
            nets = sorted(
                {n.idx: n for d in scope for n in by_district.get(d, [])}.values(),
                key=lambda n: order[n.idx],
            )
            if not nets:
                nets = [
                    n
                    for n in world.networks
                    if n.active(w) and n.landkreis == REGION_WIDE and not n.special
                ]
            choices[scope] = (
                nets,
                np.array([order[n.idx] for n in nets], dtype=int),
                np.array([n.town for n in nets], dtype=object),
            )
        nets, where, towns = choices[scope]
        mine = np.zeros(topics.shape[1])
        for t in a.topics:  # with repeats, as a count over the actor's list
            if t in vocab:
                mine[vocab[t]] += 1.0
        same_town = towns == a.place.gemeinde if a.place else np.zeros(len(nets), dtype=bool)
        # (4 if the network is in the actor's town) · (1 + shared topics) / (1 + size / 10)
        weights = (
            np.where(same_town, 4.0, 1.0) * (1 + topics[where] @ mine) / (1 + size[where] / 10)
        )
        n = rng.weighted_fast(nets, weights)
        n.members[w][a.idx] = "Mitglied"
        size[order[n.idx]] += 1


def assign_roles(world: World, w: int) -> None:
    """Give every network a coordinator (``Leitung``) and hosts (``Gastgeber``) by size.

    The coordinator is the fixed one, mostly the one of the wave before, else drawn
    preferring the network's lead categories.
    """
    rng = world.rng
    for n in world.networks:
        if not n.active(w):
            continue
        members = n.members[w]
        if n.freetext_2024 and w == 0:
            for i in members:
                members[i] = "Mitglied"
            n.koordination[w] = None
            continue
        coord = _coordinator(world, n, w)
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


def _coordinator(world: World, n: Network, w: int) -> int:
    rng, members = world.rng, n.members[w]
    prev = n.koordination.get(w - 1)
    if n.coord is not None and n.coord in members:
        return n.coord
    if prev is not None and prev in members and rng.chance(0.92):
        return prev
    cand = [i for i in members if world.actors[i].tag != "champion"]
    weights = [
        (25.0 if world.actors[i].kategorie in n.lead else 1.0) * (world.actors[i].activity + 0.5)
        for i in cand
    ]
    return rng.weighted(cand, weights)
