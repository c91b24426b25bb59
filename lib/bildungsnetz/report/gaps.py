"""Sections, tables and figures without data: the one German sentence shown instead.

Only actor names, network names and memberships are required; any other column may be empty
and a wave may be tiny. The report still has every section: :func:`section_gap` returns the
sentence (a :class:`NoData`) that replaces a whole section without data, and single tables and
figures return a :class:`NoData` of their own instead of a DataFrame or figure. The helpers
here (what a wave has, why something cannot be shown) are shared by
:mod:`~bildungsnetz.report.tables` and :mod:`~bildungsnetz.report.figures`.
"""

from __future__ import annotations

import pandas as pd

from bildungsnetz.report.context import WaveContext


class NoData(str):
    """The one German sentence shown instead of a section, table or figure without data.

    View functions return it in place of a DataFrame or a figure; ``display.table`` and
    ``display.figure`` show it as a plain sentence (``display.no_data``). An empty NoData
    shows nothing: it stands for an item whose reason a sibling item of the same section has
    already given (e.g. the second of two diversity tables).
    """

    __slots__ = ()


def is_no_data(obj) -> bool:
    """True for the sentence a view returns instead of a table or figure."""
    return isinstance(obj, str)


#: Said when nobody in the wave gave the attribute (section 7, the mixing matrices).
MISSING_ATTRIBUTE = {
    "ebene": "Zur Ebene (Bund, Land, Region, Kreis, Kommune) wurden in dieser Welle keine "
    "Angaben erhoben.",
    "kategorie": "Zur Akteursart wurden in dieser Welle keine Angaben erhoben.",
    "landkreis": "Ohne Angaben zu Orten lassen sich die Akteure weder Landkreisen noch Ländern "
    "noch Stadt und Land zuordnen.",
    "bundesland": "Ohne Angaben zu Orten lassen sich die Akteure keinem Land zuordnen.",
    "raumtyp": "Ohne Angaben zu Orten ist nicht bekannt, ob die Akteure in der Stadt oder auf "
    "dem Land sitzen.",
}
NO_LOCATION = "Ohne Angaben zu Orten kann die Lage der Akteure nicht gezeigt werden."
_ABOUT = {
    "landkreis": "zum Landkreis",
    "bundesland": "zum Land",
    "ebene": "zur Ebene",
    "kategorie": "zur Akteursart",
    "raumtyp": "zu Stadt und Land",
}
_BETWEEN = {
    "landkreis": "zwischen Landkreisen",
    "bundesland": "zwischen den Ländern",
    "ebene": "zwischen den Ebenen",
    "kategorie": "zwischen Akteursarten",
    "raumtyp": "zwischen Stadt und Land",
}
_RAUM_DATIV = {"städtisch": "im städtischen Raum", "ländlich": "im ländlichen Raum"}


# --------------------------------------------------------------------------------------------
# what a wave has


