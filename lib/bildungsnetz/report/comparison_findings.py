"""„Die wichtigsten Ergebnisse“ of the comparison page: what changed, in plain German.

Each finding is chosen and worded by one function whose docstring states its rule; the
numbers come from :mod:`bildungsnetz.analysis.compare`. Two comparisons are made over the
complete waves of a :class:`~bildungsnetz.analysis.compare.WaveSeries`: the newest wave against
the previous one (what changed since the last survey) and against the first one (the trend).
With two waves both are the same and said once.

A finding whose data are missing (a wave without places, without memberships, without
suggestions …) is left out; :func:`comparison_findings` returns the findings and one German
sentence naming what was left out and why. With fewer than two complete waves there are no
findings, only :func:`findings_gap`'s sentence.

Figures are small (about 3.4 × 1.9 inches), drawn with matplotlib's object-oriented API and
German numbers on their axes. :func:`findings_html` writes the block in the markup of the wave
report's key findings (``section.kernergebnisse``, print rules in
``templates/bericht/bericht.css``); :func:`show_findings` displays it in the notebook.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bildungsnetz.analysis import backtest, compare
from bildungsnetz.analysis.compare import WaveSeries
from bildungsnetz.report.gaps import NoData
from bildungsnetz.report.htmlsafe import GRAU, PALETTE, HtmlFragment
from bildungsnetz.report.numbers import PERCENT, GermanTickFormatter, NumberFormat, with_formats
from bildungsnetz.text import german_number, shorten

__all__ = [
    "ChangeFinding",
    "Findings",
    "STABLE_POINTS",
    "STABLE_STRUCTURE",
    "FACTOR_CLEARLY",
    "FACTOR_SOMEWHAT",
    "MIN_BASE_FOR_PERCENT",
    "comparison_findings",
    "findings_gap",
    "findings_html",
    "show_findings",
    "BACKTEST_LABELS",
    "backtest_results",
    "backtest_display",
    "backtest_sentence",
    "backtest_workbook",
    "BACKTEST_MIN_RATIO",
    "response_over_waves_sentence",
]

#: The back-test judges the best ``k`` candidates only when there are at least this many
#: times ``k`` of them (else the best are nearly all and match the random rate).
BACKTEST_MIN_RATIO = 4
#: A share that moved by less than this many percentage points counts as unchanged.
STABLE_POINTS = 2.0
#: Density or centralisation (both 0–1) that moved by less than this counts as unchanged.
STABLE_STRUCTURE = 0.02
#: Suggestions realised at least this many times as often as random pairs: „deutlich besser“.
FACTOR_CLEARLY = 1.5
#: … at least this many times (and below :data:`FACTOR_CLEARLY`): „etwas besser“; between
#: ``1 / FACTOR_SOMEWHAT`` and this: „nicht besser als der Zufall“.
FACTOR_SOMEWHAT = 1.1
#: Relative growth of a district is named only when it had at least this many actors before
#: (small numbers make percentages jump).
MIN_BASE_FOR_PERCENT = 5

#: The block's heading and its anchor (as on the wave report).
TITLE = "Die wichtigsten Ergebnisse"
HEADING_ID = "die-wichtigsten-ergebnisse"
FIGSIZE = (3.4, 1.9)
FONT = 7
DPI = 144
#: Colours: current/„ours“ and the comparison („previous“, „random“).
BLUE, ORANGE, GREEN = PALETTE[0], PALETTE[1], PALETTE[2]

_NUMBER_WORDS = {
    2: "Zwei",
    3: "Drei",
    4: "Vier",
    5: "Fünf",
    6: "Sechs",
    7: "Sieben",
    8: "Acht",
    9: "Neun",
    10: "Zehn",
    11: "Elf",
    12: "Zwölf",
}


@dataclass(frozen=True)
class ChangeFinding:
    """One finding: a bold headline sentence, one to three sentences, a small figure.

    Attributes
    ----------
    key : str
        Stable name of the rule (``wachstum``, ``landkreise``, ``stadt_land``, ``struktur``,
        ``spitze``, ``vorschlaege``).
    headline : str
        The finding in one sentence (shown bold).
    text : str
        What it rests on, with numbers.
    figure : callable
        Draws the small figure (called once, when the block is written).
    alt : str
        What the figure shows, for readers who cannot see it.
    """

    key: str
    headline: str
    text: str
    figure: Callable[[], Figure]
    alt: str


@dataclass
class Findings:
    """The findings of a series and what had to be left out.

    Attributes
    ----------
    items : list of ChangeFinding
        In page order.
    left_out : list of str
        German noun phrases with the reason, e.g. „Stadt und Land (keine Angaben zum
        Raumtyp)“.
    """

    items: list[ChangeFinding] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def left_out_sentence(self) -> str | None:
        """One sentence naming what was left out, or None."""
        if not self.left_out:
            return None
        parts = self.left_out
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} und {parts[-1]}"
        return f"Nicht ausgewiesen werden {listed}."


# --------------------------------------------------------------------------------------------
# German numbers in sentences


#: No-break space between a number and „%“ (the two never part at a line end).
NBSP = "\u00a0"


def _count(value: float) -> str:
    return german_number(int(round(float(value))), 0)


def _percent(share: float) -> str:
    """A fraction (0–1) as „17 %“; above 0 but below half a percent „weniger als 1 %“
    (as the tables write „< 1 %“), not a misleading „0 %“."""
    value = float(share) * 100
    if 0 < value < 0.5:
        return f"weniger als 1{NBSP}%"
    return f"{german_number(round(value), 0)}{NBSP}%"


def _signed_percent(value: float) -> str:
    """A change in percent as „+28 %“ / „−12 %“ / „±0 %“."""
    rounded = round(float(value))
    if rounded == 0:
        return f"±0{NBSP}%"
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{german_number(abs(rounded), 0)}{NBSP}%"


def _signed_count(value: float) -> str:
    rounded = int(round(float(value)))
    if rounded == 0:
        return "±0"
    return f"{'+' if rounded > 0 else '−'}{german_number(abs(rounded), 0)}"


def _points(value: float) -> str:
    """Percentage points: „1 Prozentpunkt“, „3 Prozentpunkte“."""
    n = int(round(abs(float(value))))
    return f"{german_number(n, 0)} Prozentpunkt{'' if n == 1 else 'e'}"


def _actors_word(count: float) -> str:
    """„Akteur“ for one, else „Akteure“."""
    return "Akteur" if abs(int(round(float(count)))) == 1 else "Akteure"


def _networks(count: float) -> str:
    """„1 Netzwerk“, „100 Netzwerken“ (dative, after „in“)."""
    n = int(round(float(count)))
    return f"{_count(n)} Netzwerk{'' if n == 1 else 'en'}"


def _decimal(value: float, digits: int = 2) -> str:
    return german_number(float(value), digits)


def _times(factor: float) -> str:
    """„1,1-mal“ (one decimal)."""
    return f"{german_number(float(factor), 1)}-mal"


def _finite(*values) -> bool:
    try:
        return all(math.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def _moved(before: float, after: float) -> tuple[str, str]:
    """Verb and rest for a count: („stieg“, „von 252 auf 322 (+28 %)“), („sank“, …),
    („blieb“, „bei 322“)."""
    if int(before) == int(after):
        return "blieb", f"bei {_count(after)}"
    verb = "stieg" if after > before else "sank"
    change = compare.percent_change(before, after)
    share = f" ({_signed_percent(change)})" if _finite(change) else ""
    return verb, f"von {_count(before)} auf {_count(after)}{share}"


# --------------------------------------------------------------------------------------------
# small figures


def _axis_german(ax, axis: str = "y", digits: int = 0, percent: bool = False) -> None:
    """German tick labels on one axis (thousands point, decimal comma; „%“ for shares 0–1)."""
    formatter = GermanTickFormatter(digits, percent=percent, scale=100 if percent else 1)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _small_figure() -> tuple[Figure, object]:
    fig = Figure(figsize=FIGSIZE)
    ax = fig.subplots()
    ax.tick_params(labelsize=FONT)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig, ax


def _png(fig: Figure) -> tuple[str, int, int]:
    """Base64 PNG of a figure with its display size (px at 96 dpi)."""
    import struct

    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=DPI,
        bbox_inches="tight",
        facecolor="white",
        metadata={"Software": None},
    )
    data = buffer.getvalue()
    width, height = struct.unpack(">II", data[16:24])
    factor = DPI / 96.0
    return base64.b64encode(data).decode("ascii"), round(width / factor), round(height / factor)


# --------------------------------------------------------------------------------------------
# the findings, one rule each


def _waves(series: WaveSeries) -> tuple[str, str, str]:
    """First, previous and newest compared wave."""
    return series.waves[0], series.waves[-2], series.waves[-1]


def growth_finding(series: WaveSeries) -> ChangeFinding:
    """Growth of actors and networks.

    Rule: the number of actors and of networks (rows of the cleaned tables,
    :func:`~bildungsnetz.analysis.compare.size_over_waves`) in the newest wave against the
    previous and the first wave, absolute and in percent (rounded to whole percent). The
    headline follows the actors since the previous wave: more → „gewachsen“, fewer →
    „geschrumpft“, equal → „so groß wie“. The turnover since the previous wave
    (actors only in the newest wave, actors of the previous wave missing in the newest,
    :func:`~bildungsnetz.analysis.compare.changes_over_waves`) is named too: a missing actor
    may have left or only not answered.
    """
    first, previous, last = _waves(series)
    size = compare.size_over_waves(series)
    a0, a1, a2 = (int(size.loc[w, "akteure"]) for w in (first, previous, last))
    n0, n1, n2 = (int(size.loc[w, "netzwerke"]) for w in (first, previous, last))
    headline = _growth_headline(previous, a1, a2, n2)
    verb_a, rest_a = _moved(a1, a2)
    verb_n, rest_n = _moved(n1, n2)
    text = (
        f"Seit {previous} {verb_a} die Zahl der Akteure {rest_a}; die der Netzwerke {verb_n} "
        f"{rest_n}."
    )
    if first != previous:
        text += _growth_since_first(first, a0, a2, n0, n2)
    text += _turnover_text(series, previous)
    alt = (
        f"Liniendiagramm: Zahl der Akteure und Netzwerke je Welle, zuletzt {_count(a2)} "
        f"Akteure und {_count(n2)} Netzwerke."
    )
    return ChangeFinding("wachstum", headline, text, lambda: _draw_growth(size), alt)


def _growth_headline(previous: str, a1: int, a2: int, n2: int) -> str:
    """Headline of the growth finding: the actors now against the previous wave."""
    change = compare.percent_change(a1, a2)
    if a2 != a1:
        more = "mehr" if a2 > a1 else "weniger"
        amount = (
            f"{_percent(abs(change) / 100)} {more} Akteure als {previous}"
            if _finite(change)
            else f"{_count(abs(a2 - a1))} Akteure {more} als {previous}"
        )
        headline = (
            f"Das Netz ist {'gewachsen' if a2 > a1 else 'geschrumpft'}: {_count(a2)} "
            f"{_actors_word(a2)} in {_networks(n2)}, {amount}."
        )
    else:
        headline = (
            f"Das Netz ist so groß wie {previous}: {_count(a2)} {_actors_word(a2)} in "
            f"{_networks(n2)}."
        )
    return headline


def _growth_since_first(first: str, a0: int, a2: int, n0: int, n2: int) -> str:
    """Sentence comparing the newest wave's actors and networks with the first wave."""
    changes = [compare.percent_change(a0, a2), compare.percent_change(n0, n2)]
    if all(_finite(c) for c in changes):
        return (
            f" Gegenüber {first} ({_count(a0)} {_actors_word(a0)}, {_count(n0)} "
            f"Netzwerk{'' if n0 == 1 else 'e'}) sind das "
            f"{_signed_percent(changes[0])} und {_signed_percent(changes[1])}."
        )
    return (
        f" {first} waren es {_count(a0)} {_actors_word(a0)} und {_count(n0)} "
        f"Netzwerk{'' if n0 == 1 else 'e'}."
    )


