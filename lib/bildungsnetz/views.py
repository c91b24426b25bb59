"""What the report notebooks show: ready-to-display German tables and seaborn figures.

The notebooks narrate and call these functions; the selection, renaming and plotting logic
lives here, where it is tested. Every table uses publishable names only (``anzeigename``).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from .analyse import analyse_wave  # noqa: E402
from .clean import ADDED, KEPT, MERGED, REJECTED, accounting_table  # noqa: E402
from .pipeline import code_files  # noqa: E402
from .htmlsafe import PALETTE, SEQUENTIAL_CMAP, TOL_MUTED  # noqa: E402
from .reference import load_reference  # noqa: E402
from .text import german_number, shorten  # noqa: E402

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


@dataclass
class WaveContext:
    """Everything a wave report shows, loaded once."""

    wave: str
    data_dir: Path
    akteure: pd.DataFrame
    netzwerke: pd.DataFrame
    mitgliedschaften: pd.DataFrame
    kooperationen: pd.DataFrame | None
    log: pd.DataFrame
    review: pd.DataFrame
    results: dict
    districts: list[str]
    synthetic: bool
    extra: dict = field(default_factory=dict)

    @property
    def actors(self) -> pd.DataFrame:
        return self.results["kennzahlen_akteure"]

    @property
    def networks(self) -> pd.DataFrame:
        return self.results["kennzahlen_netzwerke"]


LANGUAGES = ("de",)


def check_language(language: str) -> None:
    """The report text exists in German only; any other language is a clear error."""
    if str(language).casefold() not in LANGUAGES:
        from .errors import BildungsnetzError

        raise BildungsnetzError(f"Berichtssprache „{language}“ ist nicht verfügbar; "
                                f"verfügbar: {', '.join(LANGUAGES)}.")


def is_synthetic(data_dir: Path, wave: str) -> bool:
    """True when the wave is one of the synthetic demo waves (listed in
    ``raw/ground_truth.json`` written by ``bildungsnetz demo``)."""
    path = Path(data_dir) / "raw" / "ground_truth.json"
    if not path.exists():
        return False
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(truth, dict) or not truth.get("synthetisch"):
        return False
    return str(wave) in truth.get("wellen", {})


CACHE_FILE = ".analyse-cache.pkl"
CACHE_INPUTS = ("akteure.csv", "netzwerke.csv", "mitgliedschaften.csv", "kooperationen.csv")


def _cache_key(folder: Path, rural_weight: float, seed: int, districts: list[str]) -> str:
    digest = hashlib.sha256(repr((rural_weight, seed, districts)).encode())
    for name in CACHE_INPUTS:
        path = folder / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    for path in code_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def analysis_results(data_dir, wave, *, rural_weight: float = 1.5, seed: int = 2025,
                     districts: list[str] | None = None, write: bool = False) -> dict:
    """The analysis of a cleaned wave (see ``analyse.analyse_wave``), computed once.

    The result is kept in ``processed/<wave>/.analyse-cache.pkl`` together with a hash of the
    processed tables, the parameters and the library code, so that the report notebook and
    the report builder reuse what ``bildungsnetz run`` computed instead of computing it again.
    The cache is derived data like everything under ``processed/``; a stale or unreadable
    cache is ignored.
    """
    folder = Path(data_dir) / "processed" / str(wave)
    if districts is None:
        districts = list(load_reference(data_dir).landkreise["landkreis"])
    key = _cache_key(folder, rural_weight, seed, districts)
    cache = folder / CACHE_FILE
    if not write and cache.exists():
        try:
            with open(cache, "rb") as handle:
                stored_key, results = pickle.load(handle)
            if stored_key == key:
                return results
        except Exception:  # a broken cache is only a missed shortcut
            pass
    results = analyse_wave(data_dir, wave, rural_weight=rural_weight, seed=seed, write=write,
                           districts=districts)
    tmp = cache.with_name(cache.name + ".tmp")
    with open(tmp, "wb") as handle:
        pickle.dump((key, results), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, cache)
    return results


def load_context(data_dir, wave, *, rural_weight: float = 1.5, seed: int = 2025
                 ) -> WaveContext:
    """Read a cleaned wave and its analysis (identical to the CSVs of ``analyse``)."""
    from .compare import history_for_wave, load_wave

    data_dir = Path(data_dir)
    t = load_wave(data_dir, wave, names=("akteure", "netzwerke", "mitgliedschaften",
                                         "bereinigung", "dubletten_pruefen"),
                  optional=("kooperationen",))
    districts = list(load_reference(data_dir).landkreise["landkreis"])
    results = analysis_results(data_dir, wave, rural_weight=rural_weight, seed=seed,
                               districts=districts)
    return WaveContext(str(wave), data_dir, t["akteure"], t["netzwerke"],
                       t["mitgliedschaften"], t["kooperationen"], t["bereinigung"],
                       t["dubletten_pruefen"], results, districts,
                       is_synthetic(data_dir, wave),
                       extra={"history": history_for_wave(data_dir, wave)})


# --------------------------------------------------------------------------------------------
# 1 overview

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
        if row["ergebnis"] == REJECTED:
            add("verworfen: " + row["grund"].split("(")[0].strip())
        if row["ergebnis"] == ADDED:
            add("ergänzt: " + row["grund"].split("(")[0].split(",")[0].strip())
        for note in filter(None, row["hinweis"].split("; ")):
            add("Hinweis: " + _QUOTED.sub("…", note).split("(")[0].strip(" :,"))
    counts["zur Prüfung vorgeschlagene mögliche Dubletten"] = len(ctx.review)
    out = pd.DataFrame(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
                       columns=["Befund", "Anzahl"])
    return out[out["Anzahl"] > 0].reset_index(drop=True)


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
    table = actors_by_district(ctx)
    long = table.melt(id_vars=["Landkreis", "Bundesland"], value_vars=["städtisch", "ländlich"],
                      var_name="Raumtyp", value_name="Anzahl")
    fig, ax = plt.subplots(figsize=(8, 4))
    sns.barplot(data=long, y="Landkreis", x="Anzahl", hue="Raumtyp", ax=ax,
                palette=[RAUM_COLOURS["städtisch"], RAUM_COLOURS["ländlich"]])
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
    frame = frame.dropna(subset=[by]).sort_values([by, "akteur_id"],
                                                  ascending=[ascending, True]).head(n)
    keep = ["akteur", "kategorie", "landkreis"] + [c for c in cols if c != by] + [by]
    keep = list(dict.fromkeys([c for c in keep if c in frame.columns]))
    out = frame[keep].copy()
    for col in out.columns:
        if col in MEASURE_LABELS or col in ("anzahl_netzwerke", "partner"):
            out[col] = pd.to_numeric(out[col], errors="coerce")
    out.insert(0, "Rang", range(1, len(out) + 1))
    return out.rename(columns={"akteur": "Akteur", "kategorie": "Akteursart",
                               "landkreis": "Landkreis", **MEASURE_LABELS})


def fig_top_bar(ctx: WaveContext, by: str, n: int = 15, colour_by: str = "kategorie"):
    frame = ctx.actors.copy()
    frame[by] = pd.to_numeric(frame[by], errors="coerce")
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
    counts = ctx.actors["kategorie"].replace("", "(ohne Angabe)").value_counts()
    out = counts.rename_axis("Akteursart").reset_index(name="Akteure")
    out["Anteil %"] = (out["Akteure"] / out["Akteure"].sum() * 100).round(1)
    return out


def diversity_table(ctx: WaveContext, n: int = 10, ascending: bool = False) -> pd.DataFrame:
    frame = ctx.networks.copy()
    frame["blau_diversitaet"] = pd.to_numeric(frame["blau_diversitaet"])
    frame["anzahl_mitglieder"] = pd.to_numeric(frame["anzahl_mitglieder"])
    frame = frame[frame["anzahl_mitglieder"] >= 3]
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


def topic_gaps(ctx: WaveContext) -> pd.DataFrame:
    """Topic × district cells where no network works (the white spots)."""
    matrix = ctx.results["themen_landkreise"]
    rows = [(topic, district) for topic in matrix.index for district in matrix.columns
            if float(matrix.at[topic, district]) == 0]
    gaps = pd.DataFrame(rows, columns=["Thema", "Landkreis"])
    return gaps.groupby("Thema")["Landkreis"].apply(lambda s: ", ".join(s)).reset_index(
        name="Landkreise ohne Netzwerk zu diesem Thema")


# --------------------------------------------------------------------------------------------
# 7 linkage

def ei_table(ctx: WaveContext) -> pd.DataFrame:
    frame = ctx.results["ei"].copy()
    frame["attribut"] = frame["attribut"].map(ATTRIBUTE_LABELS).fillna(frame["attribut"])
    frame["Deutung"] = [
        "überwiegend zwischen den Gruppen" if v > 0.2 else
        "überwiegend innerhalb der Gruppen" if v < -0.2 else "ausgeglichen"
        for v in frame["ei_index"].astype(float)]
    return frame.rename(columns={"attribut": "Merkmal", "extern": "Verbindungen zwischen",
                                 "intern": "Verbindungen innerhalb", "ei_index": "E-I-Index"})


def mixing(ctx: WaveContext, attribute: str) -> pd.DataFrame:
    matrix = ctx.results[f"mischung_{attribute}"].copy()
    matrix.index = [i if i else "(unbekannt)" for i in matrix.index]
    matrix.columns = [c if c else "(unbekannt)" for c in matrix.columns]
    return matrix


# --------------------------------------------------------------------------------------------
# 8–10 findings

def duplicates_table(ctx: WaveContext) -> pd.DataFrame:
    frame = ctx.results["doppelstrukturen"]
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


def communities_table(ctx: WaveContext) -> pd.DataFrame:
    frame = ctx.results["gemeinschaften"].copy()
    frame = frame[pd.to_numeric(frame["anzahl_akteure"]) >= 2]
    out = frame[["community", "anzahl_akteure", "dominante_themen", "dominante_landkreise",
                 "dominante_kategorien", "zentrale_akteure"]].copy()
    out["anteil_laendlich"] = (pd.to_numeric(frame["anteil_laendlich"]) * 100).round(0)
    return out.rename(columns={"community": "Gemeinschaft", "anzahl_akteure": "Akteure",
                               "dominante_themen": "häufigste Themen",
                               "dominante_landkreise": "häufigste Landkreise",
                               "dominante_kategorien": "häufigste Akteursarten",
                               "zentrale_akteure": "zentrale Akteure",
                               "anteil_laendlich": "ländlich %"})


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

    from .htmlsafe import HtmlFragment
    from .netmap import map_fragment

    if len(ctx.actors) > EMBED_MAP_MAX_ACTORS:
        return HtmlFragment(
            f'<p class="hinweis">Die Karte umfasst {len(ctx.actors)} Akteure und ist daher '
            f'nicht eingebettet: <a href="{_html.escape(link, quote=True)}">Netzwerkkarte '
            "öffnen</a>.</p>", summary="Link zur Netzwerkkarte")
    return map_fragment(ctx.akteure, ctx.netzwerke, ctx.mitgliedschaften, ctx.actors,
                        title=f"Netzwerkkarte {ctx.wave}", size_by=size_by, color_by=color_by,
                        seed=seed, synthetic=ctx.synthetic, kennzahlen_netzwerke=ctx.networks,
                        history=ctx.extra.get("history"), link=link, caption=caption)
