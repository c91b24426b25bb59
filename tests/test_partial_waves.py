"""Partial and small waves give a complete report.

Only actor names, network names and the membership pairs are required; every other column may
be missing or empty, and a wave may be tiny. Each report section, table or figure without data
says so in one German sentence (``gaps.NoData``) instead of drawing something empty, and no
"nan"/"inf" or traceback text reaches the reader.

* Fast tests: the view, measure and comparison functions on degenerate inputs, and the code
  cells of ``notebooks/bericht.ipynb`` executed in this process on tiny waves (one actor, huge
  names, districts without towns, ...).
* Slow tests (``@pytest.mark.slow``): one real ``bildungsnetz run`` (module-scoped fixture) on
  the waves ``pflicht`` (only the three required columns, nobody consenting by default),
  ``zwei`` (2 actors, 1 network), ``leer`` (a network without members, an actor in no network,
  everybody in one district, one category, explicitly nobody consenting), ``ohne`` (no
  memberships at all) and ``kaputt`` (fails); ``halb`` has a raw folder but is not run and has
  a half-written ``processed/halb`` – the comparison must leave it and ``kaputt`` out, say so,
  and still compare the others.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from bildungsnetz.analysis import compare as C
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import comparison as K
from bildungsnetz.report import figures, gaps, narrative, tables
from bildungsnetz.report.context import load_context
from conftest import MINI_EXTERNAL, write
from test_browser import OfflinePage, _wait_for_map, browser  # noqa: F401 - browser: fixture

REPO = Path(__file__).resolve().parents[1]
WAVE_FILES = (
    "bericht.html",
    "bericht.ipynb",
    "netzwerkkarte.html",
    "tabellen.xlsx",
    "netzwerk.graphml",
    "netzwerk.gexf",
)
#: Text a reader must never see: undefined numbers, Python's None, tracebacks.
BAD_TEXT = re.compile(r"\b(nan|NaN|inf|Infinity|None|Traceback)\b")

NO_LOCATION = "Ohne Angaben zu Orten kann die Lage der Akteure nicht gezeigt werden."
NO_LEVEL = (
    "Zur Ebene (Bund, Land, Region, Kreis, Kommune) wurden in dieser Welle keine Angaben erhoben."
)
NO_CATEGORY = (
    "Zur Akteursart wurden in dieser Welle keine Angaben erhoben; die Vielfalt der "
    "Akteure und Netzwerke lässt sich daher nicht beschreiben."
)
NO_TOPICS = "Zu Themen und Zielgruppen der Netzwerke wurden in dieser Welle keine Angaben erhoben."
NO_PLACES = (
    "Ohne Angaben zu Orten lassen sich die Akteure weder Landkreisen noch Ländern noch "
    "Stadt und Land zuordnen."
)
NO_EI = (
    "Der E-I-Index ist für kein Merkmal bestimmbar, weil Angaben fehlen oder alle Akteure "
    "mit Angabe derselben Gruppe angehören."
)
NO_MEMBERS = "In dieser Welle sind keine Mitgliedschaften erfasst"

# The waves of the command-line run. Names of institutions that did not consent must not
# appear in any report file.
WAVES = {
    "pflicht": {
        "akteure.csv": "akteur\nSchule Ahorn\nVerein Birke\nIndustrie- und Handelskammer Cottbus\n",
        "netzwerke.csv": "netzwerk\nNetz Eins\nNetz Zwei\n",
        "mitgliedschaften.csv": (
            "akteur,netzwerk\nIndustrie- und Handelskammer Cottbus,Netz Eins\n"
            "Schule Ahorn,Netz Eins\nSchule Ahorn,Netz Zwei\n"
            "Verein Birke,Netz Zwei\n"
        ),
    },
    "zwei": {
        "akteure.csv": (
            "akteur,kategorie,plz,ort,veroeffentlichen\n"
            "Oberschule Ost,Schule,03044,Cottbus,ja\n"
            "Bildungswerk West,Bildungsträger,02826,Görlitz,ja\n"
        ),
        "netzwerke.csv": "netzwerk,themen\nAG Ausbildung,Ausbildung\n",
        "mitgliedschaften.csv": (
            "akteur,netzwerk\nOberschule Ost,AG Ausbildung\nBildungswerk West,AG Ausbildung\n"
        ),
    },
    "leer": {
        "akteure.csv": (
            "akteur,kategorie,plz,ort,ebene,veroeffentlichen\n"
            "Grundschule Kiefer,Schule,03044,Cottbus,Kommune,nein\n"
            "Grundschule Linde,Schule,03046,Cottbus,Kommune,nein\n"
            "Grundschule Ulme,Schule,03044,Cottbus,Kommune,nein\n"
            "Grundschule Eibe,Schule,03046,Cottbus,Kommune,nein\n"
        ),
        "netzwerke.csv": (
            "netzwerk,landkreis,themen,zielgruppen\n"
            "Schulnetz Nord,Cottbus,Ausbildung,Schüler*innen\n"
            "Schulnetz Süd,Cottbus,Ausbildung;Digitalisierung,Schüler*innen\n"
            "Verwaistes Gremium,Cottbus,Digitalisierung,Auszubildende\n"
        ),
        "mitgliedschaften.csv": (
            "akteur,netzwerk\nGrundschule Kiefer,Schulnetz Nord\n"
            "Grundschule Linde,Schulnetz Nord\n"
            "Grundschule Ulme,Schulnetz Nord\n"
            "Grundschule Linde,Schulnetz Süd\n"
        ),
    },
    "ohne": {
        "akteure.csv": (
            "akteur,kategorie,plz,ort,veroeffentlichen\n"
            "Oberschule Nord,Schule,03044,Cottbus,ja\n"
            "Bildungswerk Süd,Bildungsträger,02826,Görlitz,ja\n"
        ),
        "netzwerke.csv": "netzwerk\nNetz A\nNetz B\n",
        "mitgliedschaften.csv": "akteur,netzwerk\n",
    },
}
HIDDEN = {
    "pflicht": ["Schule Ahorn", "Verein Birke", "Industrie- und Handelskammer Cottbus"],
    "leer": ["Grundschule Kiefer", "Grundschule Linde", "Grundschule Ulme", "Grundschule Eibe"],
}


def visible_text(path: Path) -> str:
    """What a reader sees of an HTML page (no scripts and styles)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text(" ")


