"""What the report notebooks show: ready-to-display German tables and seaborn figures.

The notebooks narrate and call these functions; the selection, renaming and plotting logic
lives here, where it is tested. Every table uses publishable names only (``anzeigename``).
"""

from __future__ import annotations

import math
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from bildungsnetz.report.context import (WaveContext, check_language,  # noqa: E402,F401
                                          is_synthetic, load_context)
from bildungsnetz.ingest.clean import (ADDED, FILE_IGNORED, FILE_TABLE, KEPT, MERGED, REJECTED,  # noqa: E402
                    accounting_table)  # noqa: E402
from bildungsnetz.report.htmlsafe import PALETTE, SEQUENTIAL_CMAP, TOL_MUTED  # noqa: E402
from bildungsnetz.ingest.reference import load_reference  # noqa: E402
from bildungsnetz.text import german_number, shorten  # noqa: E402

STATE_COLOURS = {"Brandenburg": PALETTE[0], "Sachsen": PALETTE[1], "": "#999999"}
RAUM_COLOURS = {"städtisch": PALETTE[0], "ländlich": PALETTE[2], "": "#999999"}
MEASURE_LABELS = {
    "anzahl_netzwerke": "Netzwerke", "partner": "Partner", "degree": "Degree (2-modal)",
    "closeness": "Closeness (2-modal)", "betweenness": "Betweenness (2-modal)",
    "pagerank": "PageRank", "eigenvector": "Eigenvektor", "constraint": "Constraint (Burt)",
    "participation_landkreis": "Beteiligung über Landkreise",
    "participation_bundesland": "Beteiligung über Länder",
    "participation_bundesland_netzwerke": "Netzwerke in beiden Ländern (Beteiligung)",
}
ATTRIBUTE_LABELS = {"landkreis": "Landkreis", "bundesland": "Bundesland", "ebene": "Ebene",
                    "kategorie": "Akteursart", "raumtyp": "Raumtyp"}


