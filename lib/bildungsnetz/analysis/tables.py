"""Analysis step: processed tables of a wave → the tables of measures and findings.

:func:`analyse_wave` reads ``DATA/processed/<wave>/`` (written by the cleaning step) and
returns the analysis tables, under the stems of the files they are published as
(:data:`OUTPUT_FILES`):

* ``kennzahlen_akteure`` – one row per actor (:data:`ACTOR_COLUMNS`);
* ``kennzahlen_netzwerke`` – one row per network (:data:`NETWORK_COLUMNS`);
* ``potenziale`` – cooperation potential
  (:data:`bildungsnetz.analysis.findings.POTENTIAL_COLUMNS`);
* ``doppelstrukturen`` – duplicate structures
  (:data:`bildungsnetz.analysis.findings.DUPLICATE_COLUMNS`);
* ``kennzahlen_gesamt`` – one row per whole-network figure (``kennzahl``, ``wert``);
* ``gemeinschaften`` – profile of each community;
* ``mischungsmatrizen`` – the mixing matrices in long form (``attribut``, ``gruppe_a``,
  ``gruppe_b``, ``anzahl``);
* ``handlungsempfehlungen`` – the next steps derived from the findings
  (:data:`bildungsnetz.analysis.findings.RECOMMENDATION_COLUMNS`).

The analysis returns numbers and evidence, not words: where a published table has a German
text column (the explanation of a finding, the reason for a hidden champion, the
explanation of a figure), the analysis table has the evidence instead
(:mod:`bildungsnetz.analysis.findings.evidence`), and the report layer
(:func:`bildungsnetz.report.sentences.published_tables`) writes the text. The files are
written by the analysis step of the pipeline (:func:`bildungsnetz.pipeline.analyse_step`).

Floats are rounded to 6 decimals, random steps seeded, rows sorted: two runs on the same
input give identical tables. Actor names are the publishable ``anzeigename``.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.analysis import findings as F
from bildungsnetz.analysis import measures as M
from bildungsnetz.analysis.findings.evidence import EVIDENCE
from bildungsnetz.analysis.graphs import (
    RURAL,
    WaveTables,
    actor_nodes,
    actor_projection,
    build_graphs,
    network_nodes,
    network_projection,
    split_values,
)
from bildungsnetz.config import DEFAULT_RURAL_WEIGHT, DEFAULT_SEED, processed_dir
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.processed import read_table
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.parallel import background

__all__ = [
    "DEFAULT_SEED",
    "DECIMALS",
    "MIXING_ATTRIBUTES",
    "ACTOR_COLUMNS",
    "COOPERATION_COLUMNS",
    "NETWORK_COLUMNS",
    "SUMMARY_COLUMNS",
    "EI_COLUMNS",
    "OUTPUT_FILES",
    "read_processed",
    "two_mode_measures",
    "actor_measures",
    "network_measures",
    "summary_measures",
    "analyse_tables",
    "analyse_wave",
]

#: Decimals of every float in the analysis tables (byte-stable files).
DECIMALS = 6
#: Columns rounded to :data:`DECIMALS` significant digits instead (p-values far below 1e-6).
SIGNIFICANT_COLUMNS = ("p_wert", "q_wert")
#: Node attributes for E-I indices and mixing matrices (horizontal and vertical linkage).
MIXING_ATTRIBUTES = ("landkreis", "bundesland", "ebene", "kategorie", "raumtyp")

#: Columns of ``kennzahlen_akteure.csv`` (the analysis table has
#: :data:`~bildungsnetz.analysis.findings.evidence.EVIDENCE` in place of
#: ``hidden_champion_grund``), followed by :data:`COOPERATION_COLUMNS` when the wave has
#: named cooperations.
ACTOR_COLUMNS = [
    "akteur_id",
    "akteur",
    "kategorie",
    "ebene",
    "landkreis",
    "bundesland",
    "raumtyp",
    "befragt",
    "rang_pagerank_nur_befragte",
    "anzahl_netzwerke",
    "anzahl_leitung",
    "anzahl_gastgeber",
    "partner",
    "degree",
    "closeness",
    "betweenness",
    "pagerank",
    "eigenvector",
    "participation_landkreis",
    "participation_bundesland",
    "participation_landkreis_netzwerke",
    "participation_bundesland_netzwerke",
    "constraint",
    "community",
    "gemeinschaft_stabilitaet",
    "komponente",
    "rang_pagerank",
    "rang_pagerank_von",
    "rang_pagerank_bis",
    "rang_betweenness",
    "rang_betweenness_von",
    "rang_betweenness_bis",
    "rang_degree",
    "rang_degree_von",
    "rang_degree_bis",
    "rang_netzwerke",
    "pagerank_erwartet",
    "hidden_champion",
    "hidden_champion_grund",
    "themen",
    "zielgruppen",
]
COOPERATION_COLUMNS = [
    "pagerank_kooperation",
    "kooperationen_genannt",
    "kooperationen_erhalten",
    "nennungen_gewichtet",
    "nennungen_erwartet",
]

#: Columns of ``kennzahlen_netzwerke.csv``.
NETWORK_COLUMNS = [
    "netzwerk_id",
    "netzwerk",
    "typ",
    "landkreis",
    "bundesland",
    "koordination",
    "anzahl_mitglieder",
    "degree",
    "closeness",
    "betweenness",
    "pagerank",
    "eigenvector",
    "partner_netzwerke",
    "constraint",
    "blau_diversitaet",
    "anzahl_kategorien",
    "anzahl_landkreise",
    "anzahl_bundeslaender",
    "participation_landkreis",
    "participation_bundesland",
    "anteil_laendlich",
    "community",
    "komponente",
    "anzahl_themen",
    "anzahl_zielgruppen",
    "themen",
    "zielgruppen",
]

#: Columns of ``kennzahlen_gesamt.csv`` (the analysis table has ``kennzahl`` and ``wert``;
#: the report adds the German ``erlaeuterung``). Per attribute of :data:`MIXING_ATTRIBUTES`
#: it has the rows ``ei_<attribut>`` (E-I index), ``ei_<attribut>_erwartet`` (its expected
#: value under random group labels) and ``ei_<attribut>_p_wert`` (permutation p-value).
SUMMARY_COLUMNS = ["kennzahl", "wert", "erlaeuterung"]
#: Columns of the analysis table ``ei`` (one row per attribute): ties between and within
#: groups, the E-I index, its expected value under random labels and the permutation p-value
#: (:func:`~bildungsnetz.analysis.measures.ei_permutation_test`).
EI_COLUMNS = ["attribut", "extern", "intern", "ei_index", "ei_erwartet", "p_wert"]

#: Analysis tables published as files in ``processed/<wave>/``: stem → file name.
OUTPUT_FILES = {
    "kennzahlen_akteure": "kennzahlen_akteure.csv",
    "kennzahlen_netzwerke": "kennzahlen_netzwerke.csv",
    "potenziale": "potenziale.csv",
    "doppelstrukturen": "doppelstrukturen.csv",
    "kennzahlen_gesamt": "kennzahlen_gesamt.csv",
    "gemeinschaften": "gemeinschaften.csv",
    "mischungsmatrizen": "mischungsmatrizen.csv",
    "handlungsempfehlungen": "handlungsempfehlungen.csv",
}

_ACTOR_ANALYSIS_COLUMNS = [EVIDENCE if c == "hidden_champion_grund" else c for c in ACTOR_COLUMNS]

_REQUIRED = {
    "akteure.csv": ("akteur_id",),
    "netzwerke.csv": ("netzwerk_id", "netzwerk"),
    "mitgliedschaften.csv": ("akteur_id", "netzwerk_id"),
}

Figure = tuple[str, Any]
Func = TypeVar("Func", bound=Callable[..., Any])


# --------------------------------------------------------------------------- reading


def _check_refs(df: pd.DataFrame, col: str, known: set, path: Path, what: str) -> None:
    for k, value in enumerate(df[col]):
        if value not in known:
            raise BildungsnetzError(
                f"Die Id „{value}“ verweist auf {what}, der/das in den bereinigten Tabellen "
                f"fehlt. Bitte die Bereinigung erneut ausführen.",
                datei=path,
                zeile=k + 2,
                spalte=col,
            )


def read_processed(data_dir: Path | str, wave: str) -> WaveTables:
    """Read the processed tables of ``wave`` from ``DATA/processed/<wave>/``.

    ``kooperationen.csv`` is optional.

    Parameters
    ----------
    data_dir : path
        The data folder holding ``processed/``.
    wave : str
        Wave name.

    Returns
    -------
    WaveTables
        The tables, every column as text.

    Raises
    ------
    BildungsnetzError
        German message naming the file, when the folder or a required table
        (``akteure.csv``, ``netzwerke.csv``, ``mitgliedschaften.csv``) is missing or empty,
        a required column is missing, or a membership or cooperation refers to an unknown id.
    """
    folder = processed_dir(Path(data_dir), wave)
    if not folder.is_dir():
        raise BildungsnetzError(
            f"Für die Welle „{wave}“ gibt es keine bereinigten Tabellen. Bitte zuerst "
            f"„bildungsnetz clean {wave}“ ausführen.",
            datei=folder,
        )
    frames = {}
    for name, required in _REQUIRED.items():
        path = folder / name
        if not path.is_file():
            raise BildungsnetzError(
                f"Die bereinigte Tabelle {name} fehlt. Bitte zuerst „bildungsnetz clean "
                f"{wave}“ ausführen.",
                datei=path,
            )
        frames[name] = read_table(path, wave, required)
    akteure = frames["akteure.csv"]
    if "anzeigename" not in akteure.columns and "akteur" not in akteure.columns:
        raise BildungsnetzError(
            f"Der bereinigten Tabelle fehlt die Spalte „anzeigename“. Bitte „bildungsnetz clean "
            f"{wave}“ erneut ausführen.",
            datei=folder / "akteure.csv",
            spalte="anzeigename",
        )
    actors = set(akteure["akteur_id"])
    nets = set(frames["netzwerke.csv"]["netzwerk_id"])
    ms = frames["mitgliedschaften.csv"]
    _check_refs(ms, "akteur_id", actors, folder / "mitgliedschaften.csv", "einen Akteur")
    _check_refs(ms, "netzwerk_id", nets, folder / "mitgliedschaften.csv", "ein Netzwerk")
    koop = None
    kpath = folder / "kooperationen.csv"
    if kpath.is_file():
        koop = read_table(kpath, wave, ("von_id", "an_id"))
        _check_refs(koop, "von_id", actors, kpath, "einen Akteur")
        _check_refs(koop, "an_id", actors, kpath, "einen Akteur")
    return WaveTables(
        akteure=akteure, netzwerke=frames["netzwerke.csv"], mitgliedschaften=ms, kooperationen=koop
    )


# --------------------------------------------------------------------------- measures tables


def _conversion_cache(func: Func) -> Func:
    """Run ``func`` inside :func:`~bildungsnetz.analysis.measures.conversion_cache`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with M.conversion_cache():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]  # functools.wraps keeps the signature


