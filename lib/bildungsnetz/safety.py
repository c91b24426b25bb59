"""Safety of the data: which wave names are allowed, where output may go, how files and
folders are replaced, how a hanging wave is stopped, and how errors reach the user.

Rules
-----
- **Wave name.** A wave is the name of a folder directly under ``DATA/raw/``: not empty, at most
  :data:`MAX_NAME_BYTES` bytes (UTF-8), no path separator (``/``, ``\\``), no ``:``, no control
  character, not ``.``/``..`` and not starting with ``.`` (hidden folders, and the names this
  module uses for its backups). The folder must exist and must resolve (symlinks followed) to
  a folder directly inside the resolved ``raw/``. :func:`validate_wave` is the one check every
  entry point (``clean``, ``analyse``, ``run``) uses; output paths are derived from the
  validated name only (``processed/<wave>``, ``<reports>/<wave>``).
- **Output never under raw/.** :func:`check_outputs` refuses a processed or reports folder that
  lies inside ``raw/`` (or contains it), that clashes with the other output folder, or that
  exists as a file. Every writer of this module refuses a target inside a ``raw/`` folder seen
  by :func:`validate_wave` (a last line of defence).
- **Atomic files.** :func:`atomic_path`, :func:`atomic_write_bytes`, :func:`atomic_write_text`:
  the content goes to a hidden temporary file in the same folder, then ``os.replace``.
- **Transactional folders.** :class:`FolderTransaction` keeps the previous state of an output
  folder as the hidden sibling ``.<name>.vorher`` while a step runs; success deletes it, failure
  restores it. A ``.vorher`` left by a crashed or killed run means "not committed" and is
  restored by :func:`recover_folder` at the start of the next command touching that wave.
- **One run per data folder.** :func:`data_lock` holds an operating-system lock on
  ``processed/.bildungsnetz.lock`` (filelock: fcntl, or msvcrt on Windows) while ``run``,
  ``clean`` or ``analyse`` writes; a second command on the same data folder stops at once with a
  German message instead of taking the first one's ``.vorher`` for crash leftovers. The lock
  ends with the process, so a killed run leaves none behind.
- **Process trees.** :func:`kill_tree` ends a process and all its descendants (psutil, works
  on Windows too).
- **Messages.** :func:`describe_os_error` turns common operating-system errors into German
  sentences naming the path; :func:`write_error_log` keeps a traceback in a log file.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bildungsnetz.errors import BildungsnetzError

MAX_NAME_BYTES = 200  # leaves room for ".<name>.vorher" etc. within 255 bytes
BACKUP_SUFFIX = ".vorher"  # previous state, kept until the step succeeded
COPY_SUFFIX = ".kopie"  # a backup being copied (incomplete until renamed)
TRASH_SUFFIX = ".verworfen"  # a committed backup on its way out
ABSENT_MARKER = ".war-nicht-vorhanden"  # in a backup: the folder did not exist before
ERROR_LOG = "fehler.log"
LOCK_FILE = ".bildungsnetz.lock"  # in processed/: held while a command writes the data folder
_FORBIDDEN_CHARS = set("/\\:\0") | {chr(c) for c in range(32)} | {"\x7f"}

# resolved raw/ folders seen by validate_wave: nothing of this module writes below them
_PROTECTED: set[Path] = set()


# --------------------------------------------------------------------------------------------
# one run per data folder


@contextmanager
def data_lock(data_dir: Path):
    """Hold the data folder's lock (``processed/`` :data:`LOCK_FILE`) for the ``with`` block.

    Does not wait: when another process holds it, a German :class:`BildungsnetzError` says
    so. Re-entering in the same process (a step inside ``run``) is allowed. The operating
    system releases the lock when the process ends, however it ends.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with data_lock(Path(tmp)):
    ...         with data_lock(Path(tmp)):  # the same process may nest
    ...             (Path(tmp) / "processed" / LOCK_FILE).exists()
    True
    """
    from filelock import FileLock, Timeout

    folder = Path(data_dir) / "processed"
    # no soft (file-exists) fallback: a killed run would leave it behind and block every
    # later one; where the file system has no locks (or processed/ cannot be written, which
    # the step itself then reports), the command goes on unlocked as before
    lock = FileLock(
        folder / LOCK_FILE, thread_local=False, is_singleton=True, fallback_to_soft=False
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:
        raise BildungsnetzError(
            f"Der Datenordner {data_dir} wird gerade von einem anderen Aufruf von bildungsnetz "
            f"bearbeitet (Sperre {folder / LOCK_FILE}). Bitte warten, bis er fertig ist, und "
            "dann erneut starten."
        ) from None
    except (OSError, NotImplementedError):  # no locks on this file system
        yield
        return
    try:
        yield
    finally:
        lock.release()


# --------------------------------------------------------------------------------------------
# paths


def _resolve(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError as exc:  # e.g. a symlink loop, or a path too long to resolve
        raise BildungsnetzError(
            describe_os_error(exc) or f"Der Pfad {path} lässt sich nicht auflösen ({exc})."
        ) from None


def _inside(path: Path, folder: Path) -> bool:
    """True if ``path`` is ``folder`` or lies below it (both resolved)."""
    return path == folder or folder in path.parents


def _overlap(a: Path, b: Path) -> bool:
    return _inside(a, b) or _inside(b, a)


def protect(raw_dir: Path) -> Path:
    """Remember a ``raw/`` folder as read-only for this process; returns it resolved."""
    resolved = _resolve(raw_dir)
    _PROTECTED.add(resolved)
    return resolved


def guard_write(path: Path) -> None:
    """Refuse to write, move or delete ``path`` if it lies inside a protected raw folder."""
    target = _resolve(path)
    for raw in _PROTECTED:
        if _overlap(target, raw):
            raise BildungsnetzError(
                f"Abgebrochen: {path} liegt im Ordner der Rohdaten {raw} (oder enthält ihn). "
                "bildungsnetz schreibt nie unter raw/."
            )


def wave_name_problem(wave) -> str | None:
    """Why ``wave`` is not a valid wave name (German), or None."""
    raw_name = "" if wave is None else str(wave)
    name = raw_name.translate({c: f"\\x{c:02x}" for c in range(32)})  # shown, not raw
    if raw_name != name or "\x7f" in raw_name:
        return (
            f"„{name}“ ist kein gültiger Name einer Welle (Steuerzeichen) – gemeint ist "
            "nur der Name eines Ordners unter raw/."
        )
    if not name.strip():
        return "Der Name der Welle ist leer."
    if len(name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        return f"Der Name der Welle ist zu lang (mehr als {MAX_NAME_BYTES} Byte): „{name[:40]}…“."
    bad = sorted({c for c in name if c in _FORBIDDEN_CHARS})
    if bad or os.path.isabs(name) or Path(name).name != name or name != name.strip():
        shown = " ".join(repr(c)[1:-1] for c in bad)
        return (
            f"„{name}“ ist kein gültiger Name einer Welle: gemeint ist nur der Name eines "
            "Ordners unter raw/, ohne Pfad"
            + (f" (unzulässige Zeichen: {shown})" if shown else "")
            + "."
        )
    if name.startswith("."):
        return (
            f"„{name}“ ist kein gültiger Name einer Welle (er darf nicht mit „.“ "
            "beginnen und nicht „..“ sein)."
        )
    return None


def check_wave_name(wave) -> str:
    """The wave name as text, or a BildungsnetzError (syntax only; see :func:`validate_wave`)."""
    problem = wave_name_problem(wave)
    if problem:
        raise BildungsnetzError(problem)
    return str(wave)


def _known(raw: Path) -> str:
    try:
        names = sorted(
            p.name for p in raw.iterdir() if p.is_dir() and wave_name_problem(p.name) is None
        )
    except OSError:
        names = []
    return ", ".join(names) or "keine"


def validate_wave(data_dir: Path, wave) -> Path:
    """THE check of a wave name given by the user (``clean``, ``analyse``, ``run``).

    Returns ``data_dir/raw/<wave>`` (as given, not resolved). Raises a German
    BildungsnetzError for an empty name, a path (absolute, with separators or ``..``), a
    hidden name, a name that is no folder under ``raw/``, and a folder that resolves (through
    a symlink) to anywhere but directly inside ``raw/``.
    """
    raw = Path(data_dir) / "raw"
    problem = wave_name_problem(wave)
    if problem:
        hint = ""
        try:
            tail = Path(str(wave).rstrip("/\\")).name if wave else ""
            if (
                tail
                and tail != str(wave)
                and wave_name_problem(tail) is None
                and (raw / tail).is_dir()
            ):
                hint = f" Gemeint ist vermutlich „{tail}“."
        except (OSError, ValueError):
            pass
        raise BildungsnetzError(
            f"{problem} Eine Welle ist der Name eines Ordners unter "
            f"{raw}. Vorhandene Wellen: {_known(raw)}.{hint}"
        )
    wave = str(wave)
    path = raw / wave
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as exc:
        raise BildungsnetzError(describe_os_error(exc, path) or str(exc)) from None
    if not is_dir:
        if exists:
            raise BildungsnetzError(
                f"{path} ist kein Ordner. Eine Welle ist ein Ordner unter "
                f"{raw}. Vorhandene Wellen: {_known(raw)}."
            )
        raise BildungsnetzError(
            f"Die Welle „{wave}“ gibt es nicht (kein Ordner {path}). Vorhandene Wellen: "
            f"{_known(raw)}.",
            datei=path,
        )
    raw_resolved = protect(raw)
    resolved = _resolve(path)
    if resolved.parent != raw_resolved:
        raise BildungsnetzError(
            f"Der Ordner der Welle {path} verweist auf {resolved}, also nicht auf einen Ordner "
            f"direkt unter {raw_resolved}. Eine Welle muss ein Ordner in raw/ sein "
            "(Verknüpfungen nach außerhalb werden nicht gelesen)."
        )
    return path


def check_outputs(data_dir: Path, wave: str | None = None, reports_dir: Path | None = None) -> None:
    """Refuse output folders that would touch ``raw/`` or clash.

    Checks ``processed/`` (and ``processed/<wave>``) and, if given, the reports folder (and
    ``<reports>/<wave>``): none may lie inside ``raw/`` or contain it, processed and reports
    of a wave must be different folders, and none may exist as a file.
    """
    data_dir = Path(data_dir)
    raw = protect(data_dir / "raw")
    # (label, folder, is_wave_folder)
    folders = [("Ordner der bereinigten Daten", data_dir / "processed", False)]
    if wave is not None:
        check_wave_name(wave)
        folders.append(("Ordner der bereinigten Daten", data_dir / "processed" / wave, True))
    if reports_dir is not None:
        folders.append(("Berichtsordner", Path(reports_dir), False))
        if wave is not None:
            folders.append(("Berichtsordner", Path(reports_dir) / wave, True))
    for label, folder, wave_folder in folders:
        try:
            clash = folder.exists() and not folder.is_dir()
        except OSError as exc:
            raise BildungsnetzError(describe_os_error(exc, folder) or str(exc)) from None
        if clash:
            raise BildungsnetzError(
                f"Der {label} {folder} ist eine Datei, kein Ordner. Bitte die Datei umbenennen "
                "oder entfernen (bildungsnetz legt dort einen Ordner an).",
                datei=folder,
            )
        resolved = _resolve(folder)
        # a whole reports folder may contain the data folder (e.g. --reports .), but nothing
        # bildungsnetz writes into may lie inside raw/, and no wave folder (which is moved
        # aside and replaced as a whole) may contain raw/
        if _inside(resolved, raw) or (wave_folder and _inside(raw, resolved)):
            raise BildungsnetzError(
                f"Der {label} {folder} liegt im Ordner der Rohdaten {raw} (oder enthält "
                "ihn). Ausgaben dürfen nie unter raw/ landen – bitte einen anderen Ordner "
                "wählen (--data/--reports)."
            )
    if wave is not None and reports_dir is not None:
        processed = _resolve(data_dir / "processed" / wave)
        reports = _resolve(Path(reports_dir) / wave)
        if _overlap(processed, reports):
            raise BildungsnetzError(
                f"Berichtsordner {Path(reports_dir)} und Datenordner {data_dir / 'processed'} "
                f"überschneiden sich (beide schreiben nach {reports}). Bitte einen eigenen "
                "Berichtsordner wählen (--reports)."
            )


# --------------------------------------------------------------------------------------------
# atomic files


def temp_sibling(path: Path, tag: str = "tmp") -> Path:
    """A hidden, unique name in the folder of ``path`` for writing it atomically."""
    path = Path(path)
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(3)}.{tag}")


def _with_path(exc: OSError, path: Path) -> OSError:
    if getattr(exc, "filename", None) is None:
        exc.filename = str(path)
    return exc


@contextmanager
def atomic_path(path):
    """Yield a temporary path next to ``path``; when the block ends without error the file
    written there replaces ``path`` (``os.replace``), otherwise it is removed."""
    path = Path(path)
    guard_write(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _with_path(exc, path.parent)
        raise
    tmp = temp_sibling(path)
    try:
        yield tmp
        os.replace(tmp, path)
    except OSError as exc:
        _unlink_quietly(tmp)
        _with_path(exc, path)
        raise
    except BaseException:
        _unlink_quietly(tmp)
        raise


def atomic_write_bytes(path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temporary file + fsync + ``os.replace``)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    return path


def write_analyst_input(path, data: bytes) -> Path:
    """The one documented write under ``raw/``: a file the analyst edits as input (the drafted
    ``zuordnung.csv`` of a survey wave). Only a new file directly in a wave folder is created
    (exclusively: an existing file is never overwritten), through a temporary file and a
    hard link, so that a half-written file never appears under its name."""
    path = Path(path)
    if path.name != "zuordnung.csv":
        raise BildungsnetzError(f"Unter raw/ wird nur zuordnung.csv angelegt, nicht {path.name}.")
    folder = _resolve(path.parent)
    if not any(folder.parent == raw for raw in _PROTECTED):
        raise BildungsnetzError(f"{path} liegt nicht direkt in einem geprüften Wellenordner.")
    tmp = temp_sibling(path)
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # fails if the file exists: never overwrites
        except FileExistsError:
            raise BildungsnetzError(
                f"{path} gibt es schon; sie wird nicht überschrieben.", datei=path
            ) from None
        except OSError:
            # file systems without hard links: exclusive create, then copy
            with open(path, "xb") as target, open(tmp, "rb") as source:
                shutil.copyfileobj(source, target)
    except OSError as exc:
        raise BildungsnetzError(
            describe_os_error(exc, path) or f"{path} kann nicht geschrieben werden."
        ) from None
    finally:
        _unlink_quietly(tmp)
    return path


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    return atomic_write_bytes(path, text.encode(encoding))


def _unlink_quietly(path: Path) -> None:
    try:
        Path(path).unlink()
    except OSError:
        pass


def remove_stale_temp_files(folder: Path, max_age: float = 0.0) -> None:
    """Delete hidden temporary files of :func:`temp_sibling` left by a killed run."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    now = time.time()
    for path in [*folder.glob(".*.tmp"), *folder.glob(".*.tmp.ipynb")]:
        try:
            if path.is_file() and now - path.stat().st_mtime >= max_age:
                guard_write(path)
                path.unlink()
        except OSError:
            pass


