"""The report's tables: ready-to-display German DataFrames, one function per table.

The notebooks call these and show the result with :func:`bildungsnetz.report.display.table`;
the selection, renaming and ordering live here, where they are tested. Every table uses
publishable names only (``anzeigename``). A table without data is a
:class:`~bildungsnetz.report.gaps.NoData` sentence instead.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

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
from bildungsnetz.report.narrative import duplicates_sentence

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
#: German labels of the actor attributes.
ATTRIBUTE_LABELS = {
    "landkreis": "Landkreis",
    "bundesland": "Bundesland",
    "ebene": "Ebene",
    "kategorie": "Akteursart",
    "raumtyp": "Raumtyp",
}


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
    out["Anteil %"] = (out["Anzahl"] / out["von"].where(out["von"] > 0) * 100).round(1)
    return out


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
    """Actors per state and place type (urban, rural, without place), with totals."""
    actors = ctx.actors.copy()
    actors["bundesland"] = actors["bundesland"].replace("", "(unbekannt)")
    table = actors.groupby(["bundesland", "raumtyp"]).size().unstack(fill_value=0)
    table["gesamt"] = table.sum(axis=1)
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
    """The ``n`` actors with the highest (or lowest) ``by``, German column names."""
    cols = columns or [
        "anzahl_netzwerke",
        "partner",
        "degree",
        "closeness",
        "betweenness",
        "pagerank",
    ]
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
    keep = ["akteur", "kategorie", "landkreis"] + [c for c in cols if c != by] + [by]
    keep = list(dict.fromkeys([c for c in keep if c in frame.columns]))
    out = frame[keep].copy()
    for col in out.columns:
        if col in MEASURE_LABELS or col in ("anzahl_netzwerke", "partner"):
            out[col] = pd.to_numeric(out[col], errors="coerce")
    for col, attribute in (
        ("participation_landkreis", "landkreis"),
        ("participation_bundesland", "bundesland"),
    ):
        if col in out.columns and not has_values(ctx.actors, attribute):
            out[col] = np.nan  # unknown, not 0: shown as "–"
    out.insert(0, "Rang", range(1, len(out) + 1))
    return out.rename(
        columns={
            "akteur": "Akteur",
            "kategorie": "Akteursart",
            "landkreis": "Landkreis",
            **MEASURE_LABELS,
        }
    )


def bridges_between_states(ctx: WaveContext, n: int = 15) -> pd.DataFrame | NoData:
    """Actors who are members of networks based in Brandenburg AND in Saxony (participation
    coefficient over the states of their own networks > 0; region-wide networks do not count),
    strongest first."""
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
    out = frame[
        ["akteur", "kategorie", "landkreis", "bundesland", "anzahl_netzwerke", col, "betweenness"]
    ].copy()
    out["anzahl_netzwerke"] = pd.to_numeric(out["anzahl_netzwerke"])
    return out.rename(
        columns={
            "akteur": "Akteur",
            "kategorie": "Akteursart",
            "landkreis": "Landkreis",
            "bundesland": "Sitz",
            "anzahl_netzwerke": "Netzwerke",
            **MEASURE_LABELS,
        }
    )


def hidden_champions(ctx: WaveContext) -> pd.DataFrame | NoData:
    """The hidden champions (far ahead by PageRank, not by number of networks) with reason."""
    frame = ctx.actors.copy()
    flag = frame["hidden_champion"].astype(str).str.lower().isin(["true", "1", "ja"])
    frame = frame[flag].copy()
    if not len(frame):
        return NoData("In dieser Welle fallen keine Hidden Champions auf.")
    frame["rang_pagerank"] = pd.to_numeric(frame["rang_pagerank"])
    frame = frame.sort_values(["rang_pagerank", "akteur_id"])
    out = frame[
        [
            "akteur",
            "kategorie",
            "landkreis",
            "anzahl_netzwerke",
            "rang_netzwerke",
            "rang_pagerank",
            "hidden_champion_grund",
        ]
    ].copy()
    for col in ("anzahl_netzwerke", "rang_netzwerke"):
        out[col] = pd.to_numeric(out[col])
    return out.rename(
        columns={
            "akteur": "Akteur",
            "kategorie": "Akteursart",
            "landkreis": "Landkreis",
            "anzahl_netzwerke": "Netzwerke",
            "rang_netzwerke": "Rang nach Netzwerken",
            "rang_pagerank": "Rang nach PageRank",
            "hidden_champion_grund": "Begründung",
        }
    )


# --------------------------------------------------------------------------------------------
# 6 diversity, topics


def category_counts(ctx: WaveContext) -> pd.DataFrame | NoData:
    """Actors per category with their share in percent."""
    if not has_values(ctx.actors, "kategorie"):
        return NoData(MISSING_ATTRIBUTE["kategorie"])
    counts = ctx.actors["kategorie"].replace("", "(ohne Angabe)").value_counts()
    out = counts.rename_axis("Akteursart").reset_index(name="Akteure")
    out["Anteil %"] = (out["Akteure"] / out["Akteure"].sum() * 100).round(1)
    return out


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
        ["netzwerk", "landkreis", "anzahl_mitglieder", "anzahl_kategorien", "blau_diversitaet"]
    ].copy()
    out["anzahl_kategorien"] = pd.to_numeric(out["anzahl_kategorien"])
    return out.rename(
        columns={
            "netzwerk": "Netzwerk",
            "landkreis": "Gebiet",
            "anzahl_mitglieder": "Mitglieder",
            "anzahl_kategorien": "Akteursarten",
            "blau_diversitaet": "Blau-Index",
        }
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


def ei_table(ctx: WaveContext) -> pd.DataFrame | NoData:
    """E-I index per attribute with a German reading. Where the index is undefined (no data,
    a single group, no ties) the reading says why; when it is undefined for every attribute,
    one sentence instead of the table."""
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
    frame["ei_index"] = values.where([r is None for r in reasons])
    frame["attribut"] = frame["attribut"].map(ATTRIBUTE_LABELS).fillna(frame["attribut"])
    frame["Deutung"] = [
        reason
        if reason
        else "überwiegend zwischen den Gruppen"
        if v > 0.2
        else "überwiegend innerhalb der Gruppen"
        if v < -0.2
        else "ausgeglichen"
        for reason, v in zip(reasons, values)
    ]
    return frame.rename(
        columns={
            "attribut": "Merkmal",
            "extern": "Verbindungen zwischen",
            "intern": "Verbindungen innerhalb",
            "ei_index": "E-I-Index",
        }
    )


def mixing(ctx: WaveContext, attribute: str) -> pd.DataFrame | NoData:
    """Mixing matrix of ``attribute`` with German labels, or the sentence why there is none.

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
    matrix.index = [i if i else "(unbekannt)" for i in matrix.index]
    matrix.columns = [c if c else "(unbekannt)" for c in matrix.columns]
    return matrix


