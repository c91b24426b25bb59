"""Numpy and sparse views of the actors of a 2-mode graph, shared by the cooperation potentials."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import networkx as nx
import numpy as np
from scipy import sparse

from bildungsnetz.analysis.graphs import (
    RURAL,
    actor_nodes,
    actor_projection,
    network_nodes,
    node_coordinates,
    node_value,
    split_values,
)
from bildungsnetz.analysis.measures.similarity import haversine_km

__all__ = ["ActorArrays", "PLACE_TABLE_MAX"]

#: Largest number of distinct places for which :meth:`ActorArrays.pair_km` keeps a table of
#: the distances between places (8 bytes × places², 72 MB at 3,000); the gazetteer's places
#: are far fewer, actors geocoded one by one could be more.
PLACE_TABLE_MAX = 3000


def _incidence(sets: Sequence[set[str]], vocab: Sequence[str]) -> np.ndarray:
    """0/1 matrix: row ``i`` marks the members of ``sets[i]`` among ``vocab``."""
    pos = {t: k for k, t in enumerate(vocab)}
    X = np.zeros((len(sets), len(vocab)))
    for i, s in enumerate(sets):
        for t in s:
            X[i, pos[t]] = 1.0
    return X


def _values(B: nx.Graph, nodes: Iterable[Hashable], key: str) -> list[set[str]]:
    return [set(split_values(node_value(B, v, key))) for v in nodes]


class ActorArrays:
    r"""The actors and networks of a 2-mode graph as numpy arrays (positions = sorted ids).

    Built once and shared by :func:`~bildungsnetz.analysis.findings.actor_pair_potential`
    and :func:`~bildungsnetz.analysis.findings.network_suggestions`. Memory grows with the
    actors, the memberships and the co-membership ties, never with actors squared: the
    actor × actor and actor × network structures are sparse (``A``, ``Ms``); the dense
    views ``M`` and ``dist`` are built only when asked for (the exhaustive reference
    search and small waves).

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    P : networkx.Graph, optional
        Its actor co-membership graph (computed when not given).

    Attributes
    ----------
    actors, nets : list
        Sorted actor and network ids; ``index``/``nindex`` map ids to positions.
    P : networkx.Graph
        The co-membership graph.
    topics, targets, net_topics, net_targets : list of set
        Topics and target groups of each actor and network.
    T, Z, TN, ZN : numpy.ndarray
        Incidence matrices actors × topics, actors × target groups, and the same for the
        networks (over the vocabulary of actors and networks together).
    Ts, Zs : scipy.sparse.csr_array
        ``T`` and ``Z`` as sparse matrices (for the sparse candidate search).
    A : scipy.sparse.csr_array
        0/1 adjacency of the co-membership graph, actors × actors (sparse, sorted indices).
    deg : numpy.ndarray
        Number of partners of each actor.
    aa_w : numpy.ndarray
        Adamic–Adar weight :math:`1/\ln d` of each actor (0 for fewer than two partners).
    ra_w : numpy.ndarray
        Resource-allocation weight :math:`1/d` of each actor (0 without partners).
    lat, lon : numpy.ndarray
        Coordinates (NaN when unknown).
    loc : numpy.ndarray of int
        Position of each actor's coordinates in ``loc_lat``/``loc_lon`` (the distinct known
        places), -1 when unknown.
    rural : numpy.ndarray of bool
        Whether an actor is in a rural municipality.
    district, names : list of str
        District and display name of each actor.
    Ms : scipy.sparse.csr_array
        0/1 memberships, actors × networks.
    """

    def __init__(self, B: nx.Graph, P: nx.Graph | None = None):
        self.actors = actor_nodes(B)
        self.nets = network_nodes(B)
        self.index = {a: i for i, a in enumerate(self.actors)}
        self.nindex = {n: j for j, n in enumerate(self.nets)}
        self.P = actor_projection(B) if P is None else P
        self._content(B)
        self._partners()
        self._places(B)
        self.rural = np.array(
            [node_value(B, a, "raumtyp") == RURAL for a in self.actors], dtype=bool
        )
        self.district = [node_value(B, a, "landkreis") for a in self.actors]
        self.names = [node_value(B, a, "name") or str(a) for a in self.actors]
        rows = [self.index[a] for a in self.actors for x in B[a] if x in self.nindex]
        cols = [self.nindex[x] for a in self.actors for x in B[a] if x in self.nindex]
        self.Ms = _sparse01(rows, cols, (len(self.actors), len(self.nets)))
        self._M: np.ndarray | None = None
        self._dist: np.ndarray | None = None
        self._place_km: np.ndarray | None = None

    def _content(self, B: nx.Graph) -> None:
        """Topic and target-group sets and their incidence matrices."""
        self.topics = _values(B, self.actors, "themen")
        self.targets = _values(B, self.actors, "zielgruppen")
        self.net_topics = _values(B, self.nets, "themen")
        self.net_targets = _values(B, self.nets, "zielgruppen")
        vocab_t = sorted(set().union(*self.topics, *self.net_topics))
        vocab_z = sorted(set().union(*self.targets, *self.net_targets))
        self.T = _incidence(self.topics, vocab_t)
        self.Z = _incidence(self.targets, vocab_z)
        self.TN = _incidence(self.net_topics, vocab_t)
        self.ZN = _incidence(self.net_targets, vocab_z)
        self.Ts = sparse.csr_array(self.T)
        self.Zs = sparse.csr_array(self.Z)

    def _partners(self) -> None:
        """Adjacency of the co-membership graph, degrees, Adamic–Adar and RA weights."""
        n, index = len(self.actors), self.index
        ends = np.fromiter(
            (
                x
                for u, v in self.P.edges()
                if u in index and v in index and u != v
                for x in (index[u], index[v])
            ),
            dtype=np.int64,
        ).reshape(-1, 2)
        rows = np.concatenate([ends[:, 0], ends[:, 1]])
        cols = np.concatenate([ends[:, 1], ends[:, 0]])
        self.A = _sparse01(rows, cols, (n, n))
        self.deg = np.diff(self.A.indptr).astype(float)
        with np.errstate(divide="ignore"):
            self.aa_w = np.where(self.deg >= 2, 1.0 / np.log(np.maximum(self.deg, 2)), 0.0)
        self.ra_w = np.where(self.deg > 0, 1.0 / np.maximum(self.deg, 1), 0.0)

    def _places(self, B: nx.Graph) -> None:
        """Coordinates and the index of the distinct known places."""
        coords = [node_coordinates(B, a) for a in self.actors]
        self.lat = np.array([c[0] for c in coords], dtype=float)
        self.lon = np.array([c[1] for c in coords], dtype=float)
        known = ~(np.isnan(self.lat) | np.isnan(self.lon))
        places = sorted({(la, lo) for la, lo, k in zip(self.lat, self.lon, known) if k})
        pos = {p: k for k, p in enumerate(places)}
        self.loc = np.array(
            [pos[(la, lo)] if k else -1 for la, lo, k in zip(self.lat, self.lon, known)],
            dtype=np.int64,
        )
        self.loc_lat = np.array([p[0] for p in places], dtype=float)
        self.loc_lon = np.array([p[1] for p in places], dtype=float)

    def neighbours(self, i: int) -> np.ndarray:
        """Positions of the partners of actor ``i`` (sorted)."""
        return self.A.indices[self.A.indptr[i] : self.A.indptr[i + 1]]

    def pair_km(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Haversine km between the actors ``i[k]`` and ``j[k]`` (NaN where unknown).

        From a table of the distinct places when there are at most :data:`PLACE_TABLE_MAX`
        of them (the same numbers, one trigonometric evaluation per pair of places).
        """
        if len(self.loc_lat) > PLACE_TABLE_MAX:
            return haversine_km(self.lat[i], self.lon[i], self.lat[j], self.lon[j])
        if self._place_km is None:
            la, lo = self.loc_lat, self.loc_lon
            table = haversine_km(la[:, None], lo[:, None], la[None, :], lo[None, :])
            # one extra row and column for the unknown place (position -1)
            self._place_km = np.full((len(la) + 1, len(la) + 1), np.nan)
            self._place_km[:-1, :-1] = table
        return self._place_km[self.loc[i], self.loc[j]]

    @property
    def M(self) -> np.ndarray:
        """Dense 0/1 memberships, actors × networks (built on first use)."""
        if self._M is None:
            self._M = self.Ms.toarray().astype(float)
        return self._M

    @property
    def dist(self) -> np.ndarray:
        """N × n haversine distances in km between actors (inf where a place is unknown).

        Quadratic in memory: only for the exhaustive reference search.
        """
        if self._dist is None:
            d = haversine_km(
                self.lat[:, None], self.lon[:, None], self.lat[None, :], self.lon[None, :]
            )
            self._dist = np.where(np.isnan(d), np.inf, d)
        return self._dist


def _sparse01(rows, cols, shape: tuple[int, int]) -> sparse.csr_array:
    """0/1 CSR matrix with ones at ``(rows, cols)`` (duplicates count once), sorted indices."""
    data = np.ones(len(rows))
    X = sparse.coo_array(
        (data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=shape,
    ).tocsr()
    X.sum_duplicates()
    X.data[:] = 1.0
    X.sort_indices()
    return X