def _role_counts(B: nx.Graph, role: str) -> Counter:
    """Node → number of memberships with ``role`` (for actors and networks alike)."""
    out: Counter = Counter()
    for u, v, d in B.edges(data=True):
        if d.get("rolle") == role:
            out[u] += 1
            out[v] += 1
    return out


def two_mode_measures(B: nx.Graph, backend: str = "auto") -> dict[str, dict]:
    """The three Borgatti & Everett (1997) 2-mode measures for all nodes of ``B``.

    Actors and networks are normalised by the size of the other mode.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of closeness and betweenness.

    Returns
    -------
    dict
        ``{"degree": {...}, "closeness": {...}, "betweenness": {...}}`` (see
        :func:`~bildungsnetz.analysis.measures.two_mode_degree`,
        :func:`~bildungsnetz.analysis.measures.two_mode_closeness`,
        :func:`~bildungsnetz.analysis.measures.two_mode_betweenness`).
    """
    actors = actor_nodes(B)
    return {
        "degree": M.two_mode_degree(B, actors),
        "closeness": M.two_mode_closeness(B, actors, backend=backend),
        "betweenness": M.two_mode_betweenness(B, actors, backend=backend),
    }


@_conversion_cache
def actor_measures(
    B: nx.Graph,
    P: nx.Graph | None = None,
    *,
    cooperation: nx.DiGraph | None = None,
    membership: Mapping[Hashable, int] | None = None,
    backend: str = "auto",
    seed: int = DEFAULT_SEED,
    two_mode: Mapping[str, dict] | None = None,
    stability: M.CommunityStability | None = None,
) -> pd.DataFrame:
    """All actor measures as one table.

    * ``degree``, ``closeness``, ``betweenness``: 2-mode measures on ``B`` normalised as
      Borgatti & Everett (1997);
    * ``pagerank``, ``eigenvector``, ``constraint``: on the weighted co-membership graph
      ``P`` (weight = shared networks);
    * ``partner``, ``participation_landkreis``/``_bundesland``: distinct partners in ``P``
      and how evenly they spread over districts/states;
    * ``participation_landkreis_netzwerke``/``_bundesland_netzwerke``: participation
      coefficient over the districts/states of the actor's own networks in ``B``
      (region-wide "Lausitz" networks count as district "Lausitz" and have no state): for
      states > 0 exactly for actors in networks of both Brandenburg and Saxony – the bridges
      between the two states;
    * ``community``: seeded Louvain on ``P``; ``gemeinschaft_stabilitaet``: share of the
      actor's community co-members that stay with it when Louvain is rerun with other
      seeds (:func:`~bildungsnetz.analysis.measures.community_stability`; NaN when alone in
      its community); ``komponente``: connected component of ``B`` (1 = largest);
    * ``rang_pagerank``/``_von``/``_bis``, ``rang_betweenness``/…, ``rang_degree``/…: rank
      (1 = highest, ties share the best rank) and its 90 % interval from seeded
      case-dropping resamples (:func:`~bildungsnetz.analysis.measures.rank_intervals`);
      ``rang_degree`` equals ``rang_netzwerke``;
    * ``rang_pagerank``, ``rang_netzwerke``, ``pagerank_erwartet`` (what number and size of
      the networks predict), ``hidden_champion`` and the evidence: see
      :func:`~bildungsnetz.analysis.findings.hidden_champions`;
    * with a cooperation graph also ``pagerank_kooperation`` (weighted by intensity),
      ``kooperationen_genannt`` (out-degree), ``kooperationen_erhalten`` (in-degree),
      ``nennungen_gewichtet`` and ``nennungen_erwartet`` (namings weighted by the namers'
      centrality, and what the memberships predict; see ``hidden_champions``).

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    P : networkx.Graph, optional
        Its actor co-membership graph (computed when not given).
    cooperation : networkx.DiGraph, optional
        The named cooperations.
    membership : mapping, optional
        A Louvain partition of ``P`` to reuse.
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of the heavy measures.
    seed : int, optional
        Seed of the community detection.
    two_mode : mapping, optional
        Precomputed :func:`two_mode_measures`.
    stability : CommunityStability, optional
        Precomputed :func:`~bildungsnetz.analysis.measures.community_stability` of
        ``membership``.

    Returns
    -------
    pandas.DataFrame
        One row per actor, sorted by id, columns :data:`ACTOR_COLUMNS` with
        :data:`~bildungsnetz.analysis.findings.evidence.EVIDENCE` in place of
        ``hidden_champion_grund`` (+ :data:`COOPERATION_COLUMNS`).
    """
    P = actor_projection(B) if P is None else P
    actors = actor_nodes(B)
    if membership is None:
        membership = M.louvain_communities(P, seed=seed, backend=backend)
    two_mode = two_mode_measures(B, backend) if two_mode is None else two_mode
    if stability is None:
        stability = M.community_stability(P, membership, seed=seed, backend=backend)
    pr = M.pagerank(P, backend=backend)
    n_nets = {a: B.degree(a) for a in actors}
    values = {
        **two_mode,
        "pagerank": pr,
        "eigenvector": M.eigenvector_centrality(P, backend=backend),
        "partner": M.distinct_partners(P),
        "participation_landkreis": M.participation_coefficient(P, "landkreis"),
        "participation_bundesland": M.participation_coefficient(P, "bundesland"),
        "participation_landkreis_netzwerke": M.participation_coefficient(
            B, "landkreis", nodes=actors
        ),
        "participation_bundesland_netzwerke": M.participation_coefficient(
            B, "bundesland", nodes=actors
        ),
        "constraint": M.burt_constraint(P, backend=backend),
        "komponente": M.component_membership(B),
        "community": membership,
        "gemeinschaft_stabilitaet": stability.actors,
        "anzahl_netzwerke": n_nets,
        "anzahl_leitung": _role_counts(B, "Leitung"),
        "anzahl_gastgeber": _role_counts(B, "Gastgeber"),
    }
    ranks = M.rank_intervals(
        B,
        actors,
        P=P,
        observed={"pagerank": pr, "betweenness": two_mode["betweenness"], "degree": n_nets},
        seed=seed,
        backend=backend,
    )
    hc = F.hidden_champions(
        {a: list(B[a]) for a in actors},
        pr,
        None if cooperation is None else list(cooperation.edges()),
    )
    df = pd.DataFrame(
        [_actor_row(B, a, values, hc) for a in actors], columns=_ACTOR_ANALYSIS_COLUMNS
    )
    for column in ranks.columns:  # nullable integers: a NaN value has no rank
        df[column] = ranks[column].array
    if cooperation is not None:
        prk = M.pagerank(cooperation, weight="weight", backend=backend)
        df["pagerank_kooperation"] = [prk.get(a, math.nan) for a in actors]
        df["kooperationen_genannt"] = [cooperation.out_degree(a) for a in actors]
        df["kooperationen_erhalten"] = [cooperation.in_degree(a) for a in actors]
        df["nennungen_gewichtet"] = [hc.at[a, "nennungen_gewichtet"] for a in actors]
        df["nennungen_erwartet"] = [hc.at[a, "nennungen_erwartet"] for a in actors]
    return df


