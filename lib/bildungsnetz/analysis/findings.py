"""Findings for the report: duplicate structures, cooperation potential, community profiles.

All functions work on the graphs of :mod:`bildungsnetz.graphs` (node attributes ``name``,
``landkreis``, ``raumtyp``, ``lat``, ``lon``, ``themen``, ``zielgruppen`` as ``;``-joined
strings) and return DataFrames with one row per finding, the evidence in separate columns and
a German one-sentence explanation (``erklaerung``). Results are sorted deterministically.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.analysis.graphs import actor_nodes, actor_projection, network_nodes, split_values

__all__ = [
    "REGION",
    "POTENTIAL_WEIGHTS",
    "POTENTIAL_COLUMNS",
    "DUPLICATE_COLUMNS",
    "area_phrase",
    "haversine_km",
    "jaccard",
    "duplicate_structures",
    "actor_pair_potential",
    "network_suggestions",
    "cooperation_potential",
    "top_per_kind",
    "describe_communities",
    "topic_target_matrix",
    "topic_district_matrix",
]

#: Pseudo-district of region-wide networks (``netzwerke.landkreis``).
REGION = "Lausitz"
#: Districts that are a kreisfreie Stadt ("in Cottbus", not "im Landkreis Cottbus").
def _independent_cities() -> frozenset:
    """Districts that are towns themselves ("kreisfreie Stadt", e.g. Cottbus), from the
    district table shipped with the package: they read "in Cottbus", not "im Landkreis …"."""
    import csv as _csv

    from bildungsnetz.ingest.reference import PACKAGE_REFERENCE

    with open(PACKAGE_REFERENCE / "landkreise.csv", encoding="utf-8-sig") as handle:
        return frozenset(row["landkreis"] for row in _csv.DictReader(handle)
                         if row.get("art", "").strip().casefold() == "kreisfreie stadt")


KREISFREIE_STAEDTE = _independent_cities()
#: Weights of the evidence in the cooperation-potential score (they sum to 1).
POTENTIAL_WEIGHTS = {"themen": 0.35, "zielgruppen": 0.25, "naehe": 0.2, "partner": 0.2}
RURAL = "ländlich"

DUPLICATE_COLUMNS = [
    "netzwerk_a_id", "netzwerk_a", "netzwerk_b_id", "netzwerk_b", "gebiet",
    "landkreis_a", "landkreis_b", "mitglieder_a", "mitglieder_b", "gemeinsame_mitglieder",
    "jaccard_mitglieder", "gemeinsame_mitglieder_namen", "gemeinsame_themen", "jaccard_themen",
    "gemeinsame_zielgruppen", "jaccard_zielgruppen", "score", "erklaerung",
]

POTENTIAL_COLUMNS = [
    "art", "rang", "id_a", "name_a", "landkreis_a", "id_b", "name_b", "landkreis_b",
    "gemeinsame_themen", "gemeinsame_zielgruppen", "gemeinsame_partner", "adamic_adar",
    "distanz_km", "laendlich", "s_themen", "s_zielgruppen", "s_naehe", "s_partner", "score",
    "erklaerung",
]


# --------------------------------------------------------------------------- small helpers


def area_phrase(landkreis) -> str:
    """German place phrase for a district: "im Landkreis Görlitz", "in Cottbus", ...

    ``"Lausitz"`` gives "in der ganzen Lausitz"; an empty value gives "".
    """
    lk = "" if landkreis is None or (isinstance(landkreis, float) and math.isnan(landkreis)) \
        else str(landkreis).strip()
    if not lk:
        return ""
    if lk == REGION:
        return "in der ganzen Lausitz"
    if lk in KREISFREIE_STAEDTE:
        return f"in {lk}"
    return f"im Landkreis {lk}"


def _list_de(items, limit: int | None = None) -> str:
    """Join items German style: "A", "A und B", "A, B und C" (+ " u. a." when truncated)."""
    items = list(items)
    more = limit is not None and len(items) > limit
    if more:
        items = items[:limit]
    if not items:
        return ""
    text = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]
    return text + (" u. a." if more else "")


def _join_clauses(clauses) -> str:
    clauses = [c for c in clauses if c]
    if not clauses:
        return ""
    text = _list_de(clauses)
    return text[0].upper() + text[1:] + "."


def _de_number(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _km(d: float) -> str:
    return "weniger als 1 km" if d < 1 else f"{int(round(d))} km"


def haversine_km(lat1, lon1, lat2, lon2):
    r"""Great-circle distance in km between points given in decimal degrees (WGS84).

    Haversine formula on a sphere of radius 6371.0088 km (the mean Earth radius, IUGG):
    :math:`d = 2R \arcsin\sqrt{\sin^2(\Delta\varphi/2) + \cos\varphi_1\cos\varphi_2
    \sin^2(\Delta\lambda/2)}`. Works on scalars and broadcasts over numpy arrays; NaN
    coordinates give NaN. (Sinnott, R. W. (1984). Virtues of the haversine. *Sky and
    Telescope* 68(2), 159.)
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    h = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _haversine_scalar(lat1, lon1, lat2, lon2) -> float:
    """:func:`haversine_km` for four Python floats (much faster than numpy on scalars)."""
    lat1, lon1, lat2, lon2 = map(float, (lat1, lon1, lat2, lon2))
    if any(math.isnan(x) for x in (lat1, lon1, lat2, lon2)):
        return math.nan
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(max(h, 0.0), 1.0)))