# --------------------------------------------------------------------------------------------
# 8–10 findings


def duplicates_table(ctx: WaveContext) -> pd.DataFrame | NoData:
    """The network pairs that look like duplicate structures, with the evidence."""
    frame = ctx.results["doppelstrukturen"]
    if not len(frame):
        return NoData(duplicates_sentence(ctx))
    out = frame[
        [
            "netzwerk_a",
            "netzwerk_b",
            "gebiet",
            "gemeinsame_mitglieder",
            "jaccard_mitglieder",
            "gemeinsame_themen",
            "gemeinsame_zielgruppen",
            "erklaerung",
        ]
    ].copy()
    return out.rename(
        columns={
            "netzwerk_a": "Netzwerk A",
            "netzwerk_b": "Netzwerk B",
            "gebiet": "Gebiet",
            "gemeinsame_mitglieder": "gemeinsame Mitglieder",
            "jaccard_mitglieder": "Überlappung (Jaccard)",
            "gemeinsame_themen": "gemeinsame Themen",
            "gemeinsame_zielgruppen": "gemeinsame Zielgruppen",
            "erklaerung": "Begründung",
        }
    )


def potentials_table(
    ctx: WaveContext, kind: str = "akteur_akteur", n: int = 20
) -> pd.DataFrame | NoData:
    """The ``n`` strongest suggestions of one ``kind`` (``akteur_akteur``: new partners,
    ``akteur_netzwerk``: networks an actor would fit) with their reason."""
    frame = ctx.results["potenziale"]
    frame = frame[frame["art"] == kind].head(n)
    if not len(frame):
        return NoData(
            "Zwischen den Akteuren ergeben sich keine Vorschläge für neue Kooperationen."
            if kind == "akteur_akteur"
            else "Für keinen Akteur ergibt sich ein passendes Netzwerk, in dem er noch "
            "nicht Mitglied ist."
        )
    out = frame[["rang", "name_a", "name_b", "score", "erklaerung"]].copy()
    second = "Akteur B" if kind == "akteur_akteur" else "Netzwerk"
    return out.rename(
        columns={
            "rang": "Rang",
            "name_a": "Akteur",
            "name_b": second,
            "score": "Punktzahl",
            "erklaerung": "Begründung",
        }
    )


def communities_table(ctx: WaveContext) -> pd.DataFrame | NoData:
    """The communities of at least two actors and what characterises them."""
    frame = ctx.results["gemeinschaften"].copy()
    frame = frame[pd.to_numeric(frame["anzahl_akteure"]) >= 2]
    if not len(frame):
        return NoData("Keine Gemeinschaft umfasst mindestens zwei Akteure.")
    out = frame[
        [
            "community",
            "anzahl_akteure",
            "dominante_themen",
            "dominante_landkreise",
            "dominante_kategorien",
            "zentrale_akteure",
        ]
    ].copy()
    out["anteil_laendlich"] = (pd.to_numeric(frame["anteil_laendlich"]) * 100).round(0)
    if not has_values(ctx.actors, "raumtyp"):
        out["anteil_laendlich"] = np.nan  # unknown, not 0: shown as "–"
    return out.rename(
        columns={
            "community": "Gemeinschaft",
            "anzahl_akteure": "Akteure",
            "dominante_themen": "häufigste Themen",
            "dominante_landkreise": "häufigste Landkreise",
            "dominante_kategorien": "häufigste Akteursarten",
            "zentrale_akteure": "zentrale Akteure",
            "anteil_laendlich": "ländlich %",
        }
    )
