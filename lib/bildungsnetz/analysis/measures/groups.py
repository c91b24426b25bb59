"""Groups: diversity within them and ties within and between them.

The groups are the values of a node attribute (district, state, level, category,
urban/rural). :func:`mixing_matrix` counts the ties between groups; the E-I index
summarises it as the balance of ties between and within groups; the Blau index measures how
mixed a set of nodes is.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.analysis.graphs import is_missing
from bildungsnetz.analysis.measures.backend import edge_arrays, node_codes

__all__ = [
    "blau_index",
    "blau_diversity",
    "mixing_matrix",
    "ei_index",
    "ei_index_groups",
    "ei_index_from_mixing",
    "ei_groups_from_mixing",
]


def blau_index(values: Iterable) -> float:
    r"""Blau's index of heterogeneity of a list of category labels.

    .. math:: B = 1 - \sum_k p_k^2

    with :math:`p_k` the share of items in category :math:`k`: the probability that two
    items drawn at random (with replacement) belong to different categories.

    Parameters
    ----------
    values : iterable
        Category labels; missing ones (None, NaN, blank) are ignored.

    Returns
    -------
    float
        0 when all are alike, approaching :math:`1 - 1/K` for an even spread over :math:`K`
        categories; 0 for an empty list.

    References
    ----------
    .. [1] Blau, P. M. (1977). *Inequality and Heterogeneity: A Primitive Theory of Social
       Structure*. Free Press, New York.

    Examples
    --------
    >>> blau_index(["Schule", "Schule", "Kammer", "Hochschule"])
    0.625
    >>> blau_index(["Schule", "Schule", None])
    0.0
    """
    counts = Counter(v for v in values if not is_missing(v))
    total = sum(counts.values())
    if total == 0:
        return 0.0
    return 1.0 - sum((c / total) ** 2 for c in counts.values())


def blau_diversity(B: nx.Graph, nodes: Iterable[Hashable], attr: str = "kategorie") -> dict:
    """Blau index (:func:`blau_index`) of ``attr`` over the neighbours of each of ``nodes``.

    With ``nodes`` the networks of the 2-mode graph and ``attr="kategorie"``: the diversity of
    actor types (chambers, universities, authorities, ...) among each network's members.

    Parameters
    ----------
    B : networkx.Graph
        The graph (usually the 2-mode graph).
    nodes : iterable
        The nodes whose neighbourhoods are measured.
    attr : str, optional
        Node attribute of the neighbours.

    Returns
    -------
    dict
        Node → Blau index of its neighbours' ``attr``.

    Examples
    --------
    >>> B = nx.Graph([("n1", "a1"), ("n1", "a2"), ("n2", "a1")])
    >>> nx.set_node_attributes(B, {"a1": "Schule", "a2": "Kammer"}, "kategorie")
    >>> blau_diversity(B, ["n1", "n2"])
    {'n1': 0.5, 'n2': 0.0}
    """
    return {v: blau_index([B.nodes[u].get(attr) for u in B[v]]) for v in nodes}


def mixing_matrix(G: nx.Graph, attr: str, weight: str | None = None) -> pd.DataFrame:
    """Mixing matrix of ties by the groups given by node attribute ``attr``.

    Cell ``[a, b]`` is the number (or total ``weight``) of ties between a node of group ``a``
    and a node of group ``b``. The matrix is symmetric; each tie is counted once in ``[a, b]``
    and once in ``[b, a]`` if ``a != b``, and once on the diagonal if ``a == b``, so the upper
    triangle including the diagonal sums to the number of ties. (networkx's
    ``attribute_mixing_matrix`` counts every tie in both directions, i.e. the diagonal twice.)
    The diagonal is the within-group part of the E-I index, the off-diagonal the
    between-group part.

    Parameters
    ----------
    G : networkx.Graph
        Undirected 1-mode graph.
    attr : str
        Node attribute defining the groups; ties of nodes with a missing value are left out.
    weight : str or None, optional
        Edge attribute holding the weight; None counts ties.

    Returns
    -------
    pandas.DataFrame
        Square matrix indexed by the sorted groups (index and columns named ``attr``); integer
        counts when ``weight`` is None.

    References
    ----------
    .. [1] Newman, M. E. J. (2003). Mixing patterns in networks. *Phys. Rev. E* 67, 026126.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    >>> nx.set_node_attributes(G, {1: "x", 2: "x", 3: "y", 4: "y"}, "grp")
    >>> mixing_matrix(G, "grp")
    grp  x  y
    grp
    x    1  1
    y    1  1
    """
    order, src, dst, w = edge_arrays(G, weight)
    labels, codes = node_codes(G, order, attr)
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

    Parameters
    ----------
    M : pandas.DataFrame
        Symmetric mixing matrix, each tie counted once.

    Returns
    -------
    float
        The E-I index; NaN without ties or when fewer than two groups are known: with a
        single group no tie can cross groups, so the index would be −1 by construction and
        say nothing.

    Examples
    --------
    >>> M = pd.DataFrame([[3, 1], [1, 0]], index=["x", "y"], columns=["x", "y"])
    >>> ei_index_from_mixing(M)
    -0.5
    """
    if len(M.index) < 2:
        return math.nan
    mat = M.to_numpy(dtype=float)
    internal = float(np.trace(mat))
    external = float((mat.sum() - internal) / 2)
    total = internal + external
    return (external - internal) / total if total > 0 else math.nan


