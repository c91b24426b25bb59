"""Exploring one wave: the questions the report does not answer, one function per question.

Used by ``notebooks/erkunden.ipynb`` (each worked example there is one or two calls of this
module) and usable in any notebook of an analyst:

* :func:`find_actor` – an actor by (part of) its shown name or its id;
* :func:`partners` and :func:`ego_figure` – an actor's partners (actors sharing at least one
  network) with the networks they share, and a small picture of its ego network;
* :func:`chains` – the shortest chains between two actors through shared networks, as text
  ("A → Netzwerk „X“ → B");
* :func:`district_networks` – the networks working in a district, optionally on one topic;
* :func:`actor_history` – an actor over the waves (networks, joined, left, ranks);
* :func:`filtered_tables` and :func:`export_excel` – the wave's publishable tables restricted
  to a district and/or a topic, written to an Excel workbook.

Names follow the report's rule (:mod:`bildungsnetz.report.pages.links`): only ``anzeigename``
is ever shown, i.e. the pseudonym ("Bildungsträger 17") of an actor without consent. The
lookup therefore matches the shown name only: the real name of an actor without consent finds
nothing and is never listed as a candidate.
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from bildungsnetz.analysis.graphs import WaveTables, split_values, two_mode_graph
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import NoData
from bildungsnetz.report.palette import COLOURS, REST_COLOUR
from bildungsnetz.safety import guard_write
from bildungsnetz.text import cell_text, german_number

__all__ = [
    "MAX_CANDIDATES",
    "newest_wave",
    "open_wave",
    "examples",
    "find_actor",
    "partners",
    "ego_figure",
    "chains",
    "district_networks",
    "actor_history",
    "filtered_tables",
    "export_excel",
]

#: At most this many candidates are named when a name is ambiguous or not found.
MAX_CANDIDATES = 10
#: At most this many partners are drawn in the ego picture (the strongest first).
EGO_MAX_PARTNERS = 12
#: At most this many of the actor's networks are drawn in the ego picture.
EGO_MAX_NETWORKS = 8
#: At most this many chains are listed (there can be very many equally short ones).
MAX_CHAINS = 5


# --------------------------------------------------------------------------------------------
# helpers


def _names(ctx: WaveContext) -> dict[str, str]:
    """akteur_id → the shown name (``anzeigename``, a pseudonym without consent)."""
    return dict(zip(ctx.akteure["akteur_id"].map(cell_text), ctx.akteure["anzeigename"]))


def _network_names(ctx: WaveContext) -> dict[str, str]:
    return dict(zip(ctx.netzwerke["netzwerk_id"].map(cell_text), ctx.netzwerke["netzwerk"]))


def _column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame.columns:
        return frame[column].map(cell_text)
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def _memberships(ctx: WaveContext) -> dict[str, set[str]]:
    """akteur_id → its netzwerk_ids."""
    nets: dict[str, set[str]] = {}
    m = ctx.mitgliedschaften
    for aid, nid in zip(_column(m, "akteur_id"), _column(m, "netzwerk_id")):
        if aid and nid:
            nets.setdefault(aid, set()).add(nid)
    return nets


def _sorted_names(values) -> list[str]:
    return sorted(values, key=lambda s: (s.casefold(), s))


def _candidates_text(names: list[str]) -> str:
    shown = _sorted_names(names)[:MAX_CANDIDATES]
    more = len(names) - len(shown)
    text = "; ".join(f"„{n}“" for n in shown)
    if more > 0:
        text += f" und {german_number(more, 0)} weitere"
    return text


# --------------------------------------------------------------------------------------------
# the wave and the examples


def newest_wave(data_dir) -> str:
    """The newest wave: the last wave folder under ``raw/`` in sorted order (wave names are
    years or sortable labels such as ``2026`` or ``2026-herbst``); a German error when there is
    none."""
    from bildungsnetz.ingest.files import list_waves

    waves = list_waves(Path(data_dir))
    if not waves:
        raise BildungsnetzError(f"Unter {Path(data_dir) / 'raw'} liegt keine Befragungswelle.")
    return waves[-1]


def open_wave(data_dir, wave: str = "") -> WaveContext:
    """The wave to explore (``wave`` empty: :func:`newest_wave`), cleaned first when it has no
    processed tables yet (as the report notebook does when opened fresh)."""
    from bildungsnetz.config import processed_dir
    from bildungsnetz.ingest.clean import clean_wave
    from bildungsnetz.report.context import load_context

    wave = cell_text(wave) or newest_wave(data_dir)
    if not (processed_dir(data_dir, wave) / "akteure.csv").exists():
        clean_wave(Path(data_dir), wave)
    return load_context(data_dir, wave)


def examples(
    ctx: WaveContext, akteur: str = "", akteur_b: str = "", landkreis: str = "", thema: str = ""
) -> dict[str, str]:
    """The notebook's parameters with the empty ones filled by examples from the wave.

    Rules: ``akteur`` – the actor in most networks (ties: by shown name); ``akteur_b`` – the
    actor farthest from ``akteur`` through shared networks (so the chain example shows a
    chain, not one shared network; ties by name), or any other actor when ``akteur`` is
    connected to nobody; ``landkreis`` – the district of the reference data with most actors;
    ``thema`` – the most frequent topic of the networks working in that district. A value
    that cannot be filled stays empty. Given values are returned unchanged (checked later by
    the function that uses them).
    """
    names = _names(ctx)
    nets = _memberships(ctx)
    frequency = pd.Series(list(names.values())).str.casefold().value_counts()

    def label(aid: str) -> str:  # the shown name, or the id when the name is not unique
        return names[aid] if frequency.get(names[aid].casefold(), 0) == 1 else aid

    filled = {"akteur": cell_text(akteur), "akteur_b": cell_text(akteur_b)}
    if not filled["akteur"] and names:
        ranked = sorted(names, key=lambda a: (-len(nets.get(a, ())), names[a].casefold(), a))
        filled["akteur"] = label(ranked[0])
    if not filled["akteur_b"] and filled["akteur"] and len(names) > 1:
        start = find_actor(ctx, filled["akteur"])
        graph = _two_mode(ctx)
        distance = nx.single_source_shortest_path_length(graph, start) if start in graph else {}
        reachable = [a for a in names if a != start and a in distance]
        pool = reachable or [a for a in names if a != start]
        best = sorted(pool, key=lambda a: (-distance.get(a, 0), names[a].casefold(), a))[0]
        filled["akteur_b"] = label(best)
    district = cell_text(landkreis)
    if not district:
        counts = _column(ctx.akteure, "landkreis").value_counts()
        known = [d for d in ctx.districts if counts.get(d, 0) > 0]
        if known:
            district = sorted(known, key=lambda d: (-counts[d], ctx.districts.index(d)))[0]
    filled["landkreis"] = district
    topic = cell_text(thema)
    if not topic and district:
        local = district_networks(ctx, district)
        if not isinstance(local, NoData):
            themes = [t for v in local["Themen"] for t in split_values(v.replace("; ", ";"))]
            if themes:
                topic = sorted(pd.Series(themes).value_counts().items(),
                               key=lambda kv: (-kv[1], kv[0].casefold()))[0][0]  # fmt: skip
    filled["thema"] = topic
    return filled


# --------------------------------------------------------------------------------------------
# finding an actor


def find_actor(ctx: WaveContext, name: str) -> str:
    """The ``akteur_id`` of the actor meant by ``name``.

    Rule: an exact id (``A1b2c3d4``) or an exact shown name (case-insensitive) wins; otherwise
    the shown names containing ``name`` (case-insensitive). One hit is the answer; several or
    none are a :class:`~bildungsnetz.errors.BildungsnetzError` with a German message that
    names the candidates (at most :data:`MAX_CANDIDATES`; when nothing contains the text, the
    most similar names). Only shown names are searched (see the module docstring).
    """
    query = cell_text(name)
    if not query:
        raise BildungsnetzError("Bitte einen Akteur angeben (Name oder Teil des Namens).")
    ids = ctx.akteure["akteur_id"].map(cell_text)
    shown = ctx.akteure["anzeigename"].map(cell_text)
    if query in set(ids):
        return query
    key = query.casefold()
    exact = ids[shown.str.casefold() == key]
    if len(exact) == 1:
        return str(exact.iloc[0])
    hits = ids[shown.str.casefold().str.contains(key, regex=False)]
    if len(hits) == 1:
        return str(hits.iloc[0])
    if len(hits) > 1:
        names = shown[hits.index].tolist()
        raise BildungsnetzError(
            f"„{query}“ passt auf {german_number(len(names), 0)} Akteure: "
            f"{_candidates_text(names)}. Bitte den Namen genauer angeben."
        )
    close = difflib.get_close_matches(
        key, {n.casefold(): n for n in shown}.keys(), n=MAX_CANDIDATES, cutoff=0.5
    )
    by_key = {n.casefold(): n for n in shown}
    hint = f" Ähnliche Namen: {_candidates_text([by_key[c] for c in close])}." if close else ""
    raise BildungsnetzError(
        f"Kein Akteur der Welle {ctx.wave} heißt „{query}“ oder enthält es im Namen.{hint}"
    )


# --------------------------------------------------------------------------------------------
# partners and ego network


def partners(ctx: WaveContext, akteur: str) -> pd.DataFrame | NoData:
    """The partners of an actor: every actor sharing at least one network with it.

    One row per partner: ``Partner`` (shown name), ``Akteursart``, ``Landkreis``,
    ``Gemeinsame Netzwerke`` (number) and ``Netzwerke`` (their names, ``; ``-joined); the most
    shared networks first, then by name. A :class:`NoData` sentence when the actor is in no
    network or alone in its networks.
    """
    aid = find_actor(ctx, akteur)
    names = _names(ctx)
    nets = _memberships(ctx)
    net_names = _network_names(ctx)
    own = nets.get(aid, set())
    if not own:
        return NoData(f"{names[aid]} wirkt in dieser Welle in keinem Netzwerk mit.")
    shared: dict[str, set[str]] = {}
    for other, theirs in nets.items():
        common = own & theirs
        if other != aid and common:
            shared[other] = common
    if not shared:
        return NoData(f"{names[aid]} teilt mit niemandem ein Netzwerk.")
    facts = ctx.akteure.assign(akteur_id=ctx.akteure["akteur_id"].map(cell_text)).set_index(
        "akteur_id"
    )
    rows = []
    for other, common in shared.items():
        rows.append(
            {
                "Partner": names.get(other, other),
                "Akteursart": cell_text(facts["kategorie"].get(other, ""))
                if "kategorie" in facts.columns
                else "",
                "Landkreis": cell_text(facts["landkreis"].get(other, ""))
                if "landkreis" in facts.columns
                else "",
                "Gemeinsame Netzwerke": len(common),
                "Netzwerke": "; ".join(_sorted_names(net_names.get(n, n) for n in common)),
            }
        )
    table = pd.DataFrame(rows)
    order = table["Partner"].str.casefold()
    table = table.assign(_key=order).sort_values(
        ["Gemeinsame Netzwerke", "_key"], ascending=[False, True], kind="stable"
    )
    return table.drop(columns="_key").reset_index(drop=True)


def ego_figure(
    ctx: WaveContext,
    akteur: str,
    max_partners: int = EGO_MAX_PARTNERS,
    max_networks: int = EGO_MAX_NETWORKS,
) -> Figure | NoData:
    """A small picture of an actor's ego network: the actor in the middle, its networks
    (diamonds) on an inner ring, its strongest partners (circles) on the outer ring, each
    linked to the networks it shares with the actor.

    Rule: at most ``max_networks`` networks (those shared with most partners, ties by name)
    and ``max_partners`` partners (most networks shared with the actor, ties by name) are
    drawn; the title says how many are left out. Built with matplotlib's object-oriented API
    (no pyplot). A :class:`NoData` sentence when the actor is in no network.
    """
    aid = find_actor(ctx, akteur)
    names = _names(ctx)
    nets = _memberships(ctx)
    net_names = _network_names(ctx)
    own_all = nets.get(aid, set())
    if not own_all:
        return NoData(f"{names[aid]} wirkt in dieser Welle in keinem Netzwerk mit.")
    shared = {o: ns & own_all for o, ns in nets.items() if o != aid and ns & own_all}
    reach = {n: sum(1 for s in shared.values() if n in s) for n in own_all}
    own = sorted(own_all, key=lambda n: (-reach[n], net_names.get(n, n).casefold(), n))
    own = own[: max(1, int(max_networks))]
    strongest = sorted(shared, key=lambda o: (-len(shared[o]), names.get(o, o).casefold(), o))
    drawn = strongest[: max(0, int(max_partners))]

    fig = Figure(figsize=(8, 6.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    pos = _ego_positions(aid, own, drawn)
    _draw_ego_nodes(ax, pos, aid, own, drawn, shared)
    box = {"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5}
    _ego_label(ax, pos, aid, shared, box, aid, names[aid], 10, "bold")
    for nid in own:
        _ego_label(ax, pos, aid, shared, box, nid, net_names.get(nid, nid), 7.5)
    for other in drawn:
        _ego_label(ax, pos, aid, shared, box, other, names.get(other, other), 7.5)
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.25, 1.25)
    legend = [
        Line2D([], [], marker="o", ls="", color=COLOURS[0], label="Akteur", markersize=10),
        Line2D([], [], marker="D", ls="", color=COLOURS[1], label="seine Netzwerke"),
        Line2D([], [], marker="o", ls="", color=COLOURS[2], label="Partner"),
    ]
    ax.legend(handles=legend, loc="lower left", fontsize=8, frameon=False)
    left_out = []
    if len(own_all) > len(own):
        left_out.append(f"{german_number(len(own_all) - len(own), 0)} weitere Netzwerke")
    if len(strongest) > len(drawn):
        left_out.append(f"{german_number(len(strongest) - len(drawn), 0)} weitere Partner")
    if left_out:
        ax.set_title(f"Nicht gezeigt: {' und '.join(left_out)}", fontsize=9)
    return fig


def _ego_positions(aid: str, own: list[str], drawn: list[str]) -> dict[str, tuple[float, float]]:
    """Positions: the actor in the middle, its networks on the inner, partners on the outer ring."""
    pos: dict[str, tuple[float, float]] = {aid: (0.0, 0.0)}
    for k, nid in enumerate(own):
        angle = 2 * math.pi * k / len(own) + math.pi / 2
        pos[nid] = (0.5 * math.cos(angle), 0.5 * math.sin(angle))
    for k, other in enumerate(drawn):
        angle = 2 * math.pi * (k + 0.5) / max(len(drawn), 1) + math.pi / 2
        pos[other] = (math.cos(angle), math.sin(angle))
    return pos


def _draw_ego_nodes(
    ax: Axes,
    pos: dict[str, tuple[float, float]],
    aid: str,
    own: list[str],
    drawn: list[str],
    shared: dict[str, set[str]],
) -> None:
    """Draw the ego network's links and its actor, network and partner markers."""
    for nid in own:
        ax.plot(*zip(pos[aid], pos[nid]), color="#555555", lw=1.5, zorder=1)
    for other in drawn:
        for nid in shared[other]:
            if nid in pos:
                ax.plot(*zip(pos[other], pos[nid]), color=REST_COLOUR, lw=0.8, zorder=1)
    ax.scatter(*pos[aid], s=420, color=COLOURS[0], zorder=3, edgecolors="black")
    ax.scatter(
        [pos[n][0] for n in own], [pos[n][1] for n in own], s=160, marker="D",
        color=COLOURS[1], zorder=3, edgecolors="black", linewidths=0.5,
    )  # fmt: skip
    if drawn:
        ax.scatter(
            [pos[o][0] for o in drawn], [pos[o][1] for o in drawn], s=90,
            color=COLOURS[2], zorder=3, edgecolors="black", linewidths=0.5,
        )  # fmt: skip


