"""Duplicate structures ("Doppelstrukturen"): pairs of networks doing the same work."""

from __future__ import annotations

import math
from collections import Counter
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.analysis.findings.evidence import EVIDENCE, DuplicateEvidence
from bildungsnetz.analysis.graphs import (
    REGION,
    actor_nodes,
    network_nodes,
    node_value,
    split_values,
)
from bildungsnetz.analysis.measures.similarity import jaccard

__all__ = [
    "DUPLICATE_COLUMNS",
    "DUPLICATE_SCORE_WEIGHTS",
    "DUPLICATE_MAX_Q",
    "overlap_p_values",
    "benjamini_hochberg",
    "duplicate_structures",
]

#: Columns of ``doppelstrukturen.csv``; the analysis table has :data:`EVIDENCE` in place of
#: the German ``erklaerung`` written by the report.
DUPLICATE_COLUMNS = [
    "netzwerk_a_id",
    "netzwerk_a",
    "netzwerk_b_id",
    "netzwerk_b",
    "gebiet",
    "landkreis_a",
    "landkreis_b",
    "mitglieder_a",
    "mitglieder_b",
    "gemeinsame_mitglieder",
    "jaccard_mitglieder",
    "gemeinsame_mitglieder_namen",
    "gemeinsame_themen",
    "jaccard_themen",
    "gemeinsame_zielgruppen",
    "jaccard_zielgruppen",
    "score",
    "p_wert",
    "q_wert",
    "erklaerung",
]
#: Weights of the Jaccard similarities of members, topics and target groups in the score.
DUPLICATE_SCORE_WEIGHTS = {"mitglieder": 0.5, "themen": 0.25, "zielgruppen": 0.25}
#: Largest Benjamini–Hochberg q-value of the member overlap of a reported pair.
DUPLICATE_MAX_Q = 0.05
#: At most this many terms of the hypergeometric tail sums are held in memory at once.
_TERMS_PER_CHUNK = 2_000_000

_ANALYSIS_COLUMNS = [EVIDENCE if c == "erklaerung" else c for c in DUPLICATE_COLUMNS]


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


def _shared_member_counts(B: nx.Graph) -> Counter:
    """``(network, network)`` → number of shared members, for pairs sharing at least one.

    One pass over the actors' network lists: the cost grows with the number of
    co-memberships, not with the square of the number of networks.
    """
    shared: Counter = Counter()
    for a in actor_nodes(B):
        for x, y in combinations(sorted(B[a]), 2):
            shared[(x, y)] += 1
    return shared


def _log_factorials(n: int) -> np.ndarray:
    """``log(k!)`` for ``k = 0 … n`` (exact sums of logarithms, no gamma approximation)."""
    return np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n + 1, dtype=float)))])


