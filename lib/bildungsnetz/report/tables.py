"""The report's tables: ready-to-display German DataFrames, one function per table.

The notebooks call these and show the result with :func:`bildungsnetz.report.display.table`;
the selection, renaming and ordering live here, where they are tested. Every table uses
publishable names only (``anzeigename``). A table without data is a
:class:`~bildungsnetz.report.gaps.NoData` sentence instead.

Rules for what a table shows (issue 11): at most :data:`MAX_COLUMNS` columns – what a reader
needs; every column stays in ``tabellen.xlsx`` (:func:`bildungsnetz.report.exports.
publishable_tables`). A list ranked by a measure shows that measure as its first number
column, right after the name. Each number column declares its format
(:func:`bildungsnetz.report.numbers.with_formats`: one precision per measure, counts without
decimals, percentages as ``39 %``). Groups stand in their natural order
(:func:`natural_order`: levels Bund → Kommune, städtisch → ländlich, districts as in the
reference data).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.ingest.staging import (
    ADDED,
    FILE_IGNORED,
    FILE_TABLE,
    KEPT,
    MERGED,
    REJECTED,
    accounting_table,
)
from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import (
    MISSING_ATTRIBUTE,
    NoData,
    has_values,
    mixing_gap,
    topic_district_gap,
)
from bildungsnetz.report.narrative import duplicates_sentence, stability_text
from bildungsnetz.report.numbers import (
    COUNT,
    MEASURE_FORMATS,
    PERCENT,
    NumberFormat,
    format_number,
    with_formats,
)
from bildungsnetz.report.palette import sort_key
from bildungsnetz.report.ranks import RANK_LABEL, rank_column

#: German labels of the actor measures (table columns, figure axes).
MEASURE_LABELS = {
    "anzahl_netzwerke": "Netzwerke",
    "partner": "Partner",
    "degree": "Degree (2-modal)",
    "closeness": "Closeness (2-modal)",
    "betweenness": "Betweenness (2-modal)",
    "pagerank": "PageRank",
    "eigenvector": "Eigenvektor",
    "constraint": "Constraint (Burt)",
    "participation_landkreis": "Beteiligung über Landkreise",
    "participation_bundesland": "Beteiligung über Länder",
    "participation_bundesland_netzwerke": "Netzwerke in beiden Ländern (Beteiligung)",
}
#: At most this many columns per table (the rest is in tabellen.xlsx).
MAX_COLUMNS = 6
#: The context columns of a ranked list of actors, by the measure it is ranked by (at most
#: two, so that name, measure, context, category and district fit in MAX_COLUMNS).
TOP_CONTEXT = {
    "anzahl_netzwerke": ["partner", "pagerank"],
    "partner": ["anzahl_netzwerke", "pagerank"],
    "degree": ["anzahl_netzwerke", "partner"],
    "closeness": ["anzahl_netzwerke", "partner"],
    "betweenness": ["anzahl_netzwerke", "participation_landkreis"],
    "constraint": ["anzahl_netzwerke", "partner"],
    "pagerank": ["anzahl_netzwerke", "eigenvector"],
    "eigenvector": ["anzahl_netzwerke", "pagerank"],
}
#: Natural order of the place types.
RAUMTYP_ORDER = ["städtisch", "ländlich"]
#: Shown for a group without value.
UNKNOWN = "(unbekannt)"
#: German labels of the actor attributes.
ATTRIBUTE_LABELS = {
    "landkreis": "Landkreis",
    "bundesland": "Bundesland",
    "ebene": "Ebene",
    "kategorie": "Akteursart",
    "raumtyp": "Raumtyp",
}


def _reference(ctx: WaveContext):
    if "referenz" not in ctx.extra:
        ctx.extra["referenz"] = load_reference(ctx.data_dir)
    return ctx.extra["referenz"]


def natural_order(ctx: WaveContext, attribute: str) -> list[str]:
    """The natural order of an attribute's groups: districts as in the reference data
    (Brandenburg, then Saxony), the states in that order, levels as in the vocabulary
    (Bund → Land → Region → Kreis → Kommune), städtisch → ländlich, categories as in the
    vocabulary."""
    if attribute == "landkreis":
        return list(ctx.districts)
    if attribute == "bundesland":
        states = _reference(ctx).landkreise["bundesland"]
        return list(dict.fromkeys(s for s in states if s))
    if attribute == "raumtyp":
        return list(RAUMTYP_ORDER)
    if attribute in ("ebene", "kategorie"):
        return _reference(ctx).vocab_values(attribute)
    return []


def in_natural_order(ctx: WaveContext, attribute: str, values) -> list[str]:
    """``values`` (distinct) in :func:`natural_order`, others after them alphabetically,
    unknown ("", "(unbekannt)", "(ohne Angabe)") last."""
    values = list(dict.fromkeys(values))
    order = [v for v in natural_order(ctx, attribute) if v in values]
    unknown = [v for v in values if v in ("", UNKNOWN, "(ohne Angabe)")]
    rest = sorted((v for v in values if v not in order and v not in unknown), key=sort_key)
    return order + rest + unknown


def _numeric(frame: pd.DataFrame, columns) -> pd.DataFrame:
    for col in columns:
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame


def _shown(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """``frame`` with German headers and the number format of every measure column."""
    formats = {labels.get(c, c): c for c in frame.columns if c in MEASURE_FORMATS}
    return with_formats(frame.rename(columns=labels), formats)


# --------------------------------------------------------------------------------------------
# 1 overview and data quality


def overview_table(ctx: WaveContext) -> pd.DataFrame:
    """Counts of the wave with a German label."""
    k = ctx.results["kennzahlen_gesamt"].set_index("kennzahl")["wert"]
    actors = ctx.actors
    rows = [
        ("Akteure", int(k["anzahl_akteure"])),
        ("Netzwerke und Gremien", int(k["anzahl_netzwerke"])),
        ("Mitgliedschaften", int(k["anzahl_mitgliedschaften"])),
        ("Themen", int(k["anzahl_themen"])),
        ("Zielgruppen", int(k["anzahl_zielgruppen"])),
        ("Landkreise mit Akteuren", int(actors.loc[actors.landkreis != "", "landkreis"].nunique())),
        (
            "Akteure unter Pseudonym (ohne Einwilligung)",
            int((ctx.akteure["veroeffentlichen"] != "ja").sum()),
        ),
    ]
    if ctx.kooperationen is not None:
        rows.append(("Genannte direkte Kooperationen", len(ctx.kooperationen)))
    return pd.DataFrame(rows, columns=["Kennzahl", "Wert"])


def coverage_table(ctx: WaveContext) -> pd.DataFrame:
    """Response coverage: how complete the wave's answers are."""
    actors = ctx.actors
    n = len(actors)
    with_networks = int((actors["anzahl_netzwerke"].astype(float) > 0).sum())
    located = int((ctx.akteure["lat"] != "").sum())
    with_category = int((ctx.akteure["kategorie"] != "").sum())
    networks = ctx.netzwerke
    with_topics = int((networks["themen"] != "").sum())
    rows = [
        ("Akteure mit mindestens einer Netzwerkmitgliedschaft", with_networks, n),
        ("Akteure mit bekanntem Ort (Koordinaten)", located, n),
        ("Akteure mit Akteursart", with_category, n),
        ("Netzwerke mit Angaben zu Themen", with_topics, len(networks)),
    ]
    responses = ctx.log[ctx.log["tabelle"] == "antworten"]
    if len(responses):
        complete = int((responses["ergebnis"] != REJECTED).sum())
        rows.insert(0, ("Vollständige Antworten im Umfrage-Export", complete, len(responses)))
    out = pd.DataFrame(rows, columns=["Angabe", "Anzahl", "von"])
    out["Anteil"] = out["Anzahl"] / out["von"].where(out["von"] > 0) * 100
    return with_formats(out, {"Anzahl": COUNT, "von": COUNT, "Anteil": PERCENT})


