"""Hand-written LimeSurvey fixtures: a small "Netzwerkanalyse" questionnaire as a survey
structure (``.lss``) in the LimeSurvey 6 layout (texts in ``question_l10ns``/``answer_l10ns``)
and in the LimeSurvey 3 layout (texts inline, one row per language), plus a matching response
export with question codes as headings and answer codes as values.

Written from the format (see ``bildungsnetz.lss``), not copied from any real export.
"""

from __future__ import annotations

import csv
import io
from xml.sax.saxutils import escape

# (code, type, other, text, subquestions [(code, text)], answers [(code, text)])
FRAGEN = [
    ("A1", "S", False, "<p>Wie lautet der <strong>Name Ihrer Institution</strong>?</p>", [], []),
    (
        "A2",
        "L",
        True,
        "Welcher Art ist Ihre Institution?",
        [],
        [
            ("A1", "Kammer"),
            ("A2", "Hochschule"),
            ("A3", "Schule"),
            ("A4", "Bildungsträger"),
            ("A5", "Unternehmen"),
            ("A10", "Kita"),
        ],
    ),
    ("A3", "S", False, "Postleitzahl", [], []),
    ("A4", "S", False, "Ort (Sitz der Institution)", [], []),
    (
        "A5",
        "L",
        False,
        "Auf welcher Ebene ist Ihre Institution tätig?",
        [],
        [("E1", "Bund"), ("E2", "Land"), ("E3", "Region"), ("E4", "Kreis"), ("E5", "Kommune")],
    ),
    (
        "A6",
        "Y",
        False,
        "Dürfen wir den Namen Ihrer Institution in der Auswertung veröffentlichen?",
        [],
        [],
    ),
    ("K1", "S", False, "Ansprechperson (Vor- und Nachname)", [], []),
    ("K2", "S", False, "E-Mail-Adresse", [], []),
    ("K3", "S", False, "Telefonnummer", [], []),
    (
        "N1",
        "M",
        True,
        "In welchen Netzwerken und Gremien wirkt Ihre Institution mit?",
        [
            ("SQ001", "Kompetenzregion Lausitz – AG Berufsorientierung"),
            ("SQ002", "NetzwerkZukunft Arbeitskreis Süd"),
            ("SQ003", "UNIverselle Frühstück"),
            ("SQ004", "AG Berufsorientierung im Landkreis Dahme-Spreewald"),
        ],
        [],
    ),
    (
        "N2",
        "M",
        False,
        "In welchen dieser Netzwerke hat Ihre Institution die Leitung oder Koordination?",
        [
            ("SQ001", "Kompetenzregion Lausitz – AG Berufsorientierung"),
            ("SQ002", "NetzwerkZukunft Arbeitskreis Süd"),
        ],
        [],
    ),
    (
        "N3",
        "M",
        False,
        "Bei welchen Netzwerken ist Ihre Institution Gastgeber (richtet Treffen aus)?",
        [("SQ001", "UNIverselle Frühstück")],
        [],
    ),
    ("B1", "T", False, "Was wünschen Sie sich von der Netzwerkarbeit?", [], []),
]


def _section(name: str, fields: list[str], rows: list[dict]) -> str:
    out = [f" <{name}>", "  <fields>"]
    out += [f"   <fieldname>{f}</fieldname>" for f in fields]
    out += ["  </fields>", "  <rows>"]
    for row in rows:
        out.append("   <row>")
        for f in fields:
            value = row.get(f, "")
            out.append(f"    <{f}><![CDATA[{value}]]></{f}>" if value != "" else f"    <{f}/>")
        out.append("   </row>")
    out += ["  </rows>", f" </{name}>"]
    return "\n".join(out)


