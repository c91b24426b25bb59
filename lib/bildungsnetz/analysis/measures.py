"""Network measures, one algorithm per function (networkx style).

Every function takes a networkx graph (see :mod:`bildungsnetz.graphs`) and returns a plain
``dict`` keyed by node, a float, or a small DataFrame. The docstrings state the definition
and its source.

Heavy measures (shortest-path based betweenness and closeness, PageRank, eigenvector
centrality, Burt's constraint, Louvain) take ``backend="auto"|"igraph"|"networkx"``:
``"networkx"`` is the pure-Python reference implementation, ``"igraph"`` runs the same
definition in python-igraph's C core (tests check that both give the same numbers).
``"auto"`` uses igraph whenever it is installed – it is a declared dependency and its results
are what the pipeline publishes – and falls back to networkx otherwise; the one exception is
Burt's constraint, where ``"auto"`` uses a vectorised numpy form (faster than both on dense
co-membership graphs). Louvain is a heuristic: the two backends are separate implementations
and can return different, equally good partitions; each is reproducible for a given seed.

Analyses that run many measures on the same graphs can wrap them in
:func:`conversion_cache` so that each graph is converted to igraph / numpy only once.
"""

from __future__ import annotations

import math
import random
import warnings
from collections import Counter, defaultdict
from contextlib import contextmanager

import networkx as nx
import numpy as np
import pandas as pd

__all__ = [
    "BACKENDS",
    "resolve_backend",
    "conversion_cache",
    "two_mode_degree",
    "two_mode_closeness",
    "two_mode_betweenness",
    "pagerank",
    "eigenvector_centrality",
    "distinct_partners",
    "participation_coefficient",
    "burt_constraint",
    "blau_index",
    "blau_diversity",
    "ei_index",
    "ei_index_groups",
    "ei_index_from_mixing",
    "ei_groups_from_mixing",
    "mixing_matrix",
    "density",
    "two_mode_density",
    "degree_centralization",
    "component_membership",
    "louvain_communities",
    "modularity",
    "hidden_champions",
]

BACKENDS = ("auto", "igraph", "networkx")


# --------------------------------------------------------------------------- helpers


