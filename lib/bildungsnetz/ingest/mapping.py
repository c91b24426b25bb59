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

import io
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.lss import LIST_TYPES, MULTIPLE_TYPES, TEXT_TYPES, Survey, read_lss
from bildungsnetz.text import name_key

MAPPING_FILE = "zuordnung.csv"
MAPPING_COLUMNS = ["code", "feld", "wert", "antworten", "frage", "hinweis"]
SYSTEM_COLUMNS = {"id", "submitdate", "lastpage", "startlanguage", "seed", "startdate",
                  "datestamp", "refurl", "ipaddr", "token"}

_RULES_TEXT = [   # (field, pattern) for free-text questions, in this order
    ("email", r"e-?mail"),
    ("telefon", r"telefon|\btel\b|rufnummer|handy|mobilnummer"),
    ("ansprechperson", r"ansprechp|kontaktperson|ansprechpartner|vor- und nachname|"
                       r"ihr(en)? name|ausgefüllt von"),
    ("netzwerk_sonstige", r"(weitere|sonstige|andere)n? (netzwerk|gremi|arbeitskreis|"
                          r"arbeitsgruppe)"),
    ("akteur", r"(name|bezeichnung) (ihrer|der|des|ihres) (institution|einrichtung|"
               r"organisation|behörde|unternehmens|schule|trägers|hauses)|"
               r"^(institution|einrichtung|organisation)$|name der institution"),
    ("plz", r"postleitzahl|\bplz\b"),
    ("landkreis", r"landkreis|kreisfreie|in welchem kreis"),
    ("ort", r"\bort\b|\bsitz\b|gemeinde|\bstadt\b|standort"),
]
_RULES_LIST = [
    ("veroeffentlichen", r"veröffentlich|einverst|zustimm|namentlich|genannt werden|"
                         r"nennen|einwillig"),
    ("ebene", r"\bebene\b|handlungsebene|zuständigkeit"),
    ("landkreis", r"landkreis|kreisfreie|in welchem kreis"),
    ("kategorie", r"welche[rs]? art|art (ihrer|der|des)|einrichtungsart|kategorie|"
                  r"\btyp\b|institutionstyp|organisationsform|sektor|akteursart|"
                  r"um was für eine"),
    ("ort", r"\bort\b|\bsitz\b|gemeinde|\bstadt\b"),
]
_MEMBERSHIP = r"netzwerk|gremi|arbeitskreis|arbeitsgruppe|\bag\b|mitglied|mitwirk|beteilig|" \
              r"verbund|bündnis|runde[rn]? tisch|kooperation"
_LEAD = r"leit|koordin|vorsitz|sprecher|federführ|steuer"
_HOST = r"gastgeber|ausricht|richte\w* [^?]*\baus\b|mitorganis|co-?organis|veranstalt"

VALUE_FIELDS = ("akteur", "kategorie", "plz", "ort", "landkreis", "ebene", "veroeffentlichen",
                "ansprechperson", "email", "telefon", "token")


@dataclass
class DraftRow:
    code: str
    feld: str = ""
    wert: str = ""
    antworten: str = ""
    frage: str = ""
    hinweis: str = ""
    check: bool = False    # left blank, but may be needed: listed in the summary

    def as_list(self) -> list[str]:
        return [self.code, self.feld, self.wert, self.antworten, self.frage, self.hinweis]


@dataclass
class Draft:
    """A drafted mapping and the German summary of what to check."""

    rows: list = field(default_factory=list)
    summary: list = field(default_factory=list)

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(MAPPING_COLUMNS)
        for row in self.rows:
            writer.writerow(row.as_list())
        return buffer.getvalue().encode("utf-8")

    def fields(self) -> dict:
        return {row.feld: row for row in self.rows if row.feld in VALUE_FIELDS}


