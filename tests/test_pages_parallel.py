"""The actor profiles written by several processes (large waves) are the same files as written
by one (report/pages/render.py, ``PARALLEL_MIN_PROFILES``)."""

from __future__ import annotations

from pathlib import Path

from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.pipeline import analyse_step
from bildungsnetz.report.context import load_context
from bildungsnetz.report.pages import render


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.html"))}


def test_parallel_profiles_equal_serial(mini_data, tmp_path, monkeypatch):
    clean_wave(mini_data, "w1")
    analyse_step(mini_data, "w1")
    ctx = load_context(mini_data, "w1")
    serial = render.write_pages(ctx, tmp_path / "eins")
    monkeypatch.setattr(render, "PARALLEL_MIN_PROFILES", 1)
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    assert render._profile_workers(serial.actors) == 2
    parallel = render.write_pages(ctx, tmp_path / "zwei")
    assert serial.actors == parallel.actors > 0
    assert _files(tmp_path / "eins") == _files(tmp_path / "zwei")
    assert render._JOB is None
