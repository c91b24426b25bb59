"""Next wave's questionnaire from this wave's network register (``bildungsnetz fragebogen``).

Writes a LimeSurvey survey structure (``.lss``, the layout LimeSurvey 4 to 6 export: texts in
``question_l10ns``/``answer_l10ns``/``group_l10ns``) and the matching ``zuordnung.csv``, so
that the next wave's response export goes through ``bildungsnetz run`` without hand work.

The questionnaire:

- group 1 "Ihre Institution": name (``A1``, mandatory), category (``A2``, list of the
  vocabulary's categories, with "other"), postcode (``A3``), place (``A4``), level (``A5``,
  list of the vocabulary's levels), consent to be named (``A6``, yes/no);
- group 2 "Ansprechperson": contact person, e-mail, phone (``K1``–``K3``), marked as personal;
- group 3 "Netzwerke": one multiple-choice question per district (``N1``, ``N2``, …; networks
  without a district or for the whole Lausitz last, with the "other" free-text field), one
  option per network;
- group 4 "Ihre Rolle": host (``G1``) and lead (``L1``), multiple choice with the same option
  codes; each option is shown only when its network was ticked in group 3 (subquestion
  relevance in LimeSurvey's expression syntax, ``N1_N035ba8f5.NAOK == "Y"``);
- group 5 "Kooperationen": cooperation partners (``B1``, free text, optional; the cleaning
  does not read it, the mapping leaves it unused).

Option codes are stable: a network's option code is its ``netzwerk_id`` (``N`` + 8 hex
digits, see :func:`bildungsnetz.text.stable_id`), which already follows LimeSurvey's code rules
(letters and digits, starts with a letter, at most 20 characters). An id that does not
(hand-made tables) is turned into such a code deterministically.

All texts are XML-escaped by the XML writer; names from the survey data are HTML-escaped
before they go into LimeSurvey's (HTML) texts, so a network called ``<script>…`` is shown as
text, never run.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

import pandas as pd

from bildungsnetz.config import processed_dir, raw_dir
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.mapping import MAPPING_COLUMNS, MAPPING_FILE, answers_text
from bildungsnetz.ingest.processed import read_table
from bildungsnetz.ingest.reference import Reference, load_reference
from bildungsnetz.safety import atomic_write_bytes, check_wave_name
from bildungsnetz.text import normalize_name, shorten

#: The database version written into the ``.lss``: the LimeSurvey 4+ layout, as LimeSurvey
#: 5/6 export it (their own test surveys carry 477); LimeSurvey 6 imports it unchanged.
DB_VERSION = 477
LANGUAGE = "de"
SURVEY_ID = 100001  # LimeSurvey gives the imported survey a new id when this one is taken
#: LimeSurvey's rule for question and subquestion codes.
CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9]{0,19}")
#: Heading of the group of networks without a district (or for the whole region).
REGION_GROUP = "Lausitzweit, überregional oder ohne Landkreis"

_QUESTION_FIELDS = [
    "qid",
    "parent_qid",
    "sid",
    "gid",
    "type",
    "title",
    "preg",
    "other",
    "mandatory",
    "question_order",
    "scale_id",
    "same_default",
    "relevance",
    "modulename",
    "encrypted",
    "question_theme_name",
]
_THEMES = {
    "S": "shortfreetext",
    "T": "longfreetext",
    "L": "listradio",
    "Y": "yesno",
    "M": "multiplechoice",
}


@dataclass
class NetworkOption:
    """One network as an option of the questionnaire."""

    netzwerk_id: str
    name: str
    code: str
    group: str


@dataclass
class Question:
    """A question of the questionnaire (before it becomes rows of the ``.lss``)."""

    code: str
    type: str
    text: str
    help: str = ""
    feld: str = ""  # field of the mapping (value fields; role fields are per option)
    mandatory: bool = False
    other: bool = False
    preg: str = ""
    answers: list = field(default_factory=list)  # [(code, label)]
    options: list = field(default_factory=list)  # [NetworkOption]
    role: str = ""  # mapping field of the options: mitglied, gastgeber, leitung
    filter_by: dict = field(default_factory=dict)  # option code -> question code ticked
    attributes: dict = field(default_factory=dict)  # LimeSurvey question attributes
    note: str = ""  # for the mapping's column "hinweis"


@dataclass
class Group:
    """A question group (one page in LimeSurvey's group-by-group format)."""

    name: str
    description: str
    questions: list


@dataclass
class Questionnaire:
    """The next wave's questionnaire, built from one wave's network register."""

    wave: str
    title: str
    groups: list
    networks: list  # [NetworkOption]

    def questions(self) -> list[Question]:
        """All questions in questionnaire order."""
        return [q for g in self.groups for q in g.questions]


def option_code(netzwerk_id: str, taken: set[str]) -> str:
    """The option code of a network: its id when it follows LimeSurvey's code rules.

    Otherwise the id's letters and digits, prefixed with ``N`` when needed, cut to 20
    characters and numbered when taken. The result depends only on the id (and on the ids
    coming before it with the same cleaned form).
    """
    if CODE_PATTERN.fullmatch(netzwerk_id) and netzwerk_id.casefold() not in taken:
        code = netzwerk_id
    else:
        base = re.sub(r"[^A-Za-z0-9]", "", netzwerk_id)
        if not base or not base[0].isalpha():
            base = "N" + base
        code = base[:20]
        number = 1
        while code.casefold() in taken:
            number += 1
            suffix = str(number)
            code = base[: 20 - len(suffix)] + suffix
    taken.add(code.casefold())
    return code


def next_wave_label(wave: str) -> str:
    """The name of the following wave: ``2027`` after ``2026``, else ``nach <wave>``."""
    return str(int(wave) + 1) if wave.isdigit() else f"nach {wave}"


def _network_options(netzwerke: pd.DataFrame, ref: Reference) -> list[NetworkOption]:
    taken: set[str] = set()
    options = []
    rows = netzwerke.sort_values("netzwerk_id", kind="stable")  # codes independent of order
    districts = set(ref.landkreise["landkreis"])
    for row in rows.itertuples(index=False):
        district = normalize_name(getattr(row, "landkreis", ""))
        group = district if district in districts else ""
        options.append(
            NetworkOption(
                netzwerk_id=str(row.netzwerk_id),
                name=normalize_name(row.netzwerk),
                code=option_code(str(row.netzwerk_id), taken),
                group=group,
            )
        )
    return sorted(options, key=lambda o: (o.name.casefold(), o.netzwerk_id))


def _p(text: str) -> str:
    """A plain German text as a LimeSurvey HTML paragraph (escaped)."""
    return f"<p>{html.escape(text, quote=False)}</p>"


#: Help text of the contact questions (personal data).
_PERSONAL = (
    "Personenbezogene Angabe: nur für Rückfragen des Netzwerkbüros. Sie wird nicht "
    "veröffentlicht und erscheint in keiner Auswertung."
)
#: Help text of the role questions.
_ROLE_HELP = "Es erscheinen nur die Netzwerke, die Sie auf der vorigen Seite angekreuzt haben."


def _institution_group(ref: Reference) -> Group:
    """Group 1 "Ihre Institution": name, category, postcode, place, level, consent."""
    categories = ref.vocab_values("kategorie")
    levels = ref.vocab_values("ebene")
    return Group(
        "Ihre Institution",
        "Angaben zu der Institution, für die Sie antworten.",
        [
            Question(
                "A1",
                "S",
                "Wie lautet der Name Ihrer Institution?",
                "Bitte den vollständigen Namen, z. B. „Oberschule Spremberg“ – nicht die "
                "Abkürzung.",
                feld="akteur",
                mandatory=True,
            ),
            Question(
                "A2",
                "L",
                "Welcher Art ist Ihre Institution?",
                "Bitte die passendste Art wählen. Passt keine, „Sonstiges“ wählen und die Art "
                "eintragen.",
                feld="kategorie",
                other=True,
                answers=[(f"A{i}", c) for i, c in enumerate(categories, start=1)],
            ),
            Question(
                "A3",
                "S",
                "Postleitzahl Ihrer Institution",
                "Fünfstellig, z. B. 03046. Daraus ergeben sich Landkreis und Lage auf der "
                "Netzwerkkarte.",
                feld="plz",
                preg="/^[0-9]{5}$/",
            ),
            Question(
                "A4", "S", "Ort (Sitz Ihrer Institution)", "z. B. Cottbus oder Hoyerswerda", "ort"
            ),
            Question(
                "A5",
                "L",
                "Auf welcher Ebene ist Ihre Institution vor allem tätig?",
                "Die Ebene, für die Ihre Institution zuständig ist oder auf der sie vor allem "
                "arbeitet.",
                feld="ebene",
                answers=[(f"E{i}", v) for i, v in enumerate(levels, start=1)],
            ),
            Question(
                "A6",
                "Y",
                "Dürfen wir den Namen Ihrer Institution in der Auswertung veröffentlichen?",
                "Mit „Ja“ erscheint der Name Ihrer Institution im Bericht und auf der "
                "Netzwerkkarte. Mit „Nein“ (oder ohne Antwort) erscheint sie nur unter einer "
                "Umschreibung wie „Schule 3“.",
                feld="veroeffentlichen",
                mandatory=True,
            ),
        ],
    )


def _contact_group() -> Group:
    """Group 2 "Ansprechperson": contact person, e-mail, phone (personal, optional)."""
    return Group(
        "Ansprechperson",
        "Für Rückfragen des Netzwerkbüros. Diese Angaben sind freiwillig und werden nicht "
        "veröffentlicht.",
        [
            Question("K1", "S", "Ansprechperson (Vor- und Nachname)", _PERSONAL, "ansprechperson"),
            Question("K2", "S", "E-Mail-Adresse der Ansprechperson", _PERSONAL, "email"),
            Question("K3", "S", "Telefonnummer der Ansprechperson", _PERSONAL, "telefon"),
        ],
    )


def _network_question(code: str, label: str, options: list, last: bool) -> Question:
    """The multiple-choice question of one district's networks (``last``: with "other")."""
    where = f"im Landkreis bzw. in der Stadt {label}" if label else REGION_GROUP.lower()
    return Question(
        code,
        "M",
        f"In welchen dieser Netzwerke und Gremien wirkt Ihre Institution mit? "
        f"({label or REGION_GROUP})",
        f"Netzwerke {where}. Bitte alle ankreuzen, in denen Ihre Institution mitarbeitet."
        + (
            " Weitere Netzwerke, die hier fehlen, bitte unter „Weitere Netzwerke“ "
            "eintragen – mehrere durch Semikolon getrennt."
            if last
            else ""
        ),
        role="mitglied",
        other=last,
        options=options,
        attributes={"other_replace_text": "Weitere Netzwerke"} if last else {},
        note="",
    )


def _networks_group(networks: list[NetworkOption]) -> tuple[Group, dict[str, str]]:
    """Group 3 "Netzwerke" (one question per district) and option code -> question code."""
    by_group: dict[str, list[NetworkOption]] = {}
    for option in networks:
        by_group.setdefault(option.group, []).append(option)
    labels = sorted((g for g in by_group if g), key=str.casefold) + [""]
    network_questions = []
    ticked: dict[str, str] = {}
    for number, label in enumerate(labels, start=1):
        code = f"N{number}"
        options = by_group.get(label, [])
        last = number == len(labels)
        if not options and not last:
            continue
        question = _network_question(code, label, options, last)
        for option in options:
            ticked[option.code] = code
        network_questions.append(question)
    group = Group(
        "Netzwerke",
        "Die Netzwerke und Gremien der Bildungsregion, nach Landkreisen geordnet. Bitte auf "
        "jeder Liste ankreuzen, wo Ihre Institution mitwirkt.",
        network_questions,
    )
    return group, ticked


def _roles_group(networks: list[NetworkOption], ticked: dict[str, str]) -> Group:
    """Group 4 "Ihre Rolle": host and lead; an option shows only when its network was ticked."""
    return Group(
        "Ihre Rolle in den Netzwerken",
        "Wo richtet Ihre Institution Treffen aus, wo leitet oder koordiniert sie?",
        [
            Question(
                "G1",
                "M",
                "Bei welchen dieser Netzwerke ist Ihre Institution Gastgeber (richtet Treffen "
                "aus oder organisiert mit)?",
                _ROLE_HELP,
                role="gastgeber",
                options=networks,
                filter_by=ticked,
            ),
            Question(
                "L1",
                "M",
                "In welchen dieser Netzwerke hat Ihre Institution die Leitung oder Koordination?",
                _ROLE_HELP,
                role="leitung",
                options=networks,
                filter_by=ticked,
            ),
        ],
    )


def _cooperation_group() -> Group:
    """Group 5 "Kooperationen": cooperation partners (free text, not read by the cleaning)."""
    return Group(
        "Kooperationen",
        "Zusammenarbeit auch außerhalb der Netzwerke.",
        [
            Question(
                "B1",
                "T",
                "Mit welchen Institutionen arbeitet Ihre Institution außerhalb dieser Netzwerke "
                "regelmäßig zusammen? (freiwillig)",
                "Bitte Namen der Institutionen nennen, eine je Zeile.",
                note="Kooperationspartner (Freitext) – wird nicht automatisch eingelesen",
            )
        ],
    )


def build_questionnaire(netzwerke: pd.DataFrame, ref: Reference, wave: str) -> Questionnaire:
    """The questionnaire for the wave after ``wave``, from its network register.

    Parameters
    ----------
    netzwerke : DataFrame
        The processed network register (columns ``netzwerk_id``, ``netzwerk``, optional
        ``landkreis``).
    ref : Reference
        Reference data: the category and level vocabularies.
    wave : str
        The wave the register comes from.

    Returns
    -------
    Questionnaire
    """
    networks = _network_options(netzwerke, ref)
    institution = _institution_group(ref)
    networks_group, ticked = _networks_group(networks)
    next_wave = next_wave_label(wave)
    return Questionnaire(
        wave=wave,
        title=f"Netzwerkbefragung Bildung Lausitz {next_wave}",
        groups=[
            institution,
            _contact_group(),
            networks_group,
            _roles_group(networks, ticked),
            _cooperation_group(),
        ],
        networks=networks,
    )


WELCOME = (
    "Das Netzwerkbüro möchte sichtbar machen, wer in der Bildungsregion Lausitz mit wem in "
    "Netzwerken, Arbeitskreisen und Gremien zusammenarbeitet. Aus Ihren Antworten entstehen ein "
    "Bericht und eine Netzwerkkarte. Das dauert etwa zehn Minuten.",
    "Veröffentlicht werden nur die Namen von Institutionen, die dem ausdrücklich zustimmen; "
    "alle anderen erscheinen nur unter einer Umschreibung wie „Schule 3“. Ansprechpersonen, "
    "E-Mail-Adressen und Telefonnummern werden nie veröffentlicht.",
)
END_TEXT = "Vielen Dank für Ihre Teilnahme! Die Ergebnisse stellt das Netzwerkbüro allen vor."


# --------------------------------------------------------------------------------------------
# the .lss


def _section(root: ET.Element, name: str, fields: list[str], rows: list[dict]) -> None:
    """One table of the ``.lss``: ``<name><fields>…</fields><rows><row>…``."""
    section = ET.SubElement(root, name)
    names = ET.SubElement(section, "fields")
    for fieldname in fields:
        ET.SubElement(names, "fieldname").text = fieldname
    body = ET.SubElement(section, "rows")
    for row in rows:
        element = ET.SubElement(body, "row")
        for fieldname in fields:
            value = row.get(fieldname, "")
            child = ET.SubElement(element, fieldname)
            if value != "" and value is not None:
                child.text = str(value)


@dataclass
class _LssTables:
    """The rows of the ``.lss`` tables, filled group by group, with the running ids."""

    groups: list = field(default_factory=list)
    group_l10ns: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    subquestions: list = field(default_factory=list)
    question_l10ns: list = field(default_factory=list)
    attributes: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    answer_l10ns: list = field(default_factory=list)
    qid: int = 0
    aid: int = 0


def _add_group(tables: _LssTables, gid: int, group: Group) -> None:
    """The ``groups`` and ``group_l10ns`` rows of one question group."""
    tables.groups.append(
        {
            "gid": gid,
            "sid": SURVEY_ID,
            "group_order": gid,
            "randomization_group": "",
            "grelevance": "",
        }
    )
    tables.group_l10ns.append(
        {
            "id": gid,
            "gid": gid,
            "group_name": group.name,
            "description": _p(group.description),
            "language": LANGUAGE,
        }
    )


def _add_question(tables: _LssTables, gid: int, order: int, question: Question) -> int:
    """The ``questions`` and ``question_l10ns`` rows of one question; returns its qid."""
    tables.qid += 1
    parent = tables.qid
    tables.questions.append(
        {
            "qid": parent,
            "parent_qid": 0,
            "sid": SURVEY_ID,
            "gid": gid,
            "type": question.type,
            "title": question.code,
            "preg": question.preg,
            "other": "Y" if question.other else "N",
            "mandatory": "Y" if question.mandatory else "N",
            "question_order": order,
            "scale_id": 0,
            "same_default": 0,
            "relevance": "1",
            "encrypted": "N",
            "question_theme_name": _THEMES[question.type],
        }
    )
    tables.question_l10ns.append(
        {
            "id": len(tables.question_l10ns) + 1,
            "qid": parent,
            "question": _p(question.text),
            "help": html.escape(question.help, quote=False),
            "language": LANGUAGE,
        }
    )
    return parent


def _add_attributes(tables: _LssTables, parent: int, question: Question) -> None:
    """The ``question_attributes`` rows of one question."""
    for name, value in question.attributes.items():
        tables.attributes.append(
            {"qid": parent, "attribute": name, "value": value, "language": LANGUAGE}
        )


def _add_subquestions(tables: _LssTables, gid: int, parent: int, question: Question) -> None:
    """The ``subquestions`` and ``question_l10ns`` rows of a question's network options."""
    for sub_order, option in enumerate(question.options):
        tables.qid += 1
        source = question.filter_by.get(option.code)
        tables.subquestions.append(
            {
                "qid": tables.qid,
                "parent_qid": parent,
                "sid": SURVEY_ID,
                "gid": gid,
                "type": "T",
                "title": option.code,
                "other": "N",
                "mandatory": "",
                "question_order": sub_order,
                "scale_id": 0,
                "same_default": 0,
                "relevance": f'{source}_{option.code}.NAOK == "Y"' if source else "1",
                "encrypted": "N",
            }
        )
        tables.question_l10ns.append(
            {
                "id": len(tables.question_l10ns) + 1,
                "qid": tables.qid,
                "question": html.escape(option.name, quote=False),
                "help": "",
                "language": LANGUAGE,
            }
        )


def _add_answers(tables: _LssTables, parent: int, question: Question) -> None:
    """The ``answers`` and ``answer_l10ns`` rows of a list question's answer options."""
    for sort, (code, label) in enumerate(question.answers):
        tables.aid += 1
        tables.answers.append(
            {
                "aid": tables.aid,
                "qid": parent,
                "code": code,
                "sortorder": sort,
                "assessment_value": 0,
                "scale_id": 0,
            }
        )
        tables.answer_l10ns.append(
            {
                "id": tables.aid,
                "aid": tables.aid,
                "answer": html.escape(label, quote=False),
                "language": LANGUAGE,
            }
        )


def _lss_tables(questionnaire: Questionnaire) -> _LssTables:
    """The rows of all group, question and answer tables, with ids in questionnaire order."""
    tables = _LssTables()
    for gid, group in enumerate(questionnaire.groups, start=1):
        _add_group(tables, gid, group)
        for order, question in enumerate(group.questions, start=1):
            parent = _add_question(tables, gid, order, question)
            _add_attributes(tables, parent, question)
            _add_subquestions(tables, gid, parent, question)
            _add_answers(tables, parent, question)
    return tables


def _write_tables(root: ET.Element, tables: _LssTables) -> None:
    """The answer, group and question sections of the ``.lss``, in LimeSurvey's order."""
    _section(
        root,
        "answers",
        ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"],
        tables.answers,
    )
    _section(root, "answer_l10ns", ["id", "aid", "answer", "language"], tables.answer_l10ns)
    _section(
        root,
        "groups",
        ["gid", "sid", "group_order", "randomization_group", "grelevance"],
        tables.groups,
    )
    _section(
        root,
        "group_l10ns",
        ["id", "gid", "group_name", "description", "language"],
        tables.group_l10ns,
    )
    _section(root, "questions", _QUESTION_FIELDS, tables.questions)
    _section(root, "subquestions", _QUESTION_FIELDS, tables.subquestions)
    _section(
        root, "question_l10ns", ["id", "qid", "question", "help", "language"], tables.question_l10ns
    )
    _section(
        root, "question_attributes", ["qid", "attribute", "value", "language"], tables.attributes
    )


#: The survey settings written into the ``surveys`` section (field order as written).
_SURVEY_SETTINGS = {
    "sid": SURVEY_ID,
    "gsid": 1,
    "admin": "inherit",
    "adminemail": "inherit",
    "anonymized": "N",
    "format": "G",
    "language": LANGUAGE,
    "additional_languages": "",
    "datestamp": "Y",
    "usecookie": "N",
    "allowsave": "Y",
    "allowprev": "Y",
    "ipaddr": "N",
    "refurl": "N",
    "showwelcome": "Y",
    "showprogress": "Y",
    "questionindex": 1,
    "usetokens": "N",
    "tokenanswerspersistence": "N",
}


def _write_survey_settings(root: ET.Element) -> None:
    """The ``surveys`` section: the survey's settings (group by group, not anonymized)."""
    _section(root, "surveys", list(_SURVEY_SETTINGS), [_SURVEY_SETTINGS])


def _write_language_settings(root: ET.Element, questionnaire: Questionnaire) -> None:
    """The ``surveys_languagesettings`` section: title, description, welcome and end texts."""
    settings = {
        "surveyls_survey_id": SURVEY_ID,
        "surveyls_language": LANGUAGE,
        "surveyls_title": questionnaire.title,
        "surveyls_description": _p(
            "Befragung der Bildungsakteure zu ihren Netzwerken, erstellt aus dem "
            f"Netzwerkregister der Welle {questionnaire.wave}."
        ),
        "surveyls_welcometext": "".join(_p(text) for text in WELCOME),
        "surveyls_endtext": _p(END_TEXT),
        "surveyls_dateformat": 1,  # dd.mm.yyyy
        "surveyls_numberformat": 1,  # decimal comma
    }
    _section(root, "surveys_languagesettings", list(settings), [settings])


def lss_bytes(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as a LimeSurvey survey structure (``.lss``, UTF-8 XML).

    Sections and fields as LimeSurvey 4–6 export them: ``groups``/``group_l10ns``,
    ``questions``/``subquestions``/``question_l10ns``, ``answers``/``answer_l10ns``,
    ``question_attributes``, ``surveys``, ``surveys_languagesettings``.
    """
    root = ET.Element("document")
    ET.SubElement(root, "LimeSurveyDocType").text = "Survey"
    ET.SubElement(root, "DBVersion").text = str(DB_VERSION)
    ET.SubElement(ET.SubElement(root, "languages"), "language").text = LANGUAGE
    _write_tables(root, _lss_tables(questionnaire))
    _write_survey_settings(root)
    _write_language_settings(root, questionnaire)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# --------------------------------------------------------------------------------------------
# the export header and the mapping


def export_columns(questionnaire: Questionnaire) -> list[tuple[str, Question, object]]:
    """The answer columns of a response export of this survey, in LimeSurvey's order.

    ``(heading, question, option)``: ``CODE`` for a plain question (``option`` None),
    ``CODE[other]`` for its "other" text (``option`` ``"other"``), ``CODE[SUB]`` for a
    multiple-choice option (``option`` the :class:`NetworkOption`). System columns (``id``,
    ``submitdate``, …) come before them in a real export and are not listed.
    """
    columns: list[tuple[str, Question, object]] = []
    for question in questionnaire.questions():
        if question.type == "M":
            columns += [(f"{question.code}[{o.code}]", question, o) for o in question.options]
        else:
            columns.append((question.code, question, None))
        if question.other:
            columns.append((f"{question.code}[other]", question, "other"))
    return columns


def mapping_bytes(questionnaire: Questionnaire) -> bytes:
    """The ``zuordnung.csv`` for exports of this survey (format: ``mapping.MAPPING_COLUMNS``).

    Every answer column gets a row: value fields with their answer labels, one row per
    network option with its role and the network's name in ``wert``, the "other" text of the
    last network question as ``netzwerk_sonstige``; unused columns have an empty ``feld`` and
    say why in ``hinweis``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MAPPING_COLUMNS)
    for heading, question, option in export_columns(questionnaire):
        frage = shorten(
            question.text + (f" – {option.name}" if isinstance(option, NetworkOption) else ""),
            160,
        )
        if option == "other":
            if question.type == "M":
                row = [heading, "netzwerk_sonstige", "", "", frage, "weitere Netzwerke (Freitext)"]
            else:
                row = [heading, "", "", "", frage, "Freitext zu „Sonstiges“ von " + question.code]
        elif option is not None:
            row = [
                heading,
                question.role,
                option.name,
                "",
                frage,
                f"netzwerk_id {option.netzwerk_id}",
            ]
        elif question.feld:
            row = [heading, question.feld, "", answers_text(dict(question.answers)), frage, ""]
        else:
            row = [heading, "", "", "", frage, question.note or "nicht verwendet"]
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


# --------------------------------------------------------------------------------------------
# the command


def newest_processed_wave(data_dir: Path) -> str:
    """The newest wave (last by name) whose ``processed/<wave>/netzwerke.csv`` exists."""
    base = Path(data_dir) / "processed"
    waves = sorted(
        p.name
        for p in (base.iterdir() if base.is_dir() else [])
        if p.is_dir() and not p.name.startswith(".") and (p / "netzwerke.csv").is_file()
    )
    if not waves:
        raise BildungsnetzError(
            "Keine bereinigte Welle gefunden. Bitte zuerst „bildungsnetz run“ (oder "
            "„bildungsnetz clean WELLE“) ausführen.",
            datei=base,
        )
    return waves[-1]


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError as exc:  # a symlink loop, a path too long
        raise BildungsnetzError(
            f"Der Pfad lässt sich nicht auflösen ({exc}).", datei=path
        ) from None


def check_target(data_dir: Path, out: Path, *, force: bool = False) -> tuple[Path, Path]:
    """The ``.lss`` and the mapping beside it, checked.

    Refused: a target under ``DATA/raw/`` (the analyst's input: a wave folder holding only a
    questionnaire would be taken for an incomplete wave) or ``DATA/processed/`` (replaced as a
    whole by every run), a name not ending in ``.lss``, a missing folder, and existing files
    unless ``force``.
    """
    out = Path(out)
    if out.suffix.casefold() != ".lss":
        raise BildungsnetzError(
            "Die Ausgabedatei muss auf .lss enden (LimeSurvey-Umfragestruktur).", datei=out
        )
    folder = _resolved(out.parent)
    for protected, why in (
        (raw_dir(data_dir), "die Rohdaten (raw/)"),
        (Path(data_dir) / "processed", "die bereinigten Tabellen (processed/)"),
    ):
        protected = _resolved(protected)
        if folder == protected or protected in folder.parents:
            raise BildungsnetzError(
                f"Der Fragebogen wird nicht in {why} geschrieben. Bitte einen eigenen Ordner "
                "angeben, z. B. --out fragebogen/befragung.lss.",
                datei=out,
            )
    if not folder.is_dir():
        raise BildungsnetzError("Der Ordner für die Ausgabe existiert nicht.", datei=out.parent)
    mapping = out.parent / MAPPING_FILE
    if not force:
        existing = [p for p in (out, mapping) if p.exists()]
        if existing:
            raise BildungsnetzError(
                "Die Datei gibt es schon; sie wird nur mit --force überschrieben.",
                datei=existing[0],
            )
    return out, mapping


def write_questionnaire(
    data_dir: Path, wave: str | None, out: Path, *, force: bool = False
) -> tuple[Path, Path, Questionnaire]:
    """Write the next wave's ``.lss`` and ``zuordnung.csv`` (beside it) from ``wave``.

    Parameters
    ----------
    data_dir : Path
        The data folder.
    wave : str or None
        The wave whose processed network register is used; None: the newest.
    out : Path
        The ``.lss`` to write; the mapping goes into the same folder.
    force : bool
        Overwrite existing files.

    Returns
    -------
    tuple of (Path, Path, Questionnaire)
    """
    data_dir = Path(data_dir)
    wave = check_wave_name(wave) if wave else newest_processed_wave(data_dir)
    lss_path, mapping_path = check_target(data_dir, out, force=force)
    path = processed_dir(data_dir, wave) / "netzwerke.csv"
    if not path.is_file():
        raise BildungsnetzError(
            f"Die Welle {wave} ist noch nicht bereinigt; zuerst „bildungsnetz run {wave}“ "
            "ausführen.",
            datei=path,
        )
    netzwerke = read_table(path, wave, required=("netzwerk_id", "netzwerk"))
    questionnaire = build_questionnaire(netzwerke, load_reference(data_dir), wave)
    atomic_write_bytes(lss_path, lss_bytes(questionnaire))
    atomic_write_bytes(mapping_path, mapping_bytes(questionnaire))
    return lss_path, mapping_path, questionnaire
