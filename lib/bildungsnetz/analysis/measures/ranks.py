"""Rank intervals: how far an actor's rank moves when other actors are missing.

A survey never reaches every actor, and a ranking by a network measure changes when some
actors are missing – betweenness most of all (Borgatti, Carley & Krackhardt 2006; Smith &
Moody 2013). :func:`rank_intervals` gives every actor's rank by PageRank, two-mode
betweenness and degree with a 90 % interval from seeded case-dropping resamples;
:func:`top_stability` condenses a ranking's intervals into the numbers behind one sentence
on how stable its top is. Ranks are competition ranks (1 = highest; ties share the best
rank, :func:`competition_ranks`).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.analysis.measures.backend import resolve_backend, to_igraph
from bildungsnetz.analysis.measures.centrality import pagerank
from bildungsnetz.config import DEFAULT_SEED

__all__ = [
    "RANK_MEASURES",
    "DROP_FRACTION",
    "LEVEL",
    "MIN_RESAMPLES",
    "MAX_RESAMPLES",
    "WORK_BUDGET",
    "MAX_SOURCES",
    "MIN_SOURCES",
    "TOTAL_WORK",
    "TIE_RTOL",
    "STABLE_TOP_MAX",
    "competition_ranks",
    "resample_count",
    "source_count",
    "rank_intervals",
    "TopStability",
    "top_stability",
]

#: The measures ranked, as named in ``kennzahlen_akteure.csv``: PageRank on the weighted
#: co-membership graph, raw two-mode betweenness, degree (= number of networks).
RANK_MEASURES = ("pagerank", "betweenness", "degree")
#: Share of the actors dropped in each resample.
DROP_FRACTION = 0.25
#: Coverage of the interval (5 % and 95 % quantiles).
LEVEL = 0.9
#: Bounds of the number of resamples chosen by :func:`resample_count`.
MIN_RESAMPLES = 50
MAX_RESAMPLES = 200
#: Work of all resamples together, in edge visits of the betweenness searches.
WORK_BUDGET = 8e7
#: Betweenness of a resample with more nodes is estimated from this many sampled sources.
MAX_SOURCES = 300
#: … but from no fewer than this many, and from fewer than MAX_SOURCES only as far as needed
#: to keep the work of all resamples under TOTAL_WORK edge visits (very large waves).
MIN_SOURCES = 50
TOTAL_WORK = 2.5e8
#: Values within this share of the largest absolute value are ties.
TIE_RTOL = 1e-9
#: :func:`top_stability` looks at most at this many first places.
STABLE_TOP_MAX = 10


def competition_ranks(values: Sequence[float] | np.ndarray, rtol: float = TIE_RTOL) -> np.ndarray:
    """Competition ranks ("1224"), highest value first, ties within a tolerance.

    Values are sorted in descending order; a value less than ``rtol`` times the largest
    absolute value below its predecessor belongs to the predecessor's tie group, so that the
    floating-point noise of iterative solvers does not split structurally equal actors. All
    members of a tie group share the best rank of the group.

    Parameters
    ----------
    values : sequence of float
        The values; NaN gets no rank.
    rtol : float, optional
        Relative tolerance of ties.

    Returns
    -------
    numpy.ndarray
        Float ranks (1 = highest), NaN where the value is NaN.

    Examples
    --------
    >>> competition_ranks([0.5, 0.2, 0.5, 0.2 + 1e-17, float("nan")]).tolist()
    [1.0, 3.0, 1.0, 3.0, nan]
    """
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(v))
    if not len(ok):
        return out
    order = ok[np.argsort(-v[ok], kind="stable")]
    s = v[order]
    tol = rtol * max(float(np.abs(s).max()), np.finfo(float).tiny)
    new_group = np.r_[True, (s[:-1] - s[1:]) > tol]
    starts = np.maximum.accumulate(np.where(new_group, np.arange(len(s)), 0))
    out[order] = starts + 1.0
    return out


def resample_count(n_nodes: int, n_edges: int, drop: float = DROP_FRACTION) -> int:
    r"""The number of resamples of :func:`rank_intervals` for a two-mode graph of this size.

    A deterministic size rule: the betweenness searches of one resample visit about
    :math:`w = \min(V_k, S)\,E_k` edges (:math:`V_k, E_k` nodes and edges left after
    dropping, :math:`S` = :data:`MAX_SOURCES`); the count is :data:`WORK_BUDGET` /
    :math:`w`, clipped to [:data:`MIN_RESAMPLES`, :data:`MAX_RESAMPLES`]. The Lausitz
    (~320 actors) gets the maximum, 10× and 100× the minimum.

    Examples
    --------
    >>> resample_count(420, 1450), resample_count(42_000, 145_000)
    (200, 50)
    """
    keep = 1.0 - drop
    nodes, edges = max(n_nodes * keep, 1.0), max(n_edges * keep, 1.0)
    count = int(WORK_BUDGET // (min(nodes, MAX_SOURCES) * edges))
    return max(MIN_RESAMPLES, min(MAX_RESAMPLES, count))


def source_count(n_nodes: int, n_edges: int, resamples: int, drop: float = DROP_FRACTION) -> int:
    r"""The number of sources of the betweenness searches in each resample.

    All nodes (exact betweenness) up to :data:`MAX_SOURCES`; above, :data:`MAX_SOURCES`
    sampled sources, reduced to :math:`\lfloor` :data:`TOTAL_WORK` / (resamples ·
    :math:`E_k`) :math:`\rfloor` but not below :data:`MIN_SOURCES` when the resamples
    together would visit more than :data:`TOTAL_WORK` edges (only from about 20× the
    Lausitz on). Fewer sources make the estimate noisier, which can only widen the
    intervals.

    Examples
    --------
    >>> source_count(300, 1000, 200), source_count(422, 1453, 200), source_count(4_220, 11_442, 50)
    (225, 300, 300)
    >>> source_count(39_000, 170_000, 50)
    50
    """
    keep = 1.0 - drop
    nodes, edges = int(n_nodes * keep), max(n_edges * keep, 1.0)
    if nodes <= MAX_SOURCES:
        return max(nodes, 0)
    capped = int(TOTAL_WORK // (max(resamples, 1) * edges))
    return max(MIN_SOURCES, min(MAX_SOURCES, capped))


# --------------------------------------------------------------------------- one resample


def _incidence(B: nx.Graph, actors: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray, int]:
    """Membership edges as (actor position, network position) arrays, sorted, and #networks."""
    pos = {a: i for i, a in enumerate(actors)}
    nets = sorted({v for a in actors for v in B[a]}, key=str)
    npos = {x: j for j, x in enumerate(nets)}
    pairs = sorted((pos[a], npos[x]) for a in actors for x in B[a])
    arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return arr[:, 0], arr[:, 1], len(nets)


