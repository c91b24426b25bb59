"""Cleaning step on small hand-made waves whose right answers are known."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.clean import accounting, clean_wave
from bildungsnetz.text import stable_id
from conftest import MINI_TIDY, write


def _by_name(frame: pd.DataFrame, col: str = "akteur") -> dict:
    return {row[col]: row for row in frame.to_dict("records")}


def test_tidy_wave_merges_aliases_and_variants(mini_data):
    result = clean_wave(mini_data, "w1")
    actors = _by_name(result.akteure)
    # "IHK  cottbus" (alias after case/space folding) is merged into the canonical name
    assert "Industrie- und Handelskammer Cottbus" in actors
    assert not any("cottbus" in name and name.startswith("IHK") for name in actors)
    assert len(result.akteure) == 5  # 7 rows: one empty name, one duplicate
    ihk = actors["Industrie- und Handelskammer Cottbus"]
    assert ihk["akteur_id"] == stable_id("A", "Industrie- und Handelskammer Cottbus")
    assert ihk["kategorie"] == "Kammer"  # "IHK" is a variant of the vocabulary value
    # membership via alias "AG BO" and duplicate membership with the stronger role
    members = result.mitgliedschaften
    net = _by_name(result.netzwerke, "netzwerk")["AG Berufsorientierung"]
    roles = dict(
        zip(
            members[members.netzwerk_id == net["netzwerk_id"]].akteur_id,
            members[members.netzwerk_id == net["netzwerk_id"]].rolle,
        )
    )
    assert roles[ihk["akteur_id"]] == "Leitung"
    assert roles[actors["Oberschule Herzberg"]["akteur_id"]] == "Gastgeber"
    assert net["themen"] == "Ausbildung;Berufsorientierung"
    assert net["zielgruppen"] == "Auszubildende;Schüler*innen"
    assert net["koordination_id"] == ihk["akteur_id"]
    assert net["bundesland"] == "Brandenburg"


def test_places_resolved_through_gazetteer(mini_data):
    actors = _by_name(clean_wave(mini_data, "w1").akteure)
    herzberg = actors["Oberschule Herzberg"]
    # Excel dropped the leading zero of 04916; the gazetteer's spelling of the town is used
    assert (herzberg["plz"], herzberg["ort"], herzberg["landkreis"]) == (
        "04916",
        "Herzberg (Elster)",
        "Elbe-Elster",
    )
    assert herzberg["raumtyp"] == "ländlich" and herzberg["lat"] == "51.6897"
    unknown = actors["Bildungswerk Bautzen"]  # PLZ 99999 / "Nirgendwo": not in the gazetteer
    assert unknown["lat"] == "" and unknown["landkreis"] == "Bautzen"  # stated district kept


def test_unknown_place_without_district_is_kept_with_empty_district(mini_data):
    path = mini_data / "raw" / "w1" / "akteure.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",BZ,Kreis", ",,Kreis"), encoding="utf-8"
    )
    result = clean_wave(mini_data, "w1")
    row = _by_name(result.akteure)["Bildungswerk Bautzen"]
    assert row["landkreis"] == "" and row["bundesland"] == ""
    log = result.log[result.log.eintrag == "Bildungswerk Bautzen"]
    assert log.hinweis.str.contains("Ort unbekannt").any()


def test_consent_and_pseudonyms(mini_data):
    actors = _by_name(clean_wave(mini_data, "w1").akteure)
    school = actors["Oberschule Herzberg"]
    assert school["veroeffentlichen"] == "nein"
    assert school["anzeigename"] == "Schule 1"
    assert actors["Neue Schule Görlitz"]["anzeigename"] == "Neue Schule Görlitz"


def _count_raw_rows(path: Path) -> int:
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return len(rows) - 1


def test_every_raw_row_is_accounted_for(mini_data):
    result = clean_wave(mini_data, "w1")
    counts = accounting(result).set_index("datei")
    for name in MINI_TIDY:
        raw = _count_raw_rows(mini_data / "raw" / "w1" / name)
        row = counts.loc[f"raw/w1/{name}"]
        assert row["gesamt"] == raw
        assert row["behalten"] + row["zusammengeführt"] + row["verworfen"] == raw
    rejected = result.log[result.log.ergebnis == "verworfen"]
    assert (rejected.grund.str.len() > 0).all()


def test_fuzzy_duplicates_are_proposed_not_merged(mini_data):
    result = clean_wave(mini_data, "w1")
    names = set(result.akteure.akteur)
    assert {"Bildungswerk Bautzen", "Bildungswerk Bauzen"} <= names
    pair = result.review[
        (result.review.name_a.isin(["Bildungswerk Bautzen", "Bildungswerk Bauzen"]))
    ]
    assert len(pair) == 1 and pair.iloc[0].aehnlichkeit >= 90
    assert (mini_data / "processed" / "w1" / "dubletten_pruefen.csv").exists()


def test_no_personal_data_in_processed_tables(mini_data):
    clean_wave(mini_data, "w1")
    for path in (mini_data / "processed" / "w1").glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        for secret in ("example.org", "Schulze", "Meier", "+49", "355 1234", "Carla Roth"):
            assert secret not in text, (path.name, secret)


def test_two_runs_give_identical_files(mini_data):
    clean_wave(mini_data, "w1")
    first = {p.name: p.read_bytes() for p in (mini_data / "processed" / "w1").iterdir()}
    clean_wave(mini_data, "w1")
    second = {p.name: p.read_bytes() for p in (mini_data / "processed" / "w1").iterdir()}
    assert first == second


_WRITES: list[str] = []
_GUARD: dict = {"root": None}


def _audit(event, args):
    if event == "open" and _GUARD["root"] is not None and args[0] is not None:
        path, mode, flags = args[0], args[1], args[2]
        writing = (mode and any(c in str(mode) for c in "wax+")) or (
            isinstance(flags, int) and flags & 0o3
        )
        if writing and str(path).startswith(str(_GUARD["root"])):
            _WRITES.append(str(path))


sys.addaudithook(_audit)


def test_raw_is_never_written(mini_data):
    raw = mini_data / "raw"
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()}
    for p in raw.rglob("*"):
        p.chmod(0o555 if p.is_dir() else 0o444)
    _WRITES.clear()
    _GUARD["root"] = raw
    try:
        clean_wave(mini_data, "w1")
    finally:
        _GUARD["root"] = None
    assert _WRITES == []
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()}
    assert before == after


def test_audit_guard_catches_writes(tmp_path):
    # the guard above must be able to fail
    _WRITES.clear()
    _GUARD["root"] = tmp_path
    try:
        (tmp_path / "x.txt").write_text("x")
    finally:
        _GUARD["root"] = None
    assert _WRITES


def _tables(result):
    return {k: v for k, v in result.tables().items() if k != "bereinigung"}


def test_encodings_and_unicode_forms_give_the_same_tables(mini_data, tmp_path):
    reference = _tables(clean_wave(mini_data, "w1", write=False))
    other = tmp_path / "other"
    shutil.copytree(mini_data / "external", other / "external")
    wave = other / "raw" / "w1"
    wave.mkdir(parents=True)
    src = mini_data / "raw" / "w1"
    # akteure as Excel's ";"-separated Windows-1252, netzwerke as UTF-8 with BOM in NFD
    frame = pd.read_csv(src / "akteure.csv", dtype=str, keep_default_na=False)
    frame.to_csv(wave / "akteure.csv", sep=";", index=False, encoding="cp1252")
    text = unicodedata.normalize("NFD", (src / "netzwerke.csv").read_text(encoding="utf-8"))
    (wave / "netzwerke.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    text = unicodedata.normalize("NFD", (src / "mitgliedschaften.csv").read_text("utf-8"))
    (wave / "mitgliedschaften.csv").write_text(text, encoding="utf-8")
    assert "ö".encode() not in (wave / "netzwerke.csv").read_bytes() or True
    result = _tables(clean_wave(other, "w1", write=False))
    for name, frame in reference.items():
        pd.testing.assert_frame_equal(frame, result[name], check_dtype=False)


def test_xlsx_template_gives_the_same_tables(mini_data, tmp_path):
    from openpyxl import Workbook

    reference = _tables(clean_wave(mini_data, "w1", write=False))
    other = tmp_path / "xl"
    shutil.copytree(mini_data / "external", other / "external")
    (other / "raw" / "w1").mkdir(parents=True)
    book = Workbook()
    book.remove(book.active)
    for name in ("akteure", "netzwerke", "mitgliedschaften"):
        sheet = book.create_sheet(name)
        for row in csv.reader(
            io.StringIO((mini_data / "raw" / "w1" / f"{name}.csv").read_text(encoding="utf-8"))
        ):
            sheet.append(row)
    book.save(other / "raw" / "w1" / "erhebung.xlsx")
    result = _tables(clean_wave(other, "w1", write=False))
    for name, frame in reference.items():
        pd.testing.assert_frame_equal(frame, result[name], check_dtype=False)


def test_same_institution_same_id_across_waves_even_when_renamed(mini_data):
    first = _by_name(clean_wave(mini_data, "w1").akteure)
    wave2 = mini_data / "raw" / "w2"
    write(
        wave2 / "akteure.csv",
        """
        akteur,kategorie,plz,ort,veroeffentlichen
        IHK Cottbus,Kammer,03046,Cottbus,ja
        Alte Schule Görlitz,Schule,02826,Görlitz,ja
        """,
    )
    write(wave2 / "netzwerke.csv", "netzwerk,themen\nAG BO,BO\n")
    write(wave2 / "mitgliedschaften.csv", "akteur,netzwerk\nIHK Cottbus,AG BO\n")
    second = _by_name(clean_wave(mini_data, "w2").akteure)
    assert (
        second["Industrie- und Handelskammer Cottbus"]["akteur_id"]
        == first["Industrie- und Handelskammer Cottbus"]["akteur_id"]
    )
    # the renamed school (alias "Alte Schule Görlitz" -> "Neue Schule Görlitz") keeps its id
    assert second["Neue Schule Görlitz"]["akteur_id"] == first["Neue Schule Görlitz"]["akteur_id"]


def test_unknown_actor_in_membership_is_an_error_naming_file_row_column(mini_data):
    path = mini_data / "raw" / "w1" / "mitgliedschaften.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + "Oberschule Herzbrg,AG BO,\n", encoding="utf-8"
    )
    with pytest.raises(BildungsnetzError) as info:
        clean_wave(mini_data, "w1")
    message = str(info.value)
    assert "mitgliedschaften.csv" in message and "Zeile 9" in message
    assert "„akteur“" in message and "Oberschule Herzbrg" in message
    assert "Meinten Sie „Oberschule Herzberg“" in message


# --- survey export (LimeSurvey) ------------------------------------------------------------

EXPORT = """
    id,submitdate,lastpage,startlanguage,seed,token,ipaddr,A1,A2,A3,A4,A5,A6,A7,N1[SQ001],N1[SQ002],N2[SQ001],N1[other]
    1,2024-03-01 10:00:00,4,de,11,tok1,192.0.2.1,IHK Cottbus,Kammer,03046,Cottbus,ja,Anna Schulze,a@example.org,Y,,Y,
    2,,2,de,12,tok2,192.0.2.2,Oberschule Herzberg,Schule,04916,Herzberg,ja,,,Y,,,
    3,2024-03-02 11:00:00,4,de,13,tok3,192.0.2.3,Oberschule Herzberg,Schule,04916,Herzberg,nein,,,Y,,,Netzwerk Elbe-Elster Digital; AG BO
    4,2024-03-05 09:00:00,4,de,14,tok4,192.0.2.4,oberschule  herzberg,Schule,04916,Herzberg (Elster),nein,,,,Y,,
    """  # noqa: E501 (an export row is one line)
MAPPING = """
    code,feld,wert
    A1,akteur,
    A2,kategorie,
    A3,plz,
    A4,ort,
    A5,veroeffentlichen,
    A6,ansprechperson,
    A7,email,
    N1[SQ001],mitglied,AG Berufsorientierung
    N1[SQ002],mitglied,Digitalnetz Lausitz
    N2[SQ001],leitung,AG Berufsorientierung
    N1[other],netzwerk_sonstige,
    """


@pytest.fixture
def survey_data(mini_data):
    wave = mini_data / "raw" / "s1"
    write(wave / "results-survey123456.csv", EXPORT)
    write(wave / "zuordnung.csv", MAPPING)
    shutil.copy(mini_data / "raw" / "w1" / "netzwerke.csv", wave / "netzwerke.csv")
    return mini_data


def test_survey_export(survey_data):
    result = clean_wave(survey_data, "s1")
    assert result.form == "limesurvey"
    actors = _by_name(result.akteure)
    assert set(actors) == {"Industrie- und Handelskammer Cottbus", "Oberschule Herzberg"}
    log = result.log[result.log.ergebnis != "ergänzt"].set_index(["datei", "zeile"])
    export = "raw/s1/results-survey123456.csv"
    assert log.loc[(export, 3), "ergebnis"] == "verworfen"  # no submitdate
    assert "unvollständig" in log.loc[(export, 3), "grund"]
    assert log.loc[(export, 5), "ergebnis"] == "behalten"  # newest complete response
    assert log.loc[(export, 4), "ergebnis"] == "zusammengeführt"
    school = actors["Oberschule Herzberg"]["akteur_id"]
    nets = _by_name(result.netzwerke, "netzwerk")
    mine = set(result.mitgliedschaften[result.mitgliedschaften.akteur_id == school].netzwerk_id)
    # memberships of both complete responses are united; "AG BO" in free text is an alias
    assert mine == {
        nets["AG Berufsorientierung"]["netzwerk_id"],
        nets["Digitalnetz Lausitz"]["netzwerk_id"],
        nets["Netzwerk Elbe-Elster Digital"]["netzwerk_id"],
    }
    added = result.log[result.log.ergebnis == "ergänzt"]
    assert list(added.eintrag) == ["Netzwerk Elbe-Elster Digital"]
    ihk = actors["Industrie- und Handelskammer Cottbus"]["akteur_id"]
    roles = result.mitgliedschaften.set_index(["akteur_id", "netzwerk_id"]).rolle
    assert roles[(ihk, nets["AG Berufsorientierung"]["netzwerk_id"])] == "Leitung"
    # every export row and register row accounted for
    counts = accounting(result).set_index("datei")
    assert counts.loc[export, "gesamt"] == 4
    assert counts.loc["raw/s1/netzwerke.csv", "gesamt"] == 2
    for path in (survey_data / "processed" / "s1").glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert "example.org" not in text and "192.0.2" not in text and "tok1" not in text


def test_mapping_naming_a_missing_code_is_an_error(survey_data):
    path = survey_data / "raw" / "s1" / "zuordnung.csv"
    path.write_text(path.read_text(encoding="utf-8") + "N3[SQ004],mitglied,X\n", encoding="utf-8")
    with pytest.raises(BildungsnetzError) as info:
        clean_wave(survey_data, "s1")
    message = str(info.value)
    assert "zuordnung.csv" in message and "Zeile 13" in message and "„code“" in message
    assert "N3[SQ004]" in message


# --- the committed demo waves ----------------------------------------------------------------

DEMO_WAVES = ("2024", "2025", "2026")


@pytest.fixture(scope="module")
def demo_clean(tmp_path_factory):
    """The committed demo data, cleaned in a copy (raw untouched)."""
    from conftest import DATA

    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(DATA / "raw", root / "raw")
    shutil.copytree(DATA / "external", root / "external")
    return root, {w: clean_wave(root, w) for w in DEMO_WAVES}


def _raw_row_counts(path: Path) -> dict[str, int]:
    """Data rows per raw table, counted independently of the cleaning's reader."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        counts = {}
        for sheet in book.worksheets:
            rows = [
                r for r in sheet.iter_rows(values_only=True) if any(c not in (None, "") for c in r)
            ]
            counts[f"[Blatt {sheet.title}]"] = max(len(rows) - 1, 0)
        return counts
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(r)]
    return {"": len(rows) - 1}


