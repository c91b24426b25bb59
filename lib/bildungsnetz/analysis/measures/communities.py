"""Communities: Louvain partitions, their modularity and their stability over seeded runs."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from bildungsnetz.analysis.measures.backend import resolve_backend, to_igraph
from bildungsnetz.config import DEFAULT_SEED

__all__ = [
    "louvain_communities",
    "modularity",
    "STABILITY_MIN_RUNS",
    "STABILITY_MAX_RUNS",
    "STABILITY_EDGE_BUDGET",
    "CommunityStability",
    "stability_runs",
    "run_seeds",
    "pair_share",
    "adjusted_rand_index",
    "community_stability",
]

#: Fewest and most reruns of the community detection behind :func:`community_stability`.
STABILITY_MIN_RUNS = 5
STABILITY_MAX_RUNS = 50
#: Edges × runs the stability may spend (:func:`stability_runs`): one igraph Louvain run
#: costs about 0,7 µs per edge, so the budget keeps the reruns near one second.
STABILITY_EDGE_BUDGET = 1_000_000


def _number_communities(groups: Iterable[Iterable[Hashable]]) -> dict:
    """Node → community number, 1 = largest (ties: the one with the smallest node id)."""
    ordered = sorted((set(c) for c in groups), key=lambda c: (-len(c), min(map(str, c))))
    return {v: k for k, comp in enumerate(ordered, start=1) for v in comp}


def louvain_communities(
    G: nx.Graph,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = DEFAULT_SEED,
    backend: str = "auto",
) -> dict:
    r"""Communities by the Louvain method: node → community number.

    Greedy modularity optimisation: nodes move to the neighbouring community that increases
    modularity :math:`Q` (see :func:`modularity`) most, communities are then merged into
    super-nodes and the process repeats until :math:`Q` no longer grows. The visiting order
    is random; it is drawn from a generator seeded with ``seed``, so results are
    reproducible.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, optional
        Edge attribute holding the weight; None for an unweighted graph.
    resolution : float, optional
        Resolution :math:`\gamma` of the modularity (above 1: smaller communities).
    seed : int, optional
        Seed of the visiting order.
    backend : {"auto", "igraph", "networkx"}, optional
        networkx's ``louvain_communities`` or igraph's ``community_multilevel``. They are
        different implementations of the same heuristic and may find different (similarly
        good) partitions of the same graph.

    Returns
    -------
    dict
        Node → community number 1, 2, ... by decreasing size (ties: the community with the
        smallest node id first); isolated nodes form communities of their own.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast
       unfolding of communities in large networks. *J. Stat. Mech.* P10008.

    Examples
    --------
    Two triangles joined by one tie:

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> louvain_communities(G, backend="networkx")
    {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2}
    """
    backend = resolve_backend(backend)
    if len(G) == 0:
        return {}
    if backend == "igraph":
        import igraph as ig

        g, order = to_igraph(G, weight)
        ig.set_random_number_generator(random.Random(seed))
        try:
            part = g.community_multilevel(
                weights="weight" if weight else None, resolution=resolution
            )
        finally:
            ig.set_random_number_generator(random)
        groups: dict[int, set] = defaultdict(set)
        for v, c in zip(order, part.membership):
            groups[c].add(v)
        return _number_communities(groups.values())
    comms = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    return _number_communities(comms)


def modularity(
    G: nx.Graph,
    membership: Mapping[Hashable, int],
    weight: str | None = "weight",
    resolution: float = 1.0,
) -> float:
    r"""Newman–Girvan modularity of a partition.

    .. math:: Q = \frac{1}{2m}\sum_{ij}\left(A_{ij} - \gamma\frac{k_i k_j}{2m}\right)
              \delta(c_i, c_j)

    with :math:`A` the (weighted) adjacency, :math:`k` the (weighted) degrees, :math:`m` the
    total edge weight and :math:`\gamma` the resolution: the share of ties inside
    communities minus the share expected if ties were placed at random with the same
    degrees.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    membership : mapping
        Node → community (every node of ``G``).
    weight : str or None, optional
        Edge attribute holding the weight; None for an unweighted graph.
    resolution : float, optional
        Resolution :math:`\gamma`.

    Returns
    -------
    float
        :math:`Q` (above 0.3 indicates clear community structure); NaN for a graph without
        edges.

    References
    ----------
    .. [1] Newman, M. E. J. & Girvan, M. (2004). Finding and evaluating community structure
       in networks. *Phys. Rev. E* 69, 026113.
    .. [2] Newman, M. E. J. (2006). Modularity and community structure in networks.
       *PNAS* 103, 8577–8582.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> round(modularity(G, {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2}), 3)
    0.357
    """
    if G.size(weight=weight) == 0:
        return math.nan
    groups: dict[int, set] = defaultdict(set)
    for v in G:
        groups[membership[v]].add(v)
    return float(
        nx.community.modularity(G, list(groups.values()), weight=weight, resolution=resolution)
    )


# --------------------------------------------------------------------------- stability


@dataclass(frozen=True)
class CommunityStability:
    """How stable a community partition is over reruns (:func:`community_stability`).

    Attributes
    ----------
    runs : int
        Number of reruns (0 when there was nothing to test).
    communities : dict
        Community → mean share of its pairs of members kept together in a rerun
        (NaN for a community of one).
    actors : dict
        Node → mean share of its community's other members that stay with it in a rerun
        (NaN for a node alone in its community).
    pairs_kept : float
        Share of all pairs of community co-members kept together, averaged over the reruns
        (NaN without a community of at least two).
    adjusted_rand : float
        Mean adjusted Rand index between the reruns and the reference partition (NaN
        without a community of at least two).
    """

    runs: int
    communities: dict = field(default_factory=dict)
    actors: dict = field(default_factory=dict)
    pairs_kept: float = math.nan
    adjusted_rand: float = math.nan


def stability_runs(n_edges: int) -> int:
    r"""Number of reruns of the community detection for a graph with ``n_edges`` edges.

    A deterministic size rule: a Louvain run costs time roughly in proportion to the edges
    :math:`m`, so the reruns share a fixed budget :math:`W` of edges × runs,

    .. math:: R = \min\bigl(R_{\max}, \max(R_{\min}, \lfloor W / m \rfloor)\bigr)

    with :math:`W` = :data:`STABILITY_EDGE_BUDGET`, :math:`R_{\min}` =
    :data:`STABILITY_MIN_RUNS`, :math:`R_{\max}` = :data:`STABILITY_MAX_RUNS`. Small
    graphs get 50 runs (a share's standard error at most 0.5/√50 ≈ 0.07, far less for
    stable communities), large ones never fewer than 5.

    Examples
    --------
    >>> stability_runs(16_000), stability_runs(100_000), stability_runs(2_000_000)
    (50, 10, 5)
    """
    return min(
        STABILITY_MAX_RUNS, max(STABILITY_MIN_RUNS, STABILITY_EDGE_BUDGET // max(n_edges, 1))
    )


def run_seeds(seed: int, runs: int) -> list[int]:
    """``runs`` seeds derived from ``seed`` (numpy ``SeedSequence``; the same on every machine).

    Examples
    --------
    >>> run_seeds(2025, 3) == run_seeds(2025, 3), len(set(run_seeds(2025, 50)))
    (True, 50)
    """
    entropy = [0 if seed >= 0 else 1, abs(int(seed))]
    return [int(s) for s in np.random.SeedSequence(entropy).generate_state(runs)]


def _codes(labels: Sequence[Hashable]) -> np.ndarray:
    """Labels → integer codes 0, 1, … in the order of first appearance."""
    index: dict = {}
    return np.fromiter(
        (index.setdefault(x, len(index)) for x in labels), dtype=np.int64, count=len(labels)
    )


def _pairs(x: np.ndarray | float) -> np.ndarray:
    """Number of unordered pairs :math:`x(x-1)/2` (as float array)."""
    y = np.asarray(x, dtype=float)
    return y * (y - 1) / 2


def _contingency(ref: np.ndarray, run: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-empty cells of the contingency table of two codings, in O(n log n).

    Returns the reference code of each cell, the cell of each node and the cell sizes
    :math:`n_{ij}`; no n × n or k × l matrix is built.
    """
    width = int(run.max()) + 1
    cells, cell_of, cell_size = np.unique(
        ref * width + run, return_inverse=True, return_counts=True
    )
    return cells // width, cell_of.ravel(), cell_size


