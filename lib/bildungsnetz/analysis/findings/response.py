"""Non-response: who answered the survey, and how the top rankings change among respondents.

A survey reaches only part of the actors it maps. An actor that did not answer is still in
the data when others name it – a coordinator lists it as a member, a partner names it as a
cooperation partner, the office's register knows it – but its own memberships are then only
as complete as what others reported. ``akteure.csv`` says which actors answered themselves
(column ``befragt``: ``ja``/``nein``/``unbekannt``; see ``ingest.actors``).

Two things are measured (numbers only; the report words them):

* **coverage** (:func:`response_coverage`): how many actors answered, did not answer or are
  unknown, overall and by state and district;
* **the rankings among respondents only** (:func:`respondent_rankings`): PageRank on the
  co-membership graph and two-mode betweenness, recomputed on the graph of the respondents'
  own memberships (:func:`respondent_graph`), and compared with the full rankings
  (:func:`ranking_change`): how many of the top ``k`` stay in the top ``k``, who drops out,
  and the Spearman rank correlation of the respondents' scores (:func:`spearman_correlation`).

Removing the non-respondents and all their ties is the "non-response" mechanism of missing
network data: Kossinets (2006) shows by simulation on two-mode (affiliation) data that
missing actors bias centralities and that the bias grows with the share missing; Stork &
Richards (1992) describe what non-respondents do to network data and why their ties cannot
simply be filled in; Smith & Moody (2013) measure how stable centrality rankings are when
nodes are missing. Comparing the rankings with and without the ties only others reported
shows how much the report's rankings rest on those reports.

A wave without any information on who answered (every actor ``unbekannt``) gives no figures:
nothing is invented (:func:`response_figures` returns NaN).

References
----------
.. [1] Kossinets, G. (2006). Effects of missing data in social networks. *Social Networks*
   28(3), 247–268.
.. [2] Stork, D. & Richards, W. D. (1992). Nonrespondents in communication network studies:
   problems and possibilities. *Group & Organization Management* 17(2), 193–209.
.. [3] Smith, J. A. & Moody, J. (2013). Structural effects of network sampling coverage I:
   nodes missing at random. *Social Networks* 35(4), 652–668.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.analysis import measures as M
from bildungsnetz.analysis.graphs import actor_nodes, actor_projection

#: The values of ``befragt``.
RESPONDED, NOT_RESPONDED, UNKNOWN = "ja", "nein", "unbekannt"
RESPONSE_VALUES = (RESPONDED, NOT_RESPONDED, UNKNOWN)
#: How many places of a ranking are compared (the report's "top 10").
TOP_K = 10
#: The rankings compared: name → how the report ranks (PageRank of the co-membership graph,
#: betweenness of the two-mode graph).
RANKINGS = ("pagerank", "betweenness")
#: Paired samples of :func:`spearman_correlation`.
Paired: TypeAlias = Sequence[float] | np.ndarray | pd.Series
#: Columns of :func:`response_coverage`.
COVERAGE_COLUMNS = [
    "ebene",
    "gruppe",
    "anzahl_akteure",
    RESPONDED,
    NOT_RESPONDED,
    UNKNOWN,
    "anteil_befragt",
]
#: Columns of :func:`ranking_table`.
RANKING_COLUMNS = [
    "rangliste",
    "akteur_id",
    "akteur",
    "befragt",
    "rang",
    "rang_nur_befragte",
]


def response_status(B: nx.Graph) -> dict[Hashable, str]:
    """Each actor's ``befragt`` value: ``ja``, ``nein`` or ``unbekannt``.

    Anything but ``ja``/``nein`` in the node attribute ``befragt`` (empty, missing) is
    ``unbekannt``.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_node("A1", bipartite=0, befragt="ja")
    >>> B.add_node("A2", bipartite=0, befragt="")
    >>> response_status(B)
    {'A1': 'ja', 'A2': 'unbekannt'}
    """
    out = {}
    for a in actor_nodes(B):
        value = str(B.nodes[a].get("befragt") or "").strip().casefold()
        out[a] = value if value in (RESPONDED, NOT_RESPONDED) else UNKNOWN
    return out


def has_response_information(status: Mapping[Hashable, str]) -> bool:
    """Whether any actor is known to have answered or not (else nothing can be said)."""
    return any(v != UNKNOWN for v in status.values())


def response_coverage(B: nx.Graph) -> pd.DataFrame:
    """How many actors answered the survey themselves, overall, by state and by district.

    Parameters
    ----------
    B : networkx.Graph
        The two-mode graph (actor attributes ``befragt``, ``bundesland``, ``landkreis``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COVERAGE_COLUMNS`: ``ebene`` (``gesamt``, ``bundesland``,
        ``landkreis``), ``gruppe`` (the state or district; ``""`` for the whole wave and for
        actors without one), the counts per value and ``anteil_befragt`` = ``ja`` /
        ``anzahl_akteure`` (NaN when no actor of the group has a known value).

    Examples
    --------
    >>> B = nx.Graph()
    >>> for a, b, kreis in [("A1", "ja", "Cottbus"), ("A2", "nein", "Cottbus"),
    ...                     ("A3", "ja", "Görlitz")]:
    ...     B.add_node(a, bipartite=0, befragt=b, landkreis=kreis, bundesland="")
    >>> response_coverage(B)[["ebene", "gruppe", "ja", "nein", "anteil_befragt"]]
           ebene    gruppe  ja  nein  anteil_befragt
    0     gesamt             2     1        0.666667
    1  bundesland             2     1        0.666667
    2   landkreis   Cottbus   1     1        0.500000
    3   landkreis   Görlitz   1     0        1.000000
    """
    status = response_status(B)
    rows = [_coverage_row("gesamt", "", list(status.values()))]
    for level in ("bundesland", "landkreis"):
        groups: dict[str, list[str]] = {}
        for a, value in status.items():
            groups.setdefault(str(B.nodes[a].get(level) or ""), []).append(value)
        rows += [_coverage_row(level, g, groups[g]) for g in sorted(groups)]
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def _coverage_row(level: str, group: str, values: list[str]) -> dict:
    counts = {v: values.count(v) for v in RESPONSE_VALUES}
    known = counts[RESPONDED] + counts[NOT_RESPONDED]
    share = counts[RESPONDED] / len(values) if known else math.nan
    return {
        "ebene": level,
        "gruppe": group,
        "anzahl_akteure": len(values),
        **counts,
        "anteil_befragt": share,
    }


def respondent_graph(B: nx.Graph, status: Mapping[Hashable, str] | None = None) -> nx.Graph:
    """The two-mode graph of the respondents' own memberships.

    Every actor that is not known to have answered (``befragt`` ``nein`` or ``unbekannt``)
    is removed with all its memberships – the ties only others reported; every network
    stays (a network whose members all did not answer keeps no member). This is the
    non-response mechanism of missing network data (Kossinets 2006, "missing actors").

    Parameters
    ----------
    B : networkx.Graph
        The two-mode graph.
    status : mapping, optional
        Actor → ``befragt`` (default: :func:`response_status`).

    Returns
    -------
    networkx.Graph
        A copy of ``B`` without the non-respondents.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_node("A1", bipartite=0, befragt="ja")
    >>> B.add_node("A2", bipartite=0, befragt="nein")
    >>> B.add_node("N1", bipartite=1)
    >>> B.add_edges_from([("A1", "N1"), ("A2", "N1")])
    >>> sorted(respondent_graph(B).nodes), sorted(respondent_graph(B).edges)
    (['A1', 'N1'], [('A1', 'N1')])
    """
    status = response_status(B) if status is None else status
    keep = [n for n in B if status.get(n, RESPONDED) == RESPONDED]
    return B.subgraph(keep).copy()


def spearman_correlation(x: Paired, y: Paired) -> float:
    r"""Spearman's rank correlation of two paired samples.

    The Pearson correlation of the ranks, tied values getting their average rank
    (Spearman 1904):

    .. math:: \rho = \frac{\operatorname{cov}(R(x), R(y))}{\sigma_{R(x)}\,\sigma_{R(y)}}.

    Parameters
    ----------
    x, y : sequence of float
        Paired values (same length).

    Returns
    -------
    float
        In [-1, 1]; NaN with fewer than two pairs or when one sample is constant.

    References
    ----------
    .. [1] Spearman, C. (1904). The proof and measurement of association between two things.
       *American Journal of Psychology* 15(1), 72–101.

    Examples
    --------
    >>> spearman_correlation([1, 2, 3, 4], [10, 20, 30, 40])
    1.0
    >>> spearman_correlation([1, 2, 3], [3, 2, 1])
    -1.0
    >>> round(spearman_correlation([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 3)
    0.8
    """
    if len(x) != len(y):
        raise ValueError("x and y must have the same length")
    if len(x) < 2:
        return math.nan
    rx = pd.Series(np.asarray(x, dtype=float)).rank(method="average").to_numpy()
    ry = pd.Series(np.asarray(y, dtype=float)).rank(method="average").to_numpy()
    if np.ptp(rx) == 0 or np.ptp(ry) == 0:
        return math.nan
    return float(np.clip(np.corrcoef(rx, ry)[0, 1], -1.0, 1.0))


def _places(scores: Mapping[Hashable, float]) -> dict[Hashable, float]:
    """Competition rank of every node, NaN last.

    As :func:`~bildungsnetz.analysis.measures.competition_ranks`: scores equal up to
    floating-point noise share a place.
    """
    nodes = list(scores)
    ranks = M.competition_ranks([float(scores[n]) for n in nodes])
    return {n: (float(r) if r == r else math.inf) for n, r in zip(nodes, ranks)}


def ranked(scores: Mapping[Hashable, float]) -> list[Hashable]:
    """The nodes by descending score, ties by id (the report's order of a top list).

    Scores equal up to floating-point noise count as ties (as in the ranks of
    ``kennzahlen_akteure``), so the order does not depend on the solver's last bits.

    Examples
    --------
    >>> ranked({"b": 0.3, "a": 0.3 + 1e-17, "c": 0.5})
    ['c', 'a', 'b']
    """
    places = _places(scores)
    return sorted(scores, key=lambda n: (places[n], str(n)))


@dataclass
class RankingChange:
    """How a top list changes when only respondents are counted (:func:`ranking_change`).

    Attributes
    ----------
    k : int
        Places compared (at most :data:`TOP_K`, at most the actors with a positive score).
    top : list
        The top ``k`` of the full ranking.
    top_respondents : list
        The top ``k`` among respondents only.
    stay : int
        Actors of ``top`` also in ``top_respondents``.
    dropped, entered : list
        Actors of ``top`` not in ``top_respondents``, and the other way round.
    spearman : float
        Spearman correlation of the respondents' scores with and without the others' ties.
    ranks, ranks_respondents : dict
        Actor → competition rank (1 = highest; ties up to floating-point noise share it) in
        either ranking.
    """

    k: int
    top: list
    top_respondents: list
    stay: int
    dropped: list
    entered: list
    spearman: float
    ranks: dict = field(default_factory=dict)
    ranks_respondents: dict = field(default_factory=dict)


def ranking_change(
    full: Mapping[Hashable, float], respondents: Mapping[Hashable, float], k: int = TOP_K
) -> RankingChange:
    """Compare a ranking with the same measure computed among respondents only.

    Parameters
    ----------
    full : mapping
        Actor → score on the whole graph.
    respondents : mapping
        Respondent → score on :func:`respondent_graph`.
    k : int, optional
        Places compared; fewer when fewer actors have a positive score in ``full``.

    Returns
    -------
    RankingChange

    Examples
    --------
    >>> c = ranking_change({"a": 3, "b": 2, "c": 1}, {"b": 5, "c": 4}, k=2)
    >>> c.top, c.top_respondents, c.stay, c.dropped, c.entered
    (['a', 'b'], ['b', 'c'], 1, ['a'], ['c'])
    """
    order, order_resp = ranked(full), ranked(respondents)
    k = min(k, sum(1 for n in order if float(full[n]) > 0))
    top, top_resp = order[:k], order_resp[:k]
    common = [n for n in order if n in respondents]
    return RankingChange(
        k=k,
        top=top,
        top_respondents=top_resp,
        stay=len(set(top) & set(top_resp)),
        dropped=[n for n in top if n not in top_resp],
        entered=[n for n in top_resp if n not in top],
        spearman=spearman_correlation(
            [float(full[n]) for n in common], [float(respondents[n]) for n in common]
        ),
        ranks={n: int(r) for n, r in _places(full).items() if math.isfinite(r)},
        ranks_respondents={n: int(r) for n, r in _places(respondents).items() if math.isfinite(r)},
    )


def respondent_rankings(
    B: nx.Graph,
    *,
    full: Mapping[str, Mapping[Hashable, float]] | None = None,
    backend: str = "auto",
    k: int = TOP_K,
) -> dict[str, RankingChange] | None:
    """PageRank and two-mode betweenness among respondents only, compared with the full ones.

    PageRank is computed on the weighted co-membership graph of :func:`respondent_graph`,
    betweenness on the two-mode graph itself, normalised as for the full graph
    (:func:`~bildungsnetz.analysis.measures.pagerank`,
    :func:`~bildungsnetz.analysis.measures.two_mode_betweenness`).

    Parameters
    ----------
    B : networkx.Graph
        The two-mode graph.
    full : mapping, optional
        ``{"pagerank": …, "betweenness": …}`` of the whole graph (computed when missing).
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of the measures.
    k : int, optional
        Places compared.

    Returns
    -------
    dict of str to RankingChange, or None
        One entry per name of :data:`RANKINGS`; None when no actor's response is known.
    """
    status = response_status(B)
    if not has_response_information(status):
        return None
    actors = actor_nodes(B)
    full = dict(full or {})
    if "pagerank" not in full:
        full["pagerank"] = M.pagerank(actor_projection(B), backend=backend)
    if "betweenness" not in full:
        full["betweenness"] = M.two_mode_betweenness(B, actors, backend=backend)
    R = respondent_graph(B, status)
    kept = actor_nodes(R)
    restricted = {
        "pagerank": M.pagerank(actor_projection(R), backend=backend),
        "betweenness": M.two_mode_betweenness(R, kept, backend=backend) if kept else {},
    }
    out = {}
    for name in RANKINGS:
        scores = {a: full[name].get(a, 0.0) for a in actors}
        mine = {a: restricted[name].get(a, 0.0) for a in kept}
        out[name] = ranking_change(scores, mine, k=k)
    return out


def response_figures(
    B: nx.Graph, rankings: Mapping[str, RankingChange] | None
) -> list[tuple[str, float]]:
    """The rows of ``kennzahlen_gesamt.csv`` on non-response.

    ``befragt_ja``, ``befragt_nein``, ``befragt_unbekannt`` (counts), ``befragt_anteil``
    (``ja`` / all actors), and per ranking of :data:`RANKINGS` (suffix ``""`` for PageRank,
    ``_betweenness``): ``top10_nur_befragte_anzahl`` (places compared),
    ``top10_nur_befragte_gleich`` (of them still in the top list among respondents only) and
    ``rangkorrelation_nur_befragte`` (Spearman). Without any information on who answered
    everything but ``befragt_unbekannt`` is NaN.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_node("A1", bipartite=0, befragt="")
    >>> dict(response_figures(B, None))["befragt_anteil"]
    nan
    """
    status = list(response_status(B).values())
    known = has_response_information(dict(enumerate(status)))
    nan = math.nan
    figures: list[tuple[str, float]] = [
        ("befragt_ja", status.count(RESPONDED) if known else nan),
        ("befragt_nein", status.count(NOT_RESPONDED) if known else nan),
        ("befragt_unbekannt", status.count(UNKNOWN)),
        ("befragt_anteil", status.count(RESPONDED) / len(status) if known and status else nan),
    ]
    for name in RANKINGS:
        change = rankings.get(name) if rankings else None
        suffix = "" if name == "pagerank" else f"_{name}"
        figures += [
            (f"top10_nur_befragte_anzahl{suffix}", change.k if change else nan),
            (f"top10_nur_befragte_gleich{suffix}", change.stay if change else nan),
            (f"rangkorrelation_nur_befragte{suffix}", change.spearman if change else nan),
        ]
    return figures


def ranking_table(B: nx.Graph, rankings: Mapping[str, RankingChange] | None) -> pd.DataFrame:
    """The actors of either top list, per ranking, with both places.

    Columns :data:`RANKING_COLUMNS`: ``rangliste`` (``pagerank``/``betweenness``), the actor,
    its ``befragt``, ``rang`` (place in the full ranking) and ``rang_nur_befragte`` (place
    among respondents; NaN for non-respondents). Sorted by ranking, then full place.
    """
    status = response_status(B)
    rows = []
    for name, change in (rankings or {}).items():
        for a in sorted(
            set(change.top) | set(change.top_respondents), key=lambda n: change.ranks[n]
        ):
            rows.append(
                {
                    "rangliste": name,
                    "akteur_id": a,
                    "akteur": B.nodes[a].get("name", ""),
                    "befragt": status[a],
                    "rang": change.ranks[a],
                    "rang_nur_befragte": change.ranks_respondents.get(a, math.nan),
                }
            )
    return pd.DataFrame(rows, columns=RANKING_COLUMNS)


@dataclass
class ResponseResults:
    """Everything the analysis of a wave publishes on non-response (:func:`response_results`).

    Attributes
    ----------
    figures : list of tuple
        The rows of ``kennzahlen_gesamt`` (:func:`response_figures`).
    coverage : pandas.DataFrame
        :func:`response_coverage`.
    rankings : pandas.DataFrame
        :func:`ranking_table`.
    pagerank_ranks : dict
        Respondent → place by PageRank among respondents only (column
        ``rang_pagerank_nur_befragte`` of ``kennzahlen_akteure``).
    """

    figures: list
    coverage: pd.DataFrame
    rankings: pd.DataFrame
    pagerank_ranks: dict


def response_results(
    B: nx.Graph,
    *,
    pagerank: Mapping[Hashable, float] | None = None,
    betweenness: Mapping[Hashable, float] | None = None,
    backend: str = "auto",
) -> ResponseResults:
    """Coverage, figures and the respondent-only rankings of a wave in one call.

    Parameters
    ----------
    B : networkx.Graph
        The two-mode graph.
    pagerank, betweenness : mapping, optional
        The full graph's scores (computed when missing).
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of the measures.

    Returns
    -------
    ResponseResults

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_nodes_from(["A1", "A2"], bipartite=0, befragt="ja")
    >>> B.add_node("N1", bipartite=1)
    >>> B.add_edges_from([("A1", "N1"), ("A2", "N1")])
    >>> dict(response_results(B).figures)["top10_nur_befragte_gleich"]
    2
    """
    full = {}
    if pagerank is not None:
        full["pagerank"] = pagerank
    if betweenness is not None:
        full["betweenness"] = betweenness
    rankings = respondent_rankings(B, full=full, backend=backend)
    return ResponseResults(
        figures=response_figures(B, rankings),
        coverage=response_coverage(B),
        rankings=ranking_table(B, rankings),
        pagerank_ranks=dict(rankings["pagerank"].ranks_respondents) if rankings else {},
    )
