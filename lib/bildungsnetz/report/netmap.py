"""The interactive network map (PRODUCT.md §6): one self-contained, offline, safe HTML page.

The graph is assembled with :class:`pyvis.network.Network` (nodes, edges, vis-network options)
but rendered with our own template ``templates/netzwerkkarte.html.j2``: vis-network's JS/CSS are
inlined from the installed pyvis package (no CDN, no Bootstrap, no tom-select) and the page
makes no network request at all.

Both layouts are computed here, in Python, with a fixed seed, so the map is usable at once
(physics off) and two runs give identical positions:

* ``"netz"``: Fruchterman–Reingold (python-igraph, seeded) per connected component, components
  packed below the largest one;
* ``"geo"``: latitude/longitude projected to x/y (equirectangular around the median latitude);
  actors at the same place are spread on a small sunflower spiral; networks sit at the centroid
  of their members; actors without coordinates stand in a marked row at the bottom; actors
  shown under a pseudonym are placed at the centre of their district, not at their address.

Security: all survey text travels as JSON inside ``<script type="application/json">``
(:func:`bildungsnetz.htmlsafe.json_for_script`) and is put on the page by the script with
``textContent``/``option.text`` only; vis-network's own ``title`` tooltips are not used. The page
carries a CSP that allows exactly our two inline scripts (by hash).

Public functions: :func:`build_map` (complete page as ``str``), :func:`write_map` (to a file),
:func:`map_fragment` (an ``<iframe srcdoc>`` for the report), :func:`build_network` (the pyvis
object plus the page data), :func:`compute_layouts`.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from bildungsnetz.config import ROLE_RANK
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.text import cell_text, parse_float
from bildungsnetz.report.htmlsafe import (GRAU, OKABE_ITO, TOL_MUTED, HtmlFragment, check_inline_script,
                       csp_meta_for, json_for_script)

TEMPLATE_DIR = Path(__file__).parent / "templates"

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

#: Known districts in a fixed order (Brandenburg, then Saxony) so colours are stable across waves.
KNOWN_DISTRICTS = ["Cottbus", "Dahme-Spreewald", "Elbe-Elster", "Oberspreewald-Lausitz",
                   "Spree-Neiße", "Bautzen", "Görlitz"]
_DISTRICT_COLOURS = [OKABE_ITO[k] for k in ("blau", "orange", "blaugruen", "purpur",
                                            "zinnober", "himmelblau", "gelb")]
NETWORK_COLOUR = "#4D4D4D"      # diamonds when colouring by category / region-wide networks
_ROLE_WIDTH = {"Leitung": 2.2, "Gastgeber": 1.6}

# geometry (vis-network canvas units)
_SPACING = 42.0                 # target distance scale between neighbouring nodes
_ACTOR_SIZE = (5.0, 22.0)
_NETWORK_SIZE = (7.0, 20.0)
_LABEL_BIG, _LABEL_SMALL = 16, 8
_LABELLED_ACTORS, _LABELLED_NETWORKS = 15, 8


# --------------------------------------------------------------------------------------------
# input helpers

_text = cell_text


_float = parse_float


def _plz(value) -> str:
    text = _text(value)
    if re.fullmatch(r"\d{1,5}(\.0)?", text):
        return text.split(".")[0].zfill(5)
    return text


def _split(value) -> list[str]:
    return [p.strip() for p in _text(value).split(";") if p.strip()]


def _sort_key(text: str) -> str:
    t = text.casefold()
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss")):
        t = t.replace(a, b)
    return t


def _require(df: pd.DataFrame, table: str, columns: list[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise BildungsnetzError(f"Für die Netzwerkkarte fehlt die Tabelle „{table}“.")
    for col in columns:
        if col not in df.columns:
            raise BildungsnetzError(f"Der Tabelle fehlt die Spalte „{col}“ (Netzwerkkarte).",
                                    datei=f"{table}.csv", spalte=col)


def format_number(value: float | None) -> str:
    """German display of a measure: 4 significant digits, decimal comma, no exponent."""
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) < 1e12:
        return f"{int(value):,}".replace(",", ".")
    text = np.format_float_positional(value, precision=4, unique=False, fractional=False,
                                      trim="-")
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    whole = f"{int(whole):,}".replace(",", ".") if whole else "0"
    return sign + whole + ("," + frac if frac else "")


# --------------------------------------------------------------------------------------------
# layouts

def _fr_component(n: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """Seeded Fruchterman–Reingold layout of one connected component (igraph, C speed)."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    import igraph as ig

    graph = ig.Graph(n=n, edges=edges)
    # start spread like igraph's own random start (side ~ sqrt(n)): with the grid variant
    # a too small start square puts every node in one grid cell, which is O(n²) per step
    half = math.sqrt(n) / 2
    start = np.random.default_rng(seed).uniform(-half, half, size=(n, 2))
    ig.set_random_number_generator(random.Random(seed))
    try:
        layout = graph.layout_fruchterman_reingold(
            seed=start.tolist(), niter=500, grid="nogrid" if n <= 600 else "grid")
    finally:
        ig.set_random_number_generator(random)
    return np.asarray(layout.coords, dtype=float)