def _actor_row(B: nx.Graph, a: Hashable, values: Mapping[str, Mapping], hc: pd.DataFrame) -> dict:
    """The row of actor ``a`` in :func:`actor_measures`."""
    d = B.nodes[a]
    v = values
    return {
        "akteur_id": a,
        "akteur": d.get("name", ""),
        "kategorie": d.get("kategorie", ""),
        "ebene": d.get("ebene", ""),
        "landkreis": d.get("landkreis", ""),
        "bundesland": d.get("bundesland", ""),
        "raumtyp": d.get("raumtyp", ""),
        "befragt": d.get("befragt") or "unbekannt",
        "anzahl_netzwerke": v["anzahl_netzwerke"][a],
        "anzahl_leitung": v["anzahl_leitung"][a],
        "anzahl_gastgeber": v["anzahl_gastgeber"][a],
        "partner": v["partner"].get(a, 0),
        "degree": v["degree"][a],
        "closeness": v["closeness"][a],
        "betweenness": v["betweenness"][a],
        "pagerank": v["pagerank"].get(a, math.nan),
        "eigenvector": v["eigenvector"].get(a, 0.0),
        "participation_landkreis": v["participation_landkreis"].get(a, 0.0),
        "participation_bundesland": v["participation_bundesland"].get(a, 0.0),
        "participation_landkreis_netzwerke": v["participation_landkreis_netzwerke"][a],
        "participation_bundesland_netzwerke": v["participation_bundesland_netzwerke"][a],
        "constraint": v["constraint"].get(a, math.nan),
        "community": v["community"].get(a),
        "gemeinschaft_stabilitaet": v["gemeinschaft_stabilitaet"].get(a, math.nan),
        "komponente": v["komponente"][a],
        "rang_netzwerke": hc.at[a, "rang_netzwerke"],
        "pagerank_erwartet": hc.at[a, "pagerank_erwartet"],
        "hidden_champion": bool(hc.at[a, "hidden_champion"]),
        EVIDENCE: hc.at[a, EVIDENCE],
        "themen": d.get("themen", ""),
        "zielgruppen": d.get("zielgruppen", ""),
    }