def _ego_label(
    ax: Axes,
    pos: dict[str, tuple[float, float]],
    aid: str,
    shared: dict[str, set[str]],
    box: dict[str, object],
    node: str,
    text: str,
    size: float,
    weight: str = "normal",
) -> None:
    """Write one node's label next to it (the actor's below the centre)."""
    x, y = pos[node]
    if node == aid:
        ax.text(0, -0.1, _short(text), ha="center", va="top", fontsize=size, weight=weight,
                bbox=box, zorder=4)  # fmt: skip
        return
    ha = "center" if abs(x) < 0.15 else ("left" if x > 0 else "right")
    dx = 0.0 if ha == "center" else math.copysign(0.06, x)
    dy = 0.0 if ha != "center" else math.copysign(0.09, y)
    limit = 34 if node in shared else 26  # network labels sit inside: shorter
    ax.text(x + dx, y + dy, _short(text, limit), ha=ha, va="center", fontsize=size,
            weight=weight, bbox=box, zorder=4)  # fmt: skip


def _short(text: str, limit: int = 34) -> str:
    text = cell_text(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------------------------
# chains


def chains(ctx: WaveContext, akteur_a: str, akteur_b: str, limit: int = MAX_CHAINS) -> list[str]:
    """The shortest chains from actor A to actor B through shared networks, as text.

    A chain alternates actors and networks: ``A → Netzwerk „X“ → B`` when A and B share
    network X, ``A → Netzwerk „X“ → C → Netzwerk „Y“ → B`` with one actor in between, …
    All chains of the shortest length are found in the graph of actors and networks
    (memberships only, cooperations do not count); at most ``limit`` are returned, in a
    stable order (by the names along the chain). An empty list when no chain exists (the two
    are in unconnected parts of the network) – :func:`chains_sentence` says so in words.
    """
    a, b = find_actor(ctx, akteur_a), find_actor(ctx, akteur_b)
    if a == b:
        raise BildungsnetzError("Bitte zwei verschiedene Akteure angeben.")
    graph = _two_mode(ctx)
    if a not in graph or b not in graph or not nx.has_path(graph, a, b):
        return []
    names = {n: cell_text(graph.nodes[n].get("name", n)) for n in graph}

    def text(path: list[str]) -> str:
        parts = []
        for k, node in enumerate(path):
            parts.append(names[node] if k % 2 == 0 else f"Netzwerk „{names[node]}“")
        return " → ".join(parts)

    # all shortest paths can be many; sort a bounded sample for a stable answer
    found = list(itertools.islice(nx.all_shortest_paths(graph, a, b), 2000))
    texts = sorted({text(p) for p in found}, key=lambda s: (s.casefold(), s))
    return texts[: max(0, int(limit))]


def chains_sentence(ctx: WaveContext, akteur_a: str, akteur_b: str, found: list[str]) -> str:
    """One German sentence about the chains found by :func:`chains`."""
    names = _names(ctx)
    a, b = names[find_actor(ctx, akteur_a)], names[find_actor(ctx, akteur_b)]
    if not found:
        return (
            f"{a} und {b} sind über gemeinsame Netzwerke nicht verbunden, auch nicht über "
            "andere Akteure."
        )
    steps = found[0].count(" → ") // 2
    if steps == 1:
        between = "teilen ein Netzwerk"
    elif steps == 2:
        between = "sind über einen weiteren Akteur verbunden"
    else:
        between = f"sind über {german_number(steps - 1, 0)} weitere Akteure verbunden"
    return f"{a} und {b} {between}; kürzeste Ketten (höchstens {MAX_CHAINS}):"


def _two_mode(ctx: WaveContext) -> nx.Graph:
    graph = ctx.extra.get("_explore_two_mode")
    if graph is None:
        graph = two_mode_graph(
            WaveTables(ctx.akteure, ctx.netzwerke, ctx.mitgliedschaften, ctx.kooperationen)
        )
        ctx.extra["_explore_two_mode"] = graph
    return graph


# --------------------------------------------------------------------------------------------
# networks of a district on a topic


def _check_district(ctx: WaveContext, landkreis: str) -> str:
    wanted = cell_text(landkreis).casefold()
    known = list(dict.fromkeys([*ctx.districts, *_column(ctx.netzwerke, "landkreis")]))
    for district in known:
        if district and district.casefold() == wanted:
            return district
    raise BildungsnetzError(
        f"Unbekannter Landkreis „{landkreis}“; möglich sind: "
        f"{', '.join(d for d in ctx.districts if d)}."
    )


def _check_topic(ctx: WaveContext, thema: str) -> str:
    topics = {t for v in _column(ctx.netzwerke, "themen") for t in split_values(v)}
    wanted = cell_text(thema).casefold()
    for topic in topics:
        if topic.casefold() == wanted:
            return topic
    hits = [t for t in topics if wanted in t.casefold()]
    if len(hits) == 1:
        return hits[0]
    listed = ", ".join(_sorted_names(hits or topics)) or "(keine)"
    raise BildungsnetzError(
        f"„{thema}“ ist kein eindeutiges Thema der Netzwerke dieser Welle; "
        f"{'passend' if hits else 'vorhanden'} sind: {listed}."
    )


def district_networks(ctx: WaveContext, landkreis: str, thema: str = "") -> pd.DataFrame | NoData:
    """The networks working in a district, optionally only those on one topic.

    Rule: a network works in the district when it is registered there (``netzwerke.landkreis``)
    or has at least one member from there; region-wide networks (``Lausitz``) count only
    through members. ``thema`` (case-insensitive, a unique part is enough) keeps the networks
    with that topic; empty means all topics. Unknown district or topic: a German error naming
    the possible values.

    Columns: ``Netzwerk``, ``Sitz`` (the network's district), ``Themen``, ``Zielgruppen``,
    ``Mitglieder``, ``davon aus dem Landkreis``; most members from the district first.
    """
    district = _check_district(ctx, landkreis)
    topic = _check_topic(ctx, thema) if cell_text(thema) else ""
    actor_district = dict(
        zip(ctx.akteure["akteur_id"].map(cell_text), _column(ctx.akteure, "landkreis"))
    )
    members: dict[str, list[str]] = {}
    m = ctx.mitgliedschaften
    for aid, nid in zip(_column(m, "akteur_id"), _column(m, "netzwerk_id")):
        members.setdefault(nid, []).append(aid)
    rows = []
    for _, net in ctx.netzwerke.iterrows():
        nid = cell_text(net["netzwerk_id"])
        themes = split_values(net.get("themen", ""))
        if topic and topic not in themes:
            continue
        ids = set(members.get(nid, []))
        local = sum(1 for a in ids if actor_district.get(a, "") == district)
        seat = cell_text(net.get("landkreis", ""))
        if seat != district and local == 0:
            continue
        rows.append(
            {
                "Netzwerk": cell_text(net["netzwerk"]),
                "Sitz": seat,
                "Themen": "; ".join(themes),
                "Zielgruppen": "; ".join(split_values(net.get("zielgruppen", ""))),
                "Mitglieder": len(ids),
                "davon aus dem Landkreis": local,
            }
        )
    if not rows:
        about = f" zum Thema {topic}" if topic else ""
        return NoData(f"Im Landkreis {district} arbeitet in dieser Welle kein Netzwerk{about}.")
    table = pd.DataFrame(rows)
    table = table.assign(_key=table["Netzwerk"].str.casefold()).sort_values(
        ["davon aus dem Landkreis", "Mitglieder", "_key"],
        ascending=[False, False, True],
        kind="stable",
    )
    return table.drop(columns="_key").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# history over the waves


def actor_history(ctx: WaveContext, akteur: str) -> pd.DataFrame:
    """An actor over the waves: this wave and the earlier waves with complete results (the
    waves of the map's timeline, :func:`bildungsnetz.analysis.compare.history_for_wave`).

    One row per wave, oldest first: ``Welle``, ``dabei`` (ja/nein), ``Netzwerke`` (number),
    ``neu dabei in`` and ``nicht mehr dabei in`` (network names against the actor's previous
    wave), ``Rang nach Netzwerken`` and ``Rang nach PageRank`` ("3 von 120"). Same rows as the
    development on the actor's profile page.
    """
    from bildungsnetz.report.pages.model import actor_history as history_rows
    from bildungsnetz.report.pages.model import wave_snapshots

    aid = find_actor(ctx, akteur)
    rows, _ = history_rows(aid, wave_snapshots(ctx), _network_names(ctx))
    return pd.DataFrame(
        [
            {
                "Welle": r.wave,
                "dabei": "ja" if r.present else "nein",
                "Netzwerke": r.networks if r.present else 0,
                "neu dabei in": "" if r.first else "; ".join(r.joined),
                "nicht mehr dabei in": "" if r.first else "; ".join(r.left),
                "Rang nach Netzwerken": r.rank_networks or "–",
                "Rang nach PageRank": r.rank_pagerank or "–",
            }
            for r in rows
        ]
    )


# --------------------------------------------------------------------------------------------
# filtered export


def filtered_tables(
    ctx: WaveContext, landkreis: str = "", thema: str = ""
) -> dict[str, pd.DataFrame]:
    """The wave's publishable tables (those of ``tabellen.xlsx``, see
    :func:`bildungsnetz.report.exports.publishable_tables`) restricted to a district and/or a
    topic.

    Rule: with ``landkreis`` the actors are those of the district and the networks those that
    work there (:func:`district_networks`); with ``thema`` only networks on that topic and the
    actors in them. Memberships, cooperations and suggestions keep the rows whose actors (and
    networks) are kept; whole-wave tables (overall figures, communities, mixing matrices,
    cleaning) are left out, they do not split by district or topic. Both empty: all tables.
    """
    from bildungsnetz.report.exports import publishable_tables

    tables = publishable_tables(ctx)
    if not cell_text(landkreis) and not cell_text(thema):
        return tables
    nets = ctx.netzwerke
    keep_nets = set(nets["netzwerk_id"].map(cell_text))
    keep_actors = set(ctx.akteure["akteur_id"].map(cell_text))
    members = _memberships(ctx)
    if cell_text(thema):
        topic = _check_topic(ctx, thema)
        keep_nets = {
            cell_text(n)
            for n, t in zip(nets["netzwerk_id"], _column(nets, "themen"))
            if topic in split_values(t)
        }
        keep_actors = {a for a, ns in members.items() if ns & keep_nets}
    if cell_text(landkreis):
        district = _check_district(ctx, landkreis)
        local = district_networks(ctx, district, thema)
        local_names = set() if isinstance(local, NoData) else set(local["Netzwerk"])
        keep_nets = {
            cell_text(n)
            for n, name in zip(nets["netzwerk_id"], nets["netzwerk"])
            if cell_text(name) in local_names and cell_text(n) in keep_nets
        }
        in_district = {
            cell_text(a)
            for a, d in zip(ctx.akteure["akteur_id"], _column(ctx.akteure, "landkreis"))
            if d == district
        }
        keep_actors &= in_district
    out: dict[str, pd.DataFrame] = {}
    for name, frame in tables.items():
        if name in ("Kennzahlen Akteure", "Akteure"):
            out[name] = frame[frame["akteur_id"].map(cell_text).isin(keep_actors)]
        elif name in ("Kennzahlen Netzwerke", "Netzwerke"):
            out[name] = frame[frame["netzwerk_id"].map(cell_text).isin(keep_nets)]
        elif name == "Mitgliedschaften":
            out[name] = frame[
                frame["akteur_id"].map(cell_text).isin(keep_actors)
                & frame["netzwerk_id"].map(cell_text).isin(keep_nets)
            ]
        elif name == "Kooperationen":
            out[name] = frame[
                frame["von_id"].map(cell_text).isin(keep_actors)
                & frame["an_id"].map(cell_text).isin(keep_actors)
            ]
        elif name == "Potenziale" and {"id_a", "id_b"} <= set(frame.columns):
            b = frame["id_b"].map(cell_text)
            out[name] = frame[
                frame["id_a"].map(cell_text).isin(keep_actors)
                & (b.isin(keep_actors) | b.isin(keep_nets))
            ]
        elif name == "Doppelstrukturen" and {"id_a", "id_b"} <= set(frame.columns):
            out[name] = frame[
                frame["id_a"].map(cell_text).isin(keep_nets)
                | frame["id_b"].map(cell_text).isin(keep_nets)
            ]
    return {k: v.reset_index(drop=True) for k, v in out.items()}


def export_excel(tables: Mapping[str, pd.DataFrame], path, *, ctx: WaveContext | None = None):
    """Write tables (e.g. :func:`filtered_tables`, :func:`partners`) to one Excel workbook,
    one sheet per table (formula-safe, see :func:`bildungsnetz.report.exports.write_tables_xlsx`).
    ``NoData`` entries are left out. Never writes under ``raw/``; the file must end in
    ``.xlsx``. With the demo data (``ctx`` synthetic) a first sheet says so. Returns the path."""
    from bildungsnetz.report.exports import write_tables_xlsx

    path = Path(path)
    if path.suffix.casefold() != ".xlsx":
        raise BildungsnetzError(f"Die Exportdatei {path} muss auf .xlsx enden.")
    guard_write(path)
    frames = {k: v for k, v in tables.items() if isinstance(v, pd.DataFrame)}
    if not frames:
        raise BildungsnetzError("Es gibt keine Tabelle zum Exportieren.")
    path.parent.mkdir(parents=True, exist_ok=True)
    note = "Synthetische Demodaten" if ctx is not None and ctx.synthetic else None
    return write_tables_xlsx(frames, path, note=note)
