"""Level of detail of the map: which nodes the page draws at the start.

A region (the Lausitz: ~300 actors, ~100 networks) is drawn whole. A state or a country (10× to
100×: up to ~29,000 actors and ~10,000 networks) is not: a browser needs many seconds to draw
that many nodes and edges, and nobody can read them. The rule (:func:`detail_level`):

* up to :data:`ALL_ACTORS` actors every node is drawn (nothing changes for a region);
* above, the :data:`TOP_ACTORS` most important actors are drawn – by the map's start size
  measure (``size_by``, PageRank by default), highest first, missing values last, ties by
  the order of the ids – and the networks: all of them up to :data:`TOP_NETWORKS`, else the
  :data:`TOP_NETWORKS` most important by the same measure (the network's own value, or its
  number of members); at most ``TOP_ACTORS + TOP_NETWORKS`` nodes, whatever the size;
* an edge is drawn when both of its ends are drawn.

Every node stays in the page's data: the search finds everyone, and choosing an actor that is
not drawn adds it with its networks and memberships (netzwerkkarte.js). The page says what it
shows (:attr:`Detail.hint`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bildungsnetz.text import german_number

#: Up to this many actors the map draws every node.
ALL_ACTORS = 2000
#: Above :data:`ALL_ACTORS`: the number of actors drawn.
TOP_ACTORS = 500
#: Above :data:`ALL_ACTORS`: all networks up to this many, else this many of the most
#: important.
TOP_NETWORKS = 1000


@dataclass
class Detail:
    """The nodes drawn at the start (node order: actors, then networks)."""

    #: one flag per node
    drawn: np.ndarray
    actors_drawn: int
    networks_drawn: int
    #: the German sentence the map shows, "" when everything is drawn
    hint: str

    @property
    def complete(self) -> bool:
        """Whether every node is drawn."""
        return bool(self.drawn.all())


def top_order(values: list[float | None]) -> np.ndarray:
    """Indices by value, highest first; missing values last; ties by index (stable)."""
    keyed = np.array([-v if v is not None else np.inf for v in values], dtype=float)
    return np.argsort(keyed, kind="stable")


def detail_level(
    actor_values: list[float | None],
    network_values: list[float | None],
    *,
    two_mode: bool = True,
) -> Detail:
    """The nodes the map draws at the start (the rule: see the module docstring).

    ``actor_values``/``network_values`` are the size measure per actor and per network; with
    ``two_mode=False`` the nodes are the actors only.

    Examples
    --------
    >>> d = detail_level([0.2, 0.5, None], [3.0])
    >>> d.complete, d.hint
    (True, '')
    """
    n_a, n_n = len(actor_values), len(network_values) if two_mode else 0
    drawn = np.ones(n_a + n_n, dtype=bool)
    if n_a <= ALL_ACTORS:
        return Detail(drawn, n_a, n_n, "")
    actors = np.zeros(n_a, dtype=bool)
    actors[top_order(actor_values)[:TOP_ACTORS]] = True
    networks = np.ones(n_n, dtype=bool)
    if n_n > TOP_NETWORKS:
        networks[:] = False
        networks[top_order(network_values)[:TOP_NETWORKS]] = True
    drawn = np.concatenate([actors, networks])
    hint = detail_hint(int(actors.sum()), n_a, int(networks.sum()), n_n, two_mode)
    return Detail(drawn, int(actors.sum()), int(networks.sum()), hint)


def detail_hint(actors: int, n_actors: int, networks: int, n_networks: int, two_mode: bool) -> str:
    """The map's German sentence on what it draws, e.g. „Gezeigt: die 500 wichtigsten von
    29.013 Akteuren und alle Netzwerke; die Suche findet alle.“"""
    text = f"Gezeigt: die {german_number(actors, 0)} wichtigsten von "
    text += f"{german_number(n_actors, 0)} Akteuren"
    if two_mode and networks >= n_networks:
        text += " und alle Netzwerke"
    elif two_mode:
        text += f" und {german_number(networks, 0)} von {german_number(n_networks, 0)} Netzwerken"
    return text + "; die Suche findet alle."
