"""The batch run: every wave from raw to its outputs, each wave independent.

A wave whose inputs (raw files, reference data) and code are unchanged since its last
successful run is skipped. A wave that fails is reported with a German message and the others
go on; the exit status is non-zero if any wave failed.

Safety (see ``safety.py``):

- every wave name is checked by ``safety.validate_wave``; ``processed/<wave>`` and
  ``<reports>/<wave>`` are derived from the checked name and may not touch ``raw/``;
- a wave run is a transaction: the previous ``processed/<wave>`` and ``<reports>/<wave>`` are
  moved aside (``.<wave>.vorher``) and the wave is rebuilt into empty folders; on success the
  old state is deleted, on failure, time-out or Ctrl-C it is put back. A ``.vorher`` left by a
  killed run is put back at the start of the next run;
- with a time limit (``--timeout``, default :data:`DEFAULT_TIMEOUT` s) each wave runs in a
  child process; when the limit is reached the child and every process it started (e.g. the
  notebook kernel) are killed (``safety.kill_tree``, psutil; also on Windows). ``0`` = no
  limit: the wave then runs in this process;
- one run per data folder: ``run`` holds ``safety.data_lock`` (``processed/.bildungsnetz.lock``)
  from the start to the index page; a second ``run``, ``clean`` or ``analyse`` on the same
  data folder stops at once with a German message;
- an unexpected error becomes one German line plus a log file with the traceback
  (``<reports>/<wave>/fehler.log``, else the system's temporary folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from bildungsnetz.config import PACKAGE_DIR, code_files, processed_dir
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.files import list_waves, wave_dir
from bildungsnetz.ingest.reference import REFERENCE_FILES, reference_path
from bildungsnetz.safety import (
    FolderTransaction,
    atomic_write_text,
    check_outputs,
    data_lock,
    describe_os_error,
    kill_tree,
    log_hint,
    one_line,
    recover_folder,
    remove_stale_temp_files,
    validate_wave,
    write_error_log,
)
from bildungsnetz.text import german_seconds

FINGERPRINT_FILE = ".fingerprint"  # = report.build.STAMP_FILE (not imported: keeps this light)
DEFAULT_TIMEOUT = 1800  # seconds per wave (clean + analyse + report)
FAILED_NOTEBOOK = "bericht.fehlgeschlagen.ipynb"

# Test hook (tests/test_safety.py): see _test_hook_hang.
TEST_HANG_ENV = "BILDUNGSNETZ_TEST_HANG"
TEST_PIDS_ENV = "BILDUNGSNETZ_TEST_PIDS"


def fingerprint(data_dir: Path, wave: str, parameters: dict | None = None) -> str:
    """SHA-256 over the raw files of the wave and of every earlier wave, the reference data,
    the code and the report parameters (``-p``; every parameter with its value, defaults
    included, so that naming a default is the same run as not naming it).

    Earlier waves (before ``wave`` in name order, as the report's comparisons take them)
    count because the report shows them: the changes since the previous wave, its
    back-test, the map's timeline. Correcting last year's data rebuilds this year's report.
    """
    from bildungsnetz.report.parameters import check_parameters

    digest = hashlib.sha256()
    digest.update(json.dumps(check_parameters(parameters), sort_keys=True).encode())
    earlier = [w for w in list_waves(data_dir) if w < str(wave)]
    for name in [*earlier, str(wave)]:
        digest.update(f"welle:{name}".encode())
        try:
            folder = wave_dir(data_dir, name)
        except BildungsnetzError:  # an unusable earlier wave is not compared; its own run says why
            if name == str(wave):
                raise
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    inputs = [reference_path(data_dir, name) for name in REFERENCE_FILES]
    for path in inputs + code_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_paths(data_dir: Path, reports_dir: Path, wave: str) -> list[Path]:
    return [
        processed_dir(data_dir, wave) / FINGERPRINT_FILE,
        Path(reports_dir) / wave / FINGERPRINT_FILE,
    ]


def is_up_to_date(data_dir: Path, reports_dir: Path, wave: str, stamp: str) -> bool:
    paths = _stamp_paths(data_dir, reports_dir, wave)
    return all(p.exists() and p.read_text().strip() == stamp for p in paths)


def _overview_stamp(data_dir: Path, reports_dir: Path, waves: list[str], failed) -> str:
    """Fingerprint of what the overview shows: each wave's stamp (or failure) and the code."""
    digest = hashlib.sha256()
    for wave in waves:
        stamp = processed_dir(data_dir, wave) / FINGERPRINT_FILE
        state = (
            "fehlgeschlagen"
            if wave in failed
            else (stamp.read_text().strip() if stamp.exists() else "-")
        )
        digest.update(f"{wave}={state};".encode())
    for path in code_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()


def analyse_step(
    data_dir: Path,
    wave: str,
    *,
    keep_for_report: bool = False,
    rural_weight: float | None = None,
    seed: int | None = None,
) -> dict:
    """The analysis step of a wave: compute its analysis and publish the analysis tables.

    The analysis layer computes numbers and evidence
    (:func:`bildungsnetz.analysis.tables.analyse_wave`; with ``keep_for_report`` through
    :func:`bildungsnetz.analysis.cache.analysis_results`, which also keeps the result for the
    report), the report layer words it (:func:`bildungsnetz.report.sentences.published_tables`)
    and the tables are written to ``processed/<wave>/``
    (:data:`bildungsnetz.analysis.tables.OUTPUT_FILES`). Returns the published tables.
    ``rural_weight`` and ``seed`` (report parameters, ``-p``; default: the configured
    defaults) reach the analysis, so the published ``potenziale.csv`` and
    ``handlungsempfehlungen.csv`` match the report.
    """
    from bildungsnetz.analysis.cache import analysis_results
    from bildungsnetz.analysis.tables import OUTPUT_FILES, analyse_wave
    from bildungsnetz.config import DEFAULT_RURAL_WEIGHT, DEFAULT_SEED
    from bildungsnetz.ingest.processed import write_table
    from bildungsnetz.report.sentences import published_tables

    options = {
        "rural_weight": DEFAULT_RURAL_WEIGHT if rural_weight is None else rural_weight,
        "seed": DEFAULT_SEED if seed is None else seed,
    }
    results = (
        analysis_results(data_dir, wave, refresh=True, **options)
        if keep_for_report
        else analyse_wave(data_dir, wave, **options)
    )
    tables = published_tables(results)
    folder = processed_dir(data_dir, wave)
    for stem in OUTPUT_FILES:
        write_table(folder, stem, tables[stem])
    return tables


def run_wave(
    data_dir: Path, reports_dir: Path, wave: str, *, progress=print, parameters=None
) -> None:
    """Clean, analyse and report one wave (no transaction, no time limit: see
    :func:`run_waves`). ``parameters``: the report parameters (``-p``, checked by
    :func:`bildungsnetz.report.parameters.check_parameters`)."""
    from bildungsnetz.ingest.clean import clean_wave
    from bildungsnetz.report.parameters import check_parameters

    parameters = check_parameters(parameters)

    progress(f"  [{wave}] Bereinigung …")
    clean_wave(data_dir, wave)
    _test_hook_hang(wave)
    progress(f"  [{wave}] Analyse …")
    analyse_step(  # the CSVs and the report's cache
        data_dir,
        wave,
        keep_for_report=True,
        rural_weight=parameters["rural_weight"],
        seed=parameters["seed"],
    )
    from bildungsnetz.report.build import build_wave_report

    progress(f"  [{wave}] Bericht …")
    build_wave_report(data_dir, reports_dir, wave, progress=progress, **parameters)


def _test_hook_hang(wave: str) -> None:
    """TEST HOOK – only for tests/test_safety.py, inert unless the environment variable is set.

    If ``BILDUNGSNETZ_TEST_HANG`` names this wave, the wave hangs here (after its cleaning has
    written ``processed/<wave>/``), and a grandchild process is started that hangs as well,
    like a notebook kernel that does not return. The ids of this process and the grandchild
    are written to the file named by ``BILDUNGSNETZ_TEST_PIDS`` (if set), so that the test
    can check that the time limit of ``bildungsnetz run`` ended both.
    """
    if not wave or os.environ.get(TEST_HANG_ENV) != wave:
        return
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    pids = os.environ.get(TEST_PIDS_ENV)
    if pids:
        Path(pids).write_text(f"{os.getpid()} {sleeper.pid}\n", encoding="utf-8")
    time.sleep(3600)


# --------------------------------------------------------------------------------------------
# one attempt at a wave: here or in a child process with a time limit


@dataclass
class Outcome:
    """How an attempt at a wave ended.

    ``status``: ``ok``; ``fehler`` (a BildungsnetzError, ``message`` is its German text);
    ``intern`` (anything else; ``message`` is a German explanation if ``explained``, else
    ``Type: text``; ``details`` the traceback); ``zeit`` (time limit reached).
    """

    status: str
    message: str = ""
    details: str = ""
    explained: bool = False


def _attempt(data_dir: Path, reports_dir: Path, wave: str, progress, parameters=None) -> Outcome:
    try:
        run_wave(data_dir, reports_dir, wave, progress=progress, parameters=parameters)
    except BildungsnetzError as exc:
        return Outcome("fehler", str(exc))
    except Exception as exc:
        german = describe_os_error(exc)
        return Outcome(
            "intern", german or one_line(exc), traceback.format_exc(), explained=german is not None
        )
    return Outcome("ok")


_CHILD_CODE = (
    "import sys; from bildungsnetz.pipeline import _child_main; sys.exit(_child_main(sys.argv[1:]))"
)


def _child_main(argv: list[str]) -> int:
    """Entry point of the child process of one wave: runs it, writes the Outcome as JSON."""
    data_dir, reports_dir, wave, result_file, *rest = argv
    parameters = json.loads(rest[0]) if rest else None
    _watch_parent()
    outcome = _attempt(
        Path(data_dir),
        Path(reports_dir),
        wave,
        lambda message: print(message, flush=True),
        parameters,
    )
    Path(result_file).write_text(json.dumps(asdict(outcome)), encoding="utf-8")
    return 0


def _watch_parent(interval: float = 1.0) -> None:
    """In the child: if the parent process goes away (killed, terminal closed), end this
    process and everything it started – the parent can no longer roll the wave back, and the
    next run will (it finds the ``.vorher`` folders)."""
    import psutil

    try:
        parent = psutil.Process(os.getppid())
    except psutil.Error:
        return

    def watch():
        while True:
            time.sleep(interval)
            try:
                alive = parent.is_running() and parent.status() != psutil.STATUS_ZOMBIE
            except psutil.Error:
                alive = False
            if not alive:
                for child in psutil.Process().children(recursive=True):
                    try:
                        child.kill()
                    except psutil.Error:
                        pass
                os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def _pump(stream, progress) -> None:
    """Pass the child's output lines (its progress messages) on to ``progress``."""
    try:
        for raw in iter(stream.readline, b""):
            try:
                progress(raw.decode("utf-8", "replace").rstrip("\r\n"))
            except Exception:
                pass
    finally:
        stream.close()


def _attempt_in_child(
    data_dir: Path, reports_dir: Path, wave: str, timeout: float, progress, parameters=None
) -> Outcome:
    """Run the wave in a child process; kill its whole process tree after ``timeout`` s."""
    fd, name = tempfile.mkstemp(prefix="bildungsnetz-welle-", suffix=".json")
    os.close(fd)
    result_file = Path(name)
    env = dict(os.environ, PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_DIR.parent)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    if os.name == "posix":
        options = {"start_new_session": True}  # its own process group
    else:
        options = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    timed_out = False
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _CHILD_CODE,
                str(data_dir),
                str(reports_dir),
                wave,
                str(result_file),
                json.dumps(parameters or {}),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            **options,
        )
        pump = threading.Thread(target=_pump, args=(proc.stdout, progress), daemon=True)
        pump.start()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            if timed_out or proc.poll() is None:  # time-out, Ctrl-C, ...
                kill_tree(proc.pid)
                proc.wait()
            elif os.name == "posix":  # stragglers of the child's group
                try:
                    os.killpg(proc.pid, 9)
                except OSError:
                    pass
            pump.join(timeout=10)
            try:
                text = result_file.read_text(encoding="utf-8")
            except OSError:
                text = ""
            result_file.unlink(missing_ok=True)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if timed_out:
        return Outcome(
            "zeit",
            f"Die Welle hat das Zeitlimit von {timeout:g} s überschritten "
            "und wurde abgebrochen (samt allen von ihr gestarteten "
            "Prozessen). Mehr Zeit gibt „--timeout SEKUNDEN“ "
            "(0 = ohne Zeitlimit).",
        )
    if text:
        outcome = Outcome(**json.loads(text))
        if outcome.status == "intern" and stderr.strip():
            outcome.details += "\n--- Fehlerausgabe des Wellenprozesses ---\n" + stderr
        return outcome
    return Outcome(
        "intern",
        f"der Prozess der Welle endete unerwartet (Exit-Status {proc.returncode})",
        "--- Fehlerausgabe des Wellenprozesses ---\n" + stderr,
    )


