"""The report's figures: matplotlib/seaborn figures, one function per figure, and the map.

Figures are built with matplotlib's object-oriented API (:class:`matplotlib.figure.Figure`,
seaborn with ``ax=``), never through :mod:`matplotlib.pyplot`: importing or calling this
module does not choose a backend, open a window or register figures with pyplot, so the
analyst's own plotting setup stays as it was. The notebooks show a figure with
:func:`bildungsnetz.report.display.figure` (embedded PNG with caption and alt text). A figure
without data is a :class:`~bildungsnetz.report.gaps.NoData` sentence instead.

All figures use the one palette of :mod:`bildungsnetz.report.palette` (the same colours as the
map) and German numbers on axes, colour bars and labels
(:func:`bildungsnetz.report.numbers.german_ticks`).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.artist import setp
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import (
    NO_LOCATION,
    NoData,
    has_values,
    is_no_data,
    topic_district_gap,
    topics_reason,
)
from bildungsnetz.report.htmlsafe import PALETTE, SEQUENTIAL_CMAP, HtmlFragment
from bildungsnetz.report.netmap import map_fragment
from bildungsnetz.report.numbers import german_count, german_ticks
from bildungsnetz.report.palette import (
    COLOURS,
    MISSING_LABEL,
    RAUM_COLOURS,
    REST_COLOUR,
    REST_LABEL,
    STATE_COLOURS,
    coloured_order,
    colours_for,
)
from bildungsnetz.report.tables import (
    ATTRIBUTE_LABELS,
    MEASURE_LABELS,
    actors_by_district,
    district_span,
    mixing,
    natural_order,
)
from bildungsnetz.text import german_number, shorten

# --------------------------------------------------------------------------------------------
# 2 geography


def fig_actors_by_district(ctx: WaveContext) -> Figure | NoData:
    """Bars of actors per district, split urban/rural (one bar "unbekannt" per district when
    the place type of no actor is known, e.g. districts given without town)."""
    if not has_values(ctx.actors, "landkreis"):
        return NoData("Ohne Angaben zu Orten lassen sich die Akteure keinem Landkreis zuordnen.")
    table = actors_by_district(ctx)
    kinds = ["städtisch", "ländlich"]
    palette = [RAUM_COLOURS["städtisch"], RAUM_COLOURS["ländlich"]]
    if not has_values(ctx.actors, "raumtyp"):
        table = table.assign(unbekannt=table["Akteure"])
        kinds, palette = ["unbekannt"], [RAUM_COLOURS[""]]
    long = table.melt(
        id_vars=["Landkreis", "Bundesland"],
        value_vars=kinds,
        var_name="Raumtyp",
        value_name="Anzahl",
    )
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    sns.barplot(data=long, y="Landkreis", x="Anzahl", hue="Raumtyp", ax=ax, palette=palette)
    ax.set_xlabel("Anzahl der Akteure")
    ax.set_ylabel("")
    ax.legend(title="Raumtyp", frameon=False)
    sns.despine(fig)
    fig.tight_layout()
    return german_ticks(fig)


def fig_district_span(ctx: WaveContext) -> Figure | NoData:
    """Columns: how many networks have members from one, two or more districts."""
    if len(ctx.mitgliedschaften) == 0:
        return NoData(
            "Ohne Mitgliedschaften lässt sich nicht zeigen, aus wie vielen "
            "Landkreisen die Mitglieder der Netzwerke kommen."
        )
    if not (pd.to_numeric(ctx.networks["anzahl_landkreise"]) > 0).any():
        return NoData("Von keinem Mitglied eines Netzwerks ist der Landkreis bekannt.")
    table = district_span(ctx)
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.bar(table["Landkreise der Mitglieder"].astype(str), table["Netzwerke"], color=COLOURS[0])
    ax.set_xlabel("Zahl der Landkreise, aus denen die Mitglieder kommen")
    ax.set_ylabel("Netzwerke")
    sns.despine(fig)
    fig.tight_layout()
    return german_ticks(fig)


def fig_geography(ctx: WaveContext) -> Figure | NoData:
    """Actors at their coordinates, coloured by state, size by number of networks."""
    if not has_values(ctx.akteure, "lat"):
        return NoData(
            NO_LOCATION
            if not has_values(ctx.akteure, "landkreis")
            else "Ohne Angaben zu Postleitzahl oder Ort kann die Lage der Akteure nicht "
            "auf einer Karte gezeigt werden."
        )
    actors = ctx.akteure[ctx.akteure["lat"] != ""].merge(
        ctx.actors[["akteur_id", "anzahl_netzwerke"]], on="akteur_id"
    )
    fig = Figure(figsize=(7, 7))
    ax = fig.subplots()
    lon = actors["lon"].astype(float)
    lat = actors["lat"].astype(float)
    # jitter identical coordinates (all actors of a town share the town's point)
    rng = np.random.default_rng(7)
    jitter = rng.normal(0, 0.012, size=(len(actors), 2))
    colours = actors["bundesland"].map(STATE_COLOURS).fillna(REST_COLOUR)
    sizes = 12 + 10 * actors["anzahl_netzwerke"].astype(float)
    ax.scatter(
        lon + jitter[:, 0],
        lat + jitter[:, 1],
        s=sizes,
        c=colours,
        alpha=0.7,
        edgecolor="white",
        linewidth=0.4,
    )
    for row in load_reference(ctx.data_dir).landkreise.to_dict("records"):
        ax.annotate(
            row["kreissitz"],
            (float(row["lon"]), float(row["lat"])),
            fontsize=8,
            xytext=(4, 4),
            textcoords="offset points",
            color="#333333",
        )
    ax.set_aspect(1 / np.cos(np.radians(51.5)))
    ax.set_xlabel("Längengrad")
    ax.set_ylabel("Breitengrad")
    handles = [
        Line2D([], [], marker="o", linestyle="", color=c, label=s)
        for s, c in STATE_COLOURS.items()
        if s
    ]
    ax.legend(handles=handles, frameon=False, loc="upper right")
    sns.despine(fig)
    fig.tight_layout()
    return german_ticks(fig)


# --------------------------------------------------------------------------------------------
# 3–5 hubs, hidden influence


def _group_colours(ctx: WaveContext, attribute: str) -> dict[str, str]:
    """The colour of every value of an actor attribute, assigned over all actors of the wave
    exactly as the map assigns it (:mod:`bildungsnetz.report.palette`)."""
    values = [str(v) for v in ctx.actors[attribute].fillna("")]
    fixed = natural_order(ctx, attribute) if attribute == "landkreis" else None
    return colours_for(values, fixed)


def _group_legend(values: list[str], colours: dict[str, str]) -> list[tuple[str, str]]:
    """Legend entries (label, colour) for the groups in ``values``: the coloured ones by name,
    in the palette's order; everything grey in one entry ("übrige", "ohne Angabe")."""
    order = coloured_order(values)
    named = [(v, colours[v]) for v in order if colours.get(v, REST_COLOUR) != REST_COLOUR]
    grey = []
    if any(v and colours.get(v, REST_COLOUR) == REST_COLOUR for v in values):
        grey.append(REST_LABEL)
    if any(not v for v in values):
        grey.append(MISSING_LABEL)
    return named + ([(" / ".join(grey), REST_COLOUR)] if grey else [])


