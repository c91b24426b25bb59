"""Safety of the data and no tracebacks, through the real command line.

- A wave is a folder name under ``raw/``: paths, ``..``, hidden names, symlinks to outside,
  files and empty names are refused by ``clean``, ``analyse`` and ``run``; ``--reports``/
  processed output inside ``raw/`` is refused.
- Nothing is ever written under ``raw/`` (hash of every file before/after).
- A failed, timed-out or killed step leaves the previous good tables and reports.
- Unexpected errors become one German line plus a log file; read-only folders, a file where
  the processed folder belongs, over-long paths and a full disk give German messages.

Most tests call ``bildungsnetz.cli.main`` in this process (failures are simulated with
monkeypatch, since tests run as root and ``chmod`` would not stop them); the time-limit tests
start the command as a subprocess with the test hook ``BILDUNGSNETZ_TEST_HANG`` of
``pipeline._test_hook_hang``.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bildungsnetz import cli, pipeline, safety
from bildungsnetz.errors import BildungsnetzError
from conftest import MINI_EXTERNAL, MINI_TIDY, write

BROKEN_MEMBERSHIP = "Phantasia-Akademie,AG Berufsorientierung,Mitglied\n"


# ------------------------------------------------------------------------------ helpers


def tree_digest(folder: Path, *, ignore=()) -> str:
    """Hash of names, symlink targets and bytes of everything under ``folder``."""
    digest = hashlib.sha256()
    if not folder.exists():
        return "fehlt"
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if name in ignore:
                continue
            digest.update(rel.encode() + b"\0")
            if path.is_symlink():
                digest.update(b"->" + os.readlink(path).encode())
            elif path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cli_run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_german_failure(code, out, err, *fragments):
    assert code == 1, (code, out, err)
    assert "Traceback" not in err and "Traceback" not in out
    assert "Fehler" in err
    for fragment in fragments:
        assert fragment in err, (fragment, err)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Mini reference data, the tidy wave ``w1`` and a broken wave ``kaputt``."""
    root = tmp_path / "data"
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    for name, text in MINI_TIDY.items():
        write(root / "raw" / "w1" / name, text)
        write(root / "raw" / "kaputt" / name, text)
    with (root / "raw" / "kaputt" / "mitgliedschaften.csv").open("a", encoding="utf-8") as h:
        h.write(BROKEN_MEMBERSHIP)
    return root


def raw_digest(data: Path) -> str:
    return tree_digest(data / "raw")


def previous_state(data: Path, reports: Path, wave: str = "w1") -> str:
    """A 'previous good run' of a wave (stand-in files; the stamps do not match, so the wave
    is rebuilt). Returns the digest of both folders."""
    write(data / "processed" / wave / "akteure.csv", "akteur_id\nALT\n")
    write(data / "processed" / wave / ".fingerprint", "alt\n")
    write(reports / wave / "bericht.html", "<p>alter Bericht</p>\n")
    write(reports / wave / ".fingerprint", "alt\n")
    return state_digest(data, reports, wave)


def state_digest(data: Path, reports: Path, wave: str = "w1") -> str:
    ignore = (safety.ERROR_LOG, pipeline.FAILED_NOTEBOOK)
    return (
        tree_digest(data / "processed" / wave, ignore=ignore)
        + "|"
        + tree_digest(reports / wave, ignore=ignore)
    )


def no_leftovers(*folders: Path) -> None:
    for folder in folders:
        if folder.is_dir():
            hidden = [
                p.name
                for p in folder.iterdir()
                if p.name.startswith(".") and p.name not in (".fingerprint", safety.LOCK_FILE)
            ]
            assert not hidden, (folder, hidden)