def lss(layout: int = 6, languages=("de",), fragen=FRAGEN) -> str:
    """The survey structure as text, in the LimeSurvey 6 (``layout=6``) or 3 layout."""
    sid = "482915"
    questions, subquestions, answers, q_l10n, a_l10n = [], [], [], [], []
    qid = 100
    aid = 500
    for order, (code, qtype, other, text, subs, opts) in enumerate(fragen, start=1):
        qid += 1
        parent = qid
        base = {
            "qid": parent,
            "parent_qid": 0,
            "sid": sid,
            "gid": 10,
            "type": qtype,
            "title": code,
            "other": "Y" if other else "N",
            "mandatory": "N",
            "question_order": order,
            "scale_id": 0,
        }
        for lang in languages:
            if layout == 6:
                q_l10n.append(
                    {
                        "id": len(q_l10n) + 1,
                        "qid": parent,
                        "question": text,
                        "help": "",
                        "language": lang,
                    }
                )
            else:
                questions.append({**base, "question": text, "help": "", "language": lang})
        if layout == 6:
            questions.append(base)
        for sub_order, (sub_code, sub_text) in enumerate(subs, start=1):
            qid += 1
            sub = {
                "qid": qid,
                "parent_qid": parent,
                "sid": sid,
                "gid": 10,
                "type": "T",
                "title": sub_code,
                "other": "N",
                "question_order": sub_order,
                "scale_id": 0,
            }
            for lang in languages:
                if layout == 6:
                    q_l10n.append(
                        {
                            "id": len(q_l10n) + 1,
                            "qid": qid,
                            "question": sub_text,
                            "help": "",
                            "language": lang,
                        }
                    )
                else:
                    subquestions.append({**sub, "question": sub_text, "language": lang})
            if layout == 6:
                subquestions.append(sub)
        for sort, (answer_code, answer_text) in enumerate(opts):
            aid += 1
            if layout == 6:
                answers.append(
                    {
                        "aid": aid,
                        "qid": parent,
                        "code": answer_code,
                        "sortorder": sort,
                        "assessment_value": 0,
                        "scale_id": 0,
                    }
                )
                for lang in languages:
                    a_l10n.append(
                        {"id": len(a_l10n) + 1, "aid": aid, "answer": answer_text, "language": lang}
                    )
            else:
                for lang in languages:
                    answers.append(
                        {
                            "qid": parent,
                            "code": answer_code,
                            "answer": answer_text,
                            "sortorder": sort,
                            "assessment_value": 0,
                            "language": lang,
                            "scale_id": 0,
                        }
                    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<document>",
        " <LimeSurveyDocType>Survey</LimeSurveyDocType>",
        f" <DBVersion>{'614' if layout == 6 else '366'}</DBVersion>",
        " <languages>",
    ]
    parts += [f"  <language>{escape(lang)}</language>" for lang in languages]
    parts.append(" </languages>")
    q_fields = [
        "qid",
        "parent_qid",
        "sid",
        "gid",
        "type",
        "title",
        "other",
        "mandatory",
        "question_order",
        "scale_id",
    ]
    if layout == 6:
        parts.append(
            _section(
                "answers",
                ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"],
                answers,
            )
        )
        parts.append(_section("answer_l10ns", ["id", "aid", "answer", "language"], a_l10n))
        parts.append(
            _section(
                "groups", ["gid", "sid", "group_order"], [{"gid": 10, "sid": sid, "group_order": 1}]
            )
        )
        parts.append(_section("questions", q_fields, questions))
        parts.append(_section("subquestions", q_fields, subquestions))
        parts.append(
            _section("question_l10ns", ["id", "qid", "question", "help", "language"], q_l10n)
        )
    else:
        parts.append(
            _section(
                "answers",
                ["qid", "code", "answer", "sortorder", "assessment_value", "language", "scale_id"],
                answers,
            )
        )
        parts.append(
            _section(
                "groups",
                ["gid", "sid", "group_name", "group_order", "language"],
                [
                    {
                        "gid": 10,
                        "sid": sid,
                        "group_name": "Netzwerke",
                        "group_order": 1,
                        "language": lang,
                    }
                    for lang in languages
                ],
            )
        )
        fields = q_fields + ["question", "help", "language"]
        parts.append(_section("questions", fields, questions))
        parts.append(_section("subquestions", fields, subquestions))
    parts.append(
        _section(
            "surveys",
            ["sid", "language", "additional_languages"],
            [
                {
                    "sid": sid,
                    "language": languages[0],
                    "additional_languages": " ".join(languages[1:]),
                }
            ],
        )
    )
    parts.append("</document>")
    return "\n".join(parts) + "\n"


SYSTEM = [
    "id",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "token",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
]


def export_header(fragen=FRAGEN) -> list[str]:
    header = list(SYSTEM)
    for code, qtype, other, _text, subs, _opts in fragen:
        if qtype in "MP":
            header += [f"{code}[{s}]" for s, _ in subs]
            if other:
                header.append(f"{code}[other]")
        else:
            header.append(code)
            if other:
                header.append(f"{code}[other]")
    return header


