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


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
                 "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m.%y %H:%M:%S",
                 "%d.%m.%y %H:%M", "%d.%m.%y")


def parse_timestamp(text: str):
    """A submit date in ISO form (``2025-03-19 10:22:33``, as LimeSurvey writes it) or German
    form (``19.03.2025 10:22``, as Excel writes it after opening the export), as a
    ``datetime``; None when it is neither. Fractions of seconds and a ``T`` are accepted."""
    from datetime import datetime

    value = normalize_name(text)
    value = re.sub(r"(\d{2}:\d{2}:\d{2})[.,]\d+", r"\1", value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def stage_limesurvey(files, base: Path):
    """Read a survey-export wave folder (sorted by ``clean.survey_files``) into a
    StagedWave (see clean.py)."""
    from .clean import FILE_READ, REJECTED, LogEntry, Rec, StagedWave, _file_entry, _records

    mapping_path = files.tables["zuordnung"]
    register_path = files.tables.get("register")
    export_path = files.tables["export"]
    mapping = read_csv_table(mapping_path, _rel(mapping_path, base))
    mapping.require(["code", "feld"])
    mapping.note_unused_columns(["code", "feld", "wert", "text", "hinweis", "kommentar"])
    export = read_csv_table(export_path, _rel(export_path, base), multiline=True)
    export.require(["submitdate"])

    staged = StagedWave(form="limesurvey")
    staged.log.append(_file_entry(mapping.datei, FILE_READ, "Zuordnung der Fragecodes",
                                  mapping.file_notes))
    for path in files.structure:
        staged.log.append(_file_entry(_rel(path, base), "ignoriert",
                                      "Umfragestruktur (LimeSurvey) – wird für die Bereinigung "
                                      "nicht benötigt"))
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

    used = set(fields.values()) | {c for c, *_ in choices} | {c for c, _ in free}
    export.note_unused_columns(used | {"submitdate", "id", "lastpage", "startlanguage",
                                       "seed", "token", "startdate", "datestamp", "ipaddr",
                                       "refurl"})
    staged.raw_files.append(export.datei)
    staged.log.append(_file_entry(export.datei, FILE_READ, "Umfrage-Export (Antworten)",
                                  export.file_notes))
    for zeile in export.blank_rows:
        staged.log.append(LogEntry(export.datei, zeile, "antworten", "", REJECTED,
                                   grund="leere Zeile"))
    for zeile, cells, reason in export.rejected:
        name = export.rejected_name(cells, fields["akteur"])
        staged.log.append(LogEntry(export.datei, zeile, "antworten", name, REJECTED,
                                   grund=reason))
        staged.unreadable_rows.append((export.datei, zeile, " ".join(cells)))
    for zeile, row in export.rows:
        name = normalize_name(row.get(fields["akteur"]))
        hints = list(export.notes.get(zeile, ()))
        submitted = normalize_name(row.get("submitdate"))
        if not submitted:
            lastpage = normalize_name(row.get("lastpage")) or "?"
            staged.log.append(LogEntry(
                export.datei, zeile, "antworten", name, REJECTED,
                grund=f"unvollständige Antwort (nicht abgeschickt, letzte Seite {lastpage})",
                hinweis=hints))
            continue
        when = parse_timestamp(submitted)
        if when is None:
            hints.append(f"Abschickdatum „{submitted}“ nicht lesbar – gilt als älteste Antwort")
            ts = ""
        else:
            ts = when.isoformat()
        values = {f: row.get(col, "") for f, col in fields.items()}
        rec = Rec(values, export.datei, zeile, "antworten", ts=ts or "0000", hinweise=hints)
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
