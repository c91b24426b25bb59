"""Analysis step: processed tables of a wave → measures and findings (CSV).

``analyse_wave(data_dir, wave)`` reads ``DATA/processed/<wave>/`` (written by the cleaning
step) and writes, next to them:

* ``kennzahlen_akteure.csv`` – one row per actor (:data:`ACTOR_COLUMNS`);
* ``kennzahlen_netzwerke.csv`` – one row per network (:data:`NETWORK_COLUMNS`);
* ``potenziale.csv`` – cooperation potential (:data:`bildungsnetz.findings.POTENTIAL_COLUMNS`);
* ``doppelstrukturen.csv`` – duplicate structures
  (:data:`bildungsnetz.findings.DUPLICATE_COLUMNS`);
* ``kennzahlen_gesamt.csv`` – one row per whole-network figure (``kennzahl``, ``wert``,
  ``erlaeuterung``);
* ``gemeinschaften.csv`` – profile of each community;
* ``mischungsmatrizen.csv`` – the mixing matrices in long form (``attribut``, ``gruppe_a``,
  ``gruppe_b``, ``anzahl``).

All files are UTF-8, ``,``-separated, ``\\n`` line ends, rows sorted, floats rounded to 6
decimals, random steps seeded: two runs on the same input give byte-identical files.
Actor names are the publishable ``anzeigename``.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from bildungsnetz.config import processed_dir
from bildungsnetz.analysis import findings as F
from bildungsnetz.analysis import measures as M
from bildungsnetz.ingest.processed import read_table, write_table
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.analysis.graphs import (
    WaveTables,
    actor_nodes,
    actor_projection,
    build_graphs,
    network_nodes,
    network_projection,
    split_values,
)

__all__ = [
    "DEFAULT_SEED",
    "MIXING_ATTRIBUTES",
    "ACTOR_COLUMNS",
    "NETWORK_COLUMNS",
    "OUTPUT_FILES",
    "read_processed",
    "two_mode_measures",
    "actor_measures",
    "network_measures",
    "summary_measures",
    "analyse_tables",
    "analyse_wave",
]

DEFAULT_SEED = 2025
DECIMALS = 6
#: Node attributes for E-I indices and mixing matrices (horizontal and vertical linkage).
MIXING_ATTRIBUTES = ("landkreis", "bundesland", "ebene", "kategorie", "raumtyp")

ACTOR_COLUMNS = [
    "akteur_id", "akteur", "kategorie", "ebene", "landkreis", "bundesland", "raumtyp",
    "anzahl_netzwerke", "anzahl_leitung", "anzahl_gastgeber", "partner", "degree", "closeness",
    "betweenness", "pagerank", "eigenvector", "participation_landkreis",
    "participation_bundesland", "participation_landkreis_netzwerke",
    "participation_bundesland_netzwerke", "constraint", "community", "komponente", "rang_pagerank",
    "rang_netzwerke", "hidden_champion", "hidden_champion_grund", "themen", "zielgruppen",
]
COOPERATION_COLUMNS = ["pagerank_kooperation", "kooperationen_genannt", "kooperationen_erhalten"]

NETWORK_COLUMNS = [
    "netzwerk_id", "netzwerk", "typ", "landkreis", "bundesland", "koordination",
    "anzahl_mitglieder", "degree", "closeness", "betweenness", "pagerank", "eigenvector",
    "partner_netzwerke", "constraint", "blau_diversitaet", "anzahl_kategorien",
    "anzahl_landkreise", "anzahl_bundeslaender", "participation_landkreis",
    "participation_bundesland", "anteil_laendlich", "community", "komponente", "anzahl_themen",
    "anzahl_zielgruppen", "themen", "zielgruppen",
]

OUTPUT_FILES = {
    "kennzahlen_akteure": "kennzahlen_akteure.csv",
    "kennzahlen_netzwerke": "kennzahlen_netzwerke.csv",
    "potenziale": "potenziale.csv",
    "doppelstrukturen": "doppelstrukturen.csv",
    "kennzahlen_gesamt": "kennzahlen_gesamt.csv",
    "gemeinschaften": "gemeinschaften.csv",
    "mischungsmatrizen": "mischungsmatrizen.csv",
}

_REQUIRED = {
    "akteure.csv": ("akteur_id",),
    "netzwerke.csv": ("netzwerk_id", "netzwerk"),
    "mitgliedschaften.csv": ("akteur_id", "netzwerk_id"),
}


# --------------------------------------------------------------------------- reading


def _check_refs(df: pd.DataFrame, col: str, known: set, path: Path, what: str):
    for k, value in enumerate(df[col]):
        if value not in known:
            raise BildungsnetzError(
                f"Die Id „{value}“ verweist auf {what}, der/das in den bereinigten Tabellen "
                f"fehlt. Bitte die Bereinigung erneut ausführen.",
                datei=path, zeile=k + 2, spalte=col)


def read_processed(data_dir, wave) -> WaveTables:
    """Read the processed tables of ``wave`` from ``DATA/processed/<wave>/``.

    Raises :class:`~bildungsnetz.errors.BildungsnetzError` (German message naming the file)
    when the folder or a required table (``akteure.csv``, ``netzwerke.csv``,
    ``mitgliedschaften.csv``) is missing or empty, a required column is missing, or a
    membership/cooperation refers to an unknown id. ``kooperationen.csv`` is optional.
    """
    folder = processed_dir(data_dir, wave)
    if not folder.is_dir():
        raise BildungsnetzError(
            f"Für die Welle „{wave}“ gibt es keine bereinigten Tabellen. Bitte zuerst "
            f"„bildungsnetz clean {wave}“ ausführen.", datei=folder)
    frames = {}
    for name, required in _REQUIRED.items():
        path = folder / name
        if not path.is_file():
            raise BildungsnetzError(
                f"Die bereinigte Tabelle {name} fehlt. Bitte zuerst „bildungsnetz clean "
                f"{wave}“ ausführen.", datei=path)
        frames[name] = read_table(path, wave, required)
    akteure = frames["akteure.csv"]
    if "anzeigename" not in akteure.columns and "akteur" not in akteure.columns:
        raise BildungsnetzError(
            f"Der bereinigten Tabelle fehlt die Spalte „anzeigename“. Bitte „bildungsnetz clean "
            f"{wave}“ erneut ausführen.", datei=folder / "akteure.csv", spalte="anzeigename")
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
    return WaveTables(akteure=akteure, netzwerke=frames["netzwerke.csv"], mitgliedschaften=ms,
                      kooperationen=koop)


# --------------------------------------------------------------------------- measures tables


def _conversion_cache(func):
    """Run ``func`` inside :func:`measures.conversion_cache` (graphs are not modified)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with M.conversion_cache():
            return func(*args, **kwargs)
    return wrapper