def jaccard(a, b) -> float:
    r"""Jaccard similarity :math:`|A \cap B| / |A \cup B|` of two sets; 0 if both are empty.

    (Jaccard, P. (1912). The distribution of the flora in the alpine zone. *New Phytologist*
    11, 37–50.)
    """
    a, b = set(a), set(b)
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _attr(G, v, key, default=""):
    value = G.nodes[v].get(key, default)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    return value


def _coord(G, v) -> tuple[float, float]:
    try:
        lat = float(G.nodes[v].get("lat", math.nan))
        lon = float(G.nodes[v].get("lon", math.nan))
    except (TypeError, ValueError):
        return math.nan, math.nan
    return lat, lon


# --------------------------------------------------------------------------- duplicate structures


def _shared_area(lk_a: str, lk_b: str) -> str | None:
    """Common area of two networks: the district, ``REGION``, or None if none."""
    if not lk_a or not lk_b:
        return None
    if lk_a == lk_b:
        return lk_a
    if lk_a == REGION:
        return lk_b
    if lk_b == REGION:
        return lk_a
    return None


def duplicate_structures(B: nx.Graph, *, min_jaccard: float = 0.5, min_shared_members: int = 2,
                         min_shared_topics: int = 1, min_shared_targets: int = 1) -> pd.DataFrame:
    r"""Pairs of networks that look like duplicate structures ("Doppelstrukturen").

    A pair of networks :math:`(a, b)` is reported when **all** of these hold:

    1. strongly overlapping members: Jaccard similarity of the member sets
       :math:`J_M = |M_a \cap M_b| / |M_a \cup M_b| \ge` ``min_jaccard`` and at least
       ``min_shared_members`` shared members;
    2. overlapping topics and target groups: at least ``min_shared_topics`` shared topics and
       ``min_shared_targets`` shared target groups (networks without recorded topics or target
       groups can therefore not be flagged);
    3. same area: both work in the same district, or one of them is region-wide
       (``landkreis == "Lausitz"``); the area reported is that district (or "Lausitz" when
       both are region-wide).

    Rows are ranked by ``score`` :math:`= 0.5\,J_M + 0.25\,J_T + 0.25\,J_Z` (:math:`J_T`,
    :math:`J_Z` the Jaccard similarities of topics and target groups), then by ids. Only pairs
    sharing a member are examined (one pass over the actors' network lists), so the cost
    grows with the number of co-memberships, not with the square of the number of networks.

    Columns: see :data:`DUPLICATE_COLUMNS`; ``gemeinsame_mitglieder_namen``,
    ``gemeinsame_themen`` and ``gemeinsame_zielgruppen`` are ``"; "``-joined and sorted.
    """
    nets = network_nodes(B)
    members = {n: set(B[n]) for n in nets}
    topics = {n: set(split_values(_attr(B, n, "themen"))) for n in nets}
    targets = {n: set(split_values(_attr(B, n, "zielgruppen"))) for n in nets}
    shared: Counter = Counter()
    for a in actor_nodes(B):
        for x, y in combinations(sorted(B[a]), 2):
            shared[(x, y)] += 1
    rows = []
    for (x, y), k in sorted(shared.items()):
        if k < min_shared_members:
            continue
        jm = k / len(members[x] | members[y])
        if jm < min_jaccard:
            continue
        st, sz = topics[x] & topics[y], targets[x] & targets[y]
        if len(st) < min_shared_topics or len(sz) < min_shared_targets:
            continue
        lk_x, lk_y = _attr(B, x, "landkreis"), _attr(B, y, "landkreis")
        area = _shared_area(lk_x, lk_y)
        if area is None:
            continue
        jt, jz = jaccard(topics[x], topics[y]), jaccard(targets[x], targets[y])
        common = sorted(_attr(B, a, "name") or str(a) for a in members[x] & members[y])
        name_x, name_y = _attr(B, x, "name") or x, _attr(B, y, "name") or y
        if area == REGION:
            where = "sind beide lausitzweit aktiv"
        elif lk_x == lk_y:
            where = f"sind beide {area_phrase(area)} aktiv"
        else:
            wide = name_x if lk_x == REGION else name_y
            where = f"sind beide {area_phrase(area)} aktiv („{wide}“ lausitzweit)"
        sentence = (
            f"„{name_x}“ und „{name_y}“ haben {k} gemeinsame Mitglieder "
            f"(von {len(members[x])} bzw. {len(members[y])}; Jaccard {_de_number(jm)}), "
            f"arbeiten beide zu {_list_de(sorted(st), 3)} für {_list_de(sorted(sz), 3)} "
            f"und {where}."
        )
        rows.append({
            "netzwerk_a_id": x, "netzwerk_a": name_x, "netzwerk_b_id": y, "netzwerk_b": name_y,
            "gebiet": area, "landkreis_a": lk_x, "landkreis_b": lk_y,
            "mitglieder_a": len(members[x]), "mitglieder_b": len(members[y]),
            "gemeinsame_mitglieder": k, "jaccard_mitglieder": jm,
            "gemeinsame_mitglieder_namen": "; ".join(common),
            "gemeinsame_themen": "; ".join(sorted(st)), "jaccard_themen": jt,
            "gemeinsame_zielgruppen": "; ".join(sorted(sz)), "jaccard_zielgruppen": jz,
            "score": 0.5 * jm + 0.25 * jt + 0.25 * jz, "erklaerung": sentence,
        })
    df = pd.DataFrame(rows, columns=DUPLICATE_COLUMNS)
    if len(df):
        df = df.sort_values(["score", "netzwerk_a_id", "netzwerk_b_id"],
                            ascending=[False, True, True], kind="mergesort")
    return df.reset_index(drop=True)