def quality_table(ctx: WaveContext) -> pd.DataFrame:
    """Cleaning log summary: per raw file, rows kept, merged, rejected."""
    table = accounting_table(ctx.log).rename(columns={"datei": "Datei", "gesamt": "Rohzeilen"})
    return table[["Datei", "Rohzeilen", KEPT, MERGED, REJECTED]]


_QUOTED = re.compile(r"„[^“]*“")


def _note_kind(row: dict) -> list[str]:
    """The kinds of finding one cleaning-log row stands for (counted by quality_notes)."""
    if row["tabelle"] == FILE_TABLE:  # whole files: see files_table
        if row["ergebnis"] == FILE_IGNORED:
            return ["Datei ignoriert: " + row["grund"].split(" (")[0].split(" – ")[0]]
        return []
    kinds = []
    if row["ergebnis"] == REJECTED:
        kinds.append("verworfen: " + row["grund"].split("(")[0].strip())
    if row["ergebnis"] == ADDED:
        kinds.append("ergänzt: " + row["grund"].split("(")[0].split(",")[0].strip())
    for note in filter(None, row["hinweis"].split("; ")):
        kinds.append("Hinweis: " + _QUOTED.sub("…", note).split("(")[0].strip(" :,"))
    return kinds


def quality_notes(ctx: WaveContext) -> pd.DataFrame | NoData:
    """The kinds of notes and rejections in the cleaning log, counted."""
    counts: dict[str, int] = {}
    for row in ctx.log.to_dict("records"):
        for label in _note_kind(row):
            counts[label] = counts.get(label, 0) + 1
    counts["zur Prüfung vorgeschlagene mögliche Dubletten"] = len(ctx.review)
    out = pd.DataFrame(
        sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["Befund", "Anzahl"]
    )
    out = out[out["Anzahl"] > 0].reset_index(drop=True)
    if not len(out):
        return NoData("Die Bereinigung hat keine Zeile verworfen und keine Hinweise ergeben.")
    return out


