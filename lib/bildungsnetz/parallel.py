"""Work that runs beside the main process on a second core (forked, results piped back).

A large wave's analysis is single-threaded; the cooperation potential (about a third of it
at 100× the Lausitz) needs nothing the other measures compute, so it runs in a forked child
process meanwhile. Forking shares the graphs without copying or pickling them; only the
result travels back through a pipe. Small waves, single-core machines and platforms
without ``fork`` run the work in this process: the result is the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["PARALLEL_MIN_ACTORS", "Background", "background"]

#: From this many actors on, :func:`background` forks (below, forking costs more than it
#: saves: the whole analysis of the Lausitz takes a few seconds).
PARALLEL_MIN_ACTORS = 2000


def _can_fork() -> bool:
    return (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()


def _child(send, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
    try:
        result = (True, fn(*args, **kwargs))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        result = (False, exc, traceback.format_exc())
    try:
        send.send(result)
    except Exception:  # noqa: BLE001 - an unpicklable exception: send its text
        send.send((False, RuntimeError(str(result[1])), traceback.format_exc()))
    finally:
        send.close()


class Background:
    """The result of ``fn(*args, **kwargs)``, computed in a forked process or right away."""

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict, fork: bool):
        self._value: tuple | None = None
        self._process = None
        if not fork:  # computed now; a failure is raised by result(), as from a child
            try:
                self._value = (True, fn(*args, **kwargs))
            except Exception as exc:  # noqa: BLE001 - kept for result()
                self._value = (False, exc)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        # a daemon: should the caller fail before asking for the result, the child ends
        # with it instead of keeping the process alive
        self._process = context.Process(target=_child, args=(send, fn, args, kwargs), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> Any:
        """The value (waits for the child); re-raises the child's exception."""
        if self._value is None:
            assert self._process is not None
            try:
                self._value = self._receive.recv()
            except EOFError:  # the child died without an answer (killed, out of memory)
                self._value = (False, RuntimeError("Hintergrundprozess ohne Ergebnis beendet"))
            finally:
                self._receive.close()
                self._process.join()
        if self._value[0]:
            return self._value[1]
        raise self._value[1]


def background(fn: Callable[..., Any], *args: Any, size: int, **kwargs: Any) -> Background:
    """Start ``fn(*args, **kwargs)`` in a forked process when ``size`` (actors) reaches
    :data:`PARALLEL_MIN_ACTORS` and a second core and ``fork`` exist, else compute it now.

    Examples
    --------
    >>> background(sum, [1, 2, 3], size=10).result()
    6
    """
    return Background(fn, args, kwargs, fork=size >= PARALLEL_MIN_ACTORS and _can_fork())