def resolve_backend(backend: str = "auto") -> str:
    """Return the concrete backend (``"igraph"`` or ``"networkx"``) for ``backend``.

    ``"auto"`` chooses igraph when python-igraph is importable, else networkx.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    if backend == "auto":
        try:
            import igraph  # noqa: F401
        except ImportError:  # pragma: no cover - igraph is a dependency
            return "networkx"
        return "igraph"
    return backend


def _sorted_nodes(G) -> list:
    try:
        return sorted(G)
    except TypeError:  # mixed node types: keep insertion order
        return list(G)


#: Largest graph for which dense n × n numpy matrices are used (8,000² floats = 512 MB).
_DENSE_MAX_NODES = 8000

# Conversions of networkx graphs to numpy arrays / igraph graphs, cached only inside a
# ``conversion_cache()`` block (the graphs must not change within it).
_CACHE: dict | None = None


@contextmanager
def conversion_cache():
    """Reuse graph conversions (edge arrays, igraph copies) inside this ``with`` block.

    One analysis runs a dozen measures on the same large co-membership graph; each would
    otherwise convert it again. The graphs must not be modified inside the block. Outside a
    block nothing is cached, so direct calls always see the current graph.
    """
    global _CACHE
    outer = _CACHE
    if outer is None:
        _CACHE = {}
    try:
        yield
    finally:
        if outer is None:
            _CACHE = None


def _cached(kind: str, G, weight, build):
    if _CACHE is None:
        return build()
    key = (kind, id(G), weight)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is G:
        return hit[1]
    value = build()
    _CACHE[key] = (G, value)  # keeps G alive, so its id cannot be reused inside the block
    return value


def _edge_arrays(G, weight=None):
    """Return ``(nodes, src, dst, w)``: sorted nodes and numpy arrays of edge endpoints/weights.

    ``w`` is all ones when ``weight`` is None or an edge lacks the attribute.
    """
    return _cached("edges", G, weight, lambda: _build_edge_arrays(G, weight))


def _build_edge_arrays(G, weight):
    nodes = _sorted_nodes(G)
    index = {n: i for i, n in enumerate(nodes)}
    m = G.number_of_edges()
    pairs = np.fromiter((x for u, v in G.edges() for x in (index[u], index[v])),
                        dtype=np.int64, count=2 * m).reshape(m, 2)
    if weight is None:
        w = np.ones(m)
    else:
        w = np.fromiter((float(x) for _, _, x in G.edges(data=weight, default=1)),
                        dtype=float, count=m)
    return nodes, pairs[:, 0], pairs[:, 1], w


def _to_igraph(G, weight=None):
    """Convert ``G`` to an igraph Graph; return ``(g, nodes)`` with ``nodes[i]`` = vertex i."""
    return _cached("igraph", G, weight, lambda: _build_igraph(G, weight))


def _build_igraph(G, weight):
    import igraph as ig

    nodes, src, dst, w = _edge_arrays(G, weight)
    g = ig.Graph(n=len(nodes), edges=list(zip(src.tolist(), dst.tolist())),
                 directed=G.is_directed())
    if weight is not None:
        g.es["weight"] = w.tolist()
    return g, nodes


def _node_codes(G, nodes, attr):
    """Return ``(labels, codes)``: sorted distinct values of ``attr`` and each node's code
    (index into labels, -1 when missing)."""
    values = [G.nodes[v].get(attr) for v in nodes]
    labels = sorted({x for x in values if not _missing(x)}, key=str)
    pos = {x: k for k, x in enumerate(labels)}
    codes = np.array([-1 if _missing(x) else pos[x] for x in values], dtype=np.int64)
    return labels, codes


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def _other_mode_sizes(B, nodes):
    top = set(nodes)
    n = len(top)
    m = B.number_of_nodes() - n
    return top, n, m


# --------------------------------------------------------------------------- 2-mode centrality


def two_mode_degree(B: nx.Graph, nodes) -> dict:
    r"""Two-mode degree centrality, normalised as Borgatti & Everett (1997).

    For a bipartite graph with node sets :math:`V_1` (``nodes``, size :math:`n`) and
    :math:`V_2` (all other nodes, size :math:`m`), the normalised degree of a node is its
    degree divided by the size of the *other* mode:

    .. math:: d^*_v = \deg(v) / m \ (v \in V_1), \qquad d^*_v = \deg(v) / n \ (v \in V_2).

    For an actor this is the share of all networks it belongs to; for a network, the share of
    all actors that are its members.

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. *Social
    Networks* 19, 243–269, section "Centrality".
    """
    top, n, m = _other_mode_sizes(B, nodes)
    out = {}
    for v, deg in B.degree():
        other = m if v in top else n
        out[v] = deg / other if other else 0.0
    return out


def _distance_sums(B, backend):
    """Return {node: sum of shortest-path lengths to all reachable nodes}."""
    if backend == "igraph":
        g, order = _to_igraph(B)
        clo = g.closeness(normalized=False)
        return {v: (1.0 / c if c and not math.isnan(c) else 0.0) for v, c in zip(order, clo)}
    sums = {}
    for v in B:
        sums[v] = float(sum(nx.single_source_shortest_path_length(B, v).values()))
    return sums


def two_mode_closeness(B: nx.Graph, nodes, backend: str = "auto") -> dict:
    r"""Two-mode closeness centrality, normalised as Borgatti & Everett (1997).

    Let :math:`d(v)` be the sum of the geodesic distances from :math:`v` to all nodes it can
    reach in the bipartite graph. In a connected bipartite graph with :math:`n` nodes in
    :math:`v`'s own mode and :math:`m` in the other, the smallest possible sum is
    :math:`m + 2(n-1)` (distance 1 to every node of the other mode, 2 to every other node of
    its own), so the normalised closeness is

    .. math:: c^*_v = \frac{m + 2(n - 1)}{d(v)} .

    Disconnected graphs: :math:`n, m` are counted within :math:`v`'s connected component
    :math:`C` and the value is multiplied by the share of other nodes that :math:`v` can reach,
    :math:`(|C| - 1)/(N - 1)` (the Wasserman & Faust 1994 correction also used by networkx and
    igraph for 1-mode closeness). For connected graphs this is exactly B&E's measure. Isolated
    nodes get 0.

    Parameters
    ----------
    B : bipartite graph; ``nodes`` : the nodes of one mode (e.g. the actors).
    backend : ``"auto"``, ``"igraph"`` or ``"networkx"`` (breadth-first search in each).

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. *Social
    Networks* 19, 243–269. Wasserman, S. & Faust, K. (1994). *Social Network Analysis*,
    Cambridge University Press, eq. 5.3.
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


