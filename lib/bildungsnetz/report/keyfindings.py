"""„Die wichtigsten Ergebnisse“: the key findings that open the wave report.

:func:`key_findings` chooses up to :data:`MAX_FINDINGS` findings from the analysis of a wave,
each a short headline, one or two sentences and a small figure; :func:`key_findings_html`
turns them into the block the report notebook shows right after its first sentence. Every
finding has its own function, whose docstring states the rule by which it is chosen and
worded. A finding whose data are missing (a tiny wave, no places, no memberships, no earlier
wave) is left out – the block then shows fewer findings, never an invented one.

The numbers come from the analysis (the wave's published tables in the
:class:`~bildungsnetz.report.context.WaveContext`, :mod:`bildungsnetz.analysis.keyfigures`,
:mod:`bildungsnetz.analysis.compare`); this module only chooses and words them. Figures are
small (:data:`FIGSIZE`), drawn with matplotlib's object-oriented API (no pyplot state), with
German numbers on their axes.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bildungsnetz.analysis.compare import entity_status, load_wave, previous_complete_wave
from bildungsnetz.analysis.keyfigures import (
    RURAL,
    UrbanShares,
    rural_potential_by_district,
    urban_shares,
)
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import has_values, topic_district_gap
from bildungsnetz.report.htmlsafe import PALETTE, HtmlFragment
from bildungsnetz.report.narrative import count_phrase
from bildungsnetz.report.ranks import first_place_clause
from bildungsnetz.text import german_number, shorten

#: At most this many findings open the report (the issue asks for five to eight).
MAX_FINDINGS = 8
#: Size of each finding's figure in inches (two of them side by side on an A4 page).
FIGSIZE = (3.2, 2.0)
#: Heading of the block (and its anchor in the table of contents).
TITLE = "Die wichtigsten Ergebnisse"
#: Rank of the hubs named (the actors with the most networks).
N_HUBS = 3
#: The strongest actor–actor suggestions looked at for the rural potential (the same number
#: as in the sentence of the section „Kooperationspotenziale“).
N_POTENTIALS = 50
#: Hubs compared between waves: the actors with the most networks.
N_TOP_CHANGE = 10

STATES = ("Brandenburg", "Sachsen")
_ORDINALS = ("erste", "zweite", "dritte", "vierte", "fünfte")
_GREY = "#B4B4B4"
#: Font sizes in the figures (points at FIGSIZE; printed about three quarters as large).
_FONT = 8
_FONT_AXIS = 7.5
_NO_DISTRICT = "ohne bekannten Landkreis"


@dataclass(frozen=True)
class KeyFinding:
    """One key finding: a bold headline, one or two sentences and a small figure.

    ``figure`` draws the figure when called (a :class:`matplotlib.figure.Figure` of
    :data:`FIGSIZE`); ``alt`` describes it for readers who cannot see it. ``key`` names the
    rule that produced the finding (``knotenpunkte``, ``bruecken``, ``stadt_land``,
    ``laendliches_potenzial``, ``weisse_flecken``, ``doppelstrukturen``, ``veraenderung``).
    """

    key: str
    headline: str
    text: str
    figure: Callable[[], Figure]
    alt: str


@dataclass(frozen=True)
class PreviousWave:
    """The tables of the wave a report compares itself with."""

    wave: str
    akteure: pd.DataFrame
    netzwerke: pd.DataFrame
    mitgliedschaften: pd.DataFrame
    kennzahlen_akteure: pd.DataFrame


# --------------------------------------------------------------------------------------------
# words and numbers


def join_words(items: Sequence[str]) -> str:
    """``"A"``, ``"A und B"``, ``"A, B und C"``."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def percent(share: float) -> str:
    """A share (0–1) as German percent: whole percent from 10 %, one decimal below."""
    value = share * 100
    return f"{german_number(value, 0 if value >= 9.95 or value == 0 else 1)} %"


def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(math.nan, index=frame.index, dtype=float)
    return pd.to_numeric(frame[column], errors="coerce")


def _whole(value: float) -> str:
    return german_number(value, 0)


# --------------------------------------------------------------------------------------------
# small figures


def _new_figure() -> tuple[Figure, object]:
    fig = Figure(figsize=FIGSIZE)
    ax = fig.subplots()
    ax.tick_params(labelsize=_FONT, length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _count_axis(axis) -> None:
    """Whole numbers with German thousands separators."""
    axis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: german_number(v, 0)))


def _percent_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{german_number(v, 0)} %"))


def _finish(fig: Figure) -> Figure:
    fig.tight_layout(pad=0.4)
    return fig


#: Height of a bar, in rows (the label above it takes the rest).
_BAR = 0.42


