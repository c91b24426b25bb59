"""Actors: rows of one institution merged, its facts resolved, its pseudonym given.

- Rows whose names have the same key after the alias table are one institution. The first row
  (tidy template) or the newest complete response (survey export) is kept; the others are
  merged into it: empty fields are filled from them, conflicting values noted.
- Category and level go through the vocabularies; unknown values are kept and noted.
- Places are resolved through the gazetteer, postcode first, then town name. An unknown place
  keeps the district the row states (if any), otherwise an empty district; both are logged.
- Consent: ``veroeffentlichen`` yes means consent; an empty or unreadable value counts as
  *no consent* (privacy first), logged. Actors without consent get a pseudonym
  ("Bildungsträger 3": category + running number by id).
- Response (``befragt``, issue 14): ``ja`` when any row of the institution says it answered
  the survey itself (a kept survey response, or ``ja`` in the template's column), else
  ``nein`` when a row says it did not, else ``unbekannt``. In a survey export, an institution
  that did not answer is known only where others name it: a coordinator named in the network
  register who gave no response is added as an actor of its own (``befragt`` = ``nein``,
  no consent, logged ``ergänzt``) with the role ``Leitung`` in that network
  (:func:`add_named_coordinators`).
"""

from __future__ import annotations

from bildungsnetz.ingest.reference import REGION_WIDE, Place, normalize_plz
from bildungsnetz.ingest.staging import (
    ACTOR_FIELDS,
    ADDED,
    KEPT,
    MERGED,
    NOT_RESPONDED,
    RESPONDED,
    RESPONSE_FIELD,
    RESPONSE_UNKNOWN,
    LogEntry,
    Rec,
    row_entry,
)
from bildungsnetz.ingest.state import CleaningState, NamedRow, display_name
from bildungsnetz.text import name_key, normalize_name, parse_yes_no, stable_id


def clean_actors(state: CleaningState) -> None:
    """Merge the staged actor rows into actors (``state.actor_by_key``), one log line per row.

    Parameters
    ----------
    state : CleaningState
        Receives the actors, their log lines and, per raw row, its log entry
        (``row_entries``).
    """
    for key, rows in state.group_by_name(state.staged.akteure, "akteur", "der Institution").items():
        primary = _primary_index(rows)
        display = display_name(rows)
        aid = stable_id("A", display)
        merged, entries = _merge_rows(state, rows, primary, aid)
        state.actor_by_key[key] = _actor_facts(state, aid, display, merged, entries[0])
        state.actor_by_key[key][RESPONSE_FIELD] = responded([row.rec for row in rows])
        state.log.extend(entries)


def responded(records: list[Rec]) -> str:
    """``befragt`` of an institution from its raw rows: ``ja``, ``nein`` or ``unbekannt``.

    One row saying the institution answered is enough (``ja``); ``nein`` needs a row saying so
    and none saying ``ja``; rows without the field leave it ``unbekannt``.
    """
    values = {rec.values.get(RESPONSE_FIELD, "") for rec in records}
    if RESPONDED in values:
        return RESPONDED
    return NOT_RESPONDED if NOT_RESPONDED in values else RESPONSE_UNKNOWN


#: Why a coordinator without a response of its own is added (cleaning log, ``grund``).
COORDINATOR_ONLY = (
    "nur als Koordination im Netzwerkregister genannt, keine eigene Antwort "
    "(befragt: nein; ohne Einwilligung, daher Pseudonym)"
)