def files_table(ctx: WaveContext) -> pd.DataFrame | NoData:
    """Every file of the wave folder: read (with encoding and delimiter) or ignored (why)."""
    files = ctx.log[ctx.log["tabelle"] == FILE_TABLE]
    if not len(files):
        return NoData(
            "Das Protokoll dieser Welle verzeichnet keine Dateien (mit einer älteren "
            "Version bereinigt)."
        )
    out = pd.DataFrame(
        {
            "Datei": files["datei"],
            "Ergebnis": files["ergebnis"],
            "Inhalt bzw. Grund": files["grund"],
            "Hinweise": files["hinweis"],
        }
    )
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# 2 geography


def actors_by_district(ctx: WaveContext) -> pd.DataFrame:
    """Actors and networks per district, with state and urban/rural split."""
    actors = ctx.actors.copy()
    actors["landkreis"] = actors["landkreis"].replace("", "(unbekannt)")
    table = actors.groupby("landkreis").agg(
        Akteure=("akteur_id", "size"),
        städtisch=("raumtyp", lambda s: int((s == "städtisch").sum())),
        ländlich=("raumtyp", lambda s: int((s == "ländlich").sum())),
    )
    nets = ctx.networks.copy()
    nets["landkreis"] = nets["landkreis"].replace("", "(unbekannt)")
    table["Netzwerke mit Sitz"] = nets.groupby("landkreis").size()
    states = dict(zip(ctx.akteure["landkreis"], ctx.akteure["bundesland"]))
    order = [d for d in ctx.districts if d in table.index] + sorted(
        d for d in table.index if d not in ctx.districts
    )
    table = table.reindex(order).fillna(0).astype(int)
    table.insert(
        0,
        "Bundesland",
        [
            states.get(d, "") if d in states else ("" if d.startswith("(") else "")
            for d in table.index
        ],
    )
    table.index.name = "Landkreis"
    return table.reset_index()


def actors_by_state(ctx: WaveContext) -> pd.DataFrame:
    """Actors per state and place type (städtisch, ländlich, without place), with totals;
    states in their natural order, unknown last."""
    actors = ctx.actors.copy()
    actors["bundesland"] = actors["bundesland"].replace("", UNKNOWN)
    table = actors.groupby(["bundesland", "raumtyp"]).size().unstack(fill_value=0)
    table = table.reindex(columns=in_natural_order(ctx, "raumtyp", table.columns))
    table["gesamt"] = table.sum(axis=1)
    table = table.reindex(in_natural_order(ctx, "bundesland", table.index))
    table.index.name = "Bundesland"
    table.columns.name = None
    return table.reset_index().rename(columns={"": "ohne Ort"})