def _bars(
    ax,
    labels: Sequence[str],
    segments: Sequence[tuple[Sequence[float], str, str | None]],
    *,
    values: Sequence[str] | None = None,
    width: int = 44,
) -> None:
    """Horizontal bars, one row per label, the label written above its bar (so long names
    need no margin) and the ``values`` (text) after its end. ``segments``: (lengths, colour,
    legend label) stacked from left to right."""
    n = len(labels)
    left = [0.0] * n
    for lengths, colour, label in segments:
        ax.barh(range(n), lengths, left=left, height=_BAR, color=colour, label=label)
        left = [a + float(b) for a, b in zip(left, lengths)]
    for i, label in enumerate(labels):
        ax.text(0, i - _BAR / 2 - 0.06, shorten(str(label), width), fontsize=_FONT, va="bottom")
    if values is not None:
        for i, (end, text) in enumerate(zip(left, values)):
            ax.text(end, i, f" {text}", fontsize=_FONT, va="center")
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_ylim(max(n, 4) - 0.5, -0.95)
    ax.set_xlim(0, max(max(left, default=1), 1) * 1.12)


def _legend_on_top(ax) -> None:
    ax.legend(
        frameon=False,
        fontsize=_FONT,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=3,
        borderaxespad=0.1,
        handlelength=1.2,
        columnspacing=1.0,
    )


