"""The running text of the wave report: German sentences built from the wave's figures.

The notebook shows them with :func:`bildungsnetz.report.display.paragraph` (escaped). Numbers
are formatted with :func:`bildungsnetz.text.german_number`; singular and plural are chosen by
count.
"""

from __future__ import annotations

import math

from bildungsnetz.analysis import backtest
from bildungsnetz.analysis.compare import previous_complete_wave
from bildungsnetz.analysis.findings import DUPLICATE_MAX_Q
from bildungsnetz.report.comparison_findings import backtest_sentence
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
    """How many network pairs look like duplicate structures, and how many similar pairs
    the chance test kept out (``anzahl_doppelstrukturen_zufall`` of ``kennzahlen_gesamt``;
    left out when not recorded)."""
    n = len(ctx.results["doppelstrukturen"])
    if n == 0:
        text = "Kein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    elif n == 1:
        text = "Ein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur."
    else:
        text = f"{german_number(n, 0)} Netzwerkpaare zeigen Anzeichen einer Doppelstruktur."
    chance = network_figure(ctx, "anzahl_doppelstrukturen_zufall", math.nan)
    if not math.isfinite(chance) or (chance == 0 and n == 0):
        return text
    k = int(chance)
    level = german_number(DUPLICATE_MAX_Q, 2)
    if k == 0:
        return (
            f"{text} Die Prüfung gegen den Zufall (Grenze q ≤ {level}) hat kein ähnliches "
            "Paar ausgeschlossen."
        )
    pairs = "Ein weiteres Paar ähnelt" if k == 1 else f"{german_number(k, 0)} weitere Paare ähneln"
    them = "seine" if k == 1 else "ihre"
    return (
        f"{text} {pairs} sich zwar in Mitgliedern, Themen und Gebiet, aber {them} gemeinsamen "
        "Mitglieder sind nicht mehr, als bei der Größe der Netzwerke auch zufällig zu erwarten "
        f"wäre (q über {level}); {'es wird' if k == 1 else 'sie werden'} nicht genannt."
    )


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


def potentials_backtest_sentence(ctx: WaveContext) -> str | None:
    """How well the score foretold this wave's new ties from the previous wave.

    The back-test of :mod:`bildungsnetz.analysis.backtest` for the previous complete wave and
    this one (default weights, no rural preference), worded as on the comparison page
    (:func:`~bildungsnetz.report.comparison_findings.backtest_sentence`). None without a
    previous wave or without any actor pair to check.
    """
    before = previous_complete_wave(ctx.data_dir, ctx.wave)
    if before is None:
        return None
    pairs = backtest.backtest_waves(ctx.data_dir, before, ctx.wave, networks=False)
    candidates = {(before, ctx.wave): pairs}
    table = backtest.backtest(candidates, scorers=("gewichtet", "ressourcen"))
    sentence = backtest_sentence(table, " (Punktzahl ohne Vorrang ländlicher Akteure)")
    return None if sentence is None else f"Wie treffsicher ist die Punktzahl? {sentence}"


#: Words for the stability of a community (share of its pairs of members kept together over
#: reruns), from the lowest share (in whole percent) that earns them; after Hennig's (2007)
#: scale for the mean cluster-wise Jaccard similarity over resamplings.
STABILITY_WORDS = ((85, "sehr stabil"), (75, "stabil"), (60, "locker"), (0, "instabil"))


def _stability_percent(share: float) -> str:
    """The share in whole percent as shown (German digits, no sign)."""
    return german_number(share * 100, 0)


def stability_word(share: float) -> str:
    """The word for a stability ``share`` in [0, 1]; "" when it is not a number.

    The rule, on the share as shown in whole percent (so word and number agree): from 85 %
    "sehr stabil", from 75 % "stabil", from 60 % "locker", below "instabil". The bands are
    Hennig's (2007) for the mean Jaccard similarity of a cluster to its best match over
    resamplings (≥ 0,85 highly stable, ≥ 0,75 stable/valid, 0,6–0,75 a pattern whose members
    are doubtful, < 0,6 not to be trusted); the share of pairs kept together is read on the
    same scale (1 = found unchanged in every run).

    References
    ----------
    .. [1] Hennig, C. (2007). Cluster-wise assessment of cluster stability. *Computational
       Statistics & Data Analysis* 52, 258–271.
    """
    if share is None or not math.isfinite(float(share)):
        return ""
    percent = float(f"{float(share) * 100:.0f}")
    return next(word for low, word in STABILITY_WORDS if percent >= low)


def stability_text(share: float) -> str:
    """One community's stability in words, e.g. ``"sehr stabil: in 96 % der Läufe zusammen"``
    (the rule: :func:`stability_word`); "–" when it is not a number."""
    word = stability_word(share)
    if not word:
        return "–"
    return f"{word}: in {_stability_percent(share)} % der Läufe zusammen"


def stability_sentence(ctx: WaveContext) -> str:
    """How stable the division into communities is, in one sentence ("" when not measured).

    The share of co-member pairs kept together over the reruns (``gemeinschaften_stabilitaet``
    of ``kennzahlen_gesamt``), worded by :func:`stability_word`.
    """
    share = network_figure(ctx, "gemeinschaften_stabilitaet", math.nan)
    runs = network_figure(ctx, "gemeinschaften_laeufe", math.nan)
    if not (math.isfinite(share) and math.isfinite(runs) and runs > 0):
        return ""
    word = stability_word(share)
    runs_text = "einer Wiederholung" if runs == 1 else f"{german_number(runs, 0)} Wiederholungen"
    text = (
        f"Bei {runs_text} mit anderen Startwerten bleiben im Mittel "
        f"{_stability_percent(share)} % der Akteurspaare einer Gemeinschaft zusammen: Die "
        f"Einteilung ist {word}"
    )
    if word in ("locker", "instabil"):
        return text + "; die Grenzen der Gemeinschaften sind daher mit Vorsicht zu lesen."
    return text + "."


def communities_sentence(ctx: WaveContext) -> str:
    """Modularity and number of communities (at least two actors) in one sentence, followed
    by :func:`stability_sentence` when the stability was measured."""
    modularity = network_figure(ctx, "modularitaet", math.nan)
    count = int(network_figure(ctx, "anzahl_gemeinschaften"))
    communities = "eine Gemeinschaft" if count == 1 else f"{german_number(count, 0)} Gemeinschaften"
    if not math.isfinite(modularity):
        text = f"{communities[0].upper()}{communities[1:]}; die Modularität ist nicht bestimmbar."
    else:
        text = f"Modularität: {german_number(modularity)}, {communities}."
    stability = stability_sentence(ctx)
    return f"{text} {stability}" if stability else text