# --------------------------------------------------------------------------- cooperation potential


class _ActorData:
    """Dense numpy view of the actors of a 2-mode graph (internal)."""

    def __init__(self, B: nx.Graph, P: nx.Graph | None):
        self.actors = actor_nodes(B)
        self.nets = network_nodes(B)
        self.index = {a: i for i, a in enumerate(self.actors)}
        self.nindex = {n: j for j, n in enumerate(self.nets)}
        n = len(self.actors)
        P = actor_projection(B) if P is None else P
        self.P = P
        self.topics = [set(split_values(_attr(B, a, "themen"))) for a in self.actors]
        self.targets = [set(split_values(_attr(B, a, "zielgruppen"))) for a in self.actors]
        self.net_topics = [set(split_values(_attr(B, x, "themen"))) for x in self.nets]
        self.net_targets = [set(split_values(_attr(B, x, "zielgruppen"))) for x in self.nets]
        vocab_t = sorted(set().union(*self.topics, *self.net_topics))
        vocab_z = sorted(set().union(*self.targets, *self.net_targets))
        self.T = _incidence(self.topics, vocab_t)
        self.Z = _incidence(self.targets, vocab_z)
        self.TN = _incidence(self.net_topics, vocab_t)
        self.ZN = _incidence(self.net_targets, vocab_z)
        self.A = np.zeros((n, n))
        for u, v in P.edges():
            if u in self.index and v in self.index:
                i, j = self.index[u], self.index[v]
                self.A[i, j] = self.A[j, i] = 1.0
        self.deg = self.A.sum(axis=1)
        self.nbr_idx = [np.flatnonzero(row) for row in self.A]
        self.nbrs = [set(idx.tolist()) for idx in self.nbr_idx]
        with np.errstate(divide="ignore"):
            self.aa_w = np.where(self.deg >= 2, 1.0 / np.log(np.maximum(self.deg, 2)), 0.0)
        coords = [_coord(B, a) for a in self.actors]
        self.lat = np.array([c[0] for c in coords], dtype=float)
        self.lon = np.array([c[1] for c in coords], dtype=float)
        self.rural = np.array([_attr(B, a, "raumtyp") == RURAL for a in self.actors], dtype=bool)
        self.district = [_attr(B, a, "landkreis") for a in self.actors]
        self.names = [_attr(B, a, "name") or str(a) for a in self.actors]
        self.M = np.zeros((n, len(self.nets)))
        for a in self.actors:
            for x in B[a]:
                self.M[self.index[a], self.nindex[x]] = 1.0
        self._dist = None

    @property
    def dist(self) -> np.ndarray:
        """n × n haversine distances in km between actors (inf where a coordinate is missing)."""
        if self._dist is None:
            d = haversine_km(self.lat[:, None], self.lon[:, None],
                             self.lat[None, :], self.lon[None, :])
            self._dist = np.where(np.isnan(d), np.inf, d)
        return self._dist