def ei_groups_from_mixing(M: pd.DataFrame) -> pd.DataFrame:
    """Group-level E-I indices (see :func:`ei_index_groups`) from a mixing matrix.

    Parameters
    ----------
    M : pandas.DataFrame
        Symmetric mixing matrix of :func:`mixing_matrix`.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (``gruppe``), columns ``extern``, ``intern``, ``ei_index``; the index
        is NaN for every group when fewer than two groups are known.

    Examples
    --------
    >>> M = pd.DataFrame([[3, 1], [1, 0]], index=["x", "y"], columns=["x", "y"])
    >>> ei_groups_from_mixing(M)
            extern  intern  ei_index
    gruppe
    x          1.0     3.0      -0.5
    y          1.0     0.0       1.0
    """
    mat = M.to_numpy(dtype=float)
    internal = np.diag(mat)
    external = mat.sum(axis=1) - internal
    total = internal + external
    with np.errstate(divide="ignore", invalid="ignore"):
        ei = np.where((total > 0) & (len(M.index) >= 2), (external - internal) / total, np.nan)
    return pd.DataFrame(
        {"extern": external, "intern": internal, "ei_index": ei},
        index=pd.Index(list(M.index), name="gruppe"),
    )


def ei_index(G: nx.Graph, attr: str, weight: str | None = None) -> float:
    r"""Krackhardt & Stern's E-I index of a whole graph for the groups given by ``attr``.

    .. math:: EI = \frac{E - I}{E + I}

    with :math:`E` the number (or total ``weight``) of ties between nodes of different groups
    and :math:`I` of ties within a group.

    Parameters
    ----------
    G : networkx.Graph
        Undirected 1-mode graph.
    attr : str
        Node attribute defining the groups; ties with a missing value at either end are
        ignored.
    weight : str or None, optional
        Edge attribute holding the weight; None counts ties.

    Returns
    -------
    float
        −1 = all ties stay inside groups, +1 = all ties cross groups; NaN when no tie is
        left or fewer than two groups are known (a single group makes the index
        meaningless).

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.

    Examples
    --------
    One tie inside each group, one between them:

    >>> G = nx.Graph([(1, 2), (2, 3), (3, 4)])
    >>> nx.set_node_attributes(G, {1: "x", 2: "x", 3: "y", 4: "y"}, "grp")
    >>> round(ei_index(G, "grp"), 3)
    -0.333
    """
    return ei_index_from_mixing(mixing_matrix(G, attr, weight))


def ei_index_groups(G: nx.Graph, attr: str, weight: str | None = None) -> pd.DataFrame:
    r"""Group-level E-I index for every value of ``attr``.

    For group :math:`g`:

    .. math:: EI_g = \frac{E_g - I_g}{E_g + I_g}

    with :math:`E_g` the ties (or weights) from members of :math:`g` to members of other
    (known) groups and :math:`I_g` the ties inside :math:`g`, each tie counted once.

    Parameters
    ----------
    G : networkx.Graph
        Undirected 1-mode graph.
    attr : str
        Node attribute defining the groups.
    weight : str or None, optional
        Edge attribute holding the weight; None counts ties.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (sorted), columns ``extern``, ``intern``, ``ei_index``.

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3)])
    >>> nx.set_node_attributes(G, {1: "x", 2: "x", 3: "y"}, "grp")
    >>> ei_index_groups(G, "grp")["ei_index"].tolist()
    [0.0, 1.0]
    """
    return ei_groups_from_mixing(mixing_matrix(G, attr, weight))