def district_span(ctx: WaveContext) -> pd.DataFrame:
    """How many districts the members of each network come from (counts of networks)."""
    counts = ctx.networks["anzahl_landkreise"].astype(int).value_counts().sort_index()
    return pd.DataFrame({"Landkreise der Mitglieder": counts.index, "Netzwerke": counts.values})


# --------------------------------------------------------------------------------------------
# 3–5 hubs, gatekeepers, hidden influence


def top_actors(
    ctx: WaveContext, by: str, n: int = 15, columns=None, ascending: bool = False
) -> pd.DataFrame | NoData:
    """The ``n`` actors with the highest (or lowest) ``by``, German column names.

    Columns: Akteur, ``by`` (always shown, the first number column), at most two context
    measures (``columns``, default :data:`TOP_CONTEXT`), Akteursart, Landkreis – at most
    :data:`MAX_COLUMNS`; every measure is in tabellen.xlsx. Lists by a measure with rank
    intervals (:data:`bildungsnetz.report.ranks.RANKED_BY`: PageRank, betweenness, number of
    networks) show the rank and its interval, ``"3 (2–6)"``, right after the measure and
    keep one context measure."""
    has_ranks = not ascending and rank_column(ctx.actors.head(0), by) is not None
    context = columns or TOP_CONTEXT.get(by, ["anzahl_netzwerke", "partner"])
    context = [c for c in dict.fromkeys(context) if c != by][: MAX_COLUMNS - 4 - has_ranks]
    frame = ctx.actors.copy()
    frame[by] = pd.to_numeric(frame[by], errors="coerce")
    frame = frame.dropna(subset=[by])
    label = MEASURE_LABELS.get(by, by)
    if not len(frame):
        return NoData(f"Für keinen Akteur lässt sich der Wert „{label}“ berechnen.")
    if by == "betweenness" and not (frame[by] > 0).any():
        return NoData(
            "Kein Akteur liegt auf einem kürzesten Weg zwischen anderen Akteuren "
            "oder Netzwerken; Gatekeeper gibt es in dieser Welle daher nicht."
        )
    frame = frame.sort_values([by, "akteur_id"], ascending=[ascending, True]).head(n)
    keep = ["akteur", by, *context, "kategorie", "landkreis"]
    keep = [c for c in dict.fromkeys(keep) if c in frame.columns]
    out = _numeric(frame[keep].copy(), [by, *context])
    if has_ranks:
        out.insert(2, RANK_LABEL, rank_column(frame, by))
    for col, attribute in (
        ("participation_landkreis", "landkreis"),
        ("participation_bundesland", "bundesland"),
    ):
        if col in out.columns and not has_values(ctx.actors, attribute):
            out[col] = np.nan  # unknown, not 0: shown as "–"
    return _shown(
        out.reset_index(drop=True),
        {"akteur": "Akteur", "kategorie": "Akteursart", "landkreis": "Landkreis", **MEASURE_LABELS},
    )


def bridges_between_states(ctx: WaveContext, n: int = 15) -> pd.DataFrame | NoData:
    """Actors who are members of networks based in Brandenburg AND in Saxony (participation
    coefficient over the states of their own networks > 0; region-wide networks do not count),
    strongest first. Columns: Akteur, the participation (first number), Netzwerke,
    Akteursart, Landkreis, Land; betweenness (the tie-break) is in tabellen.xlsx."""
    frame = ctx.actors.copy()
    col = "participation_bundesland_netzwerke"
    frame[col] = pd.to_numeric(frame[col])
    frame["betweenness"] = pd.to_numeric(frame["betweenness"])
    frame = (
        frame[frame[col] > 0]
        .sort_values([col, "betweenness", "akteur_id"], ascending=[False, False, True])
        .head(n)
    )
    if not len(frame):
        if not has_values(ctx.netzwerke, "bundesland"):
            return NoData(
                "Ohne Angaben zum Sitz der Netzwerke lassen sich keine Brücken "
                "zwischen Brandenburg und Sachsen erkennen."
            )
        return NoData(
            "Kein Akteur wirkt zugleich in Netzwerken mit Sitz in Brandenburg und in "
            "Netzwerken mit Sitz in Sachsen mit."
        )
    out = frame[["akteur", col, "anzahl_netzwerke", "kategorie", "landkreis", "bundesland"]]
    out = _numeric(out.copy(), ["anzahl_netzwerke"])
    return _shown(
        out.reset_index(drop=True),
        {
            "akteur": "Akteur",
            "kategorie": "Akteursart",
            "landkreis": "Landkreis",
            "bundesland": "Land",
            **MEASURE_LABELS,
        },
    )