def _median_nearest(coords: np.ndarray) -> float:
    """Median distance from each point to its nearest other point (chunked, no scipy)."""
    n = len(coords)
    nearest = np.empty(n)
    for start in range(0, n, 512):
        block = coords[start:start + 512]
        d2 = ((block[:, None, :] - coords[None, :, :]) ** 2).sum(axis=2)
        d2[np.arange(len(block)), np.arange(start, start + len(block))] = np.inf
        nearest[start:start + 512] = np.sqrt(d2.min(axis=1))
    return float(np.median(nearest))


def _network_layout(n: int, edges: list[tuple[int, int]], seed: int) -> np.ndarray:
    """Positions for nodes 0..n-1: each component laid out alone, then packed in rows."""
    import igraph as ig

    graph = ig.Graph(n=n, edges=edges)
    membership = graph.connected_components().membership
    comp_edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in edges:
        if a != b:
            comp_edges[membership[a]].append((a, b))
    comp_members: dict[int, list[int]] = defaultdict(list)
    for v, c in enumerate(membership):
        comp_members[c].append(v)
    components = sorted(((c, m) for c, m in comp_members.items()),
                        key=lambda cm: (-len(cm[1]), cm[1][0]))
    positions = np.zeros((n, 2))
    boxes = []
    for number, (comp, members) in enumerate(components):
        local_index = {v: i for i, v in enumerate(members)}
        local_edges = sorted({(min(local_index[a], local_index[b]),
                               max(local_index[a], local_index[b]))
                              for a, b in comp_edges[comp]})
        coords = _fr_component(len(members), local_edges, seed + number)
        coords = coords - coords.mean(axis=0)
        if len(members) <= 2:
            scale = _SPACING
        else:
            # scale so that a typical node has its nearest neighbour ~0.8 spacings away
            scale = 0.8 * _SPACING / max(_median_nearest(coords), 1e-9)
        coords = coords * scale
        boxes.append((members, coords))

    if not boxes:   # an empty wave: nothing to place
        return positions
    # pack: the largest component centred at the origin, the others in rows underneath
    main_members, main_coords = boxes[0]
    positions[main_members] = main_coords
    lo = main_coords.min(axis=0)
    hi = main_coords.max(axis=0)
    row_width = max(hi[0] - lo[0], 20 * _SPACING)
    cursor_x, cursor_y = lo[0], hi[1] + 2 * _SPACING
    row_height = 0.0
    for members, coords in boxes[1:]:
        c_lo = coords.min(axis=0)
        c_hi = coords.max(axis=0)
        width = c_hi[0] - c_lo[0] + _SPACING
        height = c_hi[1] - c_lo[1] + _SPACING
        if cursor_x + width > lo[0] + row_width and cursor_x > lo[0]:
            cursor_x = lo[0]
            cursor_y += row_height
            row_height = 0.0
        positions[members] = coords - c_lo + np.array([cursor_x, cursor_y])
        cursor_x += width
        row_height = max(row_height, height)
    return positions


def _sunflower(count: int, step: float) -> np.ndarray:
    golden = math.pi * (3 - math.sqrt(5))
    i = np.arange(count)
    radius = step * np.sqrt(i)
    return np.column_stack([radius * np.cos(i * golden), radius * np.sin(i * golden)])


@dataclass
class _GeoResult:
    positions: np.ndarray
    districts: list[tuple[str, float, float]]
    missing_row: dict[str, Any]
    font: float