def overlap_p_values(shared, size_a, size_b, population: int) -> np.ndarray:
    r"""Probability of at least the observed overlap of two random member sets (hypergeometric).

    For two networks with :math:`a` and :math:`b` members drawn from :math:`N` actors, the
    number :math:`X` of shared members, when network :math:`b`'s members are a random subset
    of the actors, follows the hypergeometric distribution; the p-value of an observed
    overlap :math:`k` is its upper tail

    .. math:: p = P(X \ge k) = \sum_{i=k}^{\min(a, b)}
              \frac{\binom{a}{i}\binom{N-a}{b-i}}{\binom{N}{b}}

    computed exactly in log space (log-factorials as sums of logarithms, a log-sum-exp per
    pair), so that p-values far below ``1e-300`` do not underflow before they are summed.

    Parameters
    ----------
    shared, size_a, size_b : array_like of int
        Observed shared members :math:`k` and the two sizes :math:`a`, :math:`b`, one entry
        per pair.
    population : int
        Number of actors :math:`N` the members are drawn from (at least every size).

    Returns
    -------
    numpy.ndarray
        The p-values, one per pair; 1 where ``shared`` is at most the overlap forced by the
        sizes (:math:`\max(0, a + b - N)`), NaN where the sizes do not fit the population.

    References
    ----------
    .. [1] Fury, W., Batliwalla, F., Gregersen, P. K. & Li, W. (2006). Overlapping
       probabilities of top ranking gene lists, hypergeometric distribution, and stringency
       of gene selection criterion. *Proc. IEEE EMBS* 2006, 5531–5534 (the hypergeometric
       test of the overlap of two lists).

    Examples
    --------
    Two networks of 3 members among 6 actors sharing all 3: one in :math:`\binom{6}{3} = 20`
    draws does that.

    >>> overlap_p_values([3, 1, 0], [3, 3, 3], [3, 3, 3], 6).round(4).tolist()
    [0.05, 0.95, 1.0]
    """
    k = np.atleast_1d(np.asarray(shared, dtype=np.int64))
    a = np.atleast_1d(np.asarray(size_a, dtype=np.int64))
    b = np.atleast_1d(np.asarray(size_b, dtype=np.int64))
    n = int(population)
    p = np.ones(len(k), dtype=float)
    bad = (a < 0) | (b < 0) | (a > n) | (b > n) | (k > np.minimum(a, b))
    p[bad] = np.nan
    todo = np.flatnonzero(~bad & (k > np.maximum(0, a + b - n)))
    if not len(todo):
        return p
    lf = _log_factorials(n)
    hi = np.minimum(a, b)
    terms = hi[todo] - k[todo] + 1
    ends = np.cumsum(terms)
    start = 0
    while start < len(todo):
        # pairs whose tail terms fit into one chunk (at least one pair)
        base = ends[start - 1] if start else 0
        stop = max(start + 1, int(np.searchsorted(ends, base + _TERMS_PER_CHUNK, "right")))
        idx = todo[start:stop]
        t = terms[start:stop]
        owner = np.repeat(np.arange(len(idx)), t)
        offsets = np.concatenate([[0], np.cumsum(t)[:-1]])
        i = k[idx][owner] + np.arange(int(t.sum())) - offsets[owner]
        ai, bi = a[idx][owner], b[idx][owner]
        log_a = lf[ai] - lf[i] - lf[ai - i]  # C(a, i)
        log_rest = lf[n - ai] - lf[bi - i] - lf[n - ai - bi + i]  # C(N - a, b - i)
        log_all = lf[n] - lf[bi] - lf[n - bi]  # C(N, b)
        log_terms = log_a + log_rest - log_all
        top = np.maximum.reduceat(log_terms, offsets)
        sums = np.add.reduceat(np.exp(log_terms - top[owner]), offsets)
        p[idx] = np.minimum(1.0, np.exp(top) * sums)
        start = stop
    return p