def _pagerank_kept(
    ea: np.ndarray, en: np.ndarray, n_nets: int, keep: np.ndarray, alpha: float
) -> np.ndarray:
    """PageRank of the co-membership graph of the ``keep`` actors, without building it.

    The weight of two actors is their number of shared networks, so ``W = A Aᵀ − diag(k)``
    with ``A`` the kept actors' incidence: one power-iteration step costs two passes over
    the memberships. Actors without partners spread their rank uniformly (as networkx and
    igraph do).
    """
    n = len(keep)
    if n == 0:
        return np.zeros(0)
    local = np.full(max(int(ea.max(initial=-1)), int(keep.max())) + 1, -1, dtype=np.int64)
    local[keep] = np.arange(n)
    mask = local[ea] >= 0
    a, x = local[ea[mask]], en[mask]
    size = np.bincount(x, minlength=n_nets).astype(float)
    k = np.bincount(a, minlength=n).astype(float)
    strength = np.bincount(a, weights=size[x] - 1.0, minlength=n)
    dangling = strength <= 0
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, strength))
    pr = np.full(n, 1.0 / n)
    for _ in range(1000):
        y = pr * inv
        z = np.bincount(a, weights=np.bincount(x, weights=y[a], minlength=n_nets)[x], minlength=n)
        new = alpha * (z - k * y) + (alpha * pr[dangling].sum() + 1.0 - alpha) / n
        if np.abs(new - pr).sum() < 1e-13:
            return new
        pr = new
    return pr


