"""The running text of the wave report: German sentences built from the wave's figures.

The notebook shows them with :func:`bildungsnetz.report.display.paragraph` (escaped). Numbers
are formatted with :func:`bildungsnetz.text.german_number`; singular and plural are chosen by
count.
"""

from __future__ import annotations

import math

from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import has_values, network_figure
from bildungsnetz.text import german_number


def count_phrase(n: int, singular: str, plural: str) -> str:
    """``"1 Akteur"``, ``"1.234 Akteure"``: the count in German with the fitting noun."""
    return f"{german_number(n, 0)} {singular if n == 1 else plural}"


def intro_sentence(ctx: WaveContext) -> str:
    """The report's first sentence: the wave and its size (German singular/plural)."""
    actors = count_phrase(len(ctx.actors), "Akteur", "Akteure")
    n = len(ctx.networks)
    if n == 0:
        return f"Befragungswelle {ctx.wave}: {actors}, aber keine Netzwerke oder Gremien."
    networks = "einem Netzwerk" if n == 1 else f"{german_number(n, 0)} Netzwerken und Gremien"
    return f"Befragungswelle {ctx.wave}: {actors} in {networks}."


def duplicates_sentence(ctx: WaveContext) -> str:
    """How many network pairs look like duplicate structures."""
    n = len(ctx.results["doppelstrukturen"])
    if n == 0:
        return "Kein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    if n == 1:
        return "Ein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    return f"{german_number(n, 0)} Netzwerkpaare zeigen Anzeichen einer Doppelstruktur."


def rural_share_of_potentials(ctx: WaveContext, n: int = 50) -> float:
    """Share of the ``n`` strongest actor–actor suggestions that involve a rural actor (NaN
    without suggestions)."""
    frame = ctx.results["potenziale"]
    frame = frame[frame["art"] == "akteur_akteur"].head(n)
    if not len(frame):
        return float("nan")
    return float(frame["laendlich"].astype(str).str.lower().isin(["true", "1"]).mean())


def potentials_sentence(ctx: WaveContext, rural_weight: float, n: int = 50) -> str:
    """The weight of rural actors and the share of rural actors among the ``n`` strongest
    actor–actor suggestions (fewer when there are fewer; left out when no actor's place type
    is known)."""
    text = f"Gewichtung ländlicher Akteure: {german_number(rural_weight, 1)}."
    pairs = ctx.results["potenziale"]
    count = min(n, int((pairs["art"] == "akteur_akteur").sum()))
    if count == 0:
        return text
    if not has_values(ctx.actors, "raumtyp"):
        return (
            text + " Ob die Vorschläge Akteure im ländlichen Raum betreffen, ist ohne "
            "Angaben zu Orten nicht bekannt."
        )
    share = rural_share_of_potentials(ctx, n)
    if count == 1:
        return text + (
            " Der einzige Vorschlag betrifft einen Akteur im ländlichen Raum."
            if share > 0
            else " Der einzige Vorschlag betrifft keinen Akteur im ländlichen Raum."
        )
    lead = f"Unter den {n} stärksten Vorschlägen" if count >= n else f"Von den {count} Vorschlägen"
    return (
        f"{text} {lead} betreffen {german_number(share * 100, 0)} % einen Akteur im "
        "ländlichen Raum."
    )


def communities_sentence(ctx: WaveContext) -> str:
    """Modularity and number of communities (at least two actors) in one sentence."""
    modularity = network_figure(ctx, "modularitaet", math.nan)
    count = int(network_figure(ctx, "anzahl_gemeinschaften"))
    communities = "eine Gemeinschaft" if count == 1 else f"{german_number(count, 0)} Gemeinschaften"
    if not math.isfinite(modularity):
        return f"{communities[0].upper()}{communities[1:]}; die Modularität ist nicht bestimmbar."
    return f"Modularität: {german_number(modularity)}, {communities}."