# One response per tuple: (token, submitdate, name, category code, other category text, plz,
# ort, level code, consent Y/N, contact, mail, phone, N1 choices, N1 other, N2 choices,
# N3 choices)
ANTWORTEN = [
    (
        "tok1",
        "2025-03-01 10:00:00",
        "IHK Cottbus",
        "A1",
        "",
        "03046",
        "Cottbus",
        "E3",
        "Y",
        "Anna Schulze",
        "a.schulze@example.org",
        "0355 1234",
        "SQ001 SQ002",
        "",
        "SQ001",
        "",
    ),
    (
        "tok2",
        "2025-03-02 11:00:00",
        "Kita Sonnenschein",
        "A10",
        "",
        "02977",
        "Hoyerswerda",
        "E5",
        "N",
        "Bernd Meier",
        "b.meier@example.org",
        "",
        "SQ003",
        "",
        "",
        "",
    ),
    (
        "tok3",
        "2025-03-03 12:00:00",
        "BTU Cottbus-Senftenberg",
        "A2",
        "",
        "03046",
        "Cottbus",
        "E2",
        "Y",
        "",
        "",
        "",
        "SQ003 SQ001",
        'Arbeitskreis "Fachkräfte für morgen",',
        "",
        "SQ001",
    ),
    # the same respondent (token) answers again later: this answer replaces the first
    (
        "tok1",
        "2025-03-05 09:30:00",
        "Industrie- und Handelskammer Cottbus",
        "A1",
        "",
        "03046",
        "Cottbus",
        "E3",
        "Y",
        "Anna Schulze",
        "a.schulze@example.org",
        "",
        "SQ001",
        "",
        "SQ001",
        "",
    ),
    (
        "tok4",
        "2025-03-06 08:00:00",
        "Stadtverwaltung Forst (Lausitz)",
        "-oth-",
        "Kommune/Verwaltung",
        "03149",
        "Forst (Lausitz)",
        "E5",
        "Y",
        "",
        "",
        "",
        "SQ002 SQ004",
        "Landkreis Bautzen; UNIverselle Frühstück, NetzwerkZukunft Arbeitskreis Süd\nKeine",
        "",
        "",
    ),
    ("tok5", "", "Abgebrochene Schule", "A3", "", "", "", "", "", "", "", "", "", "", "", ""),
    (
        "tok6",
        "2025-03-07 08:00:00",
        "Oberschule Spremberg",
        "A3",
        "",
        "03130",
        "Spremberg",
        "E5",
        "N",
        "",
        "",
        "",
        "SQ002",
        "x" * 5000,
        "",
        "",
    ),
]


def export_csv(antworten=ANTWORTEN, fragen=FRAGEN, *, delimiter: str = ",") -> str:
    """The response export (question codes as headings, answer codes as values)."""
    header = export_header(fragen)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for number, answer in enumerate(antworten, start=1):
        (
            token,
            submit,
            name,
            cat,
            cat_other,
            plz,
            ort,
            level,
            consent,
            contact,
            mail,
            phone,
            n1,
            n1_other,
            n2,
            n3,
        ) = answer
        values = {
            "id": str(number),
            "submitdate": submit,
            "lastpage": "3" if submit else "1",
            "startlanguage": "de",
            "seed": "1",
            "token": token,
            "startdate": submit,
            "datestamp": submit,
            "ipaddr": f"203.0.113.{number}",
            "refurl": "",
            "A1": name,
            "A2": cat,
            "A2[other]": cat_other,
            "A3": plz,
            "A4": ort,
            "A5": level,
            "A6": consent,
            "K1": contact,
            "K2": mail,
            "K3": phone,
            "N1[other]": n1_other,
            "B1": "",
        }
        for sub in n1.split():
            values[f"N1[{sub}]"] = "Y"
        for sub in n2.split():
            values[f"N2[{sub}]"] = "Y"
        for sub in n3.split():
            values[f"N3[{sub}]"] = "Y"
        writer.writerow([values.get(h, "") for h in header])
    return out.getvalue()


REGISTER = """netzwerk,typ,landkreis,themen,zielgruppen
Kompetenzregion Lausitz – AG Berufsorientierung,Arbeitsgruppe,Lausitz,Berufsorientierung,Schüler*innen
NetzwerkZukunft Arbeitskreis Süd,Arbeitskreis,Spree-Neiße,Fachkräftegewinnung,Unternehmen
UNIverselle Frühstück,Netzwerk,Cottbus,Digitalisierung,Unternehmen
AG Berufsorientierung im Landkreis Dahme-Spreewald,Arbeitsgruppe,Dahme-Spreewald,Berufsorientierung,Schüler*innen
"""
