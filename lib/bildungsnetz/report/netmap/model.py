"""From the tables to the map model: nodes, edges, their attributes and the facts the page shows.

:func:`build_network` reads the processed tables (publishable names only), computes sizes,
colours and both layouts, assembles the vis-network nodes and edges with
:class:`pyvis.network.Network` and collects everything the page needs into one JSON-ready
dict (:attr:`MapModel.data`). All survey text lives in that dict; the page puts it on screen
with ``textContent`` only (see :mod:`bildungsnetz.report.netmap.render`).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bildungsnetz.config import ROLE_RANK
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.report.htmlsafe import json_for_script
from bildungsnetz.report.netmap.detail import Detail, detail_level
from bildungsnetz.report.netmap.layout import GeoLayout, compute_layouts
from bildungsnetz.report.netmap.style import (
    ACTOR_SIZE,
    LABEL_SETTINGS,
    NETWORK_SIZE,
    ROLE_WIDTH,
    Colouring,
    colourings,
    label_order,
    ranks,
    scaled_sizes,
    sort_key,
)
from bildungsnetz.report.numbers import german_measure
from bildungsnetz.report.pages.links import (
    district_href,
    district_pages,
    has_profile,
    profile_href,
)
from bildungsnetz.text import cell_text, parse_float

#: Measures the size switch offers, in this order, with their German labels.
MEASURES = {
    "pagerank": "PageRank (verborgener Einfluss)",
    "degree": "Degree (Zentralität)",
    "betweenness": "Betweenness (Brückenfunktion)",
    "closeness": "Closeness (Nähe)",
    "anzahl_netzwerke": "Anzahl Netzwerke",
    "partner": "Partner (verschiedene Akteure)",
}

#: Colour modes offered by the colour switch.
COLOR_MODES = {"kategorie": "Kategorie", "landkreis": "Landkreis"}

#: Layouts offered by the layout switch.
LAYOUTS = {"netz": "Netzwerk-Layout", "geo": "Geografisch"}

#: Map modes: actors and networks (two-mode) or actors only, linked by shared networks.
MODES = ("zweimodal", "akteure")

#: Network measures shown in a network's facts, with their German labels.
NETWORK_MEASURE_LABELS = {
    "degree": "Degree",
    "betweenness": "Betweenness",
    "closeness": "Closeness",
    "pagerank": "PageRank",
    "blau_diversitaet": "Vielfalt (Blau-Index)",
    "blau_index": "Vielfalt (Blau-Index)",
    "anzahl_kategorien": "Akteurskategorien",
    "anzahl_landkreise": "Landkreise",
    "anteil_laendlich": "Anteil ländlicher Mitglieder",
}


@dataclass
class MapModel:
    """What :func:`build_network` produces: the pyvis network and the page's JSON data."""

    network: Any  # pyvis.network.Network
    data: dict
    title: str
    synthetic: bool
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# the tables, checked and normalised

_text = cell_text
_float = parse_float


def _plz(value) -> str:
    text = _text(value)
    if re.fullmatch(r"\d{1,5}(\.0)?", text):
        return text.split(".")[0].zfill(5)
    return text


def _split(value) -> list[str]:
    return [p.strip() for p in _text(value).split(";") if p.strip()]