@_conversion_cache
def network_measures(
    B: nx.Graph,
    N: nx.Graph | None = None,
    *,
    membership: Mapping[Hashable, int] | None = None,
    backend: str = "auto",
    two_mode: Mapping[str, dict] | None = None,
) -> pd.DataFrame:
    """All network measures as one table.

    * ``degree``, ``closeness``, ``betweenness``: 2-mode measures on ``B`` (Borgatti &
      Everett 1997);
    * ``pagerank``, ``eigenvector``, ``constraint``, ``partner_netzwerke``: on the weighted
      network–network graph ``N`` (weight = shared members);
    * ``blau_diversitaet``: Blau index of the members' categories;
    * ``anzahl_landkreise``/``anzahl_bundeslaender``: districts/states spanned by the
      members; ``participation_*``: participation coefficient of the network over its
      members' districts/states;
    * ``community``: the actor community most of its members belong to (ties: lower
      number), given ``membership``; ``koordination``: display name of the coordinating
      actor.

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    N : networkx.Graph, optional
        Its network–network graph (computed when not given).
    membership : mapping, optional
        Actor → community.
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of the heavy measures.
    two_mode : mapping, optional
        Precomputed :func:`two_mode_measures`.

    Returns
    -------
    pandas.DataFrame
        One row per network, sorted by id, columns :data:`NETWORK_COLUMNS`.
    """
    N = network_projection(B) if N is None else N
    nets = network_nodes(B)
    two_mode = two_mode_measures(B, backend) if two_mode is None else two_mode
    values = {
        **two_mode,
        "pagerank": M.pagerank(N, backend=backend),
        "eigenvector": M.eigenvector_centrality(N, backend=backend),
        "constraint": M.burt_constraint(N, backend=backend),
        "blau_diversitaet": M.blau_diversity(B, nets, "kategorie"),
        "participation_landkreis": M.participation_coefficient(B, "landkreis", nodes=nets),
        "participation_bundesland": M.participation_coefficient(B, "bundesland", nodes=nets),
        "komponente": M.component_membership(B),
    }
    df = pd.DataFrame(
        [_network_row(B, N, x, values, membership) for x in nets], columns=NETWORK_COLUMNS
    )
    df["community"] = df["community"].astype("Int64")
    return df


