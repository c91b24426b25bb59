"""Two-mode (bipartite) measures, normalised as Borgatti & Everett (1997).

In the 2-mode graph actors × networks, a node's raw degree, closeness and betweenness depend
on the sizes of both modes. Borgatti & Everett divide each by the largest value a node of the
same mode can reach in a bipartite graph of those sizes, so that actors and networks are
comparable with each other and across waves.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable

import networkx as nx
import numpy as np

from bildungsnetz.analysis.measures.backend import resolve_backend, to_igraph
from bildungsnetz.config import DEFAULT_SEED

__all__ = [
    "EXACT_MAX_NODES",
    "SAMPLED_SOURCES",
    "path_sources",
    "two_mode_degree",
    "two_mode_closeness",
    "two_mode_betweenness",
    "two_mode_density",
]


#: Closeness and betweenness are exact (a search from every node) up to this many nodes of the
#: 2-mode graph – 30× the Lausitz has ~13.000 – and estimated from sampled sources above.
EXACT_MAX_NODES = 20_000
#: Number of sampled sources above :data:`EXACT_MAX_NODES` (spread over the components).
SAMPLED_SOURCES = 1_000
#: Every component keeps at least this many sources (all its nodes when it is smaller).
MIN_COMPONENT_SOURCES = 50
_CHUNK = 200  # sources per distance matrix (rows × nodes floats)


def path_sources(
    membership: list[int], k: int | None = None, seed: int = DEFAULT_SEED
) -> list[tuple[list[int], float]]:
    r"""Sampled sources of the shortest-path searches, per connected component.

    Component :math:`C` (``membership`` gives each node's component) gets
    :math:`k_C = \min(|C|, \max(\lceil k|C|/N \rceil, 50))` sources drawn without
    replacement (seeded; all its nodes when :math:`k_C = |C|`), and the factor
    :math:`|C|/k_C` that turns a sum over its sources into an unbiased estimate of the sum over
    all its nodes (Eppstein & Wang 2004 for closeness, Brandes & Pich 2007 for betweenness).
    Components kept whole are merged into one group with factor 1. ``k`` defaults to
    :data:`SAMPLED_SOURCES`.

    Returns
    -------
    list of (sources, factor)
        Node indices, sorted, and their factor.

    Examples
    --------
    >>> path_sources([0, 0, 1], k=2)
    [([0, 1, 2], 1.0)]
    >>> groups = path_sources([0] * 1000 + [1] * 3, k=100)
    >>> [(len(s), f) for s, f in groups]
    [(3, 1.0), (100, 10.0)]
    """
    k = SAMPLED_SOURCES if k is None else k
    rng = np.random.default_rng(seed)
    comp = np.asarray(membership)
    N = len(comp)
    whole: list[int] = []
    groups: list[tuple[list[int], float]] = []
    for c in range(int(comp.max()) + 1 if N else 0):
        nodes = np.flatnonzero(comp == c)
        size = len(nodes)
        want = min(size, max(math.ceil(k * size / N), MIN_COMPONENT_SOURCES))
        if want >= size:
            whole.extend(nodes.tolist())
        else:
            pick = np.sort(rng.choice(nodes, want, replace=False)).tolist()
            groups.append((pick, size / want))
    return ([(sorted(whole), 1.0)] if whole else []) + groups


def _mode_sizes(B: nx.Graph, nodes: Collection[Hashable]) -> tuple[set, int, int]:
    """``(top, n, m)``: the set of ``nodes``, its size and the size of the other mode."""
    top = set(nodes)
    n = len(top)
    return top, n, B.number_of_nodes() - n


def two_mode_degree(B: nx.Graph, nodes: Collection[Hashable]) -> dict:
    r"""Two-mode degree centrality, normalised as Borgatti & Everett (1997).

    For a bipartite graph with node sets :math:`V_1` (``nodes``, size :math:`n`) and
    :math:`V_2` (all other nodes, size :math:`m`), the normalised degree of a node is its
    degree divided by the size of the *other* mode:

    .. math:: d^*_v = \deg(v) / m \ (v \in V_1), \qquad d^*_v = \deg(v) / n \ (v \in V_2).

    For an actor this is the share of all networks it belongs to; for a network, the share of
    all actors that are its members.

    Parameters
    ----------
    B : networkx.Graph
        Bipartite graph.
    nodes : collection
        The nodes of one mode (e.g. the actors); all other nodes form the other mode.

    Returns
    -------
    dict
        Node → normalised degree in [0, 1], for every node of ``B`` (0 when the other mode
        is empty).

    References
    ----------
    .. [1] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data.
       *Social Networks* 19, 243–269, section "Centrality".

    Examples
    --------
    Actor ``a1`` is in two of three networks, network ``n1`` holds both actors:

    >>> B = nx.Graph([("a1", "n1"), ("a1", "n2"), ("a2", "n1")])
    >>> B.add_node("n3")
    >>> {v: round(d, 3) for v, d in sorted(two_mode_degree(B, ["a1", "a2"]).items())}
    {'a1': 0.667, 'a2': 0.333, 'n1': 1.0, 'n2': 0.5, 'n3': 0.0}
    """
    top, n, m = _mode_sizes(B, nodes)
    out = {}
    for v, deg in B.degree():
        other = m if v in top else n
        out[v] = deg / other if other else 0.0
    return out


def _distance_sums(B: nx.Graph, backend: str) -> dict:
    r"""Node → sum of the shortest-path lengths to all nodes it can reach.

    Above :data:`EXACT_MAX_NODES` nodes (igraph only) estimated from the sources of
    :func:`path_sources`: :math:`\hat d(v) = (|C|/k_C) \sum_{s} d(s, v)` over the sampled
    sources :math:`s` of :math:`v`'s component (Eppstein & Wang 2004).
    """
    if backend == "igraph" and B.number_of_nodes() > EXACT_MAX_NODES:
        g, order = to_igraph(B)
        total = np.zeros(g.vcount())
        for sources, factor in path_sources(g.connected_components().membership):
            for i in range(0, len(sources), _CHUNK):
                d = np.asarray(g.distances(source=sources[i : i + _CHUNK]), dtype=float)
                total += factor * np.where(np.isfinite(d), d, 0.0).sum(axis=0)
        return dict(zip(order, total.tolist()))
    if backend == "igraph":
        g, order = to_igraph(B)
        clo = g.closeness(normalized=False)
        return {v: (1.0 / c if c and not math.isnan(c) else 0.0) for v, c in zip(order, clo)}
    return {v: float(sum(nx.single_source_shortest_path_length(B, v).values())) for v in B}


def two_mode_closeness(B: nx.Graph, nodes: Collection[Hashable], backend: str = "auto") -> dict:
    r"""Two-mode closeness centrality, normalised as Borgatti & Everett (1997).

    Let :math:`d(v)` be the sum of the geodesic distances from :math:`v` to all nodes it can
    reach in the bipartite graph. In a connected bipartite graph with :math:`n` nodes in
    :math:`v`'s own mode and :math:`m` in the other, the smallest possible sum is
    :math:`m + 2(n-1)` (distance 1 to every node of the other mode, 2 to every other node of
    its own), so the normalised closeness is

    .. math:: c^*_v = \frac{m + 2(n - 1)}{d(v)} .

    Disconnected graphs: :math:`n, m` are counted within :math:`v`'s connected component
    :math:`C` and the value is multiplied by the share of other nodes that :math:`v` can reach,
    :math:`(|C| - 1)/(N - 1)` (the Wasserman & Faust correction also used by networkx and
    igraph for 1-mode closeness). For connected graphs this is exactly B&E's measure.

    Very large graphs: above :data:`EXACT_MAX_NODES` nodes the igraph backend estimates
    :math:`d(v)` from :data:`SAMPLED_SOURCES` seeded sources (:func:`path_sources`; Eppstein &
    Wang 2004) instead of a search from every node; below, nothing changes.

    Parameters
    ----------
    B : networkx.Graph
        Bipartite graph.
    nodes : collection
        The nodes of one mode (e.g. the actors).
    backend : {"auto", "igraph", "networkx"}, optional
        Breadth-first search in igraph or networkx (see :func:`resolve_backend`).

    Returns
    -------
    dict
        Node → normalised closeness in [0, 1], for every node of ``B``; 0 for isolated nodes.

    References
    ----------
    .. [1] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data.
       *Social Networks* 19, 243–269.
    .. [2] Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press, eq. 5.3.
    .. [3] Eppstein, D. & Wang, J. (2004). Fast approximation of centrality. *J. Graph
       Algorithms Appl.* 8, 39–45.

    Examples
    --------
    A star: network ``n`` holds all three actors, so it is as close as possible to everyone.

    >>> B = nx.Graph([("a1", "n"), ("a2", "n"), ("a3", "n")])
    >>> c = two_mode_closeness(B, ["a1", "a2", "a3"], backend="networkx")
    >>> c["n"], c["a1"]
    (1.0, 1.0)
    """
    backend = resolve_backend(backend)
    top = set(nodes)
    N = B.number_of_nodes()
    sums = _distance_sums(B, backend)
    out = {}
    for comp in nx.connected_components(B):
        size = len(comp)
        n_c = sum(1 for v in comp if v in top)
        m_c = size - n_c
        for v in comp:
            d = sums[v]
            if d <= 0 or N <= 1:
                out[v] = 0.0
                continue
            own, other = (n_c, m_c) if v in top else (m_c, n_c)
            out[v] = (other + 2 * (own - 1)) / d * ((size - 1) / (N - 1))
    return out


def _bet_max(own: int, other: int) -> float:
    """Borgatti & Everett's (1997) maximum betweenness of a node whose mode has ``own`` nodes."""
    if own <= 0 or other <= 0:
        return 0.0
    s, t = divmod(own - 1, other)
    return (other**2 * (s + 1) ** 2 + other * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


def two_mode_betweenness(B: nx.Graph, nodes: Collection[Hashable], backend: str = "auto") -> dict:
    r"""Two-mode betweenness centrality, normalised as Borgatti & Everett (1997).

    The raw betweenness of :math:`v` is Freeman's :math:`b(v) = \sum_{s<t} \sigma_{st}(v) /
    \sigma_{st}` over all unordered pairs of other nodes (both modes), :math:`\sigma` counting
    shortest paths. It is divided by the largest value a node of its mode can reach in a
    bipartite graph with :math:`n` nodes in that mode and :math:`m` in the other:

    .. math:: b_{\max} = \tfrac12\left[m^2(s+1)^2 + m(s+1)(2t-s-1) - t(2s-t+3)\right],
              \quad s = \lfloor (n-1)/m \rfloor,\ t = (n-1) \bmod m .

    :math:`n` and :math:`m` are the sizes of the whole modes (also in disconnected graphs).

    Very large graphs: above :data:`EXACT_MAX_NODES` nodes the igraph backend sums the
    dependencies of :data:`SAMPLED_SOURCES` seeded sources only, scaled by :math:`|C|/k_C`
    (:func:`path_sources`; Brandes & Pich 2007) – an unbiased estimate; below, exact.

    Parameters
    ----------
    B : networkx.Graph
        Bipartite graph.
    nodes : collection
        The nodes of one mode (e.g. the actors).
    backend : {"auto", "igraph", "networkx"}, optional
        Brandes' algorithm in igraph or networkx (see :func:`resolve_backend`).

    Returns
    -------
    dict
        Node → normalised betweenness in [0, 1], for every node of ``B``.

    References
    ----------
    .. [1] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data.
       *Social Networks* 19, 243–269.
    .. [2] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40, 35–41.
    .. [3] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       *J. Math. Sociol.* 25, 163–177 (the algorithm both backends use).
    .. [4] Brandes, U. & Pich, C. (2007). Centrality estimation in large networks. *Int. J.
       Bifurcation and Chaos* 17, 2303–2318.

    Examples
    --------
    The path a1 – n1 – a2 – n2 – a3: actor ``a2`` lies on every path between the two
    sides, as many as an actor can; network ``n1`` on 3 of the 5 paths a network can be on
    at most with 3 actors and 2 networks:

    >>> B = nx.Graph([("a1", "n1"), ("a2", "n1"), ("a2", "n2"), ("a3", "n2")])
    >>> b = two_mode_betweenness(B, ["a1", "a2", "a3"], backend="networkx")
    >>> {v: round(x, 3) for v, x in sorted(b.items())}
    {'a1': 0.0, 'a2': 1.0, 'a3': 0.0, 'n1': 0.6, 'n2': 0.6}
    """
    backend = resolve_backend(backend)
    top, n, m = _mode_sizes(B, nodes)
    if backend == "igraph" and B.number_of_nodes() > EXACT_MAX_NODES:
        g, order = to_igraph(B)  # estimated from sampled sources (Brandes & Pich 2007)
        total = np.zeros(g.vcount())
        for sources, factor in path_sources(g.connected_components().membership):
            total += factor * np.asarray(g.betweenness(directed=False, sources=sources))
        raw = dict(zip(order, total.tolist()))
    elif backend == "igraph":
        g, order = to_igraph(B)
        raw = dict(zip(order, g.betweenness(directed=False)))
    else:
        raw = nx.betweenness_centrality(B, normalized=False, weight=None)
    max_top, max_bot = _bet_max(n, m), _bet_max(m, n)
    out = {}
    for v, b in raw.items():
        bmax = max_top if v in top else max_bot
        out[v] = b / bmax if bmax else 0.0
    return out


def two_mode_density(B: nx.Graph, nodes: Collection[Hashable]) -> float:
    r"""Density of a 2-mode graph: the share of possible memberships that exist.

    .. math:: \Delta = \frac{L}{n\,m}

    with :math:`L` the number of edges, :math:`n` the size of the mode ``nodes`` and
    :math:`m` that of the other mode.

    Parameters
    ----------
    B : networkx.Graph
        Bipartite graph.
    nodes : collection
        The nodes of one mode.

    Returns
    -------
    float
        Density in [0, 1]; 0 when a mode is empty.

    References
    ----------
    .. [1] Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data.
       *Social Networks* 19, 243–269.
    .. [2] Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press, ch. 8.

    Examples
    --------
    >>> B = nx.Graph([("a1", "n1"), ("a1", "n2"), ("a2", "n1")])
    >>> two_mode_density(B, ["a1", "a2"])
    0.75
    """
    _, n, m = _mode_sizes(B, nodes)
    return B.number_of_edges() / (n * m) if n and m else 0.0
