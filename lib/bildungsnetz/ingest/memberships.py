"""Memberships (actor – network, with a role) and cooperations (actor → actor, intensity).

- A membership or cooperation naming an actor or network that exists in no table stops the
  cleaning with an error naming file, row and column (tidy template). In a survey export a
  network named in free text becomes a network of its own (logged as ``ergänzt``).
- Duplicate memberships keep the strongest role, duplicate cooperations the highest
  intensity. An unknown role counts as ``Mitglied``; an intensity must be 1, 2 or 3 (never
  rounded), a missing one counts as 1.
"""

from __future__ import annotations

import math

from bildungsnetz.config import ROLE_RANK
from bildungsnetz.ingest.freetext import split_free_text
from bildungsnetz.ingest.networks import DECLARED_ONLY, add_network
from bildungsnetz.ingest.review import review_new_network
from bildungsnetz.ingest.staging import DEFAULT_ROLE, KEPT, MERGED, REJECTED, Rec, row_entry
from bildungsnetz.ingest.state import CleaningState
from bildungsnetz.text import normalize_name

#: Why a network named only in free text is added.
FREE_TEXT_NETWORK = (
    "im Freitext genannt, als neues Netzwerk übernommen (ohne Angaben zu Themen und Landkreis)"
)


def clean_memberships(state: CleaningState) -> list[dict]:
    """The memberships of the wave: the rows of ``mitgliedschaften.csv``.

    Each logged raw row gets one log line. Free text naming networks is split first (see
    :mod:`~bildungsnetz.ingest.freetext`).

    Raises
    ------
    BildungsnetzError
        When a membership names an unknown actor, or an unknown network in a logged row.
    """
    result: dict[tuple, dict] = {}
    first_row: dict[tuple, int] = {}
    for rec in split_free_text(state, state.staged.mitgliedschaften):
        actor_name = normalize_name(rec.values.get("akteur"))
        network_name = normalize_name(rec.values.get("netzwerk"))
        label = f"{actor_name} – {network_name}"
        if rec.logged and (not actor_name or not network_name):
            missing = "akteur" if not actor_name else "netzwerk"
            state.log.append(row_entry(rec, label, REJECTED, grund=f"Angabe „{missing}“ fehlt"))
            continue
        actor = state.find_actor(actor_name)
        if actor is None:
            raise state.unknown_name("akteur", rec, "akteur", actor_name)
        network = _network_of(state, rec, network_name)
        role, hints = _role(state, rec)
        pair = (actor["akteur_id"], network["netzwerk_id"])
        if pair in result:
            if ROLE_RANK.get(role, 1) > ROLE_RANK.get(result[pair]["rolle"], 1):
                result[pair]["rolle"] = role
            if rec.logged:
                state.log.append(
                    row_entry(
                        rec,
                        label,
                        MERGED,
                        f"{pair[0]}/{pair[1]}",
                        f"doppelte Mitgliedschaft (wie Zeile {first_row[pair]}); Rolle "
                        f"„{result[pair]['rolle']}“ gilt",
                        hints,
                    )
                )
            continue
        result[pair] = {"akteur_id": pair[0], "netzwerk_id": pair[1], "rolle": role}
        first_row[pair] = rec.zeile
        if rec.logged:
            state.log.append(row_entry(rec, label, KEPT, f"{pair[0]}/{pair[1]}", "", hints))
    return list(result.values())


def _network_of(state: CleaningState, rec: Rec, name: str) -> dict:
    """The network a membership names; one named only by a survey response is added."""
    network = state.find_network(name)
    if network is not None:
        return network
    if rec.logged:
        raise state.unknown_name("netzwerk", rec, "netzwerk", name)
    network = add_network(
        state, name, rec.datei, rec.zeile, FREE_TEXT_NETWORK if rec.freitext else DECLARED_ONLY
    )
    network["_entry"].hinweis.append(f"Spalte {rec.spalte}")
    review_new_network(state, network)
    return network


