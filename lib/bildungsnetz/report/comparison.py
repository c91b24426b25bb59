"""The comparison page's words, tables and figures: what changed between the waves, in German.

The numbers come from :mod:`bildungsnetz.analysis.compare`; this module turns them into the
sentences, display tables and figures of ``vergleich.ipynb``. Figures use matplotlib's
object-oriented API (no pyplot, no backend choice), as in :mod:`bildungsnetz.report.figures`.
The key findings that open the page are in :mod:`bildungsnetz.report.comparison_findings`.

The page shows few, narrow tables (at most six columns, ``*_display``); every table with all
its columns is in the workbook ``vergleich_tabellen.xlsx`` (:func:`comparison_workbook`,
:func:`write_workbook`, linked by :func:`download_html`).
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from bildungsnetz.analysis import compare
from bildungsnetz.analysis.compare import WaveSeries
from bildungsnetz.report.htmlsafe import PALETTE, TOL_MUTED, HtmlFragment
from bildungsnetz.report.numbers import PERCENT, NumberFormat, german_ticks, with_formats
from bildungsnetz.text import shorten

#: The workbook with every table of the comparison page, next to ``vergleich.html``.
WORKBOOK = "vergleich_tabellen.xlsx"
#: German names of the kinds of suggestions.
KIND_LABELS = {
    "alle": "alle",
    "akteur_akteur": "Akteur–Akteur",
    "akteur_netzwerk": "Akteur→Netzwerk",
}
#: German column labels of the workbook's tables built from the analysis numbers.
WORKBOOK_LABELS = {
    "welle": "Welle",
    "akteure_bekannt": "Akteure mit bekanntem Raumtyp",
    "akteure_staedtisch": "davon städtisch",
    "anteil_akteure_staedtisch": "Anteil städtisch (Akteure)",
    "mitgliedschaften_bekannt": "Mitgliedschaften mit bekanntem Raumtyp",
    "mitgliedschaften_staedtisch": "davon städtisch (Mitgliedschaften)",
    "anteil_mitgliedschaften_staedtisch": "Anteil städtisch (Mitgliedschaften)",
    "von": "Vorschlag aus",
    "bis": "geprüft in",
    "art": "Art",
    "vorschlaege": "Vorschläge",
    "pruefbar": "prüfbar",
    "umgesetzt": "umgesetzt",
    "praezision": "Anteil umgesetzt",
    "zufall_paare": "Paare ohne Verbindung (Zufall)",
    "zufall_umgesetzt": "davon zusammengekommen",
    "zufallsrate": "Anteil zusammengekommen (Zufall)",
    "faktor": "Faktor (Vorschläge / Zufall)",
}
#: The rank table shows at most this many waves (the newest); the workbook has all.
RANK_WAVES = 5


def series_sentence(series: WaveSeries) -> str:
    """What is compared – or, plainly, that there is not enough to compare."""
    if series.enough:
        return f"Verglichen werden die Wellen {', '.join(series.waves)}."
    if series.waves:
        return (
            f"Bisher liegt nur die Welle {series.waves[0]} vollständig ausgewertet vor. Ein "
            "Vergleich über die Zeit braucht mindestens zwei ausgewertete Wellen."
        )
    return (
        "Es liegt noch keine vollständig ausgewertete Welle vor; ein Vergleich über die Zeit "
        "ist daher nicht möglich."
    )


def skipped_sentence(series: WaveSeries) -> str | None:
    """One sentence naming the waves left out of the comparison and why (None if none)."""
    if not series.skipped:
        return None
    parts = [f"die Welle {wave}, weil {reason}" for wave, reason in series.skipped.items()]
    if len(parts) == 1:
        return f"Nicht im Vergleich enthalten ist {parts[0]}."
    # the comma before „und“ closes the last „weil“ clause
    return f"Nicht im Vergleich enthalten sind {', '.join(parts[:-1])}, und {parts[-1]}."


def section_gap(series: WaveSeries, minimum: int = 2) -> str | None:
    """The sentence replacing a section that needs ``minimum`` compared waves, or None."""
    if len(series.waves) >= minimum:
        return None
    if not series.waves:
        return "Es liegt keine vollständig ausgewertete Welle vor."
    return "Dieser Abschnitt entsteht, sobald mindestens zwei Wellen vollständig ausgewertet sind."


def rank_display(ranks: pd.DataFrame, max_waves: int = RANK_WAVES) -> pd.DataFrame:
    """The rank table with German header and whole-number ranks (empty when not ranked);
    only the ``max_waves`` newest waves (the workbook has all)."""
    out = ranks.reset_index(drop=True).rename(columns={"akteur": "Akteur"})
    waves = list(out.columns[1:])
    out = out[["Akteur", *waves[-max_waves:]]]
    for col in out.columns[1:]:
        out[col] = out[col].astype("Int64")
    return out


def summary_display(over: pd.DataFrame) -> pd.DataFrame:
    """Size and structure per wave (six columns; the E-I indices and modularity are in the
    figure and the workbook)."""
    columns = ["Welle", "Akteure", "Netzwerke", "Mitgliedschaften", "Dichte (Akteure)"]
    columns += ["Zentralisierung"]
    out = over[[c for c in columns if c in over.columns]].copy()
    return with_formats(
        out,
        {
            "Akteure": "anzahl_akteure",
            "Netzwerke": "anzahl_akteure",
            "Mitgliedschaften": "anzahl_akteure",
            "Dichte (Akteure)": "dichte_akteure",
            "Zentralisierung": "zentralisierung_akteure",
        },
    )


def turnover_table(series: WaveSeries) -> pd.DataFrame:
    """Actors, networks and memberships that joined, stayed and left between consecutive
    waves, in one table (``von``, ``bis``, ``Art``, ``neu``, ``geblieben``,
    ``nicht mehr dabei``)."""
    frames = []
    for kind, label, gone in (
        ("akteure", "Akteure", "ausgeschieden"),
        ("netzwerke", "Netzwerke", "ausgeschieden"),
        ("mitgliedschaften", "Mitgliedschaften", "beendet"),
    ):
        part = compare.changes_over_waves(series, kind)
        if not len(part):
            continue
        part = part.rename(columns={gone: "nicht mehr dabei"})
        part.insert(2, "Art", label)
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=["von", "bis", "Art", "neu", "geblieben", "nicht mehr dabei"])
    out = pd.concat(frames, ignore_index=True)
    order = {"Akteure": 0, "Netzwerke": 1, "Mitgliedschaften": 2}
    out = out.sort_values(["von", "Art"], key=lambda c: c.map(order) if c.name == "Art" else c)
    return out.reset_index(drop=True)


def district_display(table: pd.DataFrame, waves: list[str]) -> pd.DataFrame:
    """Actors per district: first, previous and newest wave, change first → newest (absolute
    and in percent) – at most six columns."""
    shown = list(dict.fromkeys([waves[0], *waves[-2:]]))
    out = table[["landkreis", *shown, "veraenderung", "veraenderung_prozent"]].rename(
        columns={
            "landkreis": "Landkreis",
            "veraenderung": f"Veränderung seit {waves[0]}",
            "veraenderung_prozent": "Veränderung %",
        }
    )
    return with_formats(out, {"Veränderung %": PERCENT})


def chance_display(table: pd.DataFrame) -> pd.DataFrame:
    """Realised suggestions against the random baseline
    (:func:`~bildungsnetz.analysis.compare.suggestions_against_chance`), in percent."""
    out = pd.DataFrame(
        {
            "Wellen": [f"{a} → {b}" for a, b in zip(table["von"], table["bis"])],
            "Art": table["art"].map(KIND_LABELS).fillna(table["art"]),
            "prüfbare Vorschläge": table["pruefbar"].astype(int),
            "davon umgesetzt %": table["praezision"].astype(float) * 100,
            "zufällige Paare umgesetzt %": table["zufallsrate"].astype(float) * 100,
            "Faktor": table["faktor"].astype(float),
        }
    )
    return with_formats(
        out,
        {
            "davon umgesetzt %": PERCENT,
            "zufällige Paare umgesetzt %": PERCENT,
            "Faktor": NumberFormat(1),
        },
    )


def precision_display(summary: pd.DataFrame) -> pd.DataFrame:
    """How many suggestions were realised in the next wave, German labels, percent."""
    labels = {
        "alle": "alle",
        "akteur_akteur": "Akteur–Akteur",
        "akteur_netzwerk": "Akteur→Netzwerk",
    }
    out = summary.copy()
    out["art"] = out["art"].map(labels).fillna(out["art"])
    out["praezision"] = out["praezision"] * 100
    return out.rename(
        columns={
            "von": "Vorschlag aus",
            "bis": "geprüft in",
            "art": "Art",
            "vorschlaege": "Vorschläge",
            "pruefbar": "prüfbar",
            "umgesetzt": "umgesetzt",
            "praezision": "Trefferquote %",
        }
    )


def comparison_workbook(series: WaveSeries, top_potentials: int = 50) -> dict[str, pd.DataFrame]:
    """Every table of the comparison page with all its columns (German sheet names).

    Empty when fewer than one wave is complete; the tables that need two waves only with two.
    """
    tables: dict[str, pd.DataFrame] = {}
    if not series.waves:
        return tables
    tables["Kennzahlen je Welle"] = compare.figures_over_waves(series)
    tables["Stadt und Land"] = (
        compare.urban_shares(series).reset_index().rename(columns=WORKBOOK_LABELS)
    )
    if not series.enough:
        return tables
    tables["Zu- und Abgänge"] = turnover_table(series)
    actors = compare.first_last_status(series, "akteure")
    for by, label in (
        ("landkreis", "Landkreis"),
        ("kategorie", "Akteursart"),
        ("raumtyp", "Raumtyp"),
    ):
        if by in actors.columns:
            tables[f"Status je {label}"] = german_columns(compare.status_counts(actors, by))
            tables[f"Wachstum je {label}"] = german_columns(compare.growth_by(series, by))
    ranks = compare.ranks_over_waves(series, "pagerank", 10)
    tables["Ränge nach PageRank"] = rank_display(ranks, max_waves=len(series.waves))
    summary, hits = compare.potentials_realised_over_waves(series)
    summary_top, _ = compare.potentials_realised_over_waves(series, top=top_potentials)
    chance = compare.suggestions_against_chance(series)
    chance["art"] = chance["art"].map(KIND_LABELS).fillna(chance["art"])
    tables["Vorschläge und Zufall"] = chance.rename(columns=WORKBOOK_LABELS)
    tables["Vorschläge umgesetzt"] = precision_display(summary)
    tables[f"Die {top_potentials} stärksten"] = precision_display(summary_top)
    detail = realised_display(hits)
    if isinstance(detail, pd.DataFrame):
        tables["Umgesetzte Vorschläge"] = detail
    from bildungsnetz.report import comparison_findings  # the back-test's words live there

    tables["Rückblicktest"] = comparison_findings.backtest_workbook(
        comparison_findings.backtest_results(series)
    )
    return tables


def write_workbook(
    series: WaveSeries, path: Path, *, top_potentials: int = 50, note: str | None = None
) -> Path | None:
    """Write :func:`comparison_workbook` to ``path`` (formula-safe, see
    :func:`bildungsnetz.report.exports.write_tables_xlsx`); None when there is nothing."""
    from bildungsnetz.report.exports import write_tables_xlsx

    tables = comparison_workbook(series, top_potentials)
    if not tables:
        return None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_tables_xlsx(tables, path, note=note)


def download_html(name: str = WORKBOOK) -> HtmlFragment:
    """The paragraph that links the workbook (a relative link next to ``vergleich.html``)."""
    link = html.escape(name, quote=True)
    return HtmlFragment(
        f'<p class="bn-download">Alle Tabellen dieser Seite mit allen Spalten – auch '
        f"Modularität und E-I-Indizes, Akteursarten, Stadt und Land und die stärksten "
        f'Vorschläge je Art – stehen in der Datei <a href="{link}" download>{html.escape(name)}'
        "</a> (Excel).</p>",
        summary="Download",
    )


def realised_display(hits: pd.DataFrame) -> pd.DataFrame | str:
    """The realised suggestions with German labels, the newest wave's first (a sentence when
    there are none)."""
    if not len(hits):
        return "Keiner der Vorschläge wurde in der jeweils folgenden Welle umgesetzt."
    out = hits[["von", "rang", "name_a", "name_b", "erklaerung"]].copy()
    out["rang"] = pd.to_numeric(out["rang"])
    out = out.sort_values(["von", "rang"], ascending=[False, True])  # newest suggestions first
    return out.rename(
        columns={
            "von": "Vorschlag aus",
            "rang": "Rang",
            "name_a": "Akteur",
            "name_b": "Partner",
            "erklaerung": "damalige Begründung",
        }
    )


def fig_figures_over_waves(over: pd.DataFrame) -> Figure:
    """Two line charts over the waves: structure (density, centralisation, modularity) and
    the E-I indices; a figure undefined in every wave gets no line."""
    fig = Figure(figsize=(10, 3.8))
    axes = fig.subplots(1, 2)

    def drawn(col):
        return pd.to_numeric(over[col], errors="coerce").notna().any()

    left = [
        c for c in ("Dichte (Akteure)", "Zentralisierung", "Modularität") if c in over and drawn(c)
    ]
    right = [c for c in over.columns if c.startswith("E-I") and drawn(c)]
    for ax, cols, title in ((axes[0], left, "Struktur"), (axes[1], right, "E-I-Indizes")):
        for i, col in enumerate(cols):
            ax.plot(
                over["Welle"],
                over[col].astype(float),
                marker="o",
                label=col,
                color=PALETTE[i % len(PALETTE)],
            )
        ax.set_title(title, fontsize=10)
        if cols:
            ax.legend(frameon=False, fontsize=8)
        ax.set_xlabel("Welle")
    axes[1].axhline(0, color="#999999", linewidth=0.8)
    sns.despine(fig)
    german_ticks(fig)
    fig.tight_layout()
    return fig


def fig_growth(table: pd.DataFrame, by: str) -> Figure:
    """Grouped bars: actors per group of ``by`` (e.g. district) in each wave."""
    waves = [c for c in table.columns if c not in (by, "veraenderung", "veraenderung_prozent")]
    long = table.melt(id_vars=[by], value_vars=waves, var_name="Welle", value_name="Anzahl")
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    sns.barplot(data=long, y=by, x="Anzahl", hue="Welle", ax=ax, palette=PALETTE[: len(waves)])
    ax.set_xlabel("Zahl der Akteure")
    ax.set_ylabel("")
    ax.legend(title="Welle", frameon=False)
    sns.despine(fig)
    german_ticks(fig)
    fig.tight_layout()
    return fig


def fig_bump(ranks: pd.DataFrame, top: int) -> Figure:
    """Bump chart: rank of each actor per wave (1 at the top), lines for the top actors."""
    waves = list(ranks.columns[1:])
    fig = Figure(figsize=(9, 0.42 * max(len(ranks), top) + 1.5))
    ax = fig.subplots()
    x = list(range(len(waves)))
    for i, (_, row) in enumerate(ranks.iterrows()):
        values = [row[w] for w in waves]
        shown = [(xi, v) for xi, v in zip(x, values) if pd.notna(v) and v <= top * 2]
        if not shown:
            continue
        colour = TOL_MUTED[i % len(TOL_MUTED)]
        style = "-" if i < len(TOL_MUTED) else "--"
        ax.plot(
            [p[0] for p in shown],
            [p[1] for p in shown],
            style,
            marker="o",
            color=colour,
            linewidth=2,
        )
        last = shown[-1]
        name = str(row.iloc[0])
        ax.annotate(
            shorten(name, 42),
            (last[0], last[1]),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=colour,
        )
    ax.set_xticks(x, waves)
    ax.set_ylim(top * 2 + 0.5, 0.5)
    ax.set_ylabel("Rang nach PageRank")
    ax.set_xlim(-0.2, len(waves) - 1 + 1.6)
    sns.despine(fig, left=False)
    german_ticks(fig)
    fig.tight_layout()
    return fig


LABELS = {
    "landkreis": "Landkreis",
    "kategorie": "Akteursart",
    "raumtyp": "Raumtyp",
    "veraenderung": "Veränderung",
    "veraenderung_prozent": "Veränderung %",
}


def german_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Rename attribute and change columns to their German labels for display."""
    return table.rename(columns=LABELS)
