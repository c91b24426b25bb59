"""Hypothesis strategies for random small waves of the tidy template (and for damaged CSV bytes).

A :class:`Welle` is a model of what a survey office might deliver: the tables ``akteure``,
``netzwerke``, ``mitgliedschaften`` and optionally ``kooperationen`` as rows of text, with a
random subset of the optional columns, random header case and column order, blank rows, and
the physical form in which each file is delivered (CSV: encoding, delimiter, quoting, line
ends; or one XLSX workbook). The test knows from the model, independently of the library,
how many data rows each file has and which values were contact data (``geheimnisse``).

``wellen(gueltig=True)`` draws waves whose references are consistent (every membership and
cooperation names an actor/network of the wave, possibly in another spelling that only
differs in case, Unicode form or spaces), whose cells contain no line breaks, and whose
legacy-encoded files contain only German text — cleaning such a wave must succeed.
``wellen(gueltig=False)`` draws anything: hostile strings everywhere, line breaks in cells,
unknown references, control characters in legacy encodings.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "mac_roman", "cp850")
LEGACY = ("cp1252", "mac_roman", "cp850")
DELIMITERS = (",", ";")

OPTIONAL = {
    "akteure": [
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
    ],
    "netzwerke": ["typ", "landkreis", "themen", "zielgruppen", "koordination"],
    "mitgliedschaften": ["rolle"],
    "kooperationen": ["intensitaet"],
}
REQUIRED = {
    "akteure": ["akteur"],
    "netzwerke": ["netzwerk"],
    "mitgliedschaften": ["akteur", "netzwerk"],
    "kooperationen": ["von", "an"],
}
CONTACT_COLUMNS = ("ansprechperson", "email", "telefon")

# Strings that have broken CSV/HTML/Excel pipelines before.
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="window.__xss=1">',
    "</td></tr></table><h1>x</h1>",
    "{{ 7*7 }}",
    "${jndi:ldap://x}",
    "<!--",
    "]]>",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
    "+SUM(1,2)",
    "-1+1",
    "@SUM(A1)",
    '"',
    '""',
    "'",
    "`",
    "a,b",
    "a;b",
    "a, b; c",
    "Müller, Schmidt & Co.",
    '"quoted"',
    "Zeile\nUmbruch",
    "CR\rallein",
    "\r\n",
    "ende\n",
    "nul\x00byte",
    "\x01\x02\x1f",
    "\x7f",
    "zero\u200bwidth",
    "\ufeffBOM",
    "bidi\u202eevil\u202c",
    "\u2066isoliert\u2069",
    "wei\u00adches Trennzeichen",
    "\u2028Zeilentrenner",
    "\x85NEL",
    unicodedata.normalize("NFD", "Bildungsbüro Görlitz"),
    "Ärzte für Öko-Straße",
    "   ",
    "\t",
    "\u00a0",
    "\u3000",
    "",
    " . ",
    ";;",
    ",",
    "NaN",
    "nan",
    "null",
    "None",
    "inf",
    "-inf",
    "N/A",
    "#N/A",
    "TRUE",
    "1e400",
    "0x10",
    "ß",
    "SS",
    "ﬁ",
    "ǅ",
    "İ",
    "ı",
    "Σ",
    "ς",
    "emoji 🎓",
    "中文",
    "\U0001f600",
    "sep=;",
    "\\",
    "%s%n",
    "../../etc/passwd",
    "C:\\Windows",
    "ja",
    "nein",
]
LONG = ["x" * 3000, "ä" * 1200, "<b>" * 400]
# Real German words, so that legacy encodings are recognisable (umlauts where German puts them)
WORDS = [
    "Schule",
    "Oberschule",
    "Grundschule",
    "Bildungswerk",
    "Förderverein",
    "Jugendbüro",
    "Arbeitskreis",
    "Netzwerk",
    "Zentrum",
    "Kammer",
    "Verein",
    "Agentur",
    "für",
    "und",
    "der",
    "Görlitz",
    "Cottbus",
    "Bautzen",
    "Löbau",
    "Zittau",
    "Weißwasser",
    "Spreewald",
    "Lausitz",
    "Straße",
    "Übergang",
    "Ärzte",
    "Öko",
    "Bündnis",
    "Müller",
    "Größe",
    "Berufsorientierung",
    "Ausbildung",
    "e.V.",
    "gGmbH",
    "GmbH",
    "&",
    "-",
    "AG",
    "IHK",
    "HWK",
    "Süd",
    "Nord",
]
ACTOR_ALIASES = [
    "IHK Cottbus",
    "Industrie- und Handelskammer Cottbus",
    "Alte Schule Görlitz",
    "Neue Schule Görlitz",
]
NETWORK_ALIASES = ["AG BO", "AG Berufsorientierung"]
VOCAB = {
    "kategorie": ["Kammer", "IHK", "HWK", "Schule", "Bildungsträger", "Träger", "Unbekannt"],
    "plz": ["03044", "03046", "3046", "02826", "04916", "4916", "02625", "99999", "0", "abc"],
    "ort": ["Cottbus", "Görlitz", "Herzberg", "Herzberg (Elster)", "Bautzen", "Nirgendwo"],
    "landkreis": [
        "Cottbus",
        "Elbe-Elster",
        "Görlitz",
        "Bautzen",
        "GR",
        "BZ",
        "EE",
        "Lausitz",
        "LK Elbe-Elster",
        "Atlantis",
    ],
    "ebene": ["Land", "Kreis", "Kommune", "Bund"],
    "veroeffentlichen": ["ja", "nein", "Ja", "JA", "yes", "x", "1", "0", "n", "vielleicht"],
    "befragt": ["ja", "nein", "Ja", "NEIN", "x", "0", ""],
    "typ": ["AG", "Netzwerk", "Arbeitskreis", "Verbund"],
    "thema": [
        "Berufsorientierung",
        "BO",
        "Berufs-Orientierung",
        "Ausbildung",
        "Digitalisierung",
        "Weltraum",
    ],
    "zielgruppe": ["Schüler*innen", "Schüler", "SuS", "Auszubildende", "Azubis", "Senioren"],
    "rolle": [
        "Mitglied",
        "Gastgeber",
        "Leitung",
        "member",
        "Co-Organisator",
        "Koordination",
        "Chef",
        "",
    ],
    "intensitaet": ["1", "2", "3", "2,0", "3.0", "0", "4", "2,7", "inf", "nan", "x", "", "-1"],
}

# Characters drawn for random text: printable, German, hostile punctuation, invisible ones.
ALPHABET = st.sampled_from(
    list("abcxyzABCXYZ019 -.&/()äöüÄÖÜßéñ<>=+@\"',;|\\{}$%#*!?")
    + [
        "\t",
        "\n",
        "\r",
        "\x00",
        "\x01",
        "\x1f",
        "\x7f",
        "\x85",
        "\u00a0",
        "\u200b",
        "\u200d",
        "\u202e",
        "\ufeff",
        "\u2028",
        "\u0308",
        "€",
        "„",
        "“",
        "–",
        "—",
        "…",
        "ǅ",
        "ﬁ",
        "🎓",
        "中",
        "\U0010fffd",
    ]
)


# --------------------------------------------------------------------------------------------
# model
# --------------------------------------------------------------------------------------------


@dataclass
class Datei:
    """One delivered table: header and rows as text, and how the file is written."""

    tabelle: str
    header: list[str]
    rows: list[list[str]]
    encoding: str = "utf-8"
    delimiter: str = ","
    quote_all: bool = False
    lineterminator: str = "\r\n"
    sep_line: bool = False  # Excel's hint "sep=;" as the first line (not a row)
    roh: bytes | None = None  # hand-made bytes instead (``rows`` then only count the rows)

    def text(self) -> str:
        buffer = io.StringIO(newline="")
        # csv.QUOTE_MINIMAL quotes only the characters of *this* line terminator: with "\n" a
        # bare "\r" in a cell would stay unquoted – a line break for every CSV reader. A
        # properly quoted file quotes it.
        bare_cr = "\r" not in self.lineterminator and any("\r" in v for r in self.rows for v in r)
        writer = csv.writer(
            buffer,
            delimiter=self.delimiter,
            lineterminator=self.lineterminator,
            quoting=csv.QUOTE_ALL if self.quote_all or bare_cr else csv.QUOTE_MINIMAL,
        )
        if self.sep_line:
            buffer.write(f"sep={self.delimiter}{self.lineterminator}")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buffer.getvalue()

    def as_bytes(self) -> bytes:
        if self.roh is not None:
            return self.roh
        return self.text().encode(self.encoding)


@dataclass
class Welle:
    """A generated wave (see the module docstring)."""

    dateien: dict[str, Datei]
    form: str = "csv"  # "csv" or "xlsx"
    mappe: str = "erhebung.xlsx"
    gueltig: bool = False
    geheimnisse: list[str] = field(default_factory=list)

    def werte(self) -> set[str]:
        """Every cell value (for telling a generated name from a computed number)."""
        return {v for d in self.dateien.values() for r in d.rows for v in r}

    def schreibe(self, folder: Path) -> dict[str, list[int]]:
        """Write the wave into ``folder``; return per file label (relative to the folder) the
        line numbers of its data rows as a spreadsheet shows them (header = 1)."""
        folder.mkdir(parents=True, exist_ok=True)
        expected = {}
        if self.form == "xlsx":
            from openpyxl import Workbook

            book = Workbook()
            book.remove(book.active)
            for name, datei in self.dateien.items():
                sheet = book.create_sheet(name)
                for r, row in enumerate([datei.header, *datei.rows], start=1):
                    for c, value in enumerate(row, start=1):
                        cell = sheet.cell(row=r, column=c, value=xlsx_text(value))
                        if isinstance(cell.value, str) and cell.value.startswith("="):
                            cell.data_type = "s"  # a literal text, not a formula
                expected[f"{self.mappe} [Blatt {name}]"] = list(range(2, len(datei.rows) + 2))
            book.save(folder / self.mappe)
            return expected
        for name, datei in self.dateien.items():
            (folder / f"{name}.csv").write_bytes(datei.as_bytes())
            expected[f"{name}.csv"] = list(range(2, len(datei.rows) + 2))
        return expected


def xlsx_text(value: str) -> str:
    """What a spreadsheet cell can hold: openpyxl refuses C0 control characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _has_controls(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\r\n" for ch in text)


_GERMAN_WORDS = {w.casefold() for w in WORDS}


def legacy_ok(text: str, gueltig: bool) -> bool:
    """Whether a file may be delivered in a legacy code page (it must be encodable anyway).

    A legacy code page cannot be read exactly, only guessed from how German the text looks
    (see ``readers.decode_bytes``). So a valid wave uses one only for plausible German: no
    control characters, and every word with a non-ASCII letter is a German word not starting
    with a lower-case umlaut (a lone "ß" in a cell, "%<ÜÖ", or "ärzte" in CP850 – read as
    "„rzte" in Windows-1252 – could be another code page as well)."""
    if not gueltig:
        return True
    if _has_controls(text) or not all(ch.isascii() or ch in "äöüÄÖÜß" for ch in text):
        return False
    return all(
        word.casefold() in _GERMAN_WORDS and word[0] not in "äöü"
        for word in re.findall(r"\w+", text)
        if not word.isascii()
    )


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# --------------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------------

german_names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


def hostile_text(gueltig: bool):
    """Any hostile cell text. In a valid wave: no line breaks (the tidy template forbids them)."""
    choices = [
        st.sampled_from(HOSTILE),
        st.text(ALPHABET, max_size=25),
        german_names,
        st.sampled_from(LONG),
        st.tuples(german_names, st.sampled_from(HOSTILE)).map(" ".join),
        st.tuples(st.sampled_from(HOSTILE), german_names).map("".join),
    ]
    text = st.one_of(*choices)
    if gueltig:
        text = text.map(lambda s: s.replace("\r", " ").replace("\n", " "))
    return text


def names(gueltig: bool, aliases: list[str]):
    return st.one_of(
        german_names,
        german_names.map(lambda s: f"{s} {len(s)}"),
        st.sampled_from(aliases),
        hostile_text(gueltig),
    )


@st.composite
def spelling_variant(draw, name: str) -> str:
    """Another spelling of ``name`` that the README calls the same name: case, Unicode form
    (NFD) and spaces; falls back to ``name`` where case mapping is not one-to-one."""
    kind = draw(st.sampled_from(["gleich", "lower", "upper", "nfd", "leer", "gleich"]))
    if kind == "lower":
        variant = name.lower()
    elif kind == "upper":
        variant = name.upper()
    elif kind == "nfd":
        variant = unicodedata.normalize("NFD", name)
    elif kind == "leer":
        variant = "  " + name.replace(" ", "  ") + " "
    else:
        variant = name

    def fold(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())

    return variant if fold(variant) == fold(name) else name


def column_value(column: str, gueltig: bool):
    vocab = VOCAB.get(column)
    if column == "befragt" and gueltig:
        return st.sampled_from(vocab)  # anything else is refused with a German message
    options = [st.just(""), hostile_text(gueltig)]
    if vocab:
        options = [st.sampled_from(vocab)] * 3 + options
    return st.one_of(*options)


def list_value(art: str, gueltig: bool):
    return st.lists(st.one_of(st.sampled_from(VOCAB[art]), hostile_text(gueltig)), max_size=3).map(
        ";".join
    )


# --------------------------------------------------------------------------------------------
# waves
# --------------------------------------------------------------------------------------------


@st.composite
def _file_format(draw, datei: Datei, gueltig: bool) -> Datei:
    datei.delimiter = draw(st.sampled_from(DELIMITERS))
    datei.quote_all = draw(st.booleans())
    datei.lineterminator = draw(st.sampled_from(["\r\n", "\n"]))
    datei.sep_line = draw(st.integers(0, 7)) == 0
    if (
        gueltig
        and len(datei.header) == 1
        and datei.delimiter == ";"
        and any("," in v for r in datei.rows for v in r)
    ):
        # A one-column file says nothing about its delimiter: ";" with an unquoted "," in a
        # cell is ambiguous. A valid wave quotes such cells.
        datei.quote_all = True
    encoding = draw(st.sampled_from(ENCODINGS))
    text = datei.text()
    if encoding in LEGACY and not (_encodable(text, encoding) and legacy_ok(text, gueltig)):
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig"]))
    datei.encoding = encoding
    return datei


@st.composite
def _table(draw, tabelle: str, body: list[dict], gueltig: bool) -> Datei:
    """Rows (dicts) → a Datei with a random subset of optional columns (values drawn for the
    columns not given), random header case and order, and blank rows put in between."""
    optional = draw(st.lists(st.sampled_from(OPTIONAL[tabelle]), unique=True))
    if draw(st.integers(0, 9)) == 0:
        optional.append("bemerkung")  # a column no table uses
    columns = REQUIRED[tabelle] + optional
    order = draw(st.permutations(columns))
    header = [draw(st.sampled_from([c, c.upper(), c.capitalize(), f" {c} "])) for c in order]
    rows = []
    for values in body:
        row = []
        for column in order:
            if column in values:
                row.append(values[column])
            else:
                row.append(draw(column_value(column, gueltig)))
        rows.append(row)
    for _ in range(draw(st.integers(0, 2))):
        rows.insert(draw(st.integers(0, len(rows))), [""] * len(order))
    return Datei(tabelle, header, rows)


@st.composite
def wellen(draw, gueltig: bool = False, max_akteure: int = 8, max_netzwerke: int = 5) -> Welle:
    """A random small wave of the tidy template (see the module docstring)."""
    text = hostile_text(gueltig)
    # actors: names, some of them other spellings of earlier ones (merged when cleaned)
    actor_names: list[str] = []
    for _ in range(draw(st.integers(1, max_akteure))):
        if actor_names and draw(st.integers(0, 4)) == 0:
            actor_names.append(draw(spelling_variant(draw(st.sampled_from(actor_names)))))
        else:
            actor_names.append(draw(names(gueltig, ACTOR_ALIASES)))
    secrets = []
    akteure = []
    for i, name in enumerate(actor_names):
        values = {"akteur": name}
        for column in CONTACT_COLUMNS:
            if draw(st.booleans()):
                marker = f"Kontakt{column[:3]}Q{i}Z"
                secrets.append(marker)
                values[column] = draw(
                    st.sampled_from(
                        [f"{marker}@example.org", f"+49 355 {marker}", f"Dr. {marker} Schulze"]
                    )
                )
                if draw(st.integers(0, 3)) == 0:
                    values[column] = draw(text) + values[column] + draw(text)
            else:
                values[column] = draw(st.sampled_from(["", " "]))
        akteure.append(values)
    # networks
    network_names = []
    for _ in range(draw(st.integers(0, max_netzwerke))):
        if network_names and draw(st.integers(0, 4)) == 0:
            network_names.append(draw(spelling_variant(draw(st.sampled_from(network_names)))))
        else:
            network_names.append(draw(names(gueltig, NETWORK_ALIASES)))
    netzwerke = []
    for name in network_names:
        koordination = draw(st.one_of(st.just(""), st.sampled_from(actor_names), text))
        netzwerke.append(
            {
                "netzwerk": name,
                "themen": draw(list_value("thema", gueltig)),
                "zielgruppen": draw(list_value("zielgruppe", gueltig)),
                "koordination": koordination,
            }
        )
    # memberships: a subset of actor × network (possibly empty), in other spellings
    pairs = [(a, n) for a in range(len(actor_names)) for n in range(len(network_names))]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=12)) if pairs else []
    mitglieder = []
    for a, n in chosen:
        mitglieder.append(
            {
                "akteur": draw(spelling_variant(actor_names[a])),
                "netzwerk": draw(spelling_variant(network_names[n])),
            }
        )
    if not gueltig:
        # unknown or broken references, half-empty rows
        for _ in range(draw(st.integers(0, 2))):
            mitglieder.insert(
                draw(st.integers(0, len(mitglieder))),
                {
                    "akteur": draw(st.one_of(st.sampled_from(actor_names), text)),
                    "netzwerk": draw(st.one_of(st.sampled_from(network_names or [""]), text)),
                },
            )
    else:
        for _ in range(draw(st.integers(0, 1))):  # half-empty rows are rejected, not errors
            which = draw(st.sampled_from([{"akteur": ""}, {"netzwerk": ""}]))
            other = (
                {"netzwerk": draw(st.sampled_from(network_names or ["x"]))}
                if "akteur" in which
                else {"akteur": draw(st.sampled_from(actor_names))}
            )
            mitglieder.append({**which, **other})
    tables = {
        "akteure": draw(_table("akteure", akteure, gueltig)),
        "netzwerke": draw(_table("netzwerke", netzwerke, gueltig)),
        "mitgliedschaften": draw(_table("mitgliedschaften", mitglieder, gueltig)),
    }
    if draw(st.integers(0, 3)) == 0:
        koop = []
        for _ in range(draw(st.integers(0, 4))):
            von = draw(spelling_variant(draw(st.sampled_from(actor_names))))
            an = draw(spelling_variant(draw(st.sampled_from(actor_names))))
            if not gueltig and draw(st.integers(0, 5)) == 0:
                an = draw(text)
            koop.append({"von": von, "an": an})
        tables["kooperationen"] = draw(_table("kooperationen", koop, gueltig))
    if gueltig:
        # names that stay empty or unreadable make no references invalid: an empty name is
        # rejected in both tables. Nothing else to repair.
        pass
    form = "xlsx" if draw(st.integers(0, 4)) == 0 else "csv"
    if form == "csv":
        for name in list(tables):
            tables[name] = draw(_file_format(tables[name], gueltig))
    return Welle(tables, form=form, gueltig=gueltig, geheimnisse=secrets)