def _turnover_text(series: WaveSeries, previous: str) -> str:
    """Sentences on the actors new in the newest wave and those of the previous one missing."""
    text = ""
    turnover = compare.changes_over_waves(series, "akteure").iloc[-1]
    joined, left = int(turnover["neu"]), int(turnover["ausgeschieden"])
    if joined:
        text += (
            f" {_count(joined)} {_actors_word(joined)} {'ist' if joined == 1 else 'sind'} "
            "neu dabei;"
        )
    else:
        text += " Kein Akteur ist neu dabei;"
    if left:
        text += (
            f" {_count(left)} {_actors_word(left)} von {previous} "
            f"{'fehlt' if left == 1 else 'fehlen'} (ausgeschieden oder ohne Antwort)."
        )
    else:
        text += f" alle Akteure von {previous} sind noch dabei."
    return text


def _draw_growth(size: pd.DataFrame) -> Figure:
    """Line chart of the number of actors and networks per wave."""
    fig, ax = _small_figure()
    x = list(range(len(size)))
    for column, label, colour, marker in (
        ("akteure", "Akteure", BLUE, "o"),
        ("netzwerke", "Netzwerke", ORANGE, "s"),
    ):
        values = size[column].astype(float).tolist()
        ax.plot(x, values, marker=marker, color=colour, label=label, linewidth=1.6)
        ax.annotate(
            _count(values[-1]),
            (x[-1], values[-1]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=FONT,
            color=colour,
        )
    ax.set_xticks(x, list(size.index))
    ax.set_xlim(-0.3, len(x) - 0.4)
    ax.set_ylim(0, None)
    ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    _axis_german(ax, digits=0)
    ax.set_ylabel("Anzahl", fontsize=FONT)
    ax.legend(frameon=False, fontsize=FONT, loc="upper left")
    fig.tight_layout()
    return fig


def district_finding(series: WaveSeries) -> ChangeFinding | str:
    """Where the actors grew: the districts.

    Rule: actors per district (``landkreis`` of the cleaned actors; unknown districts left
    out) in the newest against the first wave (:func:`~bildungsnetz.analysis.compare.growth_by`).
    The headline names the district with the largest absolute increase (ties: alphabetical);
    if none grew, the one with the largest decrease; if nothing changed, says so. The text
    adds the district with the largest relative increase among those with at least
    :data:`MIN_BASE_FOR_PERCENT` actors in the first wave, and the districts that lost
    actors. Returns the reason (a German noun phrase) when no actor of the first or of the
    newest wave has a known district (a change could not be told from missing answers).
    """
    first, _, last = _waves(series)
    table = compare.growth_by(series, "landkreis")
    table = table[table["landkreis"] != compare.UNKNOWN]
    if not len(table) or table[first].sum() == 0 or table[last].sum() == 0:
        return "die Landkreise (Angaben zum Landkreis fehlen in der ersten oder neuesten Welle)"
    table = table.assign(
        _change=table[last] - table[first],
    ).sort_values(["_change", "landkreis"], ascending=[False, True])
    best = table.iloc[0]
    worst = table.sort_values(["_change", "landkreis"], ascending=[True, True]).iloc[0]
    if best["_change"] > 0:
        headline = (
            f"Am stärksten gewachsen ist {best['landkreis']}: "
            f"{_signed_count(best['_change'])} {_actors_word(best['_change'])} seit {first}."
        )
    elif worst["_change"] < 0:
        headline = (
            f"Kein Landkreis hat Akteure hinzugewonnen; am meisten verloren hat "
            f"{worst['landkreis']} ({_signed_count(worst['_change'])} seit {first})."
        )
    else:
        headline = f"In jedem Landkreis sind so viele Akteure dabei wie {first}."
    sentences = []
    if best["_change"] > 0:
        sentences.append(
            f"{best['landkreis']} zählt jetzt {_count(best[last])} "
            f"{_actors_word(best[last])} ({first}: "
            f"{_count(best[first])})."
        )
        based = table[(table[first] >= MIN_BASE_FOR_PERCENT) & (table["_change"] > 0)]
        if len(based):
            relative = based.assign(_p=based["_change"] / based[first]).sort_values(
                ["_p", "landkreis"], ascending=[False, True]
            )
            top = relative.iloc[0]
            sentences.append(
                f"Relativ am stärksten wuchs {top['landkreis']} "
                f"({_signed_percent(top['_p'] * 100)}, von {_count(top[first])} auf "
                f"{_count(top[last])})."
            )
    losers = table[table["_change"] < 0].sort_values(["_change", "landkreis"])
    if len(losers):
        named = [f"{r['landkreis']} ({_signed_count(r['_change'])})" for _, r in losers.iterrows()]
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} und {named[-1]}"
        sentences.append(f"Weniger Akteure als {first}: {listed}.")
    elif best["_change"] > 0:
        sentences.append(f"Kein Landkreis hat seit {first} Akteure verloren.")
    shown = table.sort_values(["_change", "landkreis"], ascending=[True, False])

    def draw() -> Figure:
        fig, ax = _small_figure()
        values = shown["_change"].astype(float).tolist()
        labels = [shorten(str(v), 24) for v in shown["landkreis"]]
        colours = [BLUE if v >= 0 else ORANGE for v in values]
        ax.barh(range(len(values)), values, color=colours, height=0.7)
        ax.set_yticks(range(len(values)), labels, fontsize=FONT - 0.5)
        ax.axvline(0, color="#666666", linewidth=0.8)
        ax.xaxis.set_major_locator(MaxNLocator(4, integer=True))
        _axis_german(ax, "x", digits=0)
        ax.set_xlabel(f"Akteure {last} gegenüber {first}", fontsize=FONT)
        fig.tight_layout()
        return fig

    alt = (
        f"Balkendiagramm: Veränderung der Zahl der Akteure je Landkreis von {first} bis "
        f"{last}; am stärksten {best['landkreis']} mit {_signed_count(best['_change'])}."
    )
    return ChangeFinding("landkreise", headline, " ".join(sentences), draw, alt)


