"""Survey-tool exports (LimeSurvey CSV with question codes) -> staged tidy records.

A wave folder in this form holds the response export, ``zuordnung.csv`` (which question code
feeds which field; see docs/design.md and ``mapping``), optionally ``netzwerke.csv`` (the
office's network register in the tidy form) and the survey structure (``.lss``), whose answer
options turn list answers into their labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bildungsnetz.config import relative_label
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.files import WaveFiles
from bildungsnetz.ingest.lss import Survey, read_lss
from bildungsnetz.ingest.mapping import (
    FREE_FIELDS,
    KNOWN_MAPPING_COLUMNS,
    ROLE_FIELDS,
    SYSTEM_COLUMNS,
    VALUE_FIELDS,
    parse_answer_labels,
)
from bildungsnetz.ingest.readers import RawTable, read_csv_table
from bildungsnetz.ingest.staging import (
    DEFAULT_ROLE,
    FILE_IGNORED,
    FILE_READ,
    LIST_COLUMNS,
    REJECTED,
    RESPONDED,
    RESPONSE_FIELD,
    LogEntry,
    Rec,
    StagedWave,
    file_entry,
    stage_file,
    stage_table,
)
from bildungsnetz.text import normalize_name, parse_yes_no

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d.%m.%y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%d.%m.%y",
)


def parse_timestamp(text: str) -> datetime | None:
    """A submit date as a ``datetime``; None when it is in no known form.

    Accepted are the ISO form (``2025-03-19 10:22:33``, as LimeSurvey writes it) and the
    German form (``19.03.2025 10:22``, as Excel writes it after opening the export), with or
    without seconds, fractions of seconds and a ``T``.
    """
    value = normalize_name(text)
    value = re.sub(r"(\d{2}:\d{2}:\d{2})[.,]\d+", r"\1", value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    return None


@dataclass
class ValueField:
    """How one value field is read from the export.

    Attributes
    ----------
    column : str
        The export column (case-folded heading).
    code : str
        The heading as the mapping names it (for messages).
    labels : dict
        Answer code -> label of a list question (empty: the value is taken as it is).
    other : str or None
        The column of the question's "other" text.
    """

    column: str
    code: str
    labels: dict[str, str] = field(default_factory=dict)
    other: str | None = None

    def value(self, row: dict, hints: list) -> str:
        """The field's value in one response; what was odd about it is added to ``hints``."""
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
            return raw  # an export with full answers instead of codes
        hints.append(
            f"Antwortcode „{raw}“ in {self.code} ist in der Umfragestruktur bzw. der "
            "Zuordnung nicht bekannt – unverändert übernommen"
        )
        return raw


@dataclass
class NetworkOption:
    """A multiple-choice option column: chosen means a membership in ``network``."""

    column: str
    role: str
    network: str
    code: str


@dataclass
class ExportFields:
    """How the mapping reads the export.

    Attributes
    ----------
    values : dict of str to ValueField
        The value fields (``akteur``, ``kategorie``, ...).
    options : list of NetworkOption
        The multiple-choice options naming networks.
    free : list of tuple
        ``(column, code)`` of free text naming further networks.
    """

    values: dict[str, ValueField] = field(default_factory=dict)
    options: list[NetworkOption] = field(default_factory=list)
    free: list[tuple[str, str]] = field(default_factory=list)

    def columns(self) -> set[str]:
        """The export columns the mapping uses."""
        return (
            {f.column for f in self.values.values()}
            | {f.other for f in self.values.values() if f.other}
            | {o.column for o in self.options}
            | {c for c, _ in self.free}
        )


@dataclass
class _Response:
    """A complete (submitted) response."""

    zeile: int
    row: dict
    name: str
    hints: list
    ts: str  # submit date, ISO form; "0000" when unreadable (counts as the oldest)