def _distinct_member_values(B: nx.Graph, members: Iterable[Hashable], key: str) -> int:
    """Number of distinct known values of ``key`` among ``members``."""
    return len({B.nodes[a].get(key) for a in members} - {"", None})


def _majority_community(
    membership: Mapping[Hashable, int] | None, members: Sequence[Hashable]
) -> int | None:
    """The community most ``members`` belong to (ties: the lower number), or None."""
    if not membership or not members:
        return None
    counts = Counter(membership[a] for a in members if a in membership)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c))


def _network_row(
    B: nx.Graph,
    N: nx.Graph,
    x: Hashable,
    values: Mapping[str, Mapping],
    membership: Mapping[Hashable, int] | None,
) -> dict:
    """The row of network ``x`` in :func:`network_measures`."""
    d = B.nodes[x]
    mem = sorted(B[x])
    v = values
    coord = d.get("koordination_id", "")
    return {
        "netzwerk_id": x,
        "netzwerk": d.get("name", ""),
        "typ": d.get("typ", ""),
        "landkreis": d.get("landkreis", ""),
        "bundesland": d.get("bundesland", ""),
        "koordination": B.nodes[coord].get("name", "") if coord in B else "",
        "anzahl_mitglieder": len(mem),
        "degree": v["degree"][x],
        "closeness": v["closeness"][x],
        "betweenness": v["betweenness"][x],
        "pagerank": v["pagerank"].get(x, math.nan),
        "eigenvector": v["eigenvector"].get(x, 0.0),
        "partner_netzwerke": N.degree(x) if x in N else 0,
        "constraint": v["constraint"].get(x, math.nan),
        "blau_diversitaet": v["blau_diversitaet"][x],
        "anzahl_kategorien": _distinct_member_values(B, mem, "kategorie"),
        "anzahl_landkreise": _distinct_member_values(B, mem, "landkreis"),
        "anzahl_bundeslaender": _distinct_member_values(B, mem, "bundesland"),
        "participation_landkreis": v["participation_landkreis"][x],
        "participation_bundesland": v["participation_bundesland"][x],
        "anteil_laendlich": (
            sum(B.nodes[a].get("raumtyp") == RURAL for a in mem) / len(mem) if mem else math.nan
        ),
        "community": _majority_community(membership, mem),
        "komponente": v["komponente"][x],
        "anzahl_themen": len(split_values(d.get("themen", ""))),
        "anzahl_zielgruppen": len(split_values(d.get("zielgruppen", ""))),
        "themen": d.get("themen", ""),
        "zielgruppen": d.get("zielgruppen", ""),
    }


# --------------------------------------------------------------------------- summary