def _role_counts(B: nx.Graph, role: str) -> dict:
    out = Counter()
    for u, v, d in B.edges(data=True):
        if d.get("rolle") == role:
            out[u] += 1
            out[v] += 1
    return out


def two_mode_measures(B: nx.Graph, backend: str = "auto") -> dict:
    """The three Borgatti & Everett (1997) 2-mode measures for all nodes of ``B``.

    Returns ``{"degree": {...}, "closeness": {...}, "betweenness": {...}}`` (see
    :func:`measures.two_mode_degree`, :func:`measures.two_mode_closeness`,
    :func:`measures.two_mode_betweenness`); actors and networks are normalised by the size of
    the other mode.
    """
    actors = actor_nodes(B)
    return {
        "degree": M.two_mode_degree(B, actors),
        "closeness": M.two_mode_closeness(B, actors, backend=backend),
        "betweenness": M.two_mode_betweenness(B, actors, backend=backend),
    }


@_conversion_cache
def actor_measures(B: nx.Graph, P: nx.Graph | None = None, *,
                   cooperation: nx.DiGraph | None = None, membership: dict | None = None,
                   backend: str = "auto", seed: int = DEFAULT_SEED,
                   two_mode: dict | None = None) -> pd.DataFrame:
    """All actor measures as one DataFrame (columns :data:`ACTOR_COLUMNS`, sorted by id).

    ``degree``, ``closeness``, ``betweenness``: 2-mode measures on ``B`` normalised as
    Borgatti & Everett (1997). ``pagerank``, ``eigenvector``, ``constraint``, ``partner``,
    ``participation_landkreis``/``_bundesland``: on the weighted co-membership graph ``P``
    (weight = shared networks; participation and partners count distinct partners: how evenly
    an actor's partners spread over districts/states).
    ``participation_landkreis_netzwerke``/``_bundesland_netzwerke``: participation coefficient
    over the districts/states of the actor's own networks in ``B`` (region-wide "Lausitz"
    networks have no state and are ignored for states, and count as district "Lausitz"):
    for states > 0 exactly for actors in networks of both Brandenburg and Saxony – the
    bridges between the two states. ``community``: seeded Louvain on
    ``P`` (pass ``membership`` to reuse a partition). ``komponente``: connected component of
    ``B`` (1 = largest). ``hidden_champion``: rule of :func:`measures.hidden_champions`.
    ``two_mode`` may pass precomputed :func:`two_mode_measures`. With a cooperation graph also ``pagerank_kooperation`` (weighted by intensity),
    ``kooperationen_genannt`` (out-degree), ``kooperationen_erhalten`` (in-degree).
    """
    P = actor_projection(B) if P is None else P
    actors = actor_nodes(B)
    if membership is None:
        membership = M.louvain_communities(P, seed=seed, backend=backend)
    two_mode = two_mode_measures(B, backend) if two_mode is None else two_mode
    deg, clo, bet = two_mode["degree"], two_mode["closeness"], two_mode["betweenness"]
    pr = M.pagerank(P, backend=backend)
    ev = M.eigenvector_centrality(P, backend=backend)
    partners = M.distinct_partners(P)
    p_lk = M.participation_coefficient(P, "landkreis")
    p_bl = M.participation_coefficient(P, "bundesland")
    pn_lk = M.participation_coefficient(B, "landkreis", nodes=actors)
    pn_bl = M.participation_coefficient(B, "bundesland", nodes=actors)
    con = M.burt_constraint(P, backend=backend)
    comp = M.component_membership(B)
    n_nets = {a: B.degree(a) for a in actors}
    hc = M.hidden_champions(pr, n_nets, {a: B.nodes[a].get("kategorie") for a in actors})
    lead, host = _role_counts(B, "Leitung"), _role_counts(B, "Gastgeber")
    rows = []
    for a in actors:
        d = B.nodes[a]
        rows.append({
            "akteur_id": a, "akteur": d.get("name", ""), "kategorie": d.get("kategorie", ""),
            "ebene": d.get("ebene", ""), "landkreis": d.get("landkreis", ""),
            "bundesland": d.get("bundesland", ""), "raumtyp": d.get("raumtyp", ""),
            "anzahl_netzwerke": n_nets[a], "anzahl_leitung": lead[a],
            "anzahl_gastgeber": host[a], "partner": partners.get(a, 0), "degree": deg[a],
            "closeness": clo[a], "betweenness": bet[a], "pagerank": pr.get(a, math.nan),
            "eigenvector": ev.get(a, 0.0), "participation_landkreis": p_lk.get(a, 0.0),
            "participation_bundesland": p_bl.get(a, 0.0),
            "participation_landkreis_netzwerke": pn_lk[a],
            "participation_bundesland_netzwerke": pn_bl[a], "constraint": con.get(a, math.nan),
            "community": membership.get(a), "komponente": comp[a],
            "rang_pagerank": hc.at[a, "rang_pagerank"],
            "rang_netzwerke": hc.at[a, "rang_netzwerke"],
            "hidden_champion": bool(hc.at[a, "hidden_champion"]),
            "hidden_champion_grund": hc.at[a, "hidden_champion_grund"],
            "themen": d.get("themen", ""), "zielgruppen": d.get("zielgruppen", ""),
        })
    df = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    if cooperation is not None:
        prk = M.pagerank(cooperation, weight="weight", backend=backend)
        df["pagerank_kooperation"] = [prk.get(a, math.nan) for a in actors]
        df["kooperationen_genannt"] = [cooperation.out_degree(a) for a in actors]
        df["kooperationen_erhalten"] = [cooperation.in_degree(a) for a in actors]
    return df


