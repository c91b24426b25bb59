"""Cleaning: one survey wave's raw files -> canonical tables with stable ids + cleaning log.

Rules (also stated in the README):

- Names are normalised (Unicode NFC, unified dashes and quotes, single spaces) and matched on
  their key (case-insensitive, spaces around ``-``/``/`` ignored). The alias table
  (``external/aliase.csv``) maps variants to canonical names, transitively. Rows whose names
  have the same key after aliasing are one institution: the first row (tidy template) or the
  newest complete response (survey export) is kept, the others are merged into it (empty
  fields filled from them, conflicting values noted).
- Likely duplicates that only fuzzy matching finds are NOT merged: they are written to
  ``dubletten_pruefen.csv`` with their similarity, for an analyst to add to the alias table
  (column ``vorschlag``) or, when they are different institutions, to
  ``external/keine_dubletten.csv`` (column ``keine_dublette``) so they are not proposed again.
- Ids are derived from the canonical name only (``text.stable_id``), so they are the same in
  every wave.
- Places are resolved through the gazetteer, postcode first, then town name. An unknown place
  keeps the district the row states (if any), otherwise an empty district; both are logged.
- Survey exports: a response without ``submitdate`` is incomplete and rejected; several
  complete responses of the same institution are merged (newest wins for the actor's facts,
  network memberships are united).
- Consent: ``veroeffentlichen`` = ja/yes/y/1/x means consent; an empty or unreadable value
  counts as *no consent* (privacy first), logged. Actors without consent get a pseudonym
  ("Bildungsträger 3": category + running number by id) in ``anzeigename``.
- Personal data (contact person, e-mail, phone, token, IP address) is read but never written.
- A membership or cooperation naming an actor or network that exists in no table stops the
  cleaning with an error naming file, row and column (tidy template). In a survey export a
  network named in free text becomes a network of its own (logged as ``ergänzt``).
- Accounting: every raw row of every data file gets exactly one line in ``bereinigung.csv``
  with ``ergebnis`` = ``behalten``, ``zusammengeführt`` or ``verworfen``; entities derived
  from no row of their own (networks named only in the mapping or in free text) get extra
  lines with ``ergebnis`` = ``ergänzt``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bildungsnetz.config import ROLE_RANK, processed_dir, relative_label
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.processed import remove_files, write_table
from bildungsnetz.ingest.readers import RawTable, read_csv_table, read_xlsx_tables, removed_from
from bildungsnetz.ingest.reference import REGION_WIDE, Reference, load_reference, normalize_plz
from bildungsnetz.safety import guard_write
from bildungsnetz.text import name_key, normalize_name, shorten, split_list, stable_id

KEPT, MERGED, REJECTED, ADDED = "behalten", "zusammengeführt", "verworfen", "ergänzt"
ACTOR_FIELDS = ["kategorie", "plz", "ort", "landkreis", "ebene", "veroeffentlichen"]
PERSONAL_FIELDS = ["ansprechperson", "email", "telefon", "token", "ipaddr"]
NETWORK_FIELDS = ["typ", "landkreis", "themen", "zielgruppen", "koordination"]
YES = {"ja", "j", "yes", "y", "1", "x", "true", "wahr"}
NO = {"nein", "n", "no", "0", "false", "falsch"}

AKTEURE_COLUMNS = ["akteur_id", "akteur", "anzeigename", "veroeffentlichen", "kategorie",
                   "ebene", "plz", "ort", "landkreis", "bundesland", "raumtyp", "lat", "lon"]
NETZWERKE_COLUMNS = ["netzwerk_id", "netzwerk", "typ", "landkreis", "bundesland", "themen",
                     "zielgruppen", "koordination_id"]
MITGLIEDSCHAFTEN_COLUMNS = ["akteur_id", "netzwerk_id", "rolle"]
KOOPERATIONEN_COLUMNS = ["von_id", "an_id", "intensitaet"]
LOG_COLUMNS = ["datei", "zeile", "tabelle", "eintrag", "ergebnis", "ziel_id", "grund", "hinweis"]
REVIEW_COLUMNS = ["art", "name_a", "name_b", "id_a", "id_b", "aehnlichkeit", "vorschlag",
                  "keine_dublette"]
FREE_REVIEW_COLUMNS = ["datei", "zeile", "spalte", "text", "grund", "aehnlichstes_netzwerk",
                       "aehnlichkeit"]
FUZZY_CUTOFF = 90.0


@dataclass
class Rec:
    """A staged raw record with its provenance."""

    values: dict
    datei: str
    zeile: int
    tabelle: str
    ts: str = ""          # submit date (survey export) — newest complete response wins
    logged: bool = True   # False: derived from a row that is logged elsewhere
    spalte: str = ""      # column a derived record came from
    freitext: bool = False
    hinweise: list = field(default_factory=list)   # what the reader changed in this row


@dataclass
class LogEntry:
    datei: str
    zeile: int | str
    tabelle: str
    eintrag: str
    ergebnis: str
    ziel_id: str = ""
    grund: str = ""
    hinweis: list = field(default_factory=list)

    def row(self) -> dict:
        return {"datei": self.datei, "zeile": self.zeile, "tabelle": self.tabelle,
                "eintrag": self.eintrag, "ergebnis": self.ergebnis, "ziel_id": self.ziel_id,
                "grund": self.grund, "hinweis": "; ".join(self.hinweis)}


@dataclass
class StagedWave:
    """Raw records of one wave in a form-independent shape."""

    form: str
    akteure: list = field(default_factory=list)
    netzwerke: list = field(default_factory=list)
    mitgliedschaften: list = field(default_factory=list)
    kooperationen: list | None = None
    log: list = field(default_factory=list)
    raw_files: list = field(default_factory=list)   # data files whose rows are accounted for
    declared_networks: list = field(default_factory=list)  # (name, datei, zeile) from mapping
    unreadable_rows: list = field(default_factory=list)    # (datei, zeile, text): in memory only


@dataclass
class CleanResult:
    """The canonical tables of one wave."""

    wave: str
    form: str
    akteure: pd.DataFrame
    netzwerke: pd.DataFrame
    mitgliedschaften: pd.DataFrame
    kooperationen: pd.DataFrame | None
    log: pd.DataFrame
    review: pd.DataFrame
    raw_files: list
    free_review: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=FREE_REVIEW_COLUMNS))

    def tables(self) -> dict[str, pd.DataFrame]:
        out = {"akteure": self.akteure, "netzwerke": self.netzwerke,
               "mitgliedschaften": self.mitgliedschaften}
        if self.kooperationen is not None:
            out["kooperationen"] = self.kooperationen
        out["bereinigung"] = self.log
        out["dubletten_pruefen"] = self.review
        out["freitext_pruefen"] = self.free_review
        return out


# --------------------------------------------------------------------------------------------
# wave discovery and raw reading
# --------------------------------------------------------------------------------------------

def list_waves(data_dir: Path) -> list[str]:
    """Return the names of the wave folders under ``data_dir/raw``, sorted (hidden folders and
    names that are no valid wave name, see ``safety.wave_name_problem``, are left out)."""
    from bildungsnetz.safety import wave_name_problem

    raw = Path(data_dir) / "raw"
    if not raw.is_dir():
        return []
    return sorted(p.name for p in raw.iterdir()
                  if p.is_dir() and wave_name_problem(p.name) is None)


def wave_dir(data_dir: Path, wave: str) -> Path:
    """Return ``data_dir/raw/wave``, or raise a German error listing the known waves.

    The wave name is checked by ``safety.validate_wave`` (a folder directly under ``raw/``: no
    path, no ``..``, no symlink to outside)."""
    from bildungsnetz.safety import validate_wave

    return validate_wave(data_dir, wave)


TIDY_TABLES = ("akteure", "netzwerke", "mitgliedschaften", "kooperationen")
TEXT_TABLE_SUFFIXES = {".csv", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
UNREADABLE_TABLE_SUFFIXES = {".xls": "im alten Excel-Format (.xls)",
                             ".ods": "als OpenDocument-Tabelle (.ods)",
                             ".numbers": "als Numbers-Tabelle (.numbers)",
                             ".xlsb": "im binären Excel-Format (.xlsb)"}
SYSTEM_FILES = {".ds_store": "Ordnerdatei von macOS", "thumbs.db": "Vorschaudatei von Windows",
                "desktop.ini": "Ordnereinstellungen von Windows"}
SURVEY_STRUCTURE_SUFFIXES = {".lss", ".lsq", ".lsg"}


@dataclass
class WaveFiles:
    """What a wave folder holds, sorted by the rule for each kind of file.

    ``form`` is ``limesurvey``, ``xlsx`` or ``csv``; ``tables`` maps a role (a tidy table
    name, ``zuordnung``, ``export``, ``register``, ``arbeitsmappe``) to its file; ``ignored``
    lists (path, German reason) for everything that is deliberately not read.
    """

    form: str
    tables: dict = field(default_factory=dict)
    ignored: list = field(default_factory=list)
    structure: list = field(default_factory=list)   # .lss/.lsq/.lsg beside a survey export


def _ignore_reason(path: Path) -> str | None:
    """Why a file or folder in a wave folder is not read (None: it may be data)."""
    name = path.name
    folded = name.casefold()
    if path.is_dir():
        return "Unterordner – wird nicht gelesen"
    if name.startswith("~$"):
        return "Sperrdatei von Microsoft Office (entsteht, solange die Datei geöffnet ist)"
    if name.startswith(".~lock."):
        return "Sperrdatei von LibreOffice (entsteht, solange die Datei geöffnet ist)"
    if name.startswith("._"):
        return "Metadaten-Datei von macOS (keine Daten)"
    if folded in SYSTEM_FILES:
        return SYSTEM_FILES[folded] + " (keine Daten)"
    if name.startswith("."):
        return "versteckte Datei – wird nicht gelesen"
    if not path.is_file():
        return "keine reguläre Datei – wird nicht gelesen"
    return None


def survey_files(folder: Path, base: Path | None = None) -> WaveFiles:
    """Sort the files of a wave folder by role, or raise a German error when the folder is
    ambiguous (every file is either read or reported; nothing is ignored silently).

    Rules:

    - Lock files of Office (``~$…``) and LibreOffice (``.~lock.…``), macOS metadata
      (``._…``, ``.DS_Store``), ``Thumbs.db``, ``desktop.ini``, other hidden files and
      subfolders are ignored; each gets a line in the cleaning log.
    - Files that are not tables (PDF, Word, text, pictures …) are ignored with a log line.
    - With ``zuordnung.csv`` the folder is a survey export: exactly one further CSV (the
      export), optionally ``netzwerke.csv`` (the network register) and a LimeSurvey
      structure file (``.lss``); any other table is an error.
    - Otherwise the tidy template: either CSV files ``akteure``, ``netzwerke``,
      ``mitgliedschaften`` (+ ``kooperationen``), ``.csv`` or ``.tsv``, or exactly one
      workbook (``.xlsx``/``.xlsm``). Both side by side, two workbooks, two files of the same
      table (names differing only in case or extension), a CSV whose name is no table of the
      template (``akteure_nachtrag.csv``) and tables in formats that cannot be read
      (``.xls``, ``.ods``) are errors.
    """
    where = relative_label(folder, base) if base is not None else str(folder)

    def label(path: Path) -> str:
        return relative_label(path, base) if base is not None else str(path)

    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        from bildungsnetz.ingest.readers import os_error_message

        raise BildungsnetzError(os_error_message(exc, where), datei=where) from None
    ignored, candidates = [], []
    for path in entries:
        reason = _ignore_reason(path)
        if reason:
            ignored.append((path, reason))
        else:
            candidates.append(path)
    text_tables = [p for p in candidates if p.suffix.casefold() in TEXT_TABLE_SUFFIXES]
    workbooks = [p for p in candidates if p.suffix.casefold() in WORKBOOK_SUFFIXES]
    unreadable = [p for p in candidates if p.suffix.casefold() in UNREADABLE_TABLE_SUFFIXES]
    structure = [p for p in candidates if p.suffix.casefold() in SURVEY_STRUCTURE_SUFFIXES]
    known = set(text_tables) | set(workbooks) | set(unreadable) | set(structure)
    for path in candidates:
        if path not in known:
            ignored.append((path, "keine Tabelle (erwartet: CSV oder Excel-Mappe) – wird "
                                  "nicht gelesen"))
    for path in unreadable:
        raise BildungsnetzError(
            f"Die Tabelle ist {UNREADABLE_TABLE_SUFFIXES[path.suffix.casefold()]} gespeichert; "
            "solche Dateien werden nicht gelesen. Bitte als Excel-Arbeitsmappe (.xlsx) oder als „CSV UTF-8“ "
            "speichern und die alte Datei aus dem Wellenordner entfernen.", datei=label(path))
    by_stem: dict[str, list[Path]] = {}
    for path in text_tables:
        by_stem.setdefault(path.stem.casefold(), []).append(path)
    for stem, paths in by_stem.items():
        if len(paths) > 1:
            raise BildungsnetzError(
                "Zwei Dateien für dieselbe Tabelle: " + " und ".join(p.name for p in paths)
                + " (Namen unterscheiden sich nur in Groß-/Kleinschreibung oder Endung). "
                "Welche gilt? Bitte eine entfernen.", datei=where)
    if "zuordnung" in by_stem:
        files = WaveFiles("limesurvey", ignored=ignored, structure=structure)
        files.tables["zuordnung"] = by_stem.pop("zuordnung")[0]
        if "netzwerke" in by_stem:
            files.tables["register"] = by_stem.pop("netzwerke")[0]
        exports = [paths[0] for paths in by_stem.values()]
        if len(exports) != 1 or workbooks:
            found = ", ".join(p.name for p in exports + workbooks) or "keine"
            raise BildungsnetzError(
                "Neben zuordnung.csv (und optional netzwerke.csv) wird genau ein "
                f"Umfrage-Export (CSV) erwartet; gefunden: {found}.", datei=where)
        files.tables["export"] = exports[0]
        return files
    for path in structure:
        ignored.append((path, "Umfragestruktur ohne zuordnung.csv – wird nicht gelesen"))
    template = {stem: paths[0] for stem, paths in by_stem.items() if stem in TIDY_TABLES}
    strangers = [paths[0] for stem, paths in by_stem.items() if stem not in TIDY_TABLES]
    if strangers:
        raise BildungsnetzError(
            f"Die Datei {strangers[0].name} gehört zu keiner Tabelle der Vorlage (erwartet: "
            "akteure, netzwerke, mitgliedschaften, optional kooperationen). Bitte ihren Inhalt "
            "in die passende Tabelle übernehmen oder sie aus dem Wellenordner entfernen. "
            "Ein Umfrage-Export braucht daneben eine zuordnung.csv (Entwurf mit „bildungsnetz "
            "zuordnung WELLE“).", datei=label(strangers[0]))
    if workbooks and template:
        raise BildungsnetzError(
            "Der Wellenordner enthält die Vorlage zweimal: als CSV-Dateien ("
            + ", ".join(p.name for p in template.values()) + ") und als Excel-Mappe ("
            + ", ".join(p.name for p in workbooks) + "). Welche gilt? Bitte eine Form "
            "entfernen.", datei=where)
    if len(workbooks) > 1:
        raise BildungsnetzError(
            "Der Wellenordner enthält mehrere Excel-Mappen (" + ", ".join(
                p.name for p in workbooks) + "); erwartet ist genau eine.", datei=where)
    if workbooks:
        return WaveFiles("xlsx", {"arbeitsmappe": workbooks[0]}, ignored)
    if template:
        return WaveFiles("csv", template, ignored)
    listed = ", ".join(p.name for p, _ in ignored) or "keine Dateien"
    raise BildungsnetzError(
        "Der Wellenordner enthält keine Eingabedateien (erwartet: akteure.csv, netzwerke.csv, "
        "mitgliedschaften.csv, eine Excel-Mappe mit diesen Blättern oder einen "
        f"Umfrage-Export mit zuordnung.csv). Gefunden: {listed}.", datei=where)


def detect_form(folder: Path) -> str:
    """Return ``limesurvey``, ``xlsx`` or ``csv`` for a wave folder."""
    return survey_files(folder).form


FILE_READ, FILE_IGNORED = "gelesen", "ignoriert"
FILE_TABLE = "datei"   # ``tabelle`` of the log lines that describe whole files
ROW_RESULTS = (KEPT, MERGED, REJECTED)


def _entry(rec: Rec, eintrag: str, ergebnis: str, ziel_id: str = "", grund: str = "",
           hinweis=None) -> LogEntry:
    """The log line of a raw row, carrying what the reader noted for that row."""
    return LogEntry(rec.datei, rec.zeile, rec.tabelle, eintrag, ergebnis, ziel_id, grund,
                    [*rec.hinweise, *(hinweis or [])])


def _empty_name_reason(rec: Rec, column: str, what: str) -> str:
    if removed_from(rec.hinweise, column):
        return (f"Name {'der' if what == 'Institution' else 'des'} {what} besteht nur aus "
                f"unsichtbaren oder Steuerzeichen (Spalte „{column}“)")
    return (f"Name {'der' if what == 'Institution' else 'des'} {what} fehlt (Spalte "
            f"„{column}“ leer)")


def _file_entry(label: str, ergebnis: str, grund: str, notes=()) -> "LogEntry":
    return LogEntry(label, "", FILE_TABLE, label.rsplit("/", 1)[-1], ergebnis, grund=grund,
                    hinweis=list(notes))


def _records(table: RawTable, tabelle: str, staged: StagedWave) -> list[Rec]:
    staged.raw_files.append(table.datei)
    staged.log.append(_file_entry(table.datei, FILE_READ, f"Tabelle {tabelle}",
                                  table.file_notes))
    for zeile in table.blank_rows:
        staged.log.append(LogEntry(table.datei, zeile, tabelle, "", REJECTED,
                                   grund="leere Zeile"))
    name_column = TIDY_REQUIRED.get(tabelle, ["netzwerk"])[0]
    for zeile, cells, reason in table.rejected:
        name = table.rejected_name(cells, name_column)
        staged.log.append(LogEntry(table.datei, zeile, tabelle, name, REJECTED, grund=reason))
        staged.unreadable_rows.append((table.datei, zeile, " ".join(cells)))
    return [Rec(values, table.datei, zeile, tabelle, hinweise=list(table.notes.get(zeile, ())))
            for zeile, values in table.rows]


#: Columns holding lists: items are separated by ``;`` or line breaks.
LIST_COLUMNS = frozenset({"themen", "zielgruppen"})
TIDY_REQUIRED = {"akteure": ["akteur"], "netzwerke": ["netzwerk"],
                 "mitgliedschaften": ["akteur", "netzwerk"],
                 "kooperationen": ["von", "an"]}
TIDY_COLUMNS = {"akteure": ["akteur", *ACTOR_FIELDS, *PERSONAL_FIELDS[:3]],
                "netzwerke": ["netzwerk", *NETWORK_FIELDS],
                "mitgliedschaften": ["akteur", "netzwerk", "rolle"],
                "kooperationen": ["von", "an", "intensitaet"]}


def _stage_tidy(tables: dict[str, RawTable], where: str) -> StagedWave:
    staged = StagedWave(form="tidy")
    for name in ("akteure", "netzwerke", "mitgliedschaften"):
        if name not in tables:
            raise BildungsnetzError(
                f"Die Tabelle „{name}“ fehlt (erwartet als {name}.csv oder als Blatt "
                f"„{name}“ der Excel-Mappe).", datei=where)
    for name, table in tables.items():
        if name in TIDY_REQUIRED:
            if not table.columns:
                raise BildungsnetzError("Die Tabelle ist leer (keine Kopfzeile).",
                                        datei=table.datei)
            table.require(TIDY_REQUIRED[name])
            table.note_unused_columns(TIDY_COLUMNS[name])
    staged.akteure = _records(tables["akteure"], "akteure", staged)
    staged.netzwerke = _records(tables["netzwerke"], "netzwerke", staged)
    staged.mitgliedschaften = _records(tables["mitgliedschaften"], "mitgliedschaften", staged)
    if "kooperationen" in tables:
        staged.kooperationen = _records(tables["kooperationen"], "kooperationen", staged)
    return staged


def read_raw_wave(folder: Path, base: Path) -> StagedWave:
    """Read a wave folder in any of the supported forms into a StagedWave."""
    files = survey_files(folder, base)
    if files.form == "limesurvey":
        from bildungsnetz.ingest.limesurvey import stage_limesurvey

        staged = stage_limesurvey(files, base)
        staged.form = "limesurvey"
    elif files.form == "xlsx":
        book = files.tables["arbeitsmappe"]
        label = relative_label(book, base)
        tables, skipped = read_xlsx_tables(book, label, sheets=TIDY_TABLES,
                                           list_columns=LIST_COLUMNS)
        staged = _stage_tidy(tables, label)
        staged.log.insert(0, _file_entry(label, FILE_READ, "Excel-Mappe der Vorlage",
                                         skipped))
        staged.form = "xlsx"
    else:
        tables = {name: read_csv_table(path, relative_label(path, base), multiline=LIST_COLUMNS)
                  for name, path in files.tables.items()}
        staged = _stage_tidy(tables, relative_label(folder, base))
        staged.form = "csv"
    for path, reason in files.ignored:
        staged.log.append(_file_entry(relative_label(path, base), FILE_IGNORED, reason))
    return staged


# --------------------------------------------------------------------------------------------
# the cleaning itself
# --------------------------------------------------------------------------------------------

class _Cleaner:
    def __init__(self, staged: StagedWave, ref: Reference):
        self.staged = staged
        self.ref = ref
        self.log: list[LogEntry] = list(staged.log)
        self.actor_by_key: dict[str, dict] = {}
        self.network_by_key: dict[str, dict] = {}
        self.review: list[dict] = []
        self.free_review: list[dict] = []
        self.row_entries: dict[tuple, LogEntry] = {}

    # -- actors --------------------------------------------------------------------------
    def actors(self) -> None:
        groups: dict[str, list] = {}
        for rec in self.staged.akteure:
            name = normalize_name(rec.values.get("akteur"))
            if not name:
                self.log.append(_entry(rec, "", REJECTED,
                                       grund=_empty_name_reason(rec, "akteur", "Institution")))
                continue
            canonical, via_alias = self.ref.canonical_name("akteur", name)
            groups.setdefault(name_key(canonical), []).append((rec, name, canonical, via_alias))
        for key, items in groups.items():
            primary_index = 0
            if any(item[0].ts for item in items):
                primary_index = max(range(len(items)), key=lambda i: (items[i][0].ts, -i))
            order = [primary_index] + [i for i in range(len(items)) if i != primary_index]
            rec0, name0, canonical0, _ = items[primary_index]
            display = next((c for _, _, c, alias in items if alias), None) or _best_spelling(
                [c for _, _, c, _ in items])
            aid = stable_id("A", display)
            entries = []
            merged = {f: "" for f in ACTOR_FIELDS}
            for i in order:
                rec, name, canonical, via_alias = items[i]
                entry = _entry(rec, name,
                                 KEPT if i == primary_index else MERGED, aid)
                if via_alias:
                    entry.grund = f"Name über Aliastabelle vereinheitlicht zu „{canonical}“"
                for f in ACTOR_FIELDS:
                    value = normalize_name(rec.values.get(f))
                    if not value:
                        continue
                    if not merged[f]:
                        merged[f] = value
                    elif (self._comparable(f, value) != self._comparable(f, merged[f])
                          and i != primary_index):
                        entry.hinweis.append(f"abweichende Angabe {f} „{value}“ (übernommen: "
                                             f"„{merged[f]}“)")
                if i != primary_index:
                    if rec.ts:
                        why = (f"weitere Antwort derselben Institution; die neueste vollständige "
                               f"Antwort (Zeile {rec0.zeile}) gilt, Netzwerke zusammengeführt")
                    else:
                        why = f"dieselbe Institution wie Zeile {rec0.zeile} („{name0}“)"
                    entry.grund = f"{why}; {entry.grund}" if entry.grund else why
                entries.append(entry)
                self.row_entries[(rec.datei, rec.zeile)] = entry
            actor = self._actor_facts(aid, display, merged, entries[0])
            self.actor_by_key[key] = actor
            self.log.extend(entries)

    def _comparable(self, field_name: str, value: str) -> str:
        """The value of an actor field as compared when rows are merged."""
        if field_name in ("kategorie", "ebene"):
            return self.ref.vocab(field_name, value) or name_key(value)
        if field_name == "landkreis":
            return self.ref.district(value) or name_key(value)
        if field_name == "plz":
            return normalize_plz(value)
        if field_name == "veroeffentlichen":
            key = name_key(value)
            return "ja" if key in YES else "nein" if key in NO else key
        return name_key(value)

    def _actor_facts(self, aid: str, name: str, raw: dict, entry: LogEntry) -> dict:
        ref = self.ref
        kategorie = raw["kategorie"]
        if kategorie:
            canonical = ref.vocab("kategorie", kategorie)
            if canonical is None:
                entry.hinweis.append(f"unbekannte Kategorie „{kategorie}“ unverändert übernommen")
            else:
                kategorie = canonical
        ebene = raw["ebene"]
        if ebene:
            canonical = ref.vocab("ebene", ebene)
            if canonical is None:
                entry.hinweis.append(f"unbekannte Ebene „{ebene}“ unverändert übernommen")
            else:
                ebene = canonical
        consent_raw = name_key(raw["veroeffentlichen"])
        if consent_raw in YES:
            consent = "ja"
        else:
            consent = "nein"
            if consent_raw not in NO:
                entry.hinweis.append("keine gültige Angabe zur Veröffentlichung – wird als "
                                     "„nein“ behandelt (Pseudonym)")
        place, how = ref.place(raw["plz"], raw["ort"])
        stated_district = ref.district(raw["landkreis"]) if raw["landkreis"] else None
        if raw["landkreis"] and stated_district is None:
            entry.hinweis.append(f"unbekannter Landkreis „{raw['landkreis']}“")
        facts = {"akteur_id": aid, "akteur": name, "veroeffentlichen": consent,
                 "kategorie": kategorie, "ebene": ebene, "plz": normalize_plz(raw["plz"]),
                 "ort": raw["ort"], "landkreis": "", "bundesland": "", "raumtyp": "",
                 "lat": "", "lon": ""}
        if place is not None:
            facts.update(plz=place.plz if how == "plz" else facts["plz"], ort=place.ort,
                         landkreis=place.landkreis, bundesland=place.bundesland,
                         raumtyp=place.raumtyp,
                         lat=f"{place.lat:.4f}" if place.lat is not None else "",
                         lon=f"{place.lon:.4f}" if place.lon is not None else "")
            if how == "ort" and raw["plz"]:
                entry.hinweis.append(f"PLZ „{raw['plz']}“ unbekannt, Ort „{raw['ort']}“ "
                                     "erkannt")
            if stated_district and stated_district not in (place.landkreis, REGION_WIDE):
                entry.hinweis.append(f"angegebener Landkreis „{raw['landkreis']}“ passt nicht "
                                     f"zum Ort; übernommen: {place.landkreis}")
        else:
            district = stated_district if stated_district not in (None, REGION_WIDE) else ""
            facts.update(landkreis=district, bundesland=ref.state_of(district))
            if raw["plz"] or raw["ort"]:
                where = " ".join(v for v in (raw["plz"], raw["ort"]) if v)
                entry.hinweis.append(f"Ort unbekannt („{where}“): ohne Koordinaten übernommen"
                                     + (f", Landkreis laut Angabe: {district}" if district
                                        else ", ohne Landkreis"))
            else:
                entry.hinweis.append("kein Ort angegeben" + (f", Landkreis laut Angabe: "
                                                             f"{district}" if district else ""))
        return facts

    def find_actor(self, name: str) -> dict | None:
        canonical, _ = self.ref.canonical_name("akteur", name)
        return self.actor_by_key.get(name_key(canonical))

    def find_network(self, name: str) -> dict | None:
        canonical, _ = self.ref.canonical_name("netzwerk", name)
        return self.network_by_key.get(name_key(canonical))

    # -- networks ------------------------------------------------------------------------
    def _vocab_list(self, art: str, value: str, entry: LogEntry) -> list[str]:
        out = []
        for item in split_list(value):
            canonical = self.ref.vocab(art, item)
            if canonical is not None:
                out.append(canonical)
                continue
            parts = [p.strip() for p in item.split(",") if p.strip()]
            for part in parts:
                canonical = self.ref.vocab(art, part)
                if canonical is None:
                    label = "Thema" if art == "thema" else "Zielgruppe"
                    entry.hinweis.append(f"unbekannte(s) {label} „{part}“ unverändert "
                                         "übernommen")
                    canonical = part
                out.append(canonical)
        return sorted(set(out))

    def networks(self) -> None:
        groups: dict[str, list] = {}
        for rec in self.staged.netzwerke:
            name = normalize_name(rec.values.get("netzwerk"))
            if not name:
                self.log.append(_entry(rec, "", REJECTED,
                                       grund=_empty_name_reason(rec, "netzwerk", "Netzwerks")))
                continue
            canonical, via_alias = self.ref.canonical_name("netzwerk", name)
            groups.setdefault(name_key(canonical), []).append((rec, name, canonical, via_alias))
        for key, items in groups.items():
            display = next((c for _, _, c, alias in items if alias), None) or _best_spelling(
                [c for _, _, c, _ in items])
            nid = stable_id("N", display)
            facts = {"netzwerk_id": nid, "netzwerk": display, "typ": "", "landkreis": "",
                     "bundesland": "", "themen": [], "zielgruppen": [], "koordination": "",
                     "koordination_id": ""}
            first = None
            for i, (rec, name, canonical, via_alias) in enumerate(items):
                entry = _entry(rec, name,
                                 KEPT if i == 0 else MERGED, nid)
                if via_alias:
                    entry.grund = f"Name über Aliastabelle vereinheitlicht zu „{canonical}“"
                if i:
                    why = f"dasselbe Netzwerk wie Zeile {items[0][0].zeile}; Angaben vereinigt"
                    entry.grund = f"{why}; {entry.grund}" if entry.grund else why
                first = first or entry
                v = {f: normalize_name(rec.values.get(f)) for f in NETWORK_FIELDS}
                facts["typ"] = facts["typ"] or v["typ"]
                facts["koordination"] = facts["koordination"] or v["koordination"]
                if v["landkreis"]:
                    district = self.ref.district(v["landkreis"])
                    if district is None:
                        entry.hinweis.append(f"unbekannter Landkreis „{v['landkreis']}“")
                    elif not facts["landkreis"]:
                        facts["landkreis"] = district
                facts["themen"] = sorted(set(facts["themen"]) | set(
                    self._vocab_list("thema", rec.values.get("themen", ""), entry)))
                facts["zielgruppen"] = sorted(set(facts["zielgruppen"]) | set(
                    self._vocab_list("zielgruppe", rec.values.get("zielgruppen", ""), entry)))
                self.log.append(entry)
            facts["bundesland"] = self.ref.state_of(facts["landkreis"])
            facts["_entry"] = first
            self.network_by_key[key] = facts

    def add_network(self, name: str, datei: str, zeile, grund: str) -> dict:
        canonical, _ = self.ref.canonical_name("netzwerk", name)
        nid = stable_id("N", canonical)
        facts = {"netzwerk_id": nid, "netzwerk": canonical, "typ": "", "landkreis": "",
                 "bundesland": "", "themen": [], "zielgruppen": [], "koordination": "",
                 "koordination_id": ""}
        entry = LogEntry(datei, zeile, "netzwerke", name, ADDED, nid, grund)
        facts["_entry"] = entry
        self.log.append(entry)
        self.network_by_key[name_key(canonical)] = facts
        return facts

    def coordination(self) -> None:
        for facts in self.network_by_key.values():
            if not facts["koordination"]:
                continue
            actor = self.find_actor(facts["koordination"])
            if actor is None:
                facts["_entry"].hinweis.append(
                    f"Koordination „{facts['koordination']}“ ist kein Akteur dieser Welle")
            else:
                facts["koordination_id"] = actor["akteur_id"]

    # -- memberships ---------------------------------------------------------------------
    def _unknown(self, art: str, rec: Rec, column: str, name: str) -> BildungsnetzError:
        pool = self.actor_by_key if art == "akteur" else self.network_by_key
        label = "akteur" if art == "akteur" else "netzwerk"
        names = [v[label] for v in pool.values()]
        hint = ""
        try:
            from rapidfuzz import process, fuzz

            best = process.extractOne(name, names, scorer=fuzz.WRatio, score_cutoff=70)
            if best:
                hint = f" Meinten Sie „{best[0]}“?"
        except ImportError:  # pragma: no cover
            pass
        what = "Akteur" if art == "akteur" else "Netzwerk"
        table = "akteure" if art == "akteur" else "netzwerke"
        key = name_key(name)
        lost = next(((d, z) for d, z, text in self.staged.unreadable_rows
                     if key and key in name_key(text)), None)
        if lost:
            hint += (f" Hinweis: Zeile {lost[1]} von {lost[0]} enthält diesen Namen, wurde "
                     "aber verworfen, weil sie nicht lesbar war (siehe bereinigung.csv).")
        return BildungsnetzError(
            f"{what} „{name}“ steht in keiner Tabelle (nicht in „{table}“ und nicht in der "
            f"Aliastabelle).{hint} Bitte Namen korrigieren oder in "
            "external/aliase.csv eintragen.", datei=rec.datei, zeile=rec.zeile, spalte=column)

    def _split_free_text(self, records: list) -> list:
        """One record per network named in a free-text answer (see :meth:`free_text_items`);
        what is not taken as a network is noted on the response's log line and listed in
        ``freitext_pruefen.csv``."""
        out = []
        for rec in records:
            if not rec.freitext:
                out.append(rec)
                continue
            items, dropped = self.free_text_items(rec.values.get("netzwerk", ""))
            entry = self.row_entries.get((rec.datei, rec.zeile))
            for part, reason, review in dropped:
                shown = shorten(redact_contacts(part), 60)
                if entry is not None:
                    entry.hinweis.append(f"Freitext {rec.spalte}: „{shown}“ {reason}")
                if review:
                    best = self._closest_network(part)
                    self.free_review.append({
                        "datei": rec.datei, "zeile": rec.zeile, "spalte": rec.spalte,
                        "text": shorten(redact_contacts(part), FREE_TEXT_MAX),
                        "grund": reason, "aehnlichstes_netzwerk": best[0],
                        "aehnlichkeit": best[1]})
            for item in items:
                out.append(Rec({**rec.values, "netzwerk": item}, rec.datei, rec.zeile,
                               rec.tabelle, rec.ts, rec.logged, rec.spalte, True))
        return out

    def free_text_items(self, text: str) -> tuple[list[str], list[tuple[str, str, bool]]]:
        """The networks a free-text answer names, and the parts that are not taken.

        Rules: the text is split at line breaks and ``;``; a part is split at commas where
        the pieces (or runs of pieces joined by commas, for names that contain commas) are
        known networks; stray punctuation and unbalanced quotes around an item are removed.
        Not taken (returned as ``(part, reason, for_review)``): "keine"/"-" and the like, parts
        longer than a network name can be (``FREE_TEXT_MAX`` characters), parts without
        letters, and parts that name a district, a municipality, an actor category or an
        institution of this wave.
        """
        items, dropped = [], []
        for part in re.split(r"\s*(?:;|\n|\r|\u2028|\u2029)\s*", text or ""):
            part = _trim_item(part)
            if not part:
                continue
            pieces = self._segment_commas(part)
            if len(pieces) == 1 and "," in pieces[0] and self.find_network(pieces[0]) is None:
                item = _trim_item(pieces[0])
                problem = self._not_a_network(item)
                if problem:
                    dropped.append((item, problem[0], problem[1]))
                else:
                    dropped.append((item, "enthält ein Komma – als ein Netzwerk übernommen; "
                                          "bitte prüfen, ob es mehrere sind", True))
                    items.append(item)
                continue
            for piece in pieces:
                item = _trim_item(piece)
                problem = self._not_a_network(item)
                if problem:
                    dropped.append((item, problem[0], problem[1]))
                else:
                    items.append(item)
        return items, dropped

    def _segment_commas(self, part: str) -> list[str]:
        """``A, B, C`` as known networks where possible: at each position the longest run of
        comma pieces that is a known network; unknown pieces stay as they are. Without any
        known piece the part stays whole."""
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) == 1:
            return pieces
        out, i, found = [], 0, False
        while i < len(pieces):
            for j in range(len(pieces), i, -1):
                candidate = ", ".join(pieces[i:j])
                if self.find_network(_trim_item(candidate)) is not None:
                    out.append(candidate)
                    found = True
                    i = j
                    break
            else:
                out.append(pieces[i])
                i += 1
        if not found:
            return [part]
        return [p for p in out if p.strip(" .-–")]

    def _not_a_network(self, item: str) -> tuple[str, bool] | None:
        """(reason, for review) when a free-text item cannot be a network's name."""
        key = name_key(item)
        if not key or key in NO_ANSWER:
            return "keine Angabe – übergangen", False
        if not any(ch.isalpha() for ch in item):
            return "enthält keinen Namen – übergangen", False
        if len(item) > FREE_TEXT_MAX:
            return (f"ist mit {len(item)} Zeichen zu lang für einen Netzwerknamen – nicht "
                    "übernommen", True)
        if self.find_network(item) is not None:
            return None
        if self.ref.district(item):
            return "nennt einen Landkreis bzw. die Region, kein Netzwerk – nicht übernommen", True
        place, how = self.ref.place("", item)
        if place is not None and how == "ort":
            return "nennt einen Ort, kein Netzwerk – nicht übernommen", True
        if self.ref.vocab("kategorie", item):
            return "nennt eine Akteursart, kein Netzwerk – nicht übernommen", True
        if self.find_actor(item) is not None:
            return "nennt eine Institution, kein Netzwerk – nicht übernommen", True
        return None

    def _closest_network(self, text: str) -> tuple[str, float | str]:
        from rapidfuzz import fuzz, process

        names = sorted({v["netzwerk"] for v in self.network_by_key.values()})
        if not names or len(text) > 4 * FREE_TEXT_MAX:
            return "", ""
        best = process.extractOne(_fold(text), [_fold(n) for n in names],
                                  scorer=fuzz.token_set_ratio, score_cutoff=70)
        if not best:
            return "", ""
        return names[best[2]], round(float(best[1]), 1)

    def memberships(self) -> list[dict]:
        result: dict[tuple, dict] = {}
        first_row: dict[tuple, int] = {}
        for rec in self._split_free_text(self.staged.mitgliedschaften):
            actor_name = normalize_name(rec.values.get("akteur"))
            network_name = normalize_name(rec.values.get("netzwerk"))
            if rec.logged and (not actor_name or not network_name):
                missing = "akteur" if not actor_name else "netzwerk"
                self.log.append(_entry(rec, f"{actor_name} – {network_name}", REJECTED,
                                         grund=f"Angabe „{missing}“ fehlt"))
                continue
            actor = self.find_actor(actor_name)
            if actor is None:
                raise self._unknown("akteur", rec, "akteur", actor_name)
            network = self.find_network(network_name)
            if network is None:
                if rec.logged:
                    raise self._unknown("netzwerk", rec, "netzwerk", network_name)
                grund = ("im Freitext genannt, als neues Netzwerk übernommen (ohne Angaben zu "
                         "Themen und Landkreis)" if rec.freitext else
                         "nur in der Zuordnung genannt, ohne Eintrag im Netzwerkregister")
                network = self.add_network(network_name, rec.datei, rec.zeile, grund)
                network["_entry"].hinweis.append(f"Spalte {rec.spalte}")
                self._review_new_network(network)
            role_raw = normalize_name(rec.values.get("rolle"))
            role = self.ref.vocab("rolle", role_raw) if role_raw else "Mitglied"
            hints = []
            if role is None:
                hints.append(f"unbekannte Rolle „{role_raw}“ als „Mitglied“ gewertet")
                role = "Mitglied"
            pair = (actor["akteur_id"], network["netzwerk_id"])
            label = f"{actor_name} – {network_name}"
            if pair in result:
                old = result[pair]["rolle"]
                if ROLE_RANK.get(role, 1) > ROLE_RANK.get(old, 1):
                    result[pair]["rolle"] = role
                if rec.logged:
                    self.log.append(_entry(
                        rec, label, MERGED,
                        f"{pair[0]}/{pair[1]}",
                        f"doppelte Mitgliedschaft (wie Zeile {first_row[pair]}); Rolle "
                        f"„{result[pair]['rolle']}“ gilt", hints))
                continue
            result[pair] = {"akteur_id": pair[0], "netzwerk_id": pair[1], "rolle": role}
            first_row[pair] = rec.zeile
            if rec.logged:
                self.log.append(_entry(rec, label, KEPT,
                                         f"{pair[0]}/{pair[1]}", "", hints))
        return list(result.values())

    def _review_new_network(self, network: dict) -> None:
        from rapidfuzz import fuzz, process

        others = {k: v["netzwerk"] for k, v in self.network_by_key.items()
                  if v["netzwerk_id"] != network["netzwerk_id"]}
        if not others:
            return
        keys = list(others)
        hits = process.extract(_fold(network["netzwerk"]), [_fold(others[k]) for k in keys],
                               scorer=fuzz.token_set_ratio, score_cutoff=85, limit=3)
        for _, score, index in hits:
            other = self.network_by_key[keys[index]]
            if self.ref.known_distinct("netzwerk", network["netzwerk"], other["netzwerk"]):
                continue
            self.review.append(_review_row("netzwerk", network, other, score, "netzwerk"))
            network["_entry"].hinweis.append(
                f"ähnlich wie „{other['netzwerk']}“ ({score:.0f} %) – zur Prüfung in "
                "dubletten_pruefen.csv")

    # -- cooperations --------------------------------------------------------------------
    def cooperations(self) -> list[dict] | None:
        if self.staged.kooperationen is None:
            return None
        result: dict[tuple, dict] = {}
        first_row: dict[tuple, int] = {}
        for rec in self.staged.kooperationen:
            von = normalize_name(rec.values.get("von"))
            an = normalize_name(rec.values.get("an"))
            label = f"{von} → {an}"
            if not von or not an:
                self.log.append(_entry(rec, label, REJECTED,
                                         grund="Angabe „von“ oder „an“ fehlt"))
                continue
            a = self.find_actor(von)
            if a is None:
                raise self._unknown("akteur", rec, "von", von)
            b = self.find_actor(an)
            if b is None:
                raise self._unknown("akteur", rec, "an", an)
            if a["akteur_id"] == b["akteur_id"]:
                self.log.append(_entry(rec, label, REJECTED,
                                         grund="Kooperation einer Institution mit sich selbst"))
                continue
            raw = normalize_name(rec.values.get("intensitaet"))
            hints = []
            if not raw:
                level = 1
                hints.append("Intensität fehlt, als 1 gewertet")
            else:
                level, problem = parse_level(raw)
                if problem:
                    self.log.append(_entry(rec, label, REJECTED, grund=problem))
                    continue
            pair = (a["akteur_id"], b["akteur_id"])
            if pair in result:
                result[pair]["intensitaet"] = max(result[pair]["intensitaet"], level)
                self.log.append(_entry(rec, label, MERGED,
                                         f"{pair[0]}→{pair[1]}",
                                         f"doppelte Kooperation (wie Zeile {first_row[pair]}); "
                                         "höchste Intensität gilt", hints))
                continue
            result[pair] = {"von_id": pair[0], "an_id": pair[1], "intensitaet": level}
            first_row[pair] = rec.zeile
            self.log.append(_entry(rec, label, KEPT,
                                     f"{pair[0]}→{pair[1]}", "", hints))
        return list(result.values())

    # -- fuzzy review --------------------------------------------------------------------
    def review_actors(self) -> None:
        from rapidfuzz import fuzz, process

        actors = sorted(self.actor_by_key.values(), key=lambda a: a["akteur_id"])
        folded = [_fold(a["akteur"]) for a in actors]
        if len(actors) < 2:
            return
        scores = process.cdist(folded, folded, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                               workers=1, dtype="uint8")
        rows, cols = scores.nonzero()
        for i, j in zip(rows.tolist(), cols.tolist()):
            if i < j and not self.ref.known_distinct("akteur", actors[i]["akteur"],
                                                      actors[j]["akteur"]):
                self.review.append(_review_row("akteur", actors[i], actors[j],
                                               float(scores[i, j]), "akteur"))


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
        return None, (f"Intensität „{raw}“ ist keine ganze Zahl (erlaubt: 1, 2 oder 3; "
                      "nicht gerundet)")
    if number not in (1, 2, 3):
        return None, f"Intensität „{raw}“ liegt außerhalb von 1 bis 3"
    return int(number), ""


