"""Cleaning: one wave's raw files -> canonical tables with stable ids + cleaning log.

:func:`clean_wave` reads the wave folder into staged records (:mod:`files`, :mod:`template`,
:mod:`limesurvey`) and runs the cleaning steps on one :class:`~state.CleaningState`:

1. actors (:mod:`actors`): rows of one institution merged, facts resolved;
2. networks (:mod:`networks`): rows merged, networks named only in the mapping added;
3. the networks' coordinating actors linked (in a survey export, coordinators without a
   response of their own added as actors with ``befragt`` = ``nein``);
4. memberships and cooperations (:mod:`memberships`), free text split (:mod:`freetext`);
5. likely duplicates proposed for review (:mod:`review`), pseudonyms given.

The rules are stated in each step's module and in the README. Ids are derived from the
canonical name only (``text.stable_id``), so they are the same in every wave. Personal data
(contact person, e-mail, phone, token, IP address) is read but never written.

Accounting: every raw row of every data file gets exactly one line in ``bereinigung.csv``
with ``ergebnis`` = ``behalten``, ``zusammengeführt`` or ``verworfen``; entities derived
from no row of their own (networks named only in the mapping or in free text) get extra
lines with ``ergebnis`` = ``ergänzt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bildungsnetz.config import processed_dir, relative_label
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.actors import add_named_coordinators, assign_pseudonyms, clean_actors
from bildungsnetz.ingest.files import survey_files, wave_dir
from bildungsnetz.ingest.limesurvey import stage_limesurvey
from bildungsnetz.ingest.memberships import clean_cooperations, clean_memberships
from bildungsnetz.ingest.networks import add_declared_networks, clean_networks, link_coordination
from bildungsnetz.ingest.processed import remove_files, write_table
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.ingest.review import review_actors
from bildungsnetz.ingest.staging import (
    ADDED,
    FILE_IGNORED,
    LogEntry,
    StagedWave,
    accounting_table,
    file_entry,
)
from bildungsnetz.ingest.state import CleaningState
from bildungsnetz.ingest.template import stage_template

AKTEURE_COLUMNS = [
    "akteur_id",
    "akteur",
    "anzeigename",
    "veroeffentlichen",
    "kategorie",
    "ebene",
    "plz",
    "ort",
    "landkreis",
    "bundesland",
    "raumtyp",
    "lat",
    "lon",
    "befragt",
]
NETZWERKE_COLUMNS = [
    "netzwerk_id",
    "netzwerk",
    "typ",
    "landkreis",
    "bundesland",
    "themen",
    "zielgruppen",
    "koordination_id",
]
MITGLIEDSCHAFTEN_COLUMNS = ["akteur_id", "netzwerk_id", "rolle"]
KOOPERATIONEN_COLUMNS = ["von_id", "an_id", "intensitaet"]
LOG_COLUMNS = ["datei", "zeile", "tabelle", "eintrag", "ergebnis", "ziel_id", "grund", "hinweis"]
REVIEW_COLUMNS = [
    "art",
    "name_a",
    "name_b",
    "id_a",
    "id_b",
    "aehnlichkeit",
    "vorschlag",
    "keine_dublette",
]
FREE_REVIEW_COLUMNS = [
    "datei",
    "zeile",
    "spalte",
    "text",
    "grund",
    "aehnlichstes_netzwerk",
    "aehnlichkeit",
]
#: Files of ``processed/<wave>/`` that later steps derive from the cleaned tables.
DERIVED_HIDDEN_FILES = (".analyse-cache.pkl", ".fingerprint")


@dataclass
class CleanResult:
    """The canonical tables of one wave (the files of ``processed/<wave>/``).

    Attributes
    ----------
    wave, form : str
        The wave's name and its raw form (``csv``, ``xlsx``, ``limesurvey``).
    akteure, netzwerke, mitgliedschaften : DataFrame
        The cleaned tables, sorted by id.
    kooperationen : DataFrame or None
        None when the wave has no cooperation table.
    log : DataFrame
        The cleaning log (``bereinigung.csv``).
    review : DataFrame
        Likely duplicates (``dubletten_pruefen.csv``).
    raw_files : list of str
        The raw data files, in reading order.
    free_review : DataFrame
        Free-text items not taken as networks (``freitext_pruefen.csv``).
    told_apart : int
        Pairs of alike actor names not proposed: they differ only in places or numbers.
    """

    wave: str
    form: str
    akteure: pd.DataFrame
    netzwerke: pd.DataFrame
    mitgliedschaften: pd.DataFrame
    kooperationen: pd.DataFrame | None
    log: pd.DataFrame
    review: pd.DataFrame
    raw_files: list
    free_review: pd.DataFrame
    told_apart: int = 0

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by file name (without ``.csv``), in writing order."""
        out = {
            "akteure": self.akteure,
            "netzwerke": self.netzwerke,
            "mitgliedschaften": self.mitgliedschaften,
        }
        if self.kooperationen is not None:
            out["kooperationen"] = self.kooperationen
        out["bereinigung"] = self.log
        out["dubletten_pruefen"] = self.review
        out["freitext_pruefen"] = self.free_review
        return out


def read_raw_wave(folder: Path, base: Path) -> StagedWave:
    """Read a wave folder in any of the supported forms into a StagedWave.

    Parameters
    ----------
    folder : Path
        The wave folder.
    base : Path
        Files are named relative to it in messages and in the log.

    Returns
    -------
    StagedWave
        The raw records; the log names every file read or ignored.
    """
    files = survey_files(folder, base)
    if files.form == "limesurvey":
        staged = stage_limesurvey(files, base)
    else:
        staged = stage_template(files, folder, base)
    for path, reason in files.ignored:
        staged.log.append(file_entry(relative_label(path, base), FILE_IGNORED, reason))
    return staged