def figure_png(fig: Figure, dpi: int = 144) -> tuple[str, int, int]:
    """The figure as base64 PNG with its display size in CSS pixels (96 per inch)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    width, height = fig.get_size_inches()
    return (
        base64.b64encode(buffer.getvalue()).decode("ascii"),
        round(width * 96),
        round(height * 96),
    )


# --------------------------------------------------------------------------------------------
# the earlier wave


def load_previous(ctx: WaveContext) -> PreviousWave | None:
    """The latest earlier wave with complete results
    (:func:`bildungsnetz.analysis.compare.previous_complete_wave`), or None."""
    wave = previous_complete_wave(ctx.data_dir, ctx.wave)
    if wave is None:
        return None
    t = load_wave(
        ctx.data_dir,
        wave,
        names=("akteure", "netzwerke", "mitgliedschaften", "kennzahlen_akteure"),
    )
    return PreviousWave(
        wave, t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"]
    )


# --------------------------------------------------------------------------------------------
# the findings, one function per rule


def _ranked_by_networks(actors: pd.DataFrame) -> pd.DataFrame:
    """Actors by number of networks, ties by PageRank, then by id (reproducible)."""
    frame = actors.assign(
        _netze=_numeric(actors, "anzahl_netzwerke").fillna(0),
        _pagerank=_numeric(actors, "pagerank").fillna(0),
    )
    return frame.sort_values(["_netze", "_pagerank", "akteur_id"], ascending=[False, False, True])


def hubs(ctx: WaveContext, n: int = N_HUBS) -> pd.DataFrame:
    """The hubs: the ``n`` actors with the most networks (ties: higher PageRank, then id),
    only actors in at least two networks (someone in a single network is no hub)."""
    ranked = _ranked_by_networks(ctx.actors)
    return ranked[ranked["_netze"] >= 2].head(n)


def hubs_finding(ctx: WaveContext) -> KeyFinding | None:
    """Who the hubs are.

    Rule: the :data:`N_HUBS` actors with the most networks (:func:`hubs`), named with their
    publishable names (pseudonyms for actors without consent), with their number of networks
    and the number of networks the lower half of all actors reaches at most (the median,
    rounded down). The actor first by PageRank (influence through partners; ties by id) is
    named as well, saying whether it is one of the hubs and how sure its first place is (its
    rank interval, :func:`~bildungsnetz.report.ranks.first_place_clause`). Left out
    without memberships or when no actor is in two networks. Figure: the five actors with
    the most networks, the hubs coloured.
    """
    if len(ctx.mitgliedschaften) == 0:
        return None
    top = hubs(ctx)
    if top.empty:
        return None
    names = list(top["akteur"])
    counts = [int(v) for v in top["_netze"]]
    all_counts = _numeric(ctx.actors, "anzahl_netzwerke").fillna(0)
    median = math.floor(float(all_counts.median()))
    n_networks = len(ctx.netzwerke)
    if len(names) == 1:
        headline = f"Knotenpunkt des Netzes ist {names[0]}."
        lead = f"Dieser Akteur wirkt in {_whole(counts[0])} der {_whole(n_networks)} Netzwerke mit"
    else:
        headline = f"Knotenpunkte des Netzes sind {join_words(names)}."
        lead = (
            f"Sie wirken in {join_words([_whole(c) for c in counts])} der "
            f"{_whole(n_networks)} Netzwerke mit"
        )
    text = (
        f"{lead}; die Hälfte aller Akteure ist in höchstens "
        f"{count_phrase(median, 'Netzwerk', 'Netzwerken')} dabei."
    )
    pagerank = _numeric(ctx.actors, "pagerank")
    if (pagerank > 0).any():
        first = (
            ctx.actors.assign(_pr=pagerank)
            .sort_values(["_pr", "akteur_id"], ascending=[False, True])
            .iloc[0]
        )
        ids = list(top["akteur_id"])
        if first["akteur_id"] in ids and len(ids) == 1:
            text += " Er hat auch den größten Einfluss über Partner (PageRank)."
        elif first["akteur_id"] in ids:
            which = _ORDINALS[ids.index(first["akteur_id"])]
            text += f" Der {which} von ihnen hat auch den größten Einfluss über Partner (PageRank)."
        else:
            text += f" Den größten Einfluss über Partner (PageRank) hat dagegen {first['akteur']}."
        text = text[:-1] + first_place_clause(first, "pagerank") + "."
    shown = _ranked_by_networks(ctx.actors).head(5)
    hub_ids = set(top["akteur_id"])

    def draw() -> Figure:
        fig, ax = _new_figure()
        values = [int(v) for v in shown["_netze"]]
        colours = [PALETTE[0] if i in hub_ids else _GREY for i in shown["akteur_id"]]
        _bars(
            ax, list(shown["akteur"]), [(values, colours, None)], values=[_whole(v) for v in values]
        )
        ax.set_xlabel("Zahl der Netzwerke", fontsize=_FONT_AXIS)
        _count_axis(ax.xaxis)
        return _finish(fig)

    return KeyFinding(
        "knotenpunkte",
        headline,
        text,
        draw,
        f"Balkendiagramm: die {len(shown)} Akteure mit den meisten Netzwerken, "
        f"{join_words(names)} hervorgehoben: "
        + join_words([f"{a} {_whole(v)}" for a, v in zip(shown["akteur"], shown["_netze"])])
        + ".",
    )


def _networks_by_state(ctx: WaveContext, actor_ids: Sequence[str]) -> pd.DataFrame:
    """For each actor: memberships in networks based in Brandenburg and in Saxony."""
    state = dict(zip(ctx.netzwerke["netzwerk_id"], ctx.netzwerke["bundesland"].fillna("")))
    members = ctx.mitgliedschaften[ctx.mitgliedschaften["akteur_id"].isin(actor_ids)]
    counts = (
        members.assign(_land=members["netzwerk_id"].map(state).fillna(""))
        .groupby(["akteur_id", "_land"])
        .size()
        .unstack(fill_value=0)
    )
    return counts.reindex(index=list(actor_ids), columns=list(STATES), fill_value=0)


def bridges_finding(ctx: WaveContext) -> KeyFinding | None:
    """The bridges between Brandenburg and Saxony.

    Rule: a bridge is an actor who is a member of networks based in Brandenburg AND of
    networks based in Saxony (participation over the states of its own networks above 0;
    networks for the whole Lausitz do not count) – as in
    :func:`bildungsnetz.report.tables.bridges_between_states`, strongest first (participation,
    then two-mode betweenness, then id). The finding gives their number and share of all
    actors and names the two strongest; when there is none, it says that the networks of the
    two states share no member. Left out without memberships or when not both states have
    networks with a known seat. Figure: the (up to five) strongest bridges with their
    networks in each state; without bridges the networks per state.
    """
    if len(ctx.mitgliedschaften) == 0 or not has_values(ctx.netzwerke, "bundesland"):
        return None
    per_state = ctx.netzwerke["bundesland"].value_counts()
    if not all(per_state.get(s, 0) > 0 for s in STATES):
        return None
    actors = ctx.actors.assign(
        _p=_numeric(ctx.actors, "participation_bundesland_netzwerke").fillna(0),
        _b=_numeric(ctx.actors, "betweenness").fillna(0),
    )
    bridges = actors[actors["_p"] > 0].sort_values(
        ["_p", "_b", "akteur_id"], ascending=[False, False, True]
    )
    if bridges.empty:

        def draw_states() -> Figure:
            fig, ax = _new_figure()
            ax.bar(list(STATES), [int(per_state[s]) for s in STATES], color=PALETTE[:2])
            ax.set_ylabel("Netzwerke mit Sitz im Land", fontsize=_FONT_AXIS)
            _count_axis(ax.yaxis)
            return _finish(fig)

        return KeyFinding(
            "bruecken",
            "Kein Akteur verbindet Brandenburg und Sachsen.",
            f"Die {_whole(per_state['Brandenburg'])} Netzwerke mit Sitz in Brandenburg und die "
            f"{_whole(per_state['Sachsen'])} mit Sitz in Sachsen haben kein gemeinsames "
            "Mitglied; Netzwerke für die ganze Lausitz sind dabei nicht gezählt.",
            draw_states,
            "Säulendiagramm: Zahl der Netzwerke mit Sitz in Brandenburg und in Sachsen.",
        )
    k = len(bridges)
    names = list(bridges["akteur"].head(2))
    share = percent(k / len(ctx.actors))
    if k == 1:
        headline = "Ein Akteur verbindet Brandenburg und Sachsen."
        text = (
            f"Nur {names[0]} wirkt in Netzwerken mit Sitz in beiden Ländern mit (Netzwerke für "
            "die ganze Lausitz nicht gezählt)."
        )
    else:
        headline = f"{_whole(k)} Akteure verbinden Brandenburg und Sachsen."
        text = (
            "Sie wirken in Netzwerken mit Sitz in beiden Ländern mit, am stärksten "
            f"{join_words(names)} – zusammen {share} aller Akteure (Netzwerke für die ganze "
            "Lausitz nicht gezählt)."
        )
    shown = bridges.head(5)
    counts = _networks_by_state(ctx, list(shown["akteur_id"]))

    def draw() -> Figure:
        fig, ax = _new_figure()
        segments = [(list(counts[s]), c, s) for c, s in zip(PALETTE[:2], STATES)]
        _bars(ax, list(shown["akteur"]), segments)
        ax.set_xlabel("Zahl ihrer Netzwerke mit Sitz in …", fontsize=_FONT_AXIS)
        _legend_on_top(ax)
        _count_axis(ax.xaxis)
        return _finish(fig)

    return KeyFinding(
        "bruecken",
        headline,
        text,
        draw,
        f"Gestapeltes Balkendiagramm: für die {len(shown)} stärksten Brücken die Zahl ihrer "
        "Netzwerke mit Sitz in Brandenburg und in Sachsen.",
    )


def _urban_change(now: float, before: float, wave: str) -> str:
    """The sentence about the change of the urban share of memberships since ``wave``."""
    if abs(now - before) * 100 < 1:
        return f" Seit der Welle {wave} ({percent(before)}) kaum verändert."
    return f" In der Welle {wave} waren es {percent(before)}."


def urban_finding(ctx: WaveContext, previous: PreviousWave | None = None) -> KeyFinding | None:
    """How urban the networks are, and how that changed since the previous wave.

    Rule: the share of memberships held by actors in urban places (municipalities of at least
    15,000 inhabitants, ``raumtyp`` of the gazetteer; only actors with a known place type
    count) against the share of the region's population living in urban municipalities (the
    gazetteer, each municipality once; without population figures: against the share of
    urban actors). A lead of at least 5 percentage points is called „städtisch geprägt“, a
    shortfall of 5 or more „ländlich geprägt“, anything between „ausgewogen“. With a previous
    complete wave the change of the memberships' share in percentage points is given (below
    1 point: „kaum verändert“); without one nothing is said about change. Left out when no
    membership belongs to an actor with a known place type. Figure: the urban share of
    population, actors and memberships, the previous wave's values as markers.
    """
    gazetteer = load_reference(ctx.data_dir).gemeinden
    shares = urban_shares(ctx.akteure, ctx.mitgliedschaften, gazetteer)
    if shares.n_memberships == 0:
        return None
    before: UrbanShares | None = None
    if previous is not None:
        before = urban_shares(previous.akteure, previous.mitgliedschaften, gazetteer)
        if before.n_memberships == 0:
            before = None
    text = _urban_text(shares)
    if before is not None and previous is not None:
        text += _urban_change(shares.memberships, before.memberships, previous.wave)
    rows = _urban_rows(shares, before)
    return KeyFinding(
        "stadt_land",
        _urban_headline(shares),
        text,
        lambda: _draw_urban(rows, ctx.wave, previous),
        "Balkendiagramm: Anteil in Städten bei "
        + join_words([f"{r[0]} ({german_number(r[1] * 100, 0)} %)" for r in rows])
        + (f"; Rauten: Welle {previous.wave}." if before is not None and previous else "."),
    )


def _urban_headline(shares: UrbanShares) -> str:
    """Headline: urban, rural or balanced, by the memberships' lead over the population."""
    base = shares.population if math.isfinite(shares.population) else shares.actors
    lead = shares.memberships - base
    m = percent(shares.memberships)
    if lead >= 0.05:
        return (
            f"Die Netzwerke sind städtisch geprägt: {m} der Mitgliedschaften entfallen auf "
            "Akteure in Städten."
        )
    if lead <= -0.05:
        return (
            f"Die Netzwerke sind ländlich geprägt: nur {m} der Mitgliedschaften entfallen auf "
            "Akteure in Städten."
        )
    return (
        f"Stadt und Land sind ausgewogen vertreten: {m} der Mitgliedschaften entfallen auf "
        "Akteure in Städten."
    )


