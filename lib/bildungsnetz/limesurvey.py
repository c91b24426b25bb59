"""Survey-tool exports (LimeSurvey CSV with question codes) -> staged tidy records.

A wave folder in this form holds the response export, ``zuordnung.csv`` (which question code
feeds which field; see docs/design.md) and optionally ``netzwerke.csv`` (the office's
network register in the tidy form).
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BildungsnetzError
from .readers import read_csv_table
from .text import normalize_name

VALUE_FIELDS = {"akteur", "kategorie", "plz", "ort", "landkreis", "ebene", "veroeffentlichen",
                "ansprechperson", "email", "telefon"}
ROLE_FIELDS = {"mitglied": "Mitglied", "gastgeber": "Gastgeber", "leitung": "Leitung"}
FREE_FIELDS = {"netzwerk_sonstige"}
CHOSEN = {"y", "yes", "ja", "1", "x", "j"}
_FREE_SPLIT = re.compile(r"\s*(?:;|\n)\s*")


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def stage_limesurvey(folder: Path, base: Path):
    """Read a survey-export wave folder into a StagedWave (see clean.py)."""
    from .clean import REJECTED, LogEntry, Rec, StagedWave, _records

    files = sorted(p for p in folder.iterdir() if p.is_file())
    mapping_path = next(p for p in files if p.name.casefold() == "zuordnung.csv")
    register_path = next((p for p in files if p.name.casefold() == "netzwerke.csv"), None)
    exports = [p for p in files if p.suffix.casefold() == ".csv"
               and p not in (mapping_path, register_path)]
    if len(exports) != 1:
        found = ", ".join(p.name for p in exports) or "keine"
        raise BildungsnetzError(
            "Neben zuordnung.csv wird genau ein Umfrage-Export (CSV) erwartet; gefunden: "
            f"{found}.", datei=_rel(folder, base))
    export_path = exports[0]
    mapping = read_csv_table(mapping_path, _rel(mapping_path, base))
    mapping.require(["code", "feld"])
    export = read_csv_table(export_path, _rel(export_path, base))
    export.require(["submitdate"])

    staged = StagedWave(form="limesurvey")
    fields: dict[str, str] = {}           # field -> export column
    choices: list[tuple[str, str, str, str]] = []   # (column, role, network, code)
    free: list[tuple[str, str]] = []                # (column, code)
    seen_networks = set()
    for zeile, row in mapping.rows:
        code = normalize_name(row.get("code"))
        feld = normalize_name(row.get("feld")).casefold()
        wert = normalize_name(row.get("wert"))
        if not code:
            raise BildungsnetzError("Fragecode fehlt.", datei=mapping.datei, zeile=zeile,
                                    spalte="code")
        column = code.casefold()
        if column not in export.columns:
            raise BildungsnetzError(
                f"Die Zuordnung nennt den Fragecode „{code}“, den der Export "
                f"{export.datei} nicht enthält.", datei=mapping.datei, zeile=zeile,
                spalte="code")
        if feld in VALUE_FIELDS:
            if feld in fields:
                raise BildungsnetzError(f"Das Feld „{feld}“ ist zweimal zugeordnet.",
                                        datei=mapping.datei, zeile=zeile, spalte="feld")
            fields[feld] = column
        elif feld in ROLE_FIELDS:
            if not wert:
                raise BildungsnetzError("Für eine Netzwerk-Option fehlt der Netzwerkname.",
                                        datei=mapping.datei, zeile=zeile, spalte="wert")
            choices.append((column, ROLE_FIELDS[feld], wert, code))
            if wert.casefold() not in seen_networks:
                seen_networks.add(wert.casefold())
                staged.declared_networks.append((wert, mapping.datei, zeile))
        elif feld in FREE_FIELDS:
            free.append((column, code))
        else:
            known = ", ".join(sorted(VALUE_FIELDS | set(ROLE_FIELDS) | FREE_FIELDS))
            raise BildungsnetzError(f"Unbekanntes Feld „{feld}“. Erlaubt: {known}.",
                                    datei=mapping.datei, zeile=zeile, spalte="feld")
    if "akteur" not in fields:
        raise BildungsnetzError("Die Zuordnung muss einen Fragecode dem Feld „akteur“ "
                                "zuordnen.", datei=mapping.datei, spalte="feld")

    if register_path is not None:
        register = read_csv_table(register_path, _rel(register_path, base))
        if not register.columns:
            raise BildungsnetzError("Die Tabelle ist leer (keine Kopfzeile).",
                                    datei=register.datei)
        register.require(["netzwerk"])
        staged.netzwerke = _records(register, "netzwerke", staged)

    staged.raw_files.append(export.datei)
    for zeile in export.blank_rows:
        staged.log.append(LogEntry(export.datei, zeile, "antworten", "", REJECTED,
                                   grund="leere Zeile"))
    for zeile, row in export.rows:
        name = normalize_name(row.get(fields["akteur"]))
        if not normalize_name(row.get("submitdate")):
            lastpage = normalize_name(row.get("lastpage")) or "?"
            staged.log.append(LogEntry(
                export.datei, zeile, "antworten", name, REJECTED,
                grund=f"unvollständige Antwort (nicht abgeschickt, letzte Seite {lastpage})"))
            continue
        values = {f: row.get(col, "") for f, col in fields.items()}
        rec = Rec(values, export.datei, zeile, "antworten", ts=normalize_name(row["submitdate"]))
        staged.akteure.append(rec)
        if not name:
            continue  # rejected in the actor step; its memberships have no actor
        for column, role, network, code in choices:
            if normalize_name(row.get(column)).casefold() in CHOSEN:
                staged.mitgliedschaften.append(Rec(
                    {"akteur": name, "netzwerk": network, "rolle": role}, export.datei, zeile,
                    "antworten", logged=False, spalte=code))
        for column, code in free:
            for item in _FREE_SPLIT.split(row.get(column, "") or ""):
                item = normalize_name(item)
                if item and item not in ("-", "keine", "nein"):
                    staged.mitgliedschaften.append(Rec(
                        {"akteur": name, "netzwerk": item, "rolle": "Mitglied"}, export.datei,
                        zeile, "antworten", logged=False, spalte=code, freitext=True))
    return staged