FREE_TEXT_MAX = 150     # longer than any network's name
NO_ANSWER = {"keine", "keine weiteren", "keins", "nein", "-", "--", "k.a", "k. a", "ka",
             "keine angabe", "sonstige", "sonstiges", "weiß nicht", "weiss nicht", "n/a", "na",
             "/", "?", "x", "nichts", "entfällt", "entfaellt", "0"}
_QUOTES = "\"'„“”‚‘’«»"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d /()-]{5,}\d(?!\w)")


def redact_contacts(text: str) -> str:
    """Free text with e-mail addresses and phone numbers replaced (it is shown in the cleaning
    log and the review file, which must not carry contact data)."""
    return _PHONE.sub("[Telefonnummer entfernt]", _EMAIL.sub("[E-Mail entfernt]", text))


def _trim_item(text: str) -> str:
    """A free-text item without stray punctuation and unbalanced quotes or brackets around it:
    ``Arbeitskreis "Fachkräfte für morgen",`` -> ``Arbeitskreis "Fachkräfte für morgen"``."""
    item = normalize_name(text)
    previous = None
    while item != previous:
        previous = item
        item = item.strip(" ,;:•*·–—-").strip()
        for opening, closing in (("(", ")"), ("[", "]")):
            if item.endswith(closing) and item.count(opening) < item.count(closing):
                item = item[:-1]
            if item.startswith(opening) and item.count(opening) > item.count(closing):
                item = item[1:]
        if item[:1] in _QUOTES and sum(item.count(q) for q in _QUOTES) % 2:
            item = item[1:]
        elif item[-1:] in _QUOTES and sum(item.count(q) for q in _QUOTES) % 2:
            item = item[:-1]
        if len(item) > 1 and item[0] in _QUOTES and item[-1] in _QUOTES and not any(
                q in item[1:-1] for q in _QUOTES):
            item = item[1:-1]
    return item


