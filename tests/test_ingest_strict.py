"""Strict reading of real-world wave folders: each rule of the ingest step on a file that
breaks it (unclosed quotes, wrong delimiters, legacy encodings, stray files, German dates,
invisible characters, non-integer intensities, stray cells in workbooks).

Every case either ends in a German error naming file, row and column, or is handled and
logged so that every raw row stays accounted for.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pandas as pd
import pytest

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.clean import accounting, clean_wave
from bildungsnetz.ingest.files import survey_files
from bildungsnetz.ingest.limesurvey import parse_timestamp
from bildungsnetz.ingest.readers import decode_bytes, read_csv_table, read_xlsx_tables
from bildungsnetz.text import normalize_name, strip_invisible
from conftest import MINI_EXTERNAL, write

AKTEURE = "akteur,kategorie\nIHK Cottbus,Kammer\nSchule A,Schule\nVerein B,Verein\n"
NETZWERKE = "netzwerk\nNetz 1\nNetz 2\n"
MITGLIEDER = (
    "akteur,netzwerk\nIHK Cottbus,Netz 1\nSchule A,Netz 1\nSchule A,Netz 2\nVerein B,Netz 2\n"
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    for name, text in MINI_EXTERNAL.items():
        write(tmp_path / "external" / name, text)
    (tmp_path / "raw").mkdir()
    return tmp_path


def make_wave(data: Path, files: dict, wave: str = "w") -> Path:
    folder = data / "raw" / wave
    folder.mkdir(parents=True, exist_ok=True)
    base = {"akteure.csv": AKTEURE, "netzwerke.csv": NETZWERKE, "mitgliedschaften.csv": MITGLIEDER}
    for name, content in {**base, **files}.items():
        if content is None:
            continue
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def error_of(data: Path, wave: str = "w") -> BildungsnetzError:
    with pytest.raises(BildungsnetzError) as info:
        clean_wave(data, wave)
    return info.value


def log_of(result, datei_suffix: str) -> pd.DataFrame:
    return result.log[result.log["datei"].str.endswith(datei_suffix)]


def assert_accounted(result, folder: Path) -> None:
    """Raw rows = kept + merged + rejected per CSV file, counted from the file itself."""
    table = accounting(result).set_index("datei")
    for path in folder.glob("*.csv"):
        label = f"raw/{folder.name}/{path.name}"
        if label not in table.index:
            continue
        text, _, _ = decode_bytes(path.read_bytes(), label)
        records = list(
            csv.reader(
                io.StringIO(text.replace("\r\n", "\n"), newline=""),
                delimiter=read_csv_table(path).delimiter,
            )
        )
        if records and records[0] and records[0][0].lower().startswith("sep="):
            records = records[1:]
        assert table.loc[label, "gesamt"] == len(records) - 1, label


# --------------------------------------------------------------------------------------------
# CSV structure


def test_unclosed_quote_at_end_is_an_error_naming_the_line(data):
    make_wave(
        data,
        {
            "akteure.csv": 'akteur,kategorie\n"IHK Cottbus,Kammer\nSchule A,Schule\n'
            "Verein B,Verein\n"
        },
    )
    error = error_of(data)
    assert error.datei == "raw/w/akteure.csv" and error.zeile == 2
    assert "Anführungszeichen" in error.message and "nicht geschlossen" in error.message


def test_unclosed_quote_in_the_last_line_names_no_zero_lines(data):
    make_wave(data, {"akteure.csv": 'akteur,kategorie\nSchule A,Schule\n"IHK Cottbus,Kammer\n'})
    error = error_of(data)
    assert error.zeile == 3 and "der Rest dieser Zeile würde" in error.message
    assert "0 Zeilen" not in error.message


def test_quote_closed_rows_later_is_an_error_not_a_swallowed_row(data):
    # The quote opened in line 2 is closed by the quotes of line 4: three rows would become
    # one name; csv reads that silently.
    make_wave(
        data,
        {
            "akteure.csv": 'akteur,kategorie\n"IHK Cottbus,Kammer\nSchule A,Schule\n'
            'Verein "B",Verein\n'
        },
    )
    error = error_of(data)
    assert (error.zeile, error.spalte) == (2, "akteur")
    assert "mehrere Zeilen" in error.message


def test_row_with_another_delimiter_is_rejected_and_logged(data):
    folder = make_wave(
        data, {"akteure.csv": AKTEURE + "Schule C;Schule\n", "mitgliedschaften.csv": MITGLIEDER}
    )
    result = clean_wave(data, "w")
    row = log_of(result, "akteure.csv").query("zeile == 5").iloc[0]
    assert row["ergebnis"] == "verworfen"
    assert "anderes Trennzeichen (Semikolon)" in row["grund"]
    assert "Schule C;Schule" not in set(result.akteure["akteur"])
    assert_accounted(result, folder)


def test_rejected_row_is_named_when_a_membership_needs_it(data):
    make_wave(
        data,
        {
            "akteure.csv": "akteur,kategorie\nIHK Cottbus,Kammer,zuviel\n"
            "Schule A,Schule\nVerein B,Verein\n"
        },
    )
    error = error_of(data)
    assert error.datei == "raw/w/mitgliedschaften.csv" and error.spalte == "akteur"
    assert "Zeile 2 von raw/w/akteure.csv" in error.message and "verworfen" in error.message


def test_row_with_more_fields_than_header_is_rejected(data):
    folder = make_wave(data, {"akteure.csv": AKTEURE + "Schule C,Schule,Notiz\n"})
    result = clean_wave(data, "w")
    row = log_of(result, "akteure.csv").query("zeile == 5").iloc[0]
    assert row["ergebnis"] == "verworfen" and "3 Felder" in row["grund"]
    assert_accounted(result, folder)


def test_short_row_without_other_delimiter_is_kept_with_a_note(data):
    make_wave(data, {"akteure.csv": AKTEURE + "Schule C\n"})
    result = clean_wave(data, "w")
    row = log_of(result, "akteure.csv").query("zeile == 5").iloc[0]
    assert row["ergebnis"] == "behalten" and "nur 1 von 2 Feldern" in row["hinweis"]


def test_trailing_delimiters_as_excel_writes_them_are_fine(data):
    make_wave(
        data,
        {
            "akteure.csv": "akteur,kategorie,\nIHK Cottbus,Kammer,\nSchule A,Schule\n"
            "Verein B,Verein,\n"
        },
    )
    result = clean_wave(data, "w")
    rows = log_of(result, "akteure.csv").query("tabelle == 'akteure'")
    assert list(rows["ergebnis"]) == ["behalten"] * 3


def test_a_shifted_row_is_rejected_even_when_its_last_field_is_empty(data):
    # "Nachname, Vorname" without quotes shifts every field right; the empty e-mail field
    # at the end must not hide that (the first name would become the institution's name).
    make_wave(
        data,
        {
            "akteure.csv": "ansprechperson,akteur,email\n"
            "Geheim, Anna,IHK Cottbus,\n"
            "Bert Still,Schule A,b@example.org\n"
            "Carla Ruhig,Verein B,\n",
            "mitgliedschaften.csv": "akteur,netzwerk\nSchule A,Netz 1\n",
        },
    )
    result = clean_wave(data, "w")
    row = log_of(result, "akteure.csv").query("zeile == 2").iloc[0]
    assert row["ergebnis"] == "verworfen" and row["eintrag"] == ""
    assert "Anna" not in set(result.akteure["akteur"])
    assert "Anna" not in result.log.to_csv() and "Geheim" not in result.log.to_csv()


@pytest.mark.parametrize(
    "form,separator",
    [
        ("csv", "\n"),
        ("csv", "\u2028"),
        ("csv", "\x0b"),
        ("csv", "\x85"),
        ("xlsx", "\n"),
        ("xlsx", "\u2028"),
        ("xlsx", "\x85"),
    ],
)  # XML cannot hold \x0b
def test_line_breaks_separate_list_items_in_csv_and_workbook(data, form, separator):
    rows = [["netzwerk", "themen"], ["Netz 1", f"BO{separator}Ausbildung"], ["Netz 2", ""]]
    if form == "csv":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
        make_wave(data, {"netzwerke.csv": buffer.getvalue()})
    else:
        from openpyxl import Workbook

        book = Workbook()
        book.active.title = "netzwerke"
        for row in rows:
            book.active.append(row)
        for name, text in (("akteure", AKTEURE), ("mitgliedschaften", MITGLIEDER)):
            sheet = book.create_sheet(name)
            for line in text.strip().split("\n"):
                sheet.append(line.split(","))
        folder = data / "raw" / "w"
        folder.mkdir(parents=True)
        book.save(folder / "welle.xlsx")
    result = clean_wave(data, "w")
    topics = dict(zip(result.netzwerke["netzwerk"], result.netzwerke["themen"]))
    assert topics["Netz 1"] == "Ausbildung;Berufsorientierung"


def test_line_break_in_a_name_column_is_an_error_in_csv_and_a_space_in_a_workbook(data):
    make_wave(data, {"netzwerke.csv": 'netzwerk,themen\n"Netz\n1",BO\nNetz 2,\n'})
    assert error_of(data).spalte == "netzwerk"


def test_swallowed_rows_inside_a_list_cell_are_still_an_error(data):
    make_wave(
        data, {"netzwerke.csv": 'netzwerk,themen\nNetz 1,"BO\nNetz 2,Ausbildung\nNetz 3,BO"\n'}
    )
    error = error_of(data)
    assert error.zeile == 2 and "mehrere Zeilen" in error.message


def test_sep_line_sets_the_delimiter_and_is_logged(data):
    folder = make_wave(
        data,
        {
            "akteure.csv": "sep=;\nakteur;kategorie\nIHK Cottbus;Kammer\n"
            "Schule A;Schule\nVerein B;Verein\n"
        },
    )
    result = clean_wave(data, "w")
    assert len(result.akteure) == 3
    line = log_of(result, "akteure.csv").query("tabelle == 'datei'").iloc[0]
    assert "sep=" in line["hinweis"] and "Semikolon" in line["hinweis"]
    # rows are numbered as Excel shows them: the sep line is not a row
    assert sorted(log_of(result, "akteure.csv").query("tabelle == 'akteure'")["zeile"]) == [2, 3, 4]
    assert_accounted(result, folder)


def test_value_under_a_column_without_heading_is_an_error(data):
    make_wave(data, {"akteure.csv": "akteur,,kategorie\nIHK Cottbus,Notiz,Kammer\n"})
    error = error_of(data)
    assert (error.zeile, error.spalte) == (2, "Feld 2") and "keine Überschrift" in error.message


def test_overlong_field_gets_a_german_message(data):
    make_wave(data, {"akteure.csv": 'akteur,kategorie\nIHK Cottbus,"' + "x" * 200_000 + '"\n'})
    error = error_of(data)
    assert "131.072 Zeichen" in error.message and "field" not in error.message


def test_multiline_cells_are_fine_in_a_survey_export(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        'id,submitdate,N2\n1,2025-01-01 10:00:00,"Netz A\nNetz B"\n2,,\n', encoding="utf-8"
    )
    table = read_csv_table(path, "export.csv", multiline=True)
    assert [z for z, _ in table.rows] == [2, 3]
    assert table.rows[0][1]["n2"] == "Netz A\nNetz B"


def test_binary_or_misnamed_files_are_refused_in_german(data):
    make_wave(data, {"akteure.csv": b"PK\x03\x04rest-of-a-zip"})
    error = error_of(data)
    assert "keine CSV-Datei" in error.message and "Excel-Mappe" in error.message


# --------------------------------------------------------------------------------------------
# encodings

GERMAN = (
    "akteur,kategorie\nGöda Förderverein,Verein\nStraße der Jugend e.V.,Verein\n"
    "Ärztekammer,Kammer\n"
)


@pytest.mark.parametrize(
    "encoding,label",
    [
        ("cp1252", "Windows-1252"),
        ("mac_roman", "Mac Roman"),
        ("cp850", "CP850"),
        ("utf-8-sig", "UTF-8 mit BOM"),
        ("utf-16", "UTF-16"),
    ],
)
def test_encodings_are_told_apart_and_logged(data, encoding, label):
    make_wave(
        data, {"akteure.csv": GERMAN.encode(encoding), "mitgliedschaften.csv": "akteur,netzwerk\n"}
    )
    result = clean_wave(data, "w")
    assert set(result.akteure["akteur"]) == {
        "Göda Förderverein",
        "Straße der Jugend e.V.",
        "Ärztekammer",
    }
    line = log_of(result, "akteure.csv").query("tabelle == 'datei'").iloc[0]
    assert f"Kodierung {label}" in line["hinweis"]


def test_short_mac_roman_file_is_not_read_as_cp850():
    # "ö" in Mac Roman is "Ü" in CP850: "GÜda" would be a different institution (and id).
    text, encoding, _ = decode_bytes("akteur\nGöda\n".encode("mac_roman"), "x.csv")
    assert (text, encoding) == ("akteur\nGöda\n", "mac_roman")


def test_every_gazetteer_place_survives_every_legacy_encoding():
    places = pd.read_csv(
        Path(__file__).resolve().parents[1]
        / "lib"
        / "bildungsnetz"
        / "ingest"
        / "referenz"
        / "gemeinden.csv",
        dtype=str,
    )["ort"]
    for place in sorted({p for p in places if not p.isascii()}):
        for encoding in ("cp1252", "mac_roman", "cp850"):
            source = f"akteur,ort\nSchule,{place}\n"
            text, _, _ = decode_bytes(source.encode(encoding), "x.csv")
            assert text == source, (place, encoding)


def test_file_mixing_utf8_and_cp1252_is_an_error_naming_the_line(data):
    make_wave(
        data, {"akteure.csv": "akteur\nSchüler AG\n".encode() + "Bäckerei\n".encode("cp1252")}
    )
    error = error_of(data)
    assert error.zeile == 3 and "mischt UTF-8" in error.message


# --------------------------------------------------------------------------------------------
# files of a wave folder


@pytest.mark.parametrize(
    "extra,reason",
    [
        ({"~$akteure.xlsx": b"\x00lock"}, "Sperrdatei von Microsoft Office"),
        ({".~lock.akteure.csv#": "lock"}, "Sperrdatei von LibreOffice"),
        ({"._akteure.csv": b"\x00\x05\x16\x07"}, "Metadaten-Datei von macOS"),
        ({".DS_Store": b"\x00"}, "Ordnerdatei von macOS"),
        ({"Fragebogen.pdf": b"%PDF-1.4"}, "keine Tabelle"),
    ],
)
def test_system_and_document_files_are_ignored_with_a_log_line(data, extra, reason):
    make_wave(data, extra)
    result = clean_wave(data, "w")
    name = next(iter(extra))
    line = result.log[(result.log["tabelle"] == "datei") & (result.log["eintrag"] == name)]
    assert list(line["ergebnis"]) == ["ignoriert"] and reason in line["grund"].iloc[0]


def test_subfolder_is_ignored_with_a_log_line(data):
    folder = make_wave(data, {})
    (folder / "archiv").mkdir()
    (folder / "archiv" / "akteure.csv").write_text(AKTEURE, encoding="utf-8")
    result = clean_wave(data, "w")
    line = result.log[result.log["eintrag"] == "archiv"].iloc[0]
    assert line["ergebnis"] == "ignoriert" and "Unterordner" in line["grund"]


@pytest.mark.parametrize(
    "extra,words",
    [
        ({"akteure_nachtrag.csv": AKTEURE}, ["akteure_nachtrag.csv", "keiner Tabelle"]),
        ({"Akteure.CSV": AKTEURE}, ["Akteure.CSV", "akteure.csv", "dieselbe Tabelle"]),
        ({"akteure.tsv": AKTEURE.replace(",", "\t")}, ["akteure.tsv", "dieselbe Tabelle"]),
        ({"welle.xlsx": b"PK\x03\x04"}, ["zweimal", "welle.xlsx"]),
        ({"alt.xls": b"\xd0\xcf\x11\xe0"}, ["alten Excel-Format", ".xlsx"]),
    ],
)
def test_ambiguous_or_unreadable_table_files_are_errors(data, extra, words):
    make_wave(data, extra)
    error = error_of(data)
    for word in words:
        assert word in str(error)


def test_upper_case_table_name_alone_is_read(data):
    make_wave(data, {"akteure.csv": None, "AKTEURE.csv": AKTEURE})
    assert len(clean_wave(data, "w").akteure) == 3


def test_empty_folder_lists_what_it_found(data):
    folder = data / "raw" / "w"
    folder.mkdir()
    (folder / "notiz.txt").write_text("x", encoding="utf-8")
    error = error_of(data)
    assert "keine Eingabedateien" in error.message and "notiz.txt" in error.message


def test_every_file_is_read_or_reported(data):
    folder = make_wave(
        data, {"kooperationen.csv": "von,an,intensitaet\n", "~$x.xlsx": b"x", "liesmich.txt": "x"}
    )
    (folder / "alt").mkdir()
    result = clean_wave(data, "w")
    files = result.log[result.log["tabelle"] == "datei"]
    assert set(files["eintrag"]) == {p.name for p in folder.iterdir()}
    assert set(files["ergebnis"]) == {"gelesen", "ignoriert"}
    assert len(survey_files(folder).ignored) == 3


# --------------------------------------------------------------------------------------------
# values


def test_names_of_only_invisible_characters_are_rejected_with_reason(data):
    folder = make_wave(
        data, {"akteure.csv": AKTEURE + "\u200b\u2060\ufeff,Schule\nSchule\u00ad C\u200e,Schule\n"}
    )
    result = clean_wave(data, "w")
    log = log_of(result, "akteure.csv").set_index("zeile")
    assert log.loc[5, "ergebnis"] == "verworfen"
    assert "nur aus unsichtbaren" in log.loc[5, "grund"]
    assert log.loc[6, "ergebnis"] == "behalten" and "2 unsichtbare" in log.loc[6, "hinweis"]
    assert "Schule C" in set(result.akteure["akteur"])
    assert_accounted(result, folder)


def test_strip_invisible_keeps_letters_and_removes_controls():
    assert strip_invisible("A\u200bB\x07C\u202eD") == ("ABCD", 3)
    assert strip_invisible("Zeile 1\nZeile 2", keep_newlines=True) == ("Zeile 1\nZeile 2", 0)
    assert normalize_name("\ufeffIHK\u00a0 Cottbus\u200b") == "IHK Cottbus"


@pytest.mark.parametrize(
    "value,reason",
    [
        ("2,7", "keine ganze Zahl"),
        ("2.5", "keine ganze Zahl"),
        ("inf", "keine endliche Zahl"),
        ("nan", "keine endliche Zahl"),
        ("-inf", "keine endliche Zahl"),
        ("0", "außerhalb"),
        ("4", "außerhalb"),
        ("hoch", "keine Zahl"),
        ("1e308", "außerhalb"),
    ],
)
def test_bad_intensities_are_rejected_never_rounded(data, value, reason):
    make_wave(
        data,
        {
            "kooperationen.csv": f'von,an,intensitaet\nIHK Cottbus,Schule A,"{value}"\n'
            'Schule A,Verein B,"2,0"\n'
        },
    )
    result = clean_wave(data, "w")
    log = log_of(result, "kooperationen.csv").set_index("zeile")
    assert log.loc[2, "ergebnis"] == "verworfen" and reason in log.loc[2, "grund"]
    assert log.loc[3, "ergebnis"] == "behalten"
    assert list(result.kooperationen["intensitaet"]) == [2]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2025-03-19 10:22:33", "2025-03-19T10:22:33"),
        ("19.03.2025 10:22", "2025-03-19T10:22:00"),
        ("19.03.2025", "2025-03-19T00:00:00"),
        ("19.03.25 10:22:33", "2025-03-19T10:22:33"),
        ("2025-03-19T10:22:33.123", "2025-03-19T10:22:33"),
    ],
)
def test_submit_dates_in_iso_and_german_form(text, expected):
    assert parse_timestamp(text).isoformat() == expected


def test_newest_response_wins_across_date_forms(data):
    folder = data / "raw" / "w"
    write(
        folder / "zuordnung.csv",
        """
        code,feld,wert
        A1,akteur,
        A2,kategorie,
        N1[SQ001],mitglied,Netz 1
        """,
    )
    write(
        folder / "results-survey1.csv",
        """
        id;submitdate;lastpage;A1;A2;N1[SQ001]
        1;2025-03-25 12:00:00;3;Schule A;Träger;Y
        2;02.04.2025 09:00;3;Schule A;Schule;
        3;19.03.2025 10:00;3;Schule A;Kammer;
        4;gestern;3;Verein B;Träger;Y
        """,
    )
    result = clean_wave(data, "w")
    log = log_of(result, "results-survey1.csv").set_index("zeile")
    assert log.loc[3, "ergebnis"] == "behalten"  # 2 April 2025 is the newest
    assert set(log.loc[[2, 4], "ergebnis"]) == {"zusammengeführt"}
    assert dict(zip(result.akteure["akteur"], result.akteure["kategorie"]))["Schule A"] == "Schule"
    assert "Abschickdatum „gestern“ nicht lesbar" in log.loc[5, "hinweis"]


# --------------------------------------------------------------------------------------------
# workbooks


def _workbook(path: Path, *, stray=None, far_sheet=False, header_row=1) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Akteure"
    for _ in range(header_row - 1):
        sheet.append([])
    sheet.append(["akteur", "kategorie"])
    sheet.append(["IHK Cottbus", "Kammer"])
    sheet.append(["Schule A", "Schule"])
    if stray:
        sheet[stray] = "Notiz"
    sheet = book.create_sheet("netzwerke")
    sheet.append(["netzwerk"])
    sheet.append(["Netz 1"])
    sheet = book.create_sheet("mitgliedschaften")
    sheet.append(["akteur", "netzwerk"])
    sheet.append(["IHK Cottbus", "Netz 1"])
    if far_sheet:
        book.create_sheet("Notizen")["XFD1048576"] = "weit weg"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_stray_cell_in_unused_sheet_costs_nothing_and_is_logged(data):
    _workbook(data / "raw" / "w" / "welle.xlsx", far_sheet=True)
    started = time.perf_counter()
    result = clean_wave(data, "w")
    assert time.perf_counter() - started < 20  # minutes before; the point is "no hang"
    book = result.log[
        (result.log["tabelle"] == "datei") & (result.log["eintrag"] == "welle.xlsx")
    ].iloc[0]
    assert "Blatt „Notizen“ nicht gelesen" in book["hinweis"]
    assert len(result.akteure) == 2


@pytest.mark.parametrize("cell", ["D3", "XFD1048576"])
def test_value_in_a_workbook_column_without_heading_is_an_error(data, cell):
    _workbook(data / "raw" / "w" / "welle.xlsx", stray=cell)
    error = error_of(data)
    assert f"Zelle {cell}" in error.message and error.spalte == cell.rstrip("0123456789")


def test_header_below_blank_rows_keeps_excel_row_numbers(tmp_path):
    path = _workbook(tmp_path / "welle.xlsx", header_row=3)
    tables, _ = read_xlsx_tables(path, "welle.xlsx", sheets=("akteure",))
    assert [z for z, _ in tables["akteure"].rows] == [4, 5]


def test_not_a_workbook_gets_a_german_message(data):
    make_wave(
        data,
        {
            "akteure.csv": None,
            "netzwerke.csv": None,
            "mitgliedschaften.csv": None,
            "welle.xlsx": b"kein zip",
        },
    )
    error = error_of(data)
    assert "Excel-Mappe kann nicht geöffnet werden" in error.message
    assert "zip" not in error.message.lower()


def test_rejected_rows_show_only_their_name_never_contact_data(data):
    head = "akteur,kategorie,ansprechperson,email,telefon\n"
    make_wave(
        data,
        {
            "akteure.csv": head
            + "IHK Cottbus,Kammer,Anna Geheim,anna@example.org,0355 123456\n"
            + "Schule A,Schule,Bernd Verborgen,b@example.org,0355 654321,Notiz\n"
            + "Verein B;Verein;Carla Still;c@example.org;0355 111111\n",
            "mitgliedschaften.csv": "akteur,netzwerk\nIHK Cottbus,Netz 1\n",
        },
    )
    result = clean_wave(data, "w")
    log = log_of(result, "akteure.csv").set_index("zeile")
    assert list(log.loc[[3, 4], "ergebnis"]) == ["verworfen", "verworfen"]
    # row 3 has a field too many: which field is the name is unknown, so none is shown;
    # row 4 lines up with the header once split at its own delimiter
    assert list(log.loc[[3, 4], "eintrag"]) == ["", "Verein B"]
    text = result.log.to_csv()
    for secret in ("Geheim", "Verborgen", "Still", "example.org", "0355"):
        assert secret not in text


def test_clean_alone_removes_results_derived_from_older_tables(data):
    from bildungsnetz.pipeline import analyse_step

    make_wave(data, {})
    clean_wave(data, "w")
    analyse_step(data, "w")
    folder = data / "processed" / "w"
    assert (folder / "kennzahlen_akteure.csv").exists()
    clean_wave(data, "w")
    names = {p.name for p in folder.iterdir()}
    assert "kennzahlen_akteure.csv" not in names and "potenziale.csv" not in names
    assert {"akteure.csv", "netzwerke.csv", "mitgliedschaften.csv", "bereinigung.csv"} <= names
