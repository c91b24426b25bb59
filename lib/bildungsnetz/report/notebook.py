"""Running the report notebooks with papermill.

The notebooks are package data (``bildungsnetz.notebooks``, the repository's ``notebooks/``
folder), found through :func:`bildungsnetz.config.notebook_path`. Papermill runs a copy with
the given parameters in a fresh kernel; the executed notebook is kept beside the report for
audit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bildungsnetz.config import notebook_path
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.safety import guard_write, temp_sibling

#: Logger levels while a notebook runs or is converted: papermill's per-cell progress and
#: traitlets' configuration chatter are not for the user's console.
QUIET_LEVELS = {"papermill": logging.WARNING, "traitlets": logging.ERROR}


@contextmanager
def quiet_jupyter_logs() -> Iterator[None]:
    """Raise the levels of papermill's and traitlets' loggers for the duration of the block,
    then restore them (the analyst's logging setup is left as it was)."""
    loggers = {name: logging.getLogger(name) for name in QUIET_LEVELS}
    before = {name: logger.level for name, logger in loggers.items()}
    for name, logger in loggers.items():
        logger.setLevel(QUIET_LEVELS[name])
    try:
        yield
    finally:
        for name, logger in loggers.items():
            logger.setLevel(before[name])


def report_notebook(name: str) -> Path:
    """The path of report notebook ``name``; a German error when it is not installed."""
    path = notebook_path(name)
    if path is None:
        raise BildungsnetzError(
            f"Das Notebook {name} wurde nicht gefunden. bildungsnetz muss aus dem "
            "Projektordner installiert sein (pip install -e .)."
        )
    return path


def execute_notebook(name: str, output: Path, parameters: dict) -> Path:
    """Run a report notebook with papermill; the executed copy goes to ``output``.

    A failing cell becomes a German error naming the notebook and the cell; the executed
    notebook is kept for inspection.
    """
    import papermill as pm

    source = report_notebook(name)
    output = Path(output)
    guard_write(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # papermill writes the notebook cell by cell: into a temporary file, replaced at the end
    # (also when a cell failed, so that the message below points to the executed notebook)
    partial = temp_sibling(output, "tmp.ipynb")  # papermill wants the .ipynb ending
    try:
        with quiet_jupyter_logs():
            pm.execute_notebook(
                str(source),
                str(partial),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                cwd=str(source.parent),
                log_output=False,
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        os.replace(partial, output)
    except pm.PapermillExecutionError as exc:
        if partial.exists():
            os.replace(partial, output)
        raise BildungsnetzError(
            f"Das Notebook {name} ist in Zelle {exc.exec_count} abgebrochen: {exc.ename}: "
            f"{exc.evalue}. Das ausgeführte Notebook liegt zur Prüfung unter {output}."
        ) from None
    finally:
        if partial.exists():
            partial.unlink()
    return output
