"""LimeSurvey survey structure files (``.lss``, LimeSurvey 3 to 6).

The structure gives the questions, their types and texts, subquestions and answer options
with their labels.

An ``.lss`` file is an XML ``<document>`` whose sections mirror LimeSurvey's database tables,
each as ``<fields>`` plus ``<rows><row>…</row></rows>``:

- ``questions`` (and ``subquestions``, whose ``parent_qid`` points to their question): ``qid``,
  ``parent_qid``, ``type`` (one letter: ``L`` list, ``!`` dropdown, ``O`` list with comment,
  ``M`` multiple choice, ``P`` multiple choice with comments, ``S``/``T``/``U`` text, ``Y``
  yes/no, ``N`` number, …), ``title`` (the question code), ``other`` (``Y``: an "other" field),
  ``question_order``.
- ``answers``: the answer options of list questions: ``qid``, ``code``, ``sortorder``,
  ``scale_id``.
- Texts: LimeSurvey 3 (database version below 400) keeps ``question``/``help`` and ``answer``
  inline, one row per language. LimeSurvey 4 and later keep them in ``question_l10ns``
  (``qid``, ``question``, ``help``, ``language``) and ``answer_l10ns`` (``aid``, ``answer``,
  ``language``), answers then carry an ``aid``.

The response export (CSV with question codes as headings) names a column ``CODE`` for a plain
question, ``CODE[SUB]`` for a subquestion (one per option of a multiple-choice question),
``CODE[other]`` for the "other" text and ``CODE[SUBcomment]``/``CODE[comment]`` for comments.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.readers import read_file_bytes

#: Question types by their LimeSurvey letter (German, for the drafted mapping).
TYPE_LABELS = {
    "L": "Liste (eine Antwort)",
    "!": "Liste (Auswahlfeld)",
    "O": "Liste mit Kommentar",
    "M": "Mehrfachauswahl",
    "P": "Mehrfachauswahl mit Kommentaren",
    "S": "kurzer Freitext",
    "T": "langer Freitext",
    "U": "sehr langer Freitext",
    "Q": "mehrere kurze Texte",
    "Y": "Ja/Nein",
    "N": "Zahl",
    "K": "mehrere Zahlen",
    "D": "Datum",
    "G": "Geschlecht",
    "X": "Textanzeige",
    "F": "Matrix",
    "H": "Matrix (Spalten)",
    "A": "Matrix (5 Punkte)",
    "B": "Matrix (10 Punkte)",
    "C": "Matrix (Ja/Nein/Unsicher)",
    "E": "Matrix (mehr/gleich/weniger)",
    "1": "Matrix (zwei Skalen)",
    ":": "Matrix (Zahlen)",
    ";": "Matrix (Texte)",
    "R": "Rangfolge",
    "5": "5-Punkte-Auswahl",
    "I": "Sprachauswahl",
    "|": "Datei-Upload",
    "*": "Gleichung",
}
LIST_TYPES = frozenset("L!O")
MULTIPLE_TYPES = frozenset("MP")
TEXT_TYPES = frozenset("STU")
#: The largest .lss read (a survey of a few hundred questions is well under 10 MB).
MAX_LSS_BYTES = 50 * 1024 * 1024

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """A question or answer text (HTML in LimeSurvey) as plain text.

    Tags are removed, entities decoded, white space collapsed.
    """
    text = _TAGS.sub(" ", markup or "")
    text = _SPACES.sub(" ", html.unescape(text)).strip()
    return re.sub(r" ([,.;:?!)])", r"\1", text)


@dataclass
class Question:
    """A question (or subquestion) of the survey, with its texts in the chosen language."""

    qid: str
    code: str
    type: str
    text: str = ""
    help: str = ""
    other: bool = False
    order: int = 0
    group_order: int = 0
    subquestions: list = field(default_factory=list)  # [Question]
    answers: dict = field(default_factory=dict)  # answer code -> label (scale 0)

    @property
    def type_label(self) -> str:
        """The question type in German words (``Mehrfachauswahl``)."""
        return TYPE_LABELS.get(self.type, f"Typ {self.type}")


@dataclass
class Survey:
    """A parsed ``.lss``: top-level questions by code, in questionnaire order."""

    questions: dict
    language: str
    version: int
    source: str = ""

    def lookup(self, column: str):
        """The question and subquestion behind an export column heading.

        Returns ``(question, subquestion, part)`` where ``part`` is ``""`` for the answer
        itself, ``"other"`` for an "other" text and ``"comment"`` for a comment; ``(None,
        None, "")`` for a column the survey does not know (system columns such as
        ``submitdate``). Headings are compared without regard to case.
        """
        match = re.fullmatch(r"([^\[\]]+)(?:\[([^\[\]]*)\])?", column.strip())
        if not match:
            return None, None, ""
        code, inner = match.group(1), match.group(2)
        question = self._by_code().get(code.casefold())
        if question is None:
            return None, None, ""
        if inner is None:
            return question, None, ""
        key = inner.casefold()
        if key == "other":
            return question, None, "other"
        if key == "comment":
            return question, None, "comment"
        subs = {s.code.casefold(): s for s in question.subquestions}
        if key in subs:
            return question, subs[key], ""
        if key.endswith("comment") and key[:-7] in subs:
            return question, subs[key[:-7]], "comment"
        return question, None, ""

    def _by_code(self) -> dict:
        cache = getattr(self, "_cache", None)
        if cache is None:
            cache = {code.casefold(): q for code, q in self.questions.items()}
            object.__setattr__(self, "_cache", cache)
        return cache


def _rows(document, section: str) -> list[dict]:
    """The rows of one section (``<section><rows><row>…``) as dicts of tag -> text."""
    node = document.find(section)
    if node is None:
        return []
    rows = node.find("rows")
    if rows is None:
        return []
    return [{child.tag: (child.text or "") for child in row} for row in rows.findall("row")]


def _int(value, default: int = 0) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def read_lss(path: Path, label: str | None = None, *, language: str | None = None) -> Survey:
    """Read a LimeSurvey structure file (``.lss``) of LimeSurvey 3, 4, 5 or 6.

    Parameters
    ----------
    path : Path
        The ``.lss`` file.
    label : str, optional
        How the file is named in messages.
    language : str, optional
        Language of the texts; default: German when the survey has it, else its base
        language.

    Returns
    -------
    Survey

    Raises
    ------
    BildungsnetzError
        When the file is not a LimeSurvey survey structure (German message naming the file).
    """
    path = Path(path)
    label = label or str(path)
    document = _parse_document(read_file_bytes(path, label), label)
    version = _int(document.findtext("DBVersion"), 0)
    if language is None:
        language = _default_language(document)
    by_qid = _questions_by_qid(document, language)
    _add_answers(by_qid, document, language)
    ordered = sorted(by_qid.values(), key=lambda q: (q.group_order, q.order, q.code))
    questions = {}
    for question in ordered:
        if question.code and question.code not in questions:
            questions[question.code] = question
    if not questions:
        raise BildungsnetzError("Die Umfragestruktur enthält keine Fragen.", datei=label)
    return Survey(questions=questions, language=language, version=version, source=label)


def _parse_document(data: bytes, label: str):
    """The XML root of an ``.lss`` file, checked to be a LimeSurvey survey structure."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    if len(data) > MAX_LSS_BYTES:
        raise BildungsnetzError(
            f"Die Umfragestruktur ist größer als "
            f"{MAX_LSS_BYTES // 2**20} MB; das ist keine .lss-Datei einer "
            "Befragung.",
            datei=label,
        )
    try:
        document = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        raise BildungsnetzError(
            "Die Datei ist keine lesbare LimeSurvey-Umfragestruktur (.lss): kein gültiges XML. "
            "Bitte in LimeSurvey unter „Exportieren → Umfragestruktur (.lss)“ neu "
            "exportieren.",
            datei=label,
        ) from None
    doc_type = (document.findtext("LimeSurveyDocType") or "").strip()
    if document.tag != "document" or doc_type.casefold() != "survey":
        raise BildungsnetzError(
            "Die Datei ist keine LimeSurvey-Umfragestruktur (erwartet: <LimeSurveyDocType>"
            f"Survey</LimeSurveyDocType>, gefunden: „{doc_type or document.tag}“).",
            datei=label,
        )
    return document


