"""Networks: rows of one network merged, networks named elsewhere added, coordination linked.

Networks named only in the mapping or in free text are added (logged as ``ergänzt``).

Rows whose names have the same key after the alias table are one network; their facts are
united (first type and district stated, all topics and target groups). Topics and target
groups go through the vocabularies; unknown values are kept and noted.
"""

from __future__ import annotations

from bildungsnetz.ingest.review import review_new_network
from bildungsnetz.ingest.staging import ADDED, KEPT, MERGED, NETWORK_FIELDS, LogEntry, row_entry
from bildungsnetz.ingest.state import CleaningState, NamedRow, display_name
from bildungsnetz.text import name_key, normalize_name, split_list, stable_id

#: Why a network named in the mapping (not in free text) is added.
DECLARED_ONLY = "nur in der Zuordnung genannt, ohne Eintrag im Netzwerkregister"


def clean_networks(state: CleaningState) -> None:
    """Merge the staged network rows into networks (``state.network_by_key``).

    Each raw row gets one log line.

    Parameters
    ----------
    state : CleaningState
        Receives the networks and their log lines.
    """
    for key, rows in state.group_by_name(
        state.staged.netzwerke, "netzwerk", "des Netzwerks"
    ).items():
        display = display_name(rows)
        facts = _new_network(stable_id("N", display), display)
        for i, row in enumerate(rows):
            entry = _merge_row(state, facts, row, first_row=rows[0] if i else None)
            facts["_entry"] = facts["_entry"] or entry
            state.log.append(entry)
        facts["bundesland"] = state.ref.state_of(facts["landkreis"])
        state.network_by_key[key] = facts


def add_network(state: CleaningState, name: str, datei: str, zeile, grund: str) -> dict:
    """Add a network that has no row of its own (named in the mapping or in free text).

    Parameters
    ----------
    state : CleaningState
        Receives the network and its log line (``ergänzt``).
    name : str
        The name as written (the alias table applies).
    datei, zeile
        Where it was named.
    grund : str
        Why it is added (German, for the log).

    Returns
    -------
    dict
        The network's facts, empty but for id and name.
    """
    canonical, _ = state.ref.canonical_name("netzwerk", name)
    facts = _new_network(stable_id("N", canonical), canonical)
    facts["_entry"] = LogEntry(datei, zeile, "netzwerke", name, ADDED, facts["netzwerk_id"], grund)
    state.log.append(facts["_entry"])
    state.network_by_key[name_key(canonical)] = facts
    return facts


def add_declared_networks(state: CleaningState) -> None:
    """Add the networks the mapping names that the register lacks.

    Each is proposed for review when it is alike a known one.
    """
    for name, datei, zeile in state.staged.declared_networks:
        if state.find_network(name) is None:
            network = add_network(state, name, datei, zeile, DECLARED_ONLY)
            review_new_network(state, network)


def link_coordination(state: CleaningState) -> None:
    """Set ``koordination_id`` of each network whose ``koordination`` names an actor.

    A name that is no actor of the wave is noted on the network's log line.
    """
    for facts in state.network_by_key.values():
        if not facts["koordination"]:
            continue
        actor = state.find_actor(facts["koordination"])
        if actor is None:
            facts["_entry"].hinweis.append(
                f"Koordination „{facts['koordination']}“ ist kein Akteur dieser Welle"
            )
        else:
            facts["koordination_id"] = actor["akteur_id"]


def _new_network(nid: str, name: str) -> dict:
    return {
        "netzwerk_id": nid,
        "netzwerk": name,
        "typ": "",
        "landkreis": "",
        "bundesland": "",
        "themen": [],
        "zielgruppen": [],
        "koordination": "",
        "koordination_id": "",
        "_entry": None,
    }


def _merge_row(
    state: CleaningState, facts: dict, row: NamedRow, first_row: NamedRow | None
) -> LogEntry:
    """Unite one raw row's facts into ``facts`` and return the row's log entry.

    ``first_row`` is the row it is merged into, None for the first row itself.
    """
    rec = row.rec
    entry = row_entry(rec, row.name, KEPT if first_row is None else MERGED, facts["netzwerk_id"])
    if row.via_alias:
        entry.grund = f"Name über Aliastabelle vereinheitlicht zu „{row.canonical}“"
    if first_row is not None:
        why = f"dasselbe Netzwerk wie Zeile {first_row.rec.zeile}; Angaben vereinigt"
        entry.grund = f"{why}; {entry.grund}" if entry.grund else why
    values = {f: normalize_name(rec.values.get(f)) for f in NETWORK_FIELDS}
    facts["typ"] = facts["typ"] or values["typ"]
    facts["koordination"] = facts["koordination"] or values["koordination"]
    if values["landkreis"]:
        district = state.ref.district(values["landkreis"])
        if district is None:
            entry.hinweis.append(f"unbekannter Landkreis „{values['landkreis']}“")
        elif not facts["landkreis"]:
            facts["landkreis"] = district
    for art, column in (("thema", "themen"), ("zielgruppe", "zielgruppen")):
        items = _vocabulary_list(state, art, rec.values.get(column, ""), entry)
        facts[column] = sorted(set(facts[column]) | set(items))
    return entry


def _vocabulary_list(state: CleaningState, art: str, value: str, entry: LogEntry) -> list[str]:
    """A list cell as sorted canonical vocabulary values.

    Items are separated by ``;`` or line breaks, and by commas inside an unknown item;
    unknown items are kept and noted.
    """
    out = []
    for item in split_list(value):
        canonical = state.ref.vocab(art, item)
        if canonical is not None:
            out.append(canonical)
            continue
        for part in (p.strip() for p in item.split(",") if p.strip()):
            canonical = state.ref.vocab(art, part)
            if canonical is None:
                label = "Thema" if art == "thema" else "Zielgruppe"
                entry.hinweis.append(f"unbekannte(s) {label} „{part}“ unverändert übernommen")
                canonical = part
            out.append(canonical)
    return sorted(set(out))