def no_data_sentences(html_text: str) -> list[str]:
    soup = BeautifulSoup(html_text, "html.parser")
    return [p.get_text() for p in soup.select("p.keine-daten")]


# ============================================================================================
# fast: functions on degenerate inputs


def test_ei_index_of_a_single_group_is_undefined():
    import networkx as nx

    from bildungsnetz.analysis import measures as M

    G = nx.path_graph(3)
    for v in G:
        G.nodes[v]["grp"] = "X"
    assert math.isnan(M.ei_index(G, "grp"))
    assert M.ei_index_groups(G, "grp")["ei_index"].isna().all()
    G.nodes[2]["grp"] = "Y"  # two groups: defined again
    assert M.ei_index(G, "grp") == pytest.approx(0.0)


def test_table_and_figure_show_the_sentence_instead(capsys):
    from bildungsnetz.report.display import figure, no_data, table

    table(gaps.NoData("Zur Ebene wurden keine Angaben erhoben."), "Überschrift")
    figure(gaps.NoData("Ohne Orte keine Karte."), "Bildunterschrift", "Alternativtext")
    assert no_data(gaps.NoData("")) is False and no_data(None) is False
    out = capsys.readouterr().out
    assert no_data_sentences(out) == [
        "Zur Ebene wurden keine Angaben erhoben.",
        "Ohne Orte keine Karte.",
    ]
    assert "Überschrift" not in out and "Bildunterschrift" not in out  # no empty caption


def test_excel_export_accepts_missing_integer_values(tmp_path):
    from openpyxl import load_workbook

    from bildungsnetz.report.exports import write_tables_xlsx

    frame = pd.DataFrame({"netzwerk": ["A", "B"], "community": pd.array([1, None], dtype="Int64")})
    path = write_tables_xlsx({"Netzwerke": frame}, tmp_path / "t.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows == [("netzwerk", "community"), ("A", 1), ("B", None)]


def _tiny_wave(root: Path, wave: str, akteure: str, netzwerke: str, mitglieder: str) -> Path:
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    folder = root / "raw" / wave
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "akteure.csv").write_text(akteure, encoding="utf-8")
    (folder / "netzwerke.csv").write_text(netzwerke, encoding="utf-8")
    (folder / "mitgliedschaften.csv").write_text(mitglieder, encoding="utf-8")
    clean_wave(root, wave)
    return root