def hidden_champions(ctx: WaveContext) -> pd.DataFrame | NoData:
    """The hidden champions with a one-sentence reason (at most six columns).

    Flagged by :func:`bildungsnetz.analysis.findings.hidden_champions`: named as a partner by
    central actors far more often than their memberships predict, or with a PageRank clearly
    above what the number and size of their networks predict. The most named come first,
    then by PageRank.
    """
    frame = ctx.actors.copy()
    with_cooperations = "kooperationen_erhalten" in frame.columns
    flag = frame["hidden_champion"].astype(str).str.lower().isin(["true", "1", "ja"])
    frame = frame[flag].copy()
    if not len(frame):
        reason = "In dieser Welle fallen keine Hidden Champions auf."
        if not with_cooperations:
            reason = (
                "In dieser Welle fallen keine Hidden Champions auf. Ohne Angaben zu "
                "Kooperationen lässt sich nur prüfen, ob ein PageRank deutlich über dem liegt, "
                "was Zahl und Größe der Netzwerke erwarten lassen."
            )
        return NoData(reason)
    columns = {
        "akteur": "Akteur",
        "kategorie": "Akteursart",
        "landkreis": "Landkreis",
        "anzahl_netzwerke": "Netzwerke",
    }
    if with_cooperations:
        columns["kooperationen_erhalten"] = "Als Partner genannt von"
    columns["hidden_champion_grund"] = "Begründung"
    frame["anzahl_netzwerke"] = pd.to_numeric(frame["anzahl_netzwerke"]).astype(int)
    frame["_pagerank"] = pd.to_numeric(frame["pagerank"])
    order = ["_pagerank", "akteur_id"]
    if with_cooperations:
        frame["kooperationen_erhalten"] = (
            pd.to_numeric(frame["kooperationen_erhalten"]).fillna(0).astype(int)
        )
        order.insert(0, "kooperationen_erhalten")
    frame = frame.sort_values(order, ascending=[c == "akteur_id" for c in order])
    return frame[list(columns)].rename(columns=columns).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# 6 diversity, topics


def category_counts(ctx: WaveContext) -> pd.DataFrame | NoData:
    """Actors per category with their share in percent."""
    if not has_values(ctx.actors, "kategorie"):
        return NoData(MISSING_ATTRIBUTE["kategorie"])
    counts = ctx.actors["kategorie"].replace("", "(ohne Angabe)").value_counts()
    out = counts.rename_axis("Akteursart").reset_index(name="Akteure")
    out["Anteil"] = out["Akteure"] / out["Akteure"].sum() * 100
    return with_formats(out, {"Akteure": COUNT, "Anteil": PERCENT})


def _diversity_gap(ctx: WaveContext, ascending: bool) -> NoData:
    if ascending:
        return NoData("")
    if not has_values(ctx.actors, "kategorie"):
        return NoData(
            "Ohne Angaben zur Akteursart lässt sich die Vielfalt der Netzwerke nicht messen."
        )
    if len(ctx.mitgliedschaften) == 0:
        return NoData(
            "In dieser Welle sind keine Mitgliedschaften erfasst; die Vielfalt der "
            "Netzwerke lässt sich daher nicht messen."
        )
    return NoData(
        "Kein Netzwerk hat mindestens drei Mitglieder; der Blau-Index wird daher nicht ausgewiesen."
    )


