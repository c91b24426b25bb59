"""One-mode centrality: PageRank, eigenvector centrality, number of partners.

On the weighted actor co-membership graph (weight = shared networks) and the network–network
graph (weight = shared members) of :mod:`bildungsnetz.analysis.graphs`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import networkx as nx

from bildungsnetz.analysis.measures.backend import resolve_backend, to_igraph

__all__ = ["pagerank", "eigenvector_centrality", "distinct_partners"]


def pagerank(
    G: nx.Graph, alpha: float = 0.85, weight: str | None = "weight", backend: str = "auto"
) -> dict:
    r"""PageRank of every node, summing to 1.

    The stationary distribution of a random walk that follows an edge with probability
    :math:`\alpha` (proportionally to its weight) and jumps to a random node otherwise:

    .. math:: PR = \alpha\, P^\top PR + \frac{1-\alpha}{N}\,\mathbf{1},

    where :math:`P` is the row-stochastic matrix of (weighted) edge weights – an undirected
    edge counts in both directions – and the rank of nodes without out-edges is spread
    uniformly over all nodes. A node is influential when influential nodes link to it; in the
    co-membership graph this rewards actors tied (often) to well-tied actors rather than
    actors that are merely in many networks.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The graph.
    alpha : float, optional
        Damping factor :math:`\alpha`.
    weight : str or None, optional
        Edge attribute holding the weight; None for an unweighted graph.
    backend : {"auto", "igraph", "networkx"}, optional
        igraph uses PRPACK (an exact linear solve); networkx uses power iteration
        (tolerance 1e-10).

    Returns
    -------
    dict
        Node → PageRank; empty for an empty graph.

    References
    ----------
    .. [1] Page, L., Brin, S., Motwani, R. & Winograd, T. (1999). The PageRank citation
       ranking: bringing order to the Web. Technical report 1999-66, Stanford InfoLab.
    .. [2] Brin, S. & Page, L. (1998). The anatomy of a large-scale hypertextual Web search
       engine. *Computer Networks and ISDN Systems* 30, 107–117.

    Examples
    --------
    In a star the centre gets the largest share:

    >>> pr = pagerank(nx.star_graph(3), backend="networkx")
    >>> round(pr[0], 3), round(pr[1], 3), round(sum(pr.values()), 6)
    (0.48, 0.173, 1.0)
    """
    backend = resolve_backend(backend)
    if len(G) == 0:
        return {}
    if backend == "igraph":
        g, order = to_igraph(G, weight)
        pr = g.pagerank(
            damping=alpha, weights="weight" if weight else None, directed=G.is_directed()
        )
        return dict(zip(order, pr))
    try:
        return dict(nx.pagerank(G, alpha=alpha, weight=weight, tol=1e-10, max_iter=10000))
    except ImportError:  # networkx's default implementation needs scipy
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return dict(_pagerank_python(G, alpha=alpha, weight=weight, tol=1e-10, max_iter=10000))


def _component_key(comp: Iterable) -> tuple[int, str]:
    """Order of components: largest first, then the one with the smallest node id."""
    nodes = list(comp)
    return (-len(nodes), min(map(str, nodes)))


def eigenvector_centrality(
    G: nx.Graph, weight: str | None = "weight", backend: str = "auto"
) -> dict:
    r"""Eigenvector centrality of an undirected graph, scaled to a maximum of 1.

    :math:`x` is the principal eigenvector of the (weighted) adjacency matrix :math:`A`,

    .. math:: \lambda x_v = \sum_u a_{vu} x_u ,

    so a node is central when its neighbours are. The eigenvector is only well defined on a
    connected graph, so it is computed on the largest connected component (ties: the one
    with the smallest node id); nodes outside it get 0. Values are divided by the maximum,
    so the most central node has 1.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.
    weight : str or None, optional
        Edge attribute holding the weight; None for an unweighted graph.
    backend : {"auto", "igraph", "networkx"}, optional
        igraph (ARPACK) or networkx (power iteration, tolerance 1e-10).

    Returns
    -------
    dict
        Node → centrality in [0, 1]; all 0 for a graph without edges.

    References
    ----------
    .. [1] Bonacich, P. (1972). Factoring and weighting approaches to status scores and
       clique identification. *J. Math. Sociol.* 2, 113–120.

    Examples
    --------
    The middle of a path is the most central; the isolated node 9 gets 0:

    >>> G = nx.path_graph(3)
    >>> G.add_node(9)
    >>> ev = eigenvector_centrality(G, backend="networkx")
    >>> {v: round(x, 3) for v, x in ev.items()}
    {0: 0.707, 1: 1.0, 2: 0.707, 9: 0.0}
    """
    backend = resolve_backend(backend)
    out = dict.fromkeys(G, 0.0)
    if G.number_of_edges() == 0:
        return out
    if backend == "igraph":
        g, order = to_igraph(G, weight)
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
    one of its networks, however many networks they share.

    Parameters
    ----------
    G : networkx.Graph
        1-mode graph (edge weights are ignored).

    Returns
    -------
    dict
        Node → number of neighbours.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (1, 3)])
    >>> G[1][2]["weight"] = 5
    >>> distinct_partners(G)
    {1: 2, 2: 1, 3: 1}
    """
    return dict(G.degree())