# --------------------------------------------------------------------------------------------
# transactional folders


def _copy_tree(source: Path, target: Path) -> None:
    """Copy a folder (symlinks as symlinks); the first error is raised as it is, with the
    path (``shutil.copytree`` would collect errors into one without errno)."""
    try:
        os.makedirs(target)
    except OSError as exc:
        _with_path(exc, target)
        raise
    for entry in sorted(os.scandir(source), key=lambda e: e.name):
        destination = Path(target) / entry.name
        try:
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), destination)
            elif entry.is_dir():
                _copy_tree(Path(entry.path), destination)
            else:
                shutil.copy2(entry.path, destination)
        except OSError as exc:
            _with_path(exc, destination)
            raise


def _sibling(folder: Path, suffix: str) -> Path:
    return folder.with_name(f".{folder.name}{suffix}")


def _on_rm_error(function, path, _info):
    # read-only files (Windows): make writable and retry once
    try:
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
        function(path)
    except OSError:
        raise


def rmtree(folder: Path) -> None:
    """Delete a folder (never one under a protected raw folder)."""
    folder = Path(folder)
    guard_write(folder)
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(folder, onexc=_on_rm_error)
    else:
        shutil.rmtree(folder, onerror=_on_rm_error)


def recover_folder(folder: Path) -> bool:
    """Resolve what a crashed or killed run left beside ``folder``.

    A ``.<name>.vorher`` means that run did not commit: the current ``folder`` is half-done and
    is replaced by the previous state. Incomplete copies and committed backups are deleted.
    Returns True if a previous state was restored.
    """
    folder = Path(folder)
    for suffix in (COPY_SUFFIX, TRASH_SUFFIX):
        leftover = _sibling(folder, suffix)
        if leftover.exists() or leftover.is_symlink():
            rmtree(leftover)
    backup = _sibling(folder, BACKUP_SUFFIX)
    if not backup.is_dir():
        return False
    _restore(folder, backup)
    return True