def fig_top_bar(
    ctx: WaveContext, by: str, n: int = 15, colour_by: str = "kategorie"
) -> Figure | NoData:
    """Horizontal bars of the ``n`` actors with the highest ``by``, coloured by
    ``colour_by`` with the colours the map uses (eight colours, the rest grey)."""
    frame = ctx.actors.copy()
    frame[by] = pd.to_numeric(frame[by], errors="coerce")
    if not (frame[by] > 0).any():
        return NoData(f"Kein Akteur hat einen Wert „{MEASURE_LABELS.get(by, by)}“ über 0.")
    colours = _group_colours(ctx, colour_by)
    frame = frame.sort_values([by, "akteur_id"], ascending=[False, True]).head(n)
    groups = [str(v) for v in frame[colour_by].fillna("")]
    fig = Figure(figsize=(8, 0.35 * len(frame) + 1))
    ax = fig.subplots()
    labels = [shorten(a) for a in frame["akteur"]]
    positions = np.arange(len(frame))[::-1]  # by position: shortened names may coincide
    ax.barh(
        positions,
        frame[by].values,
        color=[colours.get(g, REST_COLOUR) for g in groups],
        edgecolor="#555555",
        linewidth=0.3,
    )
    ax.set_yticks(positions, labels)
    ax.set_ylim(-0.6, len(frame) - 0.4)
    ax.set_xlabel(MEASURE_LABELS.get(by, by))
    legend = _group_legend(groups, colours)
    ax.legend(
        [
            Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="#555555", linewidth=0.3)
            for _, c in legend
        ],
        [label for label, _ in legend],
        title=ATTRIBUTE_LABELS.get(colour_by, colour_by),
        frameon=False,
        fontsize=8,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),  # beside the bars, never over them
    )
    sns.despine(fig)
    fig.tight_layout()
    return german_ticks(fig)


#: Hidden champions labelled in :func:`fig_pagerank_vs_networks` at most.
MAX_CHAMPION_LABELS = 12


