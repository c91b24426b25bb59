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
from typing import NamedTuple

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.analysis.graphs import is_missing
from bildungsnetz.analysis.measures.backend import edge_arrays, node_codes
from bildungsnetz.config import DEFAULT_SEED

__all__ = [
    "blau_index",
    "blau_diversity",
    "mixing_matrix",
    "ei_index",
    "ei_index_groups",
    "ei_index_from_mixing",
    "ei_groups_from_mixing",
    "EI_PERMUTATIONS",
    "EITest",
    "ei_permutation_test",
]

#: Number of random relabellings of the E-I permutation test.
EI_PERMUTATIONS = 999
#: At most this many tie comparisons are held in memory at once by the permutation test.
_CELLS_PER_CHUNK = 4_000_000


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


class EITest(NamedTuple):
    """Result of :func:`ei_permutation_test`."""

    #: The observed E-I index.
    ei: float
    #: Its expected value when the group labels are shuffled among the nodes.
    expected: float
    #: Two-sided permutation p-value.
    p_value: float
    #: Number of permutations drawn.
    permutations: int


def ei_permutation_test(
    G: nx.Graph,
    attr: str,
    *,
    permutations: int = EI_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> EITest:
    r"""E-I index with its expected value and a permutation p-value under random group labels.

    The range of the E-I index (:func:`ei_index`) depends on the group sizes: with one large
    group most ties stay inside it even when ties form at random. The test therefore compares
    the observed index with the indices of the same graph after shuffling the group labels
    among the nodes with a known value (the group sizes, the ties and the nodes without a
    value stay as they are), as UCINET's E-I permutation test does.

    The expected index under random labels is exact: with :math:`n` labelled nodes, group
    sizes :math:`n_g` and :math:`m` ties between labelled nodes, a tie falls inside a group
    with probability :math:`\pi = \sum_g n_g (n_g - 1) / (n (n - 1))`, so

    .. math:: E[EI] = 1 - 2\pi.

    The two-sided p-value counts the permutations whose index is at least as far from
    :math:`E[EI]` as the observed one, :math:`p = (1 + \#\{|EI_r - E[EI]| \ge |EI -
    E[EI]|\}) / (1 + R)` for :math:`R` permutations (Phipson & Smyth 2010: never 0). The
    permutations are drawn from ``numpy.random.default_rng(seed)``, all ties of a chunk of
    permutations compared at once: the same input and seed give the same p-value.

    Parameters
    ----------
    G : networkx.Graph
        Undirected 1-mode graph; ties are counted unweighted.
    attr : str
        Node attribute defining the groups; nodes with a missing value keep no label and
        their ties are left out.
    permutations : int, optional
        Number :math:`R` of random relabellings (default :data:`EI_PERMUTATIONS`).
    seed : int, optional
        Seed of the relabellings.

    Returns
    -------
    EITest
        ``ei``, ``expected``, ``p_value`` (all NaN when fewer than two groups are known or
        no tie between labelled nodes is left) and ``permutations``.

    References
    ----------
    .. [1] Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. *Social Psychology Quarterly* 51(2), 123–140.
    .. [2] Borgatti, S. P., Everett, M. G. & Freeman, L. C. (2002). *UCINET for Windows:
       Software for Social Network Analysis*. Analytic Technologies (the E-I index with a
       permutation test).
    .. [3] Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
       *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.

    Examples
    --------
    Two groups of five, each tied all among itself, joined by one tie: 20 ties inside, 1
    between; at random a tie falls inside with probability :math:`40/90`.

    >>> G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(5))
    >>> G.add_edge(0, 5)
    >>> nx.set_node_attributes(G, {v: "x" if v < 5 else "y" for v in G}, "grp")
    >>> test = ei_permutation_test(G, "grp")
    >>> round(test.ei, 3), round(test.expected, 3), test.p_value < 0.05
    (-0.905, 0.111, True)
    """
    nan = EITest(math.nan, math.nan, math.nan, permutations)
    order, src, dst, _ = edge_arrays(G, None)
    labels, codes = node_codes(G, order, attr)
    known = codes >= 0
    keep = known[src] & known[dst] if len(src) else np.zeros(0, dtype=bool)
    if len(labels) < 2 or not keep.any():
        return nan
    position = np.cumsum(known) - 1
    u, v = position[src[keep]], position[dst[keep]]
    # ties sorted by their first end: the first ends' labels are a row repeated by degree
    # (a sequential copy), only the second ends' labels are gathered
    first = np.lexsort((v, u))
    u, v = u[first], v[first]
    dtype = np.int8 if len(labels) < 128 else np.int32
    labelled = codes[known].astype(dtype)
    n, m = len(labelled), len(u)
    internal = int(np.count_nonzero(labelled[u] == labelled[v]))
    ei = (m - 2 * internal) / m
    sizes = np.bincount(labelled.astype(np.int64)).astype(float)
    expected_internal = m * float((sizes * (sizes - 1)).sum()) / (n * (n - 1))
    expected = 1 - 2 * expected_internal / m
    distance = abs(internal - expected_internal) - 1e-9
    degree = np.bincount(u, minlength=n)
    rng = np.random.default_rng(seed)
    chunk = max(1, _CELLS_PER_CHUNK // max(m, n))
    extreme = done = 0
    while done < permutations:
        r = min(chunk, permutations - done)
        shuffled = rng.permuted(np.tile(labelled, (r, 1)), axis=1)
        same = np.repeat(shuffled, degree, axis=1) == np.take(shuffled, v, axis=1)
        inside = np.count_nonzero(same, axis=1)
        extreme += int(np.count_nonzero(np.abs(inside - expected_internal) >= distance))
        done += r
    return EITest(ei, expected, (1 + extreme) / (1 + permutations), permutations)