class NoData(str):
    """The one German sentence shown instead of a section, table or figure without data.

    View functions return it in place of a DataFrame or a figure; ``htmlexport.table`` and
    ``htmlexport.figure`` show it as a plain sentence (``htmlexport.no_data``). An empty
    NoData shows nothing: it stands for an item whose reason a sibling item of the same
    section has already given (e.g. the second of two diversity tables).
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
_ABOUT = {"landkreis": "zum Landkreis", "bundesland": "zum Land", "ebene": "zur Ebene",
          "kategorie": "zur Akteursart", "raumtyp": "zu Stadt und Land"}
_BETWEEN = {"landkreis": "zwischen Landkreisen", "bundesland": "zwischen den Ländern",
            "ebene": "zwischen den Ebenen", "kategorie": "zwischen Akteursarten",
            "raumtyp": "zwischen Stadt und Land"}
_RAUM_DATIV = {"städtisch": "im städtischen Raum", "ländlich": "im ländlichen Raum"}


def _filled(series: pd.Series) -> pd.Series:
    return series.fillna("").astype(str).str.strip() != ""


def _has(frame: pd.DataFrame | None, column: str) -> bool:
    """True when at least one row of ``frame`` has a value in ``column``."""
    return frame is not None and column in frame.columns and bool(_filled(frame[column]).any())


def _figure(ctx, key: str, default: float = 0.0) -> float:
    """A whole-network figure of kennzahlen_gesamt as float (``default`` when absent)."""
    k = ctx.results["kennzahlen_gesamt"].set_index("kennzahl")["wert"]
    value = pd.to_numeric(pd.Series([k.get(key, default)]), errors="coerce").iloc[0]
    return float(value)


def _no_ties_reason(ctx) -> str | None:
    """Why no two actors are linked (no memberships / nobody shares a network), or None."""
    if len(ctx.mitgliedschaften) == 0:
        return "In dieser Welle sind keine Mitgliedschaften erfasst"
    if _figure(ctx, "anzahl_partnerschaften") == 0:
        return "Keine zwei Akteure teilen ein Netzwerk"
    return None


def _topics_reason(ctx) -> str | None:
    """Why topics (and target groups) of the networks cannot be shown, or None."""
    topics, targets = _has(ctx.netzwerke, "themen"), _has(ctx.netzwerke, "zielgruppen")
    if not topics and not targets:
        return "Zu Themen und Zielgruppen der Netzwerke wurden in dieser Welle keine Angaben " \
               "erhoben."
    if not topics:
        return "Zu den Themen der Netzwerke wurden in dieser Welle keine Angaben erhoben."
    return None


def section_gap(ctx, section: str) -> NoData | None:
    """The sentence that replaces a whole report section without data, or None.

    ``section``: ``geografie``, ``zentrale_akteure``, ``gatekeeper``, ``einfluss``,
    ``akteursarten``, ``themen``, ``vernetzung``, ``doppelstrukturen``, ``potenziale``,
    ``gemeinschaften``. Within a section that is shown, single tables and figures may still
    return a :class:`NoData` of their own.
    """
    ties = _no_ties_reason(ctx)
    if section == "geografie":
        if not _has(ctx.akteure, "landkreis") and not _has(ctx.akteure, "lat"):
            return NoData(NO_LOCATION)
        return None
    if section == "zentrale_akteure":
        if len(ctx.mitgliedschaften) == 0:
            return NoData("In dieser Welle sind keine Mitgliedschaften erfasst; zentrale "
                          "Akteure lassen sich daher nicht bestimmen.")
        return None
    consequences = {
        "gatekeeper": "Gatekeeper und Brücken lassen sich daher nicht bestimmen",
        "einfluss": "der Einfluss über Partner (PageRank) lässt sich daher nicht bestimmen",
        "vernetzung": "Verbindungen zwischen Landkreisen, Ebenen und Akteursarten gibt es "
                      "daher nicht",
        "gemeinschaften": "Gemeinschaften lassen sich daher nicht bestimmen",
    }
    if section in consequences:
        return NoData(f"{ties}; {consequences[section]}.") if ties else None
    if section == "akteursarten":
        if not _has(ctx.akteure, "kategorie"):
            return NoData("Zur Akteursart wurden in dieser Welle keine Angaben erhoben; die "
                          "Vielfalt der Akteure und Netzwerke lässt sich daher nicht "
                          "beschreiben.")
        return None
    if section == "themen":
        reason = _topics_reason(ctx)
        return NoData(reason) if reason else None
    if section == "doppelstrukturen":
        n_networks = len(ctx.netzwerke)
        if n_networks >= 2 and len(ctx.mitgliedschaften) == 0:
            return NoData("In dieser Welle sind keine Mitgliedschaften erfasst; Doppelstrukturen "
                          "lassen sich daher nicht erkennen.")
        if n_networks < 2:
            return NoData("Mit nur einem Netzwerk kann es keine Doppelstrukturen geben."
                          if n_networks == 1 else
                          "Ohne Netzwerke kann es keine Doppelstrukturen geben.")
        if len(ctx.results["doppelstrukturen"]) == 0:
            return NoData("Kein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur.")
        return None
    if section == "potenziale":
        if len(ctx.results["potenziale"]) > 0:
            return None
        if len(ctx.mitgliedschaften) == 0:
            return NoData("In dieser Welle sind keine Mitgliedschaften erfasst; "
                          "Kooperationspotenziale lassen sich daher nicht bestimmen.")
        topics, targets = _has(ctx.netzwerke, "themen"), _has(ctx.netzwerke, "zielgruppen")
        if not (topics and targets):
            missing = ("Themen und Zielgruppen" if not (topics or targets) else
                       "Themen" if not topics else "Zielgruppen")
            return NoData("Vorschläge für neue Kooperationen beruhen auf gemeinsamen Themen und "
                          f"Zielgruppen; zu den {missing} der Netzwerke wurden in dieser Welle "
                          "keine Angaben erhoben.")
        return NoData("In dieser Welle ergeben sich keine Vorschläge für neue Kooperationen.")
    raise ValueError(f"Unbekannter Abschnitt: {section}")


def _count_phrase(n: int, singular: str, plural: str) -> str:
    return f"{german_number(n, 0)} {singular if n == 1 else plural}"


# --------------------------------------------------------------------------------------------
# 1 overview

def intro_sentence(ctx: WaveContext) -> str:
    """The report's first sentence: the wave and its size (German singular/plural)."""
    actors = _count_phrase(len(ctx.actors), "Akteur", "Akteure")
    n = len(ctx.networks)
    if n == 0:
        return f"Befragungswelle {ctx.wave}: {actors}, aber keine Netzwerke oder Gremien."
    networks = "einem Netzwerk" if n == 1 else f"{german_number(n, 0)} Netzwerken und Gremien"
    return f"Befragungswelle {ctx.wave}: {actors} in {networks}."


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
        ("Landkreise mit Akteuren", int(actors.loc[actors.landkreis != "", "landkreis"]
                                        .nunique())),
        ("Akteure unter Pseudonym (ohne Einwilligung)",
         int((ctx.akteure["veroeffentlichen"] != "ja").sum())),
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


def quality_notes(ctx: WaveContext) -> pd.DataFrame:
    """The kinds of notes and rejections in the cleaning log, counted."""
    counts: dict[str, int] = {}

    def add(label):
        counts[label] = counts.get(label, 0) + 1

    for row in ctx.log.to_dict("records"):
        if row["tabelle"] == FILE_TABLE:   # whole files: see files_table
            if row["ergebnis"] == FILE_IGNORED:
                add("Datei ignoriert: " + row["grund"].split(" (")[0].split(" – ")[0])
            continue
        if row["ergebnis"] == REJECTED:
            add("verworfen: " + row["grund"].split("(")[0].strip())
        if row["ergebnis"] == ADDED:
            add("ergänzt: " + row["grund"].split("(")[0].split(",")[0].strip())
        for note in filter(None, row["hinweis"].split("; ")):
            add("Hinweis: " + _QUOTED.sub("…", note).split("(")[0].strip(" :,"))
    counts["zur Prüfung vorgeschlagene mögliche Dubletten"] = len(ctx.review)
    out = pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
                       columns=["Befund", "Anzahl"])
    out = out[out["Anzahl"] > 0].reset_index(drop=True)
    if not len(out):
        return NoData("Die Bereinigung hat keine Zeile verworfen und keine Hinweise ergeben.")
    return out


