"""Drafting ``zuordnung.csv`` for a survey export: which question code feeds which field.

``bildungsnetz zuordnung WAVE`` reads the export's header and, when it lies beside it, the
LimeSurvey survey structure (``.lss``), and writes a draft mapping for the analyst to check.
It is the one command that writes under ``raw/`` (the mapping is the analyst's own input), and
it never overwrites an existing ``zuordnung.csv``.

Guessing rules (first rule that fits; every value field is given to one question only, the
first in questionnaire order):

- LimeSurvey's system columns (``id``, ``submitdate``, ``lastpage``, …) are not fields; the
  column ``token`` becomes the field ``token`` when it holds values (it identifies repeated
  responses of one respondent and is never published); ``ipaddr`` is never used.
- Multiple-choice questions (types ``M``, ``P``) whose text speaks of networks, committees,
  working groups or taking part: one row per option with the network's name (the option's
  label) in ``wert``; the role follows from the text: lead/coordination → ``leitung``,
  host/organising → ``gastgeber``, otherwise ``mitglied``. Their "other" field becomes
  ``netzwerk_sonstige``.
- Free-text questions: e-mail → ``email``; phone → ``telefon``; contact person →
  ``ansprechperson``; name of the institution → ``akteur``; postcode → ``plz``; place →
  ``ort``; district → ``landkreis``; further/other networks → ``netzwerk_sonstige``.
- List questions (``L``, ``!``, ``O``): kind/type of institution → ``kategorie``; level →
  ``ebene``; district → ``landkreis``; consent to be named → ``veroeffentlichen``. A list
  whose answer labels are mostly known categories, levels or districts is taken for that field
  even when its text says nothing. The labels go into the column ``antworten``
  (``A1=Kammer; A2=Hochschule``), so that the answer codes of the export become labels.
- Yes/no questions (``Y``) about publishing or consent → ``veroeffentlichen``.
- Everything else stays blank (not used); the column ``hinweis`` says why.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from bildungsnetz.config import ROLES, relative_label
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.lss import (
    LIST_TYPES,
    MULTIPLE_TYPES,
    TEXT_TYPES,
    Question,
    Survey,
    read_lss,
)
from bildungsnetz.ingest.readers import RawTable, decode_bytes, read_csv_table
from bildungsnetz.ingest.reference import Reference, load_reference
from bildungsnetz.safety import validate_wave, write_analyst_input
from bildungsnetz.text import name_key, normalize_name, shorten

MAPPING_FILE = "zuordnung.csv"
#: The columns of a drafted mapping.
MAPPING_COLUMNS = ["code", "feld", "wert", "antworten", "frage", "hinweis"]
#: Columns a mapping may have without being noted as unused (``text``, ``kommentar``: notes
#: an analyst may add).
KNOWN_MAPPING_COLUMNS = frozenset({*MAPPING_COLUMNS, "text", "kommentar"})
#: LimeSurvey's system columns of a response export.
SYSTEM_COLUMNS = frozenset(
    {
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "refurl",
        "ipaddr",
        "token",
    }
)
#: Fields that take a column's value (``feld`` of the mapping).
VALUE_FIELDS = (
    "akteur",
    "kategorie",
    "plz",
    "ort",
    "landkreis",
    "ebene",
    "veroeffentlichen",
    "ansprechperson",
    "email",
    "telefon",
    "token",
)
#: Fields of a multiple-choice option naming a network (``wert``), with the role they give.
ROLE_FIELDS = {role.casefold(): role for role in ROLES}
#: Fields of free text naming further networks.
FREE_FIELDS = frozenset({"netzwerk_sonstige"})

_RULES_TEXT = [  # (field, pattern) for free-text questions, in this order
    ("email", r"e-?mail"),
    ("telefon", r"telefon|\btel\b|rufnummer|handy|mobilnummer"),
    (
        "ansprechperson",
        r"ansprechp|kontaktperson|ansprechpartner|vor- und nachname|"
        r"ihr(en)? name|ausgefüllt von",
    ),
    (
        "netzwerk_sonstige",
        r"(weitere|sonstige|andere)n? (netzwerk|gremi|arbeitskreis|"
        r"arbeitsgruppe)",
    ),
    (
        "akteur",
        r"(name|bezeichnung) (ihrer|der|des|ihres) (institution|einrichtung|"
        r"organisation|behörde|unternehmens|schule|trägers|hauses)|"
        r"^(institution|einrichtung|organisation)$|name der institution",
    ),
    ("plz", r"postleitzahl|\bplz\b"),
    ("landkreis", r"landkreis|kreisfreie|in welchem kreis"),
    ("ort", r"\bort\b|\bsitz\b|gemeinde|\bstadt\b|standort"),
]
_RULES_LIST = [
    (
        "veroeffentlichen",
        r"veröffentlich|einverst|zustimm|namentlich|genannt werden|"
        r"nennen|einwillig",
    ),
    ("ebene", r"\bebene\b|handlungsebene|zuständigkeit"),
    ("landkreis", r"landkreis|kreisfreie|in welchem kreis"),
    (
        "kategorie",
        r"welche[rs]? art|art (ihrer|der|des)|einrichtungsart|kategorie|"
        r"\btyp\b|institutionstyp|organisationsform|sektor|akteursart|"
        r"um was für eine",
    ),
    ("ort", r"\bort\b|\bsitz\b|gemeinde|\bstadt\b"),
]
_MEMBERSHIP = (
    r"netzwerk|gremi|arbeitskreis|arbeitsgruppe|\bag\b|mitglied|mitwirk|beteilig|"
    r"verbund|bündnis|runde[rn]? tisch|kooperation"
)
_LEAD = r"leit|koordin|vorsitz|sprecher|federführ|steuer"
_HOST = r"gastgeber|ausricht|richte\w* [^?]*\baus\b|mitorganis|co-?organis|veranstalt"


def parse_answer_labels(text: str) -> dict[str, str]:
    """The column ``antworten`` of the mapping (``A1=Kammer; A2=Hochschule``) as a dict.

    Pairs are separated by ``;`` or line breaks; parts without ``=`` or with an empty code or
    label are skipped.
    """
    labels = {}
    for part in re.split(r"\s*[;\n]\s*", text or ""):
        code, sep, label = part.partition("=")
        if sep and code.strip() and label.strip():
            labels[code.strip()] = normalize_name(label)
    return labels


def answers_text(answers: dict[str, str]) -> str:
    """Answer codes and labels in the form of the column ``antworten``.

    The inverse of :func:`parse_answer_labels`.
    """
    return "; ".join(f"{code}={label}" for code, label in answers.items())


@dataclass
class DraftRow:
    """One row of a drafted mapping: an export column and the field guessed for it."""

    code: str
    feld: str = ""
    wert: str = ""
    antworten: str = ""
    frage: str = ""
    hinweis: str = ""
    check: bool = False  # left blank, but may be needed: listed in the summary

    def as_list(self) -> list[str]:
        """The row's cells in the order of :data:`MAPPING_COLUMNS`."""
        return [self.code, self.feld, self.wert, self.antworten, self.frage, self.hinweis]


