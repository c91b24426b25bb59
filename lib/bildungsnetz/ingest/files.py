"""The inventory of a wave folder: which waves there are, and what each file of a wave is.

Every file in a wave folder is either read or reported with a German reason; nothing is
ignored silently (README, „Dateien im Wellenordner“). A folder whose files do not make one
wave in one form is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bildungsnetz.config import raw_dir, relative_label
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.readers import os_error_message
from bildungsnetz.safety import validate_wave, wave_name_problem

#: The tables of the tidy template (file stems, or sheet names of a workbook).
TIDY_TABLES = ("akteure", "netzwerke", "mitgliedschaften", "kooperationen")
TEXT_TABLE_SUFFIXES = {".csv", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
#: Table formats that are not read, with how the message names them.
UNREADABLE_TABLE_SUFFIXES = {
    ".xls": "im alten Excel-Format (.xls)",
    ".ods": "als OpenDocument-Tabelle (.ods)",
    ".numbers": "als Numbers-Tabelle (.numbers)",
    ".xlsb": "im binären Excel-Format (.xlsb)",
}
SYSTEM_FILES = {
    ".ds_store": "Ordnerdatei von macOS",
    "thumbs.db": "Vorschaudatei von Windows",
    "desktop.ini": "Ordnereinstellungen von Windows",
}
#: LimeSurvey structure files (survey, question, group).
SURVEY_STRUCTURE_SUFFIXES = {".lss", ".lsq", ".lsg"}

_NOT_A_TABLE = "keine Tabelle (erwartet: CSV oder Excel-Mappe) – wird nicht gelesen"


def list_waves(data_dir: Path) -> list[str]:
    """The names of the wave folders under ``data_dir/raw``, sorted.

    Hidden folders and names that are no valid wave name (see
    :func:`bildungsnetz.safety.wave_name_problem`) are left out.
    """
    raw = raw_dir(data_dir)
    if not raw.is_dir():
        return []
    return sorted(p.name for p in raw.iterdir() if p.is_dir() and wave_name_problem(p.name) is None)


def wave_dir(data_dir: Path, wave: str) -> Path:
    """``data_dir/raw/wave``, checked by :func:`bildungsnetz.safety.validate_wave`.

    Raises
    ------
    BildungsnetzError
        When ``wave`` is no folder directly under ``raw/`` (a path, ``..``, a symlink to
        outside) or does not exist; the German message lists the known waves.
    """
    return validate_wave(data_dir, wave)


@dataclass
class WaveFiles:
    """What a wave folder holds, sorted by the rule for each kind of file.

    Attributes
    ----------
    form : str
        ``limesurvey``, ``xlsx`` or ``csv``.
    tables : dict
        Role -> file. Roles: a tidy table name, or ``zuordnung``, ``export``, ``register``
        (survey export), or ``arbeitsmappe`` (workbook).
    ignored : list of tuple
        ``(path, German reason)`` for everything that is deliberately not read.
    structure : list of Path
        ``.lss``/``.lsq``/``.lsg`` files beside a survey export.
    """

    form: str
    tables: dict[str, Path] = field(default_factory=dict)
    ignored: list[tuple[Path, str]] = field(default_factory=list)
    structure: list[Path] = field(default_factory=list)


def ignore_reason(path: Path) -> str | None:
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
    """Sort the files of a wave folder by role.

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

    Parameters
    ----------
    folder : Path
        The wave folder.
    base : Path, optional
        Files are named relative to it in messages (default: full paths).

    Returns
    -------
    WaveFiles

    Raises
    ------
    BildungsnetzError
        When the folder cannot be listed or is ambiguous (German message).
    """
    labels = _Labels(folder, base)
    ignored, candidates = [], []
    for path in _entries(folder, labels.where):
        reason = ignore_reason(path)
        if reason:
            ignored.append((path, reason))
        else:
            candidates.append(path)
    text_tables = _with_suffix(candidates, TEXT_TABLE_SUFFIXES)
    workbooks = _with_suffix(candidates, WORKBOOK_SUFFIXES)
    structure = _with_suffix(candidates, SURVEY_STRUCTURE_SUFFIXES)
    unreadable = _with_suffix(candidates, UNREADABLE_TABLE_SUFFIXES)
    known = set(text_tables) | set(workbooks) | set(unreadable) | set(structure)
    ignored += [(path, _NOT_A_TABLE) for path in candidates if path not in known]
    for path in unreadable:
        raise BildungsnetzError(
            f"Die Tabelle ist {UNREADABLE_TABLE_SUFFIXES[path.suffix.casefold()]} gespeichert; "
            "solche Dateien werden nicht gelesen. Bitte als Excel-Arbeitsmappe (.xlsx) oder "
            "als „CSV UTF-8“ speichern und die alte Datei aus dem Wellenordner entfernen.",
            datei=labels.of(path),
        )
    by_stem = _tables_by_stem(text_tables, labels.where)
    if "zuordnung" in by_stem:
        return _survey_export(by_stem, workbooks, ignored, structure, labels.where)
    ignored += [
        (path, "Umfragestruktur ohne zuordnung.csv – wird nicht gelesen") for path in structure
    ]
    return _tidy_template(by_stem, workbooks, ignored, labels)


@dataclass
class _Labels:
    """How the folder and its files are named in messages."""

    folder: Path
    base: Path | None

    @property
    def where(self) -> str:
        return self.of(self.folder)

    def of(self, path: Path) -> str:
        return relative_label(path, self.base) if self.base is not None else str(path)


def _entries(folder: Path, where: str) -> list[Path]:
    try:
        return sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise BildungsnetzError(os_error_message(exc, where), datei=where) from None


def _with_suffix(paths: list[Path], suffixes) -> list[Path]:
    return [p for p in paths if p.suffix.casefold() in suffixes]


def _tables_by_stem(text_tables: list[Path], where: str) -> dict[str, Path]:
    """Text tables by their case-folded stem; two files of one stem are an error."""
    by_stem: dict[str, list[Path]] = {}
    for path in text_tables:
        by_stem.setdefault(path.stem.casefold(), []).append(path)
    for paths in by_stem.values():
        if len(paths) > 1:
            raise BildungsnetzError(
                "Zwei Dateien für dieselbe Tabelle: "
                + " und ".join(p.name for p in paths)
                + " (Namen unterscheiden sich nur in Groß-/Kleinschreibung oder Endung). "
                "Welche gilt? Bitte eine entfernen.",
                datei=where,
            )
    return {stem: paths[0] for stem, paths in by_stem.items()}


def _survey_export(
    by_stem: dict[str, Path],
    workbooks: list[Path],
    ignored: list,
    structure: list[Path],
    where: str,
) -> WaveFiles:
    """The files of a survey-export folder: mapping, export, register (optional)."""
    files = WaveFiles("limesurvey", ignored=ignored, structure=structure)
    files.tables["zuordnung"] = by_stem.pop("zuordnung")
    if "netzwerke" in by_stem:
        files.tables["register"] = by_stem.pop("netzwerke")
    exports = list(by_stem.values())
    if len(exports) != 1 or workbooks:
        found = ", ".join(p.name for p in exports + workbooks) or "keine"
        raise BildungsnetzError(
            "Neben zuordnung.csv (und optional netzwerke.csv) wird genau ein "
            f"Umfrage-Export (CSV) erwartet; gefunden: {found}.",
            datei=where,
        )
    files.tables["export"] = exports[0]
    return files


def _tidy_template(
    by_stem: dict[str, Path], workbooks: list[Path], ignored: list, labels: _Labels
) -> WaveFiles:
    """The files of a tidy-template folder: CSV tables or one workbook."""
    template = {stem: path for stem, path in by_stem.items() if stem in TIDY_TABLES}
    strangers = [path for stem, path in by_stem.items() if stem not in TIDY_TABLES]
    if strangers:
        raise BildungsnetzError(
            f"Die Datei {strangers[0].name} gehört zu keiner Tabelle der Vorlage (erwartet: "
            "akteure, netzwerke, mitgliedschaften, optional kooperationen). Bitte ihren Inhalt "
            "in die passende Tabelle übernehmen oder sie aus dem Wellenordner entfernen. "
            "Ein Umfrage-Export braucht daneben eine zuordnung.csv (Entwurf mit „bildungsnetz "
            "zuordnung WELLE“).",
            datei=labels.of(strangers[0]),
        )
    if workbooks and template:
        raise BildungsnetzError(
            "Der Wellenordner enthält die Vorlage zweimal: als CSV-Dateien ("
            + ", ".join(p.name for p in template.values())
            + ") und als Excel-Mappe ("
            + ", ".join(p.name for p in workbooks)
            + "). Welche gilt? Bitte eine Form "
            "entfernen.",
            datei=labels.where,
        )
    if len(workbooks) > 1:
        raise BildungsnetzError(
            "Der Wellenordner enthält mehrere Excel-Mappen ("
            + ", ".join(p.name for p in workbooks)
            + "); erwartet ist genau eine.",
            datei=labels.where,
        )
    if workbooks:
        return WaveFiles("xlsx", {"arbeitsmappe": workbooks[0]}, ignored)
    if template:
        return WaveFiles("csv", template, ignored)
    listed = ", ".join(p.name for p, _ in ignored) or "keine Dateien"
    raise BildungsnetzError(
        "Der Wellenordner enthält keine Eingabedateien (erwartet: akteure.csv, netzwerke.csv, "
        "mitgliedschaften.csv, eine Excel-Mappe mit diesen Blättern oder einen "
        f"Umfrage-Export mit zuordnung.csv). Gefunden: {listed}.",
        datei=labels.where,
    )