def _urban_text(shares: UrbanShares) -> str:
    """Sentence on the urban share of the population (if known) and of the actors."""
    if math.isfinite(shares.population):
        return (
            f"In Städten leben {percent(shares.population)} der Einwohner, und "
            f"{percent(shares.actors)} der Akteure sitzen dort."
        )
    return f"{percent(shares.actors)} der Akteure haben ihren Sitz in einer Stadt."


def _urban_rows(shares: UrbanShares, before: UrbanShares | None) -> list[tuple[str, float, float]]:
    """Figure rows (label, urban share now, share in the previous wave); unknown ones left out."""
    rows = [("Einwohner", shares.population, math.nan)]
    rows += [
        ("Akteure", shares.actors, before.actors if before else math.nan),
        ("Mitgliedschaften", shares.memberships, before.memberships if before else math.nan),
    ]
    return [r for r in rows if math.isfinite(r[1])]


def _draw_urban(
    rows: list[tuple[str, float, float]], wave: str, previous: PreviousWave | None
) -> Figure:
    """Bar chart of the urban shares, the previous wave's values as diamond markers."""
    fig, ax = _new_figure()
    y = list(range(len(rows)))
    values = [r[1] * 100 for r in rows]
    _bars(ax, [r[0] for r in rows], [(values, PALETTE[0], f"Welle {wave}")])
    for yi, value, row in zip(y, values, rows):
        end = max(value, row[2] * 100) if math.isfinite(row[2]) else value
        ax.text(end + 1.5, yi, f"{german_number(value, 0)} %", fontsize=_FONT, va="center")
    earlier = [(yi, r[2] * 100) for yi, r in zip(y, rows) if math.isfinite(r[2])]
    if earlier and previous is not None:
        ax.scatter(
            [v for _, v in earlier],
            [yi for yi, _ in earlier],
            marker="D",
            s=16,
            color=PALETTE[1],
            zorder=3,
            label=f"Welle {previous.wave}",
        )
        _legend_on_top(ax)
    ax.set_xlim(0, 115)
    ax.set_xticks([0, 25, 50, 75, 100])
    _percent_axis(ax.xaxis)
    ax.set_xlabel("Anteil in Städten (ab 15.000 Einwohnern)", fontsize=_FONT_AXIS)
    return _finish(fig)