@_conversion_cache
def summary_measures(
    B: nx.Graph,
    P: nx.Graph | None = None,
    *,
    N: nx.Graph | None = None,
    membership: Mapping[Hashable, int] | None = None,
    cooperation: nx.DiGraph | None = None,
    attributes: Iterable[str] = MIXING_ATTRIBUTES,
    backend: str = "auto",
    seed: int = DEFAULT_SEED,
    stability: M.CommunityStability | None = None,
) -> dict[str, Any]:
    """Whole-network figures for the report.

    The figures (``kennzahl``): counts, densities (2-mode: memberships / (actors ×
    networks), Borgatti & Everett 1997; 1-mode:
    :func:`~bildungsnetz.analysis.measures.density`), Freeman degree centralisation of the
    co-membership graph, components of the 2-mode graph, modularity and number of the
    Louvain communities, their stability over reruns with other seeds
    (``gemeinschaften_stabilitaet``: share of co-member pairs kept together,
    ``gemeinschaften_ari``: mean adjusted Rand index against the reference,
    ``gemeinschaften_laeufe``: number of reruns; see
    :func:`~bildungsnetz.analysis.measures.community_stability`), the E-I index of
    co-membership ties per attribute (``ei_<attr>``,
    with ``ei_<attr>_erwartet`` and ``ei_<attr>_p_wert`` of a seeded permutation test)
    and, with cooperations, their number and density. E-I indices and mixing matrices count
    the ties of the actor co-membership graph ``P`` (unweighted) by ``attributes``
    (district, state, level, category, urban/rural).

    Parameters
    ----------
    B : networkx.Graph
        The 2-mode graph.
    P, N : networkx.Graph, optional
        Its actor and network projections (computed when not given).
    membership : mapping, optional
        A Louvain partition of ``P`` to reuse.
    cooperation : networkx.DiGraph, optional
        The named cooperations.
    attributes : iterable of str, optional
        Node attributes of the E-I indices and mixing matrices.
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of the community detection.
    seed : int, optional
        Seed of the community detection and of the E-I permutation tests.
    stability : CommunityStability, optional
        Precomputed :func:`~bildungsnetz.analysis.measures.community_stability` of
        ``membership``.

    Returns
    -------
    dict
        ``"kennzahlen"``: DataFrame ``kennzahl``, ``wert``, one row per figure;
        ``"ei"``: DataFrame of :data:`EI_COLUMNS`;
        ``"ei_gruppen"``: DataFrame ``attribut``, ``gruppe``, ``extern``, ``intern``,
        ``ei_index`` (group-level E-I); ``"mischung"``: ``{attribute: mixing matrix}``
        (:func:`~bildungsnetz.analysis.measures.mixing_matrix`).
    """
    P = actor_projection(B) if P is None else P
    N = network_projection(B) if N is None else N
    if membership is None:
        membership = M.louvain_communities(P, seed=seed, backend=backend)
    figures = _structure_figures(B, P, N, membership)
    if stability is None:
        stability = M.community_stability(P, membership, seed=seed, backend=backend)
    figures += [
        ("gemeinschaften_stabilitaet", stability.pairs_kept),
        ("gemeinschaften_ari", stability.adjusted_rand),
        ("gemeinschaften_laeufe", stability.runs),
    ]
    groups = _group_figures(P, attributes, seed)
    for row in groups["ei"]:
        figures += [
            (f"ei_{row['attribut']}", row["ei_index"]),
            (f"ei_{row['attribut']}_erwartet", row["ei_erwartet"]),
            (f"ei_{row['attribut']}_p_wert", row["p_wert"]),
        ]
    if cooperation is not None:
        figures += [
            ("anzahl_kooperationen", cooperation.number_of_edges()),
            ("dichte_kooperationen", M.density(cooperation)),
        ]
    ei_groups = (
        pd.concat(groups["ei_gruppen"], ignore_index=True)
        if groups["ei_gruppen"]
        else pd.DataFrame(columns=["attribut", "gruppe", "extern", "intern", "ei_index"])
    )
    return {
        "kennzahlen": _figures_frame(figures),
        "ei": pd.DataFrame(groups["ei"], columns=EI_COLUMNS),
        "ei_gruppen": ei_groups,
        "mischung": groups["mischung"],
    }


def _structure_figures(
    B: nx.Graph, P: nx.Graph, N: nx.Graph, membership: Mapping[Hashable, int]
) -> list[Figure]:
    """Counts, densities, centralisation, components and communities of a wave."""
    actors, nets = actor_nodes(B), network_nodes(B)
    comp = M.component_membership(B)
    actor_comps = Counter(comp[a] for a in actors)
    topics = set().union(*(split_values(B.nodes[x].get("themen", "")) for x in nets))
    targets = set().union(*(split_values(B.nodes[x].get("zielgruppen", "")) for x in nets))
    comm_sizes = Counter(membership.values())
    n_edges = B.number_of_edges()
    return [
        ("anzahl_akteure", len(actors)),
        ("anzahl_netzwerke", len(nets)),
        ("anzahl_mitgliedschaften", n_edges),
        ("anzahl_themen", len(topics)),
        ("anzahl_zielgruppen", len(targets)),
        ("akteure_ohne_netzwerk", sum(1 for a in actors if B.degree(a) == 0)),
        ("netzwerke_pro_akteur", n_edges / len(actors) if actors else math.nan),
        ("mitglieder_pro_netzwerk", n_edges / len(nets) if nets else math.nan),
        ("dichte_zweimodal", M.two_mode_density(B, actors)),
        ("anzahl_partnerschaften", P.number_of_edges()),
        ("dichte_akteure", M.density(P)),
        ("zentralisierung_akteure", M.degree_centralization(P)),
        ("dichte_netzwerke", M.density(N)),
        ("komponenten", len(actor_comps)),
        (
            "anteil_groesste_komponente",
            max(actor_comps.values()) / len(actors) if actors else math.nan,
        ),
        ("modularitaet", M.modularity(P, membership)),
        ("anzahl_gemeinschaften", sum(1 for s in comm_sizes.values() if s >= 2)),
    ]


def _group_figures(P: nx.Graph, attributes: Iterable[str], seed: int) -> dict[str, Any]:
    """E-I indices (whole graph, per group, permutation test) and mixing matrices of ``P``.

    The test is :func:`~bildungsnetz.analysis.measures.ei_permutation_test`, seeded by ``seed``.
    """
    ei_rows, group_frames, mixing = [], [], {}
    for attr in attributes:
        mix = M.mixing_matrix(P, attr)
        groups = M.ei_groups_from_mixing(mix)
        ext = float(groups["extern"].sum() / 2) if len(groups) else 0.0
        intern = float(groups["intern"].sum()) if len(groups) else 0.0
        test = M.ei_permutation_test(P, attr, seed=seed)
        ei_rows.append(
            {
                "attribut": attr,
                "extern": ext,
                "intern": intern,
                "ei_index": M.ei_index_from_mixing(mix),
                "ei_erwartet": test.expected,
                "p_wert": test.p_value,
            }
        )
        g = groups.reset_index()
        g.insert(0, "attribut", attr)
        group_frames.append(g)
        mixing[attr] = mix
    return {"ei": ei_rows, "ei_gruppen": group_frames, "mischung": mixing}


