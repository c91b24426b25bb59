"""Next year's questionnaire (``bildungsnetz fragebogen``): the ``.lss`` and the mapping beside
it, their structure, stable option codes, and the round trip: a response export as LimeSurvey
writes it for that ``.lss``, filled from a wave's memberships and cleaned with the written
mapping, yields the same networks and memberships as the wave the questionnaire came from."""

from __future__ import annotations

import csv
import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from bildungsnetz.cli import main
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.ingest.lss import read_lss
from bildungsnetz.ingest.mapping import MAPPING_COLUMNS
from bildungsnetz.ingest.questionnaire import (
    CODE_PATTERN,
    build_questionnaire,
    export_columns,
    option_code,
    write_questionnaire,
)
from bildungsnetz.ingest.reference import load_reference
from kleine_welle import XSS_AKTEUR, XSS_NETZWERK, schreibe

ROOT = Path(__file__).resolve().parents[1]
DEMO = "2026"
SYSTEM = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A data folder with the 2026 demo wave cleaned (processed tables written)."""
    data = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "data" / "raw" / DEMO, data / "raw" / DEMO)
    shutil.copytree(ROOT / "data" / "external", data / "external")
    clean_wave(data, DEMO)
    return data


@pytest.fixture(scope="module")
def written(demo, tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("fragebogen") / "befragung.lss"
    lss, mapping, _ = write_questionnaire(demo, None, out)
    return lss, mapping


def processed(data: Path, wave: str, name: str) -> pd.DataFrame:
    return pd.read_csv(data / "processed" / wave / f"{name}.csv", dtype=str, keep_default_na=False)


def header_from_lss(path: Path) -> list[str]:
    """The answer columns LimeSurvey exports for a survey ("question code" headings), from
    the parsed structure: ``CODE``, ``CODE[SUB]`` per option, ``CODE[other]``."""
    header = []
    for code, question in read_lss(path).questions.items():
        if question.type in "MP":
            header += [f"{code}[{sub.code}]" for sub in question.subquestions]
        else:
            header.append(code)
        if question.other:
            header.append(f"{code}[other]")
    return header


def rows(document: ET.Element, section: str) -> list[dict]:
    return [
        {child.tag: child.text or "" for child in row}
        for row in document.findall(f"{section}/rows/row")
    ]


# --------------------------------------------------------------------------------------------
# the .lss: readable and well formed


def test_lss_parses_with_the_project_reader_and_plain_xml(written):
    lss, _ = written
    survey = read_lss(lss)
    assert survey.language == "de" and survey.version >= 400
    assert ["A1", "A2", "A3", "A4", "A5", "A6", "K1", "K2", "K3"] == list(survey.questions)[:9]
    assert survey.questions["A2"].type == "L" and survey.questions["A2"].other
    assert "Schule" in survey.questions["A2"].answers.values()
    assert list(survey.questions["A5"].answers.values()) == [
        "Bund",
        "Land",
        "Region",
        "Kreis",
        "Kommune",
    ]
    assert survey.questions["A6"].type == "Y"
    assert "nicht veröffentlicht" in survey.questions["K2"].help
    document = ET.parse(lss).getroot()
    assert document.tag == "document"
    assert document.findtext("LimeSurveyDocType") == "Survey"
    for section in (
        "answers",
        "answer_l10ns",
        "groups",
        "group_l10ns",
        "questions",
        "subquestions",
        "question_l10ns",
        "question_attributes",
        "surveys",
        "surveys_languagesettings",
    ):
        node = document.find(section)
        assert node is not None, section
        fields = [f.text for f in node.findall("fields/fieldname")]
        for row in node.findall("rows/row"):  # every row has exactly the declared fields
            assert [child.tag for child in row] == fields, section


def test_structure_ids_codes_and_german_texts(written, demo):
    lss, _ = written
    document = ET.parse(lss).getroot()
    sid = rows(document, "surveys")[0]["sid"]
    gids = {g["gid"] for g in rows(document, "groups")}
    questions = rows(document, "questions")
    subquestions = rows(document, "subquestions")
    qids = {q["qid"] for q in questions}
    for row in questions + subquestions:
        assert row["qid"] and row["gid"] in gids and row["sid"] == sid
    assert len({q["title"] for q in questions}) == len(questions)
    for q in questions:
        assert CODE_PATTERN.fullmatch(q["title"]) and q["parent_qid"] == "0"
    by_parent: dict[str, list[str]] = {}
    for sub in subquestions:
        assert sub["parent_qid"] in qids
        assert CODE_PATTERN.fullmatch(sub["title"]), sub["title"]
        by_parent.setdefault(sub["parent_qid"], []).append(sub["title"].casefold())
    for codes in by_parent.values():
        assert len(codes) == len(set(codes))
    texts = rows(document, "question_l10ns")
    assert {t["qid"] for t in texts} == qids | {s["qid"] for s in subquestions}
    assert {t["language"] for t in texts} == {"de"}
    assert all(t["question"].strip() for t in texts)
    answers = rows(document, "answers")
    assert {a["aid"] for a in answers} == {a["aid"] for a in rows(document, "answer_l10ns")}
    assert all(len(a["code"]) <= 5 for a in answers)
    welcome = rows(document, "surveys_languagesettings")[0]
    assert welcome["surveyls_language"] == "de"
    assert (
        "Zustimm" in welcome["surveyls_welcometext"]
        or "zustimm" in (welcome["surveyls_welcometext"])
    )
    assert "nie veröffentlicht" in welcome["surveyls_welcometext"]
    # every network of the wave is an option of exactly one membership question, its code
    # is its id; the role questions offer each network, shown only when it was ticked
    survey = read_lss(lss)
    networks = processed(demo, DEMO, "netzwerke")
    membership = [q for c, q in survey.questions.items() if re.fullmatch(r"N\d+", c)]
    assert len(membership) >= 5  # grouped by district, not one list of 100
    assert membership[-1].other and not any(q.other for q in membership[:-1])
    offered = [s.code for q in membership for s in q.subquestions]
    assert sorted(offered) == sorted(networks["netzwerk_id"])
    for role in ("G1", "L1"):
        assert sorted(s.code for s in survey.questions[role].subquestions) == sorted(offered)
    relevance = {s["title"]: s["relevance"] for s in subquestions}
    first = membership[0]
    assert relevance[first.subquestions[0].code] in (
        "1",
        f'{first.code}_{first.subquestions[0].code}.NAOK == "Y"',
    )
    role_parent = next(q["qid"] for q in questions if q["title"] == "G1")
    role_relevance = [s["relevance"] for s in subquestions if s["parent_qid"] == role_parent]
    assert all(re.fullmatch(r'N\d+_N[0-9a-f]{8}\.NAOK == "Y"', r) for r in role_relevance)


def test_mapping_has_the_format_the_cleaner_reads(written, demo):
    lss, mapping = written
    assert mapping.parent == lss.parent and mapping.name == "zuordnung.csv"
    table = list(csv.DictReader(io.StringIO(mapping.read_text(encoding="utf-8"))))
    assert list(table[0]) == MAPPING_COLUMNS
    assert [r["code"] for r in table] == header_from_lss(lss)
    fields = {r["feld"]: r for r in table if r["feld"]}
    for name in ("akteur", "kategorie", "plz", "ort", "ebene", "veroeffentlichen", "email"):
        assert name in fields
    assert "A1=" in fields["kategorie"]["antworten"]
    names = dict(processed(demo, DEMO, "netzwerke")[["netzwerk_id", "netzwerk"]].values)
    for row in table:
        option = re.fullmatch(r"([NGL]\d+)\[(N[0-9a-f]{8})\]", row["code"])
        if option:
            assert row["wert"] == names[option.group(2)]
            expected = {"G": "gastgeber", "L": "leitung"}.get(row["code"][0], "mitglied")
            assert row["feld"] == expected
    assert [r["feld"] for r in table].count("netzwerk_sonstige") == 1


# --------------------------------------------------------------------------------------------
# stable codes


def test_codes_stay_when_the_register_grows():
    ref = load_reference(None)
    register = pd.DataFrame(
        {
            "netzwerk_id": ["N0000aaaa", "N1234abcd", "Nffff0000"],
            "netzwerk": ["Netzwerk A", "Netzwerk B", "Netzwerk C"],
            "landkreis": ["Cottbus", "", "Bautzen"],
        }
    )
    before = {o.netzwerk_id: o.code for o in build_questionnaire(register, ref, "2026").networks}
    grown = pd.concat(
        [
            pd.DataFrame(
                {
                    "netzwerk_id": ["N00000001", "Nzzzz", "N-1 x"],
                    "netzwerk": ["Allererstes Netz", "Neues Netz", "Handgemacht"],
                    "landkreis": ["Cottbus", "Görlitz", ""],
                }
            ),
            register,
        ]
    )
    after = {o.netzwerk_id: o.code for o in build_questionnaire(grown, ref, "2027").networks}
    assert {k: after[k] for k in before} == before == {k: k for k in before}
    assert all(CODE_PATTERN.fullmatch(c) for c in after.values())
    assert len({c.casefold() for c in after.values()}) == len(after)


def test_option_code_follows_limesurvey_rules():
    taken: set[str] = set()
    assert option_code("N035ba8f5", taken) == "N035ba8f5"
    assert option_code("12-34", taken) == "N1234"
    assert option_code("N1234", taken) == "N12342"  # taken: numbered
    long = option_code("x" * 40, taken)
    assert CODE_PATTERN.fullmatch(long) and len(long) == 20


# --------------------------------------------------------------------------------------------
# the round trip


def synthetic_export(lss: Path, mapping: Path, data: Path, wave: str) -> str:
    """A response export with the header LimeSurvey writes for ``lss`` (question codes,
    answer codes), one complete response per actor of ``wave``, from its memberships."""
    survey = read_lss(lss)
    header = SYSTEM + header_from_lss(lss)
    akteure = processed(data, wave, "akteure")
    members = processed(data, wave, "mitgliedschaften")
    question_of = {
        sub.code: code
        for code, question in survey.questions.items()
        if re.fullmatch(r"N\d+", code)
        for sub in question.subquestions
    }
    category = {label: code for code, label in survey.questions["A2"].answers.items()}
    level = {label: code for code, label in survey.questions["A5"].answers.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for number, actor in enumerate(akteure.itertuples(index=False), start=1):
        stamp = f"2027-03-01 10:{number // 60 % 60:02d}:{number % 60:02d}"
        values = {
            "id": str(number),
            "submitdate": stamp,
            "lastpage": "5",
            "startlanguage": "de",
            "seed": "1",
            "startdate": stamp,
            "datestamp": stamp,
            "A1": actor.akteur,
            "A2": category.get(actor.kategorie, "-oth-" if actor.kategorie else ""),
            "A2[other]": actor.kategorie if actor.kategorie not in category else "",
            "A3": actor.plz,
            "A4": actor.ort,
            "A5": level.get(actor.ebene, ""),
            "A6": "Y" if actor.veroeffentlichen == "ja" else "N",
        }
        mine = members[members["akteur_id"] == actor.akteur_id]
        for network, role in zip(mine["netzwerk_id"], mine["rolle"]):
            values[f"{question_of[network]}[{network}]"] = "Y"
            if role == "Gastgeber":
                values[f"G1[{network}]"] = "Y"
            if role == "Leitung":
                values[f"L1[{network}]"] = "Y"
        writer.writerow([values.get(h, "") for h in header])
    return out.getvalue()


def round_trip(source: Path, wave: str, lss: Path, mapping: Path, target: Path) -> Path:
    folder = target / "raw" / "naechste"
    folder.mkdir(parents=True)
    (folder / "results-survey100001.csv").write_text(
        synthetic_export(lss, mapping, source, wave), encoding="utf-8-sig"
    )
    shutil.copy(lss, folder / lss.name)
    shutil.copy(mapping, folder / mapping.name)
    if (source / "external").is_dir():
        shutil.copytree(source / "external", target / "external")
    assert main(["clean", "naechste", "--data", str(target)]) == 0
    return target


def test_round_trip_from_the_demo_wave_keeps_network_ids_and_memberships(demo, written, tmp_path):
    lss, mapping = written
    target = round_trip(demo, DEMO, lss, mapping, tmp_path / "data")
    before = {n: processed(demo, DEMO, n) for n in ("netzwerke", "mitgliedschaften", "akteure")}
    after = {n: processed(target, "naechste", n) for n in before}
    assert set(after["netzwerke"]["netzwerk_id"]) == set(before["netzwerke"]["netzwerk_id"])
    assert dict(after["netzwerke"][["netzwerk_id", "netzwerk"]].values) == dict(
        before["netzwerke"][["netzwerk_id", "netzwerk"]].values
    )

    def triples(frame):
        return set(frame[["akteur_id", "netzwerk_id", "rolle"]].itertuples(index=False))

    assert len(before["mitgliedschaften"]) > 1000
    assert triples(after["mitgliedschaften"]) == triples(before["mitgliedschaften"])
    columns = ["akteur_id", "akteur", "kategorie", "ebene", "plz", "ort", "veroeffentlichen"]
    assert sorted(after["akteure"][columns].itertuples(index=False)) == sorted(
        before["akteure"][columns].itertuples(index=False)
    )


def test_tiny_wave_escapes_markup_and_round_trips(tmp_path):
    data = tmp_path / "klein"
    schreibe(data / "processed" / "zwei")
    out = tmp_path / "out"
    out.mkdir()
    lss, mapping, questionnaire = write_questionnaire(data, "zwei", out / "f.lss")
    raw = lss.read_bytes()
    assert b"<script" not in raw and b"<img" not in raw
    ET.fromstring(raw)
    survey = read_lss(lss)
    names = [s.text for q in survey.questions.values() for s in q.subquestions]
    assert XSS_NETZWERK in names  # shown as text: escaped in the file, plain after reading
    table = list(csv.DictReader(io.StringIO(mapping.read_text(encoding="utf-8"))))
    assert XSS_NETZWERK in {r["wert"] for r in table}
    assert len(questionnaire.networks) == 3
    target = round_trip(data, "zwei", lss, mapping, tmp_path / "next")

    def by_name(folder: Path, wave: str) -> set:
        akteure = processed(folder, wave, "akteure").set_index("akteur_id")["akteur"]
        netze = processed(folder, wave, "netzwerke").set_index("netzwerk_id")["netzwerk"]
        m = processed(folder, wave, "mitgliedschaften")
        return {
            (akteure[a], netze[n], r) for a, n, r in m[["akteur_id", "netzwerk_id", "rolle"]].values
        }

    # the hand-made tables are not cleaned: their names go through the alias table once
    ref = load_reference(None)
    expected = {
        (ref.canonical_name("akteur", a)[0], ref.canonical_name("netzwerk", n)[0], r)
        for a, n, r in by_name(data, "zwei")
    }
    result = by_name(target, "naechste")
    assert result == expected and len(result) == 9
    assert any(XSS_AKTEUR == a for a, _, _ in result)


# --------------------------------------------------------------------------------------------
# the command


def test_command_writes_both_files_and_refuses_unsafe_targets(demo, tmp_path, capsys):
    out = tmp_path / "q" / "befragung.lss"
    out.parent.mkdir()
    assert main(["fragebogen", DEMO, "--data", str(demo), "--out", str(out)]) == 0
    assert out.is_file() and (out.parent / "zuordnung.csv").is_file()
    assert "100 Netzwerke" in capsys.readouterr().out
    # existing files are kept unless --force
    assert main(["fragebogen", "--data", str(demo), "--out", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    assert main(["fragebogen", "--data", str(demo), "--out", str(out), "--force"]) == 0
    for bad in (
        demo / "raw" / DEMO / "f.lss",
        demo / "processed" / DEMO / "f.lss",
        tmp_path / "q" / "f.txt",
        tmp_path / "fehlt" / "f.lss",
    ):
        capsys.readouterr()
        assert main(["fragebogen", "--data", str(demo), "--out", str(bad)]) == 1
        assert "Fehler:" in capsys.readouterr().err
        assert not bad.exists()
    assert not (demo / "raw" / DEMO / "zuordnung.csv").exists()


def test_command_without_processed_wave_says_what_to_do(tmp_path, capsys):
    (tmp_path / "raw" / "2027").mkdir(parents=True)
    assert main(["fragebogen", "--data", str(tmp_path), "--out", str(tmp_path / "f.lss")]) == 1
    assert "bildungsnetz run" in capsys.readouterr().err
    with pytest.raises(BildungsnetzError, match="nicht bereinigt"):
        write_questionnaire(tmp_path, "2027", tmp_path / "f.lss")


def test_export_columns_match_the_parsed_structure(written, demo):
    lss, _ = written
    questionnaire = build_questionnaire(
        processed(demo, DEMO, "netzwerke"), load_reference(demo), DEMO
    )
    assert [h for h, _, _ in export_columns(questionnaire)] == header_from_lss(lss)
