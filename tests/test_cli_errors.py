"""Bad input ends with a clear German message naming file, row and column, exit status 1
and no traceback — checked through the real command line."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run_cli(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "bildungsnetz.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def _assert_clean_failure(proc, *fragments):
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.stderr.startswith("Fehler: ")
    for fragment in fragments:
        assert fragment in proc.stderr, (fragment, proc.stderr)


def test_clean_succeeds_and_reports_counts(mini_data):
    proc = run_cli("clean", "w1", "--data", mini_data)
    assert proc.returncode == 0, proc.stderr
    assert "7 Zeilen = 5 behalten + 1 zusammengeführt + 1 verworfen" in proc.stdout


def test_unknown_wave(mini_data):
    proc = run_cli("clean", "1999", "--data", mini_data)
    _assert_clean_failure(proc, "Welle „1999“ gibt es nicht", "Vorhandene Wellen: w1")


def test_missing_required_column(mini_data):
    path = mini_data / "raw" / "w1" / "netzwerke.csv"
    text = path.read_text(encoding="utf-8").replace("netzwerk,typ", "name,typ", 1)
    path.write_text(text, encoding="utf-8")
    proc = run_cli("clean", "w1", "--data", mini_data)
    _assert_clean_failure(
        proc, "netzwerke.csv", "Zeile 1", "Spalte „netzwerk“", "Pflichtspalte fehlt"
    )


def test_empty_file(mini_data):
    (mini_data / "raw" / "w1" / "akteure.csv").write_bytes(b"")
    proc = run_cli("clean", "w1", "--data", mini_data)
    _assert_clean_failure(proc, "akteure.csv", "leer")


def test_undecodable_bytes(mini_data):
    path = mini_data / "raw" / "w1" / "akteure.csv"
    data = path.read_bytes() + b"Kaputt\x81\x8d GmbH,Schule,,,,,ja,,,\n"
    path.write_bytes(data)
    proc = run_cli("clean", "w1", "--data", mini_data)
    _assert_clean_failure(proc, "akteure.csv", "Zeile 9", "UTF-8")


def test_membership_of_unknown_network(mini_data):
    path = mini_data / "raw" / "w1" / "mitgliedschaften.csv"
    path.write_text(path.read_text(encoding="utf-8") + "IHK Cottbus,Geheimrat,\n", encoding="utf-8")
    proc = run_cli("clean", "w1", "--data", mini_data)
    _assert_clean_failure(
        proc,
        "mitgliedschaften.csv",
        "Zeile 9",
        "Spalte „netzwerk“",
        "Netzwerk „Geheimrat“ steht in keiner Tabelle",
    )


def test_duplicate_column(mini_data):
    path = mini_data / "raw" / "w1" / "netzwerke.csv"
    text = path.read_text(encoding="utf-8").replace("netzwerk,typ", "netzwerk,Netzwerk", 1)
    path.write_text(text, encoding="utf-8")
    proc = run_cli("clean", "w1", "--data", mini_data)
    _assert_clean_failure(proc, "netzwerke.csv", "zweimal")


@pytest.mark.parametrize("args", [["analyse", "1999"], ["run", "1999"]])
def test_unknown_wave_other_commands(mini_data, args, tmp_path):
    proc = run_cli(
        *args, "--data", mini_data, *(["--reports", tmp_path / "r"] if args[0] == "run" else [])
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "1999" in proc.stderr


def test_usage_errors_are_german():
    proc = run_cli("clean")
    assert proc.returncode == 2
    assert "Fehler: Es fehlt die Angabe: WELLE" in proc.stderr
    assert "usage" not in proc.stderr
    proc = run_cli("demo", "--scale", "x")
    assert "ganze Zahl" in proc.stderr