def stage_limesurvey(files: WaveFiles, base: Path) -> StagedWave:
    """Read a survey-export wave folder (sorted by :func:`files.survey_files`).

    List answers become their labels (column ``antworten`` of the mapping, else the answer
    options of the ``.lss`` beside the export); ``-oth-`` takes the question's "other" text.
    With a mapped ``token``, an older complete response of the same token is replaced by the
    newest one; without, responses are told apart by the institution's name only (see
    ``clean``). Free text naming further networks is passed on whole and split in the
    cleaning, where the known networks are at hand.

    Parameters
    ----------
    files : WaveFiles
        The folder's files, ``form`` ``limesurvey``.
    base : Path
        Files are named relative to it in messages and in the log.

    Returns
    -------
    StagedWave
        One actor record per complete response (``befragt`` = ``ja``), its memberships (not
        logged on their own), the register's networks and the networks the mapping names.
        Actors who did not answer appear only where others name them: as coordinators in the
        register (``ingest.actors.add_named_coordinators``).

    Raises
    ------
    BildungsnetzError
        When the mapping does not fit the export or a file cannot be read.
    """
    mapping_path, export_path = files.tables["zuordnung"], files.tables["export"]
    mapping = read_csv_table(mapping_path, relative_label(mapping_path, base))
    mapping.require(["code", "feld"])
    mapping.note_unused_columns(KNOWN_MAPPING_COLUMNS)
    export = read_csv_table(export_path, relative_label(export_path, base), multiline=True)
    export.require(["submitdate"])

    staged = StagedWave(form="limesurvey")
    staged.log.append(
        file_entry(mapping.datei, FILE_READ, "Zuordnung der Fragecodes", mapping.file_notes)
    )
    survey = _read_structure(files, base, staged)
    fields = read_mapping(mapping, export, survey, staged)
    if "register" in files.tables:
        staged.netzwerke = _stage_register(files.tables["register"], base, staged)
    export.note_unused_columns(fields.columns() | SYSTEM_COLUMNS)
    stage_file(
        export, "antworten", staged, fields.values["akteur"].column, "Umfrage-Export (Antworten)"
    )
    _stage_responses(export, fields, staged)
    return staged


def _read_structure(files: WaveFiles, base: Path, staged: StagedWave) -> Survey | None:
    """The survey structure (``.lss``) beside the export, if any.

    Other LimeSurvey files (``.lsq``, ``.lsg``) are logged as ignored.
    """
    if len(files.structure) > 1:
        raise BildungsnetzError(
            "Mehrere Umfragestrukturen im Wellenordner: "
            + ", ".join(p.name for p in files.structure)
            + ". Bitte nur die passende liegen lassen.",
            datei=relative_label(files.tables["export"].parent, base),
        )
    survey = None
    for path in files.structure:
        label = relative_label(path, base)
        if path.suffix.casefold() != ".lss":
            staged.log.append(
                file_entry(
                    label,
                    FILE_IGNORED,
                    "Fragen- bzw. Gruppendatei von LimeSurvey – "
                    "gelesen wird nur die Umfragestruktur (.lss)",
                )
            )
            continue
        survey = read_lss(path, label)
        staged.log.append(
            file_entry(
                label,
                FILE_READ,
                "Umfragestruktur (LimeSurvey): Antwortoptionen",
                [f"{len(survey.questions)} Fragen, Sprache {survey.language or '?'}"],
            )
        )
    return survey


