"""Profiles: what the communities are about, and who works on which topic where."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx
import pandas as pd

from bildungsnetz.analysis.graphs import RURAL, actor_nodes, network_nodes, node_value, split_values

__all__ = [
    "COMMUNITY_COLUMNS",
    "describe_communities",
    "topic_target_matrix",
    "topic_district_matrix",
]

#: Columns of ``gemeinschaften.csv``.
COMMUNITY_COLUMNS = [
    "community",
    "anzahl_akteure",
    "stabilitaet",
    "anteil_laendlich",
    "dominante_themen",
    "dominante_zielgruppen",
    "dominante_landkreise",
    "dominante_kategorien",
    "zentrale_akteure",
]


def _top_counts(counter: Counter, top: int) -> str:
    """The ``top`` most frequent values with their counts: ``"A (3); B (2)"``."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
    return "; ".join(f"{k} ({v})" for k, v in items)


def _community_counts(P: nx.Graph, members: Iterable[Hashable]) -> dict[str, Counter]:
    """Number of members per topic, target group, district and category."""
    cnt: dict[str, Counter] = {
        k: Counter() for k in ("themen", "zielgruppen", "landkreis", "kategorie")
    }
    for v in members:
        for t in split_values(node_value(P, v, "themen")):
            cnt["themen"][t] += 1
        for t in split_values(node_value(P, v, "zielgruppen")):
            cnt["zielgruppen"][t] += 1
        for key in ("landkreis", "kategorie"):
            val = node_value(P, v, key)
            if val:
                cnt[key][val] += 1
    return cnt


def describe_communities(
    P: nx.Graph,
    membership: Mapping[Hashable, int],
    *,
    scores: Mapping[Hashable, float] | None = None,
    stability: Mapping[Hashable, float] | None = None,
    top: int = 3,
) -> pd.DataFrame:
    """Profile of each community of the actor co-membership graph.

    Parameters
    ----------
    P : networkx.Graph
        The actor co-membership graph.
    membership : mapping
        Actor → community (numbering of
        :func:`bildungsnetz.analysis.measures.louvain_communities`).
    scores : mapping, optional
        Actor → score (e.g. PageRank) ranking the central actors.
    stability : mapping, optional
        Community → stability over reruns
        (:attr:`~bildungsnetz.analysis.measures.CommunityStability.communities`).
    top : int, optional
        Values listed per column.

    Returns
    -------
    pandas.DataFrame
        One row per community, columns :data:`COMMUNITY_COLUMNS`: ``community``,
        ``anzahl_akteure``, ``stabilitaet`` (the share of its pairs of members kept together
        when the detection is rerun with other seeds; NaN without ``stability`` or for a
        community of one), ``anteil_laendlich`` (share of rural actors),
        ``dominante_themen``, ``dominante_zielgruppen``, ``dominante_landkreise``,
        ``dominante_kategorien`` (the ``top`` most frequent values with the number of
        actors, e.g. ``"Berufsorientierung (12); Ausbildung (9)"``) and
        ``zentrale_akteure`` (the ``top`` actors by ``scores``, ties by id; empty without
        ``scores``).

    Examples
    --------
    >>> P = nx.Graph([("A1", "A2")])
    >>> nx.set_node_attributes(P, {"A1": "MINT;Kultur", "A2": "MINT"}, "themen")
    >>> nx.set_node_attributes(P, {"A1": "Schule Nord", "A2": "Schule Süd"}, "name")
    >>> prof = describe_communities(P, {"A1": 1, "A2": 1}, scores={"A1": 0.2, "A2": 0.8})
    >>> prof.loc[0, "dominante_themen"], prof.loc[0, "zentrale_akteure"]
    ('MINT (2); Kultur (1)', 'Schule Süd; Schule Nord')
    """
    groups: dict[int, list] = defaultdict(list)
    for v in sorted(P, key=str):
        groups[membership[v]].append(v)
    rows = []
    for c in sorted(groups):
        vs = groups[c]
        cnt = _community_counts(P, vs)
        central = ""
        if scores is not None:
            best = sorted(vs, key=lambda v: (-scores.get(v, 0.0), str(v)))[:top]
            central = "; ".join(node_value(P, v, "name") or str(v) for v in best)
        rows.append(
            {
                "community": c,
                "anzahl_akteure": len(vs),
                "stabilitaet": math.nan if stability is None else stability.get(c, math.nan),
                "anteil_laendlich": sum(node_value(P, v, "raumtyp") == RURAL for v in vs) / len(vs),
                "dominante_themen": _top_counts(cnt["themen"], top),
                "dominante_zielgruppen": _top_counts(cnt["zielgruppen"], top),
                "dominante_landkreise": _top_counts(cnt["landkreis"], top),
                "dominante_kategorien": _top_counts(cnt["kategorie"], top),
                "zentrale_akteure": central,
            }
        )
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS)


