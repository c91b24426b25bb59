"""What a correct cleaning of each demo wave must give (``erwartet_nach_bereinigung``).

Computed from the raw rows as written, with the rules of the cleaning: names unified by
``name_key`` and the alias table (not by fuzzy matching), incomplete survey responses
dropped, several responses of one institution merged. Raises if a membership or a
cooperation would not resolve – the demo's mess must never make the cleaning fail.
"""

from __future__ import annotations

import re

from bildungsnetz.demo.cached import name_key, normalize_name
from bildungsnetz.demo.messy import Rows
from bildungsnetz.demo.tables import AKTEURE_COLS
from bildungsnetz.demo.world import World
from bildungsnetz.errors import BildungsnetzError


def _keyer(world: World):
    def key(art: str, name: str) -> str:
        return name_key(world.names.canonical(art, name))

    return key


def expected_tidy(world: World, rows: Rows) -> dict:
    """Counts after cleaning a wave of the tidy template."""
    key = _keyer(world)
    actors = {key("akteur", r["akteur"]) for r in rows.akteure if normalize_name(r["akteur"])}
    nets = {key("netzwerk", r["netzwerk"]) for r in rows.netzwerke}
    pairs = set()
    for r in rows.mitgliedschaften:
        a, n = key("akteur", r["akteur"]), key("netzwerk", r["netzwerk"])
        if a not in actors or n not in nets:
            raise BildungsnetzError(f"Demodaten: Mitgliedschaft nicht auflösbar: {r}")
        pairs.add((a, n))
    coops = set()
    for r in rows.kooperationen:
        a, b = key("akteur", r["von"]), key("akteur", r["an"])
        if a not in actors or b not in actors:
            raise BildungsnetzError(f"Demodaten: Kooperation nicht auflösbar: {r}")
        if a != b:
            coops.add((a, b))
    return {
        "akteure": len(actors),
        "netzwerke": len(nets),
        "mitgliedschaften": len(pairs),
        "kooperationen": len(coops),
        "regel": "Namen über name_key und aliase.csv vereinheitlicht, unscharfe Dubletten "
        "NICHT zusammengeführt (je eigene Kennung).",
    }


def expected_limesurvey(world: World, table: list, zuordnung: list, register: list) -> dict:
    """Counts after cleaning the LimeSurvey wave (export rows, mapping, network register)."""
    key = _keyer(world)
    fields = {z["feld"]: z["code"] for z in zuordnung if z["feld"] in AKTEURE_COLS}
    options = {
        z["code"]: z["wert"] for z in zuordnung if z["feld"] in ("mitglied", "leitung", "gastgeber")
    }
    nets = {key("netzwerk", r["netzwerk"]) for r in register}
    nets |= {key("netzwerk", w) for w in options.values()}
    actors, pairs = set(), set()
    for rec in table:
        if not rec["submitdate"]:
            continue
        a = key("akteur", rec[fields["akteur"]])
        actors.add(a)
        for code, value in rec.items():  # a record holds its non-empty columns
            if value == "Y" and code in options:
                pairs.add((a, key("netzwerk", options[code])))
        for item in re.split(r"\s*(?:;|\n)\s*", rec["N1[other]"]):
            item = normalize_name(item)
            if item and item not in ("-", "keine", "nein"):
                nets.add(key("netzwerk", item))
                pairs.add((a, key("netzwerk", item)))
    # coordinators without a response: added with befragt = nein and the role Leitung
    respondents = set(actors)
    for r in register:
        coordinator = key("akteur", r["koordination"]) if r["koordination"] else ""
        if coordinator and coordinator not in respondents:
            actors.add(coordinator)
            pairs.add((coordinator, key("netzwerk", r["netzwerk"])))
    return {
        "akteure": len(actors),
        "netzwerke": len(nets),
        "mitgliedschaften": len(pairs),
        "kooperationen": None,
        "antworten": len(table),
        "antworten_vollstaendig": sum(1 for r in table if r["submitdate"]),
        "nicht_befragt_aus_register": len(actors - respondents),
        "regel": "unvollständige Antworten (submitdate leer) verworfen; mehrere Antworten "
        "derselben Institution (name_key/aliase.csv) zusammengeführt; Netzwerke "
        "nur im Freitext werden eigene Netzwerke; unscharfe Dubletten NICHT "
        "zusammengeführt; wer nicht geantwortet hat, aber im Netzwerkregister als "
        "Koordination steht, wird als Akteur ergänzt (befragt = nein, Rolle Leitung).",
    }