def rural_potential_finding(
    ctx: WaveContext, rural_weight: float | None = None, n: int = N_POTENTIALS
) -> KeyFinding | None:
    """Where the rural potential lies.

    Rule: among the ``n`` strongest actor–actor suggestions for new cooperation, those that
    involve an actor in a rural place, counted per district of that rural actor
    (:func:`bildungsnetz.analysis.keyfigures.rural_potential_by_district`). The headline names
    the district(s) with the most such suggestions (up to three tied; more ties: „verteilt
    sich“), the text the number of suggestions with a rural actor and the three leading
    districts with their counts; with ``rural_weight`` other than 1 it says that rural
    suggestions were weighted up. Left out when no actor's place type is known, there are no
    suggestions, or none involves a rural actor. Figure: suggestions with a rural actor per
    district.
    """
    if not has_values(ctx.actors, "raumtyp"):
        return None
    potentials = ctx.results["potenziale"]
    pairs = potentials[potentials["art"] == "akteur_akteur"].head(n)
    if pairs.empty:
        return None
    by_district = rural_potential_by_district(potentials, ctx.actors, n)
    if by_district.empty:
        return None
    rural = set(ctx.actors.loc[ctx.actors["raumtyp"] == RURAL, "akteur_id"])
    involved = int(sum(a in rural or b in rural for a, b in zip(pairs["id_a"], pairs["id_b"])))
    labels = [d or _NO_DISTRICT for d in by_district["landkreis"]]
    counts = [int(c) for c in by_district["vorschlaege"]]
    leaders = [d for d, c in zip(labels, counts) if c == counts[0]]
    if len(leaders) > 3:
        headline = "Ländliches Kooperationspotenzial verteilt sich auf viele Landkreise."
    else:
        headline = f"Ländliches Kooperationspotenzial liegt vor allem in {join_words(leaders)}."
    leading = join_words([f"{d} ({_whole(c)})" for d, c in list(zip(labels, counts))[:3]])
    of_pairs = (
        f"Alle {_whole(len(pairs))}"
        if involved == len(pairs) and len(pairs) > 1
        else f"{_whole(involved)} der {_whole(len(pairs))}"
    )
    text = (
        f"{of_pairs} stärksten Vorschläge für neue Kooperationen betreffen einen ländlichen "
        f"Akteur, am häufigsten in {leading}"
    )
    if rural_weight is not None and math.isfinite(rural_weight) and rural_weight != 1:
        text += f"; ländliche Vorschläge zählen {german_number(rural_weight, 1)}-fach."
    else:
        text += "."

    def draw() -> Figure:
        fig, ax = _new_figure()
        _bars(ax, labels, [(counts, PALETTE[2], None)], values=[_whole(c) for c in counts])
        ax.set_xlabel(
            f"Vorschläge mit ländlichem Akteur (von {_whole(len(pairs))})", fontsize=_FONT_AXIS
        )
        _count_axis(ax.xaxis)
        return _finish(fig)

    return KeyFinding(
        "laendliches_potenzial",
        headline,
        text,
        draw,
        "Balkendiagramm: Zahl der stärksten Kooperationsvorschläge mit einem ländlichen Akteur "
        "je Landkreis: " + join_words([f"{d} {_whole(c)}" for d, c in zip(labels, counts)]) + ".",
    )


