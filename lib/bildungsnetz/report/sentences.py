"""The words of the analysis: German sentences from the evidence of the findings.

The analysis layer returns numbers and evidence (:mod:`bildungsnetz.analysis.findings.evidence`);
this module writes what the report and the published tables say about them:

* :func:`explanation` – the one-sentence explanation of a duplicate structure or a
  cooperation suggestion (``erklaerung``) and the reason why an actor is a hidden champion
  (``hidden_champion_grund``), from its evidence record;
* :func:`figure_explanation` – the explanation of a whole-network figure
  (``kennzahlen_gesamt.erlaeuterung``);
* :func:`published_tables` – the analysis tables as they are published (files, report,
  workbook): each evidence column replaced by its text column, the figures explained.

Small helpers phrase places (:func:`area_phrase`), lists (:func:`list_de`), numbers and
distances the way all these sentences do.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from functools import singledispatch
from typing import Any

import pandas as pd

from bildungsnetz.analysis.findings.evidence import (
    EVIDENCE,
    TEXT_COLUMNS,
    ChampionEvidence,
    DuplicateEvidence,
    NetworkEvidence,
    PairEvidence,
)
from bildungsnetz.analysis.findings.recommendations import (
    BridgeEvidence,
    InviteEvidence,
    MergeEvidence,
    MissingNetworkEvidence,
)
from bildungsnetz.analysis.graphs import REGION
from bildungsnetz.ingest.reference import PACKAGE_REFERENCE
from bildungsnetz.text import german_number

__all__ = [
    "KREISFREIE_STAEDTE",
    "FIGURE_EXPLANATIONS",
    "area_phrase",
    "list_de",
    "explanation",
    "champion_reason",
    "figure_explanation",
    "published_tables",
]


def _independent_cities() -> frozenset[str]:
    """Districts that are towns themselves ("kreisfreie Stadt", e.g. Cottbus), from the
    district table shipped with the package: they read "in Cottbus", not "im Landkreis …"."""
    with open(PACKAGE_REFERENCE / "landkreise.csv", encoding="utf-8-sig") as handle:
        return frozenset(
            row["landkreis"]
            for row in csv.DictReader(handle)
            if row.get("art", "").strip().casefold() == "kreisfreie stadt"
        )


#: Districts that are a kreisfreie Stadt ("in Cottbus", not "im Landkreis Cottbus").
KREISFREIE_STAEDTE = _independent_cities()


# --------------------------------------------------------------------------- phrasing


def area_phrase(landkreis: object) -> str:
    """German place phrase for a district: "im Landkreis Görlitz", "in Cottbus", ...

    ``"Lausitz"`` gives "in der ganzen Lausitz"; an empty or missing value gives "".
    """
    if landkreis is None or (isinstance(landkreis, float) and math.isnan(landkreis)):
        return ""
    lk = str(landkreis).strip()
    if not lk:
        return ""
    if lk == REGION:
        return "in der ganzen Lausitz"
    if lk in KREISFREIE_STAEDTE:
        return f"in {lk}"
    return f"im Landkreis {lk}"


def list_de(items: Iterable[str], limit: int | None = None) -> str:
    """Join items German style: "A", "A und B", "A, B und C" (+ " u. a." when truncated)."""
    items = list(items)
    more = limit is not None and len(items) > limit
    if more:
        items = items[:limit]
    if not items:
        return ""
    text = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " und " + items[-1]
    return text + (" u. a." if more else "")


def _sentence(clauses: Iterable[str]) -> str:
    """One sentence from clauses: the non-empty ones listed, capitalised, with a full stop."""
    kept = [c for c in clauses if c]
    if not kept:
        return ""
    text = list_de(kept)
    return text[0].upper() + text[1:] + "."


def _decimal(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".replace(".", ",")


def _km(d: float) -> str:
    return "weniger als 1 km" if d < 1 else f"{int(round(d))} km"


def _rural_clause(count: int, total: int, name: str = "") -> str:
    """How many of ``total`` actors (one named ``name``, or two) are rural."""
    if count == 0:
        return ""
    if total == 1:
        who = f"„{name}“" if name else "der Akteur"
        return f"{who} liegt im ländlichen Raum"
    return (
        "beide liegen im ländlichen Raum"
        if count == 2
        else "einer der beiden liegt im ländlichen Raum"
    )


# --------------------------------------------------------------------------- explanations


@singledispatch
def explanation(evidence: object) -> str:
    """The German explanation of a finding from its evidence record.

    Parameters
    ----------
    evidence : DuplicateEvidence, PairEvidence, NetworkEvidence, ChampionEvidence or the
        evidence of a recommended step
        The record of a duplicate structure, an actor pair, an actor → network suggestion,
        an actor (hidden champion) or a step (:mod:`bildungsnetz.report.recommendations`).

    Returns
    -------
    str
        One sentence (duplicates, suggestions) or the reasons joined by "; " (hidden
        champions; empty for actors that are none).
    """
    raise TypeError(f"no explanation for {type(evidence).__name__}")


@explanation.register
def _(evidence: DuplicateEvidence) -> str:
    e = evidence
    if e.area == REGION:
        where = "sind beide lausitzweit aktiv"
    elif e.district_a == e.district_b:
        where = f"sind beide {area_phrase(e.area)} aktiv"
    else:
        wide = e.name_a if e.district_a == REGION else e.name_b
        where = f"sind beide {area_phrase(e.area)} aktiv („{wide}“ lausitzweit)"
    return (
        f"„{e.name_a}“ und „{e.name_b}“ haben {e.shared_members} gemeinsame Mitglieder "
        f"(von {e.members_a} bzw. {e.members_b}; Jaccard {_decimal(e.jaccard_members)}), "
        f"arbeiten beide zu {list_de(e.shared_topics, 3)} für {list_de(e.shared_targets, 3)} "
        f"und {where}."
    )


@explanation.register
def _(evidence: PairEvidence) -> str:
    e = evidence
    if e.district_a and e.district_a == e.district_b:
        where = " " + area_phrase(e.district_a)
    elif e.district_a and e.district_b:
        where = f" ({area_phrase(e.district_a)} bzw. {area_phrase(e.district_b)})"
    else:
        where = ""
    k = e.shared_partners
    if k == 0:
        partners = "haben noch keine gemeinsamen Partner"
    else:
        partners = "haben einen gemeinsamen Partner" if k == 1 else f"haben {k} gemeinsame Partner"
    return _sentence(
        [
            f"beide arbeiten zu {list_de(e.shared_topics, 3)} für "
            f"{list_de(e.shared_targets, 2)}{where}",
            partners,
            f"liegen {_km(e.distance_km)} auseinander" if not math.isnan(e.distance_km) else "",
            _rural_clause(e.rural_actors, 2),
        ]
    )


@explanation.register
def _(evidence: NetworkEvidence) -> str:
    e = evidence
    k = e.partners_in_network
    place = f" {area_phrase(e.network_district)}" if e.network_district else ""
    return _sentence(
        [
            f"das Netzwerk arbeitet wie „{e.actor_name}“ zu {list_de(e.shared_topics, 3)} für "
            f"{list_de(e.shared_targets, 2)}" + place,
            (
                "ein Partner ist dort schon Mitglied"
                if k == 1
                else f"{k} Partner sind dort schon Mitglied"
            )
            if k
            else "",
            f"das nächste Mitglied sitzt {_km(e.distance_km)} entfernt"
            if not e.same_area and not math.isnan(e.distance_km)
            else "",
            _rural_clause(int(e.actor_rural), 1, e.actor_name),
        ]
    )


@explanation.register
def _(evidence: ChampionEvidence) -> str:
    return champion_reason(evidence)


def _recommendation(evidence: object) -> str:
    """A recommended step in plain text (``handlungsempfehlungen.empfehlung``)."""
    from bildungsnetz.report.recommendations import step_text  # its words live there

    return step_text(evidence)


for _step in (MergeEvidence, InviteEvidence, MissingNetworkEvidence, BridgeEvidence):
    explanation.register(_step, _recommendation)


def champion_reason(evidence: ChampionEvidence) -> str:
    """Why an actor is a hidden champion, in one sentence ("" when it is none).

    Parameters
    ----------
    evidence : ChampionEvidence
        The actor's record (see :func:`bildungsnetz.analysis.findings.hidden_champions`).

    Returns
    -------
    str
        E.g. "Als Kooperationspartner von 24 Akteuren genannt, darunter 9 der zentralsten
        Akteure, obwohl nach seinen 3 Netzwerken nur etwa 0,9 Nennungen zu erwarten wären." –
        rules A and B joined by "; ".
    """
    e = evidence
    parts = []
    if e.named_by_central:
        central = (
            f", darunter {e.central_namers} der zentralsten Akteure" if e.central_namers else ""
        )
        parts.append(
            f"als Kooperationspartner von {e.namers} Akteuren genannt{central}, obwohl "
            f"{_networks_phrase(e.networks, possessive=True)} nur etwa "
            f"{_count_phrase(e.naming_expected)} zu erwarten "
            + ("wäre" if _count_phrase(e.naming_expected) == "eine Nennung" else "wären")
        )
    if e.pagerank_beyond and e.pagerank_expected > 0:
        excess = round(100 * (e.pagerank / e.pagerank_expected - 1))
        parts.append(
            f"PageRank {german_number(excess, 0)} % über dem, was "
            f"{_networks_phrase(e.networks)} mit zusammen "
            f"{german_number(e.network_members, 0)} Mitgliedern erwarten "
            + ("lässt" if e.networks == 1 else "lassen")
        )
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _networks_phrase(count: int, possessive: bool = False) -> str:
    """ "nach seinen 3 Netzwerken" / "nach seinem einzigen Netzwerk" / "ohne Netzwerk", or
    "3 Netzwerke" / "1 Netzwerk"."""
    if possessive:
        if count == 0:
            return "ohne Netzwerk"
        return "nach seinem einzigen Netzwerk" if count == 1 else f"nach seinen {count} Netzwerken"
    return "1 Netzwerk" if count == 1 else f"{count} Netzwerke"


def _count_phrase(value: float) -> str:
    """An expected number of namings: "0,9 Nennungen", "eine Nennung", "12 Nennungen"."""
    if not math.isfinite(value):
        return "wenige Nennungen"
    text = german_number(value, 1 if value < 10 else 0)
    return "eine Nennung" if text in ("1,0", "1") else f"{text} Nennungen"


# --------------------------------------------------------------------------- figures

_EI_GROUPS = {
    "landkreis": "Landkreisen",
    "bundesland": "Bundesländern",
    "ebene": "Ebenen (Bund/Land/Region/Kreis/Kommune)",
    "kategorie": "Akteursarten",
    "raumtyp": "städtischem und ländlichem Raum",
}

#: Explanation of each whole-network figure (``kennzahlen_gesamt.kennzahl``); the E-I
#: indices ``ei_<attribut>`` are explained by :func:`figure_explanation`.
FIGURE_EXPLANATIONS = {
    "anzahl_akteure": "Anzahl der Akteure",
    "anzahl_netzwerke": "Anzahl der Netzwerke und Gremien",
    "anzahl_mitgliedschaften": "Anzahl der Mitgliedschaften",
    "anzahl_themen": "Anzahl der Themen, zu denen Netzwerke arbeiten",
    "anzahl_zielgruppen": "Anzahl der Zielgruppen der Netzwerke",
    "akteure_ohne_netzwerk": "Akteure ohne Mitgliedschaft in einem Netzwerk",
    "netzwerke_pro_akteur": "Mittlere Zahl der Netzwerke je Akteur",
    "mitglieder_pro_netzwerk": "Mittlere Zahl der Mitglieder je Netzwerk",
    "dichte_zweimodal": "Anteil der möglichen Mitgliedschaften (Akteure × Netzwerke), die bestehen",
    "anzahl_partnerschaften": "Akteurspaare, die mindestens ein Netzwerk teilen",
    "dichte_akteure": "Anteil der Akteurspaare, die mindestens ein Netzwerk teilen",
    "zentralisierung_akteure": (
        "Zentralisierung nach Freeman (0 = alle gleich vernetzt, 1 = Stern um einen Akteur)"
    ),
    "dichte_netzwerke": "Anteil der Netzwerkpaare mit mindestens einem gemeinsamen Mitglied",
    "komponenten": "Zusammenhangskomponenten mit Akteuren (inkl. Akteure ohne Netzwerk)",
    "anteil_groesste_komponente": "Anteil der Akteure in der größten zusammenhängenden Komponente",
    "modularitaet": "Modularität der Louvain-Gemeinschaften (über 0,3 = deutliche Gruppenbildung)",
    "anzahl_gemeinschaften": "Gemeinschaften (Louvain) mit mindestens zwei Akteuren",
    "gemeinschaften_stabilitaet": (
        "Stabilität der Gemeinschaften: Anteil der Akteurspaare einer Gemeinschaft, die bei "
        "erneuter Suche mit anderen Startwerten zusammenbleiben (Mittel über die Läufe)"
    ),
    "gemeinschaften_ari": (
        "Übereinstimmung der Gemeinschaften wiederholter Läufe mit der gezeigten Einteilung "
        "(bereinigter Rand-Index: 1 = gleich, 0 = wie zufällig)"
    ),
    "gemeinschaften_laeufe": "Wiederholte Läufe der Gemeinschaftssuche mit anderen Startwerten",
    "anzahl_kooperationen": "Genannte direkte Kooperationen",
    "dichte_kooperationen": "Anteil der möglichen gerichteten Kooperationen, die genannt wurden",
    "anzahl_doppelstrukturen": "Netzwerkpaare mit Anzeichen einer Doppelstruktur",
    "anzahl_doppelstrukturen_zufall": (
        "Netzwerkpaare, die sich in Mitgliedern, Themen und Gebiet ähneln, deren gemeinsame "
        "Mitglieder aber der Zufall erklären könnte (q-Wert über der Grenze)"
    ),
    "anzahl_hidden_champions": "Akteure mit mehr Einfluss als Sichtbarkeit (Hidden Champions)",
    "anzahl_potenziale_akteure": "Vorgeschlagene neue Kooperationen zwischen Akteuren",
    "anzahl_potenziale_netzwerke": (
        "Vorgeschlagene Netzwerke für Akteure, die dort noch nicht Mitglied sind"
    ),
    "befragt_ja": "Akteure, die den Fragebogen selbst beantwortet haben",
    "befragt_nein": (
        "Akteure, die nicht selbst geantwortet haben und nur aus den Angaben anderer bekannt "
        "sind (Koordination, Kooperationspartner, Netzwerkregister)"
    ),
    "befragt_unbekannt": (
        "Akteure, bei denen die Daten nicht sagen, ob sie selbst geantwortet haben"
    ),
    "befragt_anteil": "Anteil der Akteure, die selbst geantwortet haben",
    "top10_nur_befragte_anzahl": (
        "Verglichene Plätze der PageRank-Rangliste (höchstens 10) beim Vergleich mit der "
        "Rangliste nur aus den eigenen Angaben der Befragten"
    ),
    "top10_nur_befragte_gleich": (
        "So viele der ersten Plätze nach PageRank bleiben vorn, wenn nur die eigenen Angaben "
        "der Befragten zählen"
    ),
    "rangkorrelation_nur_befragte": (
        "Rangkorrelation (Spearman) des PageRank der Befragten mit und ohne die Angaben der "
        "Nicht-Befragten (1 = gleiche Reihenfolge)"
    ),
    "top10_nur_befragte_anzahl_betweenness": (
        "Verglichene Plätze der Rangliste der Vermittler (Betweenness, höchstens 10)"
    ),
    "top10_nur_befragte_gleich_betweenness": (
        "So viele der ersten Plätze nach Betweenness bleiben vorn, wenn nur die eigenen "
        "Angaben der Befragten zählen"
    ),
    "rangkorrelation_nur_befragte_betweenness": (
        "Rangkorrelation (Spearman) der Betweenness der Befragten mit und ohne die Angaben der "
        "Nicht-Befragten"
    ),
}


def figure_explanation(kennzahl: str) -> str:
    """The German explanation of a whole-network figure; "" for an unknown one."""
    if kennzahl in FIGURE_EXPLANATIONS:
        return FIGURE_EXPLANATIONS[kennzahl]
    if kennzahl.startswith("ei_") and kennzahl.endswith("_erwartet"):
        attr = kennzahl[len("ei_") : -len("_erwartet")]
        return (
            f"E-I-Index zwischen {_EI_GROUPS.get(attr, attr)}, der bei zufälliger Verteilung "
            f"der Gruppen auf die Akteure zu erwarten wäre"
        )
    if kennzahl.startswith("ei_") and kennzahl.endswith("_p_wert"):
        attr = kennzahl[len("ei_") : -len("_p_wert")]
        return (
            f"p-Wert des E-I-Index zwischen {_EI_GROUPS.get(attr, attr)}: wie oft zufällig "
            f"verteilte Gruppen einen mindestens so weit vom erwarteten Wert entfernten Index "
            f"ergeben (999 Permutationen)"
        )
    if kennzahl.startswith("ei_"):
        attr = kennzahl[len("ei_") :]
        return (
            f"E-I-Index der Ko-Mitgliedschaften zwischen {_EI_GROUPS.get(attr, attr)} "
            f"(−1 = nur innerhalb, +1 = nur zwischen den Gruppen)"
        )
    return ""


# --------------------------------------------------------------------------- tables


def _with_text(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """``frame`` with its evidence column replaced, in place, by the text ``column``."""
    texts = [explanation(e) for e in frame[EVIDENCE]]
    out = frame.rename(columns={EVIDENCE: column})
    out[column] = pd.Series(texts, index=frame.index)
    return out


def published_tables(results: Mapping[str, Any]) -> dict[str, Any]:
    """The analysis tables as they are published: with words instead of evidence.

    Each table with an evidence column (see
    :data:`bildungsnetz.analysis.findings.evidence.TEXT_COLUMNS`) gets its German text
    column in the evidence column's place – ``erklaerung`` of ``potenziale`` and
    ``doppelstrukturen``, ``hidden_champion_grund`` of ``kennzahlen_akteure``,
    ``empfehlung`` of ``handlungsempfehlungen`` – and
    ``kennzahlen_gesamt`` gets ``erlaeuterung``. The result has exactly the columns of the
    published files; evidence does not leak into them.

    Parameters
    ----------
    results : mapping
        The analysis of a wave (:func:`bildungsnetz.analysis.tables.analyse_wave` or
        :func:`bildungsnetz.analysis.cache.analysis_results`); not modified.

    Returns
    -------
    dict
        A copy of ``results`` with the published tables.
    """
    out = dict(results)
    for name, column in TEXT_COLUMNS.items():
        frame = out.get(name)
        if isinstance(frame, pd.DataFrame) and EVIDENCE in frame.columns:
            out[name] = _with_text(frame, column)
    figures = out.get("kennzahlen_gesamt")
    if isinstance(figures, pd.DataFrame) and "erlaeuterung" not in figures.columns:
        out["kennzahlen_gesamt"] = figures.assign(
            erlaeuterung=[figure_explanation(k) for k in figures["kennzahl"]]
        )
    return out