def diversity_table(
    ctx: WaveContext, n: int = 10, ascending: bool = False
) -> pd.DataFrame | NoData:
    """The ``n`` most (``ascending``: least) diverse networks with at least three members.

    Without such networks the table of the most diverse ones says so; the other one is an
    empty NoData (the reason is given once)."""
    frame = ctx.networks.copy()
    frame["blau_diversitaet"] = pd.to_numeric(frame["blau_diversitaet"])
    frame["anzahl_mitglieder"] = pd.to_numeric(frame["anzahl_mitglieder"])
    frame = frame[frame["anzahl_mitglieder"] >= 3]
    if not len(frame) or not has_values(ctx.actors, "kategorie"):
        return _diversity_gap(ctx, ascending)
    frame = frame.sort_values(
        ["blau_diversitaet", "netzwerk_id"], ascending=[ascending, True]
    ).head(n)
    out = frame[
        ["netzwerk", "blau_diversitaet", "anzahl_mitglieder", "anzahl_kategorien", "landkreis"]
    ].copy()
    out = _numeric(out, ["anzahl_kategorien"])
    return _shown(
        out.reset_index(drop=True),
        {
            "netzwerk": "Netzwerk",
            "landkreis": "Gebiet",
            "anzahl_mitglieder": "Mitglieder",
            "anzahl_kategorien": "Akteursarten",
            "blau_diversitaet": "Blau-Index",
        },
    )


def topic_gaps(ctx: WaveContext) -> pd.DataFrame | NoData:
    """Topic × district cells where no network works (the white spots).

    An empty NoData when the topics × districts figure already said why there is nothing."""
    if topic_district_gap(ctx):
        return NoData("")
    matrix = ctx.results["themen_landkreise"]
    rows = [
        (topic, district)
        for topic in matrix.index
        for district in matrix.columns
        if float(matrix.at[topic, district]) == 0
    ]
    if not rows:
        return NoData("In jedem Landkreis wirken Akteure in Netzwerken zu jedem Thema mit.")
    gaps = pd.DataFrame(rows, columns=["Thema", "Landkreis"])
    return (
        gaps.groupby("Thema")["Landkreis"]
        .apply(lambda s: ", ".join(s))
        .reset_index(name="Landkreise ohne Netzwerk zu diesem Thema")
    )


# --------------------------------------------------------------------------------------------
# 7 linkage


#: Precision of p- and q-values in the report (below 0,001 they read as "< 0,001").
P_VALUE = NumberFormat(3)
#: The level below which a p- or q-value reads as "chance hardly explains it".
SIGNIFICANCE = 0.05


def p_value_text(value, symbol: str = "p") -> str:
    """A p- or q-value for the reader: ``"p = 0,012"``, ``"q < 0,001"``, ``""`` when missing."""
    number = pd.to_numeric(value, errors="coerce")
    if pd.isna(number):
        return ""
    if number < 0.001:
        return f"{symbol} < {format_number(0.001, P_VALUE)}"
    return f"{symbol} = {format_number(number, P_VALUE)}"


def _ei_test_text(value: float, expected, p_value) -> str:
    """What the permutation test says about an E-I index: more ties between (or within) the
    groups than random group labels would give, or neither, with the p-value."""
    expected = pd.to_numeric(expected, errors="coerce")
    p_text = p_value_text(p_value)
    if pd.isna(expected) or not p_text:
        return ""
    if float(p_value) > SIGNIFICANCE:
        return f"nicht anders als bei zufälliger Verteilung der Gruppen ({p_text})"
    where = "zwischen den" if value > expected else "innerhalb der"
    return f"mehr Verbindungen {where} Gruppen als bei zufälliger Verteilung erwartet ({p_text})"