def welle_aus(
    akteure,
    netzwerke,
    mitgliedschaften,
    *,
    akteure_header=("akteur",),
    netzwerke_header=("netzwerk",),
    mitglieder_header=("akteur", "netzwerk"),
    encoding="utf-8",
    delimiter=",",
) -> Welle:
    """A hand-made wave (for ``@example``): rows as tuples in the order of the headers."""

    def datei(tabelle, header, rows):
        return Datei(tabelle, list(header), [list(r) for r in rows], encoding, delimiter)

    return Welle(
        {
            "akteure": datei("akteure", akteure_header, akteure),
            "netzwerke": datei("netzwerke", netzwerke_header, netzwerke),
            "mitgliedschaften": datei("mitgliedschaften", mitglieder_header, mitgliedschaften),
        },
        gueltig=True,
    )


@st.composite
def zwei_formen(draw) -> tuple[Welle, Welle]:
    """A valid wave and the same wave delivered in another physical form: every file in
    another encoding/delimiter/quoting/line end (with or without ``sep=`` line), or all tables
    as one XLSX workbook."""
    import copy

    welle = draw(wellen(gueltig=True, max_akteure=6, max_netzwerke=4))
    other = copy.deepcopy(welle)
    other.form = draw(st.sampled_from(["csv", "xlsx"]))
    if other.form == "csv":
        for name in other.dateien:
            other.dateien[name] = draw(_file_format(other.dateien[name], True))
    return welle, other