# --------------------------------------------------------------------------------------------
# the batch run


def _keep_failed_notebook(reports_dir: Path, wave: str, message: str) -> tuple[Path, Path]:
    """Before a failed wave's report folder is rolled back: move the executed notebook that
    the error message points to out of the way. Returns (temporary place, final place)."""
    attempt = Path(reports_dir).resolve() / wave / "bericht.ipynb"
    if str(attempt) not in message or not attempt.is_file():
        return None, None
    parked = Path(reports_dir) / f".{wave}.{FAILED_NOTEBOOK}"
    os.replace(attempt, parked)
    return parked, Path(reports_dir) / wave / FAILED_NOTEBOOK


def _rollback(transaction) -> str:
    """Undo a wave's transaction (if still open); returns a German remark if that failed."""
    if transaction is None or not transaction.active:
        return ""
    try:
        transaction.rollback()
    except BildungsnetzError as exc:
        return f" {exc}"
    except OSError as exc:
        return f" {describe_os_error(exc) or one_line(exc)}"
    return ""


def _failure_line(wave: str, outcome: Outcome, hint: str = "") -> str:
    if outcome.status == "intern" and not outcome.explained:
        return f"Interner Fehler in Welle {wave} ({outcome.message}).{hint}"
    return f"Fehler in Welle {wave}: {outcome.message}{hint}"


