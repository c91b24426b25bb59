"""The tidy template -> staged records.

The template is CSV files or one workbook with the tables ``akteure``, ``netzwerke``,
``mitgliedschaften`` and optionally ``kooperationen``.

Required and optional columns: README, „Pflichtangaben und optionale Spalten“. Columns that
no table uses are named in the file's log line.
"""

from __future__ import annotations

from pathlib import Path

from bildungsnetz.config import relative_label
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.files import TIDY_TABLES, WaveFiles
from bildungsnetz.ingest.readers import RawTable, read_csv_table, read_xlsx_tables
from bildungsnetz.ingest.staging import (
    ACTOR_FIELDS,
    FILE_READ,
    LIST_COLUMNS,
    NETWORK_FIELDS,
    PERSONAL_FIELDS,
    RESPONSE_FIELD,
    Rec,
    StagedWave,
    file_entry,
    stage_table,
)
from bildungsnetz.text import normalize_name, parse_yes_no

#: Required columns per table; the first one names a row's entity.
TIDY_REQUIRED = {
    "akteure": ["akteur"],
    "netzwerke": ["netzwerk"],
    "mitgliedschaften": ["akteur", "netzwerk"],
    "kooperationen": ["von", "an"],
}
#: The columns each table may have (others are noted as unused).
TIDY_COLUMNS = {
    "akteure": ["akteur", *ACTOR_FIELDS, RESPONSE_FIELD, *PERSONAL_FIELDS[:3]],
    "netzwerke": ["netzwerk", *NETWORK_FIELDS],
    "mitgliedschaften": ["akteur", "netzwerk", "rolle"],
    "kooperationen": ["von", "an", "intensitaet"],
}


def stage_template(files: WaveFiles, folder: Path, base: Path) -> StagedWave:
    """Read a tidy-template wave folder (sorted by :func:`files.survey_files`).

    Parameters
    ----------
    files : WaveFiles
        The folder's files, ``form`` ``csv`` or ``xlsx``.
    folder : Path
        The wave folder.
    base : Path
        Files are named relative to it in messages and in the log.

    Returns
    -------
    StagedWave
        The rows of every table; the log says which files were read.

    Raises
    ------
    BildungsnetzError
        When a table is missing, empty or lacks a required column, or a file cannot be read.
    """
    if files.form == "xlsx":
        book = files.tables["arbeitsmappe"]
        label = relative_label(book, base)
        tables, skipped = read_xlsx_tables(
            book, label, sheets=TIDY_TABLES, list_columns=LIST_COLUMNS
        )
        staged = stage_tidy(tables, label, form="xlsx")
        staged.log.insert(0, file_entry(label, FILE_READ, "Excel-Mappe der Vorlage", skipped))
        return staged
    tables = {
        name: read_csv_table(path, relative_label(path, base), multiline=LIST_COLUMNS)
        for name, path in files.tables.items()
    }
    return stage_tidy(tables, relative_label(folder, base), form="csv")


def stage_tidy(tables: dict[str, RawTable], where: str, form: str) -> StagedWave:
    """Stage the tables of the tidy template, each checked for its required columns.

    Parameters
    ----------
    tables : dict of str to RawTable
        The tables by name (file stem or sheet name, case-folded).
    where : str
        Where the tables were looked for (named when one is missing).
    form : str
        ``csv`` or ``xlsx``.

    Returns
    -------
    StagedWave
    """
    for name in ("akteure", "netzwerke", "mitgliedschaften"):
        if name not in tables:
            raise BildungsnetzError(
                f"Die Tabelle „{name}“ fehlt (erwartet als {name}.csv oder als Blatt "
                f"„{name}“ der Excel-Mappe).",
                datei=where,
            )
    for name, table in tables.items():
        if name in TIDY_REQUIRED:
            if not table.columns:
                raise BildungsnetzError(
                    "Die Tabelle ist leer (keine Kopfzeile).", datei=table.datei
                )
            table.require(TIDY_REQUIRED[name])
            table.note_unused_columns(TIDY_COLUMNS[name])
    staged = StagedWave(form=form)
    for name in TIDY_TABLES:
        if name in tables:
            records = stage_table(tables[name], name, staged, TIDY_REQUIRED[name][0])
            setattr(staged, name, records)
    check_responded(staged.akteure)
    return staged


def check_responded(records: list[Rec]) -> None:
    """Read the optional column ``befragt`` of the actor rows: ``ja``, ``nein`` or empty.

    Every spelling :func:`bildungsnetz.text.parse_yes_no` knows is accepted (``Ja``, ``x``,
    ``1``, ``n`` …) and written back as ``ja``/``nein``; an empty cell stays empty (the
    cleaning makes it ``unbekannt``).

    Raises
    ------
    BildungsnetzError
        For any other value, naming file, row and column.
    """
    for rec in records:
        raw = normalize_name(rec.values.get(RESPONSE_FIELD))
        if not raw:
            continue
        answered = parse_yes_no(raw)
        if answered is None:
            raise BildungsnetzError(
                f"Unbekannte Angabe „{raw}“ in der Spalte „{RESPONSE_FIELD}“. Erlaubt sind "
                "„ja“ (die Institution hat selbst geantwortet), „nein“ (nur aus Angaben "
                "anderer bekannt) oder ein leeres Feld (unbekannt).",
                datei=rec.datei,
                zeile=rec.zeile,
                spalte=RESPONSE_FIELD,
            )
        rec.values[RESPONSE_FIELD] = "ja" if answered else "nein"