# --------------------------------------------------------------------------------------------
# bytes for the pure reader
# --------------------------------------------------------------------------------------------

INSERTS = [
    b'"',
    b'""',
    b"\x00",
    b"\r",
    b"\n",
    b";",
    b",",
    b"\t",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xe4",
    b"\xc3",
    b"\x81",
    b"sep=;\n",
    b"PK\x03\x04",
    b'"\n',
    b"\xff\xfe",
]


@st.composite
def veraenderte_csv_bytes(draw) -> bytes:
    """The bytes of a generated table file, then damaged: truncated, quote characters and other
    bytes inserted, the delimiter swapped in some rows, bytes flipped, lines doubled/dropped."""
    welle = draw(wellen(gueltig=draw(st.booleans()), max_akteure=4, max_netzwerke=3))
    datei = draw(st.sampled_from(list(welle.dateien.values())))
    if welle.form == "xlsx":
        datei = draw(_file_format(datei, False))
    data = datei.as_bytes()
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "kürzen",
                    "einfügen",
                    "einfügen",
                    "kippen",
                    "tauschen",
                    "zeile_doppeln",
                    "zeile_löschen",
                ]
            )
        )
        pos = draw(st.integers(0, max(len(data), 1))) % (len(data) + 1)
        if kind == "kürzen":
            data = data[:pos]
        elif kind == "einfügen":
            data = data[:pos] + draw(st.sampled_from(INSERTS)) + data[pos:]
        elif kind == "kippen" and data:
            pos = min(pos, len(data) - 1)
            data = data[:pos] + bytes([data[pos] ^ draw(st.integers(1, 255))]) + data[pos + 1 :]
        elif kind == "tauschen":
            lines = data.split(b"\n")
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            lines[i] = (
                lines[i].replace(b",", b"\x00TMP").replace(b";", b",").replace(b"\x00TMP", b";")
            )
            data = b"\n".join(lines)
        else:
            lines = data.split(b"\n")
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            if kind == "zeile_doppeln":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            data = b"\n".join(lines)
    return data


arbitrary_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(INSERTS + [b"akteur", b"a", b"\xe4", b" "]), max_size=30).map(
        b"".join
    ),
)
