"""Robust reading of survey files: CSV in the encodings and dialects Excel and survey tools
produce, and XLSX workbooks.

Every table comes back as a list of records (dicts of str) with the spreadsheet row number,
so that each raw row can be accounted for in the cleaning log.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BildungsnetzError
from .text import normalize_name

ENCODINGS = ("utf-8-sig", "cp1252")


@dataclass
class RawTable:
    """One raw table: its file, header and rows.

    ``rows`` holds (row number as a spreadsheet shows it, record) pairs; blank rows are in
    ``blank_rows`` so that they can be logged too.
    """

    datei: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    blank_rows: list[int] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""

    def require(self, columns) -> None:
        """Raise a German error naming the first required column that is missing."""
        for col in columns:
            if col not in self.columns:
                present = ", ".join(c for c in self.columns if c) or "(keine)"
                raise BildungsnetzError(
                    f"Pflichtspalte fehlt. Vorhandene Spalten: {present}.",
                    datei=self.datei, zeile=1, spalte=col)


def _clean_header(value) -> str:
    return normalize_name(value).lstrip("\ufeff").strip().casefold()


def _clean_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return text.strip()


def _decode(path: Path, data: bytes, label: str) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BildungsnetzError(
            "Die Datei enthält Bytes, die weder UTF-8 noch Windows-1252 sind "
            f"(Byte 0x{data[exc.start]:02x} an Position {exc.start}). Bitte als "
            "„CSV UTF-8“ speichern.", datei=label, zeile=line) from None
    # Windows-1252 decodes nearly anything; reject C1 control characters as a sign of binary
    # data or a wrong format.
    for pos, ch in enumerate(text):
        if "\x80" <= ch <= "\x9f" or (ch < " " and ch not in "\t\r\n"):
            line = text[:pos].count("\n") + 1
            raise BildungsnetzError(
                "Die Datei enthält nicht lesbare Zeichen (kein Text in UTF-8 oder "
                f"Windows-1252; erstes Problem bei Byte {utf8_error.start}). Bitte als "
                "„CSV UTF-8“ speichern.", datei=label, zeile=line)
    return text, "cp1252"


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_csv_table(path: Path, label: str | None = None) -> RawTable:
    """Read a CSV file whatever its encoding (UTF-8, UTF-8 with BOM, Windows-1252) and
    delimiter (``,``, ``;``, tab). Text is returned in Unicode NFC."""
    path = Path(path)
    label = label or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BildungsnetzError(f"Datei kann nicht gelesen werden ({exc.strerror}).",
                                datei=label) from None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise BildungsnetzError("Die Datei ist leer.", datei=label)
    text, encoding = _decode(path, data, label)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    delimiter = _sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise BildungsnetzError(f"Die CSV-Struktur ist defekt ({exc}).", datei=label,
                                zeile=reader.line_num) from None
    header = [_clean_header(h) for h in records[0]]
    _check_header(header, label)
    rows, blanks = [], []
    for index, record in enumerate(records[1:], start=2):
        cells = [_clean_cell(c) for c in record]
        if not any(cells):
            blanks.append(index)
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            raise BildungsnetzError(
                f"Die Zeile hat {len(cells)} Felder, die Kopfzeile nur {len(header)} "
                f"(Trennzeichen „{delimiter}“). Steht ein Trennzeichen ohne Anführungszeichen "
                "im Text?", datei=label, zeile=index, spalte=f"Feld {len(header) + 1}")
        cells += [""] * (len(header) - len(cells))
        rows.append((index, dict(zip(header, cells))))
    return RawTable(datei=label, columns=header, rows=rows, blank_rows=blanks,
                    encoding=encoding, delimiter=delimiter)


def _check_header(header: list[str], label: str) -> None:
    seen = set()
    for position, name in enumerate(header, start=1):
        if not name:
            continue
        if name in seen:
            raise BildungsnetzError("Die Spalte kommt in der Kopfzeile zweimal vor.",
                                    datei=label, zeile=1, spalte=name)
        seen.add(name)


def read_xlsx_tables(path: Path, label: str | None = None) -> dict[str, RawTable]:
    """Read every sheet of an XLSX workbook as a RawTable (sheet names case-folded)."""
    from openpyxl import load_workbook

    path = Path(path)
    label = label or str(path)
    if path.stat().st_size == 0:
        raise BildungsnetzError("Die Datei ist leer.", datei=label)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise BildungsnetzError(f"Die Excel-Datei kann nicht gelesen werden ({exc}).",
                                datei=label) from None
    tables = {}
    try:
        for sheet in workbook.worksheets:
            sheet_label = f"{label} [Blatt {sheet.title}]"
            all_rows = list(sheet.iter_rows(values_only=True))
            while all_rows and not any(_clean_cell(c) for c in all_rows[-1]):
                all_rows.pop()
            if not all_rows:
                tables[normalize_name(sheet.title).casefold()] = RawTable(sheet_label, [], [])
                continue
            header = [_clean_header(h) for h in all_rows[0]]
            while header and not header[-1]:
                header.pop()
            _check_header(header, sheet_label)
            rows, blanks = [], []
            for index, values in enumerate(all_rows[1:], start=2):
                cells = [_clean_cell(c) for c in values][: len(header)]
                if not any(cells):
                    blanks.append(index)
                    continue
                cells += [""] * (len(header) - len(cells))
                rows.append((index, dict(zip(header, cells))))
            tables[normalize_name(sheet.title).casefold()] = RawTable(
                sheet_label, header, rows, blanks, encoding="xlsx")
    finally:
        workbook.close()
    return tables