def read_mapping(
    mapping: RawTable, export: RawTable, survey: Survey | None, staged: StagedWave
) -> ExportFields:
    """Read ``zuordnung.csv``: which export column feeds which field.

    Parameters
    ----------
    mapping, export : RawTable
        The mapping and the export it describes.
    survey : Survey or None
        The survey structure, for the answer labels of list questions.
    staged : StagedWave
        Receives the networks the mapping names (``declared_networks``).

    Returns
    -------
    ExportFields

    Raises
    ------
    BildungsnetzError
        When a row names no or an unknown question code, an unknown field, a value field
        twice, or a network option without a network; or when no column is given the field
        ``akteur``. The message names the mapping's row and column.
    """
    fields = ExportFields()
    seen_networks = set()
    for zeile, row in mapping.rows:
        code = normalize_name(row.get("code"))
        feld = normalize_name(row.get("feld")).casefold()
        wert = normalize_name(row.get("wert"))
        where = {"datei": mapping.datei, "zeile": zeile}
        if not code:
            raise BildungsnetzError("Fragecode fehlt.", **where, spalte="code")
        if not feld:
            continue  # listed in the drafted mapping, deliberately not used
        if code.casefold() not in export.columns:
            raise BildungsnetzError(
                f"Die Zuordnung nennt den Fragecode „{code}“, den der Export "
                f"{export.datei} nicht enthält. Fragecodes sind die vollständigen "
                "Spaltenüberschriften des Exports, z. B. „N1[SQ001]“.",
                **where,
                spalte="code",
            )
        if feld in VALUE_FIELDS:
            if feld in fields.values:
                raise BildungsnetzError(
                    f"Das Feld „{feld}“ ist zweimal zugeordnet.", **where, spalte="feld"
                )
            fields.values[feld] = _value_field(
                code, feld, wert, row.get("antworten", ""), export, survey, where
            )
        elif feld in ROLE_FIELDS:
            if not wert:
                raise BildungsnetzError(
                    "Für eine Netzwerk-Option fehlt der Netzwerkname.", **where, spalte="wert"
                )
            fields.options.append(NetworkOption(code.casefold(), ROLE_FIELDS[feld], wert, code))
            if wert.casefold() not in seen_networks:
                seen_networks.add(wert.casefold())
                staged.declared_networks.append((wert, mapping.datei, zeile))
        elif feld in FREE_FIELDS:
            fields.free.append((code.casefold(), code))
        else:
            known = ", ".join(sorted({*VALUE_FIELDS, *ROLE_FIELDS, *FREE_FIELDS}))
            raise BildungsnetzError(
                f"Unbekanntes Feld „{feld}“. Erlaubt: {known} (oder leer: "
                "Spalte wird nicht verwendet).",
                **where,
                spalte="feld",
            )
    if "akteur" not in fields.values:
        raise BildungsnetzError(
            "Die Zuordnung muss einen Fragecode dem Feld „akteur“ zuordnen (Name der Institution).",
            datei=mapping.datei,
            spalte="feld",
        )
    return fields


def _value_field(
    code: str,
    feld: str,
    wert: str,
    antworten: str,
    export: RawTable,
    survey: Survey | None,
    where: dict,
) -> ValueField:
    """A value field with its answer labels.

    Labels come from ``antworten``, pairs in ``wert`` and the question's answer options in
    the ``.lss``, in this order of precedence.
    """
    labels = parse_answer_labels(antworten)
    if wert:
        pairs = parse_answer_labels(wert)
        if not pairs:
            raise BildungsnetzError(
                f"Für das Feld „{feld}“ wird „wert“ nicht verwendet. Antwortcodes "
                "und ihre Bedeutung gehören in die Spalte „antworten“, z. B. "
                "„A1=Kammer; A2=Schule“.",
                **where,
                spalte="wert",
            )
        labels = {**pairs, **labels}
    question = survey.lookup(code)[0] if survey is not None else None
    if question is not None and question.answers:
        labels = {**question.answers, **labels}
    column = code.casefold()
    other = f"{column}[other]"
    return ValueField(column, code, labels, other if other in export.columns else None)


def _stage_register(path: Path, base: Path, staged: StagedWave) -> list[Rec]:
    """The network register ``netzwerke.csv`` (tidy form) beside the export."""
    register = read_csv_table(path, relative_label(path, base), multiline=LIST_COLUMNS)
    if not register.columns:
        raise BildungsnetzError("Die Tabelle ist leer (keine Kopfzeile).", datei=register.datei)
    register.require(["netzwerk"])
    return stage_table(register, "netzwerke", staged, "netzwerk")