def _betweenness_kept(
    B: nx.Graph,
    actors: Sequence[Hashable],
    keep: np.ndarray,
    rng: np.random.Generator,
    backend: str,
    n_sources: int = MAX_SOURCES,
) -> np.ndarray:
    """Raw betweenness of the kept actors in ``B`` without the dropped ones.

    Exact (Brandes 2001) up to ``n_sources`` nodes; above, from that many sources drawn
    without replacement (Brandes & Pich 2007) – proportional to the exact value in
    expectation, which is all a rank needs.
    """
    kept = [actors[i] for i in keep]
    dropped = set(actors) - set(kept)
    if backend == "igraph":
        g, order = to_igraph(B)
        rest = [i for i, v in enumerate(order) if v not in dropped]
        h = g.induced_subgraph(rest)
        sources = None
        if h.vcount() > n_sources:
            sources = np.sort(rng.choice(h.vcount(), n_sources, replace=False)).tolist()
        raw = h.betweenness(directed=False, sources=sources)
        value = {order[i]: b for i, b in zip(rest, raw)}
    else:
        H = B.subgraph(v for v in B if v not in dropped)
        if len(H) > n_sources:
            nodes = sorted(H, key=str)
            pick = np.sort(rng.choice(len(nodes), n_sources, replace=False))
            value = nx.betweenness_centrality_subset(
                H, [nodes[i] for i in pick], list(H), normalized=False
            )
        else:
            value = nx.betweenness_centrality(H, normalized=False)
    return np.array([value[a] for a in kept], dtype=float)


class _Resampler:
    """The arrays one resample needs, computed once per graph."""

    def __init__(
        self, B: nx.Graph, actors: Sequence[Hashable], P: nx.Graph | None, backend: str
    ) -> None:
        self.B, self.actors, self.P, self.backend = B, list(actors), P, backend
        self.n_sources = MAX_SOURCES
        self.ea, self.en, self.n_nets = _incidence(B, self.actors)
        self.degree = np.bincount(self.ea, minlength=len(self.actors)).astype(float)

    def values(
        self, measure: str, keep: np.ndarray, rng: np.random.Generator, alpha: float
    ) -> np.ndarray:
        """``measure`` of the kept actors in the wave without the dropped ones."""
        if measure == "degree":
            return self.degree[keep]
        if measure == "betweenness":
            return _betweenness_kept(self.B, self.actors, keep, rng, self.backend, self.n_sources)
        if measure != "pagerank":
            raise ValueError(f"measure must be one of {RANK_MEASURES}, not {measure!r}")
        if self.backend == "igraph":
            return _pagerank_kept(self.ea, self.en, self.n_nets, keep, alpha)
        if self.P is None:
            self.P = nx.bipartite.weighted_projected_graph(self.B, self.actors)
        kept = [self.actors[i] for i in keep]
        pr = pagerank(self.P.subgraph(kept), alpha=alpha, backend="networkx")
        return np.array([pr[a] for a in kept], dtype=float)


def _observed_values(
    resampler: _Resampler, measure: str, observed: Mapping[str, Mapping] | None, alpha: float
) -> np.ndarray:
    """The full wave's values of ``measure`` (``observed`` when given, else computed)."""
    if observed is not None and measure in observed:
        given = observed[measure]
        return np.array([float(given.get(a, math.nan)) for a in resampler.actors], dtype=float)
    everyone = np.arange(len(resampler.actors))
    return resampler.values(measure, everyone, np.random.default_rng(0), alpha)