@dataclass
class Draft:
    """A drafted mapping and the German summary of what to check."""

    rows: list = field(default_factory=list)
    summary: list = field(default_factory=list)

    def csv_bytes(self) -> bytes:
        """The mapping as ``zuordnung.csv`` (UTF-8, ``,``, header :data:`MAPPING_COLUMNS`)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(MAPPING_COLUMNS)
        for row in self.rows:
            writer.writerow(row.as_list())
        return buffer.getvalue().encode()

    def fields(self) -> dict:
        """The rows given a value field, by field name."""
        return {row.feld: row for row in self.rows if row.feld in VALUE_FIELDS}


class _FieldAssignment:
    """Gives each value field to one column only.

    The first column that fits, in questionnaire order, gets the field; a later column that
    fits too is left blank with a note.
    """

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}  # value field -> code of its column

    def give(self, row: DraftRow, name: str, why: str) -> None:
        if name in self.taken:
            row.hinweis = (
                f"passt auch zu „{name}“, das aber schon {self.taken[name]} "
                "zugeordnet ist – bitte prüfen"
            )
            row.check = True
            return
        row.feld = name
        row.hinweis = why
        if name in VALUE_FIELDS:
            self.taken[name] = row.code


def _search(pattern: str, text: str) -> bool:
    return re.search(pattern, text.casefold()) is not None


def _label_field(labels: list[str], ref: Reference | None) -> str | None:
    """The field a list's answer labels point to, if any.

    A field is chosen when most labels are known categories, levels or districts.
    """
    if ref is None or not labels:
        return None
    votes = {"kategorie": 0, "ebene": 0, "landkreis": 0}
    for label in labels:
        if ref.vocab("kategorie", label):
            votes["kategorie"] += 1
        if ref.vocab("ebene", label):
            votes["ebene"] += 1
        if ref.district(label):
            votes["landkreis"] += 1
    best = max(votes, key=votes.get)
    return best if votes[best] * 2 > len(labels) else None


def draft_mapping(
    header: list[str],
    survey: Survey | None,
    *,
    ref: Reference | None = None,
    token_used: bool = True,
) -> Draft:
    """Draft the mapping for an export header (rules: see the module docstring).

    Parameters
    ----------
    header : list of str
        The export's column headings as written (``N1[SQ001]``).
    survey : Survey or None
        The parsed ``.lss``; None drafts from the header alone (system columns only).
    ref : Reference, optional
        Reference data, to recognise lists whose answer labels are categories, levels or
        districts.
    token_used : bool
        Whether the export's ``token`` column holds values.

    Returns
    -------
    Draft
        One row per column of ``header``, and the summary of what to check.
    """
    draft = Draft()
    fields = _FieldAssignment()
    for column in header:
        row = DraftRow(code=column.strip())
        draft.rows.append(row)
        if row.code.casefold() in SYSTEM_COLUMNS:
            _draft_system_column(row, token_used, fields)
        elif survey is None:
            row.hinweis = "ohne Umfragestruktur (.lss) nicht erkannt – bitte Feld eintragen"
            row.check = True
        else:
            _draft_question_column(row, survey, ref, fields)
    _summarise(draft, survey)
    return draft


def _draft_system_column(row: DraftRow, token_used: bool, fields: _FieldAssignment) -> None:
    lowered = row.code.casefold()
    if lowered == "token" and token_used:
        fields.give(
            row,
            "token",
            "LimeSurvey-Zugangsschlüssel: erkennt wiederholte Antworten "
            "derselben Person (wird nie veröffentlicht)",
        )
    elif lowered == "ipaddr":
        row.hinweis = "IP-Adresse: personenbezogen, wird nicht verwendet"
    else:
        row.hinweis = "Systemspalte von LimeSurvey"


def _draft_question_column(
    row: DraftRow, survey: Survey, ref: Reference | None, fields: _FieldAssignment
) -> None:
    question, sub, part = survey.lookup(row.code)
    if question is None:
        row.hinweis = "Fragecode nicht in der Umfragestruktur (.lss) – bitte prüfen"
        row.check = True
        return
    row.frage = shorten(
        f"[{question.type_label}] {question.text}" + (f" – {sub.text}" if sub is not None else ""),
        160,
    )
    if part == "comment":
        row.hinweis = "Kommentarfeld – nicht verwendet"
    elif question.type in MULTIPLE_TYPES and _search(_MEMBERSHIP, question.text):
        _draft_network_option(row, question, sub, part, fields)
    elif part == "other":
        row.hinweis = (
            f"Freitext zu „Sonstiges“ von {question.code} – wird bei "
            "Antwort „Sonstiges“ automatisch übernommen"
        )
    elif sub is not None:
        row.hinweis = "Teilfrage ohne Bezug zu einem Feld – nicht verwendet"
    else:
        _draft_by_question_type(row, question, ref, fields)
        if not row.feld and not row.hinweis:
            row.hinweis = "keinem Feld zugeordnet – wird nicht verwendet"
            row.check = True


def _draft_network_option(
    row: DraftRow, question: Question, sub: Question | None, part: str, fields: _FieldAssignment
) -> None:
    """An option (or the "other" text) of a multiple-choice question about networks."""
    text = question.text
    role = (
        "leitung" if _search(_LEAD, text) else "gastgeber" if _search(_HOST, text) else "mitglied"
    )
    if part == "other":
        fields.give(
            row,
            "netzwerk_sonstige",
            "„Sonstiges“-Feld der Netzwerkfrage: weitere Netzwerke als Freitext",
        )
    elif sub is not None:
        fields.give(
            row, role, f"Option der Netzwerkfrage {question.code} (Rolle aus dem Fragetext)"
        )
        row.wert = sub.text


def _draft_by_question_type(
    row: DraftRow, question: Question, ref: Reference | None, fields: _FieldAssignment
) -> None:
    """Draft a plain question: free text, list or yes/no.

    The field is recognised by the question's text, a list's field also by its answer
    labels.
    """
    text = question.text
    if question.type in TEXT_TYPES or question.type == "N":
        name = next((n for n, p in _RULES_TEXT if n not in fields.taken and _search(p, text)), None)
        if name is not None:
            fields.give(row, name, "erkannt am Fragetext")
    elif question.type in LIST_TYPES:
        labels = list(question.answers.values())
        name = next(
            (n for n, p in _RULES_LIST if n not in fields.taken and _search(p, text)), None
        ) or _label_field(labels, ref)
        if name is not None:
            fields.give(row, name, "erkannt am Fragetext bzw. an den Antwortoptionen")
            if row.feld:
                row.antworten = answers_text(question.answers)
    elif question.type == "Y" and _search(_RULES_LIST[0][1], text):
        fields.give(row, "veroeffentlichen", "Ja/Nein-Frage zur Veröffentlichung")


def _summarise(draft: Draft, survey: Survey | None) -> None:
    """Write the German summary of what the analyst should check into ``draft.summary``."""
    fields = draft.fields()
    options = [r for r in draft.rows if r.feld in ROLE_FIELDS]
    lines = [
        f"{len(draft.rows)} Spalten, davon {sum(1 for r in draft.rows if r.feld)} einem "
        "Feld zugeordnet."
    ]
    if survey is None:
        lines.append(
            "Ohne Umfragestruktur (.lss) sind nur Systemspalten erkannt: bitte in "
            "LimeSurvey „Umfragestruktur (.lss)“ exportieren und in den Wellenordner "
            "legen, oder die Spalte „feld“ von Hand ausfüllen."
        )
    if "akteur" not in fields:
        lines.append(
            "Bitte prüfen: keine Frage nach dem Namen der Institution erkannt – das "
            "Feld „akteur“ ist Pflicht."
        )
    else:
        lines.append(f"Name der Institution: {fields['akteur'].code}.")
    if "veroeffentlichen" not in fields:
        lines.append(
            "Keine Frage zur Einwilligung erkannt: alle Akteure erscheinen dann unter "
            "einem Pseudonym."
        )
    for name, label in (
        ("kategorie", "Akteursart"),
        ("ebene", "Ebene"),
        ("landkreis", "Landkreis"),
        ("plz", "Postleitzahl"),
        ("ort", "Ort"),
    ):
        if name in fields:
            lines.append(
                f"{label}: {fields[name].code}"
                + (f" (Antworten: {fields[name].antworten})" if fields[name].antworten else "")
                + "."
            )
    roles = {}
    for row in options:
        roles.setdefault(row.feld, []).append(row)
    for role, rows in roles.items():
        lines.append(
            f"{len(rows)} Netzwerk-Optionen mit Rolle „{role}“ – bitte die "
            "Netzwerknamen in „wert“ prüfen (sie sollten den Namen im "
            "Netzwerkregister entsprechen)."
        )
    if survey is not None and not options:
        lines.append(
            "Keine Netzwerkfrage (Mehrfachauswahl) erkannt – ohne sie entstehen keine "
            "Mitgliedschaften."
        )
    if "token" in fields:
        lines.append(
            "Wiederholte Antworten derselben Person werden am Zugangsschlüssel (token) "
            "erkannt; es gilt die neueste."
        )
    blank = [r.code for r in draft.rows if r.check]
    if blank:
        lines.append(
            "Nicht zugeordnet (bitte prüfen, ob etwas fehlt): "
            + ", ".join(blank[:20])
            + (f" und {len(blank) - 20} weitere" if len(blank) > 20 else "")
            + "."
        )
    draft.summary = lines


def write_draft(data_dir: Path, wave: str) -> tuple[Path, Draft]:
    """Draft ``raw/<wave>/zuordnung.csv`` from the export and the ``.lss`` beside it.

    The draft is written through :func:`bildungsnetz.safety.write_analyst_input` (exclusive
    create: an existing mapping is never overwritten).

    Parameters
    ----------
    data_dir : Path
        The data folder.
    wave : str
        The wave (a folder name under ``raw/``).

    Returns
    -------
    tuple of (Path, Draft)
        Where the draft was written, and the draft with its summary.

    Raises
    ------
    BildungsnetzError
        When a mapping exists already, or the folder holds no single export or several
        ``.lss`` files.
    """
    data_dir = Path(data_dir)
    folder = validate_wave(data_dir, wave)
    target = folder / MAPPING_FILE
    if any(p.name.casefold() == MAPPING_FILE for p in folder.iterdir()):
        raise BildungsnetzError(
            "Es gibt schon eine zuordnung.csv; sie wird nicht überschrieben. Für einen neuen "
            "Entwurf die alte Datei umbenennen (z. B. in zuordnung_alt.txt) oder löschen.",
            datei=relative_label(target, data_dir),
        )
    export_path, structure_path = _draft_inputs(folder, data_dir)
    export = read_csv_table(export_path, relative_label(export_path, data_dir), multiline=True)
    headings = _original_headings(export_path, export)
    survey = (
        read_lss(structure_path, relative_label(structure_path, data_dir))
        if structure_path is not None
        else None
    )
    token_used = any(values.get("token") for _, values in export.rows)
    draft = draft_mapping(headings, survey, ref=load_reference(data_dir), token_used=token_used)
    write_analyst_input(target, draft.csv_bytes())
    return target, draft


def _draft_inputs(folder: Path, data_dir: Path) -> tuple[Path, Path | None]:
    """The export (the one CSV besides ``netzwerke.csv``) and the ``.lss`` (if any)."""
    files = sorted(
        p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("~$", "."))
    )
    exports = [
        p for p in files if p.suffix.casefold() == ".csv" and p.name.casefold() != "netzwerke.csv"
    ]
    if len(exports) != 1:
        found = ", ".join(p.name for p in exports) or "keine"
        raise BildungsnetzError(
            "Für den Entwurf wird genau ein Umfrage-Export (CSV) im Wellenordner erwartet "
            f"(neben optional netzwerke.csv und der .lss); gefunden: {found}.",
            datei=relative_label(folder, data_dir),
        )
    structures = [p for p in files if p.suffix.casefold() == ".lss"]
    if len(structures) > 1:
        raise BildungsnetzError(
            "Mehrere Umfragestrukturen (.lss) im Wellenordner: "
            + ", ".join(p.name for p in structures)
            + ". Bitte nur die zur Befragung "
            "passende liegen lassen.",
            datei=relative_label(folder, data_dir),
        )
    return exports[0], (structures[0] if structures else None)


def _original_headings(path: Path, table: RawTable) -> list[str]:
    """The export's headings as written (the reader case-folds them), e.g. ``N1[SQ001]``."""
    text, _, _ = decode_bytes(path.read_bytes(), str(path))
    first = text.replace("\r\n", "\n").split("\n", 1)[0]
    if first.lower().startswith("sep="):
        first = text.replace("\r\n", "\n").split("\n", 2)[1]
    headings = next(csv.reader([first], delimiter=table.delimiter))
    headings = [h.strip().lstrip("\ufeff") for h in headings]
    if [name_key(h) for h in headings] != [name_key(h) for h in table.columns]:
        return list(table.columns)
    return headings