def files_table(ctx: WaveContext) -> pd.DataFrame:
    """Every file of the wave folder: read (with encoding and delimiter) or ignored (why)."""
    files = ctx.log[ctx.log["tabelle"] == FILE_TABLE]
    if not len(files):
        return NoData("Das Protokoll dieser Welle verzeichnet keine Dateien (mit einer älteren "
                      "Version bereinigt).")
    out = pd.DataFrame({"Datei": files["datei"], "Ergebnis": files["ergebnis"],
                        "Inhalt bzw. Grund": files["grund"], "Hinweise": files["hinweis"]})
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
        ländlich=("raumtyp", lambda s: int((s == "ländlich").sum())))
    nets = ctx.networks.copy()
    nets["landkreis"] = nets["landkreis"].replace("", "(unbekannt)")
    table["Netzwerke mit Sitz"] = nets.groupby("landkreis").size()
    states = dict(zip(ctx.akteure["landkreis"], ctx.akteure["bundesland"]))
    order = [d for d in ctx.districts if d in table.index] + sorted(
        d for d in table.index if d not in ctx.districts)
    table = table.reindex(order).fillna(0).astype(int)
    table.insert(0, "Bundesland", [states.get(d, "") if d in states else
                                   ("" if d.startswith("(") else "") for d in table.index])
    table.index.name = "Landkreis"
    return table.reset_index()


def fig_actors_by_district(ctx: WaveContext):
    """Bars of actors per district, split urban/rural (one bar "unbekannt" per district when
    the place type of no actor is known, e.g. districts given without town)."""
    if not _has(ctx.actors, "landkreis"):
        return NoData("Ohne Angaben zu Orten lassen sich die Akteure keinem Landkreis "
                      "zuordnen.")
    table = actors_by_district(ctx)
    kinds = ["städtisch", "ländlich"]
    palette = [RAUM_COLOURS["städtisch"], RAUM_COLOURS["ländlich"]]
    if not _has(ctx.actors, "raumtyp"):
        table = table.assign(unbekannt=table["Akteure"])
        kinds, palette = ["unbekannt"], [RAUM_COLOURS[""]]
    long = table.melt(id_vars=["Landkreis", "Bundesland"], value_vars=kinds,
                      var_name="Raumtyp", value_name="Anzahl")
    fig, ax = plt.subplots(figsize=(8, 4))
    sns.barplot(data=long, y="Landkreis", x="Anzahl", hue="Raumtyp", ax=ax, palette=palette)
    ax.set_xlabel("Anzahl der Akteure")
    ax.set_ylabel("")
    ax.legend(title="Raumtyp", frameon=False)
    sns.despine(fig)
    fig.tight_layout()
    return fig


def actors_by_state(ctx: WaveContext) -> pd.DataFrame:
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
    return pd.DataFrame({"Landkreise der Mitglieder": counts.index,
                         "Netzwerke": counts.values})


def fig_district_span(ctx: WaveContext):
    if len(ctx.mitgliedschaften) == 0:
        return NoData("Ohne Mitgliedschaften lässt sich nicht zeigen, aus wie vielen "
                      "Landkreisen die Mitglieder der Netzwerke kommen.")
    if not (pd.to_numeric(ctx.networks["anzahl_landkreise"]) > 0).any():
        return NoData("Von keinem Mitglied eines Netzwerks ist der Landkreis bekannt.")
    table = district_span(ctx)
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.bar(table["Landkreise der Mitglieder"].astype(str), table["Netzwerke"], color=PALETTE[0])
    ax.set_xlabel("Zahl der Landkreise, aus denen die Mitglieder kommen")
    ax.set_ylabel("Netzwerke")
    sns.despine(fig)
    fig.tight_layout()
    return fig


def fig_geography(ctx: WaveContext):
    """Actors at their coordinates, coloured by state, size by number of networks."""
    if not _has(ctx.akteure, "lat"):
        return NoData(NO_LOCATION if not _has(ctx.akteure, "landkreis") else
                      "Ohne Angaben zu Postleitzahl oder Ort kann die Lage der Akteure nicht "
                      "auf einer Karte gezeigt werden.")
    actors = ctx.akteure[ctx.akteure["lat"] != ""].merge(
        ctx.actors[["akteur_id", "anzahl_netzwerke"]], on="akteur_id")
    fig, ax = plt.subplots(figsize=(7, 7))
    lon = actors["lon"].astype(float)
    lat = actors["lat"].astype(float)
    # jitter identical coordinates (all actors of a town share the town's point)
    rng = np.random.default_rng(7)
    jitter = rng.normal(0, 0.012, size=(len(actors), 2))
    colours = actors["bundesland"].map(STATE_COLOURS).fillna("#999999")
    sizes = 12 + 10 * actors["anzahl_netzwerke"].astype(float)
    ax.scatter(lon + jitter[:, 0], lat + jitter[:, 1], s=sizes, c=colours, alpha=0.7,
               edgecolor="white", linewidth=0.4)
    ref = load_reference(ctx.data_dir).landkreise
    for row in ref.to_dict("records"):
        ax.annotate(row["kreissitz"], (float(row["lon"]), float(row["lat"])), fontsize=8,
                    xytext=(4, 4), textcoords="offset points", color="#333333")
    ax.set_aspect(1 / np.cos(np.radians(51.5)))
    ax.set_xlabel("Längengrad")
    ax.set_ylabel("Breitengrad")
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=c, label=s)
               for s, c in STATE_COLOURS.items() if s]
    ax.legend(handles=handles, frameon=False, loc="upper right")
    sns.despine(fig)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------------
