"""Ranks with their intervals in German: „3 (2–6)“ and how stable the top of a ranking is.

The numbers come from :func:`bildungsnetz.analysis.measures.rank_intervals` (the columns
``rang_X``, ``rang_X_von``, ``rang_X_bis`` of ``kennzahlen_akteure``) and
:func:`bildungsnetz.analysis.measures.top_stability`; this module only words them:
:func:`rank_text` (one cell), :func:`rank_column` (a table column), :data:`INTERVAL_EXPLANATION`
(what the interval means, said once in the report) and :func:`stability_sentence` (one
sentence per ranking).
"""

from __future__ import annotations

import math

import pandas as pd

from bildungsnetz.analysis.measures.ranks import (
    DROP_FRACTION,
    LEVEL,
    STABLE_TOP_MAX,
    top_stability,
)
from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import NoData
from bildungsnetz.text import german_number

__all__ = [
    "RANKED_BY",
    "RANK_LABEL",
    "INTERVAL_EXPLANATION",
    "rank_text",
    "rank_column",
    "stability_sentence",
    "first_place_clause",
]

#: The column of ``kennzahlen_akteure`` whose ranks a list ranked by a measure shows
#: (the number of networks is ranked as the two-mode degree: the same order).
RANKED_BY = {
    "pagerank": "pagerank",
    "betweenness": "betweenness",
    "degree": "degree",
    "anzahl_netzwerke": "degree",
}
#: Heading of the rank column in the tables.
RANK_LABEL = "Rang (von–bis)"
#: The measures in the words of the report.
MEASURE_WORDS = {
    "pagerank": "Einfluss über Partner (PageRank)",
    "betweenness": "Vermittlerrolle (Betweenness)",
    "degree": "Zahl der Netzwerke",
}
_SMALL_NUMBERS = "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split()
#: The dropped share in words (nouns of "ein anderes …").
_SHARE_NOUNS = {0.5: "Hälfte", 0.25: "Viertel", 0.2: "Fünftel", 0.1: "Zehntel"}


def _share_words(drop: float = DROP_FRACTION) -> tuple[str, str]:
    """("ein anderes Viertel", "ein zufällig gewähltes Viertel") for the dropped share."""
    noun = _SHARE_NOUNS.get(drop)
    if noun == "Hälfte":
        return "eine andere Hälfte", "eine zufällig gewählte Hälfte"
    if noun:
        return f"ein anderes {noun}", f"ein zufällig gewähltes {noun}"
    share = f"{german_number(100 * drop, 0)} %"
    return f"andere {share}", f"zufällig gewählte {share}"


#: What the interval of a rank means (said once, where ranks are first shown).
INTERVAL_EXPLANATION = (
    f"Ein Rang wie „3 (2–6)“ heißt: Platz 3 in dieser Befragung; hätte {_share_words()[0]} "
    "der Akteure nicht teilgenommen, läge der Platz in "
    f"{german_number(round(LEVEL * 10), 0)} von 10 Fällen zwischen 2 und 6. Dafür wird die "
    f"Auswertung viele Male wiederholt, jedes Mal ohne {_share_words()[1]} der Akteure, "
    "und gezählt, wie weit ein Akteur dabei an den anderen vorbeizieht oder hinter sie "
    "zurückfällt. Je enger das Intervall, desto weniger hängt der Platz davon ab, wer an "
    "der Befragung teilgenommen hat."
)


def _number_word(n: int) -> str:
    return _SMALL_NUMBERS[n] if 0 <= n < len(_SMALL_NUMBERS) else german_number(n, 0)


def _whole(x: object) -> int | None:
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else int(value)


def rank_text(rank: object, low: object = None, high: object = None) -> str:
    """A rank with its interval as shown: ``"3 (2–6)"`` (German numbers, en dash).

    Without an interval only the rank; without a rank ``"–"``.

    Examples
    --------
    >>> rank_text(3, 2, 6), rank_text(1200, 1100, 1350), rank_text(4), rank_text(None)
    ('3 (2–6)', '1.200 (1.100–1.350)', '4', '–')
    """
    r, lo, hi = _whole(rank), _whole(low), _whole(high)
    if r is None:
        return "–"
    if lo is None or hi is None:
        return german_number(r, 0)
    return f"{german_number(r, 0)} ({german_number(lo, 0)}–{german_number(hi, 0)})"