def white_spots(ctx: WaveContext) -> pd.DataFrame:
    """The topic × district cells of the topics × districts matrix without any network
    (columns ``thema``, ``landkreis``, in the matrix's order)."""
    matrix = ctx.results["themen_landkreise"]
    rows = [
        (topic, district)
        for topic in matrix.index
        for district in matrix.columns
        if float(matrix.at[topic, district]) == 0
    ]
    return pd.DataFrame(rows, columns=["thema", "landkreis"])


def white_spots_finding(ctx: WaveContext) -> KeyFinding | None:
    """White spots: topics without any network in a district.

    Rule: the cells of the topics × districts matrix (networks in which actors of the
    district work, per topic) that are 0 (:func:`white_spots`). The headline names the
    topic(s) missing in the most districts (up to two tied, else their number); the text
    names those districts when there are at most five, the other gaps when there are at most
    three (else the district with the most gaps), and the total of empty cells. Left out when
    the matrix cannot be drawn (no topics, no districts) or has no empty cell. Figure: per
    topic with a gap, the number of districts without a network.
    """
    if topic_district_gap(ctx):
        return None
    gaps = white_spots(ctx)
    if gaps.empty:
        return None
    matrix = ctx.results["themen_landkreise"]
    n_districts = len(matrix.columns)
    per_topic = gaps.groupby("thema", sort=False)["landkreis"].apply(list)
    order = sorted(per_topic.index, key=lambda t: (-len(per_topic[t]), str(t)))
    most = len(per_topic[order[0]])
    leaders = [t for t in order if len(per_topic[t]) == most]
    nowhere = most == n_districts
    where = "in keinem Landkreis" if nowhere else f"in {most} von {n_districts} Landkreisen"
    missing = "ein Netzwerk" if nowhere else "kein Netzwerk"
    if len(leaders) == 1:
        headline = f"Weiße Flecken: Zu {leaders[0]} gibt es {where} {missing}."
    elif len(leaders) == 2:
        each = "" if nowhere else "je "
        headline = f"Weiße Flecken: Zu {join_words(leaders)} gibt es {each}{where} {missing}."
    elif nowhere:
        headline = (
            f"Weiße Flecken: Zu {len(leaders)} Themen gibt es in keinem Landkreis ein Netzwerk."
        )
    else:
        headline = f"Weiße Flecken: {len(leaders)} Themen fehlen je {where}."
    sentences = []
    if len(leaders) == 1 and most < n_districts and most <= 5:
        sentences.append(f"Betroffen sind {join_words(per_topic[leaders[0]])}.")
    others = gaps[~gaps["thema"].isin(leaders)]
    total = f"{_whole(len(gaps))} von {_whole(matrix.size)} Kombinationen aus Thema und Landkreis"
    if 0 < len(others) <= 3:
        parts = [
            f"{topic} in {join_words(list(group['landkreis']))}"
            for topic, group in others.groupby("thema", sort=False)
        ]
        sentences.append(f"Außerdem fehlt {join_words(parts)}.")
    else:
        per_district = gaps["landkreis"].value_counts()
        worst = sorted(per_district.index, key=lambda d: (-per_district[d], str(d)))[0]
        sentences.append(
            f"Insgesamt bleiben {total} ohne Netzwerk; die meisten Lücken hat {worst} "
            f"({count_phrase(int(per_district[worst]), 'Thema', 'Themen')})."
        )
    shown = order[:6]

    def draw() -> Figure:
        fig, ax = _new_figure()
        values = [len(per_topic[t]) for t in shown]
        _bars(ax, shown, [(values, PALETTE[5], None)], values=[_whole(v) for v in values])
        ax.set_xlim(0, n_districts * 1.12)
        ax.set_xlabel(f"Landkreise ohne Netzwerk (von {n_districts})", fontsize=_FONT_AXIS)
        _count_axis(ax.xaxis)
        return _finish(fig)

    return KeyFinding(
        "weisse_flecken",
        headline,
        " ".join(sentences),
        draw,
        "Balkendiagramm: für jedes Thema mit Lücken die Zahl der Landkreise ohne Netzwerk: "
        + join_words([f"{t} {len(per_topic[t])}" for t in shown])
        + ".",
    )