def two_mode_betweenness(B: nx.Graph, nodes, backend: str = "auto") -> dict:
    r"""Two-mode betweenness centrality, normalised as Borgatti & Everett (1997).

    The raw betweenness of :math:`v` is Freeman's :math:`b(v) = \sum_{s<t} \sigma_{st}(v) /
    \sigma_{st}` over all unordered pairs of other nodes (both modes), :math:`\sigma` counting
    shortest paths. It is divided by the largest value a node of its mode can reach in a
    bipartite graph with :math:`n` nodes in that mode and :math:`m` in the other:

    .. math:: b_{\max} = \tfrac12\left[m^2(s+1)^2 + m(s+1)(2t-s-1) - t(2s-t+3)\right],
              \quad s = \lfloor (n-1)/m \rfloor,\ t = (n-1) \bmod m .

    :math:`n` and :math:`m` are the sizes of the whole modes (also in disconnected graphs).

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. *Social
    Networks* 19, 243–269. Freeman, L. C. (1977). A set of measures of centrality based on
    betweenness. *Sociometry* 40, 35–41. Brandes, U. (2001). A faster algorithm for
    betweenness centrality. *J. Math. Sociol.* 25, 163–177 (the algorithm both backends use).
    """
    backend = resolve_backend(backend)
    top, n, m = _other_mode_sizes(B, nodes)
    if backend == "igraph":
        g, order = _to_igraph(B)
        raw = dict(zip(order, g.betweenness(directed=False)))
    else:
        raw = nx.betweenness_centrality(B, normalized=False, weight=None)
    max_top, max_bot = _bet_max(n, m), _bet_max(m, n)
    out = {}
    for v, b in raw.items():
        bmax = max_top if v in top else max_bot
        out[v] = b / bmax if bmax else 0.0
    return out


# --------------------------------------------------------------------------- 1-mode centrality


def pagerank(G: nx.Graph, alpha: float = 0.85, weight: str | None = "weight",
             backend: str = "auto") -> dict:
    r"""PageRank of every node (Brin & Page 1998), summing to 1.

    :math:`PR = \alpha\, P^\top PR + (1-\alpha)/N`, where :math:`P` is the row-stochastic
    matrix of (weighted) edge weights – an undirected edge counts in both directions – and the
    rank of nodes without out-edges is spread uniformly over all nodes. A node is influential
    when influential nodes link to it; in the co-membership graph this rewards actors tied
    (often) to well-tied actors rather than actors that are merely in many networks.

    Backends: igraph uses PRPACK (exact linear solve); networkx uses power iteration
    (tolerance 1e-10).

    References
    ----------
    Brin, S. & Page, L. (1998). The anatomy of a large-scale hypertextual Web search engine.
    *Computer Networks and ISDN Systems* 30, 107–117.
    """
    backend = resolve_backend(backend)
    if len(G) == 0:
        return {}
    if backend == "igraph":
        g, order = _to_igraph(G, weight)
        pr = g.pagerank(damping=alpha, weights="weight" if weight else None,
                        directed=G.is_directed())
        return dict(zip(order, pr))
    try:
        return nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-10, max_iter=10000)
    except ImportError:  # networkx's default implementation needs scipy
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(G, alpha=alpha, weight=weight, tol=1e-10, max_iter=10000)


def _component_key(comp) -> tuple:
    return (-len(comp), min(map(str, comp)))