def test_demo_every_raw_row_accounted_for(demo_clean):
    root, results = demo_clean
    for wave, result in results.items():
        counts = accounting(result).set_index("datei")
        for path in sorted((root / "raw" / wave).iterdir()):
            if path.name == "zuordnung.csv":
                continue  # configuration, not data
            for suffix, raw in _raw_row_counts(path).items():
                label = f"raw/{wave}/{path.name}" + (f" {suffix}" if suffix else "")
                if label not in counts.index:
                    assert raw == 0 or suffix == "[Blatt Hinweise]", label
                    continue
                row = counts.loc[label]
                assert row["behalten"] + row["zusammengeführt"] + row["verworfen"] == raw, label
        rejected = result.log[result.log.ergebnis == "verworfen"]
        assert (rejected.grund.str.len() > 0).all()


def test_demo_no_personal_data_in_processed_tables(demo_clean):
    root, _ = demo_clean
    raw_contacts = pd.read_csv(
        root / "raw" / "2026" / "akteure.csv",
        sep=";",
        encoding="cp1252",
        dtype=str,
        keep_default_na=False,
    )
    names = {n for n in raw_contacts["ansprechperson"] if len(n) > 6}
    phones = {p for p in raw_contacts["telefon"] if len(p) > 6}
    assert names and phones
    for wave in DEMO_WAVES:
        for path in (root / "processed" / wave).glob("*.csv"):
            text = path.read_text(encoding="utf-8")
            assert "@" not in text, path
            assert not any(n in text for n in names), path
            assert not any(p in text for p in phones), path