def fig_pagerank_vs_networks(ctx: WaveContext) -> Figure | NoData:
    """Importance against what the memberships predict, hidden champions highlighted.

    Left: PageRank against the PageRank that number and size of the actor's networks predict
    (``pagerank_erwartet``; log–log, the solid line is "as predicted", the dashed one the
    margin of rule B). Right, when the wave has cooperations: namings weighted by the namers'
    centrality against what the memberships predict (rule A and its margin). Hidden champions
    are diamonds with labels that do not overlap (:func:`bildungsnetz.report.labels.place_labels`);
    at most :data:`MAX_CHAMPION_LABELS` of them, those with the highest PageRank, are labelled
    (a very large wave flags hundreds; all of them are in the table).
    """
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    from bildungsnetz.analysis.findings.champions import MIN_EXCESS, MIN_NAMING_RATIO
    from bildungsnetz.report.labels import place_labels, renderer_of
    from bildungsnetz.report.numbers import german_measure

    frame = ctx.actors.copy()
    if not len(frame) or "pagerank_erwartet" not in frame.columns:
        return NoData("Für diese Abbildung liegen in dieser Welle keine Angaben vor.")
    frame["x"] = pd.to_numeric(frame["pagerank_erwartet"], errors="coerce")
    frame["y"] = pd.to_numeric(frame["pagerank"], errors="coerce")
    frame["flag"] = frame["hidden_champion"].astype(str).str.lower().isin(["true", "1", "ja"])
    frame = frame[(frame["x"] > 0) & (frame["y"] > 0)]
    if not len(frame):
        return NoData("Für diese Abbildung liegen in dieser Welle keine Angaben vor.")
    panels = [("x", "y", "log")]
    if {"nennungen_gewichtet", "nennungen_erwartet"} <= set(frame.columns):
        frame["nx"] = pd.to_numeric(frame["nennungen_erwartet"], errors="coerce")
        frame["ny"] = pd.to_numeric(frame["nennungen_gewichtet"], errors="coerce")
        if frame[["nx", "ny"]].notna().all(axis=None):
            panels.append(("nx", "ny", "symlog"))
    fig = Figure(figsize=(10, 4.6) if len(panels) == 2 else (7, 4.6))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    ticks = FuncFormatter(lambda value, _pos: german_measure(value))
    champions = frame[frame["flag"]].sort_values(["y", "akteur_id"], ascending=[False, True])
    labelled = champions.head(MAX_CHAMPION_LABELS)  # the placement is quadratic in labels
    for ax, (xcol, ycol, scale) in zip(axes, panels):
        ax.scatter(frame[xcol], frame[ycol], s=12, color="#999999", alpha=0.6, label="Akteure")
        low = float(min(frame[xcol].min(), frame[ycol].min()))
        high = float(max(frame[xcol].max(), frame[ycol].max()))
        line = np.geomspace(low, high, 50) if scale == "log" else np.linspace(0, high, 50)
        margin = line * (1 + MIN_EXCESS) if scale == "log" else (1 + line) * MIN_NAMING_RATIO - 1
        ax.plot(line, line, color="#555555", lw=0.8, label="wie erwartet")
        ax.plot(line, margin, color="#555555", lw=0.8, ls="--", label="Mindestabstand der Regel")
        if len(champions):
            ax.scatter(
                champions[xcol],
                champions[ycol],
                s=46,
                color=PALETTE[5],
                marker="D",
                edgecolor="white",
                linewidth=0.5,
                label="Hidden Champions",
                zorder=3,
            )
        if scale == "log":
            ax.set_xscale("log")
            ax.set_yscale("log")
            for axis in (ax.xaxis, ax.yaxis):
                axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.set_xlabel("Erwarteter PageRank (nach Zahl und Größe der Netzwerke)")
            ax.set_ylabel("PageRank")
            ax.set_title("Einfluss über gemeinsame Netzwerke", fontsize=10)
        else:
            ax.set_xscale("symlog", linthresh=1)
            ax.set_yscale("symlog", linthresh=1)
            ax.set_xlabel("Erwartete Nennungen (nach den Netzwerken)")
            ax.set_ylabel("Nennungen, gewichtet nach Zentralität")
            ax.set_title("Als Kooperationspartner genannt", fontsize=10)
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(ticks)
            axis.set_minor_formatter(NullFormatter())
    legend = axes[0].legend(frameon=False, fontsize=7, loc="upper left")
    sns.despine(fig)
    fig.tight_layout()
    legend_box = legend.get_window_extent(renderer_of(axes[0]))
    for k, (ax, (xcol, ycol, _)) in enumerate(zip(axes, panels)):
        place_labels(
            ax,
            list(zip(labelled[xcol], labelled[ycol])),
            [shorten(name, 28) for name in labelled["akteur"]],
            obstacles=[legend_box] if k == 0 else [],
        )
    return fig