def urban_finding(series: WaveSeries) -> ChangeFinding | str:
    """Urban vs rural: how urban the memberships and the actors are, and how that moved.

    Rule: share of the memberships held by actors in urban places (``raumtyp`` =
    „städtisch“) among the memberships of actors with a known place type, and the same share
    of the actors (:func:`~bildungsnetz.analysis.compare.urban_shares`), in the newest, the
    previous and the first wave. A move of less than :data:`STABLE_POINTS` percentage points
    counts as unchanged. The headline gives the newest membership share and its move since the
    previous wave; the text the actor share, and whether urban actors hold more memberships
    than their number suggests (membership share at least :data:`STABLE_POINTS` points above
    the actor share). Waves without known place types are skipped; with none left in the
    newest wave or in no earlier one the finding is left out.
    """
    first, previous, last = _waves(series)
    shares = compare.urban_shares(series)
    col_m, col_a = "anteil_mitgliedschaften_staedtisch", "anteil_akteure_staedtisch"
    known = [w for w in series.waves if _finite(shares.loc[w, col_m])]
    if last not in known or len(known) < 2:
        return "Stadt und Land (keine Angaben zum Raumtyp in mindestens zwei Wellen)"
    earlier = [w for w in known if w != last]
    reference = previous if previous in earlier else earlier[-1]
    m_last, m_ref = float(shares.loc[last, col_m]), float(shares.loc[reference, col_m])
    a_last = float(shares.loc[last, col_a])
    move = (m_last - m_ref) * 100
    if abs(move) < STABLE_POINTS:
        how = f"kaum anders als {reference}"
    elif move > 0:
        how = f"{_points(move)} mehr als {reference}"
    else:
        how = f"{_points(move)} weniger als {reference}"
    headline = f"{_percent(m_last)} der Mitgliedschaften entfallen auf Akteure in Städten – {how}."
    history = [f"{w}: {_percent(shares.loc[w, col_m])}" for w in reversed(earlier)]
    text = (
        f"{_percent(a_last)} der Akteure mit bekanntem Ort sitzen {last} im städtischen Raum; "
        f"auf sie entfallen {_percent(m_last)} der Mitgliedschaften ({'; '.join(history)})."
    )
    if (m_last - a_last) * 100 >= STABLE_POINTS:
        text += " Städtische Akteure sind also in mehr Netzwerken vertreten als ländliche."
    elif (a_last - m_last) * 100 >= STABLE_POINTS:
        text += " Ländliche Akteure sind also in mehr Netzwerken vertreten als städtische."
    first_known = known[0]
    if first_known != reference:
        long_move = (m_last - float(shares.loc[first_known, col_m])) * 100
        if abs(long_move) >= STABLE_POINTS:
            gainer = "der ländliche" if long_move < 0 else "der städtische"
            text += f" Seit {first_known} hat {gainer} Raum um {_points(long_move)} zugelegt."
        else:
            text += f" Seit {first_known} hat sich das Verhältnis kaum verschoben."
    drawn = shares.loc[known]

    def draw() -> Figure:
        fig, ax = _small_figure()
        urban = drawn[col_m].astype(float).tolist()
        y = list(range(len(urban)))[::-1]
        ax.barh(y, urban, color=BLUE, height=0.6, label="städtisch")
        ax.barh(y, [1 - u for u in urban], left=urban, color=GREEN, height=0.6, label="ländlich")
        for yi, u in zip(y, urban):
            ax.text(u / 2, yi, _percent(u), ha="center", va="center", fontsize=FONT, color="white")
        ax.set_yticks(y, list(drawn.index))
        ax.set_xlim(0, 1)
        _axis_german(ax, "x", digits=0, percent=True)
        ax.set_xlabel("Anteil an den Mitgliedschaften", fontsize=FONT)
        ax.legend(
            frameon=False, fontsize=FONT, ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0)
        )
        fig.tight_layout()
        return fig

    alt = (
        f"Gestapelte Balken je Welle: Anteil der Mitgliedschaften städtischer und ländlicher "
        f"Akteure, {last} {_percent(m_last)} städtisch."
    )
    return ChangeFinding("stadt_land", headline, text, draw, alt)