def test_views_on_a_wave_without_memberships(tmp_path):
    data = _tiny_wave(tmp_path, "w", "akteur\nA\nB\n", "netzwerk\nN1\nN2\n", "akteur,netzwerk\n")
    ctx = load_context(data, "w")
    for section in (
        "zentrale_akteure",
        "gatekeeper",
        "einfluss",
        "vernetzung",
        "doppelstrukturen",
        "potenziale",
        "gemeinschaften",
    ):
        gap = gaps.section_gap(ctx, section)
        assert isinstance(gap, gaps.NoData) and gap.startswith(NO_MEMBERS), (section, gap)
    assert gaps.section_gap(ctx, "geografie") == NO_LOCATION
    assert figures.fig_geography(ctx) == NO_LOCATION
    assert gaps.is_no_data(figures.fig_district_span(ctx))
    assert tables.mixing(ctx, "ebene") == NO_LEVEL
    assert tables.mixing(ctx, "landkreis") == NO_PLACES
    assert tables.mixing(ctx, "bundesland") == ""  # said once, for the districts
    assert tables.mixing(ctx, "raumtyp") == ""
    assert gaps.is_no_data(figures.fig_heatmap(pd.DataFrame(), "x", "y"))
    assert "nicht bestimmbar" in narrative.communities_sentence(ctx)
    assert narrative.intro_sentence(ctx) == (
        "Befragungswelle w: 2 Akteure in 2 Netzwerken und Gremien."
    )


def test_views_on_one_district_one_category(tmp_path):
    data = _tiny_wave(
        tmp_path,
        "w",
        "akteur,kategorie,plz,ort,ebene,veroeffentlichen\nS1,Schule,03044,Cottbus,Kommune,ja\n"
        "S2,Schule,03046,Cottbus,Kommune,ja\nS3,Schule,03044,Cottbus,Kommune,ja\n",
        "netzwerk,themen,zielgruppen\nN1,Ausbildung,Schüler\nN2,Ausbildung,Schüler\n",
        "akteur,netzwerk\nS1,N1\nS2,N1\nS2,N2\nS3,N2\n",
    )
    ctx = load_context(data, "w")
    gesamt = ctx.results["kennzahlen_gesamt"].set_index("kennzahl")["wert"]
    for attribute in ("landkreis", "bundesland", "ebene", "kategorie", "raumtyp"):
        assert math.isnan(float(gesamt[f"ei_{attribute}"])), attribute  # one group: undefined
    assert tables.ei_table(ctx) == NO_EI
    assert tables.mixing(ctx, "landkreis") == (
        "Alle Akteure mit bekanntem Landkreis sitzen in "
        "Cottbus; Verbindungen zwischen Landkreisen gibt "
        "es daher nicht."
    )
    assert "„Kommune“" in figures.fig_mixing(ctx, "ebene")
    assert gaps.section_gap(ctx, "vernetzung") is None  # the actors do share networks
    assert isinstance(tables.category_counts(ctx), pd.DataFrame)


def test_ei_table_explains_each_undefined_attribute(tmp_path):
    data = _tiny_wave(
        tmp_path,
        "w",
        "akteur,kategorie,plz,ort\nS1,Schule,03044,Cottbus\nS2,Schule,02826,Görlitz\n"
        "K1,Kammer,03044,Cottbus\n",
        "netzwerk\nN1\n",
        "akteur,netzwerk\nS1,N1\nS2,N1\nK1,N1\n",
    )
    ctx = load_context(data, "w")
    table = tables.ei_table(ctx).set_index("Merkmal")
    assert table.loc["Ebene", "Deutung"] == "nicht bestimmbar: keine Angaben"
    assert table.loc["Raumtyp", "Deutung"] == "nicht bestimmbar: nur eine Gruppe (städtisch)"
    assert math.isnan(table.loc["Ebene", "E-I-Index"])
    assert table.loc["Landkreis", "E-I-Index"] == pytest.approx(1 / 3)
    assert table.loc["Landkreis", "Deutung"].startswith("überwiegend zwischen den Gruppen; ")


