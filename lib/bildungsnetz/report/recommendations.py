"""„Handlungsempfehlungen“: the next steps of a wave in plain German, for the report and
the district pages.

The analysis derives the steps by stated rules from the findings
(:mod:`bildungsnetz.analysis.findings.recommendations`: duplicate pairs to bring to one
table, rural actors to invite, topics without a network in a district, bridge actors for
cross-state work) and keeps the evidence of each. This module words them: every step is one
imperative sentence (what to do, and in a few words why) and one sentence with its evidence
(:func:`step_sentences`). :func:`recommendations` chooses the steps of a wave or of one
district, the first :data:`MAX_PER_KIND` of each kind; :func:`recommendations_html` shows
them as an escaped HTML block, in which actors are linked to their profile pages – only
actors that consented to be named and are in at least one network have one
(:func:`bildungsnetz.report.pages.links.has_profile`); all other actors appear under their
pseudonym and unlinked. Networks are named, not linked.

The same sentences, without links, are the column ``empfehlung`` of
``handlungsempfehlungen.csv`` (:func:`step_text`, used by
:func:`bildungsnetz.report.sentences.published_tables`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from bildungsnetz.analysis.findings.evidence import EVIDENCE
from bildungsnetz.analysis.findings.recommendations import (
    RECOMMENDATION_KINDS,
    BridgeEvidence,
    InviteEvidence,
    MergeEvidence,
    MissingNetworkEvidence,
    Ref,
)
from bildungsnetz.analysis.graphs import REGION
from bildungsnetz.report.htmlsafe import HtmlFragment
from bildungsnetz.report.pages.links import PROFILE_DIR, has_profile, profile_href
from bildungsnetz.report.sentences import KREISFREIE_STAEDTE, area_phrase, list_de
from bildungsnetz.text import german_number

if TYPE_CHECKING:
    from bildungsnetz.report.context import WaveContext

__all__ = [
    "TITLE",
    "MAX_PER_KIND",
    "KIND_LABELS",
    "Step",
    "profile_ids",
    "step_sentences",
    "step_text",
    "recommendations",
    "nothing_sentence",
    "recommendations_html",
]

#: Heading of the block.
TITLE = "Handlungsempfehlungen"
#: Steps of each kind shown in the report and on a district page (the table has all).
MAX_PER_KIND = 4
#: Names of the actors shared by a duplicate pair or working on a missing topic, at most.
MAX_NAMES = 3
#: The heading of each kind of step.
KIND_LABELS = {
    "doppelstruktur": "Doppelstrukturen an einen Tisch bringen",
    "einladung": "Ländliche Akteure in Netzwerke einladen",
    "weisser_fleck": "Themen ohne Netzwerk im Landkreis",
    "bruecke": "Brücken zwischen Brandenburg und Sachsen einbinden",
}


@dataclass(frozen=True)
class Step:
    """One recommended step, worded.

    ``action`` is the imperative sentence, ``reason`` the sentence with its evidence (plain
    text); ``action_html``/``reason_html`` are the same, escaped, with actors linked to their
    profile pages where they have one. ``districts`` are the districts the step touches.
    """

    kind: str
    rank: int
    districts: tuple[str, ...]
    action: str
    reason: str
    action_html: str
    reason_html: str

    @property
    def text(self) -> str:
        """Both sentences."""
        return f"{self.action} {self.reason}"


# --------------------------------------------------------------------------- wording

#: A sentence as parts: plain text, or an actor/network to name (``("akteur"|"netzwerk",
#: Ref)``), so that the same words give plain text and HTML with links.
Part = str | tuple[str, Ref]


def _actor(ref: Ref) -> tuple[str, Ref]:
    return ("akteur", ref)


def _network(ref: Ref) -> tuple[str, Ref]:
    return ("netzwerk", ref)


def _listed(items: Sequence[Part], limit: int | None = None) -> list[Part]:
    """Parts joined German style: "A", "A und B", "A, B und C" (+ " u. a." when cut)."""
    more = limit is not None and len(items) > limit
    items = list(items[:limit] if limit is not None else items)
    out: list[Part] = []
    for k, item in enumerate(items):
        if k:
            out.append(" und " if k == len(items) - 1 else ", ")
        out.append(item)
    if more:
        out.append(" u. a.")
    return out


def _count(n: int, singular: str, plural: str) -> str:
    return f"{german_number(n, 0)} {plural}" if n != 1 else f"ein{singular}"


def _from_phrase(district: str) -> str:
    """ "aus Cottbus", "aus dem Landkreis Görlitz"."""
    return f"aus {district}" if district in KREISFREIE_STAEDTE else f"aus dem Landkreis {district}"


def _closed(parts: list[Part]) -> list[Part]:
    """The parts with a full stop at the end (none added after " u. a.")."""
    if parts and isinstance(parts[-1], str) and parts[-1].endswith("."):
        return parts
    return [*parts, "."]


def _capital(parts: list[Part]) -> list[Part]:
    if parts and isinstance(parts[0], str) and parts[0]:
        return [parts[0][0].upper() + parts[0][1:], *parts[1:]]
    return parts


def _merge(e: MergeEvidence) -> tuple[list[Part], list[Part]]:
    action: list[Part] = [
        "Die Netzwerke ",
        _network(e.network_a),
        " und ",
        _network(e.network_b),
        " an einen Tisch bringen: klären, ob sie ihre Arbeit bündeln oder abstimmen.",
    ]
    k = len(e.shared_members)
    names = [_actor(r) for r in e.shared_members[:MAX_NAMES]]
    who: list[Part] = [" (darunter " if k > MAX_NAMES else " (", *_listed(names), ")"]
    if e.area == REGION:
        where: list[Part] = ["sind beide lausitzweit aktiv"]
    elif e.district_a == e.district_b or REGION not in (e.district_a, e.district_b):
        where = [f"sind beide {area_phrase(e.area)} aktiv"]
    else:
        wide = e.network_a if e.district_a == REGION else e.network_b
        where = [f"sind beide {area_phrase(e.area)} aktiv (", _network(wide), " lausitzweit)"]
    reason: list[Part] = [
        f"Sie haben {german_number(k, 0)} gemeinsame Mitglieder von "
        f"{german_number(e.members_a, 0)} bzw. {german_number(e.members_b, 0)}",
        *(who if k else []),
        f", arbeiten beide zu {list_de(e.shared_topics, 3)}",
        f" für {list_de(e.shared_targets, 3)}" if e.shared_targets else "",
        " und ",
        *where,
    ]
    return action, _closed(reason)


def _invite(e: InviteEvidence) -> tuple[list[Part], list[Part]]:
    action: list[Part] = [_actor(e.actor), " in das Netzwerk ", _network(e.network), " einladen."]
    clauses: list[list[Part]] = []
    home = f" {area_phrase(e.actor_district)}" if e.actor_district else ""
    clauses.append([f"der Akteur sitzt im ländlichen Raum{home}"])
    place = f" {area_phrase(e.network_district)}" if e.network_district else ""
    if e.shared_topics:
        targets = f" für {list_de(e.shared_targets, 2)}" if e.shared_targets else ""
        clauses.append(
            [f"das Netzwerk arbeitet{place} wie er zu {list_de(e.shared_topics, 3)}{targets}"]
        )
    k = e.partners_in_network
    if k:
        clauses.append(
            ["einer seiner Partner ist dort schon Mitglied"]
            if k == 1
            else [f"{german_number(k, 0)} seiner Partner sind dort schon Mitglied"]
        )
    same = e.network_district in (REGION, e.actor_district)
    if not same and not math.isnan(e.distance_km):
        d = e.distance_km
        clauses.append(
            [
                "das nächste Mitglied sitzt "
                + ("weniger als 1 km" if d < 1 else f"{german_number(round(d), 0)} km")
                + " entfernt"
            ]
        )
    reason: list[Part] = []
    for k, clause in enumerate(clauses):
        reason.extend(["; "] if k else [])
        reason.extend(clause)
    return action, _closed(_capital(reason))


def _missing(e: MissingNetworkEvidence) -> tuple[list[Part], list[Part]]:
    place = area_phrase(e.district)
    n = len(e.actors_on_topic)
    if n and not e.regional_networks:
        action = f"{place[0].upper()}{place[1:]} ein Netzwerk zum Thema {e.topic} anstoßen"
    else:
        action = f"Prüfen, ob {place} ein Netzwerk zum Thema {e.topic} gebraucht wird"
    action += ": Dort arbeitet bisher keines dazu."
    origin = _from_phrase(e.district)
    if n == 0:
        who: list[Part] = [f"Bisher arbeitet kein Akteur {origin} dazu"]
    else:
        names = [_actor(r) for r in e.actors_on_topic[:MAX_NAMES]]
        lead = (
            f"Ein Akteur {origin} arbeitet dazu in Netzwerken anderswo mit ("
            if n == 1
            else f"{german_number(n, 0)} Akteure {origin} arbeiten dazu in Netzwerken "
            f"anderswo mit ({'darunter ' if n > MAX_NAMES else ''}"
        )
        who = [lead, *_listed(names), ")"]
    districts = list(e.districts_with_network)
    where: list[Part] = [
        "; eigene Netzwerke zum Thema "
        + ("hat " if len(districts) == 1 else "haben ")
        + list_de(districts, 4)
    ]
    if e.regional_networks:
        regional = [_network(r) for r in e.regional_networks[:2]]
        verb = " arbeitet" if len(e.regional_networks) == 1 else " arbeiten"
        where += [", lausitzweit", verb, " ", *_listed(regional), " dazu"]
        if len(e.regional_networks) > 2:
            where.insert(-1, " u. a.")
    return [action], _closed([*who, *where])


def _bridge(e: BridgeEvidence) -> tuple[list[Part], list[Part]]:
    action: list[Part] = [_actor(e.actor), " in die länderübergreifende Arbeit einbinden: "]
    topics = list_de(e.cross_state_topics, 3)
    if e.suggested_networks:
        nets = [_network(r) for r in e.suggested_networks]
        action += [
            "für das Netzwerk " if len(nets) == 1 else "für die Netzwerke ",
            *_listed(nets),
            f" in {e.target_state} gewinnen.",
        ]
    elif topics:
        action.append(f"an Vorhaben beider Länder zu {topics} beteiligen.")
    else:
        action.append("an gemeinsamen Vorhaben beider Länder beteiligen.")
    counts = [
        (_count(k, "em Netzwerk", "Netzwerken") if i == 0 else german_number(k, 0))
        + f" mit Sitz in {state}"
        for i, (state, k) in enumerate(e.networks_by_state)
    ]
    reason = f"Der Akteur wirkt schon in {list_de(counts)} mit"
    if topics:
        reason += f" und arbeitet in beiden Ländern zu {topics}"
    return action, _closed([reason])


def step_sentences(evidence: object) -> tuple[list[Part], list[Part]]:
    """The two sentences of a step as parts: the imperative one and the one with evidence.

    Parameters
    ----------
    evidence : MergeEvidence, InviteEvidence, MissingNetworkEvidence or BridgeEvidence
        The evidence record of the step.

    Returns
    -------
    tuple of list
        ``(action, reason)``; each a list of text pieces and ``("akteur"|"netzwerk", Ref)``
        names (see :func:`step_text` for plain text).
    """
    if isinstance(evidence, MergeEvidence):
        return _merge(evidence)
    if isinstance(evidence, InviteEvidence):
        return _invite(evidence)
    if isinstance(evidence, MissingNetworkEvidence):
        return _missing(evidence)
    if isinstance(evidence, BridgeEvidence):
        return _bridge(evidence)
    raise TypeError(f"no recommendation for {type(evidence).__name__}")


def _plain(parts: Sequence[Part], names: Mapping[str, str] | None = None) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        else:
            ref = part[1]
            out.append(f"„{(names or {}).get(ref.id, ref.name)}“")
    return "".join(out)


def _html(
    parts: Sequence[Part], names: Mapping[str, str], link: Callable[[str], str | None]
) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(html.escape(part))
            continue
        kind, ref = part
        name = html.escape(names.get(ref.id, ref.name))
        href = link(ref.id) if kind == "akteur" else None
        if href:
            name = f'<a href="{html.escape(href, quote=True)}">{name}</a>'
        out.append(f"„{name}“")
    return "".join(out)


def step_text(evidence: object) -> str:
    """The step in plain text, both sentences (the ``empfehlung`` of the published table).

    Names are those of the evidence: publishable names, pseudonyms for actors that did not
    consent to be named.
    """
    action, reason = step_sentences(evidence)
    return f"{_plain(action)} {_plain(reason)}"


# --------------------------------------------------------------------------- choosing


def profile_ids(ctx: WaveContext) -> set[str]:
    """The actors with a profile page: consented to be named and in at least one network
    (:func:`bildungsnetz.report.pages.links.has_profile`)."""
    counts = ctx.mitgliedschaften["akteur_id"].astype(str).value_counts()
    if "veroeffentlichen" not in ctx.akteure.columns:
        return set()
    return {
        str(aid)
        for aid, consent in zip(ctx.akteure["akteur_id"], ctx.akteure["veroeffentlichen"])
        if has_profile(aid, consent, int(counts.get(str(aid), 0)))
    }


def _names(ctx: WaveContext) -> dict[str, str]:
    """Id → the name to show: ``anzeigename`` of actors (pseudonyms where there is no
    consent), ``netzwerk`` of networks."""
    names: dict[str, str] = {}
    if "anzeigename" in ctx.akteure.columns:
        names.update(
            (str(i), str(n))
            for i, n in zip(ctx.akteure["akteur_id"], ctx.akteure["anzeigename"])
            if isinstance(n, str) and n.strip()
        )
    if "netzwerk" in ctx.netzwerke.columns:
        names.update(
            (str(i), str(n))
            for i, n in zip(ctx.netzwerke["netzwerk_id"], ctx.netzwerke["netzwerk"])
            if isinstance(n, str) and n.strip()
        )
    return names


def _steps_table(ctx: WaveContext) -> pd.DataFrame:
    table = ctx.results.get("handlungsempfehlungen_belege")
    if not isinstance(table, pd.DataFrame) or EVIDENCE not in table.columns:
        return pd.DataFrame(columns=["art", "rang", "landkreise", EVIDENCE])
    return table


def _touches(value: object, landkreis: str) -> bool:
    return isinstance(value, str) and landkreis in [d.strip() for d in value.split(";")]


def _chosen(
    ctx: WaveContext, landkreis: str | None, limit: int
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The steps shown (first ``limit`` of each kind, after the district filter) and the
    number of steps of each kind before the limit."""
    table = _steps_table(ctx)
    if landkreis is not None:
        mask = [_touches(v, landkreis) for v in table["landkreise"]]
        table = table.loc[pd.Series(mask, index=table.index, dtype=bool)]
    totals = {kind: int((table["art"] == kind).sum()) for kind in RECOMMENDATION_KINDS}
    order = {kind: k for k, kind in enumerate(RECOMMENDATION_KINDS)}
    table = table[table["art"].isin(order)]
    table = table.assign(
        _k=table["art"].map(order), _r=pd.to_numeric(table["rang"], errors="coerce")
    ).sort_values(["_k", "_r"], kind="mergesort")
    return table.groupby("art", sort=False).head(limit), totals