def _restore(folder: Path, backup: Path) -> None:
    if folder.exists() or folder.is_symlink():
        rmtree(folder)
    if (backup / ABSENT_MARKER).exists():
        rmtree(backup)
    else:
        guard_write(folder)
        os.replace(backup, folder)


class FolderTransaction:
    """Replace the contents of output folders as a whole, or not at all.

    ``mode="move"``: the step starts with empty folders (the previous ones are renamed to
    ``.<name>.vorher``). ``mode="copy"``: the step works in the folders as they are (for a
    single step that reads what an earlier step wrote there); a copy is kept as
    ``.<name>.vorher``. :meth:`commit` deletes the backups, :meth:`rollback` restores them.
    Use as a context manager: commit on success, rollback on any exception (also
    KeyboardInterrupt).
    """

    def __init__(self, folders, *, mode: str = "move"):
        if mode not in ("move", "copy"):
            raise ValueError(mode)
        self.folders = [Path(f) for f in folders]
        self.mode = mode
        self.active = False
        self.restored: list[Path] = []

    def begin(self) -> FolderTransaction:
        done = []
        try:
            for folder in self.folders:
                if recover_folder(folder):
                    self.restored.append(folder)
                backup = _sibling(folder, BACKUP_SUFFIX)
                guard_write(folder)
                if folder.is_dir():
                    if self.mode == "move":
                        os.replace(folder, backup)
                    else:
                        partial = _sibling(folder, COPY_SUFFIX)
                        _copy_tree(folder, partial)
                        os.replace(partial, backup)
                else:
                    partial = _sibling(folder, COPY_SUFFIX)
                    partial.mkdir(parents=True)
                    (partial / ABSENT_MARKER).write_bytes(b"")
                    os.replace(partial, backup)
                done.append(folder)
        except BaseException:
            for folder in self.folders:
                partial = _sibling(folder, COPY_SUFFIX)
                try:
                    if partial.exists():
                        rmtree(partial)
                except OSError:
                    pass  # removed by the next run (recover_folder)
            for folder in done:
                _restore(folder, _sibling(folder, BACKUP_SUFFIX))
            raise
        self.active = True
        return self

    def commit(self) -> None:
        if not self.active:
            return
        for folder in self.folders:
            backup = _sibling(folder, BACKUP_SUFFIX)
            if backup.is_dir():
                trash = _sibling(folder, TRASH_SUFFIX)
                os.replace(backup, trash)
                rmtree(trash)
        self.active = False

    def rollback(self) -> None:
        if not self.active:
            return
        problems = []
        for folder in self.folders:
            backup = _sibling(folder, BACKUP_SUFFIX)
            if backup.is_dir():
                try:
                    _restore(folder, backup)
                except OSError as exc:
                    problems.append(
                        f"{folder} (vorheriger Stand liegt in {backup}: "
                        f"{describe_os_error(exc) or exc})"
                    )
        self.active = False
        if problems:
            raise BildungsnetzError(
                "Der vorherige Stand ließ sich nicht wiederherstellen: "
                + "; ".join(problems)
                + ". Der nächste Aufruf versucht es erneut."
            )

    def __enter__(self):
        return self.begin()

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False