def structure_finding(series: WaveSeries) -> ChangeFinding | str:
    """Density and centralisation of the actor network.

    Rule: ``dichte_akteure`` (share of actor pairs sharing at least one network) and
    ``zentralisierung_akteure`` (Freeman degree centralisation, 0 = everybody equally
    connected, 1 = a star) of ``kennzahlen_gesamt``
    (:func:`~bildungsnetz.analysis.compare.summary_over_waves`). The headline states the trend
    from the first to the newest wave: a change of less than :data:`STABLE_STRUCTURE` counts as
    unchanged; density down → „lockerer“, up → „dichter“; centralisation up → „stärker auf
    wenige zentrale Akteure ausgerichtet“, down → „gleichmäßiger vernetzt“. The text gives the
    values of the newest, previous and first wave. When the actors grew while the density fell
    (but some pairs still share a network), it says that this is usual. Waves where a figure
    is undefined are skipped; with fewer than two waves having both figures the finding is
    left out.
    """
    keys = ["dichte_akteure", "zentralisierung_akteure"]
    values = compare.summary_over_waves(series, keys).dropna()
    if len(values) < 2 or series.waves[-1] not in values.index:
        return "Dichte und Zentralisierung (in weniger als zwei Wellen bestimmbar)"
    waves = list(values.index)
    first, last = waves[0], waves[-1]
    previous = waves[-2]
    d0, d1, d2 = (float(values.loc[w, "dichte_akteure"]) for w in (first, previous, last))
    c0, c1, c2 = (float(values.loc[w, "zentralisierung_akteure"]) for w in (first, previous, last))

    def trend(before, after, up, down, same):
        if abs(after - before) < STABLE_STRUCTURE:
            return same
        return up if after > before else down

    density = trend(d0, d2, "dichter geworden", "lockerer geworden", "etwa gleich dicht geblieben")
    central = trend(
        c0,
        c2,
        "stärker auf wenige zentrale Akteure ausgerichtet",
        "gleichmäßiger vernetzt",
        "etwa gleich stark zentralisiert",
    )
    headline = f"Seit {first} ist das Netz {density} und {central}."
    history = f"{previous}: {_percent(d1)}" + (
        f", {first}: {_percent(d0)}" if first != previous else ""
    )
    text = (
        f"{last} teilen {_percent(d2)} aller Akteurspaare mindestens ein Netzwerk ({history}). "
        f"Die Zentralisierung (0 = alle gleich vernetzt, 1 = alles läuft über einen Akteur) "
        f"liegt bei {_decimal(c2)} ({previous}: {_decimal(c1)}"
        + (f"; {first}: {_decimal(c0)}" if first != previous else "")
        + ")."
    )
    size = compare.size_over_waves(series)
    if 0 < d2 < d0 - STABLE_STRUCTURE and size.loc[last, "akteure"] > size.loc[first, "akteure"]:
        text += (
            " Dass die Dichte sinkt, wenn viele Akteure hinzukommen, ist üblich: nicht jeder "
            "kann mit jedem ein Netzwerk teilen."
        )

    def draw() -> Figure:
        fig, ax = _small_figure()
        x = list(range(len(values)))
        ax.plot(x, values["dichte_akteure"], marker="o", color=BLUE, label="Dichte", lw=1.6)
        ax.plot(
            x,
            values["zentralisierung_akteure"],
            marker="s",
            color=ORANGE,
            label="Zentralisierung",
            lw=1.6,
        )
        ax.set_xticks(x, waves)
        ax.set_xlim(-0.3, len(x) - 0.7)
        ax.set_ylim(0, 1)
        _axis_german(ax, digits=1)
        ax.legend(frameon=False, fontsize=FONT, ncols=2, loc="upper left")
        fig.tight_layout()
        return fig

    alt = (
        f"Liniendiagramm: Dichte und Zentralisierung je Welle, {last} Dichte {_decimal(d2)}, "
        f"Zentralisierung {_decimal(c2)}."
    )
    return ChangeFinding("struktur", headline, text, draw, alt)