@_conversion_cache
def network_measures(B: nx.Graph, N: nx.Graph | None = None, *, membership: dict | None = None,
                     backend: str = "auto", two_mode: dict | None = None) -> pd.DataFrame:
    """All network measures as one DataFrame (columns :data:`NETWORK_COLUMNS`, sorted by id).

    ``degree``, ``closeness``, ``betweenness``: 2-mode measures on ``B`` (B&E 1997).
    ``pagerank``, ``eigenvector``, ``constraint``, ``partner_netzwerke``: on the weighted
    network–network graph ``N`` (weight = shared members). ``blau_diversitaet``: Blau index of
    the members' categories. ``anzahl_landkreise``/``anzahl_bundeslaender``: districts/states
    spanned by the members; ``participation_*``: participation coefficient of the network over
    its members' districts/states. ``community``: the actor community most of its members
    belong to (ties: lower number), given ``membership``. ``koordination``: display name of
    the coordinating actor. ``two_mode`` may pass precomputed :func:`two_mode_measures`.
    """
    N = network_projection(B) if N is None else N
    nets = network_nodes(B)
    two_mode = two_mode_measures(B, backend) if two_mode is None else two_mode
    deg, clo, bet = two_mode["degree"], two_mode["closeness"], two_mode["betweenness"]
    pr = M.pagerank(N, backend=backend)
    ev = M.eigenvector_centrality(N, backend=backend)
    con = M.burt_constraint(N, backend=backend)
    blau = M.blau_diversity(B, nets, "kategorie")
    p_lk = M.participation_coefficient(B, "landkreis", nodes=nets)
    p_bl = M.participation_coefficient(B, "bundesland", nodes=nets)
    comp = M.component_membership(B)
    rows = []
    for x in nets:
        d = B.nodes[x]
        mem = sorted(B[x])

        def distinct(key):
            return len({B.nodes[a].get(key) for a in mem} - {"", None})

        coord = d.get("koordination_id", "")
        community = None
        if membership and mem:
            counts = Counter(membership[a] for a in mem if a in membership)
            if counts:
                community = min(counts, key=lambda c: (-counts[c], c))
        rows.append({
            "netzwerk_id": x, "netzwerk": d.get("name", ""), "typ": d.get("typ", ""),
            "landkreis": d.get("landkreis", ""), "bundesland": d.get("bundesland", ""),
            "koordination": B.nodes[coord].get("name", "") if coord in B else "",
            "anzahl_mitglieder": len(mem), "degree": deg[x], "closeness": clo[x],
            "betweenness": bet[x], "pagerank": pr.get(x, math.nan), "eigenvector": ev.get(x, 0.0),
            "partner_netzwerke": N.degree(x) if x in N else 0,
            "constraint": con.get(x, math.nan), "blau_diversitaet": blau[x],
            "anzahl_kategorien": distinct("kategorie"), "anzahl_landkreise": distinct("landkreis"),
            "anzahl_bundeslaender": distinct("bundesland"),
            "participation_landkreis": p_lk[x], "participation_bundesland": p_bl[x],
            "anteil_laendlich": (sum(B.nodes[a].get("raumtyp") == F.RURAL for a in mem) / len(mem)
                                 if mem else math.nan),
            "community": community, "komponente": comp[x],
            "anzahl_themen": len(split_values(d.get("themen", ""))),
            "anzahl_zielgruppen": len(split_values(d.get("zielgruppen", ""))),
            "themen": d.get("themen", ""), "zielgruppen": d.get("zielgruppen", ""),
        })
    df = pd.DataFrame(rows, columns=NETWORK_COLUMNS)
    df["community"] = df["community"].astype("Int64")
    return df


