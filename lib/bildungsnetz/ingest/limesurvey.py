"""Survey-tool exports (LimeSurvey CSV with question codes) -> staged tidy records.

A wave folder in this form holds the response export, ``zuordnung.csv`` (which question code
feeds which field; see docs/design.md and ``mapping``), optionally ``netzwerke.csv`` (the
office's network register in the tidy form) and the survey structure (``.lss``), whose answer
options turn list answers into their labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bildungsnetz.config import relative_label
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.lss import read_lss
from bildungsnetz.ingest.readers import read_csv_table
from bildungsnetz.text import normalize_name

VALUE_FIELDS = {"akteur", "kategorie", "plz", "ort", "landkreis", "ebene", "veroeffentlichen",
                "ansprechperson", "email", "telefon", "token"}
SYSTEM_COLUMNS = {"submitdate", "id", "lastpage", "startlanguage", "seed", "token", "startdate",
                  "datestamp", "ipaddr", "refurl"}
MAPPING_COLUMNS = ["code", "feld", "wert", "antworten", "frage", "text", "hinweis", "kommentar"]
ROLE_FIELDS = {"mitglied": "Mitglied", "gastgeber": "Gastgeber", "leitung": "Leitung"}
FREE_FIELDS = {"netzwerk_sonstige"}
CHOSEN = {"y", "yes", "ja", "1", "x", "j"}


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


def parse_answer_labels(text: str) -> dict[str, str]:
    """``A1=Kammer; A2=Hochschule`` (column ``antworten`` of the mapping) as a dict."""
    labels = {}
    for part in re.split(r"\s*[;\n]\s*", text or ""):
        code, sep, label = part.partition("=")
        if sep and code.strip() and label.strip():
            labels[code.strip()] = normalize_name(label)
    return labels


@dataclass
class ValueField:
    """How one value field is read from the export: its column, the answer labels of a list
    question (code -> label) and the column of its "other" text."""

    column: str
    code: str
    labels: dict = field(default_factory=dict)
    other: str | None = None

    def value(self, row: dict, hints: list) -> str:
        raw = normalize_name(row.get(self.column))
        if not raw or not self.labels:
            return raw
        if raw == "-oth-":
            text = normalize_name(row.get(self.other)) if self.other else ""
            if not text:
                hints.append(f"Antwort „Sonstiges“ in {self.code} ohne Freitext")
            return text
        if raw in self.labels:
            return self.labels[raw]
        if raw.casefold() in {label.casefold() for label in self.labels.values()}:
            return raw        # an export with full answers instead of codes
        hints.append(f"Antwortcode „{raw}“ in {self.code} ist in der Umfragestruktur bzw. der "
                     "Zuordnung nicht bekannt – unverändert übernommen")
        return raw


def stage_limesurvey(files, base: Path):
    """Read a survey-export wave folder (sorted by ``clean.survey_files``) into a
    StagedWave (see clean.py).

    List answers become their labels (column ``antworten`` of the mapping, else the answer
    options of the ``.lss`` beside the export); ``-oth-`` takes the question's "other" text.
    With a mapped ``token``, an older complete response of the same token is replaced by the
    newest one; without, responses are told apart by the institution's name only (see
    ``clean``). Free text naming further networks is passed on whole and split in ``clean``,
    where the known networks are at hand.
    """
    from bildungsnetz.ingest.clean import (FILE_IGNORED, FILE_READ, REJECTED, LogEntry, Rec, StagedWave,
                        _file_entry, _records)

    mapping_path = files.tables["zuordnung"]
    register_path = files.tables.get("register")
    export_path = files.tables["export"]
    mapping = read_csv_table(mapping_path, relative_label(mapping_path, base))
    mapping.require(["code", "feld"])
    mapping.note_unused_columns(MAPPING_COLUMNS)
    export = read_csv_table(export_path, relative_label(export_path, base), multiline=True)
    export.require(["submitdate"])

    staged = StagedWave(form="limesurvey")
    staged.log.append(_file_entry(mapping.datei, FILE_READ, "Zuordnung der Fragecodes",
                                  mapping.file_notes))
    survey = None
    if len(files.structure) > 1:
        raise BildungsnetzError(
            "Mehrere Umfragestrukturen im Wellenordner: " + ", ".join(
                p.name for p in files.structure) + ". Bitte nur die passende liegen lassen.",
            datei=relative_label(export_path.parent, base))
    for path in files.structure:
        if path.suffix.casefold() != ".lss":
            staged.log.append(_file_entry(relative_label(path, base), FILE_IGNORED,
                                          "Fragen- bzw. Gruppendatei von LimeSurvey – "
                                          "gelesen wird nur die Umfragestruktur (.lss)"))
            continue
        survey = read_lss(path, relative_label(path, base))
        staged.log.append(_file_entry(relative_label(path, base), FILE_READ,
                                      "Umfragestruktur (LimeSurvey): Antwortoptionen",
                                      [f"{len(survey.questions)} Fragen, Sprache "
                                       f"{survey.language or '?'}"]))

    fields: dict[str, ValueField] = {}
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
        if not feld:
            continue    # listed in the drafted mapping, deliberately not used
        column = code.casefold()
        if column not in export.columns:
            raise BildungsnetzError(
                f"Die Zuordnung nennt den Fragecode „{code}“, den der Export "
                f"{export.datei} nicht enthält. Fragecodes sind die vollständigen "
                "Spaltenüberschriften des Exports, z. B. „N1[SQ001]“.", datei=mapping.datei,
                zeile=zeile, spalte="code")
        if feld in VALUE_FIELDS:
            if feld in fields:
                raise BildungsnetzError(f"Das Feld „{feld}“ ist zweimal zugeordnet.",
                                        datei=mapping.datei, zeile=zeile, spalte="feld")
            labels = parse_answer_labels(row.get("antworten", ""))
            if wert:
                pairs = parse_answer_labels(wert)
                if not pairs:
                    raise BildungsnetzError(
                        f"Für das Feld „{feld}“ wird „wert“ nicht verwendet. Antwortcodes "
                        "und ihre Bedeutung gehören in die Spalte „antworten“, z. B. "
                        "„A1=Kammer; A2=Schule“.", datei=mapping.datei, zeile=zeile,
                        spalte="wert")
                labels = {**pairs, **labels}
            question = survey.lookup(code)[0] if survey is not None else None
            if question is not None and question.answers:
                labels = {**question.answers, **labels}
            other = f"{column}[other]"
            fields[feld] = ValueField(column, code, labels,
                                      other if other in export.columns else None)
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
            raise BildungsnetzError(f"Unbekanntes Feld „{feld}“. Erlaubt: {known} (oder leer: "
                                    "Spalte wird nicht verwendet).", datei=mapping.datei,
                                    zeile=zeile, spalte="feld")
    if "akteur" not in fields:
        raise BildungsnetzError("Die Zuordnung muss einen Fragecode dem Feld „akteur“ "
                                "zuordnen (Name der Institution).", datei=mapping.datei,
                                spalte="feld")

    if register_path is not None:
        register = read_csv_table(register_path, relative_label(register_path, base),
                                  multiline=frozenset({"themen", "zielgruppen"}))
        if not register.columns:
            raise BildungsnetzError("Die Tabelle ist leer (keine Kopfzeile).",
                                    datei=register.datei)
        register.require(["netzwerk"])
        staged.netzwerke = _records(register, "netzwerke", staged)

    used = ({f.column for f in fields.values()} | {f.other for f in fields.values() if f.other}
            | {c for c, *_ in choices} | {c for c, _ in free})
    export.note_unused_columns(used | SYSTEM_COLUMNS)
    staged.raw_files.append(export.datei)
    staged.log.append(_file_entry(export.datei, FILE_READ, "Umfrage-Export (Antworten)",
                                  export.file_notes))
    for zeile in export.blank_rows:
        staged.log.append(LogEntry(export.datei, zeile, "antworten", "", REJECTED,
                                   grund="leere Zeile"))
    for zeile, cells, reason in export.rejected:
        name = export.rejected_name(cells, fields["akteur"].column)
        staged.log.append(LogEntry(export.datei, zeile, "antworten", name, REJECTED,
                                   grund=reason))
        staged.unreadable_rows.append((export.datei, zeile, " ".join(cells)))

    complete = []
    for zeile, row in export.rows:
        hints = list(export.notes.get(zeile, ()))
        name = fields["akteur"].value(row, hints)
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
        complete.append((zeile, row, name, hints, when.isoformat() if when else "0000"))

    token_field = fields.get("token")
    replaced = _repeats_by_token(complete, token_field)
    for zeile, row, name, hints, ts in complete:
        if zeile in replaced:
            staged.log.append(LogEntry(
                export.datei, zeile, "antworten", name, REJECTED,
                grund=f"ältere Antwort derselben teilnehmenden Person (gleicher Zugangsschlüssel);"
                      f" ersetzt durch die neueste Antwort in Zeile {replaced[zeile]}",
                hinweis=hints))
            continue
        values = {f: spec.value(row, hints) for f, spec in fields.items() if f != "token"}
        rec = Rec(values, export.datei, zeile, "antworten", ts=ts, hinweise=hints)
        staged.akteure.append(rec)
        if not name:
            continue  # rejected in the actor step; its memberships have no actor
        for column, role, network, code in choices:
            if normalize_name(row.get(column)).casefold() in CHOSEN:
                staged.mitgliedschaften.append(Rec(
                    {"akteur": name, "netzwerk": network, "rolle": role}, export.datei, zeile,
                    "antworten", logged=False, spalte=code))
        for column, code in free:
            text = row.get(column, "") or ""
            if text.strip():
                staged.mitgliedschaften.append(Rec(
                    {"akteur": name, "netzwerk": text, "rolle": "Mitglied"}, export.datei,
                    zeile, "antworten", logged=False, spalte=code, freitext=True))
    return staged


def _repeats_by_token(complete: list, token_field) -> dict[int, int]:
    """Rows of older complete responses that share a token with a newer one -> the row of
    the newest (which replaces them). Empty when no token is mapped."""
    if token_field is None:
        return {}
    groups: dict[str, list] = {}
    for zeile, row, _name, _hints, ts in complete:
        token = normalize_name(row.get(token_field.column))
        if token:
            groups.setdefault(token, []).append((ts, zeile))
    replaced = {}
    for items in groups.values():
        if len(items) < 2:
            continue
        newest = max(items)[1]     # latest submit date; on a tie the later row
        for _, zeile in items:
            if zeile != newest:
                replaced[zeile] = newest
    return replaced
