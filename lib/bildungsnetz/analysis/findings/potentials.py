"""Cooperation potential: actors that would fit together, networks that would fit an actor.

Two kinds of suggestion, in one table (``potenziale.csv``, :data:`POTENTIAL_COLUMNS`):

* :func:`actor_pair_potential` – pairs of actors that do not work together yet
  (``art="akteur_akteur"``);
* :func:`network_suggestions` – networks an actor is not in but would fit
  (``art="akteur_netzwerk"``).

Both score a candidate by shared content (topics, target groups), proximity and existing
partners, each term in [0, 1], with the weights :data:`POTENTIAL_WEIGHTS`, raised by the rural
weight when a rural actor is involved. The score is an in-house heuristic; the rationale of
its parts is given in the docstrings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from bildungsnetz.analysis.findings.actor_arrays import ActorArrays
from bildungsnetz.analysis.findings.evidence import EVIDENCE, NetworkEvidence, PairEvidence
from bildungsnetz.analysis.graphs import REGION, node_value
from bildungsnetz.analysis.measures.similarity import haversine_km, haversine_km_scalar, jaccard
from bildungsnetz.config import DEFAULT_RURAL_WEIGHT

__all__ = [
    "POTENTIAL_WEIGHTS",
    "NETWORK_WEIGHTS",
    "POTENTIAL_COLUMNS",
    "DISTANCE_SCALE_KM",
    "PARTNER_HALF",
    "METHODS",
    "BLOCK_CELLS",
    "actor_pair_potential",
    "network_suggestions",
    "cooperation_potential",
    "top_per_kind",
]

#: Weights of the evidence in the actor-pair score (they sum to 1).
#:
#: Chosen from a back-test (:mod:`bildungsnetz.analysis.backtest`, design of Liben-Nowell &
#: Kleinberg 2007): on the demo's two pairs of consecutive waves, at 1× and at 10×, every
#: candidate of wave t is scored from wave t alone and checked against wave t+1. New ties
#: between organisations follow shared partners (triadic closure; Gulati & Gargiulo 1999,
#: Kossinets & Watts 2006), and of the neighbourhood indices resource allocation (Zhou, Lü &
#: Zhang 2009) predicted best. A grid over the weight simplex (step 0.05) puts nearly all
#: weight on the partner term (precision@100 0.71 with partners alone, 0.69–0.71 with
#: 0.05–0.15 on the other terms); 0.1 is kept for proximity and content, which order the many
#: candidates with equal partners and so make each actor's own list better (its precision
#: 0.42 against 0.39 with partners alone) without costing precision at the top. Mean of both
#: back-tests, without rural weight, 1× (10×): precision@50 0.77 (0.46), @200 0.63 (0.47),
#: AUC 0.69 (0.77) – resource allocation alone 0.78 (0.42), 0.65 (0.49), 0.69 (0.77); the
#: former weights 0.05/0.05/0.2/0.7 with Adamic–Adar :math:`AA/(1+AA)` 0.58 (0.42), 0.47
#: (0.33), 0.69 (0.78). The candidates must share a topic and a target group anyway.
POTENTIAL_WEIGHTS = {"themen": 0.025, "zielgruppen": 0.025, "naehe": 0.05, "partner": 0.9}
#: Weights of the actor → network score (same terms; see :func:`network_suggestions`).
#:
#: From the same back-test: a grid puts 0.6–0.7 on partners already in the network and
#: 0.25–0.45 on proximity (1×); the chosen vector is among the most precise there and has
#: the best AUC of the grid's top. Mean of both back-tests, 1× (10×): precision@100 0.24
#: (0.17), AUC 0.83 (0.82), against 0.20 (0.16) and 0.82 (0.82) with the former
#: 0.05/0.05/0.2/0.7; random base rate about 1 % (0.08 %).
NETWORK_WEIGHTS = {"themen": 0.025, "zielgruppen": 0.025, "naehe": 0.3, "partner": 0.65}
#: Resource allocation :math:`RA_{ij}` at which the partner term :math:`RA/(RA + h)` is one
#: half: e.g. two common partners with ten partners each. Rationale: about a quarter of the
#: median over actors of :math:`\sum_{z \in \Gamma(i)} 1/|\Gamma(z)|` (the most resource an
#: actor can share with anyone) in the demo at 1× and 10× (0.8–1.0 and 0.65–0.7); the
#: back-test is flat between 0.1 and 0.2 (see :data:`POTENTIAL_WEIGHTS`).
PARTNER_HALF = 0.2
#: Distance scale :math:`d_0` of the proximity term :math:`e^{-d/d_0}` in km. Rationale:
#: about the size of a district – within it a meeting is a short drive (12 km: 0.67), across
#: the region it is a day trip (50 km: 0.19).
DISTANCE_SCALE_KM = 30.0
#: The candidate searches of :func:`actor_pair_potential` and :func:`network_suggestions`.
METHODS = ("sparse", "exhaustive")
#: Cells (actors × actors or actors × networks) of one block of the sparse searches: the
#: rows of a block are ``BLOCK_CELLS // width``, so a block's arrays stay at a few tens of MB
#: whatever the size of the wave.
BLOCK_CELLS = 1 << 20

#: Columns of ``potenziale.csv``; the analysis table has :data:`EVIDENCE` in place of the
#: German ``erklaerung`` written by the report.
POTENTIAL_COLUMNS = [
    "art",
    "rang",
    "id_a",
    "name_a",
    "landkreis_a",
    "id_b",
    "name_b",
    "landkreis_b",
    "gemeinsame_themen",
    "gemeinsame_zielgruppen",
    "gemeinsame_partner",
    "ressourcenallokation",
    "distanz_km",
    "laendlich",
    "s_themen",
    "s_zielgruppen",
    "s_naehe",
    "s_partner",
    "score",
    "erklaerung",
]
_ANALYSIS_COLUMNS = [EVIDENCE if c == "erklaerung" else c for c in POTENTIAL_COLUMNS]


def _ranked(records: list[dict]) -> pd.DataFrame:
    """Suggestions as a table ranked by score (ties: ids), with the rank ``rang``."""
    df = pd.DataFrame(records, columns=[c for c in _ANALYSIS_COLUMNS if c != "rang"])
    if len(df):
        df = df.sort_values(
            ["score", "id_a", "id_b"], ascending=[False, True, True], kind="mergesort"
        ).reset_index(drop=True)
    df.insert(1, "rang", np.arange(1, len(df) + 1))
    return df


def _top_k(scores: np.ndarray, valid: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` best valid scores; ties broken by the smaller index."""
    cand = np.flatnonzero(valid)
    if len(cand) == 0:
        return []
    order = np.lexsort((cand, -scores[cand]))
    return [int(c) for c in cand[order[:k]]]