# 3–5 hubs, gatekeepers, hidden influence

def top_actors(ctx: WaveContext, by: str, n: int = 15, columns=None,
               ascending: bool = False) -> pd.DataFrame:
    """The ``n`` actors with the highest (or lowest) ``by``, German column names."""
    cols = columns or ["anzahl_netzwerke", "partner", "degree", "closeness", "betweenness",
                       "pagerank"]
    frame = ctx.actors.copy()
    frame[by] = pd.to_numeric(frame[by], errors="coerce")
    frame = frame.dropna(subset=[by])
    label = MEASURE_LABELS.get(by, by)
    if not len(frame):
        return NoData(f"Für keinen Akteur lässt sich der Wert „{label}“ berechnen.")
    if by == "betweenness" and not (frame[by] > 0).any():
        return NoData("Kein Akteur liegt auf einem kürzesten Weg zwischen anderen Akteuren "
                      "oder Netzwerken; Gatekeeper gibt es in dieser Welle daher nicht.")
    frame = frame.sort_values([by, "akteur_id"], ascending=[ascending, True]).head(n)
    keep = ["akteur", "kategorie", "landkreis"] + [c for c in cols if c != by] + [by]
    keep = list(dict.fromkeys([c for c in keep if c in frame.columns]))
    out = frame[keep].copy()
    for col in out.columns:
        if col in MEASURE_LABELS or col in ("anzahl_netzwerke", "partner"):
            out[col] = pd.to_numeric(out[col], errors="coerce")
    for col, attribute in (("participation_landkreis", "landkreis"),
                           ("participation_bundesland", "bundesland")):
        if col in out.columns and not _has(ctx.actors, attribute):
            out[col] = np.nan          # unknown, not 0: shown as "–"
    out.insert(0, "Rang", range(1, len(out) + 1))
    return out.rename(columns={"akteur": "Akteur", "kategorie": "Akteursart",
                               "landkreis": "Landkreis", **MEASURE_LABELS})


def fig_top_bar(ctx: WaveContext, by: str, n: int = 15, colour_by: str = "kategorie"):
    frame = ctx.actors.copy()
    frame[by] = pd.to_numeric(frame[by], errors="coerce")
    if not (frame[by] > 0).any():
        return NoData(f"Kein Akteur hat einen Wert „{MEASURE_LABELS.get(by, by)}“ über 0.")
    frame = frame.sort_values([by, "akteur_id"], ascending=[False, True]).head(n)
    cats = sorted(frame[colour_by].replace("", "(ohne Angabe)").unique())
    palette = dict(zip(cats, (TOL_MUTED * 3)[: len(cats)]))
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(frame) + 1))
    labels = [_short(a) for a in frame["akteur"]]
    ax.barh(labels[::-1], frame[by].values[::-1],
            color=[palette[c or "(ohne Angabe)"] for c in frame[colour_by].values[::-1]])
    ax.set_xlabel(MEASURE_LABELS.get(by, by))
    handles = [plt.Rectangle((0, 0), 1, 1, color=palette[c]) for c in cats]
    ax.legend(handles, cats, title=ATTRIBUTE_LABELS.get(colour_by, colour_by), frameon=False,
              fontsize=8, loc="lower right")
    sns.despine(fig)
    fig.tight_layout()
    return fig


_short = shorten


def bridges_between_states(ctx: WaveContext, n: int = 15) -> pd.DataFrame:
    """Actors who are members of networks based in Brandenburg AND in Saxony (participation
    coefficient over the states of their own networks > 0; region-wide networks do not count),
    strongest first."""
    frame = ctx.actors.copy()
    col = "participation_bundesland_netzwerke"
    frame[col] = pd.to_numeric(frame[col])
    frame["betweenness"] = pd.to_numeric(frame["betweenness"])
    frame = frame[frame[col] > 0].sort_values(
        [col, "betweenness", "akteur_id"], ascending=[False, False, True]).head(n)
    if not len(frame):
        if not _has(ctx.netzwerke, "bundesland"):
            return NoData("Ohne Angaben zum Sitz der Netzwerke lassen sich keine Brücken "
                          "zwischen Brandenburg und Sachsen erkennen.")
        return NoData("Kein Akteur wirkt zugleich in Netzwerken mit Sitz in Brandenburg und in "
                      "Netzwerken mit Sitz in Sachsen mit.")
    out = frame[["akteur", "kategorie", "landkreis", "bundesland", "anzahl_netzwerke",
                 col, "betweenness"]].copy()
    out["anzahl_netzwerke"] = pd.to_numeric(out["anzahl_netzwerke"])
    return out.rename(columns={"akteur": "Akteur", "kategorie": "Akteursart",
                               "landkreis": "Landkreis", "bundesland": "Sitz",
                               "anzahl_netzwerke": "Netzwerke", **MEASURE_LABELS})


