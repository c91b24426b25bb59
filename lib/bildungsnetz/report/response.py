"""Who answered the survey, in words: coverage and the rankings among respondents only.

The numbers come from :mod:`bildungsnetz.analysis.findings.response` (rows ``befragt_*``,
``top10_nur_befragte_*`` and ``rangkorrelation_nur_befragte*`` of ``kennzahlen_gesamt``, the
analysis tables ``befragt_abdeckung`` and ``nur_befragte``); this module words them for the
wave report (section 1 „Überblick“ and section 3 „Zentrale Akteure“) and the actor pages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.gaps import NoData
from bildungsnetz.report.numbers import (
    PERCENT,
    NumberFormat,
    format_number,
    german_count,
    with_formats,
)
from bildungsnetz.report.sentences import list_de

#: Said when a wave does not tell who answered (every actor ``unbekannt``).
NO_RESPONSE_INFORMATION = (
    "Diese Welle enthält keine Angabe darüber, welche Akteure den Fragebogen selbst "
    "beantwortet haben und welche nur aus den Angaben anderer bekannt sind; Aussagen zur "
    "Beteiligung an der Befragung sind daher nicht möglich."
)
#: How the actor pages name where an actor's facts come from (``befragt``).
SOURCE_OF_FACTS = {
    "ja": "aus der eigenen Antwort",
    "nein": "nur aus Angaben anderer (keine eigene Antwort)",
}
#: The rankings compared, as the report names them.
RANKING_WORDS = {"pagerank": "Einfluss über Partner (PageRank)", "betweenness": "Vermittlerrolle"}
#: At most this many names in a sentence.
MAX_NAMED = 4
#: Rank correlations are shown with two decimals.
_TWO_DECIMALS = NumberFormat(2)


def _figures(ctx: WaveContext) -> dict[str, float]:
    """The non-response rows of ``kennzahlen_gesamt`` as numbers (NaN when missing)."""
    frame = ctx.results.get("kennzahlen_gesamt")
    if not isinstance(frame, pd.DataFrame) or "kennzahl" not in frame.columns:
        return {}
    values = pd.to_numeric(frame["wert"], errors="coerce")
    return {
        str(k): float(v)
        for k, v in zip(frame["kennzahl"], values)
        if str(k).startswith(("befragt_", "top10_nur_befragte", "rangkorrelation_nur_befragte"))
    }


def has_information(ctx: WaveContext) -> bool:
    """Whether the wave says for at least one actor whether it answered."""
    share = _figures(ctx).get("befragt_anteil", math.nan)
    return not math.isnan(share)


def _dative(n: int) -> str:
    """„einem Akteur“ / „5 Akteuren“ (after „bei“, „von“)."""
    return "einem Akteur" if n == 1 else f"{german_count(n)} Akteuren"


def coverage_sentence(ctx: WaveContext) -> str:
    """How many actors answered themselves, e.g. „247 von 289 Akteuren (85 %) haben selbst
    geantwortet; 42 kennen wir nur aus den Angaben anderer.“

    Actors with unknown status are named in a clause of their own; a wave without any
    information gets :data:`NO_RESPONSE_INFORMATION`.
    """
    k = _figures(ctx)
    if not has_information(ctx):
        return NO_RESPONSE_INFORMATION
    yes, no, unknown = (int(k.get(f"befragt_{v}", 0) or 0) for v in ("ja", "nein", "unbekannt"))
    total = yes + no + unknown
    share = format_number(100 * yes / total, PERCENT) if total else "–"
    verb = "hat" if yes == 1 else "haben"
    of = f"{german_count(total)} Akteur" if total == 1 else _dative(total)
    text = f"{german_count(yes)} von {of} ({share}) {verb} den Fragebogen selbst beantwortet"
    if no:
        text += f"; {german_count(no)} kennen wir nur aus den Angaben anderer"
        text += " (Koordination, Kooperationspartner, Netzwerkregister)"
    if unknown:
        text += f"; bei {_dative(unknown)} sagen die Daten nicht, ob selbst geantwortet wurde"
    return text + "." + (SURVEY_EXPORT_CAVEAT if _survey_export(ctx) else "")


#: Added for a survey export: who did not answer and is named by nobody is not in the data.
SURVEY_EXPORT_CAVEAT = (
    " Die Welle ist ein Umfrage-Export: Wer nicht geantwortet hat und von niemandem genannt "
    "wird, fehlt darin ganz – der Anteil überschätzt daher die Beteiligung."
)


def _survey_export(ctx: WaveContext) -> bool:
    """Whether the wave was read from a survey export (its log has response rows)."""
    log = ctx.log
    return isinstance(log, pd.DataFrame) and bool((log.get("tabelle") == "antworten").any())


def coverage_by_district(ctx: WaveContext) -> pd.DataFrame | NoData:
    """Who answered, per district: Landkreis, Akteure, selbst geantwortet, nur aus Angaben
    anderer, Anteil (five columns; actors without a district as „ohne Angabe“).

    An empty :class:`NoData` without information (the sentence of
    :func:`coverage_sentence` says why) or without districts.
    """
    frame = ctx.results.get("befragt_abdeckung")
    if not has_information(ctx) or not isinstance(frame, pd.DataFrame):
        return NoData("")
    rows = frame[frame["ebene"] == "landkreis"]
    if not len(rows) or (len(rows) == 1 and not rows["gruppe"].iloc[0]):
        return NoData("")
    out = pd.DataFrame(
        {
            "Landkreis": [g or "ohne Angabe" for g in rows["gruppe"]],
            "Akteure": pd.to_numeric(rows["anzahl_akteure"]).to_numpy(),
            "selbst geantwortet": pd.to_numeric(rows["ja"]).to_numpy(),
            "nur aus Angaben anderer": pd.to_numeric(rows["nein"]).to_numpy(),
            "Anteil selbst geantwortet": 100 * pd.to_numeric(rows["anteil_befragt"]).to_numpy(),
        }
    )
    return with_formats(out, {"Anteil selbst geantwortet": PERCENT})


def _names(ctx: WaveContext, ids: Sequence[str]) -> list[str]:
    """The shown names of actors (``kennzahlen_akteure.akteur`` is the publishable name)."""
    names = dict(zip(ctx.actors["akteur_id"], ctx.actors["akteur"]))
    return [str(names.get(i, i)) for i in ids]


def _top_lists(ctx: WaveContext, ranking: str) -> tuple[list[str], list[str], dict[str, str]]:
    """The top list, the respondents' top list and each actor's ``befragt`` of ``ranking``."""
    table = ctx.results.get("nur_befragte")
    if not isinstance(table, pd.DataFrame) or not len(table):
        return [], [], {}
    rows = table[table["rangliste"] == ranking]
    k = int(_figures(ctx).get(_key("top10_nur_befragte_anzahl", ranking), 0) or 0)
    rang = pd.to_numeric(rows["rang"], errors="coerce")
    own = pd.to_numeric(rows["rang_nur_befragte"], errors="coerce")
    top = rows.loc[rang <= k].sort_values("rang")["akteur_id"].tolist()
    top_own = rows.loc[own <= k].assign(_r=own).sort_values("_r")["akteur_id"].tolist()
    return top, top_own, dict(zip(rows["akteur_id"], rows["befragt"]))


def _key(stem: str, ranking: str) -> str:
    return stem if ranking == "pagerank" else f"{stem}_{ranking}"


def ranking_sentence(ctx: WaveContext, ranking: str = "pagerank") -> str:
    """How many of the top list of ``ranking`` answered themselves, and how the list changes
    when only the respondents' own answers count.

    E.g. „Von den 10 ersten Plätzen nach Einfluss über Partner (PageRank) haben 8 den
    Fragebogen selbst beantwortet. Zählt man nur die eigenen Angaben der Befragten, bleiben 7
    der 10 vorn. Heraus fallen A und B (nicht selbst befragt) sowie C. Die Reihenfolge der
    Befragten untereinander bleibt fast gleich (Rangkorrelation 0,96).“ Without any
    information on who answered it says that nothing can be said; "" without a ranking.
    """
    if not has_information(ctx):
        return (
            "Ob sich die Ranglisten ändern, wenn nur die eigenen Angaben der Befragten zählen, "
            "lässt sich nicht sagen: Die Welle enthält keine Angabe darüber, wer selbst "
            "geantwortet hat."
        )
    k = _figures(ctx)
    n = int(k.get(_key("top10_nur_befragte_anzahl", ranking), 0) or 0)
    if n == 0:
        return ""
    stay = int(k.get(_key("top10_nur_befragte_gleich", ranking), 0) or 0)
    top, _, status = _top_lists(ctx, ranking)
    answered = sum(1 for a in top if status.get(a) == "ja")
    places = "dem ersten Platz" if n == 1 else f"den {german_count(n)} ersten Plätzen"
    verb = "hat" if answered == 1 else "haben"
    text = (
        f"Von {places} nach {RANKING_WORDS.get(ranking, ranking)} {verb} "
        f"{german_count(answered)} den Fragebogen selbst beantwortet. "
        "Zählt man nur die eigenen Angaben der Befragten, "
    )
    if stay == n:
        text += "bleibt die Spitze gleich besetzt." if n == 1 else f"bleiben alle {n} vorn."
    else:
        text += f"{'bleibt' if stay == 1 else 'bleiben'} {german_count(stay)} der {n} vorn. "
        text += _dropped_sentence(ctx, ranking)
    rho = k.get(_key("rangkorrelation_nur_befragte", ranking))
    return f"{text} {_correlation_clause(rho)}".strip()


def _dropped_sentence(ctx: WaveContext, ranking: str) -> str:
    """Who leaves the top list: non-respondents first, then respondents pushed out."""
    top, top_own, status = _top_lists(ctx, ranking)
    dropped = [a for a in top if a not in top_own]
    absent = [a for a in dropped if status.get(a) != "ja"]
    pushed = [a for a in dropped if status.get(a) == "ja"]
    parts = []
    if absent:
        parts.append(f"{_listed(ctx, absent)} (nicht selbst befragt)")
    if pushed:
        parts.append(_listed(ctx, pushed))
    if not parts:
        return ""
    verb = "fällt" if len(dropped) == 1 else "fallen"
    return f"Heraus {verb} {' sowie '.join(parts)}."


def _listed(ctx: WaveContext, ids: list[str]) -> str:
    names = _names(ctx, ids[:MAX_NAMED])
    if len(ids) > MAX_NAMED:
        names.append(f"{german_count(len(ids) - MAX_NAMED)} weitere")
    return list_de(names)


def _correlation_clause(rho: float | None) -> str:
    """The Spearman correlation of the respondents' scores in words."""
    if rho is None or math.isnan(rho):
        return ""
    value = format_number(rho, _TWO_DECIMALS)
    if 0.995 <= rho < 1:
        value = "über 0,99"  # never "1,00" for an order that did change
    if rho >= 0.9:
        how = "bleibt fast gleich"
    elif rho >= 0.7:
        how = "ändert sich wenig"
    else:
        how = "ändert sich deutlich"
    return f"Die Reihenfolge der Befragten untereinander {how} (Rangkorrelation {value})."


