"""Whole-network structure: density, centralisation, connected components."""

from __future__ import annotations

import networkx as nx

__all__ = ["density", "degree_centralization", "component_membership"]


def density(G: nx.Graph) -> float:
    r"""Density of a 1-mode graph: the share of possible ties that exist.

    .. math:: \Delta = \frac{2L}{N(N-1)} \quad\text{(undirected)}, \qquad
              \Delta = \frac{L}{N(N-1)} \quad\text{(directed)}

    with :math:`L` ties among :math:`N` nodes.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The graph.

    Returns
    -------
    float
        Density in [0, 1]; 0 for fewer than two nodes.

    References
    ----------
    .. [1] Wasserman, S. & Faust, K. (1994). *Social Network Analysis: Methods and
       Applications*. Cambridge University Press, section 4.2.

    Examples
    --------
    >>> density(nx.path_graph(4)), density(nx.complete_graph(4)), density(nx.Graph())
    (0.5, 1.0, 0.0)
    """
    return float(nx.density(G)) if G.number_of_nodes() > 1 else 0.0


def degree_centralization(G: nx.Graph) -> float:
    r"""Freeman's degree centralisation of a 1-mode graph.

    .. math:: C_D = \frac{\sum_i (d^* - d_i)}{(N-1)(N-2)}

    with :math:`d_i` the degree of node :math:`i` and :math:`d^*` the largest degree; the
    denominator is the value of a star, the most centralised graph.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.

    Returns
    -------
    float
        1 for a star, 0 when all degrees are equal; 0 for graphs with fewer than three nodes.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual clarification.
       *Social Networks* 1, 215–239.

    Examples
    --------
    >>> degree_centralization(nx.star_graph(4)), degree_centralization(nx.cycle_graph(5))
    (1.0, 0.0)
    """
    n = G.number_of_nodes()
    if n < 3:
        return 0.0
    degs = [d for _, d in G.degree()]
    top = max(degs)
    return sum(top - d for d in degs) / ((n - 1) * (n - 2))


def component_membership(G: nx.Graph) -> dict:
    """Number the connected components of ``G``.

    Components are numbered 1, 2, ... by decreasing size (ties: the component containing the
    smallest node id first), so 1 is always the largest component.

    Parameters
    ----------
    G : networkx.Graph
        Undirected graph.

    Returns
    -------
    dict
        Node → component number.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    >>> sorted(component_membership(G).items())
    [('a', 2), ('b', 2), ('c', 1), ('d', 1), ('e', 1)]
    """
    comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c))))
    return {v: k for k, comp in enumerate(comps, start=1) for v in comp}