def _geo_layout(lat: np.ndarray, lon: np.ndarray, is_network: np.ndarray,
                members: list[list[int]], districts: list[str], pseudonymous: np.ndarray,
                importance: np.ndarray) -> _GeoResult:
    """Geographic positions (see module doc). ``members[i]`` lists actor indices of network i."""
    n = len(lat)
    width = max(_SPACING * math.sqrt(n) * 1.3, 900.0)
    has = ~is_network & np.isfinite(lat) & np.isfinite(lon)
    pos = np.full((n, 2), np.nan)
    if has.any():
        lat0 = float(np.median(lat[has]))
        kx = math.cos(math.radians(lat0))
        x = lon * kx
        y = -lat
        x_min, x_max = np.nanmin(x[has]), np.nanmax(x[has])
        y_min, y_max = np.nanmin(y[has]), np.nanmax(y[has])
        span = max(x_max - x_min, y_max - y_min, 1e-6)
        scale = width / span
        pos[has, 0] = (x[has] - (x_min + x_max) / 2) * scale
        pos[has, 1] = (y[has] - (y_min + y_max) / 2) * scale

    # district anchors (median of located actors); pseudonymous actors go there
    by_district: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        if has[i] and districts[i]:
            by_district[districts[i]].append(i)
    anchors = {d: tuple(np.median(pos[idx], axis=0)) for d, idx in by_district.items()}
    for i in range(n):
        if not is_network[i] and pseudonymous[i]:
            anchor = anchors.get(districts[i])
            pos[i] = anchor if anchor is not None else (np.nan, np.nan)
    located = ~is_network & np.isfinite(pos[:, 0])

    # networks: centroid of located members
    for i in np.flatnonzero(is_network):
        idx = [m for m in members[i] if located[m]]
        if idx:
            pos[i] = pos[idx].mean(axis=0)

    # spread nodes that share a spot (same municipality) on a sunflower spiral
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    cell = _SPACING * 0.5
    for i in np.flatnonzero(np.isfinite(pos[:, 0])):
        groups[(int(round(pos[i, 0] / cell)), int(round(pos[i, 1] / cell)))].append(int(i))
    for idx in groups.values():
        if len(idx) < 2:
            continue
        idx.sort(key=lambda i: (bool(is_network[i]), -importance[i], i))
        centre = pos[idx].mean(axis=0)
        pos[idx] = centre + _sunflower(len(idx), _SPACING * 0.42)

    # row(s) for nodes without position
    missing = np.flatnonzero(~np.isfinite(pos[:, 0]))
    finite = np.isfinite(pos[:, 0])
    if finite.any():
        lo = pos[finite].min(axis=0)
        hi = pos[finite].max(axis=0)
    else:
        lo, hi = np.array([-width / 2, 0.0]), np.array([width / 2, 0.0])
    row_top = hi[1] + 3 * _SPACING
    step = _SPACING * 0.8
    per_row = max(int((hi[0] - lo[0]) // step) + 1, 10)
    order = sorted(missing.tolist(), key=lambda i: (bool(is_network[i]), -importance[i], i))
    for k, i in enumerate(order):
        pos[i] = (lo[0] + (k % per_row) * step, row_top + (k // per_row) * step)
    missing_actors = int(sum(1 for i in order if not is_network[i]))
    missing_row = {"anzahl": missing_actors, "anzahl_netzwerke": len(order) - missing_actors,
                   "x": float(lo[0]), "y": float(row_top - 1.2 * _SPACING),
                   "breite": float(hi[0] - lo[0])}
    # district names above their cluster (not on top of the dots)
    font = max(width / 30.0, 22.0)
    labels = []
    for d, idx in sorted(by_district.items()):
        xs, ys = pos[idx, 0], pos[idx, 1]
        labels.append((d, float(np.median(xs)), float(np.quantile(ys, 0.05)) - 0.9 * font))
    return _GeoResult(pos, labels, missing_row, font=font)


def compute_layouts(n: int, edges: list[tuple[int, int]], *, seed: int = 42, **geo) -> dict:
    """Return ``{"netz": array(n,2), "geo": _GeoResult}`` (geo only if geo kwargs given)."""
    result = {"netz": _network_layout(n, edges, seed)}
    if geo:
        result["geo"] = _geo_layout(**geo)
    return result


# --------------------------------------------------------------------------------------------
# colours and sizes

#: Actor shapes combined with colours once the colours run out (colour-blind safe: a category
#: is told apart by colour AND shape, never by a 10th or 15th hue). Networks are diamonds.
ACTOR_SHAPES = ["dot", "square", "triangle", "triangleDown", "star"]


def _palette_for(values: list[str], fixed_order: list[str] | None, colours: list[str],
                 ) -> tuple[dict[str, tuple[str, str]], list[list]]:
    """Map values to (colour, shape): fixed order first, then by frequency.

    The first ``len(colours)`` values are coloured dots, the next ones the same colours as
    squares, then triangles … Missing values are grey dots ("ohne Angabe").
    Legend entries: ``[label, colour, count, shape]``.
    """
    counts = Counter(v for v in values if v)
    order: list[str] = []
    if fixed_order:
        order += [v for v in fixed_order if v in counts]
    order += sorted((v for v in counts if v not in order), key=lambda v: (-counts[v],
                                                                          _sort_key(v)))
    mapping: dict[str, tuple[str, str]] = {}
    legend: list[list] = []
    for k, value in enumerate(order):
        colour = colours[k % len(colours)]
        shape = ACTOR_SHAPES[min(k // len(colours), len(ACTOR_SHAPES) - 1)]
        mapping[value] = (colour, shape)
        legend.append([value, colour, counts[value], shape])
    missing = sum(1 for v in values if not v)
    if missing:
        legend.append(["ohne Angabe", GRAU, missing, "dot"])
    return mapping, legend


def _scaled_sizes(values: list[float | None], lo_hi: tuple[float, float]) -> list[float]:
    finite = [v for v in values if v is not None]
    smin, smax = lo_hi
    if not finite:
        return [round((smin + smax) / 3, 1)] * len(values)
    lo, hi = min(finite), max(finite)
    out = []
    for v in values:
        if v is None:
            out.append(round(smin * 0.8, 1))
        elif hi > lo:
            out.append(round(smin + (smax - smin) * math.sqrt((v - lo) / (hi - lo)), 1))
        else:
            out.append(round((smin + smax) / 2, 1))
    return out


def _ranks(values: list[float | None]) -> list[int | None]:
    """Competition ranks, highest value = 1 (ties share the best rank)."""
    finite = sorted((v for v in values if v is not None), reverse=True)
    first: dict[float, int] = {}
    for r, v in enumerate(finite, start=1):
        first.setdefault(v, r)
    return [first[v] if v is not None else None for v in values]


# --------------------------------------------------------------------------------------------
# the model

@dataclass
class MapModel:
    """What :func:`build_network` produces: the pyvis network and the page's JSON data."""
    network: Any                      # pyvis.network.Network
    data: dict
    title: str
    synthetic: bool
    warnings: list[str] = field(default_factory=list)


def build_network(akteure: pd.DataFrame, netzwerke: pd.DataFrame,
                  mitgliedschaften: pd.DataFrame, kennzahlen_akteure: pd.DataFrame, *,
                  title: str, size_by: str = "pagerank", color_by: str = "kategorie",
                  seed: int = 42, history: Mapping[str, Mapping[str, float]] | None = None,
                  synthetic: bool = False, mode: str = "zweimodal", layout: str = "netz",
                  kennzahlen_netzwerke: pd.DataFrame | None = None,
                  max_edges: int = 60000) -> MapModel:
    """Assemble the pyvis network and the data the page needs (see :func:`build_map`)."""
    from pyvis.network import Network
    from pyvis.edge import Edge
    from pyvis.node import Node

    if mode not in ("zweimodal", "akteure"):
        raise BildungsnetzError(f"Unbekannter Kartenmodus „{mode}“ (erlaubt: zweimodal, akteure).")
    if color_by not in COLOR_MODES:
        raise BildungsnetzError(f"Unbekannte Färbung „{color_by}“ (erlaubt: "
                                f"{', '.join(COLOR_MODES)}).")
    if layout not in LAYOUTS:
        raise BildungsnetzError(f"Unbekanntes Layout „{layout}“ (erlaubt: {', '.join(LAYOUTS)}).")
    _require(akteure, "akteure", ["akteur_id"])
    _require(netzwerke, "netzwerke", ["netzwerk_id", "netzwerk"])
    _require(mitgliedschaften, "mitgliedschaften", ["akteur_id", "netzwerk_id"])
    _require(kennzahlen_akteure, "kennzahlen_akteure", ["akteur_id"])
    measures = [m for m in MEASURES if m in kennzahlen_akteure.columns]
    if not measures:
        raise BildungsnetzError("kennzahlen_akteure enthält keine der Kennzahlen "
                                + ", ".join(MEASURES) + ".", datei="kennzahlen_akteure.csv")
    if size_by not in measures:
        raise BildungsnetzError(f"Größe nach „{size_by}“ ist nicht möglich; vorhanden: "
                                + ", ".join(measures) + ".")
    warnings: list[str] = []

    # ---- actors (sorted by id, publishable names only)
    ak = akteure.copy()
    ak["akteur_id"] = ak["akteur_id"].map(_text)
    ak = ak[ak["akteur_id"] != ""].drop_duplicates("akteur_id").sort_values("akteur_id")
    kz = kennzahlen_akteure.copy()
    kz["akteur_id"] = kz["akteur_id"].map(_text)
    kz = kz.drop_duplicates("akteur_id").set_index("akteur_id")
    actor_ids = ak["akteur_id"].tolist()
    missing_in_akteure = sorted(set(kz.index) - set(actor_ids))
    if missing_in_akteure:
        warnings.append(f"{len(missing_in_akteure)} Akteure aus kennzahlen_akteure fehlen in "
                        "akteure und werden nicht gezeigt.")

    def display_name(row, kz_name: str) -> tuple[str, bool]:
        """The publishable name: akteure.anzeigename, else kennzahlen_akteure.akteur (which is
        the anzeigename by contract); the canonical name only for actors who consented."""
        aid = row["akteur_id"]
        pseudo = _text(row.get("veroeffentlichen")).casefold() == "nein"
        if _text(row.get("anzeigename")):
            return _text(row.get("anzeigename")), pseudo
        if kz_name and not (pseudo and kz_name == _text(row.get("akteur"))):
            return kz_name, pseudo
        if not pseudo and _text(row.get("akteur")):
            return _text(row.get("akteur")), pseudo
        return f"Akteur {aid}", pseudo

    # ---- networks
    nw = netzwerke.copy()
    nw["netzwerk_id"] = nw["netzwerk_id"].map(_text)
    nw = nw[nw["netzwerk_id"] != ""].drop_duplicates("netzwerk_id").sort_values("netzwerk_id")
    network_ids = nw["netzwerk_id"].tolist()
    net_names = [_text(v) or f"Netzwerk {nid}" for v, nid in zip(nw["netzwerk"], network_ids)]
    net_pos = {nid: k for k, nid in enumerate(network_ids)}
    actor_pos = {aid: k for k, aid in enumerate(actor_ids)}

    # ---- memberships
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
    if unknown:
        warnings.append(f"{unknown} Mitgliedschaften verweisen auf unbekannte Akteure oder "
                        "Netzwerke und werden nicht gezeigt.")
    pairs = sorted(membership)
    nets_of_actor: list[list[int]] = [[] for _ in actor_ids]
    members_of_net: list[list[int]] = [[] for _ in network_ids]
    for a, n_ in pairs:
        nets_of_actor[a].append(n_)
        members_of_net[n_].append(a)

    n_a, n_n = len(actor_ids), len(network_ids)
    two_mode = mode == "zweimodal"
    n_nodes = n_a + (n_n if two_mode else 0)

    # ---- actor facts and measures
    kz_rows = kz.reindex(actor_ids)
    values = {m: [_float(v) for v in kz_rows[m].tolist()] for m in measures}
    kz_names = (kz_rows["akteur"].map(_text).tolist() if "akteur" in kz_rows.columns
                else [""] * len(actor_ids))
    if "anzahl_netzwerke" in values:
        values["anzahl_netzwerke"] = [v if v is not None else float(len(nets_of_actor[k]))
                                      for k, v in enumerate(values["anzahl_netzwerke"])]
    ranks = {m: _ranks(values[m]) for m in measures}
    champion = [""] * len(actor_ids)
    if "hidden_champion" in kz_rows.columns:
        reasons = (kz_rows["hidden_champion_grund"].map(_text).tolist()
                   if "hidden_champion_grund" in kz_rows.columns else [""] * len(actor_ids))
        for k, flag in enumerate(kz_rows["hidden_champion"].tolist()):
            if _text(flag).casefold() in ("true", "1", "ja", "1.0"):
                champion[k] = reasons[k] or "ja"
    rows = ak.to_dict("records")
    names, pseudo = [], []
    for row, kz_name in zip(rows, kz_names):
        name, is_pseudo = display_name(row, kz_name)
        names.append(name)
        pseudo.append(is_pseudo)

    # network measures (optional) for sizes and facts
    kzn = None
    if kennzahlen_netzwerke is not None and "netzwerk_id" in kennzahlen_netzwerke.columns:
        kzn = kennzahlen_netzwerke.copy()
        kzn["netzwerk_id"] = kzn["netzwerk_id"].map(_text)
        kzn = kzn.drop_duplicates("netzwerk_id").set_index("netzwerk_id")
    member_counts = [float(len(m)) for m in members_of_net]

    def network_values(measure: str) -> list[float | None]:
        if kzn is not None and measure in kzn.columns and measure != "anzahl_netzwerke":
            return [_float(v) for v in kzn[measure].reindex(network_ids).tolist()]
        return list(member_counts)

    # ---- sizes and label font sizes per measure (node order: actors, then networks)
    sizes: dict[str, list[float]] = {}
    fonts: dict[str, list[int]] = {}
    member_rank = _ranks(member_counts)
    for m in measures:
        a_sizes = _scaled_sizes(values[m], _ACTOR_SIZE)
        a_font = [(_LABEL_BIG if (r is not None and r <= _LABELLED_ACTORS) else _LABEL_SMALL)
                  for r in ranks[m]]
        s, f = a_sizes, a_font
        if two_mode:
            s = s + _scaled_sizes(network_values(m), _NETWORK_SIZE)
            f = f + [(_LABEL_BIG if (r is not None and r <= _LABELLED_NETWORKS) else _LABEL_SMALL)
                     for r in member_rank]
        sizes[m], fonts[m] = s, f

    # ---- colours
    categories = [_text(r.get("kategorie")) for r in rows]
    actor_districts = [_text(r.get("landkreis")) for r in rows]
    net_districts = [_text(v) for v in nw.get("landkreis", pd.Series([""] * n_n))]
    cat_map, cat_legend = _palette_for(categories, None, TOL_MUTED)
    dist_map, dist_legend = _palette_for(actor_districts, KNOWN_DISTRICTS, _DISTRICT_COLOURS)
    colour_cat = [cat_map.get(c, (GRAU, "dot"))[0] for c in categories]
    shape_cat = [cat_map.get(c, (GRAU, "dot"))[1] for c in categories]
    colour_dist = [dist_map.get(d, (GRAU, "dot"))[0] for d in actor_districts]
    shape_dist = [dist_map.get(d, (GRAU, "dot"))[1] for d in actor_districts]
    if two_mode:
        colour_cat += [NETWORK_COLOUR] * n_n
        colour_dist += [dist_map.get(d, (NETWORK_COLOUR, ""))[0] for d in net_districts]
        shape_cat += ["diamond"] * n_n
        shape_dist += ["diamond"] * n_n

    # ---- layouts (computed on the two-mode graph, so actor positions agree in both modes)
    lat = np.array([_float(r.get("lat")) if _float(r.get("lat")) is not None else np.nan
                    for r in rows] + [np.nan] * n_n, dtype=float)
    lon = np.array([_float(r.get("lon")) if _float(r.get("lon")) is not None else np.nan
                    for r in rows] + [np.nan] * n_n, dtype=float)
    is_net = np.array([False] * n_a + [True] * n_n, dtype=bool)
    importance = np.array(sizes[size_by][:n_a] + (sizes[size_by][n_a:] if two_mode
                                                  else [0.0] * n_n), dtype=float)
    layouts = compute_layouts(
        n_a + n_n, [(a, n_a + n_) for a, n_ in pairs], seed=seed,
        lat=lat, lon=lon, is_network=is_net,
        members=[[] for _ in range(n_a)] + members_of_net,
        districts=actor_districts + net_districts,
        pseudonymous=np.array(pseudo + [False] * n_n), importance=importance)
    geo = layouts["geo"]
    if not two_mode:
        geo.missing_row["anzahl_netzwerke"] = 0
    net_xy = np.round(layouts["netz"][:n_nodes], 1)
    geo_xy = np.round(geo.positions[:n_nodes], 1)

    # ---- edges
    edge_list: list[dict] = []
    if two_mode:
        for k, (a, n_) in enumerate(pairs):
            opts = {"id": f"e{k}"}
            role = membership[(a, n_)]
            if role in _ROLE_WIDTH:
                opts["width"] = _ROLE_WIDTH[role]
            edge_list.append(Edge(actor_ids[a], network_ids[n_], False, **opts).options)
        n_edges_total = len(pairs)
    else:
        weights: Counter = Counter()
        for members in members_of_net:
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    weights[(a, b)] += 1
        n_edges_total = len(weights)
        chosen = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:max_edges]
        if n_edges_total > max_edges:
            warnings.append(f"Es werden die {max_edges:,} stärksten von {n_edges_total:,} "
                            "Verbindungen gezeigt.".replace(",", "."))
        for k, ((a, b), w) in enumerate(sorted(chosen)):
            edge_list.append(Edge(actor_ids[a], actor_ids[b], False, id=f"e{k}",
                                  width=round(0.6 + 1.2 * math.log2(w), 2)).options)

    # ---- the pyvis network
    net = Network(height="100%", width="100%", bgcolor="#ffffff", cdn_resources="in_line",
                  heading="")
    start_xy = geo_xy if layout == "geo" else net_xy
    colours = colour_cat if color_by == "kategorie" else colour_dist
    shapes = shape_cat if color_by == "kategorie" else shape_dist
    node_ids = actor_ids + (network_ids if two_mode else [])
    for i, nid in enumerate(node_ids):
        is_network = i >= n_a
        opts = {
            "x": float(start_xy[i, 0]), "y": float(start_xy[i, 1]),
            "size": sizes[size_by][i],
            "color": colours[i],
            "font": {"size": fonts[size_by][i]},
        }
        if is_network:
            opts["borderWidth"] = 1.5
        # add nodes directly: Network.add_node checks uniqueness with a list scan (O(n²))
        label = net_names[i - n_a] if is_network else names[i]
        # vis-network draws labels as canvas text (font.multi is off), never as HTML
        node = Node(nid, shapes[i], label=label, **opts).options
        net.nodes.append(node)
        net.node_ids.append(nid)
        net.node_map[nid] = node
    # add edges directly: Network.add_edge scans all edges per call (O(m²)); pairs are unique
    net.edges.extend(edge_list)
    heavy = len(edge_list) > 4000 or n_nodes > 1500
    options = {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": int(seed)},
        "interaction": {"hover": True, "hoverConnectedEdges": not heavy,
                        "hideEdgesOnDrag": heavy, "hideEdgesOnZoom": heavy,
                        "navigationButtons": False, "multiselect": False,
                        "keyboard": {"enabled": False}, "tooltipDelay": 3600000},
        "nodes": {
            "borderWidth": 1,
            "color": {"border": "#3a3a3a"},
            "font": {"face": "sans-serif", "color": "#1a1a1a", "strokeWidth": 3,
                     "strokeColor": "#ffffff"},
            "scaling": {"label": {"drawThreshold": 12, "maxVisible": 18}},
        },
        "edges": {
            "smooth": False,
            "width": 0.6,
            "selectionWidth": 1.6,
            "hoverWidth": 0.4,
            "color": {"color": "#7d838a", "highlight": "#1a1a1a", "hover": "#333333",
                      "opacity": 0.35 if not heavy else 0.22},
        },
    }
    net.set_options(json_for_script(options))  # pyvis parses a JSON string (no spaces inside)

    # ---- page data (all survey text lives here and only reaches the DOM via textContent)
    nodes_vis, edges_vis, _, _, _, options_json = net.get_network_data()
    options_vis = json.loads(options_json)
    infos: list[dict] = []
    history = history or {}
    for i, row in enumerate(rows):
        aid = actor_ids[i]
        info = {
            "id": aid, "t": "a", "name": names[i],
            "kat": categories[i], "lk": actor_districts[i],
            "bl": _text(row.get("bundesland")), "ebene": _text(row.get("ebene")),
            "raum": _text(row.get("raumtyp")),
            "pseudo": pseudo[i],
            "netze": nets_of_actor[i],
            "rollen": [membership[(i, n_)] for n_ in nets_of_actor[i]],
            "werte": {m: format_number(values[m][i]) for m in measures
                      if values[m][i] is not None},
            "raenge": {m: ranks[m][i] for m in measures if ranks[m][i] is not None},
        }
        if champion[i]:
            info["champion"] = champion[i]
        if not pseudo[i]:
            info["ort"] = " ".join(p for p in (_plz(row.get("plz")), _text(row.get("ort"))) if p)
        if not np.isfinite(lat[i]) or not np.isfinite(lon[i]):
            info["ohne_ort"] = True
        hist = history.get(aid)
        if hist:
            info["verlauf"] = [[_text(w), _float(c)] for w, c in
                               sorted(hist.items(), key=lambda kv: _text(kv[0]))]
        infos.append(info)
    coordinator = {}
    if "koordination_id" in nw.columns:
        coordinator = {nid: _text(c) for nid, c in zip(nw["netzwerk_id"], nw["koordination_id"])}
    nets: list[dict] = []
    net_measure_labels = {"degree": "Degree", "betweenness": "Betweenness",
                          "closeness": "Closeness", "pagerank": "PageRank",
                          "blau_diversitaet": "Vielfalt (Blau-Index)",
                          "blau_index": "Vielfalt (Blau-Index)",
                          "anzahl_kategorien": "Akteurskategorien",
                          "anzahl_landkreise": "Landkreise",
                          "anteil_laendlich": "Anteil ländlicher Mitglieder"}
    for k, row in enumerate(nw.to_dict("records")):
        nid = network_ids[k]
        coord = coordinator.get(nid, "")
        entry = {
            "id": nid, "name": net_names[k],
            "typ": _text(row.get("typ")), "lk": net_districts[k],
            "themen": _split(row.get("themen")), "zg": _split(row.get("zielgruppen")),
            "koord": actor_pos.get(coord), "mitglieder": members_of_net[k],
            "werte": [],
        }
        if kzn is not None and nid in kzn.index:
            for col, label in net_measure_labels.items():
                if col in kzn.columns and _float(kzn.at[nid, col]) is not None:
                    entry["werte"].append([label, format_number(_float(kzn.at[nid, col]))])
        nets.append(entry)
    knoten = infos + ([{"id": network_ids[k], "t": "n", "n": k, "name": nets[k]["name"]}
                       for k in range(n_n)] if two_mode else [])

    topics = sorted({t for e in nets for t in e["themen"]}, key=_sort_key)
    data = {
        "titel": title,
        "modus": mode,
        "synthetisch": bool(synthetic),
        "vis": {"nodes": nodes_vis, "edges": edges_vis, "options": options_vis},
        "knoten": knoten,
        "netze": nets,
        "anzahl": {"akteure": n_a, "netzwerke": n_n, "kanten": n_edges_total},
        "layouts": {"netz": net_xy.tolist(), "geo": geo_xy.tolist()},
        "groessen": sizes,
        "schrift": fonts,
        "label": {"gross": _LABEL_BIG, "klein": _LABEL_SMALL},
        "farben": {
            "kategorie": {"knoten": colour_cat, "formen": shape_cat, "legende": cat_legend},
            "landkreis": {"knoten": colour_dist, "formen": shape_dist, "legende": dist_legend},
        },
        "masse": [[m, MEASURES[m]] for m in measures],
        "start": {"layout": layout, "farbe": color_by, "groesse": size_by},
        "filter": {
            "thema": topics,
            "landkreis": sorted({d for d in actor_districts if d}, key=_sort_key),
            "kategorie": sorted({c for c in categories if c}, key=_sort_key),
            "netzwerk": sorted(([e["id"], e["name"]] for e in nets),
                               key=lambda p: _sort_key(p[1])),
        },
        "geo": {"landkreise": [list(t) for t in geo.districts], "ohne": geo.missing_row,
                "schrift": round(geo.font, 1),
                "pseudonyme": int(sum(pseudo))},
        "hinweise": warnings,
    }
    return MapModel(network=net, data=data, title=title, synthetic=bool(synthetic),
                    warnings=warnings)


# --------------------------------------------------------------------------------------------
# rendering

def _template_env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)),
                       autoescape=select_autoescape(["html", "j2"], default=True),
                       keep_trailing_newline=True)


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def render_page(model: MapModel) -> str:
    """Render a :class:`MapModel` with our template into a complete HTML page."""
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    vis_js = check_inline_script(vis_js, "vis-network.min.js")
    app_js = check_inline_script((TEMPLATE_DIR / "netzwerkkarte.js").read_text(encoding="utf-8"),
                                 "netzwerkkarte.js")
    app_css = (TEMPLATE_DIR / "netzwerkkarte.css").read_text(encoding="utf-8")
    for name, css in (("vis-network.css", vis_css), ("netzwerkkarte.css", app_css)):
        if "</style" in css.lower():
            raise ValueError(f"{name} kann nicht eingebettet werden")
    template = _template_env().get_template("netzwerkkarte.html.j2")
    return template.render(
        title=model.title,
        synthetic=model.synthetic,
        two_mode=model.data["modus"] == "zweimodal",
        csp_meta=Markup(csp_meta_for([vis_js, app_js])),
        vis_css=Markup(vis_css),
        app_css=Markup(app_css),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
        data_json=Markup(json_for_script(model.data)),
        n_akteure=model.data["anzahl"]["akteure"],
        n_netzwerke=model.data["anzahl"]["netzwerke"],
    )


def build_map(akteure: pd.DataFrame, netzwerke: pd.DataFrame, mitgliedschaften: pd.DataFrame,
              kennzahlen_akteure: pd.DataFrame, *, title: str, size_by: str = "pagerank",
              color_by: str = "kategorie", seed: int = 42,
              history: Mapping[str, Mapping[str, float]] | None = None,
              synthetic: bool = False, mode: str = "zweimodal", layout: str = "netz",
              kennzahlen_netzwerke: pd.DataFrame | None = None,
              max_edges: int = 60000) -> str:
    """Return the interactive network map as one complete, self-contained HTML page.

    Tables as in docs/design.md (``processed/<wave>/``). Names shown are the publishable ones
    (``kennzahlen_akteure.akteur`` = ``anzeigename``). ``mode="zweimodal"`` draws actors (dots)
    and networks (diamonds); ``mode="akteure"`` draws actors only, linked when they share a
    network (at most ``max_edges`` strongest links). ``size_by`` / ``color_by`` / ``layout``
    set the initial state of the switches; ``history`` maps ``akteur_id`` to ``{wave: number
    of networks}`` for the tooltip's timeline; ``synthetic`` shows the demo-data banner.
    """
    model = build_network(akteure, netzwerke, mitgliedschaften, kennzahlen_akteure, title=title,
                          size_by=size_by, color_by=color_by, seed=seed, history=history,
                          synthetic=synthetic, mode=mode, layout=layout,
                          kennzahlen_netzwerke=kennzahlen_netzwerke, max_edges=max_edges)
    return render_page(model)


def write_map(path, *args, **kwargs) -> Path:
    """:func:`build_map` and write the page to ``path`` (UTF-8). Returns the path."""
    path = Path(path)
    from bildungsnetz.safety import atomic_write_text

    atomic_write_text(path, build_map(*args, **kwargs))
    return path


def map_fragment(akteure: pd.DataFrame, netzwerke: pd.DataFrame,
                 mitgliedschaften: pd.DataFrame, kennzahlen_akteure: pd.DataFrame, *,
                 title: str, height: int = 720, caption: str | None = None,
                 link: str | None = None, **kwargs) -> HtmlFragment:
    """The map for embedding in a notebook/report: a sandboxed ``<iframe srcdoc>``.

    The complete page (see :func:`build_map`, same keyword arguments) is put into ``srcdoc``
    (attribute-escaped), so it keeps its own styles and scripts, cannot touch the report
    (``sandbox="allow-scripts"``, no same-origin) and still needs no network. ``caption`` is
    shown below (escaped); ``link`` (e.g. ``"netzwerkkarte.html"``) adds "in eigenem Fenster
    öffnen". Use ``display(map_fragment(...))`` or make it the last expression of a cell.
    """
    page = build_map(akteure, netzwerke, mitgliedschaften, kennzahlen_akteure, title=title,
                     **kwargs)
    return fragment_from_page(page, title=title, height=height, caption=caption, link=link)


def fragment_from_page(page: str, *, title: str, height: int = 720, caption: str | None = None,
                       link: str | None = None) -> HtmlFragment:
    """Wrap an already rendered map page (from :func:`build_map`) as an iframe fragment."""
    height = int(height)
    parts = [
        '<figure class="bn-karte-einbettung">',
        f'<iframe class="bn-karte-frame" title="{html.escape("Interaktive Netzwerkkarte: " + title)}"'
        f' sandbox="allow-scripts" referrerpolicy="no-referrer"'
        f' style="width:100%;height:{height}px;border:1px solid #c8c8c8;border-radius:4px"'
        f' srcdoc="{html.escape(page, quote=True)}"></iframe>',
    ]
    cap = []
    if caption:
        cap.append(html.escape(caption))
    if link:
        cap.append(f'<a href="{html.escape(link, quote=True)}">Karte in eigenem Fenster '
                   "öffnen</a>")
    if cap:
        parts.append("<figcaption>" + " ".join(cap) + "</figcaption>")
    parts.append("</figure>")
    return HtmlFragment("".join(parts), summary=f"Netzwerkkarte: {title}")