@pytest.fixture
def fail_writes(monkeypatch):
    """Make opening files for writing fail as the operating system would, for paths that
    ``match`` (a function of the path text)."""
    real_open = builtins.open

    def install(match, error: OSError):
        def fake_open(file, mode="r", *args, **kwargs):
            if any(c in str(mode) for c in "wax+") and match(str(file)):
                raise error
            return real_open(file, mode, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", fake_open)

    return install


# ------------------------------------------------------------------------- wave names


def bad_names(data: Path) -> list[str]:
    raw = data / "raw"
    return [
        str(raw.resolve() / "w1"),
        str(raw / "w1"),
        "../raw/w1",
        "w1/..",
        "w1/",
        "..",
        ".",
        "",
        "  ",
        ".w1",
        "w1\\..\\..",
        "C:w1",
        "w1\x00",
        "x" * 300,
        "gibt-es-nicht",
    ]


@pytest.mark.parametrize("command", ["clean", "analyse", "run"])
def test_bad_wave_names_are_refused_and_raw_untouched(data, tmp_path, capsys, command):
    before = raw_digest(data)
    extra = ["--reports", tmp_path / "berichte", "--timeout", "0"] if command == "run" else []
    for name in bad_names(data):
        code, out, err = cli_run(capsys, command, name, "--data", data, *extra)
        assert_german_failure(code, out, err)
        assert err.startswith("Fehler: ") and err.count("\n") == 1, err
        assert "Welle" in err, err
    assert raw_digest(data) == before
    assert not (data / "processed").exists()  # nothing was written anywhere
    assert not (tmp_path / "berichte" / "w1").exists()


def test_absolute_wave_path_gets_a_hint_and_does_not_write_into_raw(data, capsys):
    # this used to write the processed tables INTO raw/w1
    before = raw_digest(data)
    code, out, err = cli_run(capsys, "clean", (data / "raw" / "w1").resolve(), "--data", data)
    assert_german_failure(
        code, out, err, "kein gültiger Name einer Welle", "Gemeint ist vermutlich „w1“"
    )
    code, out, err = cli_run(capsys, "clean", "../raw/w1", "--data", data / "raw" / "w1")
    assert code == 1 and "Traceback" not in err
    assert raw_digest(data) == before


def test_symlinked_wave_outside_raw_is_refused(data, tmp_path, capsys):
    outside = tmp_path / "anderswo"
    for name, text in MINI_TIDY.items():
        write(outside / name, text)
    (data / "raw" / "fremd").symlink_to(outside, target_is_directory=True)
    before = raw_digest(data), tree_digest(outside)
    for command in ("clean", "analyse"):
        code, out, err = cli_run(capsys, command, "fremd", "--data", data)
        assert_german_failure(code, out, err, "verweist auf", "nicht auf einen Ordner direkt")
    code, out, err = cli_run(
        capsys, "run", "fremd", "--data", data, "--reports", tmp_path / "r", "--timeout", "0"
    )
    assert_german_failure(code, out, err, "verweist auf")
    assert (raw_digest(data), tree_digest(outside)) == before
    assert not (data / "processed" / "fremd").exists()


def test_a_file_is_no_wave(data, capsys):
    write(data / "raw" / "notiz.txt", "keine Welle\n")
    code, out, err = cli_run(capsys, "analyse", "notiz.txt", "--data", data)
    assert_german_failure(code, out, err, "ist kein Ordner", "Vorhandene Wellen: kaputt, w1")


def test_validation_rules_directly(data):
    assert safety.validate_wave(data, "w1") == data / "raw" / "w1"
    for name in bad_names(data):
        with pytest.raises(BildungsnetzError):
            safety.validate_wave(data, name)
    assert safety.wave_name_problem("2025-Herbst") is None
    assert safety.wave_name_problem("Welle 2 (Nachbefragung)") is None


# ----------------------------------------------------------------- output folders vs raw


@pytest.mark.parametrize("reports", ["raw", "raw/w1", "raw/neu/tief", "processed"])
def test_reports_inside_raw_or_processed_are_refused(data, capsys, reports):
    before = raw_digest(data)
    code, out, err = cli_run(
        capsys, "run", "w1", "--data", data, "--reports", data / reports, "--timeout", "0"
    )
    assert_german_failure(code, out, err, "Berichtsordner")
    assert raw_digest(data) == before
    assert not (data / "processed" / "w1").exists()


def test_processed_folder_pointing_into_raw_is_refused(data, capsys):
    (data / "processed").symlink_to(data / "raw", target_is_directory=True)
    before = raw_digest(data)
    for command in ("clean", "analyse"):
        code, out, err = cli_run(capsys, command, "w1", "--data", data)
        assert_german_failure(code, out, err, "liegt im Ordner der Rohdaten")
    assert raw_digest(data) == before


def test_processed_wave_folder_symlinked_to_raw_is_refused(data, tmp_path, capsys):
    (data / "processed").mkdir()
    (data / "processed" / "w1").symlink_to(data / "raw" / "w1", target_is_directory=True)
    before = raw_digest(data)
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert_german_failure(code, out, err, "liegt im Ordner der Rohdaten")
    code, out, err = cli_run(
        capsys, "run", "--data", data, "--reports", tmp_path / "r", "--timeout", "0"
    )
    assert code == 1 and "Traceback" not in err
    assert "Fehler in Welle w1: " in err and "Rohdaten" in err
    assert raw_digest(data) == before


def test_reports_folder_may_contain_the_data_folder_but_not_a_wave_named_raw(data, capsys):
    # --reports pointing at the data folder is allowed, a wave called "raw" then would
    # put reports/raw onto data/raw: refused
    for name, text in MINI_TIDY.items():
        write(data / "raw" / "raw" / name, text)
    before = raw_digest(data)
    code, out, err = cli_run(
        capsys, "run", "raw", "--data", data, "--reports", data, "--timeout", "0"
    )
    assert_german_failure(code, out, err, "Rohdaten")
    assert raw_digest(data) == before


def test_guard_refuses_writes_under_raw(data):
    safety.protect(data / "raw")
    before = raw_digest(data)
    with pytest.raises(BildungsnetzError, match="nie unter raw/"):
        safety.atomic_write_text(data / "raw" / "w1" / "akteure.csv", "kaputt")
    with pytest.raises(BildungsnetzError):
        safety.rmtree(data / "raw" / "w1")
    with pytest.raises(BildungsnetzError):
        safety.FolderTransaction([data / "raw" / "w1"]).begin()
    assert raw_digest(data) == before


# ------------------------------------------------------------- a clashing processed folder


@pytest.mark.parametrize("command", ["clean", "analyse", "run"])
def test_processed_wave_folder_is_a_file(data, tmp_path, capsys, command):
    write(data / "processed" / "w1", "ich bin eine Datei\n")
    before = raw_digest(data)
    extra = ["--reports", tmp_path / "r", "--timeout", "0"] if command == "run" else []
    code, out, err = cli_run(capsys, command, "w1", "--data", data, *extra)
    assert_german_failure(
        code, out, err, "ist eine Datei, kein Ordner", str(data / "processed" / "w1")
    )
    assert (data / "processed" / "w1").read_text() == "ich bin eine Datei\n"
    assert raw_digest(data) == before


def test_processed_folder_is_a_file(data, capsys):
    write(data / "processed", "Datei statt Ordner\n")
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert_german_failure(code, out, err, "ist eine Datei, kein Ordner", str(data / "processed"))


def test_reports_wave_folder_is_a_file(data, tmp_path, capsys):
    reports = tmp_path / "r"
    write(reports / "kaputt", "Datei\n")
    before = raw_digest(data)
    code, out, err = cli_run(
        capsys, "run", "--data", data, "--reports", reports, "--timeout", "0", "kaputt"
    )
    assert_german_failure(code, out, err, "Berichtsordner", "ist eine Datei")
    assert raw_digest(data) == before


# ----------------------------------------------------------------- over-long paths


def test_over_long_paths(data, tmp_path, capsys):
    long_data = tmp_path / ("d" * 300)
    code, out, err = cli_run(capsys, "clean", "w1", "--data", long_data)
    assert_german_failure(code, out, err, "zu lang", "d" * 300)
    code, out, err = cli_run(
        capsys, "run", "w1", "--data", data, "--reports", tmp_path / ("r" * 300), "--timeout", "0"
    )
    assert_german_failure(code, out, err, "zu lang", "r" * 300)
    code, out, err = cli_run(capsys, "analyse", "w" * 300, "--data", data)
    assert_german_failure(code, out, err, "zu lang")
    assert not (data / "processed").exists()


def test_enametoolong_while_writing(data, capsys, fail_writes):
    fail_writes(
        lambda p: "netzwerke.csv" in p, OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
    )
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert_german_failure(
        code, out, err, "Pfad ist zu lang", str(data / "processed" / "w1" / "netzwerke.csv")
    )
    assert err.count("\n") == 1


# --------------------------------------------- read-only processed folder and full disk


def clean_then_change_raw(data: Path, capsys) -> str:
    """A good ``clean`` of w1, then raw/w1 changes so that a new clean would differ."""
    assert cli_run(capsys, "clean", "w1", "--data", data)[0] == 0
    with (data / "raw" / "w1" / "akteure.csv").open("a", encoding="utf-8") as handle:
        handle.write("Neue Oberschule Cottbus,Schule,03044,Cottbus,,Kommune,ja,,,\n")
    return tree_digest(data / "processed" / "w1")


def test_read_only_processed_folder(data, capsys, fail_writes):
    good = clean_then_change_raw(data, capsys)
    before = raw_digest(data)
    processed = str(data / "processed")
    fail_writes(
        lambda p: p.startswith(processed), PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    )
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert_german_failure(code, out, err, "Keine Berechtigung", processed)
    assert err.count("\n") == 1
    # the log could not go to processed/w1: it went to the temporary folder, and we say so
    assert "im temporären Ordner, weil" in err and "nicht beschreibbar" in err
    log = Path(err.split("Einzelheiten: ")[1].split(" (im temporären")[0])
    assert log.is_file() and "PermissionError" in log.read_text(encoding="utf-8")
    log.unlink()
    assert tree_digest(data / "processed" / "w1") == good
    assert raw_digest(data) == before
    no_leftovers(data / "processed")


def test_full_disk_during_clean_keeps_the_previous_tables(data, capsys, fail_writes):
    good = clean_then_change_raw(data, capsys)
    before = raw_digest(data)
    # akteure.csv and netzwerke.csv are already replaced when mitgliedschaften.csv fails
    fail_writes(
        lambda p: ".mitgliedschaften.csv." in p, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    )
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert_german_failure(
        code,
        out,
        err,
        "Kein Speicherplatz",
        str(data / "processed" / "w1" / "mitgliedschaften.csv"),
    )
    assert err.count("\n") == 1
    log = data / "processed" / "w1" / safety.ERROR_LOG
    assert str(log) in err and "Traceback" in log.read_text(encoding="utf-8")
    assert tree_digest(data / "processed" / "w1", ignore=(safety.ERROR_LOG,)) == good
    assert raw_digest(data) == before
    no_leftovers(data / "processed")


def test_full_disk_during_analyse_keeps_the_previous_results(data, capsys, fail_writes):
    assert cli_run(capsys, "clean", "w1", "--data", data)[0] == 0
    assert cli_run(capsys, "analyse", "w1", "--data", data)[0] == 0
    # a marked earlier result: analyse writes kennzahlen_akteure.csv before potenziale.csv
    (data / "processed" / "w1" / "kennzahlen_akteure.csv").write_text("ALT\n")
    good = tree_digest(data / "processed" / "w1")
    fail_writes(lambda p: ".potenziale.csv." in p, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    code, out, err = cli_run(capsys, "analyse", "w1", "--data", data)
    assert_german_failure(code, out, err, "Kein Speicherplatz", "potenziale.csv")
    assert tree_digest(data / "processed" / "w1", ignore=(safety.ERROR_LOG,)) == good
    no_leftovers(data / "processed")


def test_stale_error_log_removed_by_the_next_good_step(data, capsys):
    write(data / "processed" / "w1" / safety.ERROR_LOG, "alt\n")
    assert cli_run(capsys, "clean", "w1", "--data", data)[0] == 0
    assert not (data / "processed" / "w1" / safety.ERROR_LOG).exists()


def test_full_disk_during_run_keeps_previous_tables_and_reports(
    data, tmp_path, capsys, fail_writes
):
    reports = tmp_path / "r"
    good = previous_state(data, reports)
    before = raw_digest(data)
    fail_writes(
        lambda p: ".bereinigung.csv." in p, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    )
    code, out, err = cli_run(
        capsys, "run", "w1", "--data", data, "--reports", reports, "--timeout", "0"
    )
    assert_german_failure(
        code,
        out,
        err,
        "Fehler in Welle w1: Kein Speicherplatz",
        "bereinigung.csv",
        str(reports / "w1" / safety.ERROR_LOG),
    )
    assert state_digest(data, reports) == good
    assert raw_digest(data) == before
    no_leftovers(data / "processed", reports)


def test_read_only_processed_during_run(data, tmp_path, capsys, monkeypatch):
    """Renaming the previous folder aside fails as in a read-only processed/ folder."""
    reports = tmp_path / "r"
    good = previous_state(data, reports)
    real_replace = os.replace

    def replace(src, dst):
        if "processed" in str(src) and ".vorher" in str(dst):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(src), None, str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(safety.os, "replace", replace)
    code, out, err = cli_run(
        capsys, "run", "w1", "--data", data, "--reports", reports, "--timeout", "0"
    )
    assert_german_failure(
        code, out, err, "Fehler in Welle w1: Keine Berechtigung", str(data / "processed" / "w1")
    )
    assert state_digest(data, reports) == good
    no_leftovers(data / "processed", reports)


# ------------------------------------------------------------ unexpected errors → log file


def test_unexpected_error_in_clean_is_one_line_and_a_log(data, capsys, monkeypatch):
    assert cli_run(capsys, "clean", "w1", "--data", data)[0] == 0
    good = tree_digest(data / "processed" / "w1")
    from bildungsnetz.ingest import clean

    def broken(*args, **kwargs):
        (data / "processed" / "w1" / "akteure.csv").write_text("halb\n")  # half-written
        raise RuntimeError("etwas\nganz Unerwartetes")

    monkeypatch.setattr(clean, "clean_wave", broken)
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1
    assert err.startswith(
        "Fehler: Unerwarteter interner Fehler (RuntimeError: etwas ganz Unerwartetes)."
    )
    log = data / "processed" / "w1" / safety.ERROR_LOG
    assert f"Einzelheiten: {log}." in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text
    assert tree_digest(data / "processed" / "w1", ignore=(safety.ERROR_LOG,)) == good


def test_unexpected_error_in_run_fails_the_wave_alone(data, tmp_path, capsys, monkeypatch):
    reports = tmp_path / "r"
    good = previous_state(data, reports)
    before = raw_digest(data)

    def broken(data_dir, reports_dir, wave, *, progress=print, parameters=None):
        (Path(reports_dir) / wave).mkdir(parents=True, exist_ok=True)
        (Path(reports_dir) / wave / "bericht.html").write_text("halb")
        raise KeyError("spalte")

    monkeypatch.setattr(pipeline, "run_wave", broken)
    code, out, err = cli_run(
        capsys, "run", "w1", "kaputt", "--data", data, "--reports", reports, "--timeout", "0"
    )
    assert code == 1 and "Traceback" not in err and "Traceback" not in out
    lines = err.splitlines()
    assert lines[0] == (
        f"Interner Fehler in Welle w1 (KeyError: 'spalte'). Einzelheiten: "
        f"{reports / 'w1' / safety.ERROR_LOG}."
    )
    assert lines[1].startswith("Interner Fehler in Welle kaputt (KeyError")
    assert "2 von 2 Welle(n) fehlgeschlagen: w1, kaputt" in err
    assert "KeyError" in (reports / "w1" / safety.ERROR_LOG).read_text(encoding="utf-8")
    assert state_digest(data, reports) == good
    assert raw_digest(data) == before
    assert (reports / "index.html").is_file()


def test_unexpected_error_in_overview(data, tmp_path, capsys, monkeypatch):
    from bildungsnetz.report import build as report

    def broken(*args, **kwargs):
        raise ValueError("Übersicht kaputt")

    monkeypatch.setattr(report, "build_overview", broken)
    code, out, err = cli_run(
        capsys, "run", "kaputt", "--data", data, "--reports", tmp_path / "r", "--timeout", "0"
    )
    assert code == 1 and "Traceback" not in err
    assert (
        "Interner Fehler in der Übersicht (ValueError: Übersicht kaputt). Einzelheiten: "
        f"{tmp_path / 'r' / safety.ERROR_LOG}." in err
    )


def test_input_error_in_child_process(data, tmp_path, capsys):
    """The default: each wave in a child process; its German message comes through."""
    reports = tmp_path / "r"
    good = previous_state(data, reports, "kaputt")
    before = raw_digest(data)
    code, out, err = cli_run(capsys, "run", "kaputt", "--data", data, "--reports", reports)
    assert_german_failure(
        code,
        out,
        err,
        "Fehler in Welle kaputt: ",
        "mitgliedschaften.csv",
        "Zeile 9",
        "Phantasia-Akademie",
    )
    assert "[kaputt] Bereinigung" in out  # progress of the child
    assert state_digest(data, reports, "kaputt") == good
    assert not (reports / "kaputt" / safety.ERROR_LOG).exists()
    assert raw_digest(data) == before


# ------------------------------------------------------------------- leftovers of a crash


def test_leftover_of_a_killed_run_is_restored(data, tmp_path, capsys):
    processed = data / "processed"
    write(processed / ".w1.vorher" / "akteure.csv", "akteur_id\nALT\n")
    write(processed / "w1" / "akteure.csv", "halb")  # the killed run's work
    write(processed / ".w1.kopie" / "akteure.csv", "halbe Kopie")
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert code == 0, err
    assert "Reste eines abgebrochenen Laufs" in out
    assert "akteur_id,akteur" in (processed / "w1" / "akteure.csv").read_text("utf-8")
    no_leftovers(processed)


def test_leftover_restored_even_when_the_next_step_fails(data, tmp_path, capsys):
    reports = tmp_path / "r"
    write(data / "processed" / ".kaputt.vorher" / "akteure.csv", "ALT\n")
    write(data / "processed" / "kaputt" / "akteure.csv", "halb\n")
    write(reports / ".kaputt.vorher" / "bericht.html", "alt\n")
    write(reports / "kaputt" / "bericht.html", "halb\n")
    code, out, err = cli_run(
        capsys, "run", "kaputt", "--data", data, "--reports", reports, "--timeout", "0"
    )
    assert code == 1 and "Fehler in Welle kaputt" in err
    assert "[kaputt] Reste eines abgebrochenen Laufs" in out
    assert (data / "processed" / "kaputt" / "akteure.csv").read_text() == "ALT\n"
    assert (reports / "kaputt" / "bericht.html").read_text() == "alt\n"
    no_leftovers(data / "processed", reports)


def test_leftover_of_a_wave_that_did_not_exist_before(data, tmp_path):
    folder = tmp_path / "out" / "w9"
    write(folder.parent / ".w9.vorher" / safety.ABSENT_MARKER, "")
    write(folder / "halb.csv", "x")
    assert safety.recover_folder(folder)
    assert not folder.exists() and not (folder.parent / ".w9.vorher").exists()


def test_folder_transaction(tmp_path):
    folder = tmp_path / "p" / "w1"
    write(folder / "a.csv", "alt\n")
    for mode in ("move", "copy"):
        with pytest.raises(RuntimeError):
            with safety.FolderTransaction([folder], mode=mode):
                assert (folder / "a.csv").exists() == (mode == "copy")
                write(folder / "a.csv", "neu\n")
                write(folder / "b.csv", "neu\n")
                raise RuntimeError
        assert sorted(p.name for p in folder.iterdir()) == ["a.csv"]
        assert (folder / "a.csv").read_text() == "alt\n"
    with safety.FolderTransaction([folder], mode="move"):
        write(folder / "a.csv", "neu\n")
    assert (folder / "a.csv").read_text() == "neu\n"
    no_leftovers(folder.parent)
    fresh = tmp_path / "p" / "w2"
    with pytest.raises(KeyboardInterrupt):
        with safety.FolderTransaction([fresh], mode="copy"):
            write(fresh / "a.csv", "x")
            raise KeyboardInterrupt
    assert not fresh.exists()
    no_leftovers(fresh.parent)


def test_atomic_write_keeps_the_old_file_on_error(tmp_path):
    target = write(tmp_path / "t.csv", "alt\n")
    with pytest.raises(ValueError):
        with safety.atomic_path(target) as tmp:
            tmp.write_text("halb")
            raise ValueError
    assert target.read_text() == "alt\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
    safety.atomic_write_text(target, "neu\n")
    assert target.read_text() == "neu\n" and len(list(tmp_path.iterdir())) == 1


# --------------------------------------------------------------------------- time limit


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_kill_tree_ends_children_and_grandchildren(tmp_path):
    pids = tmp_path / "pids"
    code = (
        "import subprocess, sys, time, pathlib; "
        "g = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
        f"pathlib.Path({str(pids)!r}).write_text(str(g.pid)); time.sleep(600)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 30
    while not (pids.exists() and pids.read_text()) and time.time() < deadline:
        time.sleep(0.05)
    grandchild = int(pids.read_text())
    safety.kill_tree(proc.pid)
    proc.wait(timeout=10)
    assert gone(proc.pid) and gone(grandchild)


def hang_run(data: Path, reports: Path, pids: Path, *waves, timeout: str = "5"):
    env = dict(os.environ, **{pipeline.TEST_HANG_ENV: "w1", pipeline.TEST_PIDS_ENV: str(pids)})
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bildungsnetz.cli",
            "run",
            *waves,
            "--data",
            str(data),
            "--reports",
            str(reports),
            "--timeout",
            timeout,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return proc, time.perf_counter() - started


def test_hanging_wave_is_killed_and_the_others_go_on(data, tmp_path):
    reports = tmp_path / "r"
    good = previous_state(data, reports)
    before = raw_digest(data)
    pids = tmp_path / "pids"
    proc, seconds = hang_run(data, reports, pids, "w1", "kaputt")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert "Fehler in Welle w1: Die Welle hat das Zeitlimit von 5 s überschritten" in proc.stderr, (
        proc.stderr
    )
    assert "vorherigen Ergebnisse der Welle bleiben erhalten" in proc.stderr
    assert "Fehler in Welle kaputt: " in proc.stderr  # the next wave still ran
    assert "2 von 2 Welle(n) fehlgeschlagen: w1, kaputt" in proc.stderr
    child, grandchild = map(int, pids.read_text().split())
    assert gone(child) and gone(grandchild)
    # cleaning had written processed/w1 when the wave hung: the previous state is back
    assert state_digest(data, reports) == good
    assert raw_digest(data) == before
    no_leftovers(data / "processed", reports)
    assert seconds < 60


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL of the parent process")
def test_killed_run_leaves_no_processes_and_the_next_run_restores(data, tmp_path):
    reports = tmp_path / "r"
    good = previous_state(data, reports)
    pids = tmp_path / "pids"
    env = dict(os.environ, **{pipeline.TEST_HANG_ENV: "w1", pipeline.TEST_PIDS_ENV: str(pids)})
    parent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bildungsnetz.cli",
            "run",
            "w1",
            "--data",
            str(data),
            "--reports",
            str(reports),
            "--timeout",
            "300",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while not (pids.exists() and pids.read_text()) and time.time() < deadline:
        time.sleep(0.1)
    child, grandchild = map(int, pids.read_text().split())
    assert (data / "processed" / ".w1.vorher").is_dir()  # the wave is under way
    parent.kill()  # like a crash: no clean-up
    parent.wait()
    deadline = time.time() + 20  # the child's watchdog
    while not (gone(child) and gone(grandchild)) and time.time() < deadline:
        time.sleep(0.1)
    assert gone(child) and gone(grandchild)
    for folder in (data / "processed", reports):  # cleanup of the next run
        for wave in ("w1", "kaputt"):
            assert safety.recover_folder(folder / wave) == (wave == "w1")
    assert state_digest(data, reports) == good
    no_leftovers(data / "processed", reports)


def test_failed_notebook_is_kept_beside_the_previous_report(data, tmp_path, capsys, monkeypatch):
    reports = tmp_path / "r"
    good = previous_state(data, reports)

    def notebook_fails(data_dir, reports_dir, wave, *, progress=print, parameters=None):
        executed = Path(reports_dir).resolve() / wave / "bericht.ipynb"
        write(executed, '{"zellen": "ausgeführt"}')
        raise BildungsnetzError(
            f"Das Notebook bericht.ipynb ist in Zelle 3 abgebrochen: "
            f"KeyError: 'x'. Das ausgeführte Notebook liegt zur Prüfung "
            f"unter {executed}."
        )

    monkeypatch.setattr(pipeline, "run_wave", notebook_fails)
    code, out, err = cli_run(
        capsys, "run", "w1", "--data", data, "--reports", reports, "--timeout", "0"
    )
    kept = reports / "w1" / pipeline.FAILED_NOTEBOOK
    assert_german_failure(code, out, err, f"liegt zur Prüfung unter {kept}.")
    assert kept.read_text() == '{"zellen": "ausgeführt"}'
    assert state_digest(data, reports) == good  # the old report is untouched
    no_leftovers(data / "processed", reports)


@pytest.mark.slow
def test_hanging_wave_fails_alone_while_a_good_wave_finishes(data, tmp_path):
    for name, text in MINI_TIDY.items():
        write(data / "raw" / "w2" / name, text)
    reports = tmp_path / "r"
    before = raw_digest(data)
    proc, _ = hang_run(data, reports, tmp_path / "pids", "w1", "w2", timeout="45")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Fehler in Welle w1: Die Welle hat das Zeitlimit von 45 s" in proc.stderr
    assert "[w2] fertig" in proc.stdout
    assert (reports / "w2" / "bericht.html").is_file()
    assert not (reports / "w1").exists() and not (data / "processed" / "w1").exists()
    assert raw_digest(data) == before
    no_leftovers(data / "processed", reports)


def test_timeout_option(capsys, data, tmp_path):
    assert cli.DEFAULT_TIMEOUT == pipeline.DEFAULT_TIMEOUT
    args = cli.build_parser().parse_args(["run"])
    assert args.timeout == pipeline.DEFAULT_TIMEOUT
    for bad in ("-1", "zehn", "nan", "inf", "1e12"):
        with pytest.raises(SystemExit) as info:
            cli.main(["run", "--timeout", bad, "--data", str(data)])
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert "--timeout erwartet Sekunden" in err and "Traceback" not in err


# --------------------------------------------------------------------------- one run at a time

HOLD_LOCK = """
import sys, time
from pathlib import Path
from bildungsnetz.safety import data_lock
with data_lock(Path(sys.argv[1])):
    print("gesperrt", flush=True)
    time.sleep(120)
"""


def test_a_second_command_on_the_same_data_folder_stops_with_a_german_message(data, capsys):
    reports = data.parent / "berichte"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "gesperrt"
        before = raw_digest(data)
        for command in (["clean", "w1"], ["analyse", "w1"], ["run", "w1"]):
            extra = ["--reports", reports] if command[0] == "run" else []
            code, out, err = cli_run(capsys, *command, "--data", data, *extra)
            assert_german_failure(
                code, out, err, "wird gerade von einem anderen Aufruf von bildungsnetz bearbeitet"
            )
            assert not (data / "processed" / "w1").exists()  # nothing was written
        assert not reports.exists()
        # publishing from JupyterLab waits for no one either
        from bildungsnetz.report import build

        with pytest.raises(BildungsnetzError, match="von einem anderen Aufruf"):
            build.publish("w1", data, reports)
        assert not (reports / "w1").exists()
        assert raw_digest(data) == before
    finally:
        safety.kill_tree(holder.pid)
        holder.wait(timeout=30)
    # the lock ends with its process, however it ends: the next command runs
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert code == 0, err
    assert (data / "processed" / "w1" / "akteure.csv").is_file()


def test_clean_and_analyse_report_in_german_numbers(data, capsys):
    code, out, err = cli_run(capsys, "clean", "w1", "--data", data)
    assert code == 0, err
    first = out.splitlines()[0]
    assert re.search(r"bereinigt \(\w+\) in \d+,\d s: ", first), first
    assert not re.search(r"\d\.\d s", out)
    assert not re.search(r"\b1 (Akteure|Netzwerke|Mitgliedschaften)\b", first), first
    code, out, err = cli_run(capsys, "analyse", "w1", "--data", data)
    assert code == 0, err
    assert re.search(r"analysiert in \d+,\d s;", out), out