def _default_language(document) -> str:
    """German when the survey has it, else its base language (else its first language)."""
    languages = [(n.text or "").strip() for n in document.iterfind("languages/language")]
    base = next((r.get("language", "") for r in _rows(document, "surveys")), "")
    candidates = [lang for lang in languages + [base] if lang]
    return next(
        (lang for lang in candidates if lang.casefold().startswith("de")),
        base or (candidates[0] if candidates else ""),
    )


def _in_language(rows: list[dict], language: str) -> list[dict]:
    """The rows in ``language``; all rows when they carry no language or none is in it."""
    if not any(r.get("language") for r in rows):
        return rows
    chosen = [r for r in rows if r.get("language", "") == language]
    return chosen or rows


def _questions_by_qid(document, language: str) -> dict[str, Question]:
    """The top-level questions by ``qid``, with their subquestions (first scale only)."""
    groups = {r.get("gid", ""): _int(r.get("group_order")) for r in _rows(document, "groups")}
    texts = {
        row.get("qid", ""): (row.get("question", ""), row.get("help", ""))
        for row in _in_language(_rows(document, "question_l10ns"), language)
    }

    def make(row: dict) -> Question:
        text, help_text = texts.get(
            row.get("qid", ""), (row.get("question", ""), row.get("help", ""))
        )
        return Question(
            qid=row.get("qid", ""),
            code=row.get("title", "").strip(),
            type=row.get("type", "").strip(),
            text=plain_text(text),
            help=plain_text(help_text),
            other=row.get("other", "").strip().upper() == "Y",
            order=_int(row.get("question_order")),
            group_order=groups.get(row.get("gid", ""), 0),
        )

    question_rows = _in_language(_rows(document, "questions"), language)
    sub_rows = _in_language(_rows(document, "subquestions"), language)
    by_qid: dict[str, Question] = {}
    for row in question_rows:
        if _int(row.get("parent_qid")) == 0 and row.get("qid") not in by_qid:
            by_qid[row.get("qid", "")] = make(row)
    # LimeSurvey 4+ lists subquestions in <subquestions>; some exports put them into
    # <questions> with a parent_qid as well.
    seen_sub: set[str] = set()
    for row in sub_rows + [r for r in question_rows if _int(r.get("parent_qid")) != 0]:
        parent = by_qid.get(row.get("parent_qid", ""))
        if parent is None or row.get("qid") in seen_sub:
            continue
        if _int(row.get("scale_id")) != 0:
            continue  # second axis of an array: not used for our fields
        seen_sub.add(row.get("qid", ""))
        parent.subquestions.append(make(row))
    for question in by_qid.values():
        question.subquestions.sort(key=lambda q: (q.order, q.code))
    return by_qid


def _add_answers(by_qid: dict[str, Question], document, language: str) -> None:
    """Set each list question's answer options (code -> label, first scale, in sort order)."""
    answer_texts = {
        r.get("aid", ""): r.get("answer", "")
        for r in _in_language(_rows(document, "answer_l10ns"), language)
    }
    answer_rows = sorted(
        _in_language(_rows(document, "answers"), language), key=lambda r: _int(r.get("sortorder"))
    )
    for row in answer_rows:
        question = by_qid.get(row.get("qid", ""))
        if question is None or _int(row.get("scale_id")) != 0:
            continue
        text = answer_texts.get(row.get("aid", ""), row.get("answer", ""))
        code = row.get("code", "").strip()
        if code and code not in question.answers:
            question.answers[code] = plain_text(text)