def leaders_finding(series: WaveSeries, top: int = 10) -> ChangeFinding | str:
    """Newcomers among the top actors.

    Rule: the ``top`` actors of the newest wave by PageRank (ties by id; actors without a
    PageRank are not ranked, :func:`~bildungsnetz.analysis.compare.top_newcomers`) against the
    previous wave. A newcomer is an actor of the newest top list that was not in the previous
    top list – either present but ranked lower („aufgestiegen“, with its earlier rank) or not
    present at all („neu dabei“). The headline counts them; the text names them (with the
    publishable name, pseudonyms as everywhere) and who leads. Left out when the newest wave
    has no more ranked actors than ``top`` (everybody would be „top“) or all of them have the
    same PageRank (nobody shares a network).
    """
    _, previous, last = _waves(series)
    ranked = compare.top_newcomers(
        series.table(previous, "kennzahlen_akteure"),
        series.table(last, "kennzahlen_akteure"),
        "pagerank",
        top,
    )
    values = compare.top_ranked(series.table(last, "kennzahlen_akteure"), "pagerank", 10**9)
    if len(values) <= top or values["wert"].nunique() < 2:
        return (
            "die einflussreichsten Akteure (zu wenige Akteure mit unterschiedlichem Einfluss "
            "für eine Rangliste)"
        )
    k = len(ranked)
    new = ranked[ranked["status"] != "geblieben"]
    k_word = _NUMBER_WORDS.get(k, _count(k)).lower()
    group = f"den {k_word} einflussreichsten Akteuren"
    if not len(new):
        headline = (
            f"An der Spitze nichts Neues: die {k_word} einflussreichsten Akteure sind "
            f"dieselben wie {previous}."
        )
    elif len(new) == 1:
        headline = f"Ein neues Gesicht unter {group}."
    else:
        word = _NUMBER_WORDS.get(len(new), _count(len(new)))
        headline = f"{word} neue Gesichter unter {group}."
    named = []
    for _, row in new.iterrows():
        if row["status"] == "neu_im_netz":
            where = f"{previous} noch nicht dabei"
        else:
            where = f"{previous} Rang {_count(row['rang_vorher'])}"
        named.append(f"{row['akteur']} (Rang {_count(row['rang'])}; {where})")
    text = (
        "Einfluss heißt hier: mit vielen gut vernetzten Partnern in gemeinsamen Netzwerken "
        "verbunden sein (PageRank)."
    )
    if named:
        listed = named[0] if len(named) == 1 else f"{'; '.join(named[:-1])} und {named[-1]}"
        text += f" Neu unter den ersten {_count(k)}: {listed}."
    leader = ranked.iloc[0]
    before_first = compare.top_ranked(series.table(previous, "kennzahlen_akteure"), "pagerank", 1)
    same_leader = len(before_first) and before_first.iloc[0]["akteur_id"] == leader["akteur_id"]
    text += f" An der Spitze steht {'weiterhin ' if same_leader else ''}{leader['akteur']}."

    def draw() -> Figure:
        fig, ax = _small_figure()
        values = ranked["wert"].astype(float).tolist()[::-1]
        labels = [f"{r}. {shorten(a, 30)}" for r, a in zip(ranked["rang"], ranked["akteur"])][::-1]
        is_new = (ranked["status"] != "geblieben").tolist()[::-1]
        colours = [ORANGE if n else GRAU for n in is_new]
        ax.barh(range(len(values)), values, color=colours, height=0.7)
        ax.set_yticks(range(len(values)), labels, fontsize=FONT - 1.5)
        ax.xaxis.set_major_locator(MaxNLocator(3))
        span = max(values) if values else 0.0
        _axis_german(ax, "x", digits=3 if span < 0.1 else 2)
        ax.set_xlabel(f"PageRank {last} (orange: neu unter den ersten {_count(k)})", fontsize=FONT)
        fig.tight_layout()
        return fig

    alt = (
        f"Balkendiagramm: die {_count(k)} einflussreichsten Akteure {last} nach PageRank, "
        f"{_count(len(new))} davon neu unter den ersten {_count(k)}."
    )
    return ChangeFinding("spitze", headline, text, draw, alt)