def clean_wave(data_dir: Path, wave: str, *, write: bool = True) -> CleanResult:
    """Clean one wave: read ``raw/<wave>/`` and return the canonical tables.

    Parameters
    ----------
    data_dir : Path
        The data folder (``raw/``, ``processed/``, ``external/``).
    wave : str
        The wave (a folder name under ``raw/``).
    write : bool
        Whether to write the tables to ``processed/<wave>/`` (see :func:`write_processed`).

    Returns
    -------
    CleanResult

    Raises
    ------
    BildungsnetzError
        For any problem in the inputs (German message naming file, row and column).
    """
    data_dir = Path(data_dir)
    folder = wave_dir(data_dir, wave)
    ref = load_reference(data_dir)
    staged = read_raw_wave(folder, data_dir)
    state = CleaningState(staged, ref)
    clean_actors(state)
    clean_networks(state)
    add_declared_networks(state)
    add_named_coordinators(state)
    link_coordination(state)
    memberships = clean_memberships(state)
    cooperations = clean_cooperations(state)
    review_actors(state)
    assign_pseudonyms(list(state.actor_by_key.values()))
    result = CleanResult(
        wave=str(wave),
        form=staged.form,
        akteure=_actor_table(state),
        netzwerke=_network_table(state),
        mitgliedschaften=_sorted_table(
            memberships, MITGLIEDSCHAFTEN_COLUMNS, ["akteur_id", "netzwerk_id"]
        ),
        kooperationen=(
            None
            if cooperations is None
            else _sorted_table(cooperations, KOOPERATIONEN_COLUMNS, ["von_id", "an_id"])
        ),
        log=_log_table(state.log, staged.raw_files),
        review=_review_table(state.review),
        raw_files=list(staged.raw_files),
        free_review=pd.DataFrame(state.free_review, columns=FREE_REVIEW_COLUMNS),
        told_apart=state.review_told_apart,
    )
    if write:
        write_processed(result, data_dir)
    return result


def _sorted_table(rows: list[dict], columns: list[str], by: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns).sort_values(by).reset_index(drop=True)


def _actor_table(state: CleaningState) -> pd.DataFrame:
    akteure = _sorted_table(list(state.actor_by_key.values()), AKTEURE_COLUMNS, ["akteur_id"])
    _check_id_collisions(akteure, "akteur_id", "akteur")
    return akteure


def _network_table(state: CleaningState) -> pd.DataFrame:
    """Networks with their lists joined by ``;``."""
    rows = [
        {
            **{k: facts[k] for k in NETZWERKE_COLUMNS},
            "themen": ";".join(facts["themen"]),
            "zielgruppen": ";".join(facts["zielgruppen"]),
        }
        for facts in state.network_by_key.values()
    ]
    netzwerke = _sorted_table(rows, NETZWERKE_COLUMNS, ["netzwerk_id"])
    _check_id_collisions(netzwerke, "netzwerk_id", "netzwerk")
    return netzwerke


def _check_id_collisions(frame: pd.DataFrame, id_col: str, name_col: str) -> None:
    dupes = frame[frame[id_col].duplicated(keep=False)]
    if len(dupes):
        names = ", ".join(sorted(dupes[name_col]))
        raise BildungsnetzError(
            f"Zwei verschiedene Namen ergeben dieselbe Kennung "
            f"{dupes[id_col].iloc[0]}: {names}. Bitte melden."
        )


def _log_table(entries: list[LogEntry], raw_files: list[str]) -> pd.DataFrame:
    """The cleaning log in reading order.

    Raw files as read (rows by number), other files by name, lines ``ergänzt`` last.
    """
    file_order = {name: i for i, name in enumerate(raw_files)}
    log = pd.DataFrame([e.row() for e in entries], columns=LOG_COLUMNS)
    log["_f"] = log["datei"].map(lambda d: file_order.get(d, len(file_order)))
    log["_a"] = (log["ergebnis"] == ADDED).astype(int)
    log["_z"] = pd.to_numeric(log["zeile"], errors="coerce").fillna(0).astype(int)
    log = log.sort_values(["_a", "_f", "datei", "_z", "tabelle", "eintrag"], kind="stable")
    return log.drop(columns=["_f", "_a", "_z"]).reset_index(drop=True)


def _review_table(rows: list[dict]) -> pd.DataFrame:
    """Duplicate proposals, each pair once, the most similar first."""
    review = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    review = review.drop_duplicates(["art", "id_a", "id_b"]).sort_values(
        ["art", "aehnlichkeit", "id_a", "id_b"], ascending=[True, False, True, True]
    )
    return review.reset_index(drop=True)


def write_processed(result: CleanResult, data_dir: Path) -> Path:
    """Write the tables of a CleanResult to ``processed/<wave>/``.

    Each file is written atomically (the commands replace the folder as a whole, see
    ``safety``). Everything else in the folder was derived from the previous tables
    (analysis results, the analysis cache, the run's fingerprint, a ``kooperationen.csv``
    the wave no longer has) and is removed, so that the folder never mixes new tables with
    old measures.

    Returns
    -------
    Path
        The folder.
    """
    out = processed_dir(data_dir, result.wave)
    for name, frame in result.tables().items():
        write_table(out, name, frame)
    remove_files(out, {f"{name}.csv" for name in result.tables()}, DERIVED_HIDDEN_FILES)
    return out


def accounting(result: CleanResult) -> pd.DataFrame:
    """The per-file balance of a wave's raw rows (see :func:`staging.accounting_table`)."""
    return accounting_table(result.log)