def _waves_to_run(data_dir: Path, reports_dir: Path, waves, timeout) -> tuple[list, list]:
    """Check the arguments of a run; returns (waves to run, all waves under ``raw/``).

    A named wave that is no valid wave (see ``safety.validate_wave``) refuses the whole
    command before any work is done.
    """
    if timeout is None or timeout < 0:
        raise BildungsnetzError(
            "--timeout muss eine Zahl ab 0 sein (Sekunden; 0 = ohne Zeitlimit)."
        )
    check_outputs(data_dir, None, reports_dir)
    all_waves = list_waves(data_dir)
    named = list(dict.fromkeys(str(w) for w in waves or []))
    for wave in named:  # a typo or a path: refuse before any work
        validate_wave(data_dir, wave)
        check_outputs(data_dir, wave, reports_dir)
    chosen = named or all_waves
    if not chosen:
        raise BildungsnetzError(
            f"Unter {data_dir / 'raw'} liegt keine Befragungswelle. Demodaten erzeugt "
            "„bildungsnetz demo“."
        )
    return chosen, all_waves


def _report_failed_attempt(
    data_dir: Path, reports_dir: Path, wave: str, outcome: Outcome, transaction
) -> None:
    """Roll a failed attempt back, keep its executed notebook, print one German line."""
    parked, kept = (None, None)
    if outcome.status == "fehler":
        parked, kept = _keep_failed_notebook(reports_dir, wave, outcome.message)
    problem = _rollback(transaction)
    if parked is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(parked, kept)
        outcome.message = outcome.message.replace(
            str(Path(reports_dir).resolve() / wave / "bericht.ipynb"), str(kept)
        )
    hint = ""
    if outcome.status == "intern":
        log, note = write_error_log(
            [reports_dir / wave, reports_dir], f"Welle {wave}\n\n{outcome.details}"
        )
        hint = log_hint(log, note)
    elif outcome.status == "zeit" and not problem:
        hint = " Die vorherigen Ergebnisse der Welle bleiben erhalten."
    print(_failure_line(wave, outcome, hint + problem), file=sys.stderr)


