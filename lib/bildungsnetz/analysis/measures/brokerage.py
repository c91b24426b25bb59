"""Brokerage: who links groups and who bridges structural holes.

* :func:`participation_coefficient` – how evenly a node's ties spread over the groups given
  by a node attribute (districts, states): the connectors between districts or between
  Brandenburg and Saxony;
* :func:`burt_constraint` – how much a node's contacts are tied to each other: low
  constraint means brokerage opportunities across structural holes.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

import networkx as nx
import numpy as np
from scipy import sparse

from bildungsnetz.analysis.measures.backend import (
    BACKENDS,
    edge_arrays,
    node_codes,
    to_igraph,
)

__all__ = ["participation_coefficient", "burt_constraint"]


def participation_coefficient(
    G: nx.Graph, attr: str, weight: str | None = None, nodes: Iterable[Hashable] | None = None
) -> dict:
    r"""Participation coefficient of each node across the groups given by a node attribute.

    .. math:: P_i = 1 - \sum_s \left(\frac{k_{is}}{k_i}\right)^2

    where :math:`k_{is}` is the number (or total ``weight``) of :math:`i`'s links to nodes of
    group :math:`s` (e.g. district or state given by ``attr``) and :math:`k_i = \sum_s
    k_{is}`. :math:`P_i = 0` when all of :math:`i`'s links stay in one group and approaches
    :math:`1 - 1/S` when they are spread evenly over :math:`S` groups. Neighbours whose
    attribute is missing are ignored.

    Guimerà & Amaral use the communities as groups; here the groups are given by an
    attribute. On the 2-mode graph with ``nodes`` = the networks this is the spread of a
    network's members over districts; with ``nodes`` = the actors, the spread of an actor's
    networks.

    Parameters
    ----------
    G : networkx.Graph
        The graph (1-mode or 2-mode).
    attr : str
        Node attribute defining the groups.
    weight : str or None, optional
        Edge attribute holding the weight; None counts ties.
    nodes : iterable, optional
        Restrict the result to these nodes.

    Returns
    -------
    dict
        Node → coefficient in [0, 1); 0 for nodes with no classified neighbour.

    References
    ----------
    .. [1] Guimerà, R. & Amaral, L. A. N. (2005). Functional cartography of complex
       metabolic networks. *Nature* 433, 895–900.

    Examples
    --------
    Actor ``a`` has two partners in Cottbus and two in Görlitz, ``b`` only one in Cottbus:

    >>> G = nx.Graph([("a", "c1"), ("a", "c2"), ("a", "g1"), ("a", "g2"), ("b", "c1")])
    >>> for v in G:
    ...     G.nodes[v]["landkreis"] = {"c": "Cottbus", "g": "Görlitz"}.get(v[0], "")
    >>> participation_coefficient(G, "landkreis", nodes=["a", "b"])
    {'a': 0.5, 'b': 0.0}
    """
    order, src, dst, w = edge_arrays(G, weight)
    labels, codes = node_codes(G, order, attr)
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
    r"""Burt's constraint of each node: how much its contacts are tied to each other.

    .. math:: c_i = \sum_{j \in N(i)} \left(p_{ij} + \sum_{q \ne i,j} p_{iq}\, p_{qj}\right)^2,
              \qquad p_{ij} = \frac{a_{ij} + a_{ji}}{\sum_k (a_{ik} + a_{ki})}

    with :math:`a` the (weighted) adjacency and :math:`N(i)` the neighbours of :math:`i`.
    Low constraint = brokerage opportunities across structural holes; high constraint (up to
    1 for a single contact, above 1 in dense cliques of two or three) = embedded in one
    closed group.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The graph.
    weight : str or None, optional
        Edge attribute holding the weight; None for an unweighted graph.
    backend : {"auto", "igraph", "networkx"}, optional
        ``"networkx"``: pure Python with the proportions computed once (same definition as
        ``networkx.constraint``, which is too slow for dense co-membership graphs);
        ``"igraph"``: igraph's ``constraint``; ``"auto"``: sparse matrices (scipy), the
        proportion matrix :math:`P` and, for a block of rows at a time, :math:`P^2` kept at
        the block's ties (:math:`c_i = \sum_{j \in N(i)} (p_{ij} + (P^2)_{ij})^2`), the
        fastest on dense co-membership graphs; memory grows with the ties and the
        two-step paths of one block, never with the nodes squared. All three agree.

    Returns
    -------
    dict
        Node → constraint; NaN for nodes without neighbours.

    Raises
    ------
    ValueError
        If ``backend`` is not one of :data:`BACKENDS`.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*.
       Harvard University Press, ch. 2.

    Examples
    --------
    The centre of a star brokers between contacts that are not tied to each other:

    >>> c = burt_constraint(nx.star_graph(3), backend="networkx")
    >>> {v: round(x, 3) for v, x in c.items()}
    {0: 0.333, 1: 1.0, 2: 1.0, 3: 1.0}
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
    if backend == "igraph":
        g, order = to_igraph(G, weight)
        vals = g.constraint(weights="weight" if weight else None)
        out = dict(zip(order, vals))
    elif backend == "networkx":
        out = _constraint_python(G, weight)
    else:
        out = _constraint_sparse(G, weight)
    return {v: (math.nan if G.degree(v) == 0 else float(c)) for v, c in out.items()}