def recommendations(
    ctx: WaveContext,
    landkreis: str | None = None,
    *,
    limit: int = MAX_PER_KIND,
    link_base: str = "",
) -> list[Step]:
    """The recommended steps of a wave, or of one district, worded.

    Parameters
    ----------
    ctx : WaveContext
        The wave.
    landkreis : str, optional
        Only the steps touching this district (its column ``landkreise``).
    limit : int, optional
        Steps of each kind, best first (by the rank of its rule).
    link_base : str, optional
        Prefix of the links to the profile pages (``"../"`` from a district page).

    Returns
    -------
    list of Step
        In the order of the kinds (duplicate pairs, invitations, topics without a network,
        bridges), each kind by rank; empty when there is nothing to recommend.
    """
    chosen, _ = _chosen(ctx, landkreis, limit)
    return _worded(ctx, chosen, link_base)


def _worded(ctx: WaveContext, chosen: pd.DataFrame, link_base: str) -> list[Step]:
    names = _names(ctx)
    pages = profile_ids(ctx)
    base = f"{link_base}{PROFILE_DIR}/"

    def link(aid: str) -> str | None:
        return profile_href(aid, base) if aid in pages else None

    steps = []
    for rec in chosen.to_dict("records"):
        action, reason = step_sentences(rec[EVIDENCE])
        steps.append(
            Step(
                kind=str(rec["art"]),
                rank=int(rec["rang"]),
                districts=tuple(d.strip() for d in str(rec["landkreise"]).split(";") if d.strip()),
                action=_plain(action, names),
                reason=_plain(reason, names),
                action_html=_html(action, names, link),
                reason_html=_html(reason, names, link),
            )
        )
    return steps