def suggestions_finding(series: WaveSeries) -> ChangeFinding | str:
    """Were the previous wave's suggestions realised – more often than random pairs?

    Rule: the actor–actor suggestions of the previous wave (all of ``potenziale.csv``, i.e.
    each actor's best ones) whose two actors are both still there in the newest wave
    („prüfbar“); realised when they share a network in the newest wave
    (:func:`~bildungsnetz.analysis.compare.suggestions_against_chance`). Compared with the
    baseline: the share of all actor pairs without a shared network in the previous wave (both
    actors present in both waves) that share one in the newest
    (:func:`~bildungsnetz.analysis.compare.pair_baseline`), as „x-mal so häufig wie zufällig
    gewählte Paare“ (one decimal). Headline by the factor: at least :data:`FACTOR_CLEARLY` →
    „deutlich häufiger“, at least :data:`FACTOR_SOMEWHAT` → „etwas häufiger“, above
    ``1 / FACTOR_SOMEWHAT`` → „nicht häufiger“, else „seltener“. The actor→network
    suggestions are reported the same way in one sentence (baseline:
    :func:`~bildungsnetz.analysis.compare.membership_baseline`). Left out when no suggestion
    is checkable.
    """
    _, previous, last = _waves(series)
    table = compare.suggestions_against_chance(series)
    rows = table[(table["von"] == previous) & (table["bis"] == last)].set_index("art")
    if "akteur_akteur" not in rows.index or int(rows.loc["akteur_akteur", "pruefbar"]) == 0:
        return f"die Kooperationsvorschläge (keine prüfbaren Vorschläge aus {previous})"
    pair = rows.loc["akteur_akteur"]
    share, rate, factor = (
        float(pair["praezision"]),
        float(pair["zufallsrate"]),
        float(pair["faktor"]),
    )
    text = _suggestions_text(pair, share, rate, previous, last)
    if _finite(factor):
        headline = (
            f"{_percent(share)} der Vorschläge aus {previous} sind umgesetzt – "
            f"{_times(factor)} so häufig wie zufällig gewählte Paare."
        )
        text += (
            f" Die Vorschläge wurden also {_suggestions_verdict(factor)} zufällig gewählte Paare."
        )
    else:
        headline = (
            f"{_percent(share)} der Vorschläge aus {previous} sind umgesetzt; zufällig "
            "gewählte Paare kamen nicht zusammen."
        )
    if "akteur_netzwerk" in rows.index and int(rows.loc["akteur_netzwerk", "pruefbar"]):
        text += _joins_sentence(rows.loc["akteur_netzwerk"])
    bars = [
        (kind, rows.loc[kind])
        for kind in ("akteur_akteur", "akteur_netzwerk")
        if kind in rows.index
    ]
    bars = [(k, r) for k, r in bars if int(r["pruefbar"])]
    alt = (
        f"Säulendiagramm: Anteil der umgesetzten Vorschläge aus {previous} ({_percent(share)}) "
        f"neben dem Anteil zufällig gewählter Paare"
        + (f" ({_percent(rate)})" if _finite(rate) else "")
        + "."
    )
    return ChangeFinding("vorschlaege", headline, text, lambda: _draw_suggestions(bars, last), alt)


def _suggestions_text(pair: pd.Series, share: float, rate: float, previous: str, last: str) -> str:
    """Sentences on the realised actor–actor suggestions and the random pairs' baseline."""
    checkable, realised = int(pair["pruefbar"]), int(pair["umgesetzt"])
    return (
        f"Von {_count(checkable)} Vorschlägen aus {previous} für neue Kooperationen zwischen "
        f"zwei Akteuren, die {last} beide noch dabei sind, teilen {_count(realised)} "
        f"({_percent(share)}) inzwischen ein Netzwerk. Von allen "
        f"{_count(pair['zufall_paare'])} Akteurspaaren, die {previous} kein Netzwerk teilten, "
        f"sind {_count(pair['zufall_umgesetzt'])}"
        + (f" ({_percent(rate)})" if _finite(rate) else "")
        + " inzwischen in einem gemeinsamen Netzwerk."
    )


def _factor_word(factor: float, words: tuple[str, str, str, str]) -> str:
    """One of ``words`` (clearly more, somewhat more, not more, less) for a factor over chance,
    by :data:`FACTOR_CLEARLY` and :data:`FACTOR_SOMEWHAT`."""
    if factor >= FACTOR_CLEARLY:
        return words[0]
    if factor >= FACTOR_SOMEWHAT:
        return words[1]
    if factor > 1 / FACTOR_SOMEWHAT:
        return words[2]
    return words[3]


def _suggestions_verdict(factor: float) -> str:
    """How much more often the suggestions were realised than random pairs, in words."""
    return _factor_word(
        factor,
        (
            "deutlich häufiger umgesetzt als",
            "etwas häufiger umgesetzt als",
            "nicht häufiger umgesetzt als",
            "seltener umgesetzt als",
        ),
    )


def _joins_sentence(net: pd.Series) -> str:
    """Sentence on the realised actor→network suggestions."""
    sentence = (
        f" Von {_count(net['pruefbar'])} vorgeschlagenen Netzwerkbeitritten sind "
        f"{_count(net['umgesetzt'])} ({_percent(net['praezision'])}) erfolgt"
    )
    if _finite(net["faktor"]):
        sentence += f", {_times(net['faktor'])} so häufig wie bei zufälliger Wahl"
    return sentence + "."


def _draw_suggestions(bars: list[tuple[str, pd.Series]], last: str) -> Figure:
    """Bar chart of the realised suggestions' share next to the random pairs' share."""
    fig, ax = _small_figure()
    labels = {"akteur_akteur": "Akteur–Akteur", "akteur_netzwerk": "Akteur→Netzwerk"}
    width = 0.38
    for i, (_kind, row) in enumerate(bars):
        hit = float(row["praezision"])
        chance = float(row["zufallsrate"]) if _finite(row["zufallsrate"]) else 0.0
        ax.bar(i - width / 2, hit, width, color=BLUE, label="Vorschläge" if i == 0 else None)
        ax.bar(
            i + width / 2,
            chance,
            width,
            color=GRAU,
            label="zufällige Paare" if i == 0 else None,
        )
        for xi, v in ((i - width / 2, hit), (i + width / 2, chance)):
            ax.text(xi, v, _percent(v), ha="center", va="bottom", fontsize=FONT - 0.5)
    ax.set_xticks(range(len(bars)), [labels[k] for k, _ in bars])
    ax.yaxis.set_major_locator(MaxNLocator(4))
    _axis_german(ax, digits=0, percent=True)
    ax.set_ylabel(f"umgesetzt bis {last}", fontsize=FONT)
    ax.legend(frameon=False, fontsize=FONT)
    ax.margins(y=0.2)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------------
# the block


def findings_gap(series: WaveSeries) -> str | None:
    """The one sentence standing in for the findings when fewer than two waves are complete."""
    if series.enough:
        return None
    if series.waves:
        return (
            f"Bisher liegt nur die Welle {series.waves[0]} vollständig ausgewertet vor; was sich "
            "verändert hat, steht hier, sobald eine zweite Welle ausgewertet ist."
        )
    return (
        "Es liegt keine vollständig ausgewertete Welle vor; Veränderungen lassen sich nicht zeigen."
    )