def test_demo_same_institution_same_id_across_waves(demo_clean):
    import json

    root, results = demo_clean
    ids = {w: dict(zip(r.akteure.akteur, r.akteure.akteur_id)) for w, r in results.items()}
    for name in (
        "Industrie- und Handelskammer Cottbus",
        "Handwerkskammer Cottbus",
        "Agentur für Arbeit Cottbus",
    ):
        assert len({ids[w][name] for w in DEMO_WAVES}) == 1, name
    stable = set.intersection(*(set(r.akteure.akteur_id) for r in results.values()))
    assert len(stable) > 100
    rename = json.loads((root / "raw" / "ground_truth.json").read_text())["umbenennung"]
    assert rename["akteur_id"] in ids["2025"].values()
    assert ids["2026"][rename["neu"]] == rename["akteur_id"]


def test_pairs_marked_distinct_are_not_proposed_again(mini_data):
    first = clean_wave(mini_data, "w1").review
    assert len(first) == 1
    line = first.iloc[0].keine_dublette
    write(
        mini_data / "external" / "keine_dubletten.csv",
        "art,name_a,name_b,kommentar\n" + line + "\n",
    )
    assert len(clean_wave(mini_data, "w1").review) == 0


PLACES = {"goerlitz", "bautzen", "forst", "cottbus", "bad muskau", "weisswasser"}


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        # a long template with another town: two offices, not a typo
        ("IHK Dresden Geschäftsstelle Görlitz", "IHK Dresden Geschäftsstelle Bautzen", True),
        ("Grundschule am Park Bad Muskau", "Grundschule am Park Weißwasser", True),
        # numbered sites
        ("Oberschule Forst", "Oberschule Forst II", True),
        ("Grundschule 3 Cottbus", "Grundschule 5 Cottbus", True),
        ("Oberschule", "Oberschule Forst II", True),
        ("Jobcenter Forst Standort Nord", "Jobcenter Forst Standort Süd", True),
        ("Grundschule Mitte", "Grundschule", True),
        # the same institution written twice: still proposed
        ("Bildungswerk Bauzen", "Bildungswerk Bautzen", False),
        ("Kita Sonnenschein", "Kita Sonnenschein Cottbus", False),
        ("Grundschule Cottbus", "Grundschule Cotbus", False),
        ("Förderverein Grundschule e. V.", "Förderverein Grundschule", False),
        ("Bildungswerk Görlitz", "Bildungswerk Goerlitz", False),
        ("Oberschule Forst II", "Oberschule Guben", False),
    ],
)
def test_names_that_differ_only_in_a_place_or_number_are_told_apart(a, b, apart):
    from bildungsnetz.ingest.review import told_apart

    assert told_apart(a, b, PLACES) is apart
    assert told_apart(b, a, PLACES) is apart