# --------------------------------------------------------------------------- nothing to do


def _district_label(landkreis: str) -> str:
    return landkreis if landkreis in KREISFREIE_STAEDTE else f"den Landkreis {landkreis}"


def nothing_sentence(ctx: WaveContext, landkreis: str | None = None) -> str:
    """The one sentence shown when there is nothing to recommend, saying why."""
    if len(ctx.mitgliedschaften) == 0:
        return (
            "In dieser Welle sind keine Mitgliedschaften erfasst; Handlungsempfehlungen lassen "
            "sich daher nicht ableiten."
        )
    if landkreis is not None and len(_steps_table(ctx)):
        return (
            f"Für {_district_label(landkreis)} ergibt sich aus den Regeln keine "
            "Handlungsempfehlung: Keine der Doppelstrukturen, Einladungen, Themenlücken und "
            "Brücken dieser Welle betrifft "
            + ("die Stadt." if landkreis in KREISFREIE_STAEDTE else "den Landkreis.")
        )
    where = f" für {_district_label(landkreis)}" if landkreis is not None else ""
    return (
        f"Aus den Befunden dieser Welle ergibt sich{where} keine Handlungsempfehlung: Kein "
        "Netzwerkpaar ist eine mögliche Doppelstruktur, kein ländlicher Akteur hat einen "
        "passenden Netzwerkvorschlag, keinem Landkreis fehlt ein Thema, zu dem andere "
        "Landkreise Netzwerke haben, und kein Akteur wirkt in Netzwerken beider Länder mit."
    )