def eigenvector_centrality(G: nx.Graph, weight: str | None = "weight",
                           backend: str = "auto") -> dict:
    r"""Eigenvector centrality (Bonacich 1972) of an undirected graph, scaled to max 1.

    :math:`x` is the principal eigenvector of the (weighted) adjacency matrix,
    :math:`\lambda x_v = \sum_u a_{vu} x_u`: a node is central when its neighbours are. The
    eigenvector is only well defined on a connected graph, so it is computed on the largest
    connected component (ties: the one with the smallest node id); nodes outside it get 0.
    Values are divided by the maximum, so the most central node has 1.

    Backends: igraph (ARPACK) and networkx (power iteration, tolerance 1e-10).

    References
    ----------
    Bonacich, P. (1972). Factoring and weighting approaches to status scores and clique
    identification. *J. Math. Sociol.* 2, 113–120.
    """
    backend = resolve_backend(backend)
    out = dict.fromkeys(G, 0.0)
    if G.number_of_edges() == 0:
        return out
    if backend == "igraph":
        g, order = _to_igraph(G, weight)
        comps = g.connected_components(mode="weak")
        best = min(comps, key=lambda c: _component_key([order[i] for i in c]))
        h = g.induced_subgraph(sorted(best)) if len(best) < g.vcount() else g
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            ev = h.eigenvector_centrality(scale=True, weights="weight" if weight else None)
        vals = {order[i]: x for i, x in zip(sorted(best), ev)}
    else:
        comp = min(nx.connected_components(G), key=_component_key)
        H = G if len(comp) == len(G) else G.subgraph(comp).copy()
        if H.number_of_edges() == 0:
            return out
        vals = nx.eigenvector_centrality(H, weight=weight, max_iter=100000, tol=1e-10)
    top = max(vals.values())
    for v, x in vals.items():
        out[v] = max(x, 0.0) / top if top > 0 else 0.0
    return out


def distinct_partners(G: nx.Graph) -> dict:
    """Number of distinct partners of each node in a 1-mode graph (its unweighted degree).

    On the actor co-membership graph: the number of other actors an actor meets in at least
    one of its networks.
    """
    return dict(G.degree())


def participation_coefficient(G: nx.Graph, attr: str, weight: str | None = None,
                              nodes=None) -> dict:
    r"""Participation coefficient of each node across the groups given by a node attribute.

    .. math:: P_i = 1 - \sum_s \left(\frac{k_{is}}{k_i}\right)^2

    where :math:`k_{is}` is the number (or total ``weight``) of :math:`i`'s links to nodes of
    group :math:`s` (e.g. district or state given by ``attr``) and :math:`k_i = \sum_s
    k_{is}`. :math:`P_i = 0` when all of :math:`i`'s links stay in one group and approaches
    :math:`1 - 1/S` when they are spread evenly over :math:`S` groups: it identifies
    connectors between districts or between Brandenburg and Saxony. Neighbours whose
    attribute is missing are ignored; nodes with no classified neighbour get 0.

    Guimerà & Amaral use the communities as groups; here the groups are given by an attribute.
    ``nodes`` restricts the result (e.g. to the networks of a 2-mode graph, giving the spread
    of a network's members over districts).

    References
    ----------
    Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex metabolic
    networks. *Nature* 433, 895–900.
    """
    order, src, dst, w = _edge_arrays(G, weight)
    labels, codes = _node_codes(G, order, attr)
    n, k = len(order), max(len(labels), 1)
    K = np.zeros((n, k))
    for a, b in ((src, dst), (dst, src)):  # each undirected tie counts for both ends
        ok = codes[b] >= 0
        np.add.at(K, (a[ok], codes[b][ok]), w[ok])
    total = K.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(total > 0, 1.0 - ((K / total[:, None]) ** 2).sum(axis=1), 0.0)
    result = dict(zip(order, part.tolist()))
    return result if nodes is None else {v: result[v] for v in nodes}