def _ari(cell_size: np.ndarray, row_size: np.ndarray, col_size: np.ndarray) -> float:
    """Adjusted Rand index from the cell, row and column sizes of a contingency table."""
    n = int(row_size.sum())
    if n < 2:
        return 1.0
    index = float(np.sum(_pairs(cell_size)))
    a, b = float(np.sum(_pairs(row_size))), float(np.sum(_pairs(col_size)))
    expected = a * b / float(_pairs(n))
    top = (a + b) / 2
    if top == expected:  # both partitions trivial (one block, or all singletons) and equal
        return 1.0
    return (index - expected) / (top - expected)


def pair_share(
    reference: Mapping[Hashable, Hashable], partition: Mapping[Hashable, Hashable]
) -> dict:
    r"""Share of each reference community's pairs that ``partition`` keeps together.

    For a community :math:`C` and the blocks :math:`P_j` of the other partition, with
    :math:`n_j = |C \cap P_j|`,

    .. math:: s(C, P) = \sum_j \binom{n_j}{2} \Big/ \binom{|C|}{2}

    computed from the non-empty cells of the contingency table, in
    :math:`O(n \log n)` without any n × n matrix.

    Parameters
    ----------
    reference : mapping
        Node → community.
    partition : mapping
        Node → block, for every node of ``reference``.

    Returns
    -------
    dict
        Community → share in [0, 1]; NaN for a community of one.

    Examples
    --------
    >>> pair_share({1: "a", 2: "a", 3: "a", 4: "b"}, {1: 0, 2: 0, 3: 1, 4: 1})
    {'a': 0.3333333333333333, 'b': nan}
    """
    nodes = list(reference)
    labels = list(dict.fromkeys(reference[v] for v in nodes))
    if not nodes:
        return {}
    ref = _codes([reference[v] for v in nodes])
    cell_row, _, cell_size = _contingency(ref, _codes([partition[v] for v in nodes]))
    kept = np.bincount(cell_row, weights=_pairs(cell_size), minlength=len(labels))
    total = _pairs(np.bincount(ref, minlength=len(labels)))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, kept / np.where(total > 0, total, 1), np.nan)
    return {c: float(x) for c, x in zip(labels, share)}