def _best_spelling(spellings: list[str]) -> str:
    """The display spelling of a group of same-key names: the most frequent one, preferring
    mixed case ("Oberschule Herzberg" over "oberschule herzberg"), then the first seen."""
    def score(index: int):
        text = spellings[index]
        mixed = text != text.lower() and text != text.upper()
        return (spellings.count(text), mixed, -index)

    return spellings[max(range(len(spellings)), key=score)]


def _fold(name: str) -> str:
    text = name_key(name)
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def _review_row(art: str, a: dict, b: dict, score: float, label: str) -> dict:
    id_label = "akteur_id" if art == "akteur" else "netzwerk_id"
    first, second = sorted([a, b], key=lambda x: x[id_label])
    return {"art": art, "name_a": first[label], "name_b": second[label],
            "id_a": first[id_label], "id_b": second[id_label],
            "aehnlichkeit": round(score, 1),
            "vorschlag": _csv_line([art, *_alias_direction(first[label], second[label]),
                                    "Dublette geprüft"]),
            "keine_dublette": _csv_line([art, first[label], second[label], "geprüft"])}


def _alias_direction(a: str, b: str) -> tuple[str, str]:
    """(variant, canonical) for a proposed alias line: the spelling with umlauts/ß (and
    then the longer one) is proposed as canonical."""
    def weight(text: str):
        return (sum(text.count(c) for c in "äöüÄÖÜß"), len(text), text)

    return (a, b) if weight(b) > weight(a) else (b, a)


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def _pseudonyms(actors: list[dict]) -> None:
    counters: dict[str, int] = {}
    for actor in sorted(actors, key=lambda a: a["akteur_id"]):
        if actor["veroeffentlichen"] == "ja":
            actor["anzeigename"] = actor["akteur"]
            continue
        label = actor["kategorie"] or "Akteur"
        counters[label] = counters.get(label, 0) + 1
        actor["anzeigename"] = f"{label} {counters[label]}"