def _top_k_rows(scores: np.ndarray, valid: np.ndarray, k: int) -> list[list[int]]:
    """:func:`_top_k` of every row of a block.

    A partition finds each row's ``k``-th best score; only the scores at least that good
    (ties included) are sorted.
    """
    if k <= 0:
        return [[] for _ in range(len(scores))]
    masked = np.where(valid, scores, -np.inf)
    if scores.shape[1] > k:
        kth = -np.partition(-masked, k - 1, axis=1)[:, k - 1]
        valid = valid & (masked >= kth[:, None])
    return [_top_k(scores[r], valid[r], k) for r in range(len(scores))]


def _geo_score(d: float, scale: float) -> float:
    return 0.0 if d is None or math.isnan(d) else math.exp(-d / scale)


# --------------------------------------------------------------------------- actor pairs


def actor_pair_potential(
    B: nx.Graph,
    P: nx.Graph | None = None,
    *,
    cooperation: nx.DiGraph | None = None,
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    top_k: int = 5,
    distance_scale_km: float = DISTANCE_SCALE_KM,
    weights: Mapping[str, float] | None = None,
    min_shared_topics: int = 1,
    min_shared_targets: int = 1,
    block_size: int | None = None,
    method: str = "sparse",
    _data: ActorArrays | None = None,
) -> pd.DataFrame:
    r"""Cooperation potential between actors that are not yet connected.

    Candidates: pairs of actors :math:`(i, j)` that are **not** co-members of any network
    (not adjacent in the co-membership graph ``P``) and, if ``cooperation`` is given, have
    not named each other as cooperation partners; that share at least ``min_shared_topics``
    topics and ``min_shared_targets`` target groups (an actor's topics and target groups are
    the union over its networks). Score of a candidate pair, each term in [0, 1]:

    .. math::
        s_{ij} = r_{ij}\,\bigl(0.025\,J^T_{ij} + 0.025\,J^Z_{ij} + 0.05\,e^{-d_{ij}/d_0}
        + 0.9\,\tfrac{RA_{ij}}{RA_{ij} + h}\bigr)

    * :math:`J^T, J^Z`: Jaccard similarity of the topic and target-group sets;
    * :math:`d_{ij}`: haversine distance in km, :math:`d_0` = ``distance_scale_km``;
      unknown places give 0;
    * :math:`RA_{ij} = \sum_{z \in \Gamma(i) \cap \Gamma(j)} 1/|\Gamma(z)|`, the
      resource-allocation index on the co-membership graph: common partners, those with
      few partners counting more; :math:`h` = :data:`PARTNER_HALF`;
    * :math:`r_{ij}` = ``rural_weight`` if at least one of the two actors is ``ländlich``,
      else 1.

    Rationale (an in-house heuristic): see :data:`POTENTIAL_WEIGHTS` and
    :data:`DISTANCE_SCALE_KM`. Resource allocation rather than a plain count of common
    partners, because a partner with few ties (a local school) is a likelier go-between
    than one tied to everyone (the chamber); in the back-test it predicted new ties best
    of the neighbourhood indices (as in Zhou, Lü & Zhang 2009). :math:`x/(x+h)` maps it
    into [0, 1) and keeps the top apart (an earlier :math:`AA/(1+AA)` with the Adamic–Adar
    index was above 0,9 for most strong candidates, so proximity decided). The rural weight
    (:data:`bildungsnetz.config.DEFAULT_RURAL_WEIGHT`) favours rural actors, who have
    fewer partners nearby and are a priority of structural policy in the region.

    Efficiency (``method="sparse"``, the default): actors are scored in blocks of rows
    against all actors, with arrays of one block's size (:data:`BLOCK_CELLS` cells):
    shared topics and target groups from products with the short vocabularies, distances
    from the table of places, resource allocation from the block's sparse product
    :math:`A_b\,\mathrm{diag}(w)\,A`, each row's ``top_k`` from a partition. Memory grows
    with a block and the co-membership ties, never with :math:`n^2`; time with the pairs.
    ``method="exhaustive"`` scores every pair with dense :math:`n \times n` matrices (the
    reference the tests compare the search with; memory :math:`O(n^2)`); both give the
    same table.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    P : networkx.Graph, optional
        Its actor co-membership graph (computed when not given).
    cooperation : networkx.DiGraph, optional
        Named cooperations; such pairs are not proposed.
    rural_weight : float, optional
        Factor :math:`r` for pairs involving a rural actor.
    top_k : int, optional
        Each actor keeps its ``top_k`` best candidates (scores rounded to 6 decimals, ties
        by id); the result is the union of these lists.
    distance_scale_km : float, optional
        Distance scale :math:`d_0` in km.
    weights : mapping, optional
        Overrides of :data:`POTENTIAL_WEIGHTS`.
    min_shared_topics, min_shared_targets : int, optional
        Smallest number of shared topics and target groups of a candidate.
    block_size : int, optional
        Rows of actors scored at once (default: as many as keep :data:`BLOCK_CELLS` cells).
    method : {"sparse", "exhaustive"}, optional
        The candidate search (see Efficiency); the sparse one needs
        ``min_shared_topics`` and ``min_shared_targets`` of at least 1.

    Returns
    -------
    pandas.DataFrame
        One row per pair (``id_a < id_b``), columns :data:`POTENTIAL_COLUMNS` with
        ``art="akteur_akteur"`` and :data:`EVIDENCE` (a :class:`PairEvidence`) in place of
        ``erklaerung``, ranked by score (ties: ids).

    References
    ----------
    .. [1] Adamic, L. A. & Adar, E. (2003). Friends and neighbors on the Web. *Social
       Networks* 25, 211–230.
    .. [2] Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social
       networks. *JASIST* 58, 1019–1031.
    .. [3] Zhou, T., Lü, L. & Zhang, Y.-C. (2009). Predicting missing links via local
       information. *Eur. Phys. J. B* 71, 623–630.

    Examples
    --------
    Two schools working on MINT for pupils, in different networks:

    >>> B = nx.Graph()
    >>> B.add_nodes_from([("N1", {"bipartite": 1, "themen": "MINT", "zielgruppen": "Kinder"}),
    ...                   ("N2", {"bipartite": 1, "themen": "MINT", "zielgruppen": "Kinder"})])
    >>> B.add_nodes_from([("A1", {"bipartite": 0, "themen": "MINT", "zielgruppen": "Kinder"}),
    ...                   ("A2", {"bipartite": 0, "themen": "MINT", "zielgruppen": "Kinder"})])
    >>> B.add_edges_from([("A1", "N1"), ("A2", "N2")])
    >>> pot = actor_pair_potential(B)
    >>> pot[["id_a", "id_b", "gemeinsame_themen", "score"]]
      id_a id_b gemeinsame_themen  score
    0   A1   A2              MINT   0.05
    """
    W = {**POTENTIAL_WEIGHTS, **(weights or {})}
    data = _data or ActorArrays(B, P)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    args = (W, rural_weight, distance_scale_km, min_shared_topics, min_shared_targets, top_k)
    if method == "exhaustive":
        pairs = _pairs_exhaustive(data, cooperation, args, block_size or 512)
    else:
        pairs = _pairs_sparse(data, cooperation, args, block_size)
    return _ranked(
        [_pair_record(data, i, j, W, rural_weight, distance_scale_km) for i, j in sorted(pairs)]
    )


