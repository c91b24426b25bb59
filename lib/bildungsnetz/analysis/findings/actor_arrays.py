"""Dense numpy view of the actors of a 2-mode graph, shared by the cooperation potentials."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

import networkx as nx
import numpy as np

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

__all__ = ["ActorArrays"]


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
    and :func:`~bildungsnetz.analysis.findings.network_suggestions`.

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
    A : numpy.ndarray
        0/1 adjacency of the co-membership graph, actors × actors.
    deg, nbr_idx, nbrs
        Number of partners, partner positions (array), partner positions (set).
    aa_w : numpy.ndarray
        Adamic–Adar weight :math:`1/\ln d` of each actor (0 for fewer than two partners).
    lat, lon : numpy.ndarray
        Coordinates (NaN when unknown).
    rural : numpy.ndarray of bool
        Whether an actor is in a rural municipality.
    district, names : list of str
        District and display name of each actor.
    M : numpy.ndarray
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
        coords = [node_coordinates(B, a) for a in self.actors]
        self.lat = np.array([c[0] for c in coords], dtype=float)
        self.lon = np.array([c[1] for c in coords], dtype=float)
        self.rural = np.array(
            [node_value(B, a, "raumtyp") == RURAL for a in self.actors], dtype=bool
        )
        self.district = [node_value(B, a, "landkreis") for a in self.actors]
        self.names = [node_value(B, a, "name") or str(a) for a in self.actors]
        self.M = np.zeros((len(self.actors), len(self.nets)))
        for a in self.actors:
            for x in B[a]:
                self.M[self.index[a], self.nindex[x]] = 1.0
        self._dist: np.ndarray | None = None

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

    def _partners(self) -> None:
        """Adjacency of the co-membership graph, neighbourhoods, Adamic–Adar weights."""
        n = len(self.actors)
        self.A = np.zeros((n, n))
        for u, v in self.P.edges():
            if u in self.index and v in self.index:
                i, j = self.index[u], self.index[v]
                self.A[i, j] = self.A[j, i] = 1.0
        self.deg = self.A.sum(axis=1)
        self.nbr_idx = [np.flatnonzero(row) for row in self.A]
        self.nbrs = [set(idx.tolist()) for idx in self.nbr_idx]
        with np.errstate(divide="ignore"):
            self.aa_w = np.where(self.deg >= 2, 1.0 / np.log(np.maximum(self.deg, 2)), 0.0)

    @property
    def dist(self) -> np.ndarray:
        """N × n haversine distances in km between actors (inf where a place is unknown)."""
        if self._dist is None:
            d = haversine_km(
                self.lat[:, None], self.lon[:, None], self.lat[None, :], self.lon[None, :]
            )
            self._dist = np.where(np.isnan(d), np.inf, d)
        return self._dist
