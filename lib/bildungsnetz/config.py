"""Paths, shared constants and defaults: what several layers need, defined once.

The data folder (``--data``, default ``./data``) holds ``raw/<wave>/`` (what a wave delivered,
never written), ``processed/<wave>/`` (derived tables) and ``external/`` (reference data kept by
hand). Wave names are checked by :func:`bildungsnetz.safety.check_wave_name`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from bildungsnetz.safety import check_wave_name

RAW, PROCESSED, EXTERNAL = "raw", "processed", "external"
PACKAGE_DIR = Path(__file__).resolve().parent

#: Weight of cooperation potential that involves a rural actor (report parameter).
DEFAULT_RURAL_WEIGHT = 1.5
#: Seed of everything random (community detection, map layout).
DEFAULT_SEED = 2025

#: Roles of an actor in a network, weakest first; a duplicate membership keeps the strongest.
ROLES = ("Mitglied", "Gastgeber", "Leitung")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}

#: Report notebooks, shipped as package data (``bildungsnetz.notebooks``, the repository's
#: ``notebooks/`` folder).
NOTEBOOK_PACKAGE = "bildungsnetz.notebooks"
WAVE_NOTEBOOK = "bericht.ipynb"
COMPARISON_NOTEBOOK = "vergleich.ipynb"


def raw_dir(data_dir: Path) -> Path:
    """``data_dir/raw``: the delivered waves (read only)."""
    return Path(data_dir) / RAW


def processed_dir(data_dir: Path, wave: str) -> Path:
    """``data_dir/processed/<wave>``; the name must be a valid wave name (no path)."""
    return Path(data_dir) / PROCESSED / check_wave_name(wave)


def relative_label(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` with ``/`` (as files are named in messages and logs);
    the whole path when it does not lie below ``base``."""
    try:
        return Path(path).relative_to(base).as_posix()
    except ValueError:
        return Path(path).as_posix()


def notebook_dir() -> Path | None:
    """The folder of the report notebooks (package data), or None when not installed."""
    try:
        folder = resources.files(NOTEBOOK_PACKAGE)
    except ModuleNotFoundError:
        return None
    path = Path(str(folder))
    return path if path.is_dir() else None


def notebook_path(name: str) -> Path | None:
    """The path of report notebook ``name``, or None."""
    folder = notebook_dir()
    if folder is None or not (folder / name).is_file():
        return None
    return folder / name


def code_files() -> list[Path]:
    """Files whose change invalidates every wave's outputs: the package and the notebooks."""
    files = sorted(
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file()
        and p.suffix in {".py", ".csv", ".html", ".css", ".js", ".j2", ".tpl", ".json", ".ipynb"}
        and "__pycache__" not in p.parts
    )
    notebooks = notebook_dir()
    if notebooks is not None and PACKAGE_DIR not in notebooks.parents:
        files += sorted(notebooks.glob("*.ipynb"))
    return files