def _interval(
    estimates: np.ndarray, rank: np.ndarray, level: float, n_ranked: int
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of the rank interval from the resamples' rank estimates."""
    tail = (1.0 - level) / 2.0
    count = (~np.isnan(estimates)).sum(axis=0)
    seen = count > 0
    lo, hi = rank.copy(), rank.copy()
    if seen.any():
        # numpy's quantile methods "lower" and "higher" per column, NaN (dropped) sorted last
        ordered = np.sort(estimates[:, seen], axis=0)
        last = count[seen] - 1
        at_lo = np.floor(tail * last + 1e-9).astype(np.int64)
        at_hi = np.ceil((1.0 - tail) * last - 1e-9).astype(np.int64)
        lo[seen] = np.floor(np.take_along_axis(ordered, at_lo[None, :], axis=0)[0] + 0.5)
        hi[seen] = np.floor(np.take_along_axis(ordered, at_hi[None, :], axis=0)[0] + 0.5)
    lo = np.clip(np.fmin(lo, rank), 1, max(n_ranked, 1))
    hi = np.clip(np.fmax(hi, rank), 1, max(n_ranked, 1))
    return np.where(np.isnan(rank), np.nan, lo), np.where(np.isnan(rank), np.nan, hi)


def _rank_estimates(
    resampler: _Resampler,
    observed: Mapping[str, np.ndarray],
    drop: float,
    resamples: int,
    seed: int,
    alpha: float,
) -> dict[str, np.ndarray]:
    """Per measure a resamples × actors array of rank estimates (NaN where dropped)."""
    n = len(resampler.actors)
    n_keep = max(min(n, 2), n - int(math.floor(drop * n + 0.5)))
    out = {m: np.full((resamples if n_keep < n else 0, n), np.nan) for m in observed}
    if n_keep >= n:
        return out
    rng = np.random.default_rng(seed)
    ranks = {m: competition_ranks(v) for m, v in observed.items()}
    scale = (n - 1) / (n_keep - 1)
    for r in range(resamples):
        keep = np.sort(rng.choice(n, n_keep, replace=False))
        for m, full in observed.items():
            valid = keep[~np.isnan(full[keep])]
            if len(valid) < 2:
                continue
            values = resampler.values(m, keep, rng, alpha)[~np.isnan(full[keep])]
            shift = competition_ranks(values) - competition_ranks(full[valid])
            out[m][r, valid] = ranks[m][valid] + shift * scale
    return out


def rank_intervals(
    B: nx.Graph,
    actors: Sequence[Hashable],
    *,
    P: nx.Graph | None = None,
    observed: Mapping[str, Mapping[Hashable, float]] | None = None,
    measures: Sequence[str] = RANK_MEASURES,
    drop: float = DROP_FRACTION,
    resamples: int | None = None,
    level: float = LEVEL,
    seed: int = DEFAULT_SEED,
    alpha: float = 0.85,
    backend: str = "auto",
) -> pd.DataFrame:
    r"""Every actor's rank by each measure with a ``level`` interval from case-dropping.

    **Rank.** The competition rank of the actor's value in the full wave (1 = highest,
    ties share the best rank, :func:`competition_ranks`).

    **Resamples** (case-dropping subset bootstrap, Epskamp, Borsboom & Fried 2018; the
    design of Costenbader & Valente 2003 and Borgatti, Carley & Krackhardt 2006 for the
    robustness of centrality to missing actors): each resample drops
    :math:`d = \operatorname{round}(\text{drop}\cdot n)` of the :math:`n` actors at random
    (without replacement, seeded), removes them with their memberships from the two-mode
    graph ``B`` (the networks stay), and recomputes the measure of the :math:`n_k = n - d`
    actors left: PageRank on their weighted co-membership graph, raw two-mode betweenness
    (Brandes 2001; above :data:`MAX_SOURCES` nodes from :func:`source_count` sampled
    sources, Brandes &
    Pich 2007), degree (number of networks – it never changes, so its intervals are points:
    a degree rank does not depend on who else answered). ``drop`` = 0.25 is the share of
    dropped cases at which Epskamp et al. (2018) still require a centrality index to be
    stable (correlation stability coefficient CS ≥ 0.25).

    **Back on the scale of the full wave.** Each kept actor :math:`i` gets its rank
    :math:`r_i^{(k)}` among the kept actors by the resample's values, and the rank
    :math:`r_i^{(o)}` the same kept actors would have among themselves by the full wave's
    values. Their difference is how far the missing actors moved :math:`i` past the others
    (Costenbader & Valente compare each sampled node's centrality in the sampled and the
    full network in just this way); stretched from :math:`n_k` to :math:`n` actors it is
    added to the observed rank :math:`R_i`:

    .. math:: \hat R_i = R_i + \bigl(r_i^{(k)} - r_i^{(o)}\bigr)\,\frac{n-1}{n_k-1}.

    The plain rank among the kept actors would also move whenever a better actor happens to
    be dropped – by chance, not by the measure – so that no rank 2 could ever be told from
    rank 1; the difference removes that effect.

    **Interval.** ``rang_X_von`` and ``rang_X_bis`` are the :math:`(1-\text{level})/2` and
    :math:`(1+\text{level})/2` quantiles of :math:`\hat R_i` over the resamples that kept
    :math:`i` (the nearest observed estimates outside, rounded to whole ranks), widened to
    contain :math:`R_i` and clipped to :math:`[1, n]`. With nothing to drop (``drop`` = 0,
    ``resamples`` = 0 or fewer than three actors) the interval is the rank itself.

    **Number of resamples**: :func:`resample_count` (a rule on the graph's size), unless
    given.

    Parameters
    ----------
    B : networkx.Graph
        The two-mode graph actors × networks.
    actors : sequence
        The actor nodes of ``B``.
    P : networkx.Graph, optional
        The actors' co-membership graph (only the networkx backend uses it).
    observed : mapping, optional
        Measure → {actor: value} of the full wave, e.g. the published values, so that the
        ranks are those of the published table; computed when missing.
    measures : sequence of str, optional
        Out of :data:`RANK_MEASURES`.
    drop : float, optional
        Share of the actors dropped in each resample.
    resamples : int, optional
        Number of resamples (default :func:`resample_count`).
    level : float, optional
        Coverage of the interval.
    seed : int, optional
        Seed of the resampling (same seed, same intervals).
    alpha : float, optional
        Damping factor of PageRank.
    backend : {"auto", "igraph", "networkx"}, optional
        igraph runs betweenness in igraph's C core and PageRank as a power iteration over the
        memberships (no projection is built); networkx is the reference implementation.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor (in the order of ``actors``), per measure ``X`` the nullable
        integer columns ``rang_X``, ``rang_X_von``, ``rang_X_bis`` (missing where the value
        is NaN).

    References
    ----------
    .. [1] Epskamp, S., Borsboom, D. & Fried, E. I. (2018). Estimating psychological
       networks and their accuracy: a tutorial paper. *Behavior Research Methods* 50,
       195–212 (case-dropping subset bootstrap, CS coefficient).
    .. [2] Costenbader, E. & Valente, T. W. (2003). The stability of centrality measures
       when networks are sampled. *Social Networks* 25, 283–307.
    .. [3] Borgatti, S. P., Carley, K. M. & Krackhardt, D. (2006). On the robustness of
       centrality measures under conditions of imperfect data. *Social Networks* 28,
       124–136.
    .. [4] Smith, J. A. & Moody, J. (2013). Structural effects of network sampling coverage
       I: nodes missing at random. *Social Networks* 35, 652–668.
    .. [5] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks.
       *International Journal of Bifurcation and Chaos* 17, 2303–2318.

    Examples
    --------
    A two-mode star: actor ``c`` is in all four networks, each of the others in one. ``c``
    stays first whoever is missing; the others are tied:

    >>> B = nx.Graph([("c", f"n{i}") for i in range(4)] + [(f"a{i}", f"n{i}") for i in range(4)])
    >>> actors = ["c", "a0", "a1", "a2", "a3"]
    >>> iv = rank_intervals(B, actors, resamples=20, seed=1)
    >>> iv.loc["c", ["rang_pagerank", "rang_pagerank_von", "rang_pagerank_bis"]].tolist()
    [1, 1, 1]
    >>> iv.loc["a0", ["rang_degree", "rang_degree_von", "rang_degree_bis"]].tolist()
    [2, 2, 2]
    """
    backend = resolve_backend(backend)
    resampler = _Resampler(B, actors, P, backend)
    values = {m: _observed_values(resampler, m, observed, alpha) for m in measures}
    if resamples is None:
        resamples = resample_count(B.number_of_nodes(), B.number_of_edges(), drop)
    resampler.n_sources = source_count(B.number_of_nodes(), B.number_of_edges(), resamples, drop)
    estimates = _rank_estimates(resampler, values, drop, resamples, seed, alpha)
    out = pd.DataFrame(index=pd.Index(list(actors), name="akteur_id"))
    for m in measures:
        rank = competition_ranks(values[m])
        lo, hi = _interval(estimates[m], rank, level, int((~np.isnan(rank)).sum()))
        for suffix, column in (("", rank), ("_von", lo), ("_bis", hi)):
            out[f"rang_{m}{suffix}"] = pd.array(
                [None if math.isnan(x) else int(x) for x in column], dtype="Int64"
            )
    return out


@dataclass(frozen=True)
class TopStability:
    """How stable the top of one ranking is (the numbers behind one sentence of the report).

    ``n`` actors are ranked; ``fixed`` is True when every interval is a single rank;
    ``secure`` is the size of the largest secure top group (0 when not even the first place
    is secure); ``order_fixed`` the number of leading places whose rank is certain;
    ``first_upper`` the upper bound of the first place's interval.
    """

    measure: str
    n: int
    fixed: bool
    secure: int
    order_fixed: int
    first_upper: int


def top_stability(
    table: pd.DataFrame, measure: str, max_top: int = STABLE_TOP_MAX
) -> TopStability | None:
    r"""How stable the top of the ranking by ``measure`` is, from its rank intervals.

    Rule: the first :math:`k` places are *secure* when exactly :math:`k` actors have a rank
    :math:`\le k`, all their intervals end at rank :math:`k` or better (``rang_X_bis`` ≤ k)
    and every other actor's interval starts after :math:`k` (``rang_X_von`` > k): whichever
    quarter of the actors is missing, in 90 % of the resamples the same :math:`k` actors
    hold the first :math:`k` places. ``secure`` is the largest such :math:`k` up to
    ``max_top``, below the number of ranked actors (all of them together are trivially
    "secure"). ``order_fixed`` counts the places 1, 2, … whose interval is the rank alone
    (no tie), up to the first that is not.

    Parameters
    ----------
    table : pandas.DataFrame
        With the columns ``rang_X``, ``rang_X_von``, ``rang_X_bis`` of :func:`rank_intervals`
        (e.g. ``kennzahlen_akteure``).
    measure : str
        ``X``.
    max_top : int, optional
        The largest group looked at.

    Returns
    -------
    TopStability or None
        None when the table has no such columns or fewer than two ranked actors.

    Examples
    --------
    >>> t = pd.DataFrame({"rang_x": [1, 2, 3, 4], "rang_x_von": [1, 2, 3, 3],
    ...                   "rang_x_bis": [1, 2, 4, 4]})
    >>> top_stability(t, "x")
    TopStability(measure='x', n=4, fixed=False, secure=2, order_fixed=2, first_upper=1)
    """
    cols = [f"rang_{measure}{s}" for s in ("", "_von", "_bis")]
    if any(c not in table.columns for c in cols):
        return None
    frame = table[cols].apply(pd.to_numeric, errors="coerce").dropna()
    if len(frame) < 2:
        return None
    rank, lo, hi = (frame[c].to_numpy(dtype=float) for c in cols)
    secure = 0
    for k in range(1, min(max_top, len(frame) - 1) + 1):
        top = rank <= k
        if top.sum() == k and hi[top].max() <= k and (lo[~top] > k).all():
            secure = k
    order_fixed = 0
    counts = pd.Series(rank).value_counts()
    for r in range(1, len(frame) + 1):
        at = rank == r
        if counts.get(float(r), 0) != 1 or lo[at][0] != r or hi[at][0] != r:
            break
        order_fixed = r
    return TopStability(
        measure=measure,
        n=len(frame),
        fixed=bool((lo == rank).all() and (hi == rank).all()),
        secure=secure,
        order_fixed=order_fixed,
        first_upper=int(hi[rank == rank.min()].max()),
    )