def _require(df: pd.DataFrame, table: str, columns: list[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise BildungsnetzError(f"Für die Netzwerkkarte fehlt die Tabelle „{table}“.")
    for col in columns:
        if col not in df.columns:
            raise BildungsnetzError(
                f"Der Tabelle fehlt die Spalte „{col}“ (Netzwerkkarte).",
                datei=f"{table}.csv",
                spalte=col,
            )


def _by_id(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``frame`` with ``column`` as trimmed text, one row per id (first wins)."""
    frame = frame.copy()
    frame[column] = frame[column].map(_text)
    return frame.drop_duplicates(column)


def check_arguments(
    akteure: pd.DataFrame,
    netzwerke: pd.DataFrame,
    mitgliedschaften: pd.DataFrame,
    kennzahlen_akteure: pd.DataFrame,
    *,
    size_by: str,
    color_by: str,
    mode: str,
    layout: str,
) -> list[str]:
    """Check tables and switches (German errors); return the measures the map can offer."""
    if mode not in MODES:
        raise BildungsnetzError(f"Unbekannter Kartenmodus „{mode}“ (erlaubt: zweimodal, akteure).")
    if color_by not in COLOR_MODES:
        raise BildungsnetzError(
            f"Unbekannte Färbung „{color_by}“ (erlaubt: {', '.join(COLOR_MODES)})."
        )
    if layout not in LAYOUTS:
        raise BildungsnetzError(f"Unbekanntes Layout „{layout}“ (erlaubt: {', '.join(LAYOUTS)}).")
    _require(akteure, "akteure", ["akteur_id"])
    _require(netzwerke, "netzwerke", ["netzwerk_id", "netzwerk"])
    _require(mitgliedschaften, "mitgliedschaften", ["akteur_id", "netzwerk_id"])
    _require(kennzahlen_akteure, "kennzahlen_akteure", ["akteur_id"])
    measures = [m for m in MEASURES if m in kennzahlen_akteure.columns]
    if not measures:
        raise BildungsnetzError(
            "kennzahlen_akteure enthält keine der Kennzahlen " + ", ".join(MEASURES) + ".",
            datei="kennzahlen_akteure.csv",
        )
    if size_by not in measures:
        raise BildungsnetzError(
            f"Größe nach „{size_by}“ ist nicht möglich; vorhanden: " + ", ".join(measures) + "."
        )
    return measures


@dataclass
class MapTables:
    """The tables as the map uses them: ids as text, unique, sorted; memberships as index
    pairs (actor index, network index) with the strongest role of each pair."""

    actor_rows: list[dict]
    actor_ids: list[str]
    #: ``kennzahlen_akteure`` in the order of ``actor_ids``
    actor_measures: pd.DataFrame
    network_rows: list[dict]
    network_ids: list[str]
    network_names: list[str]
    network_districts: list[str]
    #: ``kennzahlen_netzwerke`` indexed by id, or None
    network_measures: pd.DataFrame | None
    membership: dict[tuple[int, int], str]
    pairs: list[tuple[int, int]]
    nets_of_actor: list[list[int]]
    members_of_net: list[list[int]]
    warnings: list[str]

    @property
    def actor_index(self) -> dict[str, int]:
        """Position of each actor id."""
        return {aid: k for k, aid in enumerate(self.actor_ids)}


def _memberships(
    mitgliedschaften: pd.DataFrame, actor_pos: dict[str, int], net_pos: dict[str, int]
) -> tuple[dict[tuple[int, int], str], int]:
    """Strongest role per (actor, network) pair, and how many rows name unknown ids."""
    ms = mitgliedschaften.copy()
    ms["akteur_id"] = ms["akteur_id"].map(_text)
    ms["netzwerk_id"] = ms["netzwerk_id"].map(_text)
    roles = ms["rolle"].map(_text) if "rolle" in ms.columns else pd.Series("", index=ms.index)
    membership: dict[tuple[int, int], str] = {}
    unknown = 0
    for aid, nid, role in zip(ms["akteur_id"], ms["netzwerk_id"], roles):
        if aid not in actor_pos or nid not in net_pos:
            unknown += 1
            continue
        key = (actor_pos[aid], net_pos[nid])
        if ROLE_RANK.get(role, 0) >= ROLE_RANK.get(membership.get(key, ""), 0):
            membership[key] = role or "Mitglied"
    return membership, unknown


def read_tables(
    akteure: pd.DataFrame,
    netzwerke: pd.DataFrame,
    mitgliedschaften: pd.DataFrame,
    kennzahlen_akteure: pd.DataFrame,
    kennzahlen_netzwerke: pd.DataFrame | None,
) -> MapTables:
    """Normalise the (checked) tables; inconsistencies become German warnings."""
    warnings: list[str] = []
    ak = _by_id(akteure, "akteur_id")
    ak = ak[ak["akteur_id"] != ""].sort_values("akteur_id")
    kz = _by_id(kennzahlen_akteure, "akteur_id").set_index("akteur_id")
    actor_ids = ak["akteur_id"].tolist()
    missing_in_akteure = sorted(set(kz.index) - set(actor_ids))
    if missing_in_akteure:
        warnings.append(
            f"{len(missing_in_akteure)} Akteure aus kennzahlen_akteure fehlen in "
            "akteure und werden nicht gezeigt."
        )
    nw = _by_id(netzwerke, "netzwerk_id")
    nw = nw[nw["netzwerk_id"] != ""].sort_values("netzwerk_id")
    network_ids = nw["netzwerk_id"].tolist()
    membership, unknown = _memberships(
        mitgliedschaften,
        {aid: k for k, aid in enumerate(actor_ids)},
        {nid: k for k, nid in enumerate(network_ids)},
    )
    if unknown:
        warnings.append(
            f"{unknown} Mitgliedschaften verweisen auf unbekannte Akteure oder "
            "Netzwerke und werden nicht gezeigt."
        )
    pairs = sorted(membership)
    nets_of_actor: list[list[int]] = [[] for _ in actor_ids]
    members_of_net: list[list[int]] = [[] for _ in network_ids]
    for a, n_ in pairs:
        nets_of_actor[a].append(n_)
        members_of_net[n_].append(a)
    kzn = None
    if kennzahlen_netzwerke is not None and "netzwerk_id" in kennzahlen_netzwerke.columns:
        kzn = _by_id(kennzahlen_netzwerke, "netzwerk_id").set_index("netzwerk_id")
    return MapTables(
        actor_rows=ak.to_dict("records"),
        actor_ids=actor_ids,
        actor_measures=kz.reindex(actor_ids),
        network_rows=nw.to_dict("records"),
        network_ids=network_ids,
        network_names=[
            _text(v) or f"Netzwerk {nid}" for v, nid in zip(nw["netzwerk"], network_ids)
        ],
        network_districts=[
            _text(v) for v in nw.get("landkreis", pd.Series([""] * len(network_ids)))
        ],
        network_measures=kzn,
        membership=membership,
        pairs=pairs,
        nets_of_actor=nets_of_actor,
        members_of_net=members_of_net,
        warnings=warnings,
    )


# --------------------------------------------------------------------------------------------
# facts about actors, sizes, positions


def _display_name(row: dict, kz_name: str) -> tuple[str, bool]:
    """The publishable name and whether it is a pseudonym: akteure.anzeigename, else
    kennzahlen_akteure.akteur (which is the anzeigename by contract); the canonical name only
    for actors who consented."""
    pseudo = _text(row.get("veroeffentlichen")).casefold() == "nein"
    if _text(row.get("anzeigename")):
        return _text(row.get("anzeigename")), pseudo
    if kz_name and not (pseudo and kz_name == _text(row.get("akteur"))):
        return kz_name, pseudo
    if not pseudo and _text(row.get("akteur")):
        return _text(row.get("akteur")), pseudo
    return f"Akteur {row['akteur_id']}", pseudo


@dataclass
class ActorFacts:
    """Per actor (in the order of ``MapTables.actor_ids``): name, measures, ranks, flags."""

    names: list[str]
    pseudo: list[bool]
    #: measure → value per actor (None when missing)
    values: dict[str, list[float | None]]
    ranks: dict[str, list[int | None]]
    #: the hidden-champion reason ("ja" without one), "" when not flagged
    champion: list[str]
    categories: list[str]
    districts: list[str]


def actor_facts(tables: MapTables, measures: list[str]) -> ActorFacts:
    """Names, measure values and ranks, hidden champions, category and district per actor."""
    kz_rows = tables.actor_measures
    n = len(tables.actor_ids)
    values = {m: [_float(v) for v in kz_rows[m].tolist()] for m in measures}
    kz_names = kz_rows["akteur"].map(_text).tolist() if "akteur" in kz_rows.columns else [""] * n
    if "anzahl_netzwerke" in values:
        values["anzahl_netzwerke"] = [
            v if v is not None else float(len(tables.nets_of_actor[k]))
            for k, v in enumerate(values["anzahl_netzwerke"])
        ]
    champion = [""] * n
    if "hidden_champion" in kz_rows.columns:
        reasons = (
            kz_rows["hidden_champion_grund"].map(_text).tolist()
            if "hidden_champion_grund" in kz_rows.columns
            else [""] * n
        )
        for k, flag in enumerate(kz_rows["hidden_champion"].tolist()):
            if _text(flag).casefold() in ("true", "1", "ja", "1.0"):
                champion[k] = reasons[k] or "ja"
    named = [_display_name(row, kz_name) for row, kz_name in zip(tables.actor_rows, kz_names)]
    return ActorFacts(
        names=[name for name, _ in named],
        pseudo=[p for _, p in named],
        values=values,
        ranks={m: ranks(values[m]) for m in measures},
        champion=champion,
        categories=[_text(r.get("kategorie")) for r in tables.actor_rows],
        districts=[_text(r.get("landkreis")) for r in tables.actor_rows],
    )


def network_values(tables: MapTables, measure: str) -> list[float | None]:
    """The value of ``measure`` per network: the network's own where ``kennzahlen_netzwerke``
    has it, else its number of members."""
    kzn = tables.network_measures
    if kzn is not None and measure in kzn.columns and measure != "anzahl_netzwerke":
        return [_float(v) for v in kzn[measure].reindex(tables.network_ids).tolist()]
    return [float(len(m)) for m in tables.members_of_net]


def node_sizes(
    tables: MapTables, facts: ActorFacts, measures: list[str], two_mode: bool
) -> tuple[dict[str, list[float]], dict[str, list[int]]]:
    """Node sizes and the label order per measure (node order: actors, then networks).

    Networks are sized by their own measure where ``kennzahlen_netzwerke`` has it, else by
    their number of members. The label order (:func:`~.style.label_order`) follows the value
    that sizes the node: the larger a node, the earlier it gets a label.
    """
    sizes: dict[str, list[float]] = {}
    orders: dict[str, list[int]] = {}
    for m in measures:
        s = scaled_sizes(facts.values[m], ACTOR_SIZE)
        groups = [facts.values[m]]
        if two_mode:
            s = s + scaled_sizes(network_values(tables, m), NETWORK_SIZE)
            groups.append(network_values(tables, m))
        sizes[m], orders[m] = s, label_order(groups)
    return sizes, orders


def _coordinates(rows: list[dict], key: str, n_networks: int) -> np.ndarray:
    return np.array(
        [_float(r.get(key)) if _float(r.get(key)) is not None else np.nan for r in rows]
        + [np.nan] * n_networks,
        dtype=float,
    )


@dataclass
class NodePositions:
    """Where the nodes stand: per layout (``"netz"``, ``"geo"``) the positions of the nodes
    drawn, rounded to 0.1; the geographic layout's labels and row; the coordinates."""

    xy: dict[str, np.ndarray]
    geo: GeoLayout
    lat: np.ndarray
    lon: np.ndarray


def district_seats(landkreise: pd.DataFrame | None) -> list[tuple[str, float, float, str]]:
    """The district seats ``(district, lat, lon, seat)`` from the reference table
    ``landkreise`` (columns ``landkreis``, ``kreissitz``, ``lat``, ``lon``); ``None``: the
    table shipped with the package. Rows without a name or coordinates are left out."""
    if landkreise is None:
        landkreise = load_reference(None).landkreise
    if not isinstance(landkreise, pd.DataFrame) or not {"landkreis", "lat", "lon"} <= set(
        landkreise.columns
    ):
        return []
    seats = []
    for row in landkreise.to_dict("records"):
        name, lat, lon = _text(row.get("landkreis")), _float(row.get("lat")), _float(row.get("lon"))
        if name and lat is not None and lon is not None:
            seats.append((name, lat, lon, _text(row.get("kreissitz")) or name))
    return seats


def district_page_links(landkreise: pd.DataFrame | None, districts: list[str]) -> dict[str, str]:
    """District → link to its page (``landkreise/<slug>.html``) for the districts of the
    reference table ``landkreise`` (``None``: the one shipped) that have actors
    (:func:`bildungsnetz.report.pages.links.district_pages`, the rule of the pages)."""
    if landkreise is None:
        landkreise = load_reference(None).landkreise
    if not isinstance(landkreise, pd.DataFrame) or "landkreis" not in landkreise.columns:
        return {}
    pages = district_pages(landkreise["landkreis"].tolist(), districts)
    return {d: district_href(slug) for d, slug in pages.items()}


def node_positions(
    tables: MapTables,
    facts: ActorFacts,
    importance: list[float],
    *,
    two_mode: bool,
    seed: int,
    seats: list[tuple[str, float, float, str]] | None = None,
) -> NodePositions:
    """Both layouts, computed on the two-mode graph so that actor positions agree in both
    modes; ``importance`` (the start size) orders nodes that share a spot; ``seats`` (see
    :func:`district_seats`) are marked in the geographic layout."""
    n_a, n_n = len(tables.actor_ids), len(tables.network_ids)
    n_nodes = n_a + (n_n if two_mode else 0)
    lat = _coordinates(tables.actor_rows, "lat", n_n)
    lon = _coordinates(tables.actor_rows, "lon", n_n)
    weight = np.array(
        importance[:n_a] + (importance[n_a:] if two_mode else [0.0] * n_n), dtype=float
    )
    layouts = compute_layouts(
        n_a + n_n,
        [(a, n_a + n_) for a, n_ in tables.pairs],
        seed=seed,
        lat=lat,
        lon=lon,
        is_network=np.array([False] * n_a + [True] * n_n, dtype=bool),
        members=[[] for _ in range(n_a)] + tables.members_of_net,
        districts=facts.districts + tables.network_districts,
        pseudonymous=np.array(facts.pseudo + [False] * n_n),
        importance=weight,
        seats=seats,
    )
    geo = layouts["geo"]
    if not two_mode:
        geo.missing_row["anzahl_netzwerke"] = 0
    return NodePositions(
        xy={
            "netz": np.round(layouts["netz"][:n_nodes], 1),
            "geo": np.round(geo.positions[:n_nodes], 1),
        },
        geo=geo,
        lat=lat,
        lon=lon,
    )


# --------------------------------------------------------------------------------------------
# vis-network nodes, edges, options (assembled with pyvis)


def edge_options(
    tables: MapTables, two_mode: bool, max_edges: int, warnings: list[str]
) -> tuple[list[dict], int]:
    """vis-network edges and the number of links before any cut.

    Two-mode: one edge per membership (wider for Leitung/Gastgeber). Actors only: one edge per
    pair sharing a network, width by the number of shared networks, the ``max_edges``
    strongest only (a warning says so).
    """
    from pyvis.edge import Edge

    actor_ids = tables.actor_ids
    edge_list: list[dict] = []
    if two_mode:
        for k, (a, n_) in enumerate(tables.pairs):
            opts = {"id": f"e{k}"}
            role = tables.membership[(a, n_)]
            if role in ROLE_WIDTH:
                opts["width"] = ROLE_WIDTH[role]
            edge_list.append(Edge(actor_ids[a], tables.network_ids[n_], False, **opts).options)
        return edge_list, len(tables.pairs)
    weights: Counter = Counter()
    for members in tables.members_of_net:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                weights[(a, b)] += 1
    n_edges_total = len(weights)
    chosen = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max_edges]
    if n_edges_total > max_edges:
        warnings.append(
            f"Es werden die {german_measure(max_edges)} stärksten von "
            f"{german_measure(n_edges_total)} Verbindungen gezeigt."
        )
    for k, ((a, b), w) in enumerate(sorted(chosen)):
        edge_list.append(
            Edge(
                actor_ids[a],
                actor_ids[b],
                False,
                id=f"e{k}",
                width=round(0.6 + 1.2 * math.log2(w), 2),
            ).options
        )
    return edge_list, n_edges_total


def vis_options(seed: int, heavy: bool) -> dict:
    """vis-network options: physics off (positions are computed), hover, quiet edges;
    ``heavy`` maps hide edges while dragging or zooming."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": int(seed)},
        "interaction": {
            "hover": True,
            "hoverConnectedEdges": not heavy,
            "hideEdgesOnDrag": heavy,
            "hideEdgesOnZoom": heavy,
            "navigationButtons": False,
            "multiselect": False,
            "keyboard": {"enabled": False},
            "tooltipDelay": 3600000,
        },
        "nodes": {"borderWidth": 1, "color": {"border": "#3a3a3a"}},
        "edges": {
            "smooth": False,
            "width": 0.6,
            "selectionWidth": 1.6,
            "hoverWidth": 0.4,
            "color": {
                "color": "#7d838a",
                "highlight": "#1a1a1a",
                "hover": "#333333",
                "opacity": 0.35 if not heavy else 0.22,
            },
        },
    }


def vis_network(
    node_ids: list[str],
    n_actors: int,
    start_xy: np.ndarray,
    sizes: list[float],
    colouring: Colouring,
    edge_list: list[dict],
    seed: int,
    drawn: np.ndarray | None = None,
):
    """The pyvis network with the nodes in their start state (position, size, colour, shape)
    and the edges. The nodes carry no ``label``: the page writes the names itself (canvas
    text, placed so that they never overlap; see netzwerkkarte.js), never as HTML. With
    ``drawn`` (one flag per node, :mod:`~.detail`) only those nodes and the edges between
    them."""
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(
        height="100%", width="100%", bgcolor="#ffffff", cdn_resources="in_line", heading=""
    )
    for i, nid in enumerate(node_ids):
        if drawn is not None and not drawn[i]:
            continue
        opts = {
            "x": float(start_xy[i, 0]),
            "y": float(start_xy[i, 1]),
            "size": sizes[i],
            "color": colouring.colours[i],
        }
        if i >= n_actors:
            opts["borderWidth"] = 1.5
        # add nodes directly: Network.add_node checks uniqueness with a list scan (O(n²))
        node = Node(nid, colouring.shapes[i], label=None, **opts).options
        del node["label"]
        net.nodes.append(node)
        net.node_ids.append(nid)
        net.node_map[nid] = node
    # add edges directly: Network.add_edge scans all edges per call (O(m²)); pairs are unique
    if drawn is not None:
        shown = set(net.node_ids)
        edge_list = [e for e in edge_list if e["from"] in shown and e["to"] in shown]
    net.edges.extend(edge_list)
    heavy = len(edge_list) > 4000 or len(net.node_ids) > 1500
    net.set_options(json_for_script(vis_options(seed, heavy)))  # pyvis parses a JSON string
    return net


# --------------------------------------------------------------------------------------------
# the page's facts


def actor_entries(
    tables: MapTables,
    facts: ActorFacts,
    measures: list[str],
    lat: np.ndarray,
    lon: np.ndarray,
    history: Mapping[str, Mapping[str, float]],
) -> list[dict]:
    """What the page shows about each actor (publishable name, place only without pseudonym,
    formatted measures with ranks, timeline over the waves)."""
    infos: list[dict] = []
    for i, row in enumerate(tables.actor_rows):
        aid = tables.actor_ids[i]
        nets = tables.nets_of_actor[i]
        info = {
            "id": aid,
            "t": "a",
            "name": facts.names[i],
            "kat": facts.categories[i],
            "lk": facts.districts[i],
            "bl": _text(row.get("bundesland")),
            "ebene": _text(row.get("ebene")),
            "raum": _text(row.get("raumtyp")),
            "pseudo": facts.pseudo[i],
            "netze": nets,
            "rollen": [tables.membership[(i, n_)] for n_ in nets],
            "werte": {
                m: german_measure(facts.values[m][i])
                for m in measures
                if facts.values[m][i] is not None
            },
            "raenge": {m: facts.ranks[m][i] for m in measures if facts.ranks[m][i] is not None},
        }
        if facts.champion[i]:
            info["champion"] = facts.champion[i]
        if not facts.pseudo[i]:
            info["ort"] = " ".join(p for p in (_plz(row.get("plz")), _text(row.get("ort"))) if p)
        if not facts.pseudo[i] and has_profile(aid, row.get("veroeffentlichen"), len(nets)):
            info["profil"] = profile_href(aid)  # the actor's page (report.pages)
        if not np.isfinite(lat[i]) or not np.isfinite(lon[i]):
            info["ohne_ort"] = True
        hist = history.get(aid)
        if hist:
            info["verlauf"] = [
                [_text(w), _float(c)] for w, c in sorted(hist.items(), key=lambda kv: _text(kv[0]))
            ]
        infos.append(info)
    return infos


def network_entries(tables: MapTables) -> list[dict]:
    """What the page shows about each network: type, district, topics, target groups,
    coordinator (actor index), members (actor indices) and formatted measures."""
    actor_pos = tables.actor_index
    kzn = tables.network_measures
    nets: list[dict] = []
    for k, row in enumerate(tables.network_rows):
        nid = tables.network_ids[k]
        entry = {
            "id": nid,
            "name": tables.network_names[k],
            "typ": _text(row.get("typ")),
            "lk": tables.network_districts[k],
            "themen": _split(row.get("themen")),
            "zg": _split(row.get("zielgruppen")),
            "koord": actor_pos.get(_text(row.get("koordination_id"))),
            "mitglieder": tables.members_of_net[k],
            "werte": [],
        }
        if kzn is not None and nid in kzn.index:
            for col, label in NETWORK_MEASURE_LABELS.items():
                if col in kzn.columns and _float(kzn.at[nid, col]) is not None:
                    entry["werte"].append([label, german_measure(_float(kzn.at[nid, col]))])
        nets.append(entry)
    return nets


def filter_options(facts: ActorFacts, nets: list[dict]) -> dict[str, list]:
    """The choices of the filters (topics, districts, categories, networks), sorted."""
    return {
        "thema": sorted({t for e in nets for t in e["themen"]}, key=sort_key),
        "landkreis": sorted({d for d in facts.districts if d}, key=sort_key),
        "kategorie": sorted({c for c in facts.categories if c}, key=sort_key),
        "netzwerk": sorted(([e["id"], e["name"]] for e in nets), key=lambda p: sort_key(p[1])),
    }


def page_data(
    *,
    title: str,
    mode: str,
    synthetic: bool,
    vis: dict,
    knoten: list[dict],
    nets: list[dict],
    counts: dict[str, int],
    positions: NodePositions,
    sizes: dict,
    orders: dict,
    colours: dict[str, Colouring],
    measures: list[str],
    start: dict[str, str],
    facts: ActorFacts,
    warnings: list[str],
    district_links: dict[str, str] | None = None,
    detail: Detail | None = None,
) -> dict:
    """The JSON document the page script reads (``<script id="bn-daten">``);
    ``district_links`` maps a district to its page (``landkreise/<slug>.html``, see
    :mod:`bildungsnetz.report.pages`)."""
    geo = positions.geo
    return {
        "titel": title,
        "modus": mode,
        "synthetisch": bool(synthetic),
        "vis": vis,
        "knoten": knoten,
        "netze": nets,
        "anzahl": counts,
        "layouts": {name: xy.tolist() for name, xy in positions.xy.items()},
        "groessen": sizes,
        "rang": orders,
        "beschriftung": dict(LABEL_SETTINGS),
        "farben": {
            mode_: {"knoten": c.colours, "formen": c.shapes, "legende": c.legend}
            for mode_, c in colours.items()
        },
        "masse": [[m, MEASURES[m]] for m in measures],
        "start": start,
        "filter": filter_options(facts, nets),
        "geo": {
            "landkreise": [[d, round(x, 1), round(y, 1), seat] for d, x, y, seat in geo.districts],
            "ohne": geo.missing_row,
            "pseudonyme": int(sum(facts.pseudo)),
        },
        "hinweise": warnings,
        "landkreisseiten": district_links or {},
        "detail": detail_data(detail),
    }


def detail_data(detail: Detail | None) -> dict | None:
    """The level of detail for the page: ``None`` when every node is drawn, else the drawn
    node indices, the hint and the edge widths of the roles (for the memberships of an actor
    the search adds)."""
    if detail is None or detail.complete:
        return None
    return {
        "gezeichnet": np.flatnonzero(detail.drawn).tolist(),
        "hinweis": detail.hint,
        "rollenbreite": dict(ROLE_WIDTH),
    }


def build_network(
    akteure: pd.DataFrame,
    netzwerke: pd.DataFrame,
    mitgliedschaften: pd.DataFrame,
    kennzahlen_akteure: pd.DataFrame,
    *,
    title: str,
    size_by: str = "pagerank",
    color_by: str = "kategorie",
    seed: int = 42,
    history: Mapping[str, Mapping[str, float]] | None = None,
    synthetic: bool = False,
    mode: str = "zweimodal",
    layout: str = "netz",
    kennzahlen_netzwerke: pd.DataFrame | None = None,
    max_edges: int = 60000,
    landkreise: pd.DataFrame | None = None,
) -> MapModel:
    """Assemble the pyvis network and the data the page needs (arguments: see
    :func:`bildungsnetz.report.netmap.build_map`)."""
    measures = check_arguments(
        akteure,
        netzwerke,
        mitgliedschaften,
        kennzahlen_akteure,
        size_by=size_by,
        color_by=color_by,
        mode=mode,
        layout=layout,
    )
    tables = read_tables(
        akteure, netzwerke, mitgliedschaften, kennzahlen_akteure, kennzahlen_netzwerke
    )
    warnings = tables.warnings
    two_mode = mode == "zweimodal"
    facts = actor_facts(tables, measures)
    sizes, orders = node_sizes(tables, facts, measures, two_mode)
    colours = colourings(facts.categories, facts.districts, tables.network_districts, two_mode)
    positions = node_positions(
        tables,
        facts,
        sizes[size_by],
        two_mode=two_mode,
        seed=seed,
        seats=district_seats(landkreise),
    )
    edge_list, n_edges_total = edge_options(tables, two_mode, max_edges, warnings)
    detail = detail_level(facts.values[size_by], network_values(tables, size_by), two_mode=two_mode)
    net = vis_network(
        tables.actor_ids + (tables.network_ids if two_mode else []),
        len(tables.actor_ids),
        positions.xy[layout],
        sizes[size_by],
        colours[color_by],
        edge_list,
        seed,
        drawn=None if detail.complete else detail.drawn,
    )
    nodes_vis, edges_vis, _, _, _, options_json = net.get_network_data()
    nets = network_entries(tables)
    knoten = actor_entries(tables, facts, measures, positions.lat, positions.lon, history or {})
    if two_mode:
        knoten += [
            {"id": nid, "t": "n", "n": k, "name": nets[k]["name"]}
            for k, nid in enumerate(tables.network_ids)
        ]
    data = page_data(
        title=title,
        mode=mode,
        synthetic=synthetic,
        vis={"nodes": nodes_vis, "edges": edges_vis, "options": json.loads(options_json)},
        knoten=knoten,
        nets=nets,
        counts={
            "akteure": len(tables.actor_ids),
            "netzwerke": len(tables.network_ids),
            "kanten": n_edges_total,
        },
        positions=positions,
        sizes=sizes,
        orders=orders,
        colours=colours,
        measures=measures,
        start={"layout": layout, "farbe": color_by, "groesse": size_by},
        facts=facts,
        warnings=warnings,
        district_links=district_page_links(landkreise, facts.districts),
        detail=detail,
    )
    return MapModel(
        network=net, data=data, title=title, synthetic=bool(synthetic), warnings=warnings
    )