def comparison_findings(series: WaveSeries, *, top: int = 10) -> Findings:
    """The findings of the comparison page, in page order (empty with fewer than two waves).

    Order: growth, districts, urban/rural, density and centralisation, newcomers among the
    top ``top`` actors, suggestions against chance – each by the rule of its function. A
    function that cannot compute its finding returns the reason, collected in
    :attr:`Findings.left_out`.
    """
    found = Findings()
    if not series.enough:
        return found
    builders: list[Callable[[], ChangeFinding | str]] = [
        lambda: growth_finding(series),
        lambda: district_finding(series),
        lambda: urban_finding(series),
        lambda: structure_finding(series),
        lambda: leaders_finding(series, top),
        lambda: suggestions_finding(series),
    ]
    for build in builders:
        result = build()
        if isinstance(result, str):
            found.left_out.append(result)
        else:
            found.items.append(result)
    return found


def findings_html(series: WaveSeries, *, top: int = 10) -> str:
    """The block „Die wichtigsten Ergebnisse“ as HTML (text escaped, figures as PNG).

    The same markup as the wave report's key findings
    (:func:`bildungsnetz.report.keyfindings.key_findings_html`: ``section.kernergebnisse`` with
    its heading, a grid ``kernergebnisse-raster`` of ``article.kernergebnis``), so that both
    pages share the screen and print style; ``bn-vergleich-ergebnisse`` marks this page's block.
    """
    parts = [
        f'<section class="kernergebnisse bn-vergleich-ergebnisse" aria-labelledby="{HEADING_ID}">',
        f'<h2 id="{HEADING_ID}">{html.escape(TITLE)}</h2>',
    ]
    gap = findings_gap(series)
    if gap:
        parts.append(f'<p class="keine-daten">{html.escape(gap)}</p></section>')
        return "".join(parts)
    found = comparison_findings(series, top=top)
    first, previous, last = _waves(series)
    since = f"seit {previous}" + (f" und seit {first}" if first != previous else "")
    parts.append(
        f'<p class="bn-vergleich-einleitung">Was sich bis zur Welle {html.escape(last)} '
        f"verändert hat ({html.escape(since)}), nach festen Regeln aus den Daten "
        "berechnet.</p>"
    )
    parts.append('<div class="kernergebnisse-raster">')
    for item in found.items:
        data, width, height = _png(item.figure())
        parts.append(
            f'<article class="kernergebnis" data-regel="{html.escape(item.key, quote=True)}">'
            f'<p class="kernergebnis-titel"><strong>{html.escape(item.headline)}</strong></p>'
            f'<p class="kernergebnis-text">{html.escape(item.text)}</p>'
            f'<img class="kernergebnis-bild" src="data:image/png;base64,{data}" '
            f'alt="{html.escape(item.alt, quote=True)}" width="{width}" height="{height}">'
            "</article>"
        )
    parts.append("</div>")
    note = found.left_out_sentence()
    if note:
        parts.append(f'<p class="bn-vergleich-hinweis">{html.escape(note)}</p>')
    parts.append("</section>")
    return "".join(parts)


def show_findings(series: WaveSeries, *, top: int = 10) -> None:
    """Display :func:`findings_html` in the notebook (and so in ``vergleich.html``)."""
    fragment = HtmlFragment(findings_html(series, top=top), summary=TITLE)
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is always there with the notebooks
        print(fragment.html)
        return
    display(fragment)


# --------------------------------------------------------------------------------------------
# the back-test of the cooperation potential (issue 14)

#: The scorers of the back-test in the order shown, with their German names.
BACKTEST_LABELS = {
    ("akteur_akteur", "gewichtet"): "Punktzahl der Kooperationspotenziale",
    ("akteur_akteur", "ressourcen"): "Vergleichsregel Ressourcenallokation",
    ("akteur_akteur", "adamic_adar"): "Vergleichsregel Adamic–Adar",
    ("akteur_akteur", "naehe"): "nur räumliche Nähe",
    ("akteur_akteur", "themen"): "nur gemeinsame Themen",
    ("akteur_netzwerk", "gewichtet"): "Punktzahl der Netzwerkvorschläge (Akteur→Netzwerk)",
}


def backtest_results(series: WaveSeries) -> pd.DataFrame:
    """The back-test of every pair of consecutive compared waves
    (:func:`bildungsnetz.analysis.backtest.backtest_series`, default weights, no rural
    preference: the plain prediction)."""
    if not series.enough:
        return pd.DataFrame(columns=backtest.BACKTEST_COLUMNS)
    if "backtest" not in series.results:  # the page and its workbook share one run
        series.results["backtest"] = backtest.backtest_series(series.data_dir, series.pairs())
    return series.results["backtest"].copy()  # type: ignore[union-attr]


def _latest(table: pd.DataFrame) -> pd.DataFrame:
    if not len(table):
        return table
    last = table["bis"].max()
    return table[table["bis"] == last]


def backtest_display(table: pd.DataFrame) -> pd.DataFrame | NoData:
    """The back-test of the newest pair of waves for the page (five columns, percent).

    ``Faktor`` is the precision among the 200 best divided by the random rate. A kind with
    fewer than :data:`BACKTEST_MIN_RATIO` · 50 candidates is left out (its best are nearly
    all of them, as in :func:`backtest_sentence`). A sentence
    (:class:`~bildungsnetz.report.gaps.NoData`) when no candidate, or too few, could be
    checked.
    """
    latest = _latest(table)
    if not len(latest) or int(latest["kandidaten"].max()) == 0:
        return NoData(
            "Ein Rückblicktest ist nicht möglich: Kein Akteurspaar ohne gemeinsames Netzwerk "
            "war in zwei aufeinanderfolgenden Wellen dabei."
        )
    latest = latest[latest["kandidaten"] >= BACKTEST_MIN_RATIO * 50]
    if not len(latest):
        return NoData(
            "Ein Rückblicktest ist nicht möglich: Es gab zu wenige mögliche neue Verbindungen "
            f"(weniger als {_count(BACKTEST_MIN_RATIO * 50)}), um zu prüfen, ob die Punktzahl "
            "sie besser vorhersagt als der Zufall."
        )
    rows = []
    for (kind, name), label in BACKTEST_LABELS.items():
        found = latest[(latest["art"] == kind) & (latest["verfahren"] == name)]
        if len(found):
            r = found.iloc[0]
            rows.append(
                {
                    "Verfahren": label,
                    "Treffer unter den besten 50": float(r["praezision_50"]) * 100,
                    "Treffer unter den besten 200": float(r["praezision_200"]) * 100,
                    "Zufall": float(r["zufallsrate"]) * 100,
                    "Faktor": float(r["faktor_200"]),
                }
            )
    out = pd.DataFrame(rows)
    formats = {c: PERCENT for c in out.columns if c not in ("Verfahren", "Faktor")}
    return with_formats(out, {**formats, "Faktor": NumberFormat(1)})