def ei_table(ctx: WaveContext) -> pd.DataFrame | NoData:
    """E-I index per attribute with its expected value under random group labels and a
    German reading: the direction of the index and what the permutation test says („mehr
    Verbindungen zwischen den Gruppen als bei zufälliger Verteilung erwartet (p = …)“).
    Where the index is undefined (no data, a single group, no ties) the reading says why;
    when it is undefined for every attribute, one sentence instead of the table. The counts
    of ties between and within the groups are in the mixing matrices and tabellen.xlsx."""
    frame = ctx.results["ei"].copy()
    values = pd.to_numeric(frame["ei_index"], errors="coerce")
    reasons = []
    for attribute, value in zip(frame["attribut"], values):
        gap = mixing_gap(ctx, attribute) if f"mischung_{attribute}" in ctx.results else None
        reasons.append(
            f"nicht bestimmbar: {gap[0]}"
            if gap
            else "nicht bestimmbar"
            if not np.isfinite(value)
            else None
        )
    if all(reasons):
        return NoData(
            "Der E-I-Index ist für kein Merkmal bestimmbar, weil Angaben fehlen oder "
            "alle Akteure mit Angabe derselben Gruppe angehören."
        )
    defined = [r is None for r in reasons]
    frame["ei_index"] = values.where(defined)
    expected = (
        pd.to_numeric(frame["ei_erwartet"], errors="coerce")
        if "ei_erwartet" in frame.columns
        else pd.Series(np.nan, index=frame.index)
    )
    p_values = frame["p_wert"] if "p_wert" in frame.columns else [np.nan] * len(frame)
    frame["ei_erwartet"] = expected.where(defined)
    frame["attribut"] = frame["attribut"].map(ATTRIBUTE_LABELS).fillna(frame["attribut"])
    readings = [
        reason
        if reason
        else "überwiegend zwischen den Gruppen"
        if v > 0.2
        else "überwiegend innerhalb der Gruppen"
        if v < -0.2
        else "ausgeglichen"
        for reason, v in zip(reasons, values)
    ]
    tests = [
        "" if reason else _ei_test_text(v, e, p)
        for reason, v, e, p in zip(reasons, values, expected, p_values)
    ]
    frame["Deutung"] = [f"{r}; {t}" if t else r for r, t in zip(readings, tests)]
    frame = _numeric(frame, ["extern", "intern"])
    columns = ["attribut", "extern", "intern", "ei_index", "ei_erwartet", "Deutung"]
    return _shown(
        frame[columns],
        {
            "attribut": "Merkmal",
            "extern": "Verbindungen zwischen",
            "intern": "Verbindungen innerhalb",
            "ei_index": "E-I-Index",
            "ei_erwartet": "Erwartet bei Zufall",
        },
    )


def mixing(ctx: WaveContext, attribute: str) -> pd.DataFrame | NoData:
    """Mixing matrix of ``attribute`` with German labels, groups in their natural order
    (:func:`natural_order`; unknown last), or the sentence why there is none.

    For ``bundesland`` and ``raumtyp`` the sentence is empty when no place is known at all:
    the district's matrix already says so."""
    gap = mixing_gap(ctx, attribute)
    if gap:
        if (
            attribute in ("bundesland", "raumtyp")
            and gap[0] == "keine Angaben"
            and not len(ctx.results["mischung_landkreis"].index)
        ):
            return NoData("")
        return gap[1]
    matrix = ctx.results[f"mischung_{attribute}"].copy()
    order = in_natural_order(ctx, attribute, [*matrix.index, *matrix.columns])
    matrix = matrix.reindex(
        index=[v for v in order if v in matrix.index],
        columns=[v for v in order if v in matrix.columns],
    )
    matrix.index = [i if i else UNKNOWN for i in matrix.index]
    matrix.columns = [c if c else UNKNOWN for c in matrix.columns]
    return with_formats(matrix, dict.fromkeys(matrix.columns, COUNT))


# --------------------------------------------------------------------------------------------
# 8–10 findings


def _overlap_test_text(shared, q_value) -> str:
    """The shared members and what chance says about them, e.g. „8 – zufällig kaum
    erklärbar (q < 0,001)“."""
    count = format_number(shared, COUNT)
    q_text = p_value_text(q_value, "q")
    if not q_text:
        return count
    verdict = (
        "zufällig kaum erklärbar" if float(q_value) <= SIGNIFICANCE else "auch zufällig erklärbar"
    )
    return f"{count} – {verdict} ({q_text})"