def add_named_coordinators(state: CleaningState) -> None:
    """Add the coordinators the network register names who gave no response (survey export).

    Such an institution did not answer, but the register says it leads the network: it
    becomes an actor with ``befragt`` = ``nein``, empty facts and no consent (privacy
    first: it never agreed to be named), one log line ``ergänzt``, and a membership with
    the role ``Leitung`` in each network it coordinates. In the tidy template the actor
    table is the office's own list, so nothing is added there (an unknown coordinator
    stays a note, see ``networks.link_coordination``).

    Parameters
    ----------
    state : CleaningState
        Receives the actors, their log lines and the memberships (as unlogged records).
    """
    if state.staged.form != "limesurvey":
        return
    for facts in state.network_by_key.values():
        name = normalize_name(facts["koordination"])
        if not name or facts["_entry"] is None:
            continue
        entry = facts["_entry"]
        actor = state.find_actor(name)
        if actor is None:
            canonical, _ = state.ref.canonical_name("akteur", name)
            actor = _named_only(stable_id("A", canonical), canonical)
            state.actor_by_key[name_key(canonical)] = actor
            state.log.append(
                LogEntry(
                    entry.datei,
                    entry.zeile,
                    "akteure",
                    name,
                    ADDED,
                    actor["akteur_id"],
                    COORDINATOR_ONLY,
                )
            )
        if actor[RESPONSE_FIELD] == NOT_RESPONDED:
            state.staged.mitgliedschaften.append(
                Rec(
                    {"akteur": name, "netzwerk": facts["netzwerk"], "rolle": "Leitung"},
                    entry.datei,
                    entry.zeile,
                    "netzwerke",
                    logged=False,
                    spalte="koordination",
                )
            )


def _named_only(aid: str, name: str) -> dict:
    """The columns of ``akteure.csv`` for an institution known only from others' answers."""
    facts = dict.fromkeys(
        ["kategorie", "ebene", "plz", "ort", "landkreis", "bundesland", "raumtyp", "lat", "lon"],
        "",
    )
    return {
        "akteur_id": aid,
        "akteur": name,
        "veroeffentlichen": "nein",
        **facts,
        RESPONSE_FIELD: NOT_RESPONDED,
    }


def assign_pseudonyms(actors: list[dict]) -> None:
    """Set each actor's ``anzeigename``: its name with consent, else a pseudonym.

    A pseudonym is the category and a running number by id (``Schule 3``; ``Akteur 1``
    without a category).
    """
    counters: dict[str, int] = {}
    for actor in sorted(actors, key=lambda a: a["akteur_id"]):
        if actor["veroeffentlichen"] == "ja":
            actor["anzeigename"] = actor["akteur"]
            continue
        label = actor["kategorie"] or "Akteur"
        counters[label] = counters.get(label, 0) + 1
        actor["anzeigename"] = f"{label} {counters[label]}"


def _primary_index(rows: list[NamedRow]) -> int:
    """The row that is kept: the newest complete response, else the first row.

    On a tie of submit dates the earlier row is kept.
    """
    if not any(row.rec.ts for row in rows):
        return 0
    return max(range(len(rows)), key=lambda i: (rows[i].rec.ts, -i))


def _merge_rows(
    state: CleaningState, rows: list[NamedRow], primary: int, aid: str
) -> tuple[dict, list[LogEntry]]:
    """The institution's fields merged over its rows, and one log entry per row.

    The primary row comes first, both for the fields and for the entries.
    """
    kept = rows[primary]
    merged = dict.fromkeys(ACTOR_FIELDS, "")
    entries = []
    for i in [primary] + [i for i in range(len(rows)) if i != primary]:
        rec, name, canonical, via_alias = rows[i]
        entry = row_entry(rec, name, KEPT if i == primary else MERGED, aid)
        if via_alias:
            entry.grund = f"Name über Aliastabelle vereinheitlicht zu „{canonical}“"
        for f in ACTOR_FIELDS:
            value = normalize_name(rec.values.get(f))
            if not value:
                continue
            if not merged[f]:
                merged[f] = value
            elif i != primary and _comparable(state, f, value) != _comparable(state, f, merged[f]):
                entry.hinweis.append(
                    f"abweichende Angabe {f} „{value}“ (übernommen: „{merged[f]}“)"
                )
        if i != primary:
            if rec.ts:
                why = (
                    f"weitere Antwort derselben Institution; die neueste vollständige "
                    f"Antwort (Zeile {kept.rec.zeile}) gilt, Netzwerke zusammengeführt"
                )
            else:
                why = f"dieselbe Institution wie Zeile {kept.rec.zeile} („{kept.name}“)"
            entry.grund = f"{why}; {entry.grund}" if entry.grund else why
        entries.append(entry)
        state.row_entries[(rec.datei, rec.zeile)] = entry
    return merged, entries