# --------------------------------------------------------------------------------------------
# processes


def kill_tree(pid: int, *, timeout: float = 10.0) -> None:
    """End process ``pid`` and every process below it, on every operating system.

    All processes of the tree are first suspended (so none can start new ones), the tree is
    collected again, then every process is killed and waited for. On POSIX the process group
    of ``pid`` is killed as well (the pipeline starts each wave in its own session).
    """
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return

    def add_children(procs: dict) -> None:
        for proc in list(procs.values()):
            try:
                for child in proc.children(recursive=True):
                    procs.setdefault(child.pid, child)
            except psutil.Error:
                pass

    procs = {root.pid: root}
    add_children(procs)
    for proc in procs.values():
        try:
            proc.suspend()  # a suspended process cannot start new ones
        except psutil.Error:
            pass
    add_children(procs)  # children started before the suspension took effect
    if os.name == "posix":
        try:
            if os.getpgid(pid) == pid:  # its own process group (start_new_session)
                os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
    for proc in procs.values():
        try:
            proc.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(list(procs.values()), timeout=timeout)


# --------------------------------------------------------------------------------------------
# messages


def describe_os_error(exc: BaseException, path=None) -> str | None:
    """A German sentence for a common operating-system error, naming the path; else None."""
    if not isinstance(exc, OSError):
        return None
    where = getattr(exc, "filename", None) or path
    where2 = getattr(exc, "filename2", None)
    shown = f"{where}" if where is not None else "(unbekannter Pfad)"
    if where2:
        shown += f" → {where2}"
    code = exc.errno
    winerror = getattr(exc, "winerror", None)
    if code == errno.ENAMETOOLONG or winerror == 206:
        return (
            f"Der Pfad ist zu lang für das Dateisystem: {shown}. Bitte einen kürzeren "
            "Ordner oder Namen wählen."
        )
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1) or winerror in (39, 112):
        return (
            f"Kein Speicherplatz mehr frei beim Schreiben von {shown}. Bitte Platz "
            "schaffen und den Befehl erneut starten."
        )
    if code == errno.EROFS:
        return f"Der Datenträger ist schreibgeschützt: {shown}."
    if code in (errno.EACCES, errno.EPERM) or isinstance(exc, PermissionError):
        return (
            f"Keine Berechtigung für {shown} (schreibgeschützt oder gesperrt, z. B. in "
            "einem anderen Programm geöffnet). Bitte Schreibrechte prüfen oder einen "
            "anderen Ordner wählen."
        )
    if isinstance(exc, FileExistsError) or code == errno.EEXIST:
        return (
            f"{shown} ist schon vorhanden und steht im Weg (z. B. eine Datei, wo ein "
            "Ordner hingehört). Bitte umbenennen oder entfernen."
        )
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return (
            f"Im Pfad {shown} ist eine Datei, wo ein Ordner sein müsste. Bitte die Datei "
            "umbenennen oder entfernen."
        )
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return f"{shown} ist ein Ordner, erwartet wurde eine Datei."
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        return f"{shown} wurde nicht gefunden."
    return None