def benjamini_hochberg(p_values, tests: int | None = None) -> np.ndarray:
    r"""Benjamini–Hochberg q-values (adjusted p-values, false discovery rate).

    With the :math:`m` p-values sorted, :math:`p_{(1)} \le \dots \le p_{(m)}`:

    .. math:: q_{(i)} = \min_{j \ge i} \min\left(1, \frac{m\,p_{(j)}}{j}\right)

    Reporting every test with :math:`q \le \alpha` keeps the expected share of false
    discoveries among the reported ones at most :math:`\alpha`.

    Parameters
    ----------
    p_values : array_like of float
        The p-values given (NaN ones get a NaN q-value and do not count).
    tests : int, optional
        Number :math:`m` of tests performed, when more were performed than given: the missing
        ones had :math:`p = 1` (e.g. pairs of networks without a shared member). Default: the
        number of finite p-values.

    Returns
    -------
    numpy.ndarray
        The q-values, in the order of ``p_values``.

    References
    ----------
    .. [1] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a
       practical and powerful approach to multiple testing. *J. R. Stat. Soc. B* 57(1),
       289–300.

    Examples
    --------
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.5]).round(4).tolist()
    [0.04, 0.0533, 0.0533, 0.5]
    >>> benjamini_hochberg([0.01], tests=10).tolist()
    [0.1]
    """
    p = np.atleast_1d(np.asarray(p_values, dtype=float))
    q = np.full(len(p), np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = len(ok) if tests is None else max(int(tests), len(ok))
    if not len(ok):
        return q
    order = ok[np.argsort(p[ok], kind="mergesort")]
    ranks = np.arange(1, len(order) + 1)
    scaled = np.minimum(1.0, p[order] * m / ranks)
    q[order] = np.minimum.accumulate(scaled[::-1])[::-1]
    return q


def duplicate_structures(
    B: nx.Graph,
    *,
    min_jaccard: float = 0.5,
    min_shared_members: int = 2,
    min_shared_topics: int = 1,
    min_shared_targets: int = 1,
    max_q: float = DUPLICATE_MAX_Q,
) -> pd.DataFrame:
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
       both are region-wide);
    4. more shared members than chance explains: the Benjamini–Hochberg q-value
       (:func:`benjamini_hochberg`) of the overlap's hypergeometric p-value
       (:func:`overlap_p_values`) is at most ``max_q`` (default 0.05).

    The test (columns ``p_wert``, ``q_wert``): under the null hypothesis a network's members
    are a random set of its size, drawn from the :math:`N` actors with at least one
    membership (actors in no network cannot be drawn, so leaving them out makes the test
    stricter); ``p_wert`` is the probability of at least the observed number of shared
    members, as in overlap analyses of gene lists (Fury et al. 2006). Tested are **all
    pairs of networks with at least one member**, :math:`m = \binom{n}{2}` for :math:`n`
    such networks – not only the candidates of rules 1–3, whose choice depends on the same
    overlap; pairs without a shared member have :math:`p = 1`. The q-values control the
    false discovery rate over these :math:`m` tests (Benjamini & Hochberg 1995).

    Why both, rule and test: the Jaccard cut-off alone flags two large networks whose
    overlap is just what their sizes make likely; the test alone flags a steering board and
    its working groups, which share members on purpose. Only a pair that does the same work
    (rules 1–3) *and* shares more members than chance explains (rule 4) is a duplicate
    structure. The hypergeometric null treats every actor alike; actors in many networks
    (chambers, agencies) make overlaps likelier than it assumes, so a small q-value is
    evidence of shared membership beyond size, not proof of redundancy. The stochastic
    degree sequence model (Neal 2014), which keeps each actor's number of networks, would
    be stricter; rule 1's two shared members keep one ubiquitous actor from making a pair.

    Rows are ranked by

    .. math:: \text{score} = 0.5\,J_M + 0.25\,J_T + 0.25\,J_Z

    (:math:`J_T`, :math:`J_Z` the Jaccard similarities of topics and target groups, weights
    :data:`DUPLICATE_SCORE_WEIGHTS`), then by ids.

    Rationale (an in-house heuristic): a duplicate structure is two bodies doing the same
    work, for the same people, in the same place, with the same members at the table – so
    all three conditions must hold. With the default :math:`J_M \ge 0.5` at least half of
    the combined membership sits in both networks; two shared members at least, so that one
    institution present everywhere (a chamber, the employment agency) cannot make a pair on
    its own. Overlapping members alone are not enough: a steering board and its working
    groups share members but not their topics. In the score the members weigh half, as the
    strongest sign of redundancy (the same people attend both meetings), content the other
    half. The pairs are suggestions for a conversation, not a verdict.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph of :func:`bildungsnetz.analysis.graphs.two_mode_graph`.
    min_jaccard : float, optional
        Smallest Jaccard similarity of the member sets.
    min_shared_members : int, optional
        Smallest number of shared members.
    min_shared_topics, min_shared_targets : int, optional
        Smallest number of shared topics and target groups.
    max_q : float, optional
        Largest q-value of the member overlap (1 switches the test off).

    Returns
    -------
    pandas.DataFrame
        One row per pair (``netzwerk_a_id < netzwerk_b_id``), the columns of
        :data:`DUPLICATE_COLUMNS` with :data:`EVIDENCE` (a :class:`DuplicateEvidence`) in
        place of ``erklaerung``; ``gemeinsame_mitglieder_namen``, ``gemeinsame_themen`` and
        ``gemeinsame_zielgruppen`` are ``"; "``-joined and sorted; ``p_wert`` and
        ``q_wert`` as in rule 4.

    References
    ----------
    .. [1] Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a
       practical and powerful approach to multiple testing. *J. R. Stat. Soc. B* 57(1),
       289–300.
    .. [2] Fury, W., Batliwalla, F., Gregersen, P. K. & Li, W. (2006). Overlapping
       probabilities of top ranking gene lists, hypergeometric distribution, and stringency
       of gene selection criterion. *Proc. IEEE EMBS* 2006, 5531–5534.
    .. [3] Neal, Z. (2014). The backbone of bipartite projections: inferring relationships
       from co-authorship, co-sponsorship, co-attendance and other co-behaviors. *Social
       Networks* 39, 84–97.

    Examples
    --------
    Two working groups in Görlitz with the same three members and the same topic, among
    twelve actors in three networks (one of :math:`\binom{12}{3} = 220` random draws
    shares all three; :math:`q = 3p` for the three pairs tested):

    >>> B = nx.Graph()
    >>> for x in ("N1", "N2"):
    ...     B.add_node(x, bipartite=1, name=f"AG {x}", landkreis="Görlitz", themen="MINT",
    ...                zielgruppen="Schüler*innen")
    >>> for a in ("A1", "A2", "A3"):
    ...     B.add_node(a, bipartite=0, name=f"Schule {a}")
    ...     B.add_edges_from([(a, "N1"), (a, "N2")])
    >>> B.add_node("K", bipartite=1, name="Kita-Verbund")
    >>> for j in range(9):
    ...     B.add_node(f"B{j}", bipartite=0, name=f"Kita {j}")
    ...     B.add_edge(f"B{j}", "K")
    >>> dup = duplicate_structures(B)
    >>> dup[["netzwerk_a", "netzwerk_b", "gebiet", "gemeinsame_mitglieder", "score"]]
      netzwerk_a netzwerk_b   gebiet  gemeinsame_mitglieder  score
    0     AG N1     AG N2  Görlitz                      3    1.0
    >>> round(float(dup.at[0, "p_wert"]) * 220, 6), round(float(dup.at[0, "q_wert"]), 4)
    (1.0, 0.0136)
    """
    nets = network_nodes(B)
    members = {n: set(B[n]) for n in nets}
    topics = {n: set(split_values(node_value(B, n, "themen"))) for n in nets}
    targets = {n: set(split_values(node_value(B, n, "zielgruppen"))) for n in nets}
    counts = sorted(_shared_member_counts(B).items())
    population = sum(1 for a in actor_nodes(B) if B.degree(a) > 0)
    sizes = np.array([[len(members[x]), len(members[y])] for (x, y), _ in counts], dtype=int)
    p_values = overlap_p_values(
        [k for _, k in counts],
        sizes[:, 0] if len(counts) else [],
        sizes[:, 1] if len(counts) else [],
        population,
    )
    n_nonempty = sum(1 for n in nets if members[n])
    q_values = benjamini_hochberg(p_values, tests=math.comb(n_nonempty, 2))
    rows = []
    for ((x, y), k), p_value, q_value in zip(counts, p_values, q_values):
        if k < min_shared_members or not q_value <= max_q:
            continue
        jm = k / len(members[x] | members[y])
        if jm < min_jaccard:
            continue
        st, sz = topics[x] & topics[y], targets[x] & targets[y]
        if len(st) < min_shared_topics or len(sz) < min_shared_targets:
            continue
        lk_x, lk_y = node_value(B, x, "landkreis"), node_value(B, y, "landkreis")
        area = _shared_area(lk_x, lk_y)
        if area is None:
            continue
        row = _duplicate_row(B, x, y, members, topics, targets, area)
        rows.append(row | {"p_wert": float(p_value), "q_wert": float(q_value)})
    df = pd.DataFrame(rows, columns=_ANALYSIS_COLUMNS)
    if len(df):
        df = df.sort_values(
            ["score", "netzwerk_a_id", "netzwerk_b_id"],
            ascending=[False, True, True],
            kind="mergesort",
        )
    return df.reset_index(drop=True)


def _duplicate_row(
    B: nx.Graph, x: str, y: str, members: dict, topics: dict, targets: dict, area: str
) -> dict:
    """The table row of the duplicate pair ``(x, y)`` working in ``area``."""
    W = DUPLICATE_SCORE_WEIGHTS
    shared = members[x] & members[y]
    jm = len(shared) / len(members[x] | members[y])
    jt, jz = jaccard(topics[x], topics[y]), jaccard(targets[x], targets[y])
    st, sz = tuple(sorted(topics[x] & topics[y])), tuple(sorted(targets[x] & targets[y]))
    lk_x, lk_y = node_value(B, x, "landkreis"), node_value(B, y, "landkreis")
    name_x, name_y = node_value(B, x, "name") or x, node_value(B, y, "name") or y
    common = sorted(node_value(B, a, "name") or str(a) for a in shared)
    evidence = DuplicateEvidence(
        name_a=name_x,
        name_b=name_y,
        district_a=lk_x,
        district_b=lk_y,
        area=area,
        members_a=len(members[x]),
        members_b=len(members[y]),
        shared_members=len(shared),
        jaccard_members=jm,
        shared_topics=st,
        shared_targets=sz,
    )
    return {
        "netzwerk_a_id": x,
        "netzwerk_a": name_x,
        "netzwerk_b_id": y,
        "netzwerk_b": name_y,
        "gebiet": area,
        "landkreis_a": lk_x,
        "landkreis_b": lk_y,
        "mitglieder_a": len(members[x]),
        "mitglieder_b": len(members[y]),
        "gemeinsame_mitglieder": len(shared),
        "jaccard_mitglieder": jm,
        "gemeinsame_mitglieder_namen": "; ".join(common),
        "gemeinsame_themen": "; ".join(st),
        "jaccard_themen": jt,
        "gemeinsame_zielgruppen": "; ".join(sz),
        "jaccard_zielgruppen": jz,
        "score": W["mitglieder"] * jm + W["themen"] * jt + W["zielgruppen"] * jz,
        EVIDENCE: evidence,
    }