def _figures_frame(figures: Sequence[Figure]) -> pd.DataFrame:
    """``kennzahl``/``wert`` frame keeping integers as integers."""
    return pd.DataFrame(
        {
            "kennzahl": [f[0] for f in figures],
            "wert": pd.Series([f[1] for f in figures], dtype=object),
        }
    )


def _mixing_long(mixing: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The mixing matrices in long form: ``attribut``, ``gruppe_a``, ``gruppe_b``, ``anzahl``."""
    rows = []
    for attr, mat in mixing.items():
        for a in mat.index:
            for b in mat.columns:
                rows.append(
                    {"attribut": attr, "gruppe_a": a, "gruppe_b": b, "anzahl": int(mat.at[a, b])}
                )
    return pd.DataFrame(rows, columns=["attribut", "gruppe_a", "gruppe_b", "anzahl"])


# --------------------------------------------------------------------------- a whole wave


def _round_value(x: object) -> object:
    if isinstance(x, (float, np.floating)):
        if math.isnan(x):
            return x
        return round(float(x), DECIMALS) + 0.0
    return x


def _significant(x: float) -> float:
    """``x`` to :data:`DECIMALS` significant digits (NaN stays NaN)."""
    return x if math.isnan(x) else float(f"{x:.{DECIMALS}g}") + 0.0


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Round float columns to :data:`DECIMALS` (and -0.0 → 0.0) for byte-stable files.

    p- and q-values (:data:`SIGNIFICANT_COLUMNS`) keep :data:`DECIMALS` significant digits
    instead, so that ``1e-14`` does not read as 0. Evidence records (objects) are left at
    full precision.
    """
    df = df.copy()
    for col in df.columns:
        if col in SIGNIFICANT_COLUMNS and pd.api.types.is_float_dtype(df[col]):
            df[col] = df[col].map(_significant).astype(float)
        elif pd.api.types.is_float_dtype(df[col]):
            df[col] = df[col].round(DECIMALS) + 0.0
        elif df[col].dtype == object:
            df[col] = pd.Series([_round_value(x) for x in df[col]], index=df.index, dtype=object)
    return df


def analyse_tables(
    tables: WaveTables,
    *,
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    backend: str = "auto",
    seed: int = DEFAULT_SEED,
    districts: Sequence[str] | None = None,
    topics: Iterable[str] | None = None,
    duplicate_max_q: float = F.DUPLICATE_MAX_Q,
) -> dict[str, Any]:
    """Analyse a wave given as tables (no file access); see :func:`analyse_wave`.

    Parameters
    ----------
    tables : WaveTables
        The processed tables of the wave.
    rural_weight : float, optional
        Factor of cooperation potential involving a rural actor.
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of the heavy measures.
    seed : int, optional
        Seed of the community detection.
    districts : sequence of str, optional
        Columns of the topics × districts table (e.g. all districts of the reference data,
        so that districts where nobody works on a topic show up).
    topics : iterable of str, optional
        Rows added to the topics × districts table.
    duplicate_max_q : float, optional
        Largest q-value of a reported duplicate structure (``max_q`` of
        :func:`~bildungsnetz.analysis.findings.duplicate_structures`; 1 reports every pair
        that meets the content rules, e.g. in hand-built waves too small for the test).

    Returns
    -------
    dict
        The analysis tables, as :func:`analyse_wave`.
    """
    graphs = build_graphs(tables)
    with M.conversion_cache():
        return _analyse_graphs(
            graphs,
            rural_weight=rural_weight,
            backend=backend,
            seed=seed,
            districts=districts,
            topics=topics,
            duplicate_max_q=duplicate_max_q,
        )


def _reference_lists(data_dir: Path | str) -> tuple[list[str] | None, list[str] | None]:
    """All districts and topics of the reference data, or (None, None) if unavailable."""
    try:
        ref = load_reference(Path(data_dir))
        districts = [d for d in ref.landkreise["landkreis"].tolist() if d]
        voc = ref.vokabular
        topics = sorted(voc.loc[voc["art"].str.casefold() == "thema", "wert"].tolist())
        return districts, topics
    except (BildungsnetzError, OSError, KeyError, AttributeError):
        return None, None


def _analyse_graphs(
    graphs: Mapping[str, Any],
    *,
    rural_weight: float,
    backend: str,
    seed: int,
    districts: Sequence[str] | None,
    topics: Iterable[str] | None,
    duplicate_max_q: float = F.DUPLICATE_MAX_Q,
) -> dict[str, Any]:
    """Every table of a wave from its graphs (see :func:`analyse_wave`)."""
    B, P, N = graphs["zweimodal"], graphs["akteure"], graphs["netzwerke"]
    D = graphs["kooperationen"]
    # the cooperation potential needs none of the measures: in a large wave it runs on a
    # second core meanwhile (forked; the same table either way)
    potential = background(
        F.cooperation_potential,
        B,
        P,
        cooperation=D,
        rural_weight=rural_weight,
        size=P.number_of_nodes(),
    )
    membership = M.louvain_communities(P, seed=seed, backend=backend)
    stability = M.community_stability(P, membership, seed=seed, backend=backend)
    two_mode = two_mode_measures(B, backend)
    akteure = actor_measures(
        B,
        P,
        cooperation=D,
        membership=membership,
        backend=backend,
        seed=seed,
        two_mode=two_mode,
        stability=stability,
    )
    netzwerke = network_measures(B, N, membership=membership, backend=backend, two_mode=two_mode)
    summary = summary_measures(
        B,
        P,
        N=N,
        membership=membership,
        cooperation=D,
        backend=backend,
        seed=seed,
        stability=stability,
    )
    potenziale = potential.result()
    # the pairs of rules 1–3 with their test; those above the level are only counted
    similar = F.duplicate_structures(B, max_q=1.0)
    doppel = similar[similar["q_wert"] <= duplicate_max_q].reset_index(drop=True)
    steps = F.recommendations(
        B, duplicates=doppel, potentials=potenziale, actors=akteure, districts=districts
    )
    pr = dict(zip(akteure["akteur_id"], akteure["pagerank"]))
    response = F.response_results(
        B, pagerank=pr, betweenness=two_mode["betweenness"], backend=backend
    )
    akteure["rang_pagerank_nur_befragte"] = (
        akteure["akteur_id"].map(response.pagerank_ranks).astype("Int64")
    )
    gesamt = pd.concat(
        [
            summary["kennzahlen"],
            _figures_frame(response.figures),
            _figures_frame(
                [
                    ("anzahl_doppelstrukturen", len(doppel)),
                    ("anzahl_doppelstrukturen_zufall", len(similar) - len(doppel)),
                    ("anzahl_hidden_champions", int(akteure["hidden_champion"].sum())),
                    (
                        "anzahl_potenziale_akteure",
                        int((potenziale["art"] == "akteur_akteur").sum()),
                    ),
                    (
                        "anzahl_potenziale_netzwerke",
                        int((potenziale["art"] == "akteur_netzwerk").sum()),
                    ),
                ]
            ),
        ],
        ignore_index=True,
    )
    out = {
        "kennzahlen_akteure": akteure,
        "kennzahlen_netzwerke": netzwerke,
        "potenziale": potenziale,
        "doppelstrukturen": doppel,
        "kennzahlen_gesamt": gesamt,
        "gemeinschaften": F.describe_communities(
            P, membership, scores=pr, stability=stability.communities
        ),
        "mischungsmatrizen": _mixing_long(summary["mischung"]),
        "ei": summary["ei"],
        "ei_gruppen": summary["ei_gruppen"],
        "themen_zielgruppen": F.topic_target_matrix(B),
        "themen_landkreise": F.topic_district_matrix(B, districts=districts, topics=topics),
        "handlungsempfehlungen": steps,
        # the same steps with their evidence kept (the report links the actors they name)
        "handlungsempfehlungen_belege": steps,
        # non-response: coverage by area, the top lists among respondents only
        "befragt_abdeckung": response.coverage,
        "nur_befragte": response.rankings,
    }
    out.update({f"mischung_{a}": m for a, m in summary["mischung"].items()})
    return {
        k: (_tidy(v) if k in OUTPUT_FILES or k in ("ei", "ei_gruppen") else v)
        for k, v in out.items()
    }


def analyse_wave(
    data_dir: Path | str,
    wave: str,
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    *,
    backend: str = "auto",
    seed: int = DEFAULT_SEED,
    districts: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Analyse one wave: read ``DATA/processed/<wave>/`` and compute its analysis tables.

    Nothing is written: the pipeline's analysis step
    (:func:`bildungsnetz.pipeline.analyse_step`) publishes the tables, with the report's
    German text columns, as :data:`OUTPUT_FILES`.

    Parameters
    ----------
    data_dir : path
        The data folder holding ``processed/`` (``--data DIR``).
    wave : str
        Wave name, e.g. ``"2025"``.
    rural_weight : float, optional
        Factor of cooperation potential involving a rural (``ländlich``) actor.
    backend : {"auto", "igraph", "networkx"}, optional
        Backend of the heavy measures.
    seed : int, optional
        Seed of the community detection.
    districts : sequence of str, optional
        Columns of the topics × districts table; by default all districts of the reference
        data (``DATA/external/landkreise.csv`` or the shipped copy), whose topic vocabulary
        also gives the rows.

    Returns
    -------
    dict
        DataFrames: the tables of :data:`OUTPUT_FILES` under their stems, with evidence
        records in place of the text columns (see the module docstring), plus ``ei``,
        ``ei_gruppen``, ``mischung_<attribut>`` (matrices), ``themen_zielgruppen``,
        ``themen_landkreise`` and ``handlungsempfehlungen_belege`` (the steps with their
        evidence, which the published ``handlungsempfehlungen`` replaces by words).

    Raises
    ------
    BildungsnetzError
        If the processed tables are missing or broken (run ``bildungsnetz clean WAVE``
        first).
    """
    tables = read_processed(data_dir, wave)
    ref_districts, ref_topics = _reference_lists(data_dir)
    return analyse_tables(
        tables,
        rural_weight=rural_weight,
        backend=backend,
        seed=seed,
        districts=districts if districts is not None else ref_districts,
        topics=ref_topics,
    )