def test_demo_review_proposes_exactly_the_planted_near_duplicates(demo_clean):
    """The demo plants names with umlauts spelt out; the review proposes them and nothing
    else (the IHK's offices in Görlitz and Bautzen are told apart by their towns)."""
    import json

    root, results = demo_clean
    truth = json.loads((root / "raw" / "ground_truth.json").read_text())["wellen"]
    for wave, result in results.items():
        planted = {
            frozenset((u["variante_id"], u["id"])) for u in truth[wave]["unscharfe_dubletten"]
        }
        proposed = {frozenset(p) for p in zip(result.review.id_a, result.review.id_b)}
        assert planted and proposed == planted, wave
        assert result.told_apart >= 1, wave


def test_clean_command_counts_the_pairs_told_apart(mini_data, capsys):
    from bildungsnetz.cli import main

    path = mini_data / "raw" / "w1" / "akteure.csv"
    offices = [
        f"Industrie- und Handelskammer Dresden Geschäftsstelle {town},Kammer,{plz},{town},,,ja,,,"
        for town, plz in (("Görlitz", "02826"), ("Bautzen", "02625"))
    ]
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(offices) + "\n", encoding="utf-8")
    assert main(["clean", "w1", "--data", str(mini_data)]) == 0
    out = capsys.readouterr().out
    assert (
        "1 weiteres ähnliches Namenspaar unterscheidet sich nur durch Ort, Nummer oder "
        "Himmelsrichtung" in out
    )
    assert "1 mögliche Dublette zur Prüfung" in out  # Bauzen/Bautzen stays proposed
