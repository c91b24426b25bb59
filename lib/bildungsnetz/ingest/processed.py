r"""Reading and writing the tables of ``processed/<wave>/``: the one module that does it.

Every processed table is CSV in UTF-8 with ``,`` and ``\n``, written atomically (a temporary
file in the same folder, then ``os.replace``), and read back with every column as text so that
ids and postcodes stay intact.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from bildungsnetz.config import processed_dir
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.safety import atomic_write_bytes, guard_write


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    r"""Serialise a table the way every processed file is written (UTF-8, ``,``, ``\n``)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")


def write_table(folder: Path, name: str, frame: pd.DataFrame) -> Path:
    """Write ``frame`` to ``folder/<name>.csv`` atomically; returns the path."""
    return atomic_write_bytes(Path(folder) / f"{name}.csv", to_csv_bytes(frame))


def remove_files(folder: Path, keep: set[str], hidden: tuple[str, ...]) -> None:
    """Remove the CSV files of ``folder`` not named in ``keep``, and the ``hidden`` files.

    These are results derived from tables that have just been replaced.
    """
    for path in sorted(Path(folder).iterdir()):
        if (
            path.is_file()
            and path.name not in keep
            and (path.suffix == ".csv" or path.name in hidden)
        ):
            guard_write(path)
            path.unlink()


def read_table(path: Path, wave: str, required=()) -> pd.DataFrame:
    """One processed table with all columns as text.

    Raises a German error naming the file when it is empty, not UTF-8 or lacks a
    ``required`` column.
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except pd.errors.EmptyDataError:
        raise BildungsnetzError(
            f"Die bereinigte Tabelle ist leer. Bitte „bildungsnetz clean {wave}“ erneut ausführen.",
            datei=path,
        ) from None
    except UnicodeDecodeError:
        raise BildungsnetzError(
            f"Die bereinigte Tabelle ist nicht UTF-8-kodiert. Bitte „bildungsnetz clean "
            f"{wave}“ erneut ausführen.",
            datei=path,
        ) from None
    for col in required:
        if col not in frame.columns:
            raise BildungsnetzError(
                f"Der bereinigten Tabelle fehlt die Spalte „{col}“. Bitte „bildungsnetz clean "
                f"{wave}“ erneut ausführen.",
                datei=path,
                spalte=col,
            )
    return frame


def load_tables(
    data_dir: Path, wave: str, names=("akteure", "netzwerke", "mitgliedschaften"), optional=()
) -> dict[str, pd.DataFrame | None]:
    """Processed tables of one wave by name (all columns as text, ids intact).

    A missing table named in ``optional`` comes back as None; any other missing table is an
    error.
    """
    folder = processed_dir(data_dir, wave)
    tables: dict[str, pd.DataFrame | None] = {}
    for name in [*names, *optional]:
        path = folder / f"{name}.csv"
        if not path.exists() and name in optional:
            tables[name] = None
            continue
        if not path.exists():
            raise BildungsnetzError(
                f"Die Tabelle fehlt; zuerst „bildungsnetz run {wave}“ ausführen.", datei=path
            )
        tables[name] = read_table(path, wave)
    return tables