# --------------------------------------------------------------------------- summary


@_conversion_cache
def summary_measures(B: nx.Graph, P: nx.Graph | None = None, *, N: nx.Graph | None = None,
                     membership: dict | None = None, cooperation: nx.DiGraph | None = None,
                     attributes=MIXING_ATTRIBUTES, backend: str = "auto",
                     seed: int = DEFAULT_SEED) -> dict:
    """Whole-network figures for the report.

    Returns a dict with

    * ``"kennzahlen"``: DataFrame ``kennzahl``, ``wert``, ``erlaeuterung`` (German), one row
      per figure: counts, densities (2-mode: memberships / (actors × networks), Borgatti &
      Everett 1997; 1-mode: :func:`measures.density`), Freeman degree centralisation of the
      co-membership graph, components of the 2-mode graph, modularity and number of the
      Louvain communities, and the E-I index of co-membership ties per attribute;
    * ``"ei"``: DataFrame ``attribut``, ``extern``, ``intern``, ``ei_index``;
    * ``"ei_gruppen"``: DataFrame ``attribut``, ``gruppe``, ``extern``, ``intern``,
      ``ei_index`` (group-level E-I);
    * ``"mischung"``: ``{attribute: mixing matrix DataFrame}`` (:func:`measures.mixing_matrix`).

    E-I indices and mixing matrices count the ties of the actor co-membership graph ``P``
    (unweighted) by ``attributes`` (district, state, level, category, urban/rural).
    """
    P = actor_projection(B) if P is None else P
    N = network_projection(B) if N is None else N
    actors, nets = actor_nodes(B), network_nodes(B)
    if membership is None:
        membership = M.louvain_communities(P, seed=seed, backend=backend)
    comp = M.component_membership(B)
    actor_comps = Counter(comp[a] for a in actors)
    topics = set().union(*(split_values(B.nodes[x].get("themen", "")) for x in nets)) if nets \
        else set()
    targets = set().union(*(split_values(B.nodes[x].get("zielgruppen", "")) for x in nets)) \
        if nets else set()
    comm_sizes = Counter(membership.values())
    rows = [
        ("anzahl_akteure", len(actors), "Anzahl der Akteure"),
        ("anzahl_netzwerke", len(nets), "Anzahl der Netzwerke und Gremien"),
        ("anzahl_mitgliedschaften", B.number_of_edges(), "Anzahl der Mitgliedschaften"),
        ("anzahl_themen", len(topics), "Anzahl der Themen, zu denen Netzwerke arbeiten"),
        ("anzahl_zielgruppen", len(targets), "Anzahl der Zielgruppen der Netzwerke"),
        ("akteure_ohne_netzwerk", sum(1 for a in actors if B.degree(a) == 0),
         "Akteure ohne Mitgliedschaft in einem Netzwerk"),
        ("netzwerke_pro_akteur", B.number_of_edges() / len(actors) if actors else math.nan,
         "Mittlere Zahl der Netzwerke je Akteur"),
        ("mitglieder_pro_netzwerk", B.number_of_edges() / len(nets) if nets else math.nan,
         "Mittlere Zahl der Mitglieder je Netzwerk"),
        ("dichte_zweimodal", M.two_mode_density(B, actors),
         "Anteil der möglichen Mitgliedschaften (Akteure × Netzwerke), die bestehen"),
        ("anzahl_partnerschaften", P.number_of_edges(),
         "Akteurspaare, die mindestens ein Netzwerk teilen"),
        ("dichte_akteure", M.density(P),
         "Anteil der Akteurspaare, die mindestens ein Netzwerk teilen"),
        ("zentralisierung_akteure", M.degree_centralization(P),
         "Zentralisierung nach Freeman (0 = alle gleich vernetzt, 1 = Stern um einen Akteur)"),
        ("dichte_netzwerke", M.density(N),
         "Anteil der Netzwerkpaare mit mindestens einem gemeinsamen Mitglied"),
        ("komponenten", len(actor_comps),
         "Zusammenhangskomponenten mit Akteuren (inkl. Akteure ohne Netzwerk)"),
        ("anteil_groesste_komponente",
         max(actor_comps.values()) / len(actors) if actors else math.nan,
         "Anteil der Akteure in der größten zusammenhängenden Komponente"),
        ("modularitaet", M.modularity(P, membership),
         "Modularität der Louvain-Gemeinschaften (über 0,3 = deutliche Gruppenbildung)"),
        ("anzahl_gemeinschaften", sum(1 for s in comm_sizes.values() if s >= 2),
         "Gemeinschaften (Louvain) mit mindestens zwei Akteuren"),
    ]
    labels = {"landkreis": "Landkreisen", "bundesland": "Bundesländern",
              "ebene": "Ebenen (Bund/Land/Region/Kreis/Kommune)", "kategorie": "Akteursarten",
              "raumtyp": "städtischem und ländlichem Raum"}
    ei_rows, group_frames, mixing = [], [], {}
    for attr in attributes:
        mix = M.mixing_matrix(P, attr)
        ei = M.ei_index_from_mixing(mix)
        groups = M.ei_groups_from_mixing(mix)
        ext = float(groups["extern"].sum() / 2) if len(groups) else 0.0
        intern = float(groups["intern"].sum()) if len(groups) else 0.0
        ei_rows.append({"attribut": attr, "extern": ext, "intern": intern, "ei_index": ei})
        g = groups.reset_index()
        g.insert(0, "attribut", attr)
        group_frames.append(g)
        mixing[attr] = mix
        rows.append((f"ei_{attr}", ei,
                     f"E-I-Index der Ko-Mitgliedschaften zwischen {labels.get(attr, attr)} "
                     f"(−1 = nur innerhalb, +1 = nur zwischen den Gruppen)"))
    if cooperation is not None:
        rows.append(("anzahl_kooperationen", cooperation.number_of_edges(),
                     "Genannte direkte Kooperationen"))
        rows.append(("dichte_kooperationen", M.density(cooperation),
                     "Anteil der möglichen gerichteten Kooperationen, die genannt wurden"))
    kennzahlen = _figures_frame(rows)
    ei_groups = (pd.concat(group_frames, ignore_index=True) if group_frames else
                 pd.DataFrame(columns=["attribut", "gruppe", "extern", "intern", "ei_index"]))
    return {
        "kennzahlen": kennzahlen,
        "ei": pd.DataFrame(ei_rows, columns=["attribut", "extern", "intern", "ei_index"]),
        "ei_gruppen": ei_groups,
        "mischung": mixing,
    }