def topic_target_matrix(B: nx.Graph) -> pd.DataFrame:
    """Topics × target groups: number of networks working on both.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.

    Returns
    -------
    pandas.DataFrame
        Counts, rows ``thema`` and columns ``zielgruppe`` sorted.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_node("N1", bipartite=1, themen="MINT;Kultur", zielgruppen="Kinder")
    >>> B.add_node("N2", bipartite=1, themen="MINT", zielgruppen="Eltern")
    >>> topic_target_matrix(B)
    zielgruppe  Eltern  Kinder
    thema
    Kultur           0       1
    MINT             1       1
    """
    cells: Counter = Counter()
    topics: set[str] = set()
    targets: set[str] = set()
    for x in network_nodes(B):
        ts = split_values(node_value(B, x, "themen"))
        zs = split_values(node_value(B, x, "zielgruppen"))
        topics.update(ts)
        targets.update(zs)
        for t in ts:
            for z in zs:
                cells[(t, z)] += 1
    rows, cols = sorted(topics), sorted(targets)
    return pd.DataFrame(
        [[cells[(t, z)] for z in cols] for t in rows],
        index=pd.Index(rows, name="thema"),
        columns=pd.Index(cols, name="zielgruppe"),
        dtype=int,
    )


def topic_district_matrix(
    B: nx.Graph, districts: Iterable[str] | None = None, topics: Iterable[str] | None = None
) -> pd.DataFrame:
    """Topics × districts: number of actors (by their own district) working on each topic.

    An actor works on a topic when one of its networks does. Zeros show where nobody works
    on a topic.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    districts : iterable of str, optional
        The columns (e.g. all seven districts of the region, so that empty districts show
        as 0); by default the districts found among the actors.
    topics : iterable of str, optional
        Rows added to the topics found (e.g. the whole topic vocabulary).

    Returns
    -------
    pandas.DataFrame
        Counts, rows ``thema`` (sorted), columns ``landkreis``.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_node("A1", bipartite=0, landkreis="Görlitz", themen="MINT")
    >>> topic_district_matrix(B, districts=["Bautzen", "Görlitz"], topics=["Kultur"])
    landkreis  Bautzen  Görlitz
    thema
    Kultur           0        0
    MINT             0        1
    """
    cells: Counter = Counter()
    found_topics: set[str] = set()
    found: set[str] = set()
    for a in actor_nodes(B):
        lk = node_value(B, a, "landkreis")
        ts = split_values(node_value(B, a, "themen"))
        found_topics.update(ts)
        if lk:
            found.add(lk)
            for t in ts:
                cells[(t, lk)] += 1
    for x in network_nodes(B):
        found_topics.update(split_values(node_value(B, x, "themen")))
    cols = list(districts) if districts is not None else sorted(found)
    rows = sorted(found_topics | set(topics or ()))
    return pd.DataFrame(
        [[cells[(t, d)] for d in cols] for t in rows],
        index=pd.Index(rows, name="thema"),
        columns=pd.Index(cols, name="landkreis"),
        dtype=int,
    )