def adjusted_rand_index(a: Mapping[Hashable, Hashable], b: Mapping[Hashable, Hashable]) -> float:
    r"""Adjusted Rand index of two partitions of the same nodes (Hubert & Arabie 1985).

    .. math:: \mathrm{ARI} = \frac{\sum_{ij}\binom{n_{ij}}{2} - E}
              {\tfrac12\left[\sum_i\binom{a_i}{2} + \sum_j\binom{b_j}{2}\right] - E},
              \qquad E = \sum_i\binom{a_i}{2}\sum_j\binom{b_j}{2}\Big/\binom{n}{2}

    with :math:`n_{ij}` the nodes in block :math:`i` of ``a`` and block :math:`j` of ``b``
    and :math:`a_i`, :math:`b_j` the block sizes: 1 for identical partitions, about 0 for
    partitions as alike as chance makes them. Two equal trivial partitions (one block, or
    only singletons, where the formula is 0/0) count as identical (1), as in scikit-learn.

    Parameters
    ----------
    a, b : mapping
        Node → block; ``b`` covers every node of ``a``.

    Returns
    -------
    float
        The index, at most 1.

    References
    ----------
    .. [1] Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of
       Classification* 2, 193–218.

    Examples
    --------
    >>> adjusted_rand_index({1: 0, 2: 0, 3: 1, 4: 1}, {1: "x", 2: "x", 3: "y", 4: "y"})
    1.0
    >>> round(adjusted_rand_index({1: 0, 2: 0, 3: 1, 4: 1}, {1: 0, 2: 1, 3: 0, 4: 1}), 6)
    -0.5
    """
    nodes = list(a)
    if not nodes:
        return 1.0
    ra, rb = _codes([a[v] for v in nodes]), _codes([b[v] for v in nodes])
    _, _, cell_size = _contingency(ra, rb)
    return _ari(cell_size, np.bincount(ra), np.bincount(rb))