def rank_column(frame: pd.DataFrame, measure: str) -> pd.Series | None:
    """The texts :func:`rank_text` of ``frame``'s actors by ``measure`` (a key of
    :data:`RANKED_BY`), or None when the table has no ranks for it."""
    ranked = RANKED_BY.get(measure)
    if ranked is None or f"rang_{ranked}" not in frame.columns:
        return None
    low = frame.get(f"rang_{ranked}_von", pd.Series(None, index=frame.index))
    high = frame.get(f"rang_{ranked}_bis", pd.Series(None, index=frame.index))
    return pd.Series(
        [rank_text(r, lo, hi) for r, lo, hi in zip(frame[f"rang_{ranked}"], low, high)],
        index=frame.index,
        dtype=object,
    )


def stability_sentence(ctx: WaveContext, measure: str) -> str | NoData:
    """One sentence on how stable the top of the ranking by ``measure`` is.

    Worded from :func:`~bildungsnetz.analysis.measures.top_stability` (its docstring states
    the rule): every interval a single rank → the order does not depend on who took part;
    a secure top group of :math:`k` → "Die ersten k … sind sicher", with whether their order
    is fixed too; none → "Schon der erste Platz … ist unsicher". An empty
    :class:`~bildungsnetz.report.gaps.NoData` when the wave has no such ranks (the table
    above already says why).
    """
    ranked = RANKED_BY.get(measure, measure)
    s = top_stability(ctx.actors, ranked)
    if s is None:
        return NoData("")
    words = MEASURE_WORDS.get(ranked, ranked)
    if s.fixed:
        return (
            f"Die Reihenfolge nach {words} hängt nicht davon ab, wer sonst an der Befragung "
            "teilnimmt: Kein Platz verschiebt sich, wenn andere Akteure fehlen."
        )
    if s.secure == 0:
        who = (
            f"Der Erste könnte bis auf Rang {german_number(s.first_upper, 0)} fallen"
            if s.first_upper > 1
            else "Ein anderer Akteur könnte ihn einnehmen"
        )
        return (
            f"Schon der erste Platz nach {words} ist unsicher: {who}, und die Intervalle der "
            "vorderen Plätze überlappen – die Reihenfolge dort hängt davon ab, wer an der "
            "Befragung teilgenommen hat."
        )
    if s.secure == 1:
        head = f"Der erste Platz nach {words} ist sicher: Kein anderer Akteur reicht an ihn heran."
    else:
        k = _number_word(s.secure)
        head = (
            f"Die ersten {k} nach {words} sind sicher: Ihre Intervalle reichen höchstens bis "
            f"Rang {german_number(s.secure, 0)}, und kein anderer Akteur reicht bis dorthin."
        )
        if s.order_fixed >= s.secure:
            head += " Auch ihre Reihenfolge steht fest."
        elif s.order_fixed >= 1:
            head += (
                f" Fest steht die Reihenfolge der ersten {_number_word(s.order_fixed)}; "
                "dahinter können Plätze tauschen."
            )
        else:
            head += " Untereinander können sie die Plätze tauschen."
    if s.secure < min(s.n, STABLE_TOP_MAX):
        head += (
            f" Ab Rang {german_number(s.secure + 1, 0)} überlappen die Intervalle – die "
            "Reihenfolge dort ist auch Zufall der Erhebung."
        )
    return head


def first_place_clause(row: pd.Series | dict, measure: str) -> str:
    """A clause on how sure the first place of ``row`` by ``measure`` is, to end a sentence
    with: ``" – ein sicherer erster Platz: Rang 1 (1–1)"`` when its interval is the rank
    alone, else ``" – kein sicherer erster Platz: Rang 1 (1–2)"``; empty without ranks."""
    ranked = RANKED_BY.get(measure, measure)
    r, hi = _whole(row.get(f"rang_{ranked}")), _whole(row.get(f"rang_{ranked}_bis"))
    if r is None or hi is None:
        return ""
    shown = rank_text(r, row.get(f"rang_{ranked}_von"), hi)
    sure = "ein sicherer" if hi <= r else "kein sicherer"
    return f" – {sure} erster Platz: Rang {shown}"