def clean_wave(data_dir: Path, wave: str, *, write: bool = True) -> CleanResult:
    """Clean one wave: read ``raw/<wave>/``, write the canonical tables to
    ``processed/<wave>/`` (unless ``write`` is False) and return them."""
    data_dir = Path(data_dir)
    folder = wave_dir(data_dir, wave)
    ref = load_reference(data_dir)
    staged = read_raw_wave(folder, data_dir)
    cleaner = _Cleaner(staged, ref)
    cleaner.actors()
    cleaner.networks()
    for name, datei, zeile in staged.declared_networks:
        if cleaner.find_network(name) is None:
            network = cleaner.add_network(name, datei, zeile, "nur in der Zuordnung genannt, "
                                          "ohne Eintrag im Netzwerkregister")
            cleaner._review_new_network(network)
    cleaner.coordination()
    memberships = cleaner.memberships()
    cooperations = cleaner.cooperations()
    cleaner.review_actors()

    actors = list(cleaner.actor_by_key.values())
    _pseudonyms(actors)
    akteure = pd.DataFrame(actors, columns=AKTEURE_COLUMNS).sort_values("akteur_id")
    networks = []
    for facts in cleaner.network_by_key.values():
        row = {k: facts[k] for k in NETZWERKE_COLUMNS}
        row["themen"] = ";".join(facts["themen"])
        row["zielgruppen"] = ";".join(facts["zielgruppen"])
        networks.append(row)
    netzwerke = pd.DataFrame(networks, columns=NETZWERKE_COLUMNS).sort_values("netzwerk_id")
    _check_id_collisions(akteure, "akteur_id", "akteur")
    _check_id_collisions(netzwerke, "netzwerk_id", "netzwerk")
    mitgliedschaften = pd.DataFrame(memberships, columns=MITGLIEDSCHAFTEN_COLUMNS)
    mitgliedschaften = mitgliedschaften.sort_values(["akteur_id", "netzwerk_id"])
    kooperationen = None
    if cooperations is not None:
        kooperationen = pd.DataFrame(cooperations, columns=KOOPERATIONEN_COLUMNS)
        kooperationen = kooperationen.sort_values(["von_id", "an_id"])
    log_rows = [e.row() for e in cleaner.log]
    file_order = {name: i for i, name in enumerate(staged.raw_files)}
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    log["_f"] = log["datei"].map(lambda d: file_order.get(d, len(file_order)))
    log["_a"] = (log["ergebnis"] == ADDED).astype(int)
    log["_z"] = pd.to_numeric(log["zeile"], errors="coerce").fillna(0).astype(int)
    log = log.sort_values(["_a", "_f", "datei", "_z", "tabelle", "eintrag"], kind="stable")
    log = log.drop(columns=["_f", "_a", "_z"])
    review = pd.DataFrame(cleaner.review, columns=REVIEW_COLUMNS)
    review = review.drop_duplicates(["art", "id_a", "id_b"]).sort_values(
        ["art", "aehnlichkeit", "id_a", "id_b"], ascending=[True, False, True, True])
    result = CleanResult(str(wave), staged.form, akteure.reset_index(drop=True),
                         netzwerke.reset_index(drop=True),
                         mitgliedschaften.reset_index(drop=True),
                         None if kooperationen is None else kooperationen.reset_index(drop=True),
                         log.reset_index(drop=True), review.reset_index(drop=True),
                         list(staged.raw_files),
                         pd.DataFrame(cleaner.free_review, columns=FREE_REVIEW_COLUMNS))
    if write:
        write_processed(result, data_dir)
    return result