def _rerun(
    ref: np.ndarray, sizes: np.ndarray, run: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """One rerun against the reference codes.

    Per node the co-members kept with it, per community the pairs kept together, and the
    adjusted Rand index.
    """
    cell_row, cell_of, cell_size = _contingency(ref, run)
    together = cell_size[cell_of] - 1
    kept = np.bincount(cell_row, weights=_pairs(cell_size), minlength=len(sizes))
    return together, kept, _ari(cell_size, sizes, np.bincount(run))


def community_stability(
    G: nx.Graph,
    membership: Mapping[Hashable, Hashable] | None = None,
    *,
    runs: int | None = None,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = DEFAULT_SEED,
    backend: str = "auto",
) -> CommunityStability:
    r"""How often actors of a community land together when the detection is rerun.

    Louvain (:func:`louvain_communities`) is a randomised heuristic and modularity has many
    near-optimal partitions (Good, de Montjoye & Clauset 2010), so one seed's communities may
    be an accident of the visiting order. The detection is rerun :math:`R` times with seeds
    :func:`run_seeds` derived from ``seed`` (:math:`R` by :func:`stability_runs` unless
    ``runs`` is given) and each rerun :math:`P^{(r)}` compared with the reference partition
    (``membership``, by default the partition for ``seed``), in the spirit of consensus
    clustering (Lancichinetti & Fortunato 2012: how often do two nodes fall together) and of
    significance clustering (Rosvall & Bergstrom 2010: which part of a community holds
    together over resampled partitions). Without an n × n co-assignment matrix, only via
    the contingency cells :math:`n^{(r)}_{Cj} = |C \cap P^{(r)}_j|`:

    * community :math:`C` (:math:`|C| \ge 2`):
      :math:`s_C = \frac1R \sum_r \sum_j \binom{n^{(r)}_{Cj}}{2} \big/ \binom{|C|}{2}`,
      the mean share of its pairs kept together (= the mean share of reruns a pair of its
      members spends together) – see :func:`pair_share`;
    * node :math:`v` in :math:`C`:
      :math:`s_v = \frac1R \sum_r (n^{(r)}_{C\,j(v)} - 1) / (|C| - 1)`, the mean share of
      its co-members that stay with it; :math:`s_C` is the mean of :math:`s_v` over
      :math:`C`;
    * ``pairs_kept``: all co-member pairs together, :math:`\sum_C \sum_r \sum_j
      \binom{n^{(r)}_{Cj}}{2} / (R \sum_C \binom{|C|}{2})`;
    * ``adjusted_rand``: mean :func:`adjusted_rand_index` of the reruns against the
      reference, which also counts communities merged in a rerun (the pair shares do not:
      a community merged with another keeps all its pairs).

    Each rerun costs one Louvain run plus :math:`O(n \log n)`.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    membership : mapping, optional
        The reference partition, node → community; by default
        ``louvain_communities(G, weight, resolution, seed, backend)``.
    runs : int, optional
        Number of reruns; by default :func:`stability_runs` of the number of edges.
    weight, resolution, seed, backend
        As for :func:`louvain_communities`; the reruns use the seeds
        ``run_seeds(seed, runs)``.

    Returns
    -------
    CommunityStability
        ``runs``, ``communities``, ``actors``, ``pairs_kept``, ``adjusted_rand``. Communities
        and nodes alone in their community get NaN; without any community of at least two
        members (no nodes, no edges) nothing is rerun (``runs`` = 0, overall figures NaN).

    References
    ----------
    .. [1] Lancichinetti, A. & Fortunato, S. (2012). Consensus clustering in complex
       networks. *Scientific Reports* 2, 336.
    .. [2] Rosvall, M. & Bergstrom, C. T. (2010). Mapping change in large networks.
       *PLoS ONE* 5, e8694.
    .. [3] Hubert, L. & Arabie, P. (1985). Comparing partitions. *Journal of
       Classification* 2, 193–218.
    .. [4] Good, B. H., de Montjoye, Y.-A. & Clauset, A. (2010). Performance of modularity
       maximization in practical contexts. *Phys. Rev. E* 81, 046106.

    Examples
    --------
    Two triangles joined by one tie split the same way in every run:

    >>> G = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> st = community_stability(G, runs=10, backend="networkx")
    >>> st.runs, st.communities, st.pairs_kept, st.adjusted_rand
    (10, {1: 1.0, 2: 1.0}, 1.0, 1.0)
    """
    if membership is None:
        membership = louvain_communities(G, weight, resolution, seed, backend)
    nodes = list(G)
    ref_labels = [membership[v] for v in nodes]
    labels = list(dict.fromkeys(ref_labels))
    ref = _codes(ref_labels)
    sizes = np.bincount(ref, minlength=len(labels))
    if not nodes or sizes.max() < 2:
        return _unmeasured(labels, nodes)
    n_runs = stability_runs(G.number_of_edges()) if runs is None else int(runs)
    together, kept, ari = np.zeros(len(nodes)), np.zeros(len(labels)), 0.0
    for s in run_seeds(seed, n_runs):
        part = louvain_communities(G, weight, resolution, s, backend)
        t, k, a = _rerun(ref, sizes, _codes([part[v] for v in nodes]))
        together, kept, ari = together + t, kept + k, ari + a
    return _stability_result(n_runs, labels, nodes, sizes[ref], together, kept, sizes, ari)


def _unmeasured(labels: list, nodes: list) -> CommunityStability:
    """The result without reruns: every value NaN."""
    return CommunityStability(0, dict.fromkeys(labels, math.nan), dict.fromkeys(nodes, math.nan))


def _stability_result(
    n_runs: int,
    labels: list,
    nodes: list,
    own_size: np.ndarray,
    together: np.ndarray,
    kept: np.ndarray,
    sizes: np.ndarray,
    ari: float,
) -> CommunityStability:
    """The means over ``n_runs`` reruns of the sums gathered by :func:`community_stability`."""
    if n_runs <= 0:
        return _unmeasured(labels, nodes)
    pairs = _pairs(sizes)
    with np.errstate(invalid="ignore", divide="ignore"):
        actor = np.where(own_size > 1, together / (n_runs * (own_size - 1)), np.nan)
        comm = np.where(pairs > 0, kept / (n_runs * pairs), np.nan)
    return CommunityStability(
        runs=n_runs,
        communities={c: float(x) for c, x in zip(labels, comm)},
        actors={v: float(x) for v, x in zip(nodes, actor)},
        pairs_kept=float(kept.sum() / (n_runs * pairs.sum())),
        adjusted_rand=ari / n_runs,
    )
