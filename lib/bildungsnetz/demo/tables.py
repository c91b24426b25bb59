"""The columns of the template tables, and CSV text as the demo writes it."""

from __future__ import annotations

import csv
import io

AKTEURE_COLS = [
    "akteur",
    "kategorie",
    "plz",
    "ort",
    "landkreis",
    "ebene",
    "veroeffentlichen",
    "befragt",
    "ansprechperson",
    "email",
    "telefon",
]
NETZWERKE_COLS = ["netzwerk", "typ", "landkreis", "themen", "zielgruppen", "koordination"]
MITGLIED_COLS = ["akteur", "netzwerk", "rolle"]
KOOP_COLS = ["von", "an", "intensitaet"]


def csv_text(
    columns: list, rows: list, delimiter=",", terminator="\n", quoting=csv.QUOTE_MINIMAL
) -> str:
    """A header line and one line per row (dicts; missing and None values empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator, quoting=quoting)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else str(row.get(c)) for c in columns])
    return buffer.getvalue()