# --------------------------------------------------------------------------------------------
# 6–7 heat maps: topics, target groups, districts, mixing


def fig_heatmap(
    matrix: pd.DataFrame | NoData,
    xlabel: str,
    ylabel: str,
    *,
    annot: bool = True,
    zero_mark: bool = False,
    size=(9, 7),
) -> Figure | NoData:
    """Heat map of a count matrix (colour-blind-safe sequential colours, counts written in
    the cells); ``zero_mark`` hatches the cells with 0."""
    if is_no_data(matrix):
        return matrix
    if matrix.empty:
        return NoData("Für diese Abbildung liegen in dieser Welle keine Angaben vor.")
    matrix = matrix.astype(float)
    fig = Figure(figsize=size)
    ax = fig.subplots()
    # counts written in German (12.284), not with seaborn's format string
    labels = np.vectorize(german_count, otypes=[str])(matrix.to_numpy()) if annot else False
    sns.heatmap(
        matrix,
        cmap=SEQUENTIAL_CMAP,
        annot=labels,
        fmt="",
        linewidths=0.4,
        linecolor="white",
        cbar_kws={"label": "Anzahl"},
        ax=ax,
        annot_kws={"fontsize": 7},
    )
    if zero_mark:
        for i, row in enumerate(matrix.values):
            for j, value in enumerate(row):
                if value == 0:
                    ax.add_patch(
                        Rectangle(
                            (j, i), 1, 1, fill=False, hatch="///", edgecolor="#D55E00", linewidth=0
                        )
                    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    setp(ax.get_xticklabels(), rotation=40, ha="right", fontsize=8)
    setp(ax.get_yticklabels(), fontsize=8)
    fig.tight_layout()
    return german_ticks(fig)


def fig_topics_targets(ctx: WaveContext) -> Figure | NoData:
    """Heatmap topics × target groups of the networks (or why it cannot be drawn)."""
    reason = topics_reason(ctx)
    if reason:
        return NoData(reason)
    if not has_values(ctx.netzwerke, "zielgruppen"):
        return NoData(
            "Zu den Zielgruppen der Netzwerke wurden in dieser Welle keine Angaben erhoben."
        )
    matrix = ctx.results["themen_zielgruppen"]
    if matrix.empty or not (matrix.to_numpy(dtype=float) > 0).any():
        return NoData("Kein Netzwerk hat zugleich Themen und Zielgruppen angegeben.")
    return fig_heatmap(matrix, "Zielgruppe", "Thema")


def fig_topics_districts(ctx: WaveContext, size=(8, 7)) -> Figure | NoData:
    """Heatmap topics × districts, cells without network hatched (or why it cannot be
    drawn)."""
    gap = topic_district_gap(ctx)
    if gap:
        return gap
    return fig_heatmap(
        ctx.results["themen_landkreise"], "Landkreis", "Thema", zero_mark=True, size=size
    )


def fig_mixing(ctx: WaveContext, attribute: str, size=(7, 6)) -> Figure | NoData:
    """Heatmap of the mixing matrix of ``attribute`` (or the sentence why there is none)."""
    matrix = mixing(ctx, attribute)
    if is_no_data(matrix):
        return matrix
    label = ATTRIBUTE_LABELS.get(attribute, attribute)
    return fig_heatmap(matrix, label, label, size=size)


# --------------------------------------------------------------------------------------------
# the interactive map

#: Above this many actors the report links to the map page instead of embedding it.
EMBED_MAP_MAX_ACTORS = 1500


def report_map(
    ctx: WaveContext,
    *,
    size_by: str = "pagerank",
    color_by: str = "kategorie",
    seed: int = 2025,
    link: str = "netzwerkkarte.html",
    caption: str = "",
) -> HtmlFragment:
    """The interactive map for a report: embedded (sandboxed iframe) up to
    EMBED_MAP_MAX_ACTORS actors; above that only a link to the full-page map, because the
    embedded copy would make the report very large and slow to open."""
    if len(ctx.actors) > EMBED_MAP_MAX_ACTORS:
        return HtmlFragment(
            f'<p class="hinweis">Die Karte umfasst {german_number(len(ctx.actors), 0)} Akteure '
            "und ist daher "
            f'nicht eingebettet: <a href="{html.escape(link, quote=True)}">Netzwerkkarte '
            "öffnen</a>.</p>",
            summary="Link zur Netzwerkkarte",
        )
    return map_fragment(
        **ctx.map_arguments(),
        size_by=size_by,
        color_by=color_by,
        seed=seed,
        link=link,
        caption=caption,
    )