def duplicates_finding(ctx: WaveContext) -> KeyFinding | None:
    """Duplicate structures: how many network pairs, and the strongest.

    Rule: the pairs the analysis flags as possible duplicate structures
    (``doppelstrukturen``), strongest first (score, then the order of the analysis); the
    text names the strongest pair with its shared members out of the members of both together
    and its shared topics (up to three named). Left out when no pair is flagged. Figure: for
    the (up to three) strongest pairs, the members only in the one, in both, only in the
    other network.
    """
    frame = ctx.results["doppelstrukturen"]
    if len(frame) == 0:
        return None
    frame = frame.assign(_score=_numeric(frame, "score").fillna(0)).sort_values(
        "_score", ascending=False, kind="stable"
    )
    n = len(frame)
    first = frame.iloc[0]
    shared = int(float(first["gemeinsame_mitglieder"]))
    union = int(float(first["mitglieder_a"])) + int(float(first["mitglieder_b"])) - shared
    headline = (
        "Ein Netzwerkpaar arbeitet möglicherweise doppelt."
        if n == 1
        else f"{_whole(n)} Netzwerkpaare arbeiten möglicherweise doppelt."
    )
    pair = f"„{first['netzwerk_a']}“ und „{first['netzwerk_b']}“"
    text = (
        f"{'Es sind' if n == 1 else 'Am deutlichsten'} {pair}: {_whole(shared)} ihrer "
        f"zusammen {_whole(union)} Mitglieder sind in beiden"
    )
    topics = [t.strip() for t in str(first.get("gemeinsame_themen", "")).split(";") if t.strip()]
    if 0 < len(topics) <= 2:
        text += f", beide arbeiten zu {join_words(topics)}."
    elif topics:
        text += f", bei {len(topics)} gleichen Themen."
    else:
        text += "."
    shown = frame.head(3)

    def draw() -> Figure:
        fig, ax = _new_figure()
        both = [int(float(v)) for v in shown["gemeinsame_mitglieder"]]
        only_a = [int(float(v)) - b for v, b in zip(shown["mitglieder_a"], both)]
        only_b = [int(float(v)) - b for v, b in zip(shown["mitglieder_b"], both)]
        labels = [
            f"{shorten(a, 22)} / {shorten(b, 22)}"
            for a, b in zip(shown["netzwerk_a"], shown["netzwerk_b"])
        ]
        segments = [
            (only_a, _GREY, "nur in einem"),
            (both, PALETTE[3], "in beiden"),
            (only_b, _GREY, None),
        ]
        _bars(ax, labels, segments, width=48)
        ax.set_xlabel("Mitglieder der beiden Netzwerke", fontsize=_FONT_AXIS)
        _legend_on_top(ax)
        _count_axis(ax.xaxis)
        return _finish(fig)

    return KeyFinding(
        "doppelstrukturen",
        headline,
        text,
        draw,
        f"Gestapeltes Balkendiagramm: für die {len(shown)} deutlichsten Netzwerkpaare die "
        "Mitglieder nur im einen Netzwerk, in beiden und nur im anderen.",
    )


def changes_finding(ctx: WaveContext, previous: PreviousWave | None) -> KeyFinding | None:
    """What changed since the last wave.

    Rule: actors and networks of this wave against the latest earlier wave with complete
    results (:func:`load_previous`), by their stable ids: new, no longer there. The headline
    says whether the number of actors grew, shrank or stayed; the text gives the counts and
    the newcomers among the :data:`N_TOP_CHANGE` actors with the most networks (ranked as the
    hubs; at most three named). Left out without an earlier complete wave. Figure: new and
    departed actors and networks.
    """
    if previous is None:
        return None
    actors = entity_status(previous.akteure["akteur_id"], ctx.akteure["akteur_id"])
    networks = entity_status(previous.netzwerke["netzwerk_id"], ctx.netzwerke["netzwerk_id"])
    new_a, left_a = len(actors["neu"]), len(actors["ausgeschieden"])
    new_n, left_n = len(networks["neu"]), len(networks["ausgeschieden"])
    growth = len(ctx.akteure) - len(previous.akteure)
    since = f"Seit der Welle {previous.wave}"
    if growth > 0:
        headline = f"{since} ist das Netz um {count_phrase(growth, 'Akteur', 'Akteure')} gewachsen."
    elif growth < 0:
        headline = (
            f"{since} ist das Netz um {count_phrase(-growth, 'Akteur', 'Akteure')} kleiner "
            "geworden."
        )
    else:
        headline = f"{since} ist die Zahl der Akteure gleich geblieben."
    text = (
        f"{count_phrase(new_a, 'Akteur kam', 'Akteure kamen')} hinzu, {_whole(left_a)} "
        f"{'ist' if left_a == 1 else 'sind'} nicht mehr dabei; bei den Netzwerken "
        f"{_whole(new_n)} neu, {_whole(left_n)} nicht mehr."
    )
    top_now = _ranked_by_networks(ctx.actors).head(N_TOP_CHANGE)
    top_before = set(
        _ranked_by_networks(previous.kennzahlen_akteure).head(N_TOP_CHANGE)["akteur_id"]
    )
    newcomers = list(top_now.loc[~top_now["akteur_id"].isin(top_before), "akteur"])
    if len(ctx.actors) > N_TOP_CHANGE:
        if not newcomers:
            text += (
                f" Die {N_TOP_CHANGE} Akteure mit den meisten Netzwerken sind dieselben wie "
                f"{previous.wave}."
            )
        elif len(newcomers) <= 3:
            text += (
                f" Neu unter den {N_TOP_CHANGE} mit den meisten Netzwerken: "
                f"{join_words(newcomers)}."
            )
        else:
            text += (
                f" Unter den {N_TOP_CHANGE} Akteuren mit den meisten Netzwerken sind "
                f"{len(newcomers)} neu."
            )

    def draw() -> Figure:
        fig, ax = _new_figure()
        groups = ["Akteure", "Netzwerke"]
        x = [0, 1]
        width = 0.36
        ax.bar([i - width / 2 for i in x], [new_a, new_n], width, color=PALETTE[2], label="neu")
        ax.bar(
            [i + width / 2 for i in x],
            [left_a, left_n],
            width,
            color=PALETTE[5],
            label="nicht mehr dabei",
        )
        ax.set_xticks(x)
        ax.set_xticklabels(groups, fontsize=_FONT_AXIS)
        ax.set_ylabel(f"seit Welle {previous.wave}", fontsize=_FONT_AXIS)
        ax.legend(frameon=False, fontsize=_FONT)
        _count_axis(ax.yaxis)
        return _finish(fig)

    return KeyFinding(
        "veraenderung",
        headline,
        text,
        draw,
        f"Säulendiagramm: seit der Welle {previous.wave} neue Akteure ({_whole(new_a)}) und "
        f"Netzwerke ({_whole(new_n)}), nicht mehr dabei {_whole(left_a)} Akteure und "
        f"{_whole(left_n)} Netzwerke.",
    )