def _check_id_collisions(frame: pd.DataFrame, id_col: str, name_col: str) -> None:
    dupes = frame[frame[id_col].duplicated(keep=False)]
    if len(dupes):
        names = ", ".join(sorted(dupes[name_col]))
        raise BildungsnetzError(f"Zwei verschiedene Namen ergeben dieselbe Kennung "
                                f"{dupes[id_col].iloc[0]}: {names}. Bitte melden.")


#: Files of ``processed/<wave>/`` that later steps derive from the cleaned tables.
DERIVED_HIDDEN_FILES = (".analyse-cache.pkl", ".fingerprint")


def write_processed(result: CleanResult, data_dir: Path) -> Path:
    """Write the canonical tables of a CleanResult to ``processed/<wave>/``, each file
    atomically (the commands replace the folder as a whole, see ``safety``), and remove the
    results later steps derived from the previous tables, so that the folder never mixes
    new tables with old measures."""
    out = processed_dir(data_dir, result.wave)
    if result.kooperationen is None and (out / "kooperationen.csv").exists():
        guard_write(out / "kooperationen.csv")
        (out / "kooperationen.csv").unlink()
    for name, frame in result.tables().items():
        write_table(out, name, frame)
    # Everything else in the folder was derived from the previous tables (analysis results,
    # the analysis cache, the run's fingerprint): stale now, so it goes.
    remove_files(out, {f"{name}.csv" for name in result.tables()}, DERIVED_HIDDEN_FILES)
    return out


def accounting(result: CleanResult) -> pd.DataFrame:
    """Count the fate of the raw rows of each data file (for the report and the tests)."""
    return accounting_table(result.log)


def accounting_table(log: pd.DataFrame) -> pd.DataFrame:
    """Per raw data file of a cleaning log: rows kept, merged, rejected and in total
    (lines ``ergänzt`` describe derived entities and lines ``gelesen``/``ignoriert`` whole
    files, not raw rows; they are left out)."""
    log = log[log["ergebnis"].isin(ROW_RESULTS)]
    table = log.groupby(["datei", "ergebnis"]).size().unstack(fill_value=0)
    table = table.reindex(columns=[KEPT, MERGED, REJECTED], fill_value=0)
    table["gesamt"] = table.sum(axis=1)
    table.columns.name = None
    return table.reset_index()