def _constraint_sparse(G: nx.Graph, weight: str | None, block_work: int = 1 << 22) -> dict:
    """Burt's constraint with sparse matrices, in blocks of rows.

    ``c_i = sum_j (p_ij + (P^2)_ij)^2`` over the neighbours j of ``i`` (``p_ii = 0``, so
    the indirect term runs over ``q != i, j`` as in the definition). ``P^2`` is formed for a
    block of rows at a time and kept only at the block's ties, so memory stays at the
    block's two-step paths (about ``block_work`` of them) plus the ties.
    """
    order, src, dst, w = edge_arrays(G, weight)
    n = len(order)
    keep = src != dst  # a self-loop is no contact
    rows = np.concatenate([src[keep], dst[keep]])
    cols = np.concatenate([dst[keep], src[keep]])
    # a_ij + a_ji (for undirected graphs: twice w, cancels out in the proportions)
    A = sparse.coo_array((np.concatenate([w[keep], w[keep]]), (rows, cols)), shape=(n, n))
    A = A.tocsr()
    A.sum_duplicates()
    A.eliminate_zeros()
    total = np.asarray(A.sum(axis=1)).ravel()
    scale = np.divide(1.0, total, out=np.zeros(n), where=total > 0)
    P = sparse.csr_array(sparse.diags_array(scale) @ A)
    P.sort_indices()
    c = np.full(n, np.nan)
    deg = np.diff(P.indptr)
    # two-step paths of each row (the size of its row of P^2), cumulated
    work = np.cumsum(np.bincount(np.repeat(np.arange(n), deg), deg[P.indices], minlength=n))
    i0 = 0
    while i0 < n:
        i1 = max(i0 + 1, int(np.searchsorted(work, (work[i0 - 1] if i0 else 0) + block_work)))
        i1 = min(n, i1)
        block = P[i0:i1]
        X = (block + (block @ P).multiply(block > 0)).tocsr()
        sums = np.asarray(X.multiply(X).sum(axis=1)).ravel()
        has = np.diff(block.indptr) > 0
        c[i0:i1][has] = sums[has]
        i0 = i1
    return dict(zip(order, c.tolist()))


def _constraint_python(G: nx.Graph, weight: str | None) -> dict:
    """Burt's constraint in pure Python with the proportions p_ij computed once.

    Same definition as ``networkx.constraint`` (which recomputes p_ij inside the innermost
    loop and is far too slow for dense co-membership graphs).
    """

    def mutual(u: Hashable, v: Hashable) -> float:
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