def _run_one_wave(
    data_dir: Path,
    reports_dir: Path,
    wave: str,
    *,
    force: bool,
    timeout: float,
    progress,
    parameters=None,
) -> str:
    """Clean, analyse and report one wave inside a folder transaction.

    Returns ``"unverändert"`` (skipped), ``"neu"`` (rebuilt) or ``"fehlgeschlagen"``; a
    failure is rolled back and reported on stderr in one German line.
    """
    started = time.perf_counter()
    transaction = None
    try:
        validate_wave(data_dir, wave)
        check_outputs(data_dir, wave, reports_dir)
        folders = [processed_dir(data_dir, wave), reports_dir / wave]
        # a list, not a generator: every folder is recovered, not only the first
        if any([recover_folder(folder) for folder in folders]):  # noqa: C419
            progress(
                f"  [{wave}] Reste eines abgebrochenen Laufs gefunden – vorheriger "
                "Stand wiederhergestellt"
            )
        stamp = fingerprint(data_dir, wave, parameters)
        if not force and is_up_to_date(data_dir, reports_dir, wave, stamp):
            progress(f"  [{wave}] unverändert – übersprungen")
            return "unverändert"
        transaction = FolderTransaction(folders, mode="move").begin()
        if timeout:
            outcome = _attempt_in_child(data_dir, reports_dir, wave, timeout, progress, parameters)
        else:
            outcome = _attempt(data_dir, reports_dir, wave, progress, parameters)
        if outcome.status == "ok":
            for path in _stamp_paths(data_dir, reports_dir, wave):
                atomic_write_text(path, stamp + "\n")
            transaction.commit()
            progress(f"  [{wave}] fertig in {german_seconds(time.perf_counter() - started)}")
            return "neu"
        _report_failed_attempt(data_dir, reports_dir, wave, outcome, transaction)
        return "fehlgeschlagen"
    except BildungsnetzError as exc:
        problem = _rollback(transaction)
        print(f"Fehler in Welle {wave}: {exc}{problem}", file=sys.stderr)
        return "fehlgeschlagen"
    except Exception as exc:  # an internal error must not stop the other waves
        details = traceback.format_exc()
        problem = _rollback(transaction)  # first, so that the log is not rolled back
        german = describe_os_error(exc)
        log, note = write_error_log([reports_dir / wave, reports_dir], f"Welle {wave}\n\n{details}")
        outcome = Outcome("intern", german or one_line(exc), explained=german is not None)
        print(_failure_line(wave, outcome, log_hint(log, note) + problem), file=sys.stderr)
        return "fehlgeschlagen"
    finally:  # e.g. Ctrl-C: the previous state comes back
        problem = _rollback(transaction)
        if problem:
            print(f"Fehler in Welle {wave}:{problem}", file=sys.stderr)