def duplicates_table(ctx: WaveContext) -> pd.DataFrame | NoData:
    """The network pairs that look like duplicate structures, most similar first: both
    networks, their similarity (the score they are ranked by, in percent: members weigh half,
    topics and target groups a quarter each), shared members with the test against chance
    (the Benjamini–Hochberg q-value of the hypergeometric test: „8 – zufällig kaum erklärbar
    (q < 0,001)“), area and the evidence; the single overlaps (Jaccard) and the p-values are
    in the evidence and in tabellen.xlsx."""
    frame = ctx.results["doppelstrukturen"]
    if not len(frame):
        return NoData(duplicates_sentence(ctx))
    out = frame[
        ["netzwerk_a", "netzwerk_b", "score", "gemeinsame_mitglieder", "gebiet", "erklaerung"]
    ].copy()
    out = _numeric(out, ["score", "gemeinsame_mitglieder"])
    out["score"] = out["score"] * 100
    q_values = frame["q_wert"] if "q_wert" in frame.columns else [np.nan] * len(frame)
    out["gemeinsame_mitglieder"] = [
        _overlap_test_text(k, q) for k, q in zip(out["gemeinsame_mitglieder"], q_values)
    ]
    return with_formats(
        out.reset_index(drop=True).rename(
            columns={
                "netzwerk_a": "Netzwerk A",
                "netzwerk_b": "Netzwerk B",
                "score": "Ähnlichkeit",
                "gemeinsame_mitglieder": "Gemeinsame Mitglieder, gegen Zufall geprüft",
                "gebiet": "Gebiet",
                "erklaerung": "Begründung",
            }
        ),
        {"Ähnlichkeit": PERCENT},
    )


def potentials_table(
    ctx: WaveContext, kind: str = "akteur_akteur", n: int = 20
) -> pd.DataFrame | NoData:
    """The ``n`` strongest suggestions of one ``kind`` (``akteur_akteur``: new partners,
    ``akteur_netzwerk``: networks an actor would fit) with their score (the first number
    column: the list is ranked by it) and reason; the rank and the parts of the score are in
    tabellen.xlsx."""
    frame = ctx.results["potenziale"]
    frame = frame[frame["art"] == kind].head(n)
    if not len(frame):
        return NoData(
            "Zwischen den Akteuren ergeben sich keine Vorschläge für neue Kooperationen."
            if kind == "akteur_akteur"
            else "Für keinen Akteur ergibt sich ein passendes Netzwerk, in dem er noch "
            "nicht Mitglied ist."
        )
    out = _numeric(frame[["name_a", "name_b", "score", "erklaerung"]].copy(), ["score"])
    second = "Akteur B" if kind == "akteur_akteur" else "Netzwerk"
    return _shown(
        out.reset_index(drop=True),
        {"name_a": "Akteur", "name_b": second, "score": "Punktzahl", "erklaerung": "Begründung"},
    )


def _community_names(frame: pd.DataFrame) -> list[str]:
    """Each community's name (its number: a name, not a number) with its stability in words."""
    shares = pd.to_numeric(
        frame.get("stabilitaet", pd.Series(np.nan, index=frame.index)), errors="coerce"
    )
    names = []
    for c, share in zip(frame["community"], shares):
        text = stability_text(share)
        names.append(str(c) if text == "–" else f"{c} ({text})")
    return names


def communities_table(ctx: WaveContext) -> pd.DataFrame | NoData:
    """The communities of at least two actors and what characterises them: name and stability
    over reruns in words (``"1 (sehr stabil: in 96 % der Läufe zusammen)"``, see
    :func:`~bildungsnetz.report.narrative.stability_text`; the name alone where it was not
    measured), size, rural share, topics, districts, central actors (the frequent
    categories and target groups are in tabellen.xlsx)."""
    frame = ctx.results["gemeinschaften"].copy()
    frame = frame[pd.to_numeric(frame["anzahl_akteure"]) >= 2]
    if not len(frame):
        return NoData("Keine Gemeinschaft umfasst mindestens zwei Akteure.")
    out = pd.DataFrame(
        {
            "Gemeinschaft (Stabilität)": _community_names(frame),
            "Akteure": pd.to_numeric(frame["anzahl_akteure"]),
            "ländlich": pd.to_numeric(frame["anteil_laendlich"]) * 100,
            "häufigste Themen": frame["dominante_themen"],
            "häufigste Landkreise": frame["dominante_landkreise"],
            "zentrale Akteure": frame["zentrale_akteure"],
        }
    ).reset_index(drop=True)
    if not has_values(ctx.actors, "raumtyp"):
        out["ländlich"] = np.nan  # unknown, not 0: shown as "–"
    return with_formats(out, {"Akteure": COUNT, "ländlich": PERCENT})
