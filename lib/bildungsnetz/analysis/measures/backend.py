"""Backends of the heavy measures and the conversion cache they share.

The shortest-path measures, PageRank, eigenvector centrality, Burt's constraint and Louvain
take ``backend="auto"|"igraph"|"networkx"``: ``"networkx"`` is the pure-Python reference
implementation, ``"igraph"`` runs the same definition in python-igraph's C core. ``"auto"``
uses igraph whenever it is installed (it is a declared dependency and its results are what
the pipeline publishes) and falls back to networkx otherwise.

Measures convert a networkx graph to numpy edge arrays (:func:`edge_arrays`) or to an igraph
graph (:func:`to_igraph`). Inside a :func:`conversion_cache` block each graph is converted
only once, however many measures run on it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import networkx as nx
import numpy as np

from bildungsnetz.analysis.graphs import is_missing

__all__ = [
    "BACKENDS",
    "DENSE_MAX_NODES",
    "resolve_backend",
    "conversion_cache",
    "sorted_nodes",
    "edge_arrays",
    "to_igraph",
    "node_codes",
]

#: The values of every ``backend`` parameter.
BACKENDS = ("auto", "igraph", "networkx")
#: Largest graph for which dense n × n numpy matrices are used (8,000² floats = 512 MB).
DENSE_MAX_NODES = 8000

T = TypeVar("T")

# Conversions of networkx graphs to numpy arrays / igraph graphs, cached only inside a
# ``conversion_cache()`` block (the graphs must not change within it).
_CACHE: dict[tuple[str, int, str | None], tuple[nx.Graph, Any]] | None = None


def resolve_backend(backend: str = "auto") -> str:
    """Return the concrete backend for ``backend``.

    Parameters
    ----------
    backend : {"auto", "igraph", "networkx"}
        The requested backend. ``"auto"`` chooses igraph when python-igraph is importable,
        else networkx.

    Returns
    -------
    str
        ``"igraph"`` or ``"networkx"``.

    Raises
    ------
    ValueError
        If ``backend`` is not one of :data:`BACKENDS`.

    Examples
    --------
    >>> resolve_backend("networkx")
    'networkx'
    >>> resolve_backend("auto")
    'igraph'
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


@contextmanager
def conversion_cache() -> Iterator[None]:
    """Reuse graph conversions (edge arrays, igraph copies) inside this ``with`` block.

    One analysis runs a dozen measures on the same large co-membership graph; each would
    otherwise convert it again. The graphs must not be modified inside the block. Outside a
    block nothing is cached, so direct calls always see the current graph. Blocks may be
    nested; the outermost one owns the cache.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> with conversion_cache():
    ...     edge_arrays(G) is edge_arrays(G)
    True
    >>> edge_arrays(G) is edge_arrays(G)
    False
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


def _cached(kind: str, G: nx.Graph, weight: str | None, build: Callable[[], T]) -> T:
    if _CACHE is None:
        return build()
    key = (kind, id(G), weight)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is G:
        value: T = hit[1]
        return value
    value = build()
    _CACHE[key] = (G, value)  # keeps G alive, so its id cannot be reused inside the block
    return value


def sorted_nodes(G: nx.Graph) -> list:
    """The nodes of ``G`` sorted; in insertion order when they cannot be compared.

    Examples
    --------
    >>> sorted_nodes(nx.Graph([("b", "a")])), sorted_nodes(nx.Graph([(1, "a")]))
    (['a', 'b'], [1, 'a'])
    """
    try:
        return sorted(G)
    except TypeError:  # mixed node types: keep insertion order
        return list(G)


EdgeArrays = tuple[list, np.ndarray, np.ndarray, np.ndarray]


def edge_arrays(G: nx.Graph, weight: str | None = None) -> EdgeArrays:
    """Return ``(nodes, src, dst, w)``: the sorted nodes and numpy arrays of the edges.

    ``src[k]``, ``dst[k]`` are the positions in ``nodes`` of the ends of edge ``k`` and
    ``w[k]`` its ``weight`` attribute (1 when ``weight`` is None or the edge lacks it).

    Examples
    --------
    >>> nodes, src, dst, w = edge_arrays(nx.Graph([("b", "a", {"weight": 3})]), "weight")
    >>> nodes, src.tolist(), dst.tolist(), w.tolist()
    (['a', 'b'], [1], [0], [3.0])
    """
    return _cached("edges", G, weight, lambda: _build_edge_arrays(G, weight))


def _build_edge_arrays(G: nx.Graph, weight: str | None) -> EdgeArrays:
    nodes = sorted_nodes(G)
    index = {n: i for i, n in enumerate(nodes)}
    m = G.number_of_edges()
    pairs = np.fromiter(
        (x for u, v in G.edges() for x in (index[u], index[v])), dtype=np.int64, count=2 * m
    ).reshape(m, 2)
    if weight is None:
        w = np.ones(m)
    else:
        w = np.fromiter(
            (float(x) for _, _, x in G.edges(data=weight, default=1)), dtype=float, count=m
        )
    return nodes, pairs[:, 0], pairs[:, 1], w


def to_igraph(G: nx.Graph, weight: str | None = None) -> tuple[Any, list]:
    """Convert ``G`` to an igraph graph; return ``(g, nodes)`` with ``nodes[i]`` = vertex i.

    The edge weights (``weight``) become the igraph edge attribute ``"weight"``.

    Examples
    --------
    >>> g, nodes = to_igraph(nx.Graph([("b", "a")]))
    >>> g.vcount(), g.ecount(), nodes
    (2, 1, ['a', 'b'])
    """
    return _cached("igraph", G, weight, lambda: _build_igraph(G, weight))


def _build_igraph(G: nx.Graph, weight: str | None) -> tuple[Any, list]:
    import igraph as ig

    nodes, src, dst, w = edge_arrays(G, weight)
    g = ig.Graph(
        n=len(nodes), edges=list(zip(src.tolist(), dst.tolist())), directed=G.is_directed()
    )
    if weight is not None:
        g.es["weight"] = w.tolist()
    return g, nodes


def node_codes(G: nx.Graph, nodes: Sequence[Hashable], attr: str) -> tuple[list, np.ndarray]:
    """Integer codes of a node attribute, for vectorised group counts.

    Returns ``(labels, codes)``: the sorted distinct known values of ``attr`` and, for each
    of ``nodes``, the position of its value in ``labels`` (-1 when missing).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"k": "y"}), (2, {"k": "x"}), (3, {"k": ""})])
    >>> labels, codes = node_codes(G, [1, 2, 3], "k")
    >>> labels, codes.tolist()
    (['x', 'y'], [1, 0, -1])
    """
    values = [G.nodes[v].get(attr) for v in nodes]
    labels = sorted({x for x in values if not is_missing(x)}, key=str)
    pos = {x: k for k, x in enumerate(labels)}
    codes = np.array([-1 if is_missing(x) else pos[x] for x in values], dtype=np.int64)
    return labels, codes