def _block_rows(n: int, width: int, block_size: int | None) -> int:
    """Rows per block: ``block_size``, or as many as keep a block at :data:`BLOCK_CELLS`."""
    if block_size:
        return max(1, int(block_size))
    return max(16, BLOCK_CELLS // max(width, 1))


def _pairs_sparse(
    data: ActorArrays, cooperation: nx.DiGraph | None, args: tuple, block_size: int | None
) -> set[tuple[int, int]]:
    """The union of the actors' top lists, scored in blocks of rows.

    Each block of actors is scored against all actors as arrays of one block's size:
    shared topics and target groups from small dense products (the vocabularies are
    short), distances from the table of places, resource allocation from the block's sparse
    product ``A[block] · diag(w) · A``; the ``top_k`` of every row from a partition. Memory
    grows with a block (:data:`BLOCK_CELLS` cells per array) and the co-membership ties,
    never with :math:`n^2`; time with the pairs, at a small constant. (Sparse candidate
    products, tried first, cost 1,5× more: in a large wave most pairs share a topic and a
    target group, so they are nearly dense.)
    """
    W, rural_weight, scale, min_topics, min_targets, top_k = args
    if min_topics < 1 or min_targets < 1:
        raise ValueError("the sparse search needs min_shared_topics, min_shared_targets >= 1")
    n = len(data.actors)
    excluded = _excluded_sparse(data, cooperation)
    weighted = data.A.multiply(data.ra_w[None, :]).tocsr()
    tcount, zcount = data.T.sum(axis=1), data.Z.sum(axis=1)
    pairs: set[tuple[int, int]] = set()
    step = _block_rows(n, n, block_size)
    active = _with_content(data, min_topics, min_targets)
    everyone = np.arange(n)
    for b0 in range(0, len(active), step):
        rows = active[b0 : b0 + step]
        ST = data.T[rows] @ data.T.T
        SZ = data.Z[rows] @ data.Z.T
        valid = (ST >= min_topics) & (SZ >= min_targets) & (excluded[rows].toarray() == 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            JT = ST / (tcount[rows, None] + tcount[None, :] - ST)
            JZ = SZ / (zcount[rows, None] + zcount[None, :] - SZ)
        d = data.pair_km(rows[:, None], everyone[None, :])
        geo = np.exp(-np.where(np.isnan(d), np.inf, d) / scale)
        r = np.where(data.rural[rows, None] | data.rural[None, :], rural_weight, 1.0)
        base = r * (W["themen"] * JT + W["zielgruppen"] * JZ + W["naehe"] * geo)
        ra = (weighted[rows] @ data.A).toarray()
        full = np.round(base + r * W["partner"] * ra / (ra + PARTNER_HALF), 6)
        full[~valid] = -np.inf
        counts = valid.sum(axis=1)
        if full.shape[1] > top_k:
            kth = -np.partition(-full, top_k - 1, axis=1)[:, top_k - 1]
            chosen = valid & (full >= kth[:, None])
        else:
            chosen = valid
        for k, i in enumerate(rows.tolist()):
            if not counts[k]:
                continue
            cand = np.flatnonzero(chosen[k])
            best = cand[np.lexsort((cand, -full[k, cand]))[:top_k]]
            for j in best.tolist():
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _with_content(data: ActorArrays, min_topics: int, min_targets: int) -> np.ndarray:
    """Positions of the actors with enough topics and target groups to be a candidate.

    An actor with fewer than ``min_topics`` topics or ``min_targets`` target groups shares
    too little with anyone.
    """
    enough = (data.T.sum(axis=1) >= min_topics) & (data.Z.sum(axis=1) >= min_targets)
    return np.flatnonzero(enough)


def _excluded_sparse(data: ActorArrays, cooperation: nx.DiGraph | None) -> sparse.csr_array:
    """Actors × actors, sparse: co-members, named cooperations (both ways) and the diagonal."""
    n = len(data.actors)
    rows, cols = [np.arange(n)], [np.arange(n)]
    if cooperation is not None:
        ends = [
            (data.index[u], data.index[v])
            for u, v in cooperation.edges()
            if u in data.index and v in data.index
        ]
        if ends:
            a, b = (np.array(x, dtype=np.int64) for x in zip(*ends))
            rows += [a, b]
            cols += [b, a]
    extra = sparse.coo_array(
        (np.ones(sum(len(x) for x in rows)), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n, n),
    )
    out = (data.A + extra.tocsr()).tocsr()
    out.data[:] = 1.0
    return out


def _pairs_exhaustive(
    data: ActorArrays, cooperation: nx.DiGraph | None, args: tuple, block_size: int
) -> set[tuple[int, int]]:
    """The union of the actors' top lists, every pair scored with dense matrices.

    The reference for the sparse search (tests, ``make bench``): memory :math:`O(n^2)`.
    """
    W, rural_weight, scale, min_topics, min_targets, top_k = args
    A = data.A.toarray()
    excluded = _connected_pairs(A, data, cooperation)
    pairs: set[tuple[int, int]] = set()
    for i0 in range(0, len(data.actors), block_size):
        i1 = min(len(data.actors), i0 + block_size)
        base, r, valid = _pair_block(
            data, i0, i1, excluded, W, rural_weight, scale, min_topics, min_targets
        )
        for k, i in enumerate(range(i0, i1)):
            for j in _best_partners(A, data, i, base[k], r[k], valid[k], W["partner"], top_k):
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _connected_pairs(
    A: np.ndarray, data: ActorArrays, cooperation: nx.DiGraph | None
) -> np.ndarray:
    """Actors × actors: True where the two are co-members or have named a cooperation."""
    connected = A > 0
    if cooperation is not None:
        for u, v in cooperation.edges():
            if u in data.index and v in data.index:
                i, j = data.index[u], data.index[v]
                connected[i, j] = connected[j, i] = True
    return connected


def _pair_block(
    data: ActorArrays,
    i0: int,
    i1: int,
    excluded: np.ndarray,
    W: Mapping[str, float],
    rural_weight: float,
    scale: float,
    min_topics: int,
    min_targets: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores of the actors ``i0:i1`` against all actors, without the partner term.

    Returns ``(base, r, valid)``: the score without the partner term, the rural factor and
    the candidate mask (enough shared content, not connected, not the actor itself).
    """
    tcount, zcount = data.T.sum(axis=1), data.Z.sum(axis=1)
    ST = data.T[i0:i1] @ data.T.T
    SZ = data.Z[i0:i1] @ data.Z.T
    with np.errstate(divide="ignore", invalid="ignore"):
        JT = np.nan_to_num(ST / (tcount[i0:i1, None] + tcount[None, :] - ST))
        JZ = np.nan_to_num(SZ / (zcount[i0:i1, None] + zcount[None, :] - SZ))
    geo = np.exp(-data.dist[i0:i1] / scale)  # exp(-inf) = 0: unknown place
    r = np.where(data.rural[i0:i1, None] | data.rural[None, :], rural_weight, 1.0)
    base = r * (W["themen"] * JT + W["zielgruppen"] * JZ + W["naehe"] * geo)
    valid = (ST >= min_topics) & (SZ >= min_targets) & ~excluded[i0:i1]
    valid[np.arange(i1 - i0), np.arange(i0, i1)] = False
    return base, r, valid


def _best_partners(
    A: np.ndarray,
    data: ActorArrays,
    i: int,
    base: np.ndarray,
    r: np.ndarray,
    valid: np.ndarray,
    wp: float,
    top_k: int,
) -> list[int]:
    """The ``top_k`` best candidates of actor ``i`` (full score rounded to 6 decimals)."""
    cand = np.flatnonzero(valid)
    if len(cand) == 0:
        return []
    if len(cand) > top_k:
        # the partner term adds at most r·wp: candidates that cannot reach the k-th best
        # score without it are dropped before resource allocation is computed (exact: the margin
        # exceeds the 6-decimal rounding used for ranking)
        kth = np.partition(base[cand], -top_k)[-top_k]
        cand = cand[base[cand] + r[cand] * wp >= kth - 2e-6]
    nb = data.neighbours(i)
    ra = data.ra_w[nb] @ A[np.ix_(nb, cand)] if len(nb) else np.zeros(len(cand))
    full = np.round(base[cand] + r[cand] * wp * ra / (ra + PARTNER_HALF), 6)
    return [int(j) for j in cand[np.lexsort((cand, -full))[:top_k]]]


def _pair_record(
    data: ActorArrays, i: int, j: int, W: Mapping[str, float], rural_weight: float, scale: float
) -> dict:
    """The table row of the pair ``(i, j)``, evidence and score recomputed exactly."""
    st = tuple(sorted(data.topics[i] & data.topics[j]))
    sz = tuple(sorted(data.targets[i] & data.targets[j]))
    jt = jaccard(data.topics[i], data.topics[j])
    jz = jaccard(data.targets[i], data.targets[j])
    common = np.intersect1d(data.neighbours(i), data.neighbours(j), assume_unique=True)
    ra = math.fsum(data.ra_w[common].tolist())
    d = haversine_km_scalar(data.lat[i], data.lon[i], data.lat[j], data.lon[j])
    s_geo = _geo_score(d, scale)
    s_partner = ra / (ra + PARTNER_HALF)
    n_rural = int(data.rural[i]) + int(data.rural[j])
    r = rural_weight if n_rural else 1.0
    score = r * (
        W["themen"] * jt + W["zielgruppen"] * jz + W["naehe"] * s_geo + W["partner"] * s_partner
    )
    da, db = data.district[i], data.district[j]
    evidence = PairEvidence(
        shared_topics=st,
        shared_targets=sz,
        district_a=da,
        district_b=db,
        shared_partners=len(common),
        distance_km=d,
        rural_actors=n_rural,
    )
    return {
        "art": "akteur_akteur",
        "id_a": data.actors[i],
        "name_a": data.names[i],
        "landkreis_a": da,
        "id_b": data.actors[j],
        "name_b": data.names[j],
        "landkreis_b": db,
        "gemeinsame_themen": "; ".join(st),
        "gemeinsame_zielgruppen": "; ".join(sz),
        "gemeinsame_partner": len(common),
        "ressourcenallokation": ra,
        "distanz_km": d,
        "laendlich": bool(n_rural),
        "s_themen": jt,
        "s_zielgruppen": jz,
        "s_naehe": s_geo,
        "s_partner": s_partner,
        "score": score,
        EVIDENCE: evidence,
    }


# --------------------------------------------------------------------------- actor → network


@dataclass
class _NetworkScores:
    """Actors × networks matrices of :func:`network_suggestions`."""

    topics: np.ndarray  # share of the network's topics the actor works on
    targets: np.ndarray  # share of the network's target groups
    partners: np.ndarray  # members that already are partners of the actor
    nearest: np.ndarray  # km to the nearest member (NaN when unknown)
    same_area: np.ndarray  # network in the actor's district or region-wide
    geo: np.ndarray  # proximity term
    score: np.ndarray
    valid: np.ndarray  # candidates


def network_suggestions(
    B: nx.Graph,
    P: nx.Graph | None = None,
    *,
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    top_k: int = 3,
    distance_scale_km: float = DISTANCE_SCALE_KM,
    weights: Mapping[str, float] | None = None,
    min_shared_topics: int = 1,
    min_shared_targets: int = 1,
    method: str = "sparse",
    _data: ActorArrays | None = None,
) -> pd.DataFrame:
    r"""Actor → network suggestions: networks an actor is not in but would fit.

    Candidates: networks :math:`N` the actor :math:`i` is not a member of that share at least
    ``min_shared_topics`` topics and ``min_shared_targets`` target groups with the actor.
    Score, each term in [0, 1]:

    .. math::
        s_{iN} = r_i\,\bigl(0.025\,\tfrac{|T_i \cap T_N|}{|T_N|}
        + 0.025\,\tfrac{|Z_i \cap Z_N|}{|Z_N|} + 0.3\,g_{iN}
        + 0.65\,\tfrac{k_{iN}}{1 + k_{iN}}\bigr)

    * topic and target-group terms: the share of the network's topics (target groups) the
      actor already works on;
    * :math:`g_{iN}` = 1 if the network works in the actor's district or region-wide
      ("Lausitz"), else :math:`e^{-d/d_0}` with :math:`d` the haversine distance to the
      network's nearest member (0 if unknown), :math:`d_0` = ``distance_scale_km``;
    * :math:`k_{iN}`: number of the network's members that already are partners of
      :math:`i` (co-members in another network);
    * :math:`r_i` = ``rural_weight`` if the actor is ``ländlich``, else 1.

    Rationale (an in-house heuristic): the weights are :data:`NETWORK_WEIGHTS`.
    Content is measured as the share of the *network's* topics, not a Jaccard similarity:
    a network works on a few topics, an actor (the union over its networks) on many, and
    the question is whether the actor covers what the network does. A network in the
    actor's own district, or one for the whole region, is reachable by definition; else the
    nearest member tells how far the meetings are. Partners already inside are a way in.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    P : networkx.Graph, optional
        Its actor co-membership graph (computed when not given).
    rural_weight : float, optional
        Factor :math:`r` for rural actors.
    top_k : int, optional
        Each actor keeps its ``top_k`` best networks (ties: network id).
    distance_scale_km : float, optional
        Distance scale :math:`d_0` in km.
    weights : mapping, optional
        Overrides of :data:`NETWORK_WEIGHTS`.
    min_shared_topics, min_shared_targets : int, optional
        Smallest number of shared topics and target groups of a candidate.
    method : {"sparse", "exhaustive"}, optional
        ``"sparse"`` (default) scores blocks of actors (:data:`BLOCK_CELLS` cells) with the
        partners in each network from a sparse product and the nearest member's distance
        from each distinct place, memory linear in actors, networks and memberships;
        ``"exhaustive"`` builds the actors × networks matrices and the actors × actors
        distances at once (the reference of the tests). Both give the same table.

    Returns
    -------
    pandas.DataFrame
        Rows with ``art="akteur_netzwerk"`` (``id_b``/``name_b`` = the network,
        ``gemeinsame_partner`` = :math:`k_{iN}`, ``distanz_km`` = distance to the nearest
        member), columns :data:`POTENTIAL_COLUMNS` with :data:`EVIDENCE` (a
        :class:`NetworkEvidence`) in place of ``erklaerung``, ranked by score (ties: ids).

    Examples
    --------
    A school not yet in the Görlitz MINT network:

    >>> B = nx.Graph()
    >>> B.add_node("N1", bipartite=1, name="MINT-Netz", landkreis="Görlitz", themen="MINT",
    ...            zielgruppen="Kinder")
    >>> B.add_node("N2", bipartite=1, name="Schulnetz", landkreis="Görlitz", themen="MINT",
    ...            zielgruppen="Kinder")
    >>> B.add_node("A1", bipartite=0, landkreis="Görlitz", themen="MINT", zielgruppen="Kinder")
    >>> B.add_edge("A1", "N2")
    >>> sug = network_suggestions(B)
    >>> sug[["id_a", "name_b", "s_naehe", "score"]]
      id_a     name_b  s_naehe  score
    0   A1  MINT-Netz      1.0   0.35
    """
    W = {**NETWORK_WEIGHTS, **(weights or {})}
    data = _data or ActorArrays(B, P)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    if len(data.actors) == 0 or len(data.nets) == 0:
        return _ranked([])
    net_lk = [node_value(B, x, "landkreis") for x in data.nets]
    args = (net_lk, W, rural_weight, distance_scale_km, min_shared_topics, min_shared_targets)
    records = []
    for rows, K, Dmin in _network_blocks(data, method, min_shared_topics, min_shared_targets):
        s = _network_scores(data, rows, K, Dmin, *args)
        for k, (i, best) in enumerate(zip(rows.tolist(), _top_k_rows(s.score, s.valid, top_k))):
            for j in best:
                records.append(_suggestion_record(B, data, s, net_lk, i, k, j))
    return _ranked(records)


def _network_blocks(data: ActorArrays, method: str, min_topics: int, min_targets: int):
    """Blocks ``(rows, K, Dmin)`` of actors with partners in and km to each network.

    ``K[k, j]``: members of network ``j`` that are partners of actor ``rows[k]``; ``Dmin``:
    km from the actor to the network's nearest member (inf when unknown). Sparse: only the
    actors with enough content (the others have no candidate), ``K`` from the sparse
    product ``A[rows] · M``, ``Dmin`` from the nearest member of each network seen from
    each distinct place; exhaustive: one block of dense matrices of all actors.
    """
    n, m = len(data.actors), len(data.nets)
    if method == "exhaustive":
        A, M, dist = data.A.toarray(), data.M, data.dist
        K, Dmin = np.zeros((n, m)), np.full((n, m), np.inf)
        for j in range(m):
            mem = np.flatnonzero(M[:, j])
            if len(mem):
                K[:, j] = A[:, mem].sum(axis=1)
                Dmin[:, j] = dist[:, mem].min(axis=1)
        yield np.arange(n), K, Dmin
        return
    active = _with_content(data, min_topics, min_targets)
    if len(active) == 0:
        return
    nearest = _nearest_member_km(data)
    step = _block_rows(n, m, None)
    for b0 in range(0, len(active), step):
        rows = active[b0 : b0 + step]
        K = (data.A[rows] @ data.Ms).toarray()
        yield rows, K, nearest[data.loc[rows]]  # a copy; row -1: unknown place


def _nearest_member_km(data: ActorArrays) -> np.ndarray:
    """Places × networks: km from each distinct place to the network's nearest member.

    Inf when no member has a known place; one last row of inf for the unknown place
    (position -1). Memory: places × networks (the places are those of the gazetteer, a
    few hundred to a few thousand).
    """
    out = np.full((len(data.loc_lat) + 1, len(data.nets)), np.inf)
    members = data.Ms.tocsc()
    for j in range(len(data.nets)):
        locs = np.unique(data.loc[members.indices[members.indptr[j] : members.indptr[j + 1]]])
        locs = locs[locs >= 0]
        if len(locs):
            out[:-1, j] = haversine_km(
                data.loc_lat[:, None],
                data.loc_lon[:, None],
                data.loc_lat[None, locs],
                data.loc_lon[None, locs],
            ).min(axis=1)
    return out


def _network_scores(
    data: ActorArrays,
    rows: np.ndarray,
    K: np.ndarray,
    Dmin: np.ndarray,
    net_lk: list[str],
    W: Mapping[str, float],
    rural_weight: float,
    scale: float,
    min_topics: int,
    min_targets: int,
) -> _NetworkScores:
    """The scores of :func:`network_suggestions` of the actors ``rows`` × all networks."""
    ST = data.T[rows] @ data.TN.T
    SZ = data.Z[rows] @ data.ZN.T
    tn, zn = data.TN.sum(axis=1), data.ZN.sum(axis=1)
    sT = np.divide(ST, tn[None, :], out=np.zeros_like(ST), where=tn[None, :] > 0)
    sZ = np.divide(SZ, zn[None, :], out=np.zeros_like(SZ), where=zn[None, :] > 0)
    codes = {lk: k for k, lk in enumerate(sorted(set(net_lk) | set(data.district)))}
    net_code = np.array([codes[lk] if lk else -1 for lk in net_lk])
    actor_code = np.array([codes[data.district[i]] if data.district[i] else -2 for i in rows])
    region = np.array([lk == REGION for lk in net_lk], dtype=bool)
    same = (actor_code[:, None] == net_code[None, :]) | region[None, :]
    geo = np.where(same, 1.0, np.exp(-Dmin / scale))  # exp(-inf) = 0: no known place
    Dmin[np.isinf(Dmin)] = np.nan
    r = np.where(data.rural[rows], rural_weight, 1.0)[:, None]
    score = r * (
        W["themen"] * sT + W["zielgruppen"] * sZ + W["naehe"] * geo + W["partner"] * K / (1.0 + K)
    )
    valid = (ST >= min_topics) & (SZ >= min_targets) & (data.Ms[rows].toarray() == 0)
    return _NetworkScores(
        topics=sT,
        targets=sZ,
        partners=K,
        nearest=Dmin,
        same_area=same,
        geo=geo,
        score=score,
        valid=valid,
    )


def _suggestion_record(
    B: nx.Graph,
    data: ActorArrays,
    s: _NetworkScores,
    net_lk: list[str],
    i: int,
    row: int,
    j: int,
) -> dict:
    """The table row suggesting network ``j`` to actor ``i`` (row ``row`` of ``s``)."""
    x = data.nets[j]
    st = tuple(sorted(data.topics[i] & data.net_topics[j]))
    sz = tuple(sorted(data.targets[i] & data.net_targets[j]))
    k = int(s.partners[row, j])
    d = float(s.nearest[row, j])
    evidence = NetworkEvidence(
        actor_name=data.names[i],
        shared_topics=st,
        shared_targets=sz,
        network_district=net_lk[j],
        partners_in_network=k,
        distance_km=d,
        same_area=bool(s.same_area[row, j]),
        actor_rural=bool(data.rural[i]),
    )
    return {
        "art": "akteur_netzwerk",
        "id_a": data.actors[i],
        "name_a": data.names[i],
        "landkreis_a": data.district[i],
        "id_b": x,
        "name_b": node_value(B, x, "name") or str(x),
        "landkreis_b": net_lk[j],
        "gemeinsame_themen": "; ".join(st),
        "gemeinsame_zielgruppen": "; ".join(sz),
        "gemeinsame_partner": k,
        "ressourcenallokation": math.nan,
        "distanz_km": d,
        "laendlich": bool(data.rural[i]),
        "s_themen": float(s.topics[row, j]),
        "s_zielgruppen": float(s.targets[row, j]),
        "s_naehe": float(s.geo[row, j]),
        "s_partner": k / (1.0 + k),
        "score": float(s.score[row, j]),
        EVIDENCE: evidence,
    }


# --------------------------------------------------------------------------- both kinds


def cooperation_potential(
    B: nx.Graph,
    P: nx.Graph | None = None,
    *,
    cooperation: nx.DiGraph | None = None,
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    top_k_pairs: int = 5,
    top_k_networks: int = 3,
    distance_scale_km: float = DISTANCE_SCALE_KM,
    method: str = "sparse",
) -> pd.DataFrame:
    """Both kinds of cooperation potential in one table (``potenziale.csv``).

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    P : networkx.Graph, optional
        Its actor co-membership graph (computed when not given).
    cooperation : networkx.DiGraph, optional
        Named cooperations; such pairs are not proposed.
    rural_weight : float, optional
        Factor for suggestions involving a rural actor.
    top_k_pairs, top_k_networks : int, optional
        Suggestions kept per actor of each kind.
    distance_scale_km : float, optional
        Distance scale of the proximity term in km.
    method : {"sparse", "exhaustive"}, optional
        The candidate search of both kinds (same result; ``"exhaustive"`` needs memory
        quadratic in the actors).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`actor_pair_potential` (``art="akteur_akteur"``) followed by those
        of :func:`network_suggestions` (``art="akteur_netzwerk"``), each ranked within its
        kind (``rang``).
    """
    data = ActorArrays(B, P)
    pairs = actor_pair_potential(
        B,
        data.P,
        cooperation=cooperation,
        rural_weight=rural_weight,
        top_k=top_k_pairs,
        distance_scale_km=distance_scale_km,
        method=method,
        _data=data,
    )
    nets = network_suggestions(
        B,
        data.P,
        rural_weight=rural_weight,
        top_k=top_k_networks,
        distance_scale_km=distance_scale_km,
        method=method,
        _data=data,
    )
    frames = [f for f in (pairs, nets) if len(f)]
    if not frames:
        return pairs
    return pd.concat(frames, ignore_index=True)


def top_per_kind(potentials: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ``limit`` best-ranked suggestions of each ``art`` of a potenziale table.

    Parameters
    ----------
    potentials : pandas.DataFrame
        A table of :func:`cooperation_potential` (or ``potenziale.csv`` read as text).
    limit : int
        Rows kept per kind.

    Returns
    -------
    pandas.DataFrame
        The kept rows, ordered by kind and rank.

    Examples
    --------
    >>> pot = pd.DataFrame({"art": ["x", "x", "y"], "rang": [2, 1, 1]})
    >>> top_per_kind(pot, 1)
      art  rang
    1   x     1
    2   y     1
    """
    ranked = potentials.assign(_r=pd.to_numeric(potentials["rang"], errors="coerce"))
    ranked = ranked.sort_values(["art", "_r"], kind="stable")
    return ranked.groupby("art", group_keys=False).head(limit).drop(columns="_r")
