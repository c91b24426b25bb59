"""The comparison page's words, tables and figures: what changed between the waves, in German.

The numbers come from :mod:`bildungsnetz.analysis.compare`; this module turns them into the
sentences, display tables and figures of ``vergleich.ipynb``. Figures use matplotlib's
object-oriented API (no pyplot, no backend choice), as in :mod:`bildungsnetz.report.figures`.
"""

from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from bildungsnetz.analysis.compare import WaveSeries
from bildungsnetz.report.htmlsafe import PALETTE, TOL_MUTED
from bildungsnetz.text import shorten


def series_sentence(series: WaveSeries) -> str:
    """What is compared – or, plainly, that there is not enough to compare."""
    if series.enough:
        return (
            f"Verglichen werden die Wellen {', '.join(series.waves)}. Akteure und Netzwerke "
            "werden über ihre stabile Kennung wiedererkannt: eine umbenannte Institution "
            "gilt als geblieben, nicht als ausgeschieden und neu hinzugekommen."
        )
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


def rank_display(ranks: pd.DataFrame) -> pd.DataFrame:
    """The rank table with German header and whole-number ranks (empty when not ranked)."""
    out = ranks.reset_index(drop=True).rename(columns={"akteur": "Akteur"})
    for col in out.columns[1:]:
        out[col] = out[col].astype("Int64")
    return out


def precision_display(summary: pd.DataFrame) -> pd.DataFrame:
    """How many suggestions were realised in the next wave, German labels, percent."""
    labels = {
        "alle": "alle",
        "akteur_akteur": "Akteur–Akteur",
        "akteur_netzwerk": "Akteur→Netzwerk",
    }
    out = summary.copy()
    out["art"] = out["art"].map(labels).fillna(out["art"])
    out["praezision"] = (out["praezision"] * 100).round(1)
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


def realised_display(hits: pd.DataFrame) -> pd.DataFrame | str:
    """The realised suggestions with German labels (a sentence when there are none)."""
    if not len(hits):
        return "Keiner der Vorschläge wurde in der jeweils folgenden Welle umgesetzt."
    out = hits[["von", "rang", "name_a", "name_b", "erklaerung"]].copy()
    out["rang"] = pd.to_numeric(out["rang"])
    out = out.sort_values(["von", "rang"])
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
        ax.legend(frameon=False, fontsize=8)
        ax.set_xlabel("Welle")
    axes[1].axhline(0, color="#999999", linewidth=0.8)
    sns.despine(fig)
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