# --------------------------------------------------------------------------------------------
# the block

_AUTO = object()


def key_findings(
    ctx: WaveContext, *, rural_weight: float | None = None, previous=_AUTO
) -> list[KeyFinding]:
    """The key findings of a wave, in a fixed order, at most :data:`MAX_FINDINGS`.

    Order: hubs, bridges between the states, urban orientation (and its change), rural
    potential, white spots, duplicate structures, change since the last wave. Each comes from
    its own rule (see the ``*_finding`` functions); findings without data are left out, so a
    tiny wave has fewer. ``previous``: the earlier wave to compare with (default: the latest
    earlier wave with complete results, :func:`load_previous`; None: none).
    """
    before = load_previous(ctx) if previous is _AUTO else previous
    candidates = [
        hubs_finding(ctx),
        bridges_finding(ctx),
        urban_finding(ctx, before),
        rural_potential_finding(ctx, rural_weight),
        white_spots_finding(ctx),
        duplicates_finding(ctx),
        changes_finding(ctx, before),
    ]
    return [f for f in candidates if f is not None][:MAX_FINDINGS]


def finding_html(finding: KeyFinding) -> str:
    """One finding as an ``<article>``: bold headline, text, the figure as embedded PNG."""
    fig = finding.figure()
    data, width, height = figure_png(fig)
    return (
        '<article class="kernergebnis">'
        f'<p class="kernergebnis-titel"><strong>{html.escape(finding.headline)}</strong></p>'
        f'<p class="kernergebnis-text">{html.escape(finding.text)}</p>'
        f'<img class="kernergebnis-bild" src="data:image/png;base64,{data}" '
        f'alt="{html.escape(finding.alt, quote=True)}" width="{width}" height="{height}">'
        "</article>"
    )


def key_findings_html(ctx: WaveContext, *, rural_weight: float | None = None) -> HtmlFragment:
    """„Die wichtigsten Ergebnisse“ as one block for the report notebook (escaped text).

    A ``<section class="kernergebnisse">`` with the heading and a grid of the findings; the
    HTML export puts the table of contents after it, and the print style keeps it on the
    first page. Without any finding the block says so in one sentence.
    """
    findings = key_findings(ctx, rural_weight=rural_weight)
    if findings:
        body = '<div class="kernergebnisse-raster">' + "".join(map(finding_html, findings))
        body += "</div>"
    else:
        body = (
            '<p class="kernergebnis-text">Für diese Welle liegen zu wenige Angaben vor, um '
            "zentrale Ergebnisse zu nennen; die folgenden Abschnitte sagen, was fehlt.</p>"
        )
    return HtmlFragment(
        '<section class="kernergebnisse" aria-labelledby="die-wichtigsten-ergebnisse">'
        f'<h2 id="die-wichtigsten-ergebnisse">{html.escape(TITLE)}</h2>{body}</section>',
        summary=TITLE,
    )
