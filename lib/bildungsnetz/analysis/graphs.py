"""Graphs of one survey wave, built from the processed tables.

Four graphs are derived from ``processed/<wave>/`` (see ``docs/design.md``):

* :func:`two_mode_graph` – the bipartite (2-mode) graph actors × networks; an edge means
  "actor is a member of network", with the member's ``rolle`` as edge attribute.
* :func:`actor_projection` – the weighted 1-mode co-membership graph of the actors: two
  actors are linked when they share at least one network; ``weight`` = number of shared
  networks.
* :func:`network_projection` – the weighted 1-mode graph of the networks: two networks are
  linked when they share at least one member; ``weight`` = number of shared members.
* :func:`cooperation_graph` – the directed graph of named direct cooperations
  (``kooperationen.csv``), ``weight`` = ``intensitaet`` (1–3), or ``None`` without that table.

Node ids are the stable ids of the processed tables (``akteur_id`` starting with ``A``,
``netzwerk_id`` starting with ``N``), so the two modes never collide. All node and edge
attributes are plain ``str``/``int``/``float`` values (lists such as topics are stored
``;``-joined, as in the processed tables), so every graph can be written to GraphML/GEXF
unchanged. Only publishable names are stored: an actor's ``name`` is its ``anzeigename``
(pseudonym for actors that did not consent to be named).

Graphs are built in sorted id order, so iteration order, and therefore every result derived
from them, is reproducible.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

import networkx as nx
import pandas as pd

from bildungsnetz.config import ROLE_RANK
from bildungsnetz.ingest.reference import REGION_WIDE
from bildungsnetz.text import cell_text, split_list

__all__ = [
    "WaveTables",
    "ACTOR_ATTRIBUTES",
    "NETWORK_ATTRIBUTES",
    "REGION",
    "RURAL",
    "split_values",
    "join_values",
    "actor_table",
    "network_table",
    "two_mode_graph",
    "actor_nodes",
    "network_nodes",
    "actor_projection",
    "network_projection",
    "cooperation_graph",
    "build_graphs",
    "is_missing",
    "node_value",
    "node_coordinates",
]

#: Actor node attributes copied from ``akteure.csv`` (besides ``name`` and coordinates);
#: ``befragt`` is empty when the table has no such column (older waves).
ACTOR_ATTRIBUTES = (
    "kategorie",
    "ebene",
    "plz",
    "ort",
    "landkreis",
    "bundesland",
    "raumtyp",
    "befragt",
)
#: Network node attributes copied from ``netzwerke.csv`` (besides ``name``).
NETWORK_ATTRIBUTES = ("typ", "landkreis", "bundesland", "themen", "zielgruppen", "koordination_id")
#: Pseudo-district of region-wide networks (``netzwerke.landkreis``).
REGION = REGION_WIDE
#: The ``raumtyp`` of actors in rural municipalities (the other value is ``"städtisch"``).
RURAL = "ländlich"


@dataclass
class WaveTables:
    """The processed tables of one wave (columns as in ``docs/design.md``).

    ``kooperationen`` is ``None`` when the wave has no ``kooperationen.csv``.
    """

    akteure: pd.DataFrame
    netzwerke: pd.DataFrame
    mitgliedschaften: pd.DataFrame
    kooperationen: pd.DataFrame | None = None


_clean = cell_text


def _float(value: object) -> float:
    """Return ``value`` as float, or NaN when missing or not a number."""
    text = _clean(value).replace(",", ".")
    if not text:
        return math.nan
    try:
        return float(text)
    except ValueError:
        return math.nan


def split_values(value: object) -> tuple[str, ...]:
    """Split a ``;``-joined list cell (``themen``, ``zielgruppen``) into a sorted tuple.

    Examples
    --------
    >>> split_values("MINT; Ausbildung;MINT"), split_values(None)
    (('Ausbildung', 'MINT'), ())
    """
    return _split_cached(_clean(value))


@lru_cache(maxsize=65536)
def _split_cached(text: str) -> tuple[str, ...]:
    return tuple(sorted(set(split_list(text))))


def join_values(values: Iterable[str]) -> str:
    """Join values the way the processed tables do: sorted, unique, ``;``-separated.

    Examples
    --------
    >>> join_values(["MINT", "Ausbildung", "MINT", ""])
    'Ausbildung;MINT'
    """
    return ";".join(sorted({v for v in values if v}))


def network_table(tables: WaveTables) -> pd.DataFrame:
    """Return one row per network, indexed by ``netzwerk_id`` and sorted by it.

    Columns: ``name`` (``netzwerk``), the :data:`NETWORK_ATTRIBUTES` as clean strings,
    ``themen_set``/``zielgruppen_set`` (sorted tuples), ``mitglieder`` (sorted tuple of
    member ``akteur_id``) and ``anzahl_mitglieder``.
    """
    net = tables.netzwerke
    members: dict[str, set[str]] = {}
    for a, n in zip(tables.mitgliedschaften["akteur_id"], tables.mitgliedschaften["netzwerk_id"]):
        members.setdefault(_clean(n), set()).add(_clean(a))
    rows = []
    for rec in net.to_dict("records"):
        nid = _clean(rec.get("netzwerk_id"))
        row: dict[str, Any] = {"netzwerk_id": nid, "name": _clean(rec.get("netzwerk"))}
        for col in NETWORK_ATTRIBUTES:
            row[col] = _clean(rec.get(col))
        row["themen_set"] = split_values(rec.get("themen"))
        row["zielgruppen_set"] = split_values(rec.get("zielgruppen"))
        row["themen"] = ";".join(row["themen_set"])
        row["zielgruppen"] = ";".join(row["zielgruppen_set"])
        row["mitglieder"] = tuple(sorted(members.get(nid, ())))
        row["anzahl_mitglieder"] = len(row["mitglieder"])
        rows.append(row)
    cols = [
        "netzwerk_id",
        "name",
        *NETWORK_ATTRIBUTES,
        "themen_set",
        "zielgruppen_set",
        "mitglieder",
        "anzahl_mitglieder",
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("netzwerk_id").set_index("netzwerk_id", drop=False)


def actor_table(tables: WaveTables) -> pd.DataFrame:
    """Return one row per actor, indexed by ``akteur_id`` and sorted by it.

    Columns: ``name`` (the publishable ``anzeigename``, falling back to ``akteur`` when the
    column is missing or empty), the :data:`ACTOR_ATTRIBUTES` as clean strings, ``lat``/``lon``
    (float, NaN when unknown), ``netzwerke`` (sorted tuple of ``netzwerk_id``),
    ``anzahl_netzwerke``, ``themen_set``/``zielgruppen_set`` and ``themen``/``zielgruppen``.

    An actor's topics and target groups are the union over the networks it belongs to (the
    survey asks networks, not actors, for topics and target groups).
    """
    nets = network_table(tables)
    memberships: dict[str, set[str]] = {}
    for a, n in zip(tables.mitgliedschaften["akteur_id"], tables.mitgliedschaften["netzwerk_id"]):
        memberships.setdefault(_clean(a), set()).add(_clean(n))
    topics = dict(zip(nets.index, nets["themen_set"]))
    targets = dict(zip(nets.index, nets["zielgruppen_set"]))
    rows = []
    for rec in tables.akteure.to_dict("records"):
        aid = _clean(rec.get("akteur_id"))
        name = _clean(rec.get("anzeigename")) or _clean(rec.get("akteur"))
        row: dict[str, Any] = {"akteur_id": aid, "name": name}
        for col in ACTOR_ATTRIBUTES:
            row[col] = _clean(rec.get(col))
        row["lat"] = _float(rec.get("lat"))
        row["lon"] = _float(rec.get("lon"))
        own = tuple(sorted(memberships.get(aid, ())))
        row["netzwerke"] = own
        row["anzahl_netzwerke"] = len(own)
        row["themen_set"] = tuple(sorted({t for n in own for t in topics.get(n, ())}))
        row["zielgruppen_set"] = tuple(sorted({t for n in own for t in targets.get(n, ())}))
        row["themen"] = ";".join(row["themen_set"])
        row["zielgruppen"] = ";".join(row["zielgruppen_set"])
        rows.append(row)
    cols = [
        "akteur_id",
        "name",
        *ACTOR_ATTRIBUTES,
        "lat",
        "lon",
        "netzwerke",
        "anzahl_netzwerke",
        "themen_set",
        "zielgruppen_set",
        "themen",
        "zielgruppen",
    ]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("akteur_id").set_index("akteur_id", drop=False)


#: The actor columns every graph carries as node attributes.
ACTOR_NODE_FIELDS = (
    "name",
    *ACTOR_ATTRIBUTES,
    "lat",
    "lon",
    "themen",
    "zielgruppen",
    "anzahl_netzwerke",
)


def _add_actor_nodes(G: nx.Graph, actors: pd.DataFrame) -> None:
    """Add one node per actor (``bipartite=0``, ``art="akteur"``) with its attributes."""
    for rec in actors.to_dict("records"):
        attrs = {c: rec[c] for c in ACTOR_NODE_FIELDS}
        G.add_node(rec["akteur_id"], bipartite=0, art="akteur", **attrs)


def two_mode_graph(tables: WaveTables, actors: pd.DataFrame | None = None) -> nx.Graph:
    """Return the 2-mode (bipartite) graph actors × networks.

    Nodes: every actor (``bipartite=0``, ``art="akteur"``) and every network (``bipartite=1``,
    ``art="netzwerk"``), including actors without memberships and networks without members
    (they count as isolates). Actor attributes: ``name`` (anzeigename), :data:`ACTOR_ATTRIBUTES`,
    ``lat``, ``lon``, ``themen``, ``zielgruppen`` (union over the actor's networks, ``;``-joined),
    ``anzahl_netzwerke``. Network attributes: ``name``, :data:`NETWORK_ATTRIBUTES`,
    ``anzahl_mitglieder``.

    Edges: one per membership, attribute ``rolle`` (``Mitglied``/``Gastgeber``/``Leitung``).
    When a membership is listed twice, the stronger role wins (Leitung > Gastgeber > Mitglied).
    ``actors`` may pass a precomputed :func:`actor_table`.
    """
    actors = actor_table(tables) if actors is None else actors
    nets = network_table(tables)
    G = nx.Graph(name="Akteure × Netzwerke")
    _add_actor_nodes(G, actors)
    for rec in nets.to_dict("records"):
        attrs = {c: rec[c] for c in ("name", *NETWORK_ATTRIBUTES, "anzahl_mitglieder")}
        G.add_node(rec["netzwerk_id"], bipartite=1, art="netzwerk", **attrs)
    ms = tables.mitgliedschaften
    roles = ms["rolle"] if "rolle" in ms.columns else [""] * len(ms)
    edges = sorted(
        zip(map(_clean, ms["akteur_id"]), map(_clean, ms["netzwerk_id"]), map(_clean, roles))
    )
    for aid, nid, role in edges:
        if aid not in G or nid not in G:
            raise KeyError(f"Mitgliedschaft verweist auf unbekannte Id: {aid} – {nid}")
        role = role or "Mitglied"
        if G.has_edge(aid, nid) and (
            ROLE_RANK.get(G.edges[aid, nid]["rolle"], 1) >= ROLE_RANK.get(role, 1)
        ):
            continue
        G.add_edge(aid, nid, rolle=role)
    return G


def actor_nodes(B: nx.Graph) -> list:
    """Return the sorted actor nodes (``bipartite == 0``) of a 2-mode graph."""
    return sorted(n for n, d in B.nodes(data=True) if d.get("bipartite") == 0)


def network_nodes(B: nx.Graph) -> list:
    """Return the sorted network nodes (``bipartite == 1``) of a 2-mode graph."""
    return sorted(n for n, d in B.nodes(data=True) if d.get("bipartite") == 1)


def _projection(B: nx.Graph, nodes: list, name: str) -> nx.Graph:
    """Weighted projection of ``B`` onto ``nodes``: weight = number of shared neighbours.

    Equivalent to ``networkx.bipartite.weighted_projected_graph(B, nodes)`` (Newman 2001's
    simple co-occurrence count), written as one pass over the other mode so its cost is the
    sum over the other mode's nodes of degree², and so that isolated nodes are kept.
    """
    P = nx.Graph(name=name)
    P.add_nodes_from((n, dict(B.nodes[n])) for n in nodes)
    keep = set(nodes)
    weights: dict[tuple, int] = {}
    others = sorted({o for n in nodes for o in B[n]})
    for o in others:
        nbrs = sorted(x for x in B[o] if x in keep)
        for u, v in combinations(nbrs, 2):
            weights[(u, v)] = weights.get((u, v), 0) + 1
    P.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))
    return P


def actor_projection(B: nx.Graph) -> nx.Graph:
    """Return the weighted actor co-membership graph of a 2-mode graph.

    Two actors are adjacent when they are members of at least one common network; the edge
    attribute ``weight`` is the number of networks they share. All actors are kept (actors
    without partners are isolates) and carry their node attributes from ``B``.

    Examples
    --------
    >>> B = nx.Graph([("A1", "N1"), ("A2", "N1"), ("A1", "N2"), ("A2", "N2")])
    >>> B.add_node("A3")
    >>> nx.set_node_attributes(B, {"A1": 0, "A2": 0, "A3": 0, "N1": 1, "N2": 1}, "bipartite")
    >>> P = actor_projection(B)
    >>> sorted(P.edges(data="weight")), sorted(P)
    ([('A1', 'A2', 2)], ['A1', 'A2', 'A3'])
    """
    return _projection(B, actor_nodes(B), "Ko-Mitgliedschaft der Akteure")


def network_projection(B: nx.Graph) -> nx.Graph:
    """Return the weighted network–network graph of a 2-mode graph.

    Two networks are adjacent when they have at least one member in common; ``weight`` is the
    number of shared members. All networks are kept, with their node attributes from ``B``.
    """
    return _projection(B, network_nodes(B), "Gemeinsame Mitglieder der Netzwerke")


def cooperation_graph(tables: WaveTables, actors: pd.DataFrame | None = None) -> nx.DiGraph | None:
    """Return the directed cooperation graph, or ``None`` when the wave has no cooperations.

    Nodes are all actors (attributes as in :func:`two_mode_graph`); an edge ``von → an`` means
    ``von`` named ``an`` as a direct cooperation partner, ``weight`` = ``intensitaet`` (1–3,
    missing → 1; if a pair is named twice the higher intensity is kept). Self-loops and
    references to unknown actors are dropped. ``actors`` may pass a precomputed
    :func:`actor_table`.
    """
    koop = tables.kooperationen
    if koop is None:
        return None
    actors = actor_table(tables) if actors is None else actors
    D = nx.DiGraph(name="Kooperationen")
    _add_actor_nodes(D, actors)
    inten = koop["intensitaet"] if "intensitaet" in koop.columns else [1] * len(koop)
    for u, v, w in sorted(
        zip(map(_clean, koop["von_id"]), map(_clean, koop["an_id"]), (_float(x) for x in inten))
    ):
        if u == v or u not in D or v not in D:
            continue
        w = 1 if math.isnan(w) else int(w)
        if D.has_edge(u, v):
            w = max(w, D.edges[u, v]["weight"])
        D.add_edge(u, v, weight=w)
    return D


def build_graphs(tables: WaveTables) -> dict[str, Any]:
    """Return all graphs of a wave.

    Parameters
    ----------
    tables : WaveTables
        The processed tables of the wave.

    Returns
    -------
    dict
        ``{"zweimodal": B, "akteure": P, "netzwerke": N, "kooperationen": D or None}`` (see
        :func:`two_mode_graph`, :func:`actor_projection`, :func:`network_projection`,
        :func:`cooperation_graph`).
    """
    actors = actor_table(tables)
    B = two_mode_graph(tables, actors)
    return {
        "zweimodal": B,
        "akteure": actor_projection(B),
        "netzwerke": network_projection(B),
        "kooperationen": cooperation_graph(tables, actors),
    }


# --------------------------------------------------------------------------- node attributes


def is_missing(value: object) -> bool:
    """Whether a node attribute value counts as missing: ``None``, NaN or blank text.

    Examples
    --------
    >>> [is_missing(v) for v in (None, float("nan"), "  ", "Schule", 0)]
    [True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def node_value(G: nx.Graph, v: Hashable, key: str, default: Any = "") -> Any:
    """Node attribute ``key`` of ``v``, or ``default`` when it is absent, ``None`` or NaN.

    Blank text is returned as it is (the graphs store missing text as ``""``).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("A1", landkreis="Görlitz", lat=float("nan"))
    >>> node_value(G, "A1", "landkreis"), node_value(G, "A1", "lat", None)
    ('Görlitz', None)
    """
    value = G.nodes[v].get(key, default)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    return value


def node_coordinates(G: nx.Graph, v: Hashable) -> tuple[float, float]:
    """``(lat, lon)`` of node ``v`` as floats; NaN for an unknown or unreadable coordinate.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("A1", lat=51.7563, lon="14.3329")
    >>> G.add_node("A2", lat="?")
    >>> node_coordinates(G, "A1"), node_coordinates(G, "A2")
    ((51.7563, 14.3329), (nan, nan))
    """
    try:
        lat = float(G.nodes[v].get("lat", math.nan))
        lon = float(G.nodes[v].get("lon", math.nan))
    except (TypeError, ValueError):
        return math.nan, math.nan
    return lat, lon