def one_line(exc: BaseException, limit: int = 300) -> str:
    """``Type: message`` on one line, shortened."""
    text = " ".join(str(exc).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def write_error_log(folders, text: str) -> tuple[Path | None, str]:
    """Write ``text`` (a traceback) to ``fehler.log`` in the first writable folder of
    ``folders``, else to a file in the system's temporary folder.

    Returns ``(path, note)``: ``note`` is a German remark for the user when the log is not
    where expected (empty otherwise); ``path`` is None if no log could be written.
    """
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    content = f"bildungsnetz, {stamp}\n\n{text}"
    failed = []  # folders that exist but could not take the log
    for folder in folders:
        if folder is None:
            continue
        folder = Path(folder)
        try:
            if not folder.is_dir():
                continue
            return atomic_write_text(folder / ERROR_LOG, content), ""
        except (OSError, BildungsnetzError):
            failed.append(folder)
    note = (
        f" (im temporären Ordner, weil {failed[0]} nicht beschreibbar ist)"
        if failed
        else " (im temporären Ordner)"
    )
    try:
        fd, name = tempfile.mkstemp(prefix="bildungsnetz-fehler-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        return Path(name), note
    except OSError:
        return None, ""


def log_hint(path: Path | None, note: str) -> str:
    """`` Einzelheiten: <log>`` for a message, or a note that no log could be written."""
    if path is None:
        return " Ein Fehlerprotokoll ließ sich nirgends schreiben."
    return f" Einzelheiten: {path}{note}."