def _stage_responses(export: RawTable, fields: ExportFields, staged: StagedWave) -> None:
    """Stage the complete responses as actors, with the memberships they name.

    A response replaced by a newer one of the same token is rejected (logged).
    """
    complete = _complete_responses(export, fields, staged)
    replaced = _repeats_by_token(complete, fields.values.get("token"))
    for response in complete:
        if response.zeile in replaced:
            staged.log.append(
                LogEntry(
                    export.datei,
                    response.zeile,
                    "antworten",
                    response.name,
                    REJECTED,
                    grund="ältere Antwort derselben teilnehmenden Person (gleicher "
                    "Zugangsschlüssel); ersetzt durch die neueste Antwort in Zeile "
                    f"{replaced[response.zeile]}",
                    hinweis=response.hints,
                )
            )
            continue
        values = {
            f: spec.value(response.row, response.hints)
            for f, spec in fields.values.items()
            if f != "token"
        }
        values[RESPONSE_FIELD] = RESPONDED  # a kept response: the actor answered itself
        staged.akteure.append(
            Rec(
                values,
                export.datei,
                response.zeile,
                "antworten",
                ts=response.ts,
                hinweise=response.hints,
            )
        )
        if response.name:  # without a name the actor is rejected: no memberships
            staged.mitgliedschaften += _memberships(response, fields, export.datei)


def _complete_responses(
    export: RawTable, fields: ExportFields, staged: StagedWave
) -> list[_Response]:
    """The submitted responses; incomplete ones are rejected (logged)."""
    complete = []
    for zeile, row in export.rows:
        hints = list(export.notes.get(zeile, ()))
        name = fields.values["akteur"].value(row, hints)
        submitted = normalize_name(row.get("submitdate"))
        if not submitted:
            lastpage = normalize_name(row.get("lastpage")) or "?"
            staged.log.append(
                LogEntry(
                    export.datei,
                    zeile,
                    "antworten",
                    name,
                    REJECTED,
                    grund=f"unvollständige Antwort (nicht abgeschickt, letzte Seite {lastpage})",
                    hinweis=hints,
                )
            )
            continue
        when = parse_timestamp(submitted)
        if when is None:
            hints.append(f"Abschickdatum „{submitted}“ nicht lesbar – gilt als älteste Antwort")
        complete.append(_Response(zeile, row, name, hints, when.isoformat() if when else "0000"))
    return complete


def _memberships(response: _Response, fields: ExportFields, datei: str) -> list[Rec]:
    """The memberships a response names: chosen options and free text (split later)."""
    records = []
    for option in fields.options:
        if parse_yes_no(response.row.get(option.column)):
            records.append(
                Rec(
                    {"akteur": response.name, "netzwerk": option.network, "rolle": option.role},
                    datei,
                    response.zeile,
                    "antworten",
                    logged=False,
                    spalte=option.code,
                )
            )
    for column, code in fields.free:
        text = response.row.get(column, "") or ""
        if text.strip():
            records.append(
                Rec(
                    {"akteur": response.name, "netzwerk": text, "rolle": DEFAULT_ROLE},
                    datei,
                    response.zeile,
                    "antworten",
                    logged=False,
                    spalte=code,
                    freitext=True,
                )
            )
    return records


def _repeats_by_token(complete: list[_Response], token_field: ValueField | None) -> dict[int, int]:
    """Replaced responses: row -> row of the newest response with the same token.

    Empty when no token is mapped.
    """
    if token_field is None:
        return {}
    groups: dict[str, list] = {}
    for response in complete:
        token = normalize_name(response.row.get(token_field.column))
        if token:
            groups.setdefault(token, []).append((response.ts, response.zeile))
    replaced = {}
    for items in groups.values():
        if len(items) < 2:
            continue
        newest = max(items)[1]  # latest submit date; on a tie the later row
        for _, zeile in items:
            if zeile != newest:
                replaced[zeile] = newest
    return replaced