def _filled(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip() != ""


def has_values(frame: pd.DataFrame | None, column: str) -> bool:
    """True when at least one row of ``frame`` has a value in ``column``."""
    return frame is not None and column in frame.columns and bool(_filled(frame[column]).any())


def network_figure(ctx: WaveContext, key: str, default: float = 0.0) -> float:
    """A whole-network figure of ``kennzahlen_gesamt`` as float (``default`` when absent,
    NaN when not a number)."""
    k = ctx.results["kennzahlen_gesamt"].set_index("kennzahl")["wert"]
    value = pd.to_numeric(pd.Series([k.get(key, default)]), errors="coerce").iloc[0]
    return float(value)


# --------------------------------------------------------------------------------------------
# why something cannot be shown


def no_ties_reason(ctx: WaveContext) -> str | None:
    """Why no two actors are linked (no memberships / nobody shares a network), or None."""
    if len(ctx.mitgliedschaften) == 0:
        return "In dieser Welle sind keine Mitgliedschaften erfasst"
    if network_figure(ctx, "anzahl_partnerschaften") == 0:
        return "Keine zwei Akteure teilen ein Netzwerk"
    return None


def topics_reason(ctx: WaveContext) -> str | None:
    """Why topics (and target groups) of the networks cannot be shown, or None."""
    topics, targets = has_values(ctx.netzwerke, "themen"), has_values(ctx.netzwerke, "zielgruppen")
    if not topics and not targets:
        return (
            "Zu Themen und Zielgruppen der Netzwerke wurden in dieser Welle keine Angaben erhoben."
        )
    if not topics:
        return "Zu den Themen der Netzwerke wurden in dieser Welle keine Angaben erhoben."
    return None


def topic_district_gap(ctx: WaveContext) -> NoData | None:
    """Why the topics × districts matrix shows nothing, or None."""
    reason = topics_reason(ctx)
    if reason:
        return NoData(reason)
    if not has_values(ctx.actors, "landkreis"):
        return NoData(
            "Ohne Angaben zu Orten lassen sich die Themen nicht den Landkreisen zuordnen."
        )
    matrix = ctx.results["themen_landkreise"]
    if matrix.empty or not (matrix.to_numpy(dtype=float) > 0).any():
        return NoData(
            "Kein Akteur mit bekanntem Landkreis wirkt in einem Netzwerk mit Angaben zu Themen mit."
        )
    return None


def _single_group(attribute: str, group: str) -> str:
    """Sentence for an attribute of which only one value occurs."""
    between = _BETWEEN.get(attribute, "zwischen den Gruppen")
    where = {
        "landkreis": f"Alle Akteure mit bekanntem Landkreis sitzen in {group}",
        "bundesland": f"Alle Akteure mit bekanntem Sitz liegen in {group}",
        "ebene": f"Alle Akteure mit Angabe zur Ebene gehören zur Ebene „{group}“",
        "kategorie": f"Alle Akteure mit Angabe zur Akteursart gehören zur Art „{group}“",
        "raumtyp": "Alle Akteure mit bekanntem Ort sitzen "
        + _RAUM_DATIV.get(group, f"im Raumtyp „{group}“"),
    }.get(attribute, f"Alle Akteure mit Angabe gehören zur Gruppe „{group}“")
    return f"{where}; Verbindungen {between} gibt es daher nicht."


def mixing_gap(ctx: WaveContext, attribute: str) -> tuple[str, NoData] | None:
    """Why the mixing matrix of ``attribute`` shows nothing: (kind, sentence) with kind
    ``keine Angaben``/``nur eine Gruppe``/``keine Verbindungen``, or None."""
    matrix = ctx.results[f"mischung_{attribute}"]
    if len(matrix.index) == 0:
        return "keine Angaben", NoData(
            MISSING_ATTRIBUTE.get(
                attribute, f"Zum Merkmal „{attribute}“ wurden keine Angaben erhoben."
            )
        )
    if len(matrix.index) == 1:
        group = str(matrix.index[0])
        return f"nur eine Gruppe ({group})", NoData(_single_group(attribute, group))
    if not (matrix.to_numpy(dtype=float) > 0).any():
        return "keine Verbindungen", NoData(
            f"Keine zwei Akteure mit Angaben {_ABOUT.get(attribute, '')} teilen ein Netzwerk."
        )
    return None


# --------------------------------------------------------------------------------------------
# whole sections

#: What cannot be shown without ties, per section that needs them.
_WITHOUT_TIES = {
    "gatekeeper": "Gatekeeper und Brücken lassen sich daher nicht bestimmen",
    "einfluss": "der Einfluss über Partner (PageRank) lässt sich daher nicht bestimmen",
    "vernetzung": "Verbindungen zwischen Landkreisen, Ebenen und Akteursarten gibt es daher nicht",
    "gemeinschaften": "Gemeinschaften lassen sich daher nicht bestimmen",
}


def _duplicates_gap(ctx: WaveContext) -> NoData | None:
    n_networks = len(ctx.netzwerke)
    if n_networks >= 2 and len(ctx.mitgliedschaften) == 0:
        return NoData(
            "In dieser Welle sind keine Mitgliedschaften erfasst; Doppelstrukturen "
            "lassen sich daher nicht erkennen."
        )
    if n_networks < 2:
        return NoData(
            "Mit nur einem Netzwerk kann es keine Doppelstrukturen geben."
            if n_networks == 1
            else "Ohne Netzwerke kann es keine Doppelstrukturen geben."
        )
    if len(ctx.results["doppelstrukturen"]) == 0:
        return NoData("Kein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur.")
    return None


def _potentials_gap(ctx: WaveContext) -> NoData | None:
    if len(ctx.results["potenziale"]) > 0:
        return None
    if len(ctx.mitgliedschaften) == 0:
        return NoData(
            "In dieser Welle sind keine Mitgliedschaften erfasst; "
            "Kooperationspotenziale lassen sich daher nicht bestimmen."
        )
    topics, targets = has_values(ctx.netzwerke, "themen"), has_values(ctx.netzwerke, "zielgruppen")
    if not (topics and targets):
        missing = (
            "Themen und Zielgruppen"
            if not (topics or targets)
            else "Themen"
            if not topics
            else "Zielgruppen"
        )
        return NoData(
            "Vorschläge für neue Kooperationen beruhen auf gemeinsamen Themen und "
            f"Zielgruppen; zu den {missing} der Netzwerke wurden in dieser Welle "
            "keine Angaben erhoben."
        )
    return NoData("In dieser Welle ergeben sich keine Vorschläge für neue Kooperationen.")


def section_gap(ctx: WaveContext, section: str) -> NoData | None:
    """The sentence that replaces a whole report section without data, or None.

    ``section``: ``geografie``, ``zentrale_akteure``, ``gatekeeper``, ``einfluss``,
    ``akteursarten``, ``themen``, ``vernetzung``, ``doppelstrukturen``, ``potenziale``,
    ``gemeinschaften``. Within a section that is shown, single tables and figures may still
    return a :class:`NoData` of their own.
    """
    ties = no_ties_reason(ctx)
    if section == "geografie":
        if not has_values(ctx.akteure, "landkreis") and not has_values(ctx.akteure, "lat"):
            return NoData(NO_LOCATION)
        return None
    if section == "zentrale_akteure":
        if len(ctx.mitgliedschaften) == 0:
            return NoData(
                "In dieser Welle sind keine Mitgliedschaften erfasst; zentrale "
                "Akteure lassen sich daher nicht bestimmen."
            )
        return None
    if section in _WITHOUT_TIES:
        return NoData(f"{ties}; {_WITHOUT_TIES[section]}.") if ties else None
    if section == "akteursarten":
        if not has_values(ctx.akteure, "kategorie"):
            return NoData(
                "Zur Akteursart wurden in dieser Welle keine Angaben erhoben; die "
                "Vielfalt der Akteure und Netzwerke lässt sich daher nicht "
                "beschreiben."
            )
        return None
    if section == "themen":
        reason = topics_reason(ctx)
        return NoData(reason) if reason else None
    if section == "doppelstrukturen":
        return _duplicates_gap(ctx)
    if section == "potenziale":
        return _potentials_gap(ctx)
    raise ValueError(f"Unbekannter Abschnitt: {section}")