def ranking_table(ctx: WaveContext, ranking: str = "pagerank") -> pd.DataFrame | NoData:
    """The top list of ``ranking`` with and without the non-respondents' ties.

    Columns: Akteur, Selbst geantwortet, Rang, Rang nur Befragte (four columns); rows the
    actors of either top list, by full rank. An empty :class:`NoData` without information
    (the sentence says why).
    """
    table = ctx.results.get("nur_befragte")
    if not has_information(ctx) or not isinstance(table, pd.DataFrame):
        return NoData("")
    rows = table[table["rangliste"] == ranking]
    if not len(rows):
        return NoData("")
    out = pd.DataFrame(
        {
            "Akteur": _names(ctx, rows["akteur_id"].tolist()),
            "Selbst geantwortet": rows["befragt"].map({"ja": "ja", "nein": "nein"}).fillna("?"),
            "Rang": pd.to_numeric(rows["rang"], errors="coerce").to_numpy(),
            "Rang nur Befragte": pd.to_numeric(
                rows["rang_nur_befragte"], errors="coerce"
            ).to_numpy(),
        }
    )
    return out.reset_index(drop=True)


def source_of_facts(befragt: object) -> str:
    """An actor page's line on where its facts come from ("" when unknown)."""
    return SOURCE_OF_FACTS.get(str(befragt or "").strip().casefold(), "")
