"""LimeSurvey as it comes: the survey structure (.lss, LimeSurvey 3 and 6 layouts), the drafted
mapping (``bildungsnetz zuordnung``), answer labels instead of codes, repeated responses by
token, and free text naming further networks."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from bildungsnetz.cli import main
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.ingest.freetext import free_text_items
from bildungsnetz.ingest.lss import plain_text, read_lss
from bildungsnetz.ingest.mapping import draft_mapping
from bildungsnetz.ingest.networks import add_network
from bildungsnetz.ingest.reference import load_reference
from bildungsnetz.ingest.staging import StagedWave
from bildungsnetz.ingest.state import CleaningState
from bildungsnetz.text import name_key
from conftest import MINI_EXTERNAL, write
from lss_fixture import ANTWORTEN, REGISTER, export_csv, export_header, lss

EXPORT = "results-survey482915.csv"
STRUCTURE = "limesurvey_survey_482915.lss"


def survey_wave(
    root: Path,
    *,
    layout: int = 6,
    mapping: str | None = None,
    lss_file=True,
    antworten=ANTWORTEN,
    wave: str = "w",
) -> Path:
    folder = root / "raw" / wave
    folder.mkdir(parents=True, exist_ok=True)
    (folder / EXPORT).write_text(export_csv(antworten), encoding="utf-8-sig")
    (folder / "netzwerke.csv").write_text(REGISTER, encoding="utf-8")
    if lss_file:
        (folder / STRUCTURE).write_text(lss(layout), encoding="utf-8")
    if mapping is not None:
        (folder / "zuordnung.csv").write_text(mapping, encoding="utf-8")
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for name, text in MINI_EXTERNAL.items():
        write(tmp_path / "external" / name, text)
    return tmp_path


def digest(folder: Path) -> dict:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------------------------
# the .lss reader


@pytest.mark.parametrize("layout", [6, 3])
def test_lss_reader_knows_questions_subquestions_and_answers(tmp_path, layout):
    path = tmp_path / "s.lss"
    path.write_text(lss(layout, languages=("de", "en")), encoding="utf-8")
    survey = read_lss(path)
    assert survey.language == "de"
    assert list(survey.questions)[:3] == ["A1", "A2", "A3"]
    a1 = survey.questions["A1"]
    assert (a1.type, a1.text) == ("S", "Wie lautet der Name Ihrer Institution?")  # HTML gone
    a2 = survey.questions["A2"]
    assert a2.other and a2.answers["A10"] == "Kita" and len(a2.answers) == 6
    n1 = survey.questions["N1"]
    assert [s.code for s in n1.subquestions] == ["SQ001", "SQ002", "SQ003", "SQ004"]
    assert n1.subquestions[2].text == "UNIverselle Frühstück"
    question, sub, part = survey.lookup("N1[SQ003]")
    assert (question.code, sub.code, part) == ("N1", "SQ003", "")
    assert survey.lookup("n1[other]")[2] == "other"
    assert survey.lookup("A2[other]")[2] == "other"
    assert survey.lookup("submitdate") == (None, None, "")


def test_lss_reader_takes_the_survey_language_when_german_is_missing(tmp_path):
    path = tmp_path / "s.lss"
    path.write_text(lss(6, languages=("en",)), encoding="utf-8")
    assert read_lss(path).language == "en"


@pytest.mark.parametrize(
    "content,words",
    [
        (b"", "kein gültiges XML"),
        (b"<document><LimeSurveyDocType>Question</LimeSurveyDocType></document>", "Question"),
        (
            b"<?xml version='1.0'?><!DOCTYPE d [<!ENTITY a 'aaaaaaaaaa'>"
            b"<!ENTITY b '&a;&a;&a;&a;'>]>"
            b"<document>&b;</document>",
            "kein gültiges XML",
        ),
        (b"<document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>", "keine Fragen"),
    ],
)
def test_broken_or_hostile_lss_files_get_a_german_error(tmp_path, content, words):
    path = tmp_path / "s.lss"
    path.write_bytes(content)
    with pytest.raises(BildungsnetzError) as info:
        read_lss(path, "s.lss")
    assert words in info.value.message and info.value.datei == "s.lss"


def test_plain_text_of_limesurvey_html():
    assert plain_text("<p>Name&nbsp;Ihrer <b>Institution</b> ?</p>") == "Name Ihrer Institution?"


# --------------------------------------------------------------------------------------------
# the drafted mapping


def test_draft_guesses_every_field_of_a_plain_questionnaire(tmp_path):
    path = tmp_path / "s.lss"
    path.write_text(lss(6), encoding="utf-8")
    draft = draft_mapping(export_header(), read_lss(path), ref=load_reference(None))
    fields = {row.code: (row.feld, row.wert) for row in draft.rows}
    assert fields["A1"] == ("akteur", "")
    assert fields["A2"][0] == "kategorie" and fields["A3"][0] == "plz"
    assert fields["A4"][0] == "ort" and fields["A5"][0] == "ebene"
    assert fields["A6"][0] == "veroeffentlichen"
    assert (fields["K1"][0], fields["K2"][0], fields["K3"][0]) == (
        "ansprechperson",
        "email",
        "telefon",
    )
    assert fields["token"][0] == "token" and fields["ipaddr"][0] == ""
    assert fields["N1[SQ003]"] == ("mitglied", "UNIverselle Frühstück")
    assert fields["N1[other]"][0] == "netzwerk_sonstige"
    assert fields["N2[SQ001]"] == ("leitung", "Kompetenzregion Lausitz – AG Berufsorientierung")
    assert fields["N3[SQ001]"] == ("gastgeber", "UNIverselle Frühstück")
    assert fields["B1"][0] == "" and fields["A2[other]"][0] == ""
    a2 = next(r for r in draft.rows if r.code == "A2")
    assert "A10=Kita" in a2.antworten and "Welcher Art" in a2.frage
    assert any("Nicht zugeordnet" in line and "B1" in line for line in draft.summary)


def test_draft_recognises_a_list_by_its_answer_labels_alone(tmp_path):
    fragen = [
        (
            "F7",
            "L",
            False,
            "Bitte auswählen",
            [],
            [("1", "Kammer"), ("2", "Schule"), ("3", "Unternehmen")],
        )
    ]
    path = tmp_path / "s.lss"
    path.write_text(lss(6, fragen=fragen), encoding="utf-8")
    draft = draft_mapping(["id", "submitdate", "F7"], read_lss(path), ref=load_reference(None))
    row = next(r for r in draft.rows if r.code == "F7")
    assert row.feld == "kategorie" and row.antworten == "1=Kammer; 2=Schule; 3=Unternehmen"


def test_draft_without_lss_lists_every_column_and_says_what_to_do(data):
    survey_wave(data, lss_file=False)
    assert main(["zuordnung", "w", "--data", str(data)]) == 0
    rows = list(
        csv.DictReader(
            io.StringIO((data / "raw" / "w" / "zuordnung.csv").read_text(encoding="utf-8"))
        )
    )
    assert [r["code"] for r in rows] == export_header()
    assert {r["feld"] for r in rows} == {"", "token"}


def test_zuordnung_never_overwrites_and_writes_nothing_else_under_raw(data, capsys):
    folder = survey_wave(data)
    before = digest(folder)
    assert main(["zuordnung", "w", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Name der Institution: A1" in out and "Bitte den Entwurf prüfen" in out
    after = digest(folder)
    assert set(after) - set(before) == {"zuordnung.csv"}
    assert all(after[name] == before[name] for name in before)
    assert main(["zuordnung", "w", "--data", str(data)]) == 1
    assert "wird nicht überschrieben" in capsys.readouterr().err
    assert digest(folder) == after


@pytest.mark.parametrize("wave", ["../w", str(Path("/tmp") / "w"), ".."])
def test_zuordnung_refuses_paths(data, wave, capsys):
    survey_wave(data)
    assert main(["zuordnung", wave, "--data", str(data)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert not (data / "raw" / "w" / "zuordnung.csv").exists()


# --------------------------------------------------------------------------------------------
# cleaning with the drafted mapping


@pytest.fixture(params=[6, 3], ids=["LimeSurvey6", "LimeSurvey3"])
def cleaned(request, data):
    survey_wave(data, layout=request.param)
    assert main(["zuordnung", "w", "--data", str(data)]) == 0
    return clean_wave(data, "w")


def by_name(frame: pd.DataFrame) -> dict:
    return {row["akteur"]: row for row in frame.to_dict("records")}


def test_list_answers_become_labels_and_pseudonyms_read_well(cleaned):
    actors = by_name(cleaned.akteure)
    assert actors["Kita Sonnenschein"]["kategorie"] == "Kita"
    assert actors["Kita Sonnenschein"]["anzeigename"] == "Kita 1"
    assert actors["Industrie- und Handelskammer Cottbus"]["kategorie"] == "Kammer"
    assert actors["Industrie- und Handelskammer Cottbus"]["ebene"] == "Region"
    assert actors["Stadtverwaltung Forst (Lausitz)"]["kategorie"] == "Kommune/Verwaltung"  # -oth-
    text = cleaned.akteure.to_csv()
    for code in ("A10", ",A1,", "E3"):
        assert code not in text


def test_the_token_decides_what_is_a_repeated_response(cleaned):
    log = cleaned.log[cleaned.log["tabelle"] == "antworten"].set_index("zeile")
    assert log.loc[2, "ergebnis"] == "verworfen"
    assert "gleicher Zugangsschlüssel" in log.loc[2, "grund"] and "Zeile 5" in log.loc[2, "grund"]
    assert log.loc[5, "ergebnis"] == "behalten"
    # the newer response replaced the older one entirely: only its networks count
    ihk = by_name(cleaned.akteure)["Industrie- und Handelskammer Cottbus"]["akteur_id"]
    roles = cleaned.mitgliedschaften[cleaned.mitgliedschaften["akteur_id"] == ihk]
    assert list(roles["rolle"]) == ["Leitung"]
    for table in cleaned.tables().values():
        assert "tok1" not in table.to_csv()


def test_without_token_the_name_decides(data):
    mapping = "code,feld,wert\nA1,akteur,\nN1[SQ001],mitglied,Netz A\nN1[SQ002],mitglied,Netz B\n"
    answers = [list(a) for a in ANTWORTEN[:1]] + [list(ANTWORTEN[0])]
    answers[1][1] = "2025-03-09 10:00:00"
    answers[1][12] = "SQ002"
    survey_wave(data, mapping=mapping, antworten=[tuple(a) for a in answers])
    result = clean_wave(data, "w")
    assert len(result.akteure) == 1 and len(result.mitgliedschaften) == 2  # networks united
    log = result.log[result.log["tabelle"] == "antworten"].set_index("zeile")
    assert log.loc[2, "ergebnis"] == "zusammengeführt"


def test_answer_labels_from_the_mapping_win_and_unknown_codes_are_logged(data):
    mapping = (
        "code,feld,wert,antworten\nA1,akteur,,\nA2,kategorie,,A1=Kammer; A2=Hochschule\n"
        'A5,ebene,"E3=Region;E5=Kommune",\n'
    )
    survey_wave(data, mapping=mapping, lss_file=False)
    result = clean_wave(data, "w")
    actors = by_name(result.akteure)
    assert actors["BTU Cottbus-Senftenberg"]["kategorie"] == "Hochschule"
    assert actors["Kita Sonnenschein"]["kategorie"] == "A10"  # no label known: kept
    assert actors["Kita Sonnenschein"]["ebene"] == "Kommune"  # labels given in "wert"
    row = result.log[result.log["eintrag"] == "Kita Sonnenschein"].iloc[0]
    assert "Antwortcode „A10“ in A2" in row["hinweis"]


def test_a_value_in_wert_of_a_value_field_is_refused_not_ignored(data):
    survey_wave(data, mapping="code,feld,wert\nA1,akteur,\nA2,kategorie,Kammer\n")
    with pytest.raises(BildungsnetzError) as info:
        clean_wave(data, "w")
    assert (info.value.zeile, info.value.spalte) == (3, "wert")
    assert "antworten" in info.value.message


def test_a_mapping_code_missing_from_the_export_explains_full_headings(data):
    survey_wave(data, mapping="code,feld,wert\nA1,akteur,\nN1,mitglied,Netz\n")
    with pytest.raises(BildungsnetzError) as info:
        clean_wave(data, "w")
    assert "N1[SQ001]" in info.value.message


# --------------------------------------------------------------------------------------------
# free text naming further networks


def test_free_text_is_split_trimmed_and_filtered(cleaned):
    nets = set(cleaned.netzwerke["netzwerk"])
    assert 'Arbeitskreis "Fachkräfte für morgen"' in nets  # comma stripped
    assert "Landkreis Bautzen" not in nets and "Keine" not in nets
    assert not any(len(n) > 150 for n in nets)
    forst = by_name(cleaned.akteure)["Stadtverwaltung Forst (Lausitz)"]["akteur_id"]
    ids = dict(zip(cleaned.netzwerke["netzwerk"], cleaned.netzwerke["netzwerk_id"]))
    forst_nets = set(
        cleaned.mitgliedschaften.loc[cleaned.mitgliedschaften["akteur_id"] == forst, "netzwerk_id"]
    )
    assert ids["UNIverselle Frühstück"] in forst_nets  # "X, Y" split
    review = cleaned.free_review
    reasons = dict(zip(review["text"].str[:20], review["grund"]))
    assert "Landkreis" in reasons["Landkreis Bautzen"]
    assert "zu lang" in reasons["x" * 20]


@pytest.fixture
def cleaning(data):
    state = CleaningState(StagedWave(form="csv"), load_reference(data))
    for name in (
        "Werkstatt 1 Unternehmen, Wirtschaftsentwicklung, Fachkräftesicherung",
        "UNIverselle Frühstück",
        "AG Berufsorientierung",
    ):
        add_network(state, name, "x", 1, "Test")
    # "IHK Cottbus" is an alias of this name in the reference data
    state.actor_by_key[name_key("Industrie- und Handelskammer Cottbus")] = {
        "akteur": "Industrie- und Handelskammer Cottbus",
        "akteur_id": "A1",
    }
    return state


@pytest.mark.parametrize(
    "text,items",
    [
        (
            "UNIverselle Frühstück, AG Berufsorientierung",
            ["UNIverselle Frühstück", "AG Berufsorientierung"],
        ),
        (
            "Werkstatt 1 Unternehmen, Wirtschaftsentwicklung, Fachkräftesicherung, UNIverselle "
            "Frühstück",
            [
                "Werkstatt 1 Unternehmen, Wirtschaftsentwicklung, Fachkräftesicherung",
                "UNIverselle Frühstück",
            ],
        ),
        ("„Netz Neu“;\n- AG Berufsorientierung.", ["Netz Neu", "AG Berufsorientierung."]),
        ("Neues Bündnis, UNIverselle Frühstück", ["Neues Bündnis", "UNIverselle Frühstück"]),
        ('Arbeitskreis "Fachkräfte für morgen",', ['Arbeitskreis "Fachkräfte für morgen"']),
        ("keine", []),
        ("Cottbus", []),
        ("Landkreis Görlitz", []),
        ("Schule", []),
        ("IHK Cottbus", []),
        ("12345", []),
        ("y" * 151, []),
    ],
)
def test_free_text_items(cleaning, text, items):
    assert free_text_items(cleaning, text)[0] == items


def test_free_text_review_never_shows_contact_data(data):
    answers = [list(ANTWORTEN[2])]
    answers[0][13] = "Netz Q (Kontakt: hans@example.org, Tel. 0355 4711 0815), " + "z" * 200
    survey_wave(data, antworten=[tuple(a) for a in answers])
    assert main(["zuordnung", "w", "--data", str(data)]) == 0
    result = clean_wave(data, "w")
    text = result.free_review.to_csv() + result.log.to_csv()
    assert "hans@example.org" not in text and "4711" not in text
    assert "[E-Mail entfernt]" in text


# --------------------------------------------------------------------------------------------
# from LimeSurvey to a report


@pytest.mark.slow
@pytest.mark.parametrize("layout", [6, 3])
def test_export_and_structure_become_a_report_without_editing_the_draft(data, tmp_path, layout):
    survey_wave(data, layout=layout)
    reports = tmp_path / "berichte"
    env_run = [sys.executable, "-m", "bildungsnetz.cli"]
    first = subprocess.run(
        env_run + ["zuordnung", "w", "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    run = subprocess.run(
        env_run + ["run", "w", "--data", str(data), "--reports", str(reports)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    page = (reports / "w" / "bericht.html").read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    visible = soup.get_text(" ")
    assert "Kita 1" in visible and "Kammer" in visible and "Hochschule" in visible
    assert "Kita Sonnenschein" not in visible and "Oberschule Spremberg" not in visible
    for secret in ("tok1", "a.schulze@example.org", "Anna Schulze", "203.0.113"):
        assert secret not in page
    for name in (
        "bericht.html",
        "netzwerkkarte.html",
        "tabellen.xlsx",
        "netzwerk.graphml",
        "netzwerk.gexf",
    ):
        assert (reports / "w" / name).exists()