def _notebook_cells(name: str) -> list[dict]:
    nb = json.loads((REPO / "notebooks" / name).read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def run_report_cells(data: Path, wave: str) -> str:
    """Execute the code cells of bericht.ipynb in this process; return everything shown (HTML
    fragments, as IPython's ``display`` prints them outside a kernel)."""
    cells = _notebook_cells("bericht.ipynb")
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec("".join(cells[0]["source"]), namespace)  # the parameters cell
        namespace.update(wave=wave, data_dir=str(data), reports_dir=str(data / "reports"))
        for cell in cells[1:]:
            exec("".join(cell["source"]), namespace)
    return out.getvalue()


TINY = {
    # one actor in one network: nobody shares a network
    "einer": (
        "akteur\nEinzige Schule\n",
        "netzwerk\nNetz\n",
        "akteur,netzwerk\nEinzige Schule,Netz\n",
        [
            "Keine zwei Akteure teilen ein Netzwerk; Gatekeeper und Brücken lassen sich daher "
            "nicht bestimmen.",
            "Mit nur einem Netzwerk kann es keine Doppelstrukturen geben.",
            NO_LOCATION,
        ],
    ),
    # a single actor in no network at all
    "allein": (
        "akteur\nEinzige Schule\n",
        "netzwerk\nNetz\n",
        "akteur,netzwerk\n",
        [NO_MEMBERS + "; zentrale Akteure lassen sich daher nicht bestimmen."],
    ),
    # districts given, but no town: no coordinates, no urban/rural type
    "kreise": (
        "akteur,landkreis,veroeffentlichen\nA,Cottbus,ja\nB,Görlitz,ja\nC,Görlitz,ja\n",
        "netzwerk,landkreis\nN1,Cottbus\nN2,Görlitz\n",
        "akteur,netzwerk\nA,N1\nB,N1\nB,N2\nC,N2\n",
        [
            "Ohne Angaben zu Postleitzahl oder Ort kann die Lage der Akteure nicht auf "
            "einer Karte gezeigt werden.",
            "Ohne Angaben zu Orten ist nicht bekannt, ob die Akteure in der Stadt oder auf "
            "dem Land sitzen.",
        ],
    ),
    # huge names
    "lang": (
        "akteur,veroeffentlichen\n"
        + "".join(f"{'Sehr ' * 80}lange Schule {i},ja\n" for i in range(3)),
        "netzwerk\n" + "".join(f"Netzwerk {'mit überlangem Namen ' * 30}{i}\n" for i in range(2)),
        "akteur,netzwerk\n"
        + "".join(
            f"{'Sehr ' * 80}lange Schule {a},Netzwerk {'mit überlangem Namen ' * 30}{n}\n"
            for a, n in ((0, 0), (1, 0), (1, 1), (2, 1))
        ),
        [NO_LOCATION, NO_CATEGORY],
    ),
}


@pytest.mark.parametrize("wave", list(TINY))
def test_report_cells_on_tiny_waves(tmp_path, wave):
    akteure, netzwerke, mitglieder, expected = TINY[wave]
    data = _tiny_wave(tmp_path, wave, akteure, netzwerke, mitglieder)
    shown = run_report_cells(data, wave)
    text = BeautifulSoup(
        re.sub(r"<script.*?</script>", "", shown, flags=re.S), "html.parser"
    ).get_text(" ")
    assert not BAD_TEXT.search(text), BAD_TEXT.search(text)
    assert "Keine Einträge" not in text  # no empty table is drawn
    sentences = no_data_sentences(shown)
    for sentence in expected:
        assert any(s.startswith(sentence) for s in sentences), (sentence, sentences)
    assert len(sentences) == len(set(sentences)), sentences


# --------------------------------------------------------------------- complete results


@pytest.fixture
def analysed(mini_data):
    from bildungsnetz.pipeline import analyse_step

    clean_wave(mini_data, "w1")
    analyse_step(mini_data, "w1", keep_for_report=True)
    return mini_data


def _damage(folder: Path, how: str) -> None:
    if how == "fehlt":
        (folder / "potenziale.csv").unlink()
    elif how == "leer":
        (folder / "kennzahlen_gesamt.csv").write_bytes(b"")
    elif how == "kein_utf8":
        (folder / "kennzahlen_akteure.csv").write_bytes(b"\xff\xfe\x00garbage\x81\x00")
    elif how == "spalte":
        frame = pd.read_csv(folder / "kennzahlen_netzwerke.csv", dtype=str)
        frame.drop(columns=["blau_diversitaet"]).to_csv(
            folder / "kennzahlen_netzwerke.csv", index=False
        )
    elif how == "veraltet":  # measures of an earlier run: one actor fewer
        frame = pd.read_csv(folder / "kennzahlen_akteure.csv", dtype=str)
        frame.iloc[:-1].to_csv(folder / "kennzahlen_akteure.csv", index=False)


@pytest.mark.parametrize(
    "how, reason",
    [
        ("fehlt", "die Datei potenziale.csv fehlt"),
        ("leer", "die Datei kennzahlen_gesamt.csv nicht lesbar ist"),
        ("kein_utf8", "die Datei kennzahlen_akteure.csv nicht lesbar ist"),
        ("spalte", "in der Datei kennzahlen_netzwerke.csv die Spalte „blau_diversitaet“ fehlt"),
        (
            "veraltet",
            "die Kennzahlen in kennzahlen_akteure.csv nicht zu den bereinigten Tabellen passen",
        ),
    ],
)
def test_incomplete_waves_are_recognised(analysed, how, reason):
    assert C.wave_is_complete(analysed, "w1")
    _damage(analysed / "processed" / "w1", how)
    assert not C.wave_is_complete(analysed, "w1")
    assert C.wave_problem(analysed, "w1").startswith(reason)
    series = C.WaveSeries(analysed, ["w1"])
    assert series.waves == [] and list(series.skipped) == ["w1"]
    assert K.skipped_sentence(series).startswith(
        f"Nicht im Vergleich enthalten ist die Welle w1, weil {reason}"
    )


def test_broken_earlier_wave_does_not_break_the_map_timeline(analysed):
    (analysed / "raw" / "w0").mkdir()
    broken = analysed / "processed" / "w0"
    broken.mkdir(parents=True)
    (broken / "akteure.csv").write_bytes(b"\xff\xfe\x00")
    (broken / "mitgliedschaften.csv").write_bytes(b"")
    history = C.history_for_wave(analysed, "w1")
    assert history and all(set(waves) == {"w1"} for waves in history.values())


def test_series_sentences_for_zero_one_and_two_waves(analysed):
    assert C.wave_problem(analysed, "nie") == "sie noch nicht ausgewertet ist"
    none = C.WaveSeries(analysed, ["w1", "nie"], failed=["w1"])
    assert none.waves == [] and not none.enough
    assert K.series_sentence(none).startswith("Es liegt noch keine vollständig ausgewertete")
    assert K.section_gap(none, minimum=1) == "Es liegt keine vollständig ausgewertete Welle vor."
    assert K.skipped_sentence(none) == (
        "Nicht im Vergleich enthalten sind die Welle nie, weil sie noch nicht ausgewertet ist, "
        "und die Welle w1, weil sie bei der letzten Ausführung fehlgeschlagen ist."
    )
    one = C.WaveSeries(analysed, ["w1"])
    assert one.waves == ["w1"] and K.skipped_sentence(one) is None
    assert K.series_sentence(one).startswith("Bisher liegt nur die Welle w1 vollständig")
    assert K.section_gap(one, minimum=1) is None and K.section_gap(one) is not None
    # an undefined figure (stored empty) is NaN in the table, not an error
    over = C.figures_over_waves(one)
    assert over.loc[0, "Akteure"] == 5 and over.loc[0, "E-I Ebenen"] == pytest.approx(
        float(
            pd.read_csv(analysed / "processed" / "w1" / "kennzahlen_gesamt.csv")
            .set_index("kennzahl")
            .loc["ei_ebene", "wert"]
        )
    )


# ============================================================================================
# slow: the real command line on partial waves, one run for all assertions


def _run_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "bildungsnetz.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def lauf(tmp_path_factory):
    root = tmp_path_factory.mktemp("teilwellen")
    data, reports = root / "data", root / "reports"
    for name, text in MINI_EXTERNAL.items():
        write(data / "external" / name, text)
    for wave, files in {**WAVES, "halb": WAVES["zwei"]}.items():
        for name, text in files.items():
            (data / "raw" / wave).mkdir(parents=True, exist_ok=True)
            (data / "raw" / wave / name).write_text(text, encoding="utf-8")
    for name, text in WAVES["pflicht"].items():
        (data / "raw" / "kaputt").mkdir(parents=True, exist_ok=True)
        (data / "raw" / "kaputt" / name).write_text(text, encoding="utf-8")
    with (data / "raw" / "kaputt" / "mitgliedschaften.csv").open("a", encoding="utf-8") as h:
        h.write("Unbekannte Akademie,Netz Eins\n")
    # a half-written processed folder of a wave that is not run now (cleaned, analysis cut off)
    halb = data / "processed" / "halb"
    halb.mkdir(parents=True)
    from bildungsnetz.ingest.clean import AKTEURE_COLUMNS

    (halb / "akteure.csv").write_text(",".join(AKTEURE_COLUMNS) + "\n", encoding="utf-8")
    (halb / "kennzahlen_akteure.csv").write_text("akteur_id,akt", encoding="utf-8")
    started = time.perf_counter()
    proc = _run_cli("run", *WAVES, "kaputt", "--data", data, "--reports", reports, cwd=root)
    return {
        "proc": proc,
        "data": data,
        "reports": reports,
        "seconds": time.perf_counter() - started,
    }


@pytest.mark.slow
def test_run_finishes_and_only_the_broken_wave_fails(lauf):
    proc = lauf["proc"]
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "1 von 5 Welle(n) fehlgeschlagen: kaputt" in proc.stderr, proc.stderr
    for wave in WAVES:
        assert f"[{wave}] fertig" in proc.stdout, (wave, proc.stdout, proc.stderr)
    assert "Fehler in der Übersicht" not in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("wave", list(WAVES))
def test_every_report_file_exists_and_reads(lauf, wave):
    import networkx as nx
    from openpyxl import load_workbook

    folder = lauf["reports"] / wave
    for name in WAVE_FILES:
        assert (folder / name).is_file() and (folder / name).stat().st_size > 0, (wave, name)
    assert load_workbook(folder / "tabellen.xlsx", read_only=True).sheetnames
    graph = nx.read_graphml(folder / "netzwerk.graphml")
    assert graph.number_of_nodes() == (
        len(WAVES[wave]["akteure.csv"].splitlines())
        - 1
        + len(WAVES[wave]["netzwerke.csv"].splitlines())
        - 1
    )
    nx.read_gexf(folder / "netzwerk.gexf")
    nb = json.loads((folder / "bericht.ipynb").read_text(encoding="utf-8"))
    errors = [
        o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert errors == []


EXPECTED = {
    "pflicht": [
        NO_LOCATION,
        NO_CATEGORY,
        NO_TOPICS,
        NO_EI,
        NO_PLACES,
        NO_LEVEL,
        "Kein Netzwerkpaar zeigt Anzeichen einer Doppelstruktur.",
        "In dieser Welle fallen keine Hidden Champions auf. Ohne Angaben zu Kooperationen "
        "lässt sich nur prüfen, ob ein PageRank deutlich über dem liegt, was Zahl und Größe "
        "der Netzwerke erwarten lassen.",
        "Ohne Angaben zum Sitz der Netzwerke lassen sich keine Brücken zwischen "
        "Brandenburg und Sachsen erkennen.",
        "Vorschläge für neue Kooperationen beruhen auf gemeinsamen Themen und "
        "Zielgruppen; zu den Themen und Zielgruppen der Netzwerke wurden in dieser "
        "Welle keine Angaben erhoben.",
    ],
    "zwei": [
        "Kein Akteur liegt auf einem kürzesten Weg zwischen anderen Akteuren oder "
        "Netzwerken; Gatekeeper gibt es in dieser Welle daher nicht.",
        "Kein Netzwerk hat mindestens drei Mitglieder; der Blau-Index wird daher nicht "
        "ausgewiesen.",
        "Zu den Zielgruppen der Netzwerke wurden in dieser Welle keine Angaben erhoben.",
        "Mit nur einem Netzwerk kann es keine Doppelstrukturen geben.",
        NO_LEVEL,
    ],
    "leer": [
        NO_EI,
        "Alle Akteure mit bekanntem Landkreis sitzen in Cottbus; Verbindungen zwischen "
        "Landkreisen gibt es daher nicht.",
        "Alle Akteure mit Angabe zur Ebene gehören zur Ebene „Kommune“; Verbindungen "
        "zwischen den Ebenen gibt es daher nicht.",
        "Alle Akteure mit bekanntem Sitz liegen in Brandenburg; Verbindungen zwischen den "
        "Ländern gibt es daher nicht.",
        "Alle Akteure mit bekanntem Ort sitzen im städtischen Raum; Verbindungen zwischen "
        "Stadt und Land gibt es daher nicht.",
    ],
    "ohne": [
        f"{NO_MEMBERS}; {rest}"
        for rest in (
            "zentrale Akteure lassen sich daher nicht bestimmen.",
            "Gatekeeper und Brücken lassen sich daher nicht bestimmen.",
            "der Einfluss über Partner (PageRank) lässt sich daher nicht bestimmen.",
            "Verbindungen zwischen Landkreisen, Ebenen und Akteursarten gibt es daher nicht.",
            "Doppelstrukturen lassen sich daher nicht erkennen.",
            "Kooperationspotenziale lassen sich daher nicht bestimmen.",
            "Gemeinschaften lassen sich daher nicht bestimmen.",
        )
    ]
    + [NO_TOPICS],
}


@pytest.mark.slow
@pytest.mark.parametrize("wave", list(WAVES))
def test_report_says_what_is_missing_in_german(lauf, wave):
    page = lauf["reports"] / wave / "bericht.html"
    html_text = page.read_text(encoding="utf-8")
    text = visible_text(page)
    bad = BAD_TEXT.search(text)
    assert bad is None, text[max(bad.start() - 200, 0) : bad.end() + 100]
    assert "Keine Einträge" not in text  # no empty table is drawn
    sentences = no_data_sentences(html_text)
    for sentence in EXPECTED[wave]:
        assert sentence in sentences, (sentence, sentences)
    # one sentence per gap: none repeated
    assert len(sentences) == len(set(sentences)), sentences
    # every heading of the report is still there (sections say why they are empty)
    headings = [
        h.get_text(" ", strip=True) for h in BeautifulSoup(html_text, "html.parser").find_all("h2")
    ]
    assert sum(h.split(" ")[0].isdigit() for h in headings) == 11, headings


@pytest.mark.slow
@pytest.mark.parametrize("wave", list(HIDDEN))
def test_nobody_consenting_means_only_pseudonyms(lauf, wave):
    folder = lauf["reports"] / wave
    texts = [
        (folder / n).read_text(encoding="utf-8")
        for n in ("bericht.html", "netzwerkkarte.html", "netzwerk.graphml", "netzwerk.gexf")
    ]
    with zipfile.ZipFile(folder / "tabellen.xlsx") as book:
        texts += [book.read(m).decode("utf-8", "replace") for m in book.namelist()]
    for name in HIDDEN[wave]:
        assert not any(name in t for t in texts), name
    assert "Akteur 1" in texts[0] or "Schule 1" in texts[0]


@pytest.mark.slow
def test_comparison_leaves_out_broken_waves_and_says_so(lauf):
    reports = lauf["reports"]
    assert (reports / "vergleich.html").is_file() and (reports / "index.html").is_file()
    text = visible_text(reports / "vergleich.html")
    assert not BAD_TEXT.search(text), BAD_TEXT.search(text)
    assert "Verglichen werden die Wellen leer, ohne, pflicht, zwei." in text
    assert (
        "Nicht im Vergleich enthalten sind die Welle halb, weil die Datei "
        "netzwerke.csv fehlt, und die Welle kaputt, weil sie bei der letzten Ausführung "
        "fehlgeschlagen ist."
    ) in " ".join(text.split())
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert 'href="vergleich.html"' in index


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("wave", list(WAVES))
def test_map_of_a_partial_wave_draws_in_both_layouts(browser, lauf, wave):  # noqa: F811
    offline = OfflinePage(browser, lauf["reports"] / wave / "netzwerkkarte.html")
    page = offline.page
    try:
        _wait_for_map(page)
        expected = (
            len(WAVES[wave]["akteure.csv"].splitlines())
            - 1
            + len(WAVES[wave]["netzwerke.csv"].splitlines())
            - 1
        )
        assert page.evaluate("() => netzwerkkarte.nodes.length") == expected
        page.select_option("#bn-layout", "geo")
        positions = page.evaluate("() => Object.values(netzwerkkarte.network.getPositions())")
        assert all(math.isfinite(p["x"]) and math.isfinite(p["y"]) for p in positions)
        text = page.inner_text("body")
        assert not BAD_TEXT.search(text), BAD_TEXT.search(text)
        offline.assert_clean()
    finally:
        offline.close()