def run_waves(
    data_dir: Path,
    reports_dir: Path,
    waves: list[str] | None = None,
    *,
    force: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress=print,
    parameters: dict | None = None,
) -> int:
    """Run every named wave (all waves under ``raw/`` when none are named).

    ``parameters``: report parameters (``bildungsnetz run -p NAME VALUE``), the same for every
    wave; checked before any work (German error for a wrong name or value), shown in each
    report's methods section and part of each wave's fingerprint (other values rebuild).

    Each wave runs on its own (see :func:`_run_one_wave`); a broken wave fails alone and the
    others finish. ``timeout``: seconds per wave, 0 = no limit (the wave runs in this
    process). Afterwards the comparison and the index page are built. Returns the exit
    status: 0 if every wave succeeded, 1 otherwise.
    """
    from bildungsnetz.report.parameters import check_parameters

    data_dir, reports_dir = Path(data_dir), Path(reports_dir)
    parameters = check_parameters(parameters)  # a typo refuses the run before any work
    waves, all_waves = _waves_to_run(data_dir, reports_dir, waves, timeout)  # checks only
    with data_lock(data_dir):  # a second run on this data folder stops here
        remove_stale_temp_files(reports_dir)
        progress(f"bildungsnetz: {len(waves)} Welle(n): {', '.join(waves)}")
        results = {
            wave: _run_one_wave(
                data_dir,
                reports_dir,
                wave,
                force=force,
                timeout=timeout,
                progress=progress,
                parameters=parameters,
            )
            for wave in waves
        }
        failed = [wave for wave, result in results.items() if result == "fehlgeschlagen"]
        rebuilt = [wave for wave, result in results.items() if result == "neu"]
        _run_overview(data_dir, reports_dir, all_waves, failed, rebuilt, progress)
    if failed:
        print(
            f"bildungsnetz: {len(failed)} von {len(waves)} Welle(n) fehlgeschlagen: "
            f"{', '.join(failed)}",
            file=sys.stderr,
        )
        return 1
    progress(f"bildungsnetz: fertig ({len(waves) - len(failed)} Welle(n)).")
    return 0


def _run_overview(
    data_dir: Path,
    reports_dir: Path,
    all_waves: list[str],
    failed: list[str],
    rebuilt: list[str],
    progress,
) -> None:
    """Comparison and index page (skipped when nothing they show has changed)."""
    from bildungsnetz.report.build import build_overview

    overview_stamp = _overview_stamp(data_dir, reports_dir, all_waves, failed)
    overview_file = Path(reports_dir) / FINGERPRINT_FILE
    if (
        not rebuilt
        and overview_file.exists()
        and overview_file.read_text().strip() == overview_stamp
        and (Path(reports_dir) / "index.html").exists()
    ):
        progress("  Übersicht und Vergleich unverändert – übersprungen")
        return
    try:
        if overview_file.exists():
            overview_file.unlink()
        build_overview(data_dir, reports_dir, all_waves, failed=failed, progress=progress)
        atomic_write_text(overview_file, overview_stamp + "\n")
    except BildungsnetzError as exc:
        failed.append("Übersicht")
        print(f"Fehler in der Übersicht: {exc}", file=sys.stderr)
    except Exception as exc:
        failed.append("Übersicht")
        german = describe_os_error(exc)
        log, note = write_error_log([reports_dir], f"Übersicht\n\n{traceback.format_exc()}")
        line = (
            f"Fehler in der Übersicht: {german}"
            if german
            else f"Interner Fehler in der Übersicht ({one_line(exc)})."
        )
        print(line + log_hint(log, note), file=sys.stderr)
