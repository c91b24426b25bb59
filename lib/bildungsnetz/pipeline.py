"""The batch run: every wave from raw to its outputs, each wave independent.

A wave whose inputs (raw files, reference data) and code are unchanged since its last
successful run is skipped. A wave that fails is reported with a German message and the others
go on; the exit status is non-zero if any wave failed.
"""

from __future__ import annotations

import hashlib
import sys
import time
import traceback
from pathlib import Path

from .clean import list_waves, processed_dir, wave_dir
from .errors import BildungsnetzError
from .reference import REFERENCE_FILES, reference_path

PACKAGE_DIR = Path(__file__).resolve().parent
FINGERPRINT_FILE = ".fingerprint"


def code_files() -> list[Path]:
    """Files whose change invalidates every wave's outputs: the package and the notebooks."""
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file()
                   and p.suffix in {".py", ".csv", ".html", ".css", ".js", ".j2", ".tpl",
                                    ".json", ".ipynb"} and "__pycache__" not in p.parts)
    notebooks = notebook_dir()
    if notebooks is not None:
        files += sorted(notebooks.glob("*.ipynb"))
    return files


def notebook_dir() -> Path | None:
    """The repository's ``notebooks/`` folder (the package is installed from the checkout)."""
    candidate = PACKAGE_DIR.parents[1] / "notebooks"
    return candidate if candidate.is_dir() else None


def fingerprint(data_dir: Path, wave: str) -> str:
    """SHA-256 over the wave's raw files, the reference data and the code."""
    digest = hashlib.sha256()
    folder = wave_dir(data_dir, wave)
    inputs = sorted(p for p in folder.rglob("*") if p.is_file())
    inputs += [reference_path(data_dir, name) for name in REFERENCE_FILES]
    for path in inputs + code_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_paths(data_dir: Path, reports_dir: Path, wave: str) -> list[Path]:
    return [processed_dir(data_dir, wave) / FINGERPRINT_FILE,
            Path(reports_dir) / wave / FINGERPRINT_FILE]


def is_up_to_date(data_dir: Path, reports_dir: Path, wave: str, stamp: str) -> bool:
    paths = _stamp_paths(data_dir, reports_dir, wave)
    return all(p.exists() and p.read_text().strip() == stamp for p in paths)


def _overview_stamp(data_dir: Path, reports_dir: Path, waves: list[str], failed) -> str:
    """Fingerprint of what the overview shows: each wave's stamp (or failure) and the code."""
    digest = hashlib.sha256()
    for wave in waves:
        stamp = processed_dir(data_dir, wave) / FINGERPRINT_FILE
        state = "fehlgeschlagen" if wave in failed else (
            stamp.read_text().strip() if stamp.exists() else "-")
        digest.update(f"{wave}={state};".encode())
    for path in code_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run_wave(data_dir: Path, reports_dir: Path, wave: str, *, progress=print) -> None:
    """Clean, analyse and report one wave."""
    from .clean import clean_wave
    from .views import analysis_results

    progress(f"  [{wave}] Bereinigung …")
    clean_wave(data_dir, wave)
    progress(f"  [{wave}] Analyse …")
    analysis_results(data_dir, wave, write=True)   # writes the CSVs and the report's cache
    from .report import build_wave_report

    progress(f"  [{wave}] Bericht …")
    build_wave_report(data_dir, reports_dir, wave, progress=progress)


def run_waves(data_dir: Path, reports_dir: Path, waves: list[str] | None = None, *,
              force: bool = False, progress=print) -> int:
    """Run every named wave (all waves under ``raw/`` when none are named).

    Returns the exit status: 0 if every wave succeeded, 1 otherwise.
    """
    data_dir, reports_dir = Path(data_dir), Path(reports_dir)
    all_waves = list_waves(data_dir)
    waves = list(waves or all_waves)
    if not waves:
        raise BildungsnetzError(
            f"Unter {data_dir / 'raw'} liegt keine Befragungswelle. Demodaten erzeugt "
            "„bildungsnetz demo“.")
    failed: list[str] = []
    done: list[str] = []
    rebuilt: list[str] = []
    progress(f"bildungsnetz: {len(waves)} Welle(n): {', '.join(waves)}")
    for wave in waves:
        started = time.perf_counter()
        try:
            stamp = fingerprint(data_dir, wave)
            if not force and is_up_to_date(data_dir, reports_dir, wave, stamp):
                progress(f"  [{wave}] unverändert – übersprungen")
                done.append(wave)
                continue
            for path in _stamp_paths(data_dir, reports_dir, wave):
                if path.exists():
                    path.unlink()
            run_wave(data_dir, reports_dir, wave, progress=progress)
            rebuilt.append(wave)
            for path in _stamp_paths(data_dir, reports_dir, wave):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(stamp + "\n")
            progress(f"  [{wave}] fertig in {time.perf_counter() - started:.1f} s")
            done.append(wave)
        except BildungsnetzError as exc:
            failed.append(wave)
            print(f"Fehler in Welle {wave}: {exc}", file=sys.stderr)
        except Exception as exc:  # an internal error must not stop the other waves
            failed.append(wave)
            log = Path(reports_dir) / wave / "fehler.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            log.write_text(traceback.format_exc(), encoding="utf-8")
            print(f"Interner Fehler in Welle {wave} ({type(exc).__name__}: {exc}). "
                  f"Details: {log}", file=sys.stderr)
    from .report import build_overview

    overview_stamp = _overview_stamp(data_dir, reports_dir, all_waves, failed)
    overview_file = Path(reports_dir) / FINGERPRINT_FILE
    if (not rebuilt and overview_file.exists()
            and overview_file.read_text().strip() == overview_stamp
            and (Path(reports_dir) / "index.html").exists()):
        progress("  Übersicht und Vergleich unverändert – übersprungen")
    else:
        try:
            if overview_file.exists():
                overview_file.unlink()
            build_overview(data_dir, reports_dir, all_waves, failed=failed, progress=progress)
            overview_file.write_text(overview_stamp + "\n")
        except BildungsnetzError as exc:
            failed.append("Übersicht")
            print(f"Fehler in der Übersicht: {exc}", file=sys.stderr)
    if failed:
        print(f"bildungsnetz: {len(failed)} von {len(waves)} Welle(n) fehlgeschlagen: "
              f"{', '.join(failed)}", file=sys.stderr)
        return 1
    progress(f"bildungsnetz: fertig ({len(done)} Welle(n)).")
    return 0