def burt_constraint(G: nx.Graph, weight: str | None = "weight", backend: str = "auto") -> dict:
    r"""Burt's (1992) constraint of each node: how much its contacts are tied to each other.

    .. math:: c_i = \sum_{j \in N(i)} \left(p_{ij} + \sum_{q \ne i,j} p_{iq}\, p_{qj}\right)^2,
              \qquad p_{ij} = \frac{a_{ij} + a_{ji}}{\sum_k (a_{ik} + a_{ki})}

    with :math:`a` the (weighted) adjacency and :math:`N(i)` the neighbours of :math:`i`.
    Low constraint = brokerage opportunities across structural holes; high constraint (up to
    ~1 for a single contact, above 1 in dense cliques of two or three) = embedded in one
    closed group. Nodes without neighbours get NaN.

    Backends: ``"networkx"`` – pure Python with the proportions computed once (same definition
    as ``networkx.constraint``, which is too slow for dense co-membership graphs);
    ``"igraph"`` – igraph's ``constraint``; ``"auto"`` – numpy on each node's neighbourhood
    block of the proportion matrix :math:`P` (:math:`c_i = \sum_{j \in N(i)} (p_{ij} +
    (p_{i,N(i)} P_{N(i),N(i)})_j)^2`, work :math:`\sum_i d_i^2`), the fastest on dense
    co-membership graphs. Tests check that all three agree.

    References
    ----------
    Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard
    University Press, ch. 2.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    if backend == "igraph":
        g, order = _to_igraph(G, weight)
        vals = g.constraint(weights="weight" if weight else None)
        out = dict(zip(order, vals))
    elif backend == "networkx":
        out = _constraint_python(G, weight)
    elif len(G) > _DENSE_MAX_NODES:  # dense matrices would not fit in memory
        return burt_constraint(G, weight, backend="igraph")
    else:
        out = _constraint_numpy(G, weight)
    return {v: (math.nan if G.degree(v) == 0 else float(c)) for v, c in out.items()}


def _constraint_numpy(G: nx.Graph, weight) -> dict:
    """Burt's constraint with numpy: for each node only its neighbourhood block of P.

    ``c_i = sum_j (p_ij + (p_i. P)_j)^2`` over the neighbours j, where only neighbours q of
    ``i`` contribute to the indirect term, so the work is the sum of squared degrees.
    """
    order, src, dst, w = _edge_arrays(G, weight)
    n = len(order)
    A = np.zeros((n, n))
    np.add.at(A, (src, dst), w)
    np.add.at(A, (dst, src), w)  # a_ij + a_ji (for undirected graphs: twice w, cancels out)
    total = A.sum(axis=1)
    nbrs = [np.flatnonzero(row) for row in A]
    np.divide(A, total[:, None], out=A, where=total[:, None] > 0)  # A becomes P in place
    c = np.full(n, np.nan)
    for i, nb in enumerate(nbrs):
        if len(nb) == 0:
            continue
        pi = A[i, nb]
        indirect = pi @ A[np.ix_(nb, nb)]
        c[i] = float(((pi + indirect) ** 2).sum())
    return dict(zip(order, c.tolist()))


def _constraint_python(G: nx.Graph, weight) -> dict:
    """Burt's constraint in pure Python with the proportions p_ij computed once.

    Same definition as ``networkx.constraint`` (which recomputes p_ij inside the innermost
    loop and is far too slow for dense co-membership graphs); tests check both agree.
    """
    def mutual(u, v):
        w = 0.0
        if G.has_edge(u, v):
            w += float(G[u][v].get(weight, 1)) if weight else 1.0
        if G.is_directed() and G.has_edge(v, u):
            w += float(G[v][u].get(weight, 1)) if weight else 1.0
        return w if G.is_directed() else 2.0 * w

    nbrs = {v: set(nx.all_neighbors(G, v)) - {v} for v in G}
    p = {}
    for v in G:
        raw = {u: mutual(v, u) for u in nbrs[v]}
        total = sum(raw.values())
        p[v] = {u: (w / total if total else 0.0) for u, w in raw.items()}
    out = {}
    for i in G:
        if not nbrs[i]:
            out[i] = math.nan
            continue
        pi = p[i]
        c = 0.0
        for j in nbrs[i]:
            pj_in = 0.0
            small, large = (nbrs[i], nbrs[j]) if len(nbrs[i]) < len(nbrs[j]) else (nbrs[j], nbrs[i])
            for q in small:
                if q in large and q != i and q != j:
                    pj_in += pi[q] * p[q][j]
            c += (pi[j] + pj_in) ** 2
        out[i] = c
    return out


# --------------------------------------------------------------------------- diversity & mixing


def blau_index(values) -> float:
    r"""Blau's index of heterogeneity of a list of category labels.

    .. math:: B = 1 - \sum_k p_k^2

    with :math:`p_k` the share of items in category :math:`k`. 0 = all alike, approaching
    :math:`1 - 1/K` for an even spread over :math:`K` categories. Missing labels are ignored;
    an empty list gives 0.

    References
    ----------
    Blau, P. M. (1977). *Inequality and Heterogeneity*. Free Press, New York.
    """
    counts = Counter(v for v in values if not _missing(v))
    total = sum(counts.values())
    if total == 0:
        return 0.0
    return 1.0 - sum((c / total) ** 2 for c in counts.values())


def blau_diversity(B: nx.Graph, nodes, attr: str = "kategorie") -> dict:
    """Blau index (:func:`blau_index`) of ``attr`` over the neighbours of each of ``nodes``.

    With ``nodes`` the networks of the 2-mode graph and ``attr="kategorie"``: the diversity of
    actor types (chambers, universities, authorities, ...) among each network's members.
    """
    return {v: blau_index([B.nodes[u].get(attr) for u in B[v]]) for v in nodes}


def mixing_matrix(G: nx.Graph, attr: str, weight: str | None = None) -> pd.DataFrame:
    """Mixing matrix of ties by the groups given by node attribute ``attr``.

    Cell ``[a, b]`` is the number (or total ``weight``) of ties between a node of group ``a``
    and a node of group ``b``. The matrix is symmetric; each tie is counted once in ``[a, b]``
    and once in ``[b, a]`` if ``a != b``, and once on the diagonal if ``a == b``, so the upper
    triangle including the diagonal sums to the number of ties. (networkx's
    ``attribute_mixing_matrix`` counts every tie in both directions, i.e. the diagonal twice.)
    Groups are sorted; ties of nodes with a missing attribute are left out. The diagonal is
    the within-group part of the E-I index, the off-diagonal the between-group part.

    References
    ----------
    Newman, M. E. J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.
    """
    order, src, dst, w = _edge_arrays(G, weight)
    labels, codes = _node_codes(G, order, attr)
    k = len(labels)
    cu, cv = codes[src], codes[dst]
    ok = (cu >= 0) & (cv >= 0)
    cu, cv, w = cu[ok], cv[ok], w[ok]
    mat = np.zeros((k, k))
    np.add.at(mat, (cu, cv), w)
    off = cu != cv
    np.add.at(mat, (cv[off], cu[off]), w[off])
    M = pd.DataFrame(mat, index=pd.Index(labels, name=attr), columns=pd.Index(labels, name=attr))
    return M if weight else M.round().astype(int)


def ei_index_from_mixing(M: pd.DataFrame) -> float:
    """E-I index (see :func:`ei_index`) from a mixing matrix of :func:`mixing_matrix`.

    NaN when fewer than two groups are known: with a single group no tie can cross groups,
    so the index would be −1 by construction and say nothing.
    """
    if len(M.index) < 2:
        return math.nan
    mat = M.to_numpy(dtype=float)
    internal = float(np.trace(mat))
    external = float((mat.sum() - internal) / 2)
    total = internal + external
    return (external - internal) / total if total > 0 else math.nan


def ei_groups_from_mixing(M: pd.DataFrame) -> pd.DataFrame:
    """Group-level E-I indices (see :func:`ei_index_groups`) from a mixing matrix (NaN for
    every group when fewer than two groups are known)."""
    mat = M.to_numpy(dtype=float)
    internal = np.diag(mat)
    external = mat.sum(axis=1) - internal
    total = internal + external
    with np.errstate(divide="ignore", invalid="ignore"):
        ei = np.where((total > 0) & (len(M.index) >= 2), (external - internal) / total, np.nan)
    return pd.DataFrame({"extern": external, "intern": internal, "ei_index": ei},
                        index=pd.Index(list(M.index), name="gruppe"))


def ei_index(G: nx.Graph, attr: str, weight: str | None = None) -> float:
    r"""Krackhardt & Stern's E-I index of a whole graph for the groups given by ``attr``.

    .. math:: EI = \frac{E - I}{E + I}

    with :math:`E` the number (or total ``weight``) of ties between nodes of different groups
    and :math:`I` of ties within a group. −1 = all ties stay inside groups, +1 = all ties cross
    groups. Ties with a missing attribute at either end are ignored; NaN when no tie is left
    or fewer than two groups are known (a single group makes the index meaningless).

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: an
    experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    """
    return ei_index_from_mixing(mixing_matrix(G, attr, weight))


def ei_index_groups(G: nx.Graph, attr: str, weight: str | None = None) -> pd.DataFrame:
    r"""Group-level E-I index (Krackhardt & Stern 1988) for every value of ``attr``.

    For group :math:`g`: :math:`EI_g = (E_g - I_g)/(E_g + I_g)`, with :math:`E_g` the ties
    (or weights) from members of :math:`g` to members of other (known) groups and :math:`I_g`
    the ties inside :math:`g`, each tie counted once. Returns a DataFrame indexed by group
    (sorted) with columns ``extern``, ``intern``, ``ei_index``.
    """
    return ei_groups_from_mixing(mixing_matrix(G, attr, weight))


# --------------------------------------------------------------------------- whole-graph measures


def density(G: nx.Graph) -> float:
    r"""Density of a 1-mode graph: ties present / ties possible, :math:`2L / (N(N-1))`.

    For directed graphs :math:`L / (N(N-1))`. 0 for fewer than two nodes.
    (Wasserman & Faust 1994, section 4.2.)
    """
    return nx.density(G) if G.number_of_nodes() > 1 else 0.0


def two_mode_density(B: nx.Graph, nodes) -> float:
    r"""Density of a 2-mode graph: memberships present / possible, :math:`L / (n\,m)`.

    (Borgatti & Everett 1997; Wasserman & Faust 1994, ch. 8.)
    """
    _, n, m = _other_mode_sizes(B, nodes)
    return B.number_of_edges() / (n * m) if n and m else 0.0


def degree_centralization(G: nx.Graph) -> float:
    r"""Freeman's degree centralisation of a 1-mode graph.

    .. math:: C_D = \frac{\sum_i (d^* - d_i)}{(N-1)(N-2)}

    with :math:`d_i` the degree of node :math:`i` and :math:`d^*` the largest degree; the
    denominator is the value of a star, so :math:`C_D = 1` for a star and 0 when all degrees
    are equal. 0 for graphs with fewer than three nodes.

    References
    ----------
    Freeman, L. C. (1979). Centrality in social networks: conceptual clarification. *Social
    Networks* 1, 215–239.
    """
    n = G.number_of_nodes()
    if n < 3:
        return 0.0
    degs = [d for _, d in G.degree()]
    top = max(degs)
    return sum(top - d for d in degs) / ((n - 1) * (n - 2))


def component_membership(G: nx.Graph) -> dict:
    """Number the connected components of ``G``: node → component number.

    Components are numbered 1, 2, ... by decreasing size (ties: the component containing the
    smallest node id first), so 1 is always the largest component.
    """
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c))))
    return {v: k for k, comp in enumerate(comps, start=1) for v in comp}


# --------------------------------------------------------------------------- communities


def _number_communities(groups) -> dict:
    groups = sorted((set(c) for c in groups), key=lambda c: (-len(c), min(map(str, c))))
    return {v: k for k, comp in enumerate(groups, start=1) for v in comp}


def louvain_communities(G: nx.Graph, weight: str | None = "weight", resolution: float = 1.0,
                        seed: int = 2025, backend: str = "auto") -> dict:
    r"""Communities by the Louvain method (Blondel et al. 2008): node → community number.

    Greedy modularity optimisation: nodes move to the neighbouring community that increases
    modularity :math:`Q` (see :func:`modularity`) most, communities are then merged into
    super-nodes and the process repeats. The visiting order is random; it is drawn from a
    generator seeded with ``seed``, so results are reproducible. Communities are numbered 1,
    2, ... by decreasing size (ties: the one with the smallest node id first). Isolated nodes
    form communities of their own.

    Backends: networkx's ``louvain_communities`` or igraph's ``community_multilevel``. They
    are different implementations of the same heuristic and may find different (similarly
    good) partitions on the same graph.

    References
    ----------
    Blondel, V. D., Guillaume, J.-L., Lambiotte, R. & Lefebvre, E. (2008). Fast unfolding of
    communities in large networks. *J. Stat. Mech.* P10008.
    """
    backend = resolve_backend(backend)
    if len(G) == 0:
        return {}
    if backend == "igraph":
        import igraph as ig

        g, order = _to_igraph(G, weight)
        ig.set_random_number_generator(random.Random(seed))
        try:
            part = g.community_multilevel(weights="weight" if weight else None,
                                          resolution=resolution)
        finally:
            ig.set_random_number_generator(random)
        groups: dict = defaultdict(set)
        for v, c in zip(order, part.membership):
            groups[c].add(v)
        return _number_communities(groups.values())
    comms = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    return _number_communities(comms)


def modularity(G: nx.Graph, membership: dict, weight: str | None = "weight",
               resolution: float = 1.0) -> float:
    r"""Newman–Girvan modularity of a partition (node → community).

    .. math:: Q = \frac{1}{2m}\sum_{ij}\left(A_{ij} - \gamma\frac{k_i k_j}{2m}\right)
              \delta(c_i, c_j)

    with :math:`A` the (weighted) adjacency, :math:`k` the (weighted) degrees, :math:`m` the
    total edge weight, :math:`\gamma` the resolution. NaN for a graph without edges.

    References
    ----------
    Newman, M. E. J. & Girvan, M. (2004). Finding and evaluating community structure in
    networks. *Phys. Rev. E* 69, 026113.
    """
    if G.size(weight=weight) == 0:
        return math.nan
    groups: dict = defaultdict(set)
    for v in G:
        groups[membership[v]].add(v)
    return nx.community.modularity(G, list(groups.values()), weight=weight,
                                   resolution=resolution)


# --------------------------------------------------------------------------- hidden champions


def hidden_champions(pagerank_values: dict, n_networks: dict, category: dict, *,
                     top_share: float = 0.2, min_gap: float = 0.25,
                     small_category_share: float = 0.05, strong_share: float = 0.25,
                     labels: dict | None = None) -> pd.DataFrame:
    r"""Flag "hidden champions": actors whose influence exceeds their visibility.

    Percentiles :math:`q` are mid-ranks in ascending order divided by the number of actors
    (``pandas.Series.rank(pct=True)``, ties get the average), so 1 is the top.

    Rule 1 – hidden influence: the actor's PageRank percentile is in the top ``top_share``
    (:math:`q_{PR} \ge 1 - \text{top\_share}`) *and* exceeds its percentile by number of
    networks by at least ``min_gap`` (:math:`q_{PR} - q_{Netzwerke} \ge \text{min\_gap}`):
    ranked much better by PageRank than by how many networks it is in.

    Rule 2 – strong actor of a small category: the actor's category holds at most
    ``small_category_share`` of all actors (a niche such as a university or a chamber), the
    actor has the highest PageRank in its category, it is in the top ``strong_share`` by
    PageRank overall (:math:`q_{PR} \ge 1 - \text{strong\_share}`), and it is not already
    among the most visible actors by number of networks
    (:math:`q_{Netzwerke} < 1 - \text{top\_share}`).

    The defaults flag a few percent of the actors; raise ``min_gap`` or lower the shares for
    a stricter list.

    Returns a DataFrame indexed by actor with ``rang_pagerank`` and ``rang_netzwerke`` (1 =
    best, ties share the best rank), ``hidden_champion`` (bool) and ``hidden_champion_grund``
    (German reason, empty when not flagged). ``labels`` maps category values to display text.
    """
    idx = sorted(pagerank_values)
    pr = pd.Series([pagerank_values[v] for v in idx], index=idx, dtype=float)
    nw = pd.Series([n_networks.get(v, 0) for v in idx], index=idx, dtype=float)
    cat = pd.Series(["" if _missing(category.get(v)) else str(category.get(v)) for v in idx],
                    index=idx, dtype=object)
    n = len(idx)
    out = pd.DataFrame(index=pd.Index(idx, name="akteur_id"))
    if n == 0:
        out["rang_pagerank"] = []
        out["rang_netzwerke"] = []
        out["hidden_champion"] = []
        out["hidden_champion_grund"] = []
        return out
    out["rang_pagerank"] = pr.rank(ascending=False, method="min").astype(int)
    out["rang_netzwerke"] = nw.rank(ascending=False, method="min").astype(int)
    q_pr = pr.rank(pct=True)
    q_nw = nw.rank(pct=True)
    rule1 = (q_pr >= 1 - top_share) & (q_pr - q_nw >= min_gap)
    cat_size = cat.map(cat.value_counts())
    small = (cat != "") & (cat_size <= small_category_share * n)
    best_in_cat = pr.groupby(cat).transform("max") == pr
    rule2 = small & best_in_cat & (q_pr >= 1 - strong_share) & (q_nw < 1 - top_share)
    reasons = []
    for v in idx:
        parts = []
        if rule1[v]:
            k = int(nw[v])
            parts.append(f"PageRank-Rang {out.at[v, 'rang_pagerank']} bei nur "
                         f"{k} {'Netzwerk' if k == 1 else 'Netzwerken'} "
                         f"(Rang {out.at[v, 'rang_netzwerke']} nach Anzahl der Netzwerke)")
        if rule2[v]:
            label = (labels or {}).get(cat[v], cat[v])
            parts.append(f"stärkster Akteur der kleinen Kategorie „{label}“ "
                         f"({int(cat_size[v])} Akteure), PageRank-Rang "
                         f"{out.at[v, 'rang_pagerank']}")
        reasons.append("; ".join(parts))
    out["hidden_champion"] = (rule1 | rule2).astype(bool)
    out["hidden_champion_grund"] = reasons
    return out