# --------------------------------------------------------------------------- HTML


def recommendations_html(
    ctx: WaveContext, landkreis: str | None = None, link_base: str = ""
) -> HtmlFragment:
    """The steps as one block of escaped HTML (for the report and the district pages).

    A ``<div class="handlungsempfehlungen">`` with, for each kind that has steps, a short
    heading (how many of how many are shown) and a numbered list; each item is the
    imperative sentence in bold and the sentence with its evidence. Actors with a profile
    page are linked to ``{link_base}akteure/<akteur_id>.html``; all other names (pseudonyms
    of actors without consent, networks) are plain text. Without steps: one sentence saying
    so and why (:func:`nothing_sentence`, ``<p class="keine-daten">``).

    Parameters
    ----------
    ctx : WaveContext
        The wave.
    landkreis : str, optional
        Only the steps touching this district.
    link_base : str, optional
        Prefix of the profile links: ``""`` from the report, ``"../"`` from a district page.
    """
    chosen, totals = _chosen(ctx, landkreis, MAX_PER_KIND)
    steps = _worded(ctx, chosen, link_base)
    if not steps:
        body = f'<p class="keine-daten">{html.escape(nothing_sentence(ctx, landkreis))}</p>'
    else:
        blocks = []
        for kind in RECOMMENDATION_KINDS:
            items = [s for s in steps if s.kind == kind]
            if not items:
                continue
            shown = (
                f" (die ersten {len(items)} von {german_number(totals[kind], 0)})"
                if totals[kind] > len(items)
                else ""
            )
            entries = "".join(
                f'<li><strong class="empfehlung">{s.action_html}</strong> '
                f'<span class="beleg">{s.reason_html}</span></li>'
                for s in items
            )
            blocks.append(
                f'<p class="empfehlung-art"><strong>{html.escape(KIND_LABELS[kind])}</strong>'
                f"{html.escape(shown)}</p><ol>{entries}</ol>"
            )
        body = "".join(blocks)
    return HtmlFragment(f'<div class="handlungsempfehlungen">{body}</div>', summary=TITLE)
