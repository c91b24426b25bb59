"""Strict reading of survey files: CSV as Excel and survey tools write it, and XLSX workbooks.

Every table comes back as a :class:`RawTable`: its header, its rows as (row number as a
spreadsheet shows it, record) pairs, and everything the reader noticed on the way, so that
each raw row can be accounted for in the cleaning log:

- ``blank_rows``: rows without any value;
- ``rejected``: rows that cannot be read faithfully (more fields than the header, or fewer
  fields and another delimiter in them), with a German reason;
- ``notes``: per row, what was changed (invisible characters removed, missing trailing
  fields) — the row itself is kept;
- ``file_notes``: what was decided for the whole file (encoding, delimiter, ``sep=`` line,
  columns no table uses).

Structural damage that would silently change many rows (an unclosed quote, a line break
inside a name, a value under a column without a heading, a file in a different format) is
an error that names file, row and column.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.safety import describe_os_error
from bildungsnetz.text import normalize_name, strip_invisible

#: Encodings told apart for files that are not UTF-8 (Excel on Windows, old Excel on the Mac,
#: the DOS code page of old Excel/Access exports).
LEGACY_ENCODINGS = ("cp1252", "mac_roman", "cp850")
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 mit BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman",
    "cp850": "CP850 (DOS)",
}
DELIMITER_LABELS = {",": "Komma", ";": "Semikolon", "\t": "Tabulator", "|": "senkrechter Strich"}
#: Largest XLSX part (uncompressed) that is read; beyond it the file is refused (zip bombs).
MAX_XLSX_PART_BYTES = 400 * 1024 * 1024
#: Largest CSV/XLSX cell; csv's own limit is 131,072 characters.
MAX_FIELD_CHARS = 131_072

# Letters and signs expected in German institution names; anything else non-ASCII that a
# legacy code page produces counts against it (e.g. "‰" for a Mac-Roman "ä" read as cp1252).
_GERMAN = set("äöüÄÖÜß")
_TYPOGRAPHY = set("„“”‚‘’–—…€°§·«»\u00a0")
_ACCENTED = set("éèêáàâóòôíìîúùûçñÉÈÁÀÓÍÚÇÑøØåÅæÆ²³µ")


@dataclass
class RawTable:
    """One raw table: its file, header and rows (see the module docstring)."""

    datei: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]
    blank_rows: list[int] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    rejected: list[tuple[int, tuple, str]] = field(default_factory=list)  # (row, cells, reason)
    notes: dict[int, list[str]] = field(default_factory=dict)
    file_notes: list[str] = field(default_factory=list)

    def require(self, columns) -> None:
        """Raise a German error naming the first required column that is missing."""
        for col in columns:
            if col not in self.columns:
                present = ", ".join(c for c in self.columns if c) or "(keine)"
                raise BildungsnetzError(
                    f"Pflichtspalte fehlt. Vorhandene Spalten: {present}.",
                    datei=self.datei,
                    zeile=1,
                    spalte=col,
                )

    def note_unused_columns(self, used) -> None:
        """Record the columns of this table that no field uses (they are not read)."""
        unused = [c for c in self.columns if c and c not in set(used)]
        if unused:
            self.file_notes.append("nicht ausgewertete Spalten: " + ", ".join(unused))

    def rejected_name(self, cells: tuple, column: str) -> str:
        """The value a rejected row holds in ``column``, to name the row in the log.

        Only the name column is shown (never the whole row: a row that does not fit its
        header may carry contact data in any field), and only when the row's fields line up
        with the header: a row saved with another delimiter is split at it first; a row with
        shifted fields gives "". Values that look like an e-mail address or a phone number
        are not shown either.
        """
        if column not in self.columns:
            return ""
        index = self.columns.index(column)
        values = list(cells)
        if len(values) < len(self.columns):
            joined = self.delimiter.join(values)
            other = next((d for d in (";", ",", "\t") if d != self.delimiter and d in joined), None)
            if other:
                values = joined.split(other)
        if len(values) != len(self.columns):
            return ""  # fields shifted: which one is the name is not known
        value = values[index].strip()
        if "@" in value or re.fullmatch(r"[+()\d\s/.-]{6,}", value):
            return ""
        return _short(value)

    @property
    def row_count(self) -> int:
        """The number of raw rows below the header: read, blank and rejected."""
        return len(self.rows) + len(self.blank_rows) + len(self.rejected)


def invisible_note(count: int, column: str) -> str:
    """The cleaning-log note for characters removed from one cell."""
    return f"{count} unsichtbare(s) oder Steuerzeichen entfernt (Spalte {column})"


def removed_from(notes, column: str) -> bool:
    """Whether ``notes`` (of one row) say that characters were removed from ``column``."""
    return any(n.endswith("entfernt (Spalte " + column + ")") for n in notes)


def _clean_header(value) -> str:
    text, _ = strip_invisible(str(value) if value is not None else "")
    return normalize_name(text).lstrip("\ufeff").strip().casefold()


def _cell(value) -> tuple[str, int]:
    """A cell as NFC text without control/invisible characters, and how many were removed."""
    if value is None:
        return "", 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    text, removed = strip_invisible(text, keep_newlines=True)
    return text.strip(), removed


# --------------------------------------------------------------------------------------------
# encodings
# --------------------------------------------------------------------------------------------


def _german_score(text: str) -> int:
    """How plausible a decoded legacy-encoded text is as German.

    Each non-ASCII character counts: +2 for an umlaut or ß where German puts it (lower case
    after a letter, +1 at a word start; upper case at a word start or inside a word in
    capitals), +1 for usual typography between words, 0 for accented letters of other
    languages, -3 for anything else (e.g. "GÜda" for a Mac-Roman
    "Göda" read as CP850, "Stra§e" for a Mac-Roman "Straße" read as Windows-1252).
    """
    score = 0
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in "äöüß":
            if before.isalpha():
                score += 2
            else:  # a word start: common for ä/ö/ü ("über"), impossible for ß
                score += -3 if ch == "ß" else 1
        elif ch in "ÄÖÜ":
            fits = not before.isalpha() or (before.isupper() and not after.islower())
            score += 2 if fits else -3
        elif ch in _TYPOGRAPHY:
            score += -3 if (before.isalpha() and after.isalpha()) else 1
        elif ch in _ACCENTED:
            continue
        else:
            score -= 3
    return score


def _line_of(data: bytes, position: int) -> int:
    return data[:position].count(b"\n") + 1


def decode_bytes(data: bytes, label: str) -> tuple[str, str, str]:
    """Decode a text file delivered by Excel or a survey tool.

    Returns ``(text, encoding, how)``: UTF-8 (with or without BOM) and UTF-16 (with BOM) are
    recognised exactly; otherwise the file is decoded as each of Windows-1252, Mac Roman and
    CP850, and the reading that looks most like German text wins (umlauts and ß count for a
    reading, characters that are rare in German names against it). charset-normalizer breaks
    ties. A file that mixes UTF-8 with another encoding, or that is not text at all, is
    refused with the line of the first problem.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", "erkannt am BOM"
        except UnicodeDecodeError as exc:
            raise BildungsnetzError(
                "Die Datei beginnt mit der UTF-8-Kennung (BOM), enthält aber Bytes, die kein "
                f"UTF-8 sind (Byte 0x{data[3 + exc.start]:02x}). Vermutlich wurden Teile in "
                "verschiedenen Kodierungen gespeichert. Bitte einheitlich als „CSV UTF-8“ "
                "speichern.",
                datei=label,
                zeile=_line_of(data, 3 + exc.start),
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", "erkannt am BOM"
        except UnicodeDecodeError:
            raise BildungsnetzError(
                "Die Datei ist als UTF-16 gekennzeichnet, aber nicht "
                "lesbar. Bitte als „CSV UTF-8“ speichern.",
                datei=label,
            ) from None
    try:
        return data.decode("utf-8"), "utf-8", "gültiges UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if b"\x00" in data:
        raise BildungsnetzError(
            "Die Datei ist keine Textdatei (sie enthält Null-Bytes). Erwartet wird eine "
            "CSV-Datei; bitte als „CSV UTF-8“ speichern.",
            datei=label,
            zeile=_line_of(data, data.index(b"\x00")),
        )
    if re.search(rb"[\xc3][\x80-\xbf]|[\xe2][\x80-\xbf]{2}", data[: utf8_error.start]):
        # Valid UTF-8 umlauts before the first invalid byte: two encodings in one file.
        raise BildungsnetzError(
            "Die Datei mischt UTF-8 mit einer anderen Kodierung: bis hierher ist sie UTF-8, "
            f"hier steht ein Byte (0x{data[utf8_error.start]:02x}), das kein UTF-8 ist. "
            "Vermutlich wurden Zeilen aus einer anderen Datei angehängt. Bitte einheitlich "
            "als „CSV UTF-8“ speichern.",
            datei=label,
            zeile=_line_of(data, utf8_error.start),
        )
    readings = {}
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any("\x80" <= ch <= "\x9f" or (ch < " " and ch not in "\t\r\n") for ch in text):
            continue  # C1/C0 control characters: not this encoding (or not text)
        readings[encoding] = text
    if not readings:
        raise BildungsnetzError(
            "Die Datei enthält nicht lesbare Zeichen (weder UTF-8 noch Windows-1252, Mac Roman "
            f"oder CP850; erstes Problem bei Byte {utf8_error.start}). Bitte als „CSV UTF-8“ "
            "speichern.",
            datei=label,
            zeile=_line_of(data, utf8_error.start),
        )
    scores = {enc: _german_score(text) for enc, text in readings.items()}
    order = _charset_normalizer_order(data, list(readings))
    best = max(readings, key=lambda enc: (scores[enc], -order.index(enc)))
    rivals = [enc for enc in readings if enc != best and scores[enc] == scores[best]]
    if rivals:
        how = (
            "nicht sicher unterscheidbar von "
            + ", ".join(ENCODING_LABELS[r] for r in rivals)
            + " – bitte Umlaute prüfen"
        )
    else:
        how = "erkannt an den Umlauten"
    return readings[best], best, how


def _charset_normalizer_order(data: bytes, candidates: list[str]) -> list[str]:
    """The candidates in the order charset-normalizer ranks them (a tie-breaker)."""
    from charset_normalizer import from_bytes

    ranked = [m.encoding for m in from_bytes(data, cp_isolation=candidates)]
    return [c for c in ranked if c in candidates] + [c for c in candidates if c not in ranked]


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------

_SIGNATURES = [
    (b"PK\x03\x04", "eine Excel-Mappe oder ein anderes ZIP-Archiv"),
    (b"\xd0\xcf\x11\xe0", "eine Datei im alten Excel-/Office-Format (.xls/.doc)"),
    (b"%PDF", "ein PDF-Dokument"),
    (b"{\\rtf", "ein RTF-Dokument"),
]


def _check_not_binary(data: bytes, label: str, expected: str) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BildungsnetzError(
                f"Die Datei ist keine {expected}, sondern {what}. Bitte "
                "im richtigen Format speichern bzw. richtig benennen.",
                datei=label,
            )


def _outside_quotes(line: str) -> str:
    return re.sub(r'"[^"]*"', "", line)


def _sniff_delimiter(first_line: str) -> str:
    plain = _outside_quotes(first_line)
    counts = {d: plain.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def read_file_bytes(path: Path, label: str) -> bytes:
    """The bytes of a file; a German error naming it when the system refuses."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BildungsnetzError(os_error_message(exc, label), datei=label) from None


def os_error_message(exc: OSError, path) -> str:
    """The German sentence for an operating-system error while reading ``path``."""
    return (
        describe_os_error(exc, path)
        or f"Die Datei kann nicht gelesen werden (Betriebssystemfehler {exc.errno})."
    )


def read_csv_table(
    path: Path, label: str | None = None, *, multiline: bool | frozenset = False
) -> RawTable:
    """Read a CSV file strictly, whatever its encoding and delimiter.

    Parameters
    ----------
    path : Path
        The file.
    label : str, optional
        How the file is named in messages and in the cleaning log (default: the path).
    multiline : bool or set of column names
        Whether cells (True: all; a set: of these columns) may contain line breaks: free-text
        answers of a survey export, lists in ``themen``/``zielgruppen`` (one item per line, as
        Alt+Enter in Excel writes them). Anywhere else a line break means an unclosed quote,
        which is an error naming the row and column where the quote opened; so is a line
        inside an allowed cell that holds the delimiter (a swallowed row).

    Returns
    -------
    RawTable
        Header names are case-folded; text is Unicode NFC without control or invisible
        characters (removals noted per row).

    Notes
    -----
    Encodings: see :func:`decode_bytes`. Delimiter: a first line ``sep=X`` (Excel's hint)
    fixes it and is skipped; otherwise the most frequent of ``;``, ``,`` and tab in the header
    line (outside quotes). A row with more fields than the header (and values in them) is
    rejected; a row with fewer fields is rejected when it contains another delimiter (a row
    saved with the wrong delimiter) and otherwise kept with the missing fields empty and a
    note.
    """
    path = Path(path)
    label = label or str(path)
    text, encoding, delimiter, line_offset, notes = _decode_csv(path, label)
    records, spans = _parse_records(text, delimiter, label, line_offset)
    header = [_clean_header(h) for h in records[0]]
    table = RawTable(
        datei=label,
        columns=header,
        rows=[],
        encoding=encoding,
        delimiter=delimiter,
        file_notes=notes,
    )
    if spans[0][1] > spans[0][0]:
        raise BildungsnetzError(
            "Die Kopfzeile enthält einen Zeilenumbruch in "
            "Anführungszeichen. Bitte die Kopfzeile prüfen.",
            datei=label,
            zeile=1,
        )
    _check_header(header, label)
    for index, (record, span) in enumerate(zip(records[1:], spans[1:]), start=2):
        if (
            multiline is not True
            and span[1] > span[0]
            and not _breaks_allowed(record, header, multiline, delimiter)
        ):
            column = next(
                (
                    header[i] if i < len(header) and header[i] else f"Feld {i + 1}"
                    for i, c in enumerate(record)
                    if "\n" in c
                ),
                "?",
            )
            raise BildungsnetzError(
                f"Ein Feld reicht über mehrere Zeilen (Textzeilen {span[0]}–{span[1]}): ein "
                "Anführungszeichen ist nicht geschlossen, oder ein Zeilenumbruch steht im "
                "Feld. Die Zeilen dazwischen würden sonst in diesem Feld verschwinden.",
                datei=label,
                zeile=index,
                spalte=column,
            )
        _add_record(table, index, record)
    return table


def _decode_csv(path: Path, label: str) -> tuple[str, str, str, int, list[str]]:
    r"""A CSV file's text with its encoding and delimiter.

    Returns the text (line breaks as ``\n``, a ``sep=`` line removed), the encoding, the
    delimiter, the number of lines removed at the top, and the notes for the log.
    """
    data = read_file_bytes(path, label)
    if not data.strip(b" \t\r\n\xef\xbb\xbf\x00"):
        raise BildungsnetzError("Die Datei ist leer.", datei=label)
    _check_not_binary(data, label, "CSV-Datei")
    text, encoding, how = decode_bytes(data, label)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    notes = [f"Kodierung {ENCODING_LABELS[encoding]} ({how})"]
    first_line, _, rest = text.partition("\n")
    sep_match = re.fullmatch(
        r'"?sep=(.)"?[,;\t]*\s*', first_line.strip("\ufeff"), flags=re.IGNORECASE
    )
    line_offset = 0
    if sep_match:
        delimiter = sep_match.group(1)
        text = rest
        line_offset = 1
        notes.append(
            f"Trennzeichen {DELIMITER_LABELS.get(delimiter, delimiter)} laut "
            "Zeile „sep=“ (übersprungen)"
        )
    else:
        delimiter = _sniff_delimiter(first_line)
        notes.append(f"Trennzeichen {DELIMITER_LABELS.get(delimiter, delimiter)}")
    if not text.strip():
        raise BildungsnetzError("Die Datei enthält keine Kopfzeile.", datei=label)
    return text, encoding, delimiter, line_offset, notes


def _add_record(table: RawTable, index: int, record: list[str]) -> None:
    """Sort one CSV record (row ``index``) into ``table``.

    It becomes a row (with notes), a blank row or a rejected row; a value under a column
    without heading is an error.
    """
    header = table.columns
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    cells, removed = [], {}
    for position, raw in enumerate(record):
        value, count = _cell(raw)
        cells.append(value)
        if count:
            removed[position] = count
    if not any(cells):
        table.blank_rows.append(index)
        return
    headless = next((i for i in range(min(width, len(cells))) if not header[i] and cells[i]), None)
    if headless is not None:
        raise BildungsnetzError(
            f"In Spalte {headless + 1} steht ein Wert („{_short(cells[headless], 40)}“), "
            "aber die Spalte hat keine Überschrift. Bitte eine Überschrift ergänzen oder "
            "den Wert löschen.",
            datei=table.datei,
            zeile=index,
            spalte=f"Feld {headless + 1}",
        )
    if len(cells) > len(header):
        table.rejected.append(
            (
                index,
                tuple(cells),
                f"Zeile nicht lesbar: {len(cells)} Felder, die Kopfzeile "
                f"hat nur {len(header)} – steht ein Trennzeichen ohne "
                "Anführungszeichen im Text?",
            )
        )
        return
    row_notes = []
    if len(cells) < width:
        joined = "".join(cells)
        wrong = [d for d in (";", ",", "\t") if d != table.delimiter and d in joined]
        if wrong:
            name = DELIMITER_LABELS.get(wrong[0], wrong[0])
            table.rejected.append(
                (
                    index,
                    tuple(cells),
                    f"Zeile nicht lesbar: nur {len(cells)} von {width} "
                    f"Feldern und ein anderes Trennzeichen ({name}) im Text",
                )
            )
            return
        row_notes.append(f"nur {len(cells)} von {width} Feldern, fehlende Felder leer")
    cells += [""] * (len(header) - len(cells))
    for position, count in sorted(removed.items()):
        column = header[position] if position < len(header) else f"Feld {position + 1}"
        row_notes.append(invisible_note(count, column))
    table.rows.append((index, {h: v for h, v in zip(header, cells) if h}))
    if row_notes:
        table.notes[index] = row_notes


def _breaks_allowed(record: list[str], header: list[str], allowed, delimiter: str) -> bool:
    """Whether every line break of a record lies in a column that may hold one.

    A line of such a cell must not hold the delimiter either (as a swallowed row would).
    """
    if not allowed:
        return False
    for i, cell in enumerate(record):
        if "\n" not in cell:
            continue
        if i >= len(header) or header[i] not in allowed:
            return False
        if any(delimiter in line for line in cell.split("\n")):
            return False
    return True


def _short(text: str, width: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _following_lines(count: int) -> str:
    """German phrase for the lines an unclosed quote would swallow."""
    if count == 0:  # the quote opens in the last line: the rest of that line
        return "der Rest dieser Zeile würde"
    return "die folgende Zeile würde" if count == 1 else f"die folgenden {count} Zeilen würden"


def _parse_records(
    text: str, delimiter: str, label: str, line_offset: int
) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """All records of a CSV text, each with the span of text lines it covers.

    Lines are counted from 1, as a text editor shows them, counting a skipped ``sep=`` line.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, spans = [], []
    previous = 0
    try:
        for record in reader:
            records.append(record)
            spans.append((previous + 1 + line_offset, reader.line_num + line_offset))
            previous = reader.line_num
    except csv.Error as exc:
        start = previous + 1 + line_offset
        if "field larger than field limit" in str(exc):
            raise BildungsnetzError(
                f"Ein Feld ab Textzeile {start} ist länger als {MAX_FIELD_CHARS:,} Zeichen".replace(
                    ",", "."
                )
                + " – vermutlich ist dort ein Anführungszeichen nicht geschlossen.",
                datei=label,
                zeile=start,
            ) from None
        raise BildungsnetzError(
            "Die CSV-Struktur ist ab dieser Textzeile defekt (z. B. ein "
            "Zeilenumbruch an einer unerwarteten Stelle).",
            datei=label,
            zeile=start,
        ) from None
    if not records:
        raise BildungsnetzError("Die Datei enthält keine Kopfzeile.", datei=label)
    # An unclosed quote runs to the end of the file: the csv module accepts that silently.
    start, end = spans[-1]
    lines = text.split("\n")
    tail = "\n".join(lines[start - 1 - line_offset :])
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise BildungsnetzError(
                f"Ein Anführungszeichen in Textzeile {start} wird bis zum Dateiende nicht "
                f"geschlossen; {_following_lines(max(end - start, 0))} in einem Feld "
                "verschwinden. Bitte das Anführungszeichen schließen oder entfernen.",
                datei=label,
                zeile=start,
            ) from None
    return records, spans


def _check_header(header: list[str], label: str) -> None:
    seen = set()
    for name in header:
        if not name:
            continue
        if name in seen:
            raise BildungsnetzError(
                "Die Spalte kommt in der Kopfzeile zweimal vor.", datei=label, zeile=1, spalte=name
            )
        seen.add(name)


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _check_workbook_archive(path: Path, label: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise BildungsnetzError(
                    "Die Datei ist ein ZIP-Archiv, aber keine Excel-Mappe (.xlsx). Bitte in "
                    "Excel als „Excel-Arbeitsmappe (.xlsx)“ speichern.",
                    datei=label,
                )
            too_big = [i.filename for i in archive.infolist() if i.file_size > MAX_XLSX_PART_BYTES]
            if too_big:
                raise BildungsnetzError(
                    f"Die Excel-Mappe ist entpackt zu groß ({too_big[0]} über "
                    f"{MAX_XLSX_PART_BYTES // 2**20} MB); vermutlich beschädigt oder "
                    "manipuliert.",
                    datei=label,
                )
    except zipfile.BadZipFile:
        data = path.read_bytes()[:8]
        what = (
            "im alten Excel-Format (.xls) oder verschlüsselt (Kennwortschutz)"
            if data.startswith(b"\xd0\xcf\x11\xe0")
            else "beschädigt oder keine .xlsx-Datei"
        )
        raise BildungsnetzError(
            f"Die Excel-Mappe kann nicht geöffnet werden: sie ist {what}. "
            "Bitte ohne Kennwort als „Excel-Arbeitsmappe (.xlsx)“ "
            "speichern.",
            datei=label,
        ) from None


def read_xlsx_tables(
    path: Path,
    label: str | None = None,
    sheets: tuple[str, ...] | None = None,
    list_columns=frozenset(),
) -> tuple[dict[str, RawTable], list[str]]:
    """Read the named sheets of an XLSX workbook as RawTables (names case-folded).

    Only the sheets in ``sheets`` (all when None) are parsed, cell by cell as stored, so a
    stray value in cell XFD1048576 of another sheet costs nothing. A value in a column without
    a heading is an error naming the cell. A line break in a cell separates list items in
    ``list_columns`` and becomes a space elsewhere (noted). Returns the tables and a list of
    German notes on the sheets that were not read.
    """
    from openpyxl import load_workbook

    path = Path(path)
    label = label or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BildungsnetzError(os_error_message(exc, label), datei=label) from None
    if size == 0:
        raise BildungsnetzError("Die Datei ist leer.", datei=label)
    _check_workbook_archive(path, label)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for broken files
        raise BildungsnetzError(
            "Die Excel-Mappe ist beschädigt und kann nicht gelesen "
            "werden. Bitte in Excel öffnen und neu als .xlsx speichern.",
            datei=label,
        ) from None
    tables: dict[str, RawTable] = {}
    skipped: list[str] = []
    try:
        seen: dict[str, str] = {}
        for sheet in workbook.worksheets:
            key = normalize_name(sheet.title).casefold()
            if sheets is not None and key not in sheets:
                skipped.append(f"Blatt „{sheet.title}“ nicht gelesen (keine Tabelle der Vorlage)")
                continue
            if key in seen:
                raise BildungsnetzError(
                    f"Die Blätter „{seen[key]}“ und „{sheet.title}“ unterscheiden sich nur in "
                    "der Schreibweise; welches gilt? Bitte eines umbenennen oder löschen.",
                    datei=label,
                )
            seen[key] = sheet.title
            try:
                tables[key] = _read_sheet(sheet, f"{label} [Blatt {sheet.title}]", list_columns)
            except BildungsnetzError:
                raise
            except Exception:  # a damaged sheet part
                raise BildungsnetzError(
                    f"Das Blatt „{sheet.title}“ ist beschädigt und kann nicht gelesen werden.",
                    datei=label,
                ) from None
    finally:
        workbook.close()
    return tables, skipped


def _read_sheet(sheet, sheet_label: str, list_columns=frozenset()) -> RawTable:
    sheet.reset_dimensions()  # ignore the stored used range: read the cells that exist
    header: list[str] = []
    header_row = 0
    table = RawTable(sheet_label, [], [], encoding="xlsx")
    width = 0
    for index, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not values:
            if header_row:
                table.blank_rows.append(index)
            continue
        if not header_row:
            cells = [_cell(v)[0] for v in values]
            if not any(cells):
                continue
            header = [_clean_header(v) for v in values]
            while header and not header[-1]:
                header.pop()
            header_row = index
            width = len(header)
            _check_header(header, sheet_label)
            table.columns = header
            if index > 1:
                table.file_notes.append(f"Kopfzeile in Zeile {index} (darüber leer)")
            continue
        cells, removed = [], {}
        for position, raw in enumerate(values[:width]):
            value, count = _cell(raw)
            cells.append(value)
            if count:
                removed[position] = count
        beyond = next(
            (i for i in range(width, len(values)) if values[i] is not None and _cell(values[i])[0]),
            None,
        )
        if beyond is not None:
            raise BildungsnetzError(
                f"In Zelle {_column_letter(beyond + 1)}{index} steht ein Wert "
                f"(„{_short(_cell(values[beyond])[0], 40)}“), aber die Spalte hat keine "
                "Überschrift. Bitte eine Überschrift ergänzen oder den Wert löschen.",
                datei=sheet_label,
                zeile=index,
                spalte=_column_letter(beyond + 1),
            )
        headless = next(
            (i for i, h in enumerate(header) if not h and i < len(cells) and cells[i]), None
        )
        if headless is not None:
            raise BildungsnetzError(
                f"In Zelle {_column_letter(headless + 1)}{index} steht ein Wert, aber die "
                "Spalte hat keine Überschrift. Bitte eine Überschrift ergänzen oder den Wert "
                "löschen.",
                datei=sheet_label,
                zeile=index,
                spalte=_column_letter(headless + 1),
            )
        if not any(cells):
            table.blank_rows.append(index)
            continue
        cells += [""] * (width - len(cells))
        row_notes = []
        for i, c in enumerate(cells):
            if "\n" in c and header[i] not in list_columns:
                row_notes.append(f"Zeilenumbruch in Spalte {header[i]} durch Leerzeichen ersetzt")
                cells[i] = " ".join(c.split("\n"))
        for position, count in sorted(removed.items()):
            row_notes.append(
                invisible_note(count, header[position] or _column_letter(position + 1))
            )
        table.rows.append((index, {h: v for h, v in zip(header, cells) if h}))
        if row_notes:
            table.notes[index] = row_notes
    if header_row:
        # rows are numbered as Excel shows them; blank rows above the header do not count
        table.blank_rows = [r for r in table.blank_rows if r > header_row]
    return table