def _shorten(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _search(pattern: str, text: str) -> bool:
    return re.search(pattern, text.casefold()) is not None


def _label_field(labels: list[str], ref) -> str | None:
    """The field a list's answer labels point to: most labels known categories, levels or
    districts."""
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


def _answers_text(question) -> str:
    return "; ".join(f"{code}={label}" for code, label in question.answers.items())


def draft_mapping(header: list[str], survey: Survey | None, *, ref=None,
                  token_used: bool = True) -> Draft:
    """Draft the mapping for an export header (column headings as in the export).

    ``survey`` is the parsed ``.lss`` (None: from the header alone); ``ref`` the reference
    data (for answer labels that are categories, levels or districts); ``token_used`` whether
    the export's ``token`` column holds values.
    """
    draft = Draft()
    taken: dict[str, str] = {}
    membership_questions: dict[str, str] = {}   # question code -> role

    def give(row: DraftRow, name: str, why: str) -> None:
        if name in VALUE_FIELDS and name in taken:
            row.hinweis = (f"passt auch zu „{name}“, das aber schon {taken[name]} "
                           "zugeordnet ist – bitte prüfen")
            row.check = True
            return
        row.feld = name
        row.hinweis = why
        if name in VALUE_FIELDS:
            taken[name] = row.code

    for column in header:
        heading = column.strip()
        row = DraftRow(code=heading)
        draft.rows.append(row)
        lowered = heading.casefold()
        if lowered in SYSTEM_COLUMNS:
            if lowered == "token" and token_used:
                give(row, "token", "LimeSurvey-Zugangsschlüssel: erkennt wiederholte Antworten "
                                   "derselben Person (wird nie veröffentlicht)")
            elif lowered == "ipaddr":
                row.hinweis = "IP-Adresse: personenbezogen, wird nicht verwendet"
            else:
                row.hinweis = "Systemspalte von LimeSurvey"
            continue
        if survey is None:
            row.hinweis = "ohne Umfragestruktur (.lss) nicht erkannt – bitte Feld eintragen"
            row.check = True
            continue
        question, sub, part = survey.lookup(heading)
        if question is None:
            row.hinweis = "Fragecode nicht in der Umfragestruktur (.lss) – bitte prüfen"
            row.check = True
            continue
        text = question.text
        row.frage = _shorten(f"[{question.type_label}] {text}"
                             + (f" – {sub.text}" if sub is not None else ""))
        if part == "comment":
            row.hinweis = "Kommentarfeld – nicht verwendet"
            continue
        if question.type in MULTIPLE_TYPES and _search(_MEMBERSHIP, text):
            role = ("leitung" if _search(_LEAD, text) else
                    "gastgeber" if _search(_HOST, text) else "mitglied")
            membership_questions[question.code] = role
            if part == "other":
                give(row, "netzwerk_sonstige",
                     "„Sonstiges“-Feld der Netzwerkfrage: weitere Netzwerke als Freitext")
            elif sub is not None:
                give(row, role, f"Option der Netzwerkfrage {question.code} (Rolle aus dem "
                                "Fragetext)")
                row.wert = sub.text
            continue
        if part == "other":
            row.hinweis = (f"Freitext zu „Sonstiges“ von {question.code} – wird bei "
                           "Antwort „Sonstiges“ automatisch übernommen")
            continue
        if sub is not None:
            row.hinweis = "Teilfrage ohne Bezug zu einem Feld – nicht verwendet"
            continue
        if question.type in TEXT_TYPES or question.type == "N":
            for name, pattern in _RULES_TEXT:
                if name in taken and name in VALUE_FIELDS:
                    continue
                if _search(pattern, text):
                    give(row, name, "erkannt am Fragetext")
                    break
        elif question.type in LIST_TYPES:
            labels = list(question.answers.values())
            name = next((n for n, p in _RULES_LIST if n not in taken and _search(p, text)),
                        None) or _label_field(labels, ref)
            if name is not None:
                give(row, name, "erkannt am Fragetext bzw. an den Antwortoptionen")
                if row.feld:
                    row.antworten = _answers_text(question)
        elif question.type == "Y" and _search(_RULES_LIST[0][1], text):
            give(row, "veroeffentlichen", "Ja/Nein-Frage zur Veröffentlichung")
        if not row.feld and not row.hinweis:
            row.hinweis = "keinem Feld zugeordnet – wird nicht verwendet"
            row.check = True
    _summarise(draft, survey, membership_questions)
    return draft


def _summarise(draft: Draft, survey: Survey | None, membership_questions: dict) -> None:
    fields = draft.fields()
    options = [r for r in draft.rows if r.feld in ("mitglied", "gastgeber", "leitung")]
    lines = [f"{len(draft.rows)} Spalten, davon {sum(1 for r in draft.rows if r.feld)} einem "
             "Feld zugeordnet."]
    if survey is None:
        lines.append("Ohne Umfragestruktur (.lss) sind nur Systemspalten erkannt: bitte in "
                     "LimeSurvey „Umfragestruktur (.lss)“ exportieren und in den Wellenordner "
                     "legen, oder die Spalte „feld“ von Hand ausfüllen.")
    if "akteur" not in fields:
        lines.append("Bitte prüfen: keine Frage nach dem Namen der Institution erkannt – das "
                     "Feld „akteur“ ist Pflicht.")
    else:
        lines.append(f"Name der Institution: {fields['akteur'].code}.")
    if "veroeffentlichen" not in fields:
        lines.append("Keine Frage zur Einwilligung erkannt: alle Akteure erscheinen dann unter "
                     "einem Pseudonym.")
    for name, label in (("kategorie", "Akteursart"), ("ebene", "Ebene"),
                        ("landkreis", "Landkreis"), ("plz", "Postleitzahl"), ("ort", "Ort")):
        if name in fields:
            lines.append(f"{label}: {fields[name].code}"
                         + (f" (Antworten: {fields[name].antworten})"
                            if fields[name].antworten else "") + ".")
    roles = {}
    for row in options:
        roles.setdefault(row.feld, []).append(row)
    for role, rows in roles.items():
        lines.append(f"{len(rows)} Netzwerk-Optionen mit Rolle „{role}“ – bitte die "
                     "Netzwerknamen in „wert“ prüfen (sie sollten den Namen im "
                     "Netzwerkregister entsprechen).")
    if survey is not None and not options:
        lines.append("Keine Netzwerkfrage (Mehrfachauswahl) erkannt – ohne sie entstehen keine "
                     "Mitgliedschaften.")
    if "token" in fields:
        lines.append("Wiederholte Antworten derselben Person werden am Zugangsschlüssel (token) "
                     "erkannt; es gilt die neueste.")
    blank = [r.code for r in draft.rows if r.check]
    if blank:
        lines.append("Nicht zugeordnet (bitte prüfen, ob etwas fehlt): " + ", ".join(blank[:20])
                     + (f" und {len(blank) - 20} weitere" if len(blank) > 20 else "") + ".")
    draft.summary = lines


def write_draft(data_dir: Path, wave: str) -> tuple[Path, Draft]:
    """Draft ``raw/<wave>/zuordnung.csv`` from the export and the ``.lss`` beside it (never
    overwriting an existing mapping). Returns the path and the draft."""
    from bildungsnetz.config import relative_label as _rel
    from bildungsnetz.ingest.readers import read_csv_table
    from bildungsnetz.ingest.reference import load_reference
    from bildungsnetz.safety import validate_wave, write_analyst_input

    data_dir = Path(data_dir)
    folder = validate_wave(data_dir, wave)
    target = folder / MAPPING_FILE
    if any(p.name.casefold() == MAPPING_FILE for p in folder.iterdir()):
        raise BildungsnetzError(
            "Es gibt schon eine zuordnung.csv; sie wird nicht überschrieben. Für einen neuen "
            "Entwurf die alte Datei umbenennen (z. B. in zuordnung_alt.txt) oder löschen.",
            datei=_rel(target, data_dir))
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("~$",
                                                                                         ".")))
    exports = [p for p in files if p.suffix.casefold() == ".csv"
               and p.name.casefold() != "netzwerke.csv"]
    if len(exports) != 1:
        found = ", ".join(p.name for p in exports) or "keine"
        raise BildungsnetzError(
            "Für den Entwurf wird genau ein Umfrage-Export (CSV) im Wellenordner erwartet "
            f"(neben optional netzwerke.csv und der .lss); gefunden: {found}.",
            datei=_rel(folder, data_dir))
    structures = [p for p in files if p.suffix.casefold() == ".lss"]
    if len(structures) > 1:
        raise BildungsnetzError(
            "Mehrere Umfragestrukturen (.lss) im Wellenordner: "
            + ", ".join(p.name for p in structures) + ". Bitte nur die zur Befragung "
            "passende liegen lassen.", datei=_rel(folder, data_dir))
    export = read_csv_table(exports[0], _rel(exports[0], data_dir), multiline=True)
    headings = _original_headings(exports[0], export)
    survey = read_lss(structures[0], _rel(structures[0], data_dir)) if structures else None
    token_used = any(values.get("token") for _, values in export.rows)
    draft = draft_mapping(headings, survey, ref=load_reference(data_dir),
                          token_used=token_used)
    write_analyst_input(target, draft.csv_bytes())
    return target, draft


def _original_headings(path: Path, table) -> list[str]:
    """The export's headings as written (the reader case-folds them), e.g. ``N1[SQ001]``."""
    from bildungsnetz.ingest.readers import decode_bytes

    text, _, _ = decode_bytes(path.read_bytes(), str(path))
    first = text.replace("\r\n", "\n").split("\n", 1)[0]
    if first.lower().startswith("sep="):
        first = text.replace("\r\n", "\n").split("\n", 2)[1]
    headings = next(csv.reader([first], delimiter=table.delimiter))
    headings = [h.strip().lstrip("\ufeff") for h in headings]
    if [name_key(h) for h in headings] != [name_key(h) for h in table.columns]:
        return list(table.columns)
    return headings