def _comparable(state: CleaningState, field_name: str, value: str) -> str:
    """The value of an actor field as compared when rows are merged."""
    if field_name in ("kategorie", "ebene"):
        return state.ref.vocab(field_name, value) or name_key(value)
    if field_name == "landkreis":
        return state.ref.district(value) or name_key(value)
    if field_name == "plz":
        return normalize_plz(value)
    if field_name == "veroeffentlichen":
        consent = parse_yes_no(value)
        return name_key(value) if consent is None else "ja" if consent else "nein"
    return name_key(value)


def _actor_facts(state: CleaningState, aid: str, name: str, raw: dict, entry: LogEntry) -> dict:
    """The columns of ``akteure.csv`` for one actor, without ``anzeigename``.

    What was odd is noted on ``entry``, in this order: category, level, consent, place.
    """
    kategorie = _vocabulary(state, "kategorie", "Kategorie", raw, entry)
    ebene = _vocabulary(state, "ebene", "Ebene", raw, entry)
    consent = _consent(raw, entry)
    return {
        "akteur_id": aid,
        "akteur": name,
        "veroeffentlichen": consent,
        "kategorie": kategorie,
        "ebene": ebene,
        **_place_facts(state, raw, entry),
    }


def _vocabulary(state: CleaningState, art: str, label: str, raw: dict, entry: LogEntry) -> str:
    """The canonical vocabulary value of field ``art``; an unknown value is kept, noted."""
    value = raw[art]
    if not value:
        return value
    canonical = state.ref.vocab(art, value)
    if canonical is None:
        entry.hinweis.append(f"unbekannte {label} „{value}“ unverändert übernommen")
        return value
    return canonical


def _consent(raw: dict, entry: LogEntry) -> str:
    """``ja`` only for a yes; anything else counts as no consent (noted unless a no)."""
    consent = parse_yes_no(raw["veroeffentlichen"])
    if consent is None:
        entry.hinweis.append(
            "keine gültige Angabe zur Veröffentlichung – wird als „nein“ behandelt (Pseudonym)"
        )
    return "ja" if consent else "nein"


def _place_facts(state: CleaningState, raw: dict, entry: LogEntry) -> dict:
    """Postcode, place, district, state, area type and coordinates of an actor."""
    ref = state.ref
    place, how = ref.place(raw["plz"], raw["ort"])
    stated_district = ref.district(raw["landkreis"]) if raw["landkreis"] else None
    if raw["landkreis"] and stated_district is None:
        entry.hinweis.append(f"unbekannter Landkreis „{raw['landkreis']}“")
    if place is not None:
        return _known_place(place, how, raw, stated_district, entry)
    district = stated_district if stated_district not in (None, REGION_WIDE) else ""
    if raw["plz"] or raw["ort"]:
        where = " ".join(v for v in (raw["plz"], raw["ort"]) if v)
        entry.hinweis.append(
            f"Ort unbekannt („{where}“): ohne Koordinaten übernommen"
            + (f", Landkreis laut Angabe: {district}" if district else ", ohne Landkreis")
        )
    else:
        entry.hinweis.append(
            "kein Ort angegeben" + (f", Landkreis laut Angabe: {district}" if district else "")
        )
    return {
        "plz": normalize_plz(raw["plz"]),
        "ort": raw["ort"],
        "landkreis": district,
        "bundesland": ref.state_of(district),
        "raumtyp": "",
        "lat": "",
        "lon": "",
    }


def _known_place(
    place: Place, how: str, raw: dict, stated_district: str | None, entry: LogEntry
) -> dict:
    """The place columns of a place found in the gazetteer (by ``how``: ``plz`` or ``ort``)."""
    if how == "ort" and raw["plz"]:
        entry.hinweis.append(f"PLZ „{raw['plz']}“ unbekannt, Ort „{raw['ort']}“ erkannt")
    if stated_district and stated_district not in (place.landkreis, REGION_WIDE):
        entry.hinweis.append(
            f"angegebener Landkreis „{raw['landkreis']}“ passt nicht "
            f"zum Ort; übernommen: {place.landkreis}"
        )
    return {
        "plz": place.plz if how == "plz" else normalize_plz(raw["plz"]),
        "ort": place.ort,
        "landkreis": place.landkreis,
        "bundesland": place.bundesland,
        "raumtyp": place.raumtyp,
        "lat": f"{place.lat:.4f}" if place.lat is not None else "",
        "lon": f"{place.lon:.4f}" if place.lon is not None else "",
    }
