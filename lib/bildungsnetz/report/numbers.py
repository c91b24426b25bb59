"""Numbers as German readers see them: one precision per measure, in tables and figures.

There is one German number formatter, :func:`bildungsnetz.text.german_number` (fixed decimals,
``1.234,56``). On top of it:

* :data:`MEASURE_FORMATS` – the one table of measure → :class:`NumberFormat`: counts without
  decimals (``12.284``), percentages as whole numbers with a sign (``39 %``), every measure
  with its own fixed number of decimals. :func:`format_number` applies one.
  :func:`with_formats` attaches the formats of a display table's columns (``df.attrs``), which
  :func:`bildungsnetz.report.display.table` uses; :func:`column_format` finds the format of a
  column (declared, else from its values).
* :class:`GermanTickFormatter` and :func:`german_ticks` – German decimal commas and
  thousands points on the numeric axes and colour bars of a matplotlib figure.
* :func:`german_measure` – four significant digits for a single measure of unknown size (the
  map's tooltips).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from matplotlib.ticker import Formatter, ScalarFormatter

from bildungsnetz.text import german_number

#: Key of the declared column formats in ``DataFrame.attrs``.
FORMATS_ATTR = "zahlenformate"


@dataclass(frozen=True)
class NumberFormat:
    """How a number is written: ``decimals`` fixed decimals; ``percent``: the value is in
    percent points and gets `` %``."""

    decimals: int = 0
    percent: bool = False


COUNT = NumberFormat(0)
PERCENT = NumberFormat(0, percent=True)
#: Indices between 0 and 1 (or −1 and 1) read at two decimals.
INDEX = NumberFormat(2)
#: Normalised centralities where the third decimal still separates the actors of a list.
CENTRALITY = NumberFormat(3)
#: Small shares of a whole (PageRank sums to 1 over all actors, betweenness is mostly < 0,01).
SMALL = NumberFormat(4)

#: One precision per measure (internal column names of the analysis tables).
MEASURE_FORMATS: dict[str, NumberFormat] = {
    # counts
    **dict.fromkeys(
        (
            "anzahl",
            "anzahl_netzwerke",
            "anzahl_leitung",
            "anzahl_gastgeber",
            "anzahl_mitglieder",
            "anzahl_kategorien",
            "anzahl_landkreise",
            "anzahl_bundeslaender",
            "anzahl_themen",
            "anzahl_zielgruppen",
            "anzahl_akteure",
            "partner",
            "partner_netzwerke",
            "gemeinsame_mitglieder",
            "gemeinsame_partner",
            "mitglieder_a",
            "mitglieder_b",
            "kooperationen_genannt",
            "kooperationen_erhalten",
            "extern",
            "intern",
            "rang",
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
            "rang_pagerank_nur_befragte",
            "community",
            "komponente",
            "vorschlaege",
            "pruefbar",
            "umgesetzt",
        ),
        COUNT,
    ),
    # percentages (the display tables turn shares into percent points first)
    "anteil": PERCENT,
    "anteil_laendlich": PERCENT,
    "praezision": PERCENT,
    "veraenderung_prozent": PERCENT,
    # centralities
    "degree": CENTRALITY,
    "closeness": CENTRALITY,
    "eigenvector": CENTRALITY,
    "constraint": CENTRALITY,
    "betweenness": SMALL,
    "pagerank": SMALL,
    "pagerank_erwartet": SMALL,
    "pagerank_kooperation": SMALL,
    "nennungen_gewichtet": INDEX,
    "nennungen_erwartet": INDEX,
    # indices
    "participation_landkreis": INDEX,
    "participation_bundesland": INDEX,
    "participation_landkreis_netzwerke": INDEX,
    "participation_bundesland_netzwerke": INDEX,
    "blau_diversitaet": INDEX,
    "jaccard_mitglieder": INDEX,
    "jaccard_themen": INDEX,
    "jaccard_zielgruppen": INDEX,
    "ei_index": INDEX,
    "ei_erwartet": INDEX,
    "score": INDEX,
    "ressourcenallokation": INDEX,
    "distanz_km": NumberFormat(0),
    # whole-network figures
    "dichte_zweimodal": CENTRALITY,
    "dichte_akteure": CENTRALITY,
    "dichte_netzwerke": CENTRALITY,
    "dichte_kooperationen": SMALL,
    "zentralisierung_akteure": INDEX,
    "modularitaet": INDEX,
    # community stability: shares of pairs kept together, adjusted Rand index
    "stabilitaet": INDEX,
    "gemeinschaft_stabilitaet": INDEX,
    "gemeinschaften_stabilitaet": INDEX,
    "gemeinschaften_ari": INDEX,
    "gemeinschaften_laeufe": COUNT,
    "netzwerke_pro_akteur": NumberFormat(1),
    "mitglieder_pro_netzwerk": NumberFormat(1),
}

#: Shown for a missing or undefined number.
MISSING = "–"


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(np.isnan(float(value)))
    except (TypeError, ValueError):
        return True


def format_number(value, fmt: NumberFormat = COUNT) -> str:
    """``value`` in German with the format ``fmt``: ``12.284``, ``0,452``, ``39 %``; missing
    or undefined values ``–``. A value that is not 0 but would show as 0 at this precision is
    written as a bound (``< 0,0001``), so a small measure never reads as zero."""
    if _is_missing(value):
        return MISSING
    number = float(value)
    if math.isinf(number):
        return MISSING
    # commercial rounding (12,5 → 13), not Python's round-half-to-even
    exact = Decimal(repr(number)).quantize(Decimal(1).scaleb(-fmt.decimals), ROUND_HALF_UP)
    text = german_number(float(exact), fmt.decimals)
    step = 10.0**-fmt.decimals
    if number != 0 and round(abs(number), fmt.decimals) == 0:
        bound = german_number(step, fmt.decimals)
        text = f"< {bound}" if number > 0 else f"> -{bound}"
    elif fmt.percent and number < 100 and exact >= 100:
        text = f"> {german_number(100 - step, fmt.decimals)}"  # not all: never "100 %"
    elif text.lstrip("-").strip("0,.") == "":
        text = text.lstrip("-")  # "-0,00" → "0,00"
    return f"{text} %" if fmt.percent else text


def german_count(value) -> str:
    """A count: ``12.284`` (no decimals, thousands points)."""
    return format_number(value, COUNT)


def german_percent(value, decimals: int = 0) -> str:
    """Percent points as ``39 %`` (``decimals`` for special cases)."""
    return format_number(value, NumberFormat(decimals, percent=True))


def measure_format(measure: str, default: NumberFormat | None = None) -> NumberFormat:
    """The format of an analysis column (see :data:`MEASURE_FORMATS`)."""
    if measure in MEASURE_FORMATS:
        return MEASURE_FORMATS[measure]
    if default is not None:
        return default
    raise KeyError(f"Kein Zahlenformat für „{measure}“")


def with_formats(frame, formats: Mapping[str, NumberFormat | str]):
    """Attach the number formats of ``frame``'s columns (by shown header; a ``str`` value
    names a measure of :data:`MEASURE_FORMATS`); returns ``frame``."""
    declared = dict(frame.attrs.get(FORMATS_ATTR, {}))
    for column, fmt in formats.items():
        if column in frame.columns:
            declared[column] = measure_format(fmt) if isinstance(fmt, str) else fmt
    frame.attrs[FORMATS_ATTR] = declared
    return frame


def column_format(frame, column, default_decimals: int = 3) -> NumberFormat:
    """The format of a numeric column: declared (:func:`with_formats`), else a count for whole
    numbers, percent for a header ending in ``%``, else ``default_decimals``."""
    declared = frame.attrs.get(FORMATS_ATTR, {})
    if column in declared:
        return declared[column]
    if str(column).rstrip().endswith("%"):
        return PERCENT
    values = np.asarray(frame[column].dropna(), dtype=float)
    values = values[np.isfinite(values)]
    if values.size == 0 or np.all(values == np.round(values)):
        return COUNT
    return NumberFormat(default_decimals)


def german_measure(value: float | None) -> str:
    """A measure with 4 significant digits, German separators, no exponent (``0,001235``,
    ``12.350``, ``0,5``); whole numbers in full (``12.345``); ``None`` gives ``"–"``."""
    if value is None:
        return "–"
    if float(value).is_integer() and abs(value) < 1e12:
        return german_number(int(value), 0)
    text = np.format_float_positional(value, precision=4, unique=False, fractional=False, trim="-")
    decimals = len(text.partition(".")[2])
    # the rounded digits read back exactly (at most 4 significant digits), now with German
    # separators
    return german_number(float(text), decimals)


# --------------------------------------------------------------------------------------------
# figures


def tick_decimals(locs, limit: int = 6) -> int:
    """The fewest decimals that write every tick value in ``locs`` exactly (0.25 → 2)."""
    values = [float(v) for v in locs if np.isfinite(v)]
    for decimals in range(limit + 1):
        scale = 10.0**decimals
        if all(abs(v * scale - round(v * scale)) < 1e-6 * max(1.0, abs(v * scale)) for v in values):
            return decimals
    return limit


class GermanTickFormatter(Formatter):
    """Tick labels with German separators (``1.234``, ``0,25``); as many decimals as the
    ticks need (or ``decimals``); ``percent``: `` %`` after the value, ``scale`` multiplies
    first (``scale=100`` for shares)."""

    def __init__(self, decimals: int | None = None, *, percent: bool = False, scale: float = 1):
        self.decimals = decimals
        self.percent = percent
        self.scale = scale
        self.ticks: list[float] = []

    def set_locs(self, locs) -> None:
        """Remember the tick positions (matplotlib calls this before labelling them)."""
        self.ticks = [float(v) for v in locs]

    def __call__(self, x, pos=None) -> str:
        if self.decimals is not None:
            decimals = self.decimals
        else:
            decimals = tick_decimals([v * self.scale for v in (self.ticks or [x])])
        value = round(x * self.scale, decimals) + 0.0  # tick positions carry float noise
        return format_number(value, NumberFormat(decimals, percent=self.percent))

    def format_data_short(self, value) -> str:  # status bar of interactive backends
        return format_number(value * self.scale, NumberFormat(4))


def german_ticks(fig):
    """Give every numeric axis of ``fig`` (axes and colour bars) German tick labels; returns
    ``fig``. Axes with category or fixed labels (bar names, heat-map rows, waves) are left
    as they are: only matplotlib's default number formatter is replaced."""
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is ScalarFormatter:
                axis.set_major_formatter(GermanTickFormatter())
    return fig
