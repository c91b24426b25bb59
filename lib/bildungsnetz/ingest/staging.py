"""Staged raw records and the cleaning log: what reading a wave folder hands to the cleaning.

Every form of a wave (the tidy template as CSV files or as a workbook, a survey export) is
read into one :class:`StagedWave`: its raw rows as :class:`Rec` records (with the file and row
they came from), and the first lines of the cleaning log (``bereinigung.csv``), one
:class:`LogEntry` per file read or ignored and per row that could not be read at all. The
cleaning then adds one line for every other raw row.

Accounting rule: every raw row of every data file ends with exactly one log line whose
``ergebnis`` is one of :data:`ROW_RESULTS`; entities derived from no row of their own get
lines ``ergänzt`` (:data:`ADDED`), whole files lines ``gelesen``/``ignoriert``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from bildungsnetz.config import ROLES
from bildungsnetz.ingest.readers import RawTable

#: ``ergebnis`` of a raw row: kept, merged into another row, rejected (with a reason).
KEPT, MERGED, REJECTED = "behalten", "zusammengeführt", "verworfen"
#: ``ergebnis`` of an entity named only in the mapping or in free text (no raw row of its own).
ADDED = "ergänzt"
#: ``ergebnis`` of the log lines that describe whole files.
FILE_READ, FILE_IGNORED = "gelesen", "ignoriert"
#: ``tabelle`` of the log lines that describe whole files.
FILE_TABLE = "datei"
#: The results that account for raw rows (the per-file balance counts these).
ROW_RESULTS = (KEPT, MERGED, REJECTED)

#: Fields of an actor's record that describe the institution (merged across its rows).
ACTOR_FIELDS = ["kategorie", "plz", "ort", "landkreis", "ebene", "veroeffentlichen"]
#: Personal data: read, never written to any output.
PERSONAL_FIELDS = ["ansprechperson", "email", "telefon", "token", "ipaddr"]
#: Fields of a network's record besides its name.
NETWORK_FIELDS = ["typ", "landkreis", "themen", "zielgruppen", "koordination"]
#: The role of a membership that states none: ``Mitglied``, the weakest.
DEFAULT_ROLE = ROLES[0]
#: Whether the actor answered the survey itself (issue 14): the optional column of the tidy
#: template, and its values in ``akteure.csv`` (``unbekannt``: the wave does not say).
RESPONSE_FIELD = "befragt"
RESPONDED, NOT_RESPONDED, RESPONSE_UNKNOWN = "ja", "nein", "unbekannt"
#: Fields holding lists: items are separated by ``;`` or line breaks.
LIST_COLUMNS = frozenset({"themen", "zielgruppen"})


@dataclass
class Rec:
    """A staged raw record with its provenance.

    Attributes
    ----------
    values : dict
        Field name -> cell text.
    datei, zeile, tabelle : str, int, str
        File label, row number as a spreadsheet shows it, and table of the raw row.
    ts : str
        Submit date of a survey response (ISO form); the newest complete response wins.
    logged : bool
        False for a record derived from a row that is logged elsewhere (the memberships of a
        survey response are logged with the response).
    spalte : str
        The column a derived record came from.
    freitext : bool
        Whether ``values["netzwerk"]`` is free text that may name several networks.
    hinweise : list of str
        What the reader changed in this row (carried into the row's log line).
    """

    values: dict[str, str]
    datei: str
    zeile: int
    tabelle: str
    ts: str = ""
    logged: bool = True
    spalte: str = ""
    freitext: bool = False
    hinweise: list[str] = field(default_factory=list)


@dataclass
class LogEntry:
    """One line of the cleaning log ``bereinigung.csv`` (see docs/design.md)."""

    datei: str
    zeile: int | str
    tabelle: str
    eintrag: str
    ergebnis: str
    ziel_id: str = ""
    grund: str = ""
    hinweis: list[str] = field(default_factory=list)

    def row(self) -> dict:
        """The line as a dict of the log's columns (notes joined with ``; ``)."""
        return {
            "datei": self.datei,
            "zeile": self.zeile,
            "tabelle": self.tabelle,
            "eintrag": self.eintrag,
            "ergebnis": self.ergebnis,
            "ziel_id": self.ziel_id,
            "grund": self.grund,
            "hinweis": "; ".join(self.hinweis),
        }


@dataclass
class StagedWave:
    """Raw records of one wave in a form-independent shape.

    Attributes
    ----------
    form : str
        ``csv``, ``xlsx`` (tidy template) or ``limesurvey`` (survey export).
    akteure, netzwerke, mitgliedschaften : list of Rec
        The raw rows of each table.
    kooperationen : list of Rec or None
        None when the wave has no cooperation table.
    log : list of LogEntry
        The log lines written while reading.
    raw_files : list of str
        Labels of the data files whose rows are accounted for, in reading order.
    declared_networks : list of tuple
        ``(name, datei, zeile)`` of networks the mapping names (survey export).
    unreadable_rows : list of tuple
        ``(datei, zeile, text)`` of rejected rows, kept in memory only: to point out a
        lost row when a membership names an unknown actor or network.
    """

    form: str
    akteure: list[Rec] = field(default_factory=list)
    netzwerke: list[Rec] = field(default_factory=list)
    mitgliedschaften: list[Rec] = field(default_factory=list)
    kooperationen: list[Rec] | None = None
    log: list[LogEntry] = field(default_factory=list)
    raw_files: list[str] = field(default_factory=list)
    declared_networks: list[tuple[str, str, int]] = field(default_factory=list)
    unreadable_rows: list[tuple[str, int, str]] = field(default_factory=list)


def row_entry(
    rec: Rec, eintrag: str, ergebnis: str, ziel_id: str = "", grund: str = "", hinweis=None
) -> LogEntry:
    """The log line of a raw row, carrying what the reader noted for that row.

    Parameters
    ----------
    rec : Rec
        The raw row.
    eintrag, ergebnis, ziel_id, grund : str
        The log line's columns of the same names.
    hinweis : list of str, optional
        Notes added after the reader's notes.

    Returns
    -------
    LogEntry
    """
    return LogEntry(
        rec.datei,
        rec.zeile,
        rec.tabelle,
        eintrag,
        ergebnis,
        ziel_id,
        grund,
        [*rec.hinweise, *(hinweis or [])],
    )


def file_entry(label: str, ergebnis: str, grund: str, notes=()) -> LogEntry:
    """The log line of a whole file: ``ergebnis`` is :data:`FILE_READ` or :data:`FILE_IGNORED`.

    Parameters
    ----------
    label : str
        The file as named in the log (relative to the data folder).
    ergebnis, grund : str
        What happened to the file, and what it is or why it is not read.
    notes : iterable of str
        What was decided for the whole file (encoding, delimiter, unused columns, ...).

    Returns
    -------
    LogEntry
    """
    return LogEntry(
        label, "", FILE_TABLE, label.rsplit("/", 1)[-1], ergebnis, grund=grund, hinweis=list(notes)
    )


def stage_file(
    table: RawTable, tabelle: str, staged: StagedWave, name_column: str, what: str
) -> None:
    """Account for a data file: its line ``gelesen``, its blank and unreadable rows.

    Blank rows and rows that cannot be read are rejected, each with a log line.

    Parameters
    ----------
    table : RawTable
        The file as read.
    tabelle : str
        The table its rows belong to (column ``tabelle`` of the log).
    staged : StagedWave
        Receives the file label, the log lines and the unreadable rows.
    name_column : str
        The column that names a row's entity (shown for rejected rows).
    what : str
        What the file is (column ``grund`` of its line ``gelesen``).
    """
    staged.raw_files.append(table.datei)
    staged.log.append(file_entry(table.datei, FILE_READ, what, table.file_notes))
    for zeile in table.blank_rows:
        staged.log.append(LogEntry(table.datei, zeile, tabelle, "", REJECTED, grund="leere Zeile"))
    for zeile, cells, reason in table.rejected:
        name = table.rejected_name(cells, name_column)
        staged.log.append(LogEntry(table.datei, zeile, tabelle, name, REJECTED, grund=reason))
        staged.unreadable_rows.append((table.datei, zeile, " ".join(cells)))


def stage_table(table: RawTable, tabelle: str, staged: StagedWave, name_column: str) -> list[Rec]:
    """The readable rows of a data table as records.

    The file is accounted for as well (see :func:`stage_file`).

    Parameters
    ----------
    table : RawTable
        The table as read.
    tabelle : str
        Its name (``akteure``, ``netzwerke``, ...).
    staged : StagedWave
        Receives the file's log lines.
    name_column : str
        The column that names a row's entity.

    Returns
    -------
    list of Rec
        One record per readable row, with the reader's notes for that row.
    """
    stage_file(table, tabelle, staged, name_column, f"Tabelle {tabelle}")
    return [
        Rec(values, table.datei, zeile, tabelle, hinweise=list(table.notes.get(zeile, ())))
        for zeile, values in table.rows
    ]


def accounting_table(log: pd.DataFrame) -> pd.DataFrame:
    """The per-file balance of a cleaning log: rows kept, merged, rejected and in total.

    Parameters
    ----------
    log : DataFrame
        A cleaning log (the columns of ``bereinigung.csv``).

    Returns
    -------
    DataFrame
        Columns ``datei``, ``behalten``, ``zusammengeführt``, ``verworfen``, ``gesamt``; one
        row per raw data file. Lines ``ergänzt`` (derived entities) and lines
        ``gelesen``/``ignoriert`` (whole files) describe no raw row and are left out.
    """
    log = log[log["ergebnis"].isin(ROW_RESULTS)]
    table = log.groupby(["datei", "ergebnis"]).size().unstack(fill_value=0)
    table = table.reindex(columns=[KEPT, MERGED, REJECTED], fill_value=0)
    table["gesamt"] = table.sum(axis=1)
    table.columns.name = None
    return table.reset_index()