def _figures_frame(rows) -> pd.DataFrame:
    """``kennzahl``/``wert``/``erlaeuterung`` frame keeping integers as integers."""
    return pd.DataFrame({
        "kennzahl": [r[0] for r in rows],
        "wert": pd.Series([r[1] for r in rows], dtype=object),
        "erlaeuterung": [r[2] for r in rows],
    })


def _mixing_long(mixing: dict) -> pd.DataFrame:
    rows = []
    for attr, mat in mixing.items():
        for a in mat.index:
            for b in mat.columns:
                rows.append({"attribut": attr, "gruppe_a": a, "gruppe_b": b,
                             "anzahl": int(mat.at[a, b])})
    return pd.DataFrame(rows, columns=["attribut", "gruppe_a", "gruppe_b", "anzahl"])


# --------------------------------------------------------------------------- pipeline


def _round_value(x):
    if isinstance(x, (float, np.floating)):
        if math.isnan(x):
            return x
        return round(float(x), DECIMALS) + 0.0
    return x


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Round float columns to DECIMALS (and -0.0 → 0.0) for byte-stable CSV output."""
    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col]):
            df[col] = df[col].round(DECIMALS) + 0.0
        elif df[col].dtype == object:
            df[col] = pd.Series([_round_value(x) for x in df[col]], index=df.index,
                                dtype=object)
    return df


def analyse_tables(tables: WaveTables, *, rural_weight: float = 1.5, backend: str = "auto",
                   seed: int = DEFAULT_SEED, districts=None, topics=None) -> dict:
    """Analyse a wave given as tables (no file access); see :func:`analyse_wave`.

    ``districts``/``topics`` optionally fix the columns / add rows of the topics × districts
    table (e.g. all districts and topics of the reference data, so that districts where
    nobody works on a topic show up).
    """
    graphs = build_graphs(tables)
    with M.conversion_cache():
        return _analyse_graphs(graphs, rural_weight=rural_weight, backend=backend, seed=seed,
                               districts=districts, topics=topics)


def _reference_lists(data_dir) -> tuple[list | None, list | None]:
    """All districts and topics of the reference data, or (None, None) if unavailable."""
    try:
        from bildungsnetz.ingest.reference import load_reference

        ref = load_reference(Path(data_dir))
        districts = [d for d in ref.landkreise["landkreis"].tolist() if d]
        voc = ref.vokabular
        topics = sorted(voc.loc[voc["art"].str.casefold() == "thema", "wert"].tolist())
        return districts, topics
    except (ImportError, BildungsnetzError, OSError, KeyError, AttributeError):
        return None, None


def _analyse_graphs(graphs: dict, *, rural_weight, backend, seed, districts, topics) -> dict:
    B, P, N, D = graphs["zweimodal"], graphs["akteure"], graphs["netzwerke"], graphs["kooperationen"]
    membership = M.louvain_communities(P, seed=seed, backend=backend)
    two_mode = two_mode_measures(B, backend)
    akteure = actor_measures(B, P, cooperation=D, membership=membership, backend=backend,
                             seed=seed, two_mode=two_mode)
    netzwerke = network_measures(B, N, membership=membership, backend=backend,
                                 two_mode=two_mode)
    summary = summary_measures(B, P, N=N, membership=membership, cooperation=D,
                               backend=backend, seed=seed)
    potenziale = F.cooperation_potential(B, P, cooperation=D, rural_weight=rural_weight)
    doppel = F.duplicate_structures(B)
    pr = dict(zip(akteure["akteur_id"], akteure["pagerank"]))
    gemeinschaften = F.describe_communities(P, membership, scores=pr)
    gesamt = pd.concat([summary["kennzahlen"], _figures_frame([
        ("anzahl_doppelstrukturen", len(doppel), "Netzwerkpaare mit Anzeichen einer Doppelstruktur"),
        ("anzahl_hidden_champions", int(akteure["hidden_champion"].sum()),
         "Akteure mit mehr Einfluss als Sichtbarkeit (Hidden Champions)"),
        ("anzahl_potenziale_akteure", int((potenziale["art"] == "akteur_akteur").sum()),
         "Vorgeschlagene neue Kooperationen zwischen Akteuren"),
        ("anzahl_potenziale_netzwerke", int((potenziale["art"] == "akteur_netzwerk").sum()),
         "Vorgeschlagene Netzwerke für Akteure, die dort noch nicht Mitglied sind"),
    ])], ignore_index=True)
    out = {
        "kennzahlen_akteure": akteure,
        "kennzahlen_netzwerke": netzwerke,
        "potenziale": potenziale,
        "doppelstrukturen": doppel,
        "kennzahlen_gesamt": gesamt,
        "gemeinschaften": gemeinschaften,
        "mischungsmatrizen": _mixing_long(summary["mischung"]),
        "ei": summary["ei"],
        "ei_gruppen": summary["ei_gruppen"],
        "themen_zielgruppen": F.topic_target_matrix(B),
        "themen_landkreise": F.topic_district_matrix(B, districts=districts, topics=topics),
    }
    out.update({f"mischung_{a}": m for a, m in summary["mischung"].items()})
    return {k: (_tidy(v) if k in OUTPUT_FILES or k in ("ei", "ei_gruppen") else v)
            for k, v in out.items()}


def analyse_wave(data_dir, wave, rural_weight: float = 1.5, *, backend: str = "auto",
                 seed: int = DEFAULT_SEED, write: bool = True, districts=None) -> dict:
    """Analyse one wave: read ``DATA/processed/<wave>/``, compute, write the result CSVs.

    Parameters
    ----------
    data_dir : the data folder holding ``processed/`` (``--data DIR``).
    wave : wave name, e.g. ``"2025"``.
    rural_weight : factor for cooperation potential involving a rural (``ländlich``) actor.
    backend : ``"auto"``, ``"igraph"`` or ``"networkx"`` for the heavy measures.
    seed : seed of the community detection.
    write : write the CSV files (:data:`OUTPUT_FILES`) into ``processed/<wave>/``.
    districts : columns of the topics × districts table; by default all districts of the
        reference data (``DATA/external/landkreise.csv`` or the shipped copy), whose topic
        vocabulary also gives the rows.

    Returns a dict of DataFrames: the written tables under their file stems
    (``kennzahlen_akteure``, ``kennzahlen_netzwerke``, ``potenziale``, ``doppelstrukturen``,
    ``kennzahlen_gesamt``, ``gemeinschaften``, ``mischungsmatrizen``) plus ``ei``,
    ``ei_gruppen``, ``mischung_<attribut>`` (matrices), ``themen_zielgruppen`` and
    ``themen_landkreise``.

    Raises :class:`~bildungsnetz.errors.BildungsnetzError` if the processed tables are
    missing or broken (run ``bildungsnetz clean WAVE`` first).
    """
    tables = read_processed(data_dir, wave)
    ref_districts, ref_topics = _reference_lists(data_dir)
    result = analyse_tables(tables, rural_weight=rural_weight, backend=backend, seed=seed,
                            districts=districts if districts is not None else ref_districts,
                            topics=ref_topics)
    if write:
        folder = processed_dir(data_dir, wave)
        for key, filename in OUTPUT_FILES.items():
            write_table(folder, Path(filename).stem, result[key])
    return result