def hidden_champions(ctx: WaveContext) -> pd.DataFrame:
    frame = ctx.actors.copy()
    flag = frame["hidden_champion"].astype(str).str.lower().isin(["true", "1", "ja"])
    frame = frame[flag].copy()
    if not len(frame):
        return NoData("In dieser Welle fallen keine Hidden Champions auf.")
    frame["rang_pagerank"] = pd.to_numeric(frame["rang_pagerank"])
    frame = frame.sort_values(["rang_pagerank", "akteur_id"])
    out = frame[["akteur", "kategorie", "landkreis", "anzahl_netzwerke", "rang_netzwerke",
                 "rang_pagerank", "hidden_champion_grund"]].copy()
    for col in ("anzahl_netzwerke", "rang_netzwerke"):
        out[col] = pd.to_numeric(out[col])
    return out.rename(columns={"akteur": "Akteur", "kategorie": "Akteursart",
                               "landkreis": "Landkreis", "anzahl_netzwerke": "Netzwerke",
                               "rang_netzwerke": "Rang nach Netzwerken",
                               "rang_pagerank": "Rang nach PageRank",
                               "hidden_champion_grund": "Begründung"})


def fig_pagerank_vs_networks(ctx: WaveContext):
    frame = ctx.actors.copy()
    frame["x"] = pd.to_numeric(frame["anzahl_netzwerke"])
    frame["y"] = pd.to_numeric(frame["pagerank"])
    flag = frame["hidden_champion"].astype(str).str.lower().isin(["true", "1"])
    fig, ax = plt.subplots(figsize=(7, 4.5))
    rng = np.random.default_rng(3)
    ax.scatter(frame["x"] + rng.uniform(-0.2, 0.2, len(frame)), frame["y"], s=14,
               color="#999999", alpha=0.6, label="Akteure")
    ax.scatter(frame.loc[flag, "x"], frame.loc[flag, "y"], s=50, color=PALETTE[5],
               marker="D", label="Hidden Champions")
    for row in frame[flag].itertuples():
        ax.annotate(_short(row.akteur, 30), (row.x, row.y), fontsize=7, xytext=(4, 2),
                    textcoords="offset points")
    ax.set_xlabel("Zahl der Netzwerke")
    ax.set_ylabel("PageRank")
    ax.legend(frameon=False)
    sns.despine(fig)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------------
# 6 diversity

def category_counts(ctx: WaveContext) -> pd.DataFrame:
    if not _has(ctx.actors, "kategorie"):
        return NoData(MISSING_ATTRIBUTE["kategorie"])
    counts = ctx.actors["kategorie"].replace("", "(ohne Angabe)").value_counts()
    out = counts.rename_axis("Akteursart").reset_index(name="Akteure")
    out["Anteil %"] = (out["Akteure"] / out["Akteure"].sum() * 100).round(1)
    return out


def diversity_table(ctx: WaveContext, n: int = 10, ascending: bool = False) -> pd.DataFrame:
    """The ``n`` most (``ascending``: least) diverse networks with at least three members.

    Without such networks the table of the most diverse ones says so; the other one is an
    empty NoData (the reason is given once)."""
    frame = ctx.networks.copy()
    frame["blau_diversitaet"] = pd.to_numeric(frame["blau_diversitaet"])
    frame["anzahl_mitglieder"] = pd.to_numeric(frame["anzahl_mitglieder"])
    frame = frame[frame["anzahl_mitglieder"] >= 3]
    if not len(frame) or not _has(ctx.actors, "kategorie"):
        if ascending:
            return NoData("")
        if not _has(ctx.actors, "kategorie"):
            return NoData("Ohne Angaben zur Akteursart lässt sich die Vielfalt der Netzwerke "
                          "nicht messen.")
        if len(ctx.mitgliedschaften) == 0:
            return NoData("In dieser Welle sind keine Mitgliedschaften erfasst; die Vielfalt der "
                          "Netzwerke lässt sich daher nicht messen.")
        return NoData("Kein Netzwerk hat mindestens drei Mitglieder; der Blau-Index wird daher "
                      "nicht ausgewiesen.")
    frame = frame.sort_values(["blau_diversitaet", "netzwerk_id"],
                              ascending=[ascending, True]).head(n)
    out = frame[["netzwerk", "landkreis", "anzahl_mitglieder", "anzahl_kategorien",
                 "blau_diversitaet"]].copy()
    out["anzahl_kategorien"] = pd.to_numeric(out["anzahl_kategorien"])
    return out.rename(columns={"netzwerk": "Netzwerk", "landkreis": "Gebiet",
                               "anzahl_mitglieder": "Mitglieder",
                               "anzahl_kategorien": "Akteursarten",
                               "blau_diversitaet": "Blau-Index"})