def backtest_sentence(table: pd.DataFrame, qualifier: str = "") -> str | None:
    """Whether the weighted score beat random pairs and the resource-allocation rule.

    ``qualifier`` follows the waves in the sentence's lead (e.g. a parenthesis).

    Rule: newest pair of waves, actor pairs, the 200 best of each method (the 50 best with
    fewer than :data:`BACKTEST_MIN_RATIO` · 200 candidates). Against chance by the factor
    (:data:`FACTOR_CLEARLY`, :data:`FACTOR_SOMEWHAT`); against resource allocation by the
    precision: at least 2 points more „besser als“, within 2 points „ebenso gut wie“, else
    „schwächer als“. With fewer than :data:`BACKTEST_MIN_RATIO` · 50 candidates the best
    ones are nearly all of them and say nothing: the sentence says so. None without a
    usable back-test.
    """
    latest = _latest(table)
    pick = latest[latest["art"] == "akteur_akteur"].set_index("verfahren")
    if "gewichtet" not in pick.index:
        return None
    ours = pick.loc["gewichtet"]
    lead = f"Rückblicktest {ours['von']} → {ours['bis']}{qualifier}: "
    n = int(ours["kandidaten"])
    if n == 0:
        return None
    k = next((k for k in (200, 50) if n >= BACKTEST_MIN_RATIO * k), None)
    if k is None:
        pairs = "1 Akteurspaar" if n == 1 else f"{_count(n)} Akteurspaare"
        return (
            f"{lead}Nur {pairs} ohne gemeinsames Netzwerk {'war' if n == 1 else 'waren'} in "
            "beiden Wellen dabei – zu wenige, um zu prüfen, ob die Punktzahl neue "
            "Verbindungen besser vorhersagt als der Zufall."
        )
    share, rate, factor = (
        float(ours[c]) for c in (f"praezision_{k}", "zufallsrate", f"faktor_{k}")
    )
    if not _finite(share, rate, factor):
        return None
    text = (
        f"{lead}Von den {_count(k)} Akteurspaaren mit "
        f"der höchsten Punktzahl teilten in der folgenden Welle {_percent(share)} ein "
        f"Netzwerk, {_times(factor)} so viele wie zufällig gewählte Paare ohne gemeinsames "
        f"Netzwerk ({_percent(rate)}) – die Punktzahl ist damit "
        f"{_backtest_verdict(factor)} der Zufall"
    )
    sample = int(ours.get("stichprobe", 0) or 0)
    if sample:
        text = (
            f"{text} (bei dieser Größe berechnet für eine Zufallsstichprobe von "
            f"{_count(sample)} Akteuren mit all ihren möglichen Partnern)"
        )
    if "ressourcen" in pick.index and _finite(pick.loc["ressourcen", f"praezision_{k}"]):
        ra = float(pick.loc["ressourcen", f"praezision_{k}"])
        diff = (share - ra) * 100
        word = "besser als" if diff >= 2 else ("ebenso gut wie" if diff > -2 else "schwächer als")
        text += (
            f" und {word} die einfache Regel der Ressourcenallokation über gemeinsame "
            f"Partner ({_percent(ra)})"
        )
    return text + "."


def response_over_waves_sentence(over: pd.DataFrame) -> str | None:
    """The share of actors that answered the survey themselves, wave by wave.

    ``over`` is :func:`bildungsnetz.analysis.compare.figures_over_waves`; waves without the
    share (no information on who answered) are left out, None when no wave has it. Said
    because a change among actors known only from others' answers may be a change in who
    answered, not in the network.
    """
    label = compare.GESAMT_SHOWN["befragt_anteil"]
    if label not in over.columns:
        return None
    known = [
        (str(w), float(v))
        for w, v in zip(over["Welle"], pd.to_numeric(over[label], errors="coerce"))
        if math.isfinite(float(v))
    ]
    if not known:
        return None
    parts = [f"{wave} {_percent(share)}" for wave, share in known]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} und {parts[-1]}"
    lead = "in der Welle" if len(parts) == 1 else "in den Wellen"
    return (
        f"Den Fragebogen selbst beantwortet haben {lead} {listed} der Akteure; die übrigen "
        "kennen wir nur aus den Angaben anderer (Koordination, Kooperationspartner, "
        "Netzwerkregister). Ändert sich dieser Anteil, können Zu- und Abgänge auch daher "
        "rühren, wer geantwortet hat."
    )


def _backtest_verdict(factor: float) -> str:
    return _factor_word(
        factor, ("deutlich besser als", "etwas besser als", "nicht besser als", "schlechter als")
    )


def backtest_workbook(table: pd.DataFrame) -> pd.DataFrame:
    """The full back-test table for the workbook, with German method and kind names."""
    out = table.copy()
    names = {k[1]: v for k, v in BACKTEST_LABELS.items() if k[0] == "akteur_akteur"}
    names.update({"partner": "nur gemeinsame Partner", "groesse": "nur Größe des Netzwerks"})
    out["verfahren"] = out["verfahren"].map(names).fillna(out["verfahren"])
    out["art"] = out["art"].map(
        {"akteur_akteur": "Akteur–Akteur", "akteur_netzwerk": "Akteur→Netzwerk"}
    )
    labels = {
        "von": "Punktzahl aus",
        "bis": "geprüft in",
        "art": "Art",
        "verfahren": "Verfahren",
        "kandidaten": "Kandidaten",
        "umgesetzt": "davon zusammengekommen",
        "zufallsrate": "Zufallsrate",
        "stichprobe": "Stichprobe (Akteure; 0 = alle)",
        "vorschlaege": "Vorschlagsliste (je Akteur die besten)",
        "praezision_vorschlaege": "Trefferquote der Vorschlagsliste",
        "faktor_vorschlaege": "Faktor der Vorschlagsliste",
        "auc": "AUC",
    }
    for k in backtest.KS:
        labels[f"praezision_{k}"] = f"Trefferquote beste {k}"
        labels[f"faktor_{k}"] = f"Faktor beste {k}"
    return out.rename(columns=labels)
