"""Communities: Louvain partitions and their modularity."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx

from bildungsnetz.analysis.measures.backend import resolve_backend, to_igraph
from bildungsnetz.config import DEFAULT_SEED

__all__ = ["louvain_communities", "modularity"]


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