def fig_heatmap(matrix: pd.DataFrame, xlabel: str, ylabel: str, *, annot: bool = True,
                zero_mark: bool = False, size=(9, 7)):
    if is_no_data(matrix):
        return matrix
    if matrix.empty:
        return NoData("Für diese Abbildung liegen in dieser Welle keine Angaben vor.")
    matrix = matrix.astype(float)
    fig, ax = plt.subplots(figsize=size)
    sns.heatmap(matrix, cmap=SEQUENTIAL_CMAP, annot=annot, fmt=".0f", linewidths=0.4,
                linecolor="white", cbar_kws={"label": "Anzahl"}, ax=ax,
                annot_kws={"fontsize": 7})
    if zero_mark:
        for i, row in enumerate(matrix.values):
            for j, value in enumerate(row):
                if value == 0:
                    ax.add_patch(plt.Rectangle((j, i), 1, 1, fill=False, hatch="///",
                                               edgecolor="#D55E00", linewidth=0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    plt.setp(ax.get_xticklabels(), rotation=40, ha="right", fontsize=8)
    plt.setp(ax.get_yticklabels(), fontsize=8)
    fig.tight_layout()
    return fig


def fig_topics_targets(ctx: WaveContext):
    """Heatmap topics × target groups of the networks (or why it cannot be drawn)."""
    reason = _topics_reason(ctx)
    if reason:
        return NoData(reason)
    if not _has(ctx.netzwerke, "zielgruppen"):
        return NoData("Zu den Zielgruppen der Netzwerke wurden in dieser Welle keine Angaben "
                      "erhoben.")
    matrix = ctx.results["themen_zielgruppen"]
    if matrix.empty or not (matrix.to_numpy(dtype=float) > 0).any():
        return NoData("Kein Netzwerk hat zugleich Themen und Zielgruppen angegeben.")
    return fig_heatmap(matrix, "Zielgruppe", "Thema")


def _topic_district_gap(ctx: WaveContext) -> NoData | None:
    reason = _topics_reason(ctx)
    if reason:
        return NoData(reason)
    if not _has(ctx.actors, "landkreis"):
        return NoData("Ohne Angaben zu Orten lassen sich die Themen nicht den Landkreisen "
                      "zuordnen.")
    matrix = ctx.results["themen_landkreise"]
    if matrix.empty or not (matrix.to_numpy(dtype=float) > 0).any():
        return NoData("Kein Akteur mit bekanntem Landkreis wirkt in einem Netzwerk mit Angaben "
                      "zu Themen mit.")
    return None


def fig_topics_districts(ctx: WaveContext, size=(8, 7)):
    """Heatmap topics × districts, cells without network hatched (or why it cannot be
    drawn)."""
    gap = _topic_district_gap(ctx)
    if gap:
        return gap
    return fig_heatmap(ctx.results["themen_landkreise"], "Landkreis", "Thema", zero_mark=True,
                       size=size)


def topic_gaps(ctx: WaveContext) -> pd.DataFrame:
    """Topic × district cells where no network works (the white spots).

    An empty NoData when the topics × districts figure already said why there is nothing."""
    if _topic_district_gap(ctx):
        return NoData("")
    matrix = ctx.results["themen_landkreise"]
    rows = [(topic, district) for topic in matrix.index for district in matrix.columns
            if float(matrix.at[topic, district]) == 0]
    if not rows:
        return NoData("In jedem Landkreis wirken Akteure in Netzwerken zu jedem Thema mit.")
    gaps = pd.DataFrame(rows, columns=["Thema", "Landkreis"])
    return gaps.groupby("Thema")["Landkreis"].apply(lambda s: ", ".join(s)).reset_index(
        name="Landkreise ohne Netzwerk zu diesem Thema")


# --------------------------------------------------------------------------------------------
# 7 linkage

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


def _mixing_gap(ctx: WaveContext, attribute: str) -> tuple[str, NoData] | None:
    """Why the mixing matrix of ``attribute`` shows nothing: (kind, sentence) with kind
    ``keine Angaben``/``nur eine Gruppe``/``keine Verbindungen``, or None."""
    matrix = ctx.results[f"mischung_{attribute}"]
    if len(matrix.index) == 0:
        return "keine Angaben", NoData(MISSING_ATTRIBUTE.get(
            attribute, f"Zum Merkmal „{attribute}“ wurden keine Angaben erhoben."))
    if len(matrix.index) == 1:
        group = str(matrix.index[0])
        return f"nur eine Gruppe ({group})", NoData(_single_group(attribute, group))
    if not (matrix.to_numpy(dtype=float) > 0).any():
        return "keine Verbindungen", NoData(
            f"Keine zwei Akteure mit Angaben {_ABOUT.get(attribute, '')} teilen ein Netzwerk.")
    return None


def ei_table(ctx: WaveContext) -> pd.DataFrame:
    """E-I index per attribute with a German reading. Where the index is undefined (no data,
    a single group, no ties) the reading says why; when it is undefined for every attribute,
    one sentence instead of the table."""
    frame = ctx.results["ei"].copy()
    values = pd.to_numeric(frame["ei_index"], errors="coerce")
    reasons = []
    for attribute, value in zip(frame["attribut"], values):
        gap = _mixing_gap(ctx, attribute) if f"mischung_{attribute}" in ctx.results else None
        reasons.append(f"nicht bestimmbar: {gap[0]}" if gap else
                       "nicht bestimmbar" if not np.isfinite(value) else None)
    if all(reasons):
        return NoData("Der E-I-Index ist für kein Merkmal bestimmbar, weil Angaben fehlen oder "
                      "alle Akteure mit Angabe derselben Gruppe angehören.")
    frame["ei_index"] = values.where([r is None for r in reasons])
    frame["attribut"] = frame["attribut"].map(ATTRIBUTE_LABELS).fillna(frame["attribut"])
    frame["Deutung"] = [
        reason if reason else
        "überwiegend zwischen den Gruppen" if v > 0.2 else
        "überwiegend innerhalb der Gruppen" if v < -0.2 else "ausgeglichen"
        for reason, v in zip(reasons, values)]
    return frame.rename(columns={"attribut": "Merkmal", "extern": "Verbindungen zwischen",
                                 "intern": "Verbindungen innerhalb", "ei_index": "E-I-Index"})


def mixing(ctx: WaveContext, attribute: str) -> pd.DataFrame:
    """Mixing matrix of ``attribute`` with German labels, or the sentence why there is none.

    For ``bundesland`` and ``raumtyp`` the sentence is empty when no place is known at all:
    the district's matrix already says so."""
    gap = _mixing_gap(ctx, attribute)
    if gap:
        if (attribute in ("bundesland", "raumtyp") and gap[0] == "keine Angaben"
                and not len(ctx.results["mischung_landkreis"].index)):
            return NoData("")
        return gap[1]
    matrix = ctx.results[f"mischung_{attribute}"].copy()
    matrix.index = [i if i else "(unbekannt)" for i in matrix.index]
    matrix.columns = [c if c else "(unbekannt)" for c in matrix.columns]
    return matrix


def fig_mixing(ctx: WaveContext, attribute: str, size=(7, 6)):
    """Heatmap of the mixing matrix of ``attribute`` (or the sentence why there is none)."""
    matrix = mixing(ctx, attribute)
    if is_no_data(matrix):
        return matrix
    label = ATTRIBUTE_LABELS.get(attribute, attribute)
    return fig_heatmap(matrix, label, label, size=size)


# --------------------------------------------------------------------------------------------
# 8–10 findings

def duplicates_sentence(ctx: WaveContext) -> str:
    """How many network pairs look like duplicate structures."""
    n = len(ctx.results["doppelstrukturen"])
    if n == 0:
        return "Kein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    if n == 1:
        return "Ein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    return f"{german_number(n, 0)} Netzwerkpaare zeigen Anzeichen einer Doppelstruktur."


def duplicates_table(ctx: WaveContext) -> pd.DataFrame:
    frame = ctx.results["doppelstrukturen"]
    if not len(frame):
        return NoData(duplicates_sentence(ctx))
    out = frame[["netzwerk_a", "netzwerk_b", "gebiet", "gemeinsame_mitglieder",
                 "jaccard_mitglieder", "gemeinsame_themen", "gemeinsame_zielgruppen",
                 "erklaerung"]].copy()
    return out.rename(columns={"netzwerk_a": "Netzwerk A", "netzwerk_b": "Netzwerk B",
                               "gebiet": "Gebiet", "gemeinsame_mitglieder": "gemeinsame Mitglieder",
                               "jaccard_mitglieder": "Überlappung (Jaccard)",
                               "gemeinsame_themen": "gemeinsame Themen",
                               "gemeinsame_zielgruppen": "gemeinsame Zielgruppen",
                               "erklaerung": "Begründung"})


def potentials_table(ctx: WaveContext, kind: str = "akteur_akteur", n: int = 20
                     ) -> pd.DataFrame:
    frame = ctx.results["potenziale"]
    frame = frame[frame["art"] == kind].head(n)
    if not len(frame):
        return NoData("Zwischen den Akteuren ergeben sich keine Vorschläge für neue "
                      "Kooperationen." if kind == "akteur_akteur" else
                      "Für keinen Akteur ergibt sich ein passendes Netzwerk, in dem er noch "
                      "nicht Mitglied ist.")
    out = frame[["rang", "name_a", "name_b", "score", "erklaerung"]].copy()
    second = "Akteur B" if kind == "akteur_akteur" else "Netzwerk"
    return out.rename(columns={"rang": "Rang", "name_a": "Akteur", "name_b": second,
                               "score": "Punktzahl", "erklaerung": "Begründung"})


def rural_share_of_potentials(ctx: WaveContext, n: int = 50) -> float:
    frame = ctx.results["potenziale"]
    frame = frame[frame["art"] == "akteur_akteur"].head(n)
    if not len(frame):
        return float("nan")
    return float(frame["laendlich"].astype(str).str.lower().isin(["true", "1"]).mean())


def potentials_sentence(ctx: WaveContext, rural_weight: float, n: int = 50) -> str:
    """The weight of rural actors and the share of rural actors among the ``n`` strongest
    actor–actor suggestions (fewer when there are fewer; left out when no actor's place type
    is known)."""
    text = f"Gewichtung ländlicher Akteure: {de(rural_weight, 1)}."
    pairs = ctx.results["potenziale"]
    count = min(n, int((pairs["art"] == "akteur_akteur").sum()))
    if count == 0:
        return text
    if not _has(ctx.actors, "raumtyp"):
        return (text + " Ob die Vorschläge Akteure im ländlichen Raum betreffen, ist ohne "
                "Angaben zu Orten nicht bekannt.")
    share = rural_share_of_potentials(ctx, n)
    if count == 1:
        return text + (" Der einzige Vorschlag betrifft einen Akteur im ländlichen Raum."
                       if share > 0 else
                       " Der einzige Vorschlag betrifft keinen Akteur im ländlichen Raum.")
    lead = (f"Unter den {n} stärksten Vorschlägen" if count >= n else
            f"Von den {count} Vorschlägen")
    return f"{text} {lead} betreffen {de(share * 100, 0)} % einen Akteur im ländlichen Raum."


def communities_table(ctx: WaveContext) -> pd.DataFrame:
    frame = ctx.results["gemeinschaften"].copy()
    frame = frame[pd.to_numeric(frame["anzahl_akteure"]) >= 2]
    if not len(frame):
        return NoData("Keine Gemeinschaft umfasst mindestens zwei Akteure.")
    out = frame[["community", "anzahl_akteure", "dominante_themen", "dominante_landkreise",
                 "dominante_kategorien", "zentrale_akteure"]].copy()
    out["anteil_laendlich"] = (pd.to_numeric(frame["anteil_laendlich"]) * 100).round(0)
    if not _has(ctx.actors, "raumtyp"):
        out["anteil_laendlich"] = np.nan     # unknown, not 0: shown as "–"
    return out.rename(columns={"community": "Gemeinschaft", "anzahl_akteure": "Akteure",
                               "dominante_themen": "häufigste Themen",
                               "dominante_landkreise": "häufigste Landkreise",
                               "dominante_kategorien": "häufigste Akteursarten",
                               "zentrale_akteure": "zentrale Akteure",
                               "anteil_laendlich": "ländlich %"})


def communities_sentence(ctx: WaveContext) -> str:
    """Modularity and number of communities (at least two actors) in one sentence."""
    modularity = _figure(ctx, "modularitaet", math.nan)
    count = int(_figure(ctx, "anzahl_gemeinschaften"))
    communities = "eine Gemeinschaft" if count == 1 else f"{german_number(count, 0)} Gemeinschaften"
    if not math.isfinite(modularity):
        return f"{communities[0].upper()}{communities[1:]}; die Modularität ist nicht bestimmbar."
    return f"Modularität: {de(modularity)}, {communities}."


def figure_value(ctx: WaveContext, key: str) -> float:
    """One whole-network figure from kennzahlen_gesamt (e.g. ``modularitaet``)."""
    k = ctx.results["kennzahlen_gesamt"].set_index("kennzahl")["wert"]
    return float(k[key])


def de(value: float, digits: int = 2) -> str:
    """German number formatting for running text."""
    return german_number(value, digits)


EMBED_MAP_MAX_ACTORS = 1500


def report_map(ctx: WaveContext, *, size_by: str = "pagerank", color_by: str = "kategorie",
               seed: int = 2025, link: str = "netzwerkkarte.html", caption: str = ""):
    """The interactive map for a report: embedded (sandboxed iframe) up to
    EMBED_MAP_MAX_ACTORS actors; above that only a link to the full-page map, because the
    embedded copy would make the report very large and slow to open."""
    import html as _html

    from bildungsnetz.report.htmlsafe import HtmlFragment
    from bildungsnetz.report.netmap import map_fragment

    if len(ctx.actors) > EMBED_MAP_MAX_ACTORS:
        return HtmlFragment(
            f'<p class="hinweis">Die Karte umfasst {german_number(len(ctx.actors), 0)} Akteure '
            'und ist daher '
            f'nicht eingebettet: <a href="{_html.escape(link, quote=True)}">Netzwerkkarte '
            "öffnen</a>.</p>", summary="Link zur Netzwerkkarte")
    return map_fragment(ctx.akteure, ctx.netzwerke, ctx.mitgliedschaften, ctx.actors,
                        title=f"Netzwerkkarte {ctx.wave}", size_by=size_by, color_by=color_by,
                        seed=seed, synthetic=ctx.synthetic, kennzahlen_netzwerke=ctx.networks,
                        history=ctx.extra.get("history"), link=link, caption=caption)