def _role(state: CleaningState, rec: Rec) -> tuple[str, list[str]]:
    """The canonical role of a membership row, and the note when it is unknown."""
    raw = normalize_name(rec.values.get("rolle"))
    if not raw:
        return DEFAULT_ROLE, []
    role = state.ref.vocab("rolle", raw)
    if role is None:
        return DEFAULT_ROLE, [f"unbekannte Rolle „{raw}“ als „Mitglied“ gewertet"]
    return role, []


def clean_cooperations(state: CleaningState) -> list[dict] | None:
    """The cooperations of the wave: the rows of ``kooperationen.csv``, or None.

    None when the wave has no cooperation table. Each raw row gets one log line.

    Raises
    ------
    BildungsnetzError
        When a cooperation names an unknown actor.
    """
    if state.staged.kooperationen is None:
        return None
    result: dict[tuple, dict] = {}
    first_row: dict[tuple, int] = {}
    for rec in state.staged.kooperationen:
        von = normalize_name(rec.values.get("von"))
        an = normalize_name(rec.values.get("an"))
        label = f"{von} → {an}"
        if not von or not an:
            state.log.append(row_entry(rec, label, REJECTED, grund="Angabe „von“ oder „an“ fehlt"))
            continue
        a, b = _actor_named(state, rec, "von", von), _actor_named(state, rec, "an", an)
        if a["akteur_id"] == b["akteur_id"]:
            state.log.append(
                row_entry(
                    rec, label, REJECTED, grund="Kooperation einer Institution mit sich selbst"
                )
            )
            continue
        level, problem, hints = _intensity(rec)
        if problem:
            state.log.append(row_entry(rec, label, REJECTED, grund=problem))
            continue
        pair = (a["akteur_id"], b["akteur_id"])
        if pair in result:
            result[pair]["intensitaet"] = max(result[pair]["intensitaet"], level)
            state.log.append(
                row_entry(
                    rec,
                    label,
                    MERGED,
                    f"{pair[0]}→{pair[1]}",
                    f"doppelte Kooperation (wie Zeile {first_row[pair]}); höchste Intensität gilt",
                    hints,
                )
            )
            continue
        result[pair] = {"von_id": pair[0], "an_id": pair[1], "intensitaet": level}
        first_row[pair] = rec.zeile
        state.log.append(row_entry(rec, label, KEPT, f"{pair[0]}→{pair[1]}", "", hints))
    return list(result.values())


def _actor_named(state: CleaningState, rec: Rec, column: str, name: str) -> dict:
    actor = state.find_actor(name)
    if actor is None:
        raise state.unknown_name("akteur", rec, column, name)
    return actor


def _intensity(rec: Rec) -> tuple[int | None, str, list[str]]:
    """The intensity of a cooperation row, why it is unusable, and its notes.

    The reason is "" for a usable intensity; a missing intensity counts as 1 (noted).
    """
    raw = normalize_name(rec.values.get("intensitaet"))
    if not raw:
        return 1, "", ["Intensität fehlt, als 1 gewertet"]
    level, problem = parse_level(raw)
    return level, problem, []


def parse_level(raw: str) -> tuple[int | None, str]:
    """An ``intensitaet`` cell as 1, 2 or 3, or None and the German reason why not.

    Whole numbers may be written ``2``, ``2,0`` or ``2.0``; fractions (``2,7``), values
    outside 1–3 and non-finite values (``inf``, ``nan``) are refused, never rounded.
    """
    text = raw.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None, f"Intensität „{raw}“ ist keine Zahl (erlaubt: 1, 2 oder 3)"
    if not math.isfinite(number):
        return None, f"Intensität „{raw}“ ist keine endliche Zahl (erlaubt: 1, 2 oder 3)"
    if not number.is_integer():
        return None, (
            f"Intensität „{raw}“ ist keine ganze Zahl (erlaubt: 1, 2 oder 3; nicht gerundet)"
        )
    if number not in (1, 2, 3):
        return None, f"Intensität „{raw}“ liegt außerhalb von 1 bis 3"
    return int(number), ""