def _incidence(sets, vocab) -> np.ndarray:
    pos = {t: k for k, t in enumerate(vocab)}
    X = np.zeros((len(sets), len(vocab)))
    for i, s in enumerate(sets):
        for t in s:
            X[i, pos[t]] = 1.0
    return X


def _top_k(scores: np.ndarray, valid: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` best valid scores; ties broken by the smaller index."""
    cand = np.flatnonzero(valid)
    if len(cand) == 0:
        return []
    order = np.lexsort((cand, -scores[cand]))
    return [int(c) for c in cand[order[:k]]]


def _geo_score(d: float, scale: float) -> float:
    return 0.0 if d is None or math.isnan(d) else math.exp(-d / scale)


def _rural_clause(count: int, total: int, name: str = "") -> str:
    if count == 0:
        return ""
    if total == 1:
        return f"„{name}“ liegt im ländlichen Raum" if name else "der Akteur liegt im ländlichen Raum"
    return "beide liegen im ländlichen Raum" if count == 2 else \
        "einer der beiden liegt im ländlichen Raum"


def actor_pair_potential(B: nx.Graph, P: nx.Graph | None = None, *,
                         cooperation: nx.DiGraph | None = None, rural_weight: float = 1.0,
                         top_k: int = 5, distance_scale_km: float = 30.0,
                         weights: dict | None = None, min_shared_topics: int = 1,
                         min_shared_targets: int = 1, block_size: int = 512,
                         _data: _ActorData | None = None) -> pd.DataFrame:
    r"""Cooperation potential between actors that are not yet connected.

    Candidates: pairs of actors :math:`(i, j)` that are **not** co-members of any network
    (not adjacent in the co-membership graph ``P``) and, if ``cooperation`` is given, have not
    named each other as cooperation partners; that share at least ``min_shared_topics``
    topics and ``min_shared_targets`` target groups (an actor's topics and target groups are
    the union over its networks).

    Score of a candidate pair, each component in [0, 1]:

    .. math::
        s_{ij} = r_{ij}\,\bigl(0.35\,J^T_{ij} + 0.25\,J^Z_{ij} + 0.2\,e^{-d_{ij}/d_0}
        + 0.2\,\tfrac{AA_{ij}}{1 + AA_{ij}}\bigr)

    * :math:`J^T, J^Z`: Jaccard similarity of the topic and target-group sets;
    * :math:`d_{ij}`: haversine distance in km (:func:`haversine_km`), :math:`d_0` =
      ``distance_scale_km`` (30 km: 12 km apart gives 0.67, 50 km 0.19); unknown
      coordinates give 0;
    * :math:`AA_{ij} = \sum_{z \in \Gamma(i) \cap \Gamma(j)} 1/\ln|\Gamma(z)|`, the
      Adamic–Adar index on the co-membership graph (common partners, those with few partners
      counting more; Adamic & Adar 2003, Liben-Nowell & Kleinberg 2007);
    * :math:`r_{ij}` = ``rural_weight`` if at least one of the two actors is ``ländlich``,
      else 1.

    The weights (``POTENTIAL_WEIGHTS``, overridable with ``weights``) favour content
    (topics, target groups) over geography and common partners.

    Efficiency: all pairs are scored with dense numpy operations in blocks of ``block_size``
    rows (topic/target overlaps as matrix products, distances from one haversine matrix);
    Adamic–Adar is then computed only for the candidates that can still reach an actor's
    ``top_k`` (the partner term adds at most 0.2·r), from the actor's neighbourhood rows of
    the adjacency matrix. Each actor keeps its ``top_k`` best candidates (scores rounded to 6
    decimals, ties by id); the result is the union of these lists (each pair once,
    ``id_a < id_b``), with the evidence and score recomputed exactly for them. Memory is :math:`O(n^2)` floats (adjacency and distance matrices, a few hundred
    MB at 3,000 actors), time a few seconds at that size.

    Returns one row per pair, columns :data:`POTENTIAL_COLUMNS` with ``art="akteur_akteur"``,
    ranked by score (ties: ids).

    References
    ----------
    Adamic, L. A. & Adar, E. (2003). Friends and neighbors on the Web. *Social Networks* 25,
    211–230. Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social
    networks. *JASIST* 58, 1019–1031.
    """
    W = {**POTENTIAL_WEIGHTS, **(weights or {})}
    data = _data or _ActorData(B, P)
    n = len(data.actors)
    connected = data.A > 0
    if cooperation is not None:
        for u, v in cooperation.edges():
            if u in data.index and v in data.index:
                i, j = data.index[u], data.index[v]
                connected[i, j] = connected[j, i] = True
    tcount, zcount = data.T.sum(axis=1), data.Z.sum(axis=1)
    wp = W["partner"]
    pairs: set[tuple[int, int]] = set()
    for i0 in range(0, n, block_size):
        i1 = min(n, i0 + block_size)
        rows = np.arange(i0, i1)
        ST = data.T[i0:i1] @ data.T.T
        SZ = data.Z[i0:i1] @ data.Z.T
        with np.errstate(divide="ignore", invalid="ignore"):
            JT = np.nan_to_num(ST / (tcount[i0:i1, None] + tcount[None, :] - ST))
            JZ = np.nan_to_num(SZ / (zcount[i0:i1, None] + zcount[None, :] - SZ))
        geo = np.exp(-data.dist[i0:i1] / distance_scale_km)  # exp(-inf) = 0: unknown place
        r = np.where(data.rural[i0:i1, None] | data.rural[None, :], rural_weight, 1.0)
        base = r * (W["themen"] * JT + W["zielgruppen"] * JZ + W["naehe"] * geo)
        valid = (ST >= min_shared_topics) & (SZ >= min_shared_targets) & ~connected[i0:i1]
        valid[np.arange(i1 - i0), rows] = False
        for k, i in enumerate(rows):
            cand = np.flatnonzero(valid[k])
            if len(cand) == 0:
                continue
            if len(cand) > top_k:
                # the partner term adds at most r·wp: candidates that cannot reach the k-th
                # best score without it are dropped before Adamic–Adar is computed (exact:
                # the margin exceeds the 6-decimal rounding used for ranking)
                kth = np.partition(base[k, cand], -top_k)[-top_k]
                cand = cand[base[k, cand] + r[k, cand] * wp >= kth - 2e-6]
            nb = data.nbr_idx[i]
            aa = data.aa_w[nb] @ data.A[np.ix_(nb, cand)] if len(nb) else np.zeros(len(cand))
            full = np.round(base[k, cand] + r[k, cand] * wp * aa / (1.0 + aa), 6)
            for j in cand[np.lexsort((cand, -full))[:top_k]]:
                pairs.add((min(i, int(j)), max(i, int(j))))
    records = []
    for i, j in sorted(pairs):
        records.append(_pair_record(data, i, j, W, rural_weight, distance_scale_km))
    return _finish(records)


def _pair_record(data: _ActorData, i: int, j: int, W: dict, rural_weight: float,
                 scale: float) -> dict:
    a, b = data.actors[i], data.actors[j]
    st = sorted(data.topics[i] & data.topics[j])
    sz = sorted(data.targets[i] & data.targets[j])
    jt = jaccard(data.topics[i], data.topics[j])
    jz = jaccard(data.targets[i], data.targets[j])
    common = sorted(data.nbrs[i] & data.nbrs[j])
    aa = math.fsum(float(data.aa_w[z]) for z in common)
    d = _haversine_scalar(data.lat[i], data.lon[i], data.lat[j], data.lon[j])
    s_geo = _geo_score(d, scale)
    s_partner = aa / (1.0 + aa)
    n_rural = int(data.rural[i]) + int(data.rural[j])
    r = rural_weight if n_rural else 1.0
    score = r * (W["themen"] * jt + W["zielgruppen"] * jz + W["naehe"] * s_geo
                 + W["partner"] * s_partner)
    da, db = data.district[i], data.district[j]
    if da and da == db:
        where = " " + area_phrase(da)
    elif da and db:
        where = f" ({area_phrase(da)} bzw. {area_phrase(db)})"
    else:
        where = ""
    k = len(common)
    clauses = [
        f"beide arbeiten zu {_list_de(st, 3)} für {_list_de(sz, 2)}{where}",
        ("haben einen gemeinsamen Partner" if k == 1 else f"haben {k} gemeinsame Partner")
        if k else "haben noch keine gemeinsamen Partner",
        f"liegen {_km(d)} auseinander" if not math.isnan(d) else "",
        _rural_clause(n_rural, 2),
    ]
    return {
        "art": "akteur_akteur", "id_a": a, "name_a": data.names[i], "landkreis_a": da,
        "id_b": b, "name_b": data.names[j], "landkreis_b": db,
        "gemeinsame_themen": "; ".join(st), "gemeinsame_zielgruppen": "; ".join(sz),
        "gemeinsame_partner": k, "adamic_adar": aa,
        "distanz_km": d, "laendlich": bool(n_rural), "s_themen": jt, "s_zielgruppen": jz,
        "s_naehe": s_geo, "s_partner": s_partner, "score": score,
        "erklaerung": _join_clauses(clauses),
    }


def _finish(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(records, columns=[c for c in POTENTIAL_COLUMNS if c != "rang"])
    if len(df):
        df = df.sort_values(["score", "id_a", "id_b"], ascending=[False, True, True],
                            kind="mergesort").reset_index(drop=True)
    df.insert(1, "rang", np.arange(1, len(df) + 1))
    return df


def network_suggestions(B: nx.Graph, P: nx.Graph | None = None, *, rural_weight: float = 1.0,
                        top_k: int = 3, distance_scale_km: float = 30.0,
                        weights: dict | None = None, min_shared_topics: int = 1,
                        min_shared_targets: int = 1,
                        _data: _ActorData | None = None) -> pd.DataFrame:
    r"""Actor → network suggestions: networks an actor is not in but would fit.

    Candidates: networks :math:`N` the actor :math:`i` is not a member of that share at least
    ``min_shared_topics`` topics and ``min_shared_targets`` target groups with the actor.

    Score, each component in [0, 1]:

    .. math::
        s_{iN} = r_i\,\bigl(0.35\,\tfrac{|T_i \cap T_N|}{|T_N|}
        + 0.25\,\tfrac{|Z_i \cap Z_N|}{|Z_N|} + 0.2\,g_{iN}
        + 0.2\,\tfrac{k_{iN}}{1 + k_{iN}}\bigr)

    * topic and target-group terms: the share of the network's topics (target groups) the
      actor already works on;
    * :math:`g_{iN}` = 1 if the network works in the actor's district or region-wide
      ("Lausitz"), else :math:`e^{-d/d_0}` with :math:`d` the haversine distance to the
      network's nearest member (0 if unknown), :math:`d_0` = ``distance_scale_km``;
    * :math:`k_{iN}`: number of the network's members that already are partners of
      :math:`i` (co-members in another network) – a way in;
    * :math:`r_i` = ``rural_weight`` if the actor is ``ländlich``, else 1.

    Each actor keeps its ``top_k`` best networks (ties: network id). Returns rows with
    ``art="akteur_netzwerk"`` (``id_b``/``name_b`` = the network, ``gemeinsame_partner`` =
    :math:`k_{iN}`, ``distanz_km`` = distance to the nearest member), columns
    :data:`POTENTIAL_COLUMNS`, ranked by score (ties: ids).
    """
    W = {**POTENTIAL_WEIGHTS, **(weights or {})}
    data = _data or _ActorData(B, P)
    n, m = len(data.actors), len(data.nets)
    if n == 0 or m == 0:
        return _finish([])
    ST = data.T @ data.TN.T
    SZ = data.Z @ data.ZN.T
    tn, zn = data.TN.sum(axis=1), data.ZN.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sT = np.nan_to_num(ST / tn[None, :])
        sZ = np.nan_to_num(SZ / zn[None, :])
    # per network: members who already are partners of each actor (K = A·M, computed over
    # the members only) and the distance to the nearest member
    K = np.zeros((n, m))
    Dmin = np.full((n, m), np.inf)
    dist = data.dist
    for j in range(m):
        mem = np.flatnonzero(data.M[:, j])
        if len(mem):
            K[:, j] = data.A[:, mem].sum(axis=1)
            Dmin[:, j] = dist[:, mem].min(axis=1)
    Dmin[np.isinf(Dmin)] = np.nan
    net_lk = [_attr(B, x, "landkreis") for x in data.nets]
    codes = {lk: k for k, lk in enumerate(sorted(set(net_lk) | set(data.district)))}
    net_code = np.array([codes[lk] if lk else -1 for lk in net_lk])
    actor_code = np.array([codes[lk] if lk else -2 for lk in data.district])
    region = np.array([lk == REGION for lk in net_lk], dtype=bool)
    same = (actor_code[:, None] == net_code[None, :]) | region[None, :]
    geo = np.where(same, 1.0, np.where(np.isnan(Dmin), 0.0,
                                       np.exp(-np.nan_to_num(Dmin) / distance_scale_km)))
    r = np.where(data.rural, rural_weight, 1.0)[:, None]
    score = r * (W["themen"] * sT + W["zielgruppen"] * sZ + W["naehe"] * geo
                 + W["partner"] * K / (1.0 + K))
    valid = (ST >= min_shared_topics) & (SZ >= min_shared_targets) & (data.M == 0)
    records = []
    for i in range(n):
        for j in _top_k(score[i], valid[i], top_k):
            a, x = data.actors[i], data.nets[j]
            st = sorted(data.topics[i] & data.net_topics[j])
            sz = sorted(data.targets[i] & data.net_targets[j])
            k = int(K[i, j])
            d = float(Dmin[i, j])
            clauses = [
                f"das Netzwerk arbeitet wie „{data.names[i]}“ zu {_list_de(st, 3)} für "
                f"{_list_de(sz, 2)}" + (f" {area_phrase(net_lk[j])}" if net_lk[j] else ""),
                ("ein Partner ist dort schon Mitglied" if k == 1
                 else f"{k} Partner sind dort schon Mitglied") if k else "",
                f"das nächste Mitglied sitzt {_km(d)} entfernt"
                if not same[i, j] and not math.isnan(d) else "",
                _rural_clause(int(data.rural[i]), 1, data.names[i]),
            ]
            records.append({
                "art": "akteur_netzwerk", "id_a": a, "name_a": data.names[i],
                "landkreis_a": data.district[i], "id_b": x,
                "name_b": _attr(B, x, "name") or str(x), "landkreis_b": net_lk[j],
                "gemeinsame_themen": "; ".join(st), "gemeinsame_zielgruppen": "; ".join(sz),
                "gemeinsame_partner": k, "adamic_adar": math.nan, "distanz_km": d,
                "laendlich": bool(data.rural[i]), "s_themen": float(sT[i, j]),
                "s_zielgruppen": float(sZ[i, j]), "s_naehe": float(geo[i, j]),
                "s_partner": k / (1.0 + k), "score": float(score[i, j]),
                "erklaerung": _join_clauses(clauses),
            })
    return _finish(records)


def top_per_kind(potentials: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ``limit`` best-ranked suggestions of each ``art`` of a potenziale table."""
    ranked = potentials.assign(_r=pd.to_numeric(potentials["rang"], errors="coerce"))
    ranked = ranked.sort_values(["art", "_r"], kind="stable")
    return ranked.groupby("art", group_keys=False).head(limit).drop(columns="_r")


def cooperation_potential(B: nx.Graph, P: nx.Graph | None = None, *,
                          cooperation: nx.DiGraph | None = None, rural_weight: float = 1.0,
                          top_k_pairs: int = 5, top_k_networks: int = 3,
                          distance_scale_km: float = 30.0) -> pd.DataFrame:
    """Both kinds of cooperation potential in one table (``potenziale.csv``).

    The rows of :func:`actor_pair_potential` (``art="akteur_akteur"``) followed by those of
    :func:`network_suggestions` (``art="akteur_netzwerk"``), each ranked within its kind
    (``rang``). See those functions for the scoring.
    """
    data = _ActorData(B, P)
    pairs = actor_pair_potential(B, data.P, cooperation=cooperation, rural_weight=rural_weight,
                                 top_k=top_k_pairs, distance_scale_km=distance_scale_km,
                                 _data=data)
    nets = network_suggestions(B, data.P, rural_weight=rural_weight, top_k=top_k_networks,
                               distance_scale_km=distance_scale_km, _data=data)
    frames = [f for f in (pairs, nets) if len(f)]
    if not frames:
        return pairs
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- descriptions


def _top_counts(counter: Counter, top: int) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
    return "; ".join(f"{k} ({v})" for k, v in items)


def describe_communities(P: nx.Graph, membership: dict, *, scores: dict | None = None,
                         top: int = 3) -> pd.DataFrame:
    """Profile of each community of the actor co-membership graph.

    One row per community (numbering of :func:`bildungsnetz.measures.louvain_communities`):
    ``community``, ``anzahl_akteure``, ``anteil_laendlich`` (share of rural actors),
    ``dominante_themen``, ``dominante_zielgruppen``, ``dominante_landkreise``,
    ``dominante_kategorien`` (the ``top`` most frequent values with the number of actors,
    e.g. ``"Berufsorientierung (12); Ausbildung (9)"``) and ``zentrale_akteure`` (the ``top``
    actors by ``scores``, e.g. PageRank; ties by id).
    """
    groups: dict = defaultdict(list)
    for v in sorted(P, key=str):
        groups[membership[v]].append(v)
    rows = []
    for c in sorted(groups):
        vs = groups[c]
        cnt = {k: Counter() for k in ("themen", "zielgruppen", "landkreis", "kategorie")}
        for v in vs:
            for t in split_values(_attr(P, v, "themen")):
                cnt["themen"][t] += 1
            for t in split_values(_attr(P, v, "zielgruppen")):
                cnt["zielgruppen"][t] += 1
            for key in ("landkreis", "kategorie"):
                val = _attr(P, v, key)
                if val:
                    cnt[key][val] += 1
        central = ""
        if scores is not None:
            best = sorted(vs, key=lambda v: (-scores.get(v, 0.0), str(v)))[:top]
            central = "; ".join(_attr(P, v, "name") or str(v) for v in best)
        rows.append({
            "community": c, "anzahl_akteure": len(vs),
            "anteil_laendlich": sum(_attr(P, v, "raumtyp") == RURAL for v in vs) / len(vs),
            "dominante_themen": _top_counts(cnt["themen"], top),
            "dominante_zielgruppen": _top_counts(cnt["zielgruppen"], top),
            "dominante_landkreise": _top_counts(cnt["landkreis"], top),
            "dominante_kategorien": _top_counts(cnt["kategorie"], top),
            "zentrale_akteure": central,
        })
    return pd.DataFrame(rows, columns=["community", "anzahl_akteure", "anteil_laendlich",
                                       "dominante_themen", "dominante_zielgruppen",
                                       "dominante_landkreise", "dominante_kategorien",
                                       "zentrale_akteure"])


def topic_target_matrix(B: nx.Graph) -> pd.DataFrame:
    """Topics × target groups: number of networks working on both (rows/columns sorted)."""
    cells: Counter = Counter()
    topics, targets = set(), set()
    for x in network_nodes(B):
        ts, zs = split_values(_attr(B, x, "themen")), split_values(_attr(B, x, "zielgruppen"))
        topics.update(ts)
        targets.update(zs)
        for t in ts:
            for z in zs:
                cells[(t, z)] += 1
    rows, cols = sorted(topics), sorted(targets)
    return pd.DataFrame([[cells[(t, z)] for z in cols] for t in rows],
                        index=pd.Index(rows, name="thema"),
                        columns=pd.Index(cols, name="zielgruppe"), dtype=int)


def topic_district_matrix(B: nx.Graph, districts=None, topics=None) -> pd.DataFrame:
    """Topics × districts: number of actors (by their own district) working on each topic.

    An actor works on a topic when one of its networks does. ``districts`` fixes the columns
    (e.g. all seven districts of the region, so that empty districts show as 0); by default the
    districts found among the actors. ``topics`` adds rows (e.g. the whole topic vocabulary)
    to the topics found. Zeros show where nobody works on a topic.
    """
    extra_topics = topics
    cells: Counter = Counter()
    topics, found = set(), set()
    for a in actor_nodes(B):
        lk = _attr(B, a, "landkreis")
        ts = split_values(_attr(B, a, "themen"))
        topics.update(ts)
        if lk:
            found.add(lk)
            for t in ts:
                cells[(t, lk)] += 1
    for x in network_nodes(B):
        topics.update(split_values(_attr(B, x, "themen")))
    cols = list(districts) if districts is not None else sorted(found)
    rows = sorted(topics | set(extra_topics or ()))
    return pd.DataFrame([[cells[(t, d)] for d in cols] for t in rows],
                        index=pd.Index(rows, name="thema"),
                        columns=pd.Index(cols, name="landkreis"), dtype=int)
