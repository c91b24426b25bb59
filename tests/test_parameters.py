"""Report parameters from the command line (``bildungsnetz run -p NAME VALUE``), the links of the
report notebook in JupyterLab, and ``publish()`` (issue 15).

* Fast: the parameter checks and their German messages, the command line (exit 1, no
  traceback, nothing written), the defaults against the notebook's parameters cell, the
  fingerprint, the link base and the file list, the interactive map cell.
* Slow: ``run`` with ``-p`` on a tiny wave (parameters table in the report, skip and rebuild),
  ``rural_weight`` reaching the published suggestions, ``publish()`` (files, stamp, rollback,
  no recursion).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bildungsnetz import pipeline
from bildungsnetz.cli import main
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.report import build
from bildungsnetz.report.parameters import (
    PARAMETERS,
    PIPELINE_PARAMETERS,
    check_parameters,
    parameters_table,
    parse_parameters,
)
from conftest import MINI_EXTERNAL, MINI_TIDY, write

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "bericht.ipynb"


# ============================================================================================
# the checks


def test_defaults_and_types_agree_with_the_notebook():
    """Every parameter a user may set, and every one the pipeline owns, is declared in the
    notebook's parameters cell with the same type and default (papermill reads that cell)."""
    import papermill

    declared = papermill.inspect_notebook(str(NOTEBOOK))
    for name, parameter in PARAMETERS.items():
        assert name in declared, name
        assert declared[name]["inferred_type_name"] == parameter.kind.__name__, name
        assert eval(declared[name]["default"]) == parameter.default, name  # noqa: S307
        assert declared[name]["help"], f"{name} has no help comment"
    for name in PIPELINE_PARAMETERS:
        assert name in declared, name
    assert declared["publish_on_run"]["default"] == "False"  # Run All never publishes


def test_command_line_values_are_parsed_by_type():
    assert parse_parameters([("rural_weight", "2,0")]) == {"rural_weight": 2.0}
    assert parse_parameters([("rural_weight", "2.5"), ("top_n", " 7 ")]) == {
        "rural_weight": 2.5,
        "top_n": 7,
    }
    assert parse_parameters([("size_by", "degree"), ("size_by", "closeness")]) == {
        "size_by": "closeness"  # the last wins, as in papermill
    }
    full = check_parameters({"color_by": "landkreis"})
    assert full["color_by"] == "landkreis" and full["rural_weight"] == 1.5
    assert set(full) == set(PARAMETERS)


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("gewicht", "2", ["Unbekannter Berichtsparameter „gewicht“", "rural_weight", "size_by"]),
        ("wave", "2025", ["„wave“", "von bildungsnetz selbst gesetzt", "WELLE"]),
        ("reports_dir", "/tmp", ["„reports_dir“", "--reports"]),
        ("data_dir", "x", ["„data_dir“", "--data"]),
        ("size_by", "groesse", ["„size_by“", "pagerank", "betweenness", "„groesse“"]),
        ("color_by", "thema", ["„color_by“", "kategorie, landkreis"]),
        ("rural_weight", "0", ["„rural_weight“", "größer als 0"]),
        ("rural_weight", "-1,5", ["„rural_weight“", "größer als 0", "„-1,5“"]),
        ("rural_weight", "viel", ["„rural_weight“", "eine Zahl", "„viel“"]),
        ("rural_weight", "nan", ["„rural_weight“"]),
        ("top_n", "0", ["„top_n“", "ganze Zahl ab 1"]),
        ("top_n", "2.5", ["„top_n“", "ganze Zahl"]),
        ("seed", "-3", ["„seed“", "ab 0"]),
        ("language", "en", ["„language“", "de"]),
    ],
)
def test_wrong_name_or_value_is_one_german_sentence(name, value, words):
    with pytest.raises(BildungsnetzError) as caught:
        parse_parameters([(name, value)])
    message = str(caught.value)
    for word in words:
        assert word in message, (word, message)


def test_python_values_are_checked_too():
    """publish() and build_wave_report take Python values: the same checks apply."""
    assert check_parameters({"top_n": 5.0})["top_n"] == 5
    for bad in ({"top_n": True}, {"rural_weight": "x"}, {"size_by": 3}, {"seed": 1.5}):
        with pytest.raises(BildungsnetzError):
            check_parameters(bad)


def test_parameters_table_is_german():
    table = parameters_table({"rural_weight": 2.0, "size_by": "degree"})
    assert list(table.columns) == ["Parameter", "Wert", "Standard", "Bedeutung", "Erlaubt"]
    rows = table.set_index("Parameter")
    assert list(rows.index) == list(PARAMETERS)
    assert rows.loc["rural_weight", "Wert"] == "2,0"
    assert rows.loc["rural_weight", "Standard"] == "nein (1,5)"
    assert rows.loc["size_by", "Wert"] == "degree"
    assert rows.loc["top_n", "Standard"] == "ja"
    assert rows.loc["top_n", "Erlaubt"] == "eine ganze Zahl ab 1 bis 1.000"


# ============================================================================================
# the command line


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    for name, text in MINI_EXTERNAL.items():
        write(tmp_path / "external" / name, text)
    for name, text in MINI_TIDY.items():
        write(tmp_path / "raw" / "w1" / name, text)
    return tmp_path


@pytest.mark.parametrize(
    "pairs, words",
    [
        (["-p", "rural_weight", "0"], ["rural_weight", "größer als 0"]),
        (["-p", "wave", "w2"], ["„wave“", "selbst gesetzt"]),
        (["-p", "size_by", "degree", "-p", "farbe", "rot"], ["„farbe“", "color_by"]),
    ],
)
def test_run_refuses_wrong_parameters_before_any_work(mini, capsys, pairs, words):
    reports = mini / "reports"
    code = main(["run", "w1", "--data", str(mini), "--reports", str(reports), *pairs])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("Fehler: ") and "Traceback" not in err + out
    for word in words:
        assert word in err
    assert not reports.exists() and not (mini / "processed").exists()


def test_run_p_needs_name_and_value(mini, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["run", "w1", "--data", str(mini), "-p", "rural_weight"])
    assert caught.value.code == 2
    assert "braucht einen Namen und einen Wert" in capsys.readouterr().err


def test_fingerprint_depends_on_the_parameters(mini):
    default = pipeline.fingerprint(mini, "w1")
    assert pipeline.fingerprint(mini, "w1", {"rural_weight": 1.5}) == default  # named default
    assert pipeline.fingerprint(mini, "w1", {"rural_weight": 2.0}) != default
    assert pipeline.fingerprint(mini, "w1", {"size_by": "degree"}) != default
    assert pipeline.FINGERPRINT_FILE == build.STAMP_FILE


# ============================================================================================
# links in JupyterLab


def test_link_base_is_relative_to_the_notebook_folder(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")  # the kernel of notebooks/bericht.ipynb
    assert build.wave_link_base("../reports", "2026", False) == ""
    assert build.wave_link_base("../reports", "2026", True) == "../reports/2026/"
    assert build.wave_link_base(tmp_path / "out", "w", True) == "../out/w/"


def test_files_fragment_links_every_file(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    monkeypatch.chdir(tmp_path / "notebooks")
    write(tmp_path / "reports" / "2026" / "tabellen.xlsx", "x")
    report = BeautifulSoup(str(build.files_fragment("2026", "../reports")), "html.parser")
    assert [a["href"] for a in report.find_all("a")] == list(build.REPORT_FILES)
    assert "noch nicht geschrieben" not in report.get_text()
    lab = BeautifulSoup(
        str(build.files_fragment("2026", "../reports", interactive=True)), "html.parser"
    )
    links = {a.get_text(): a for a in lab.find_all("a")}
    assert links["tabellen.xlsx"]["href"] == "../reports/2026/tabellen.xlsx"
    assert links["tabellen.xlsx"].has_attr("download")  # JupyterLab: save, not open
    assert not links["netzwerkkarte.html"].has_attr("download")
    for item in lab.find_all("li"):
        written = (tmp_path / "reports" / "2026" / item.a.get_text()).is_file()
        assert ("noch nicht geschrieben" in item.get_text()) is not written


def test_interactive_map_cell_writes_the_map_its_link_points_to(mini, tmp_path, monkeypatch):
    from bildungsnetz.ingest.clean import clean_wave
    from bildungsnetz.report.context import load_context

    clean_wave(mini, "w1")
    ctx = load_context(mini, "w1")
    (mini / "notebooks").mkdir()
    monkeypatch.chdir(mini / "notebooks")
    reports = mini / "reports"
    write(reports / "w1" / build.STAMP_FILE, "alt\n")
    fragment = build.notebook_map(ctx, "../reports", size_by="degree", interactive=True)
    link = BeautifulSoup(str(fragment), "html.parser").find("a", string=True)
    assert link["href"] == "../reports/w1/netzwerkkarte.html"
    target = (Path.cwd() / link["href"]).resolve()
    assert target.is_file() and '"groesse":"degree"' in target.read_text(encoding="utf-8")
    assert not (reports / "w1" / build.STAMP_FILE).exists()  # the next run rebuilds
    write(reports / "w1" / build.STAMP_FILE, "alt\n")
    files = build.files_fragment("w1", "../reports", interactive=True, ctx=ctx)
    for a in BeautifulSoup(str(files), "html.parser").find_all("a"):
        assert a["href"].startswith("../reports/w1/")
        assert (Path.cwd() / a["href"]).resolve().stat().st_size > 0, a["href"]
    assert "noch nicht geschrieben" not in str(files)
    assert not (reports / "w1" / build.STAMP_FILE).exists()
    in_report = build.notebook_map(ctx, "../reports", interactive=False)
    assert BeautifulSoup(str(in_report), "html.parser").find("a")["href"] == "netzwerkkarte.html"


# ============================================================================================
# slow: run with -p, publish()


def _parameter_rows(html_file: Path) -> dict[str, str]:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    for table in soup.find_all("table"):
        caption = table.find("caption")
        if caption and "Parameter dieses Berichts" in caption.get_text():
            rows = [
                [td.get_text(strip=True) for td in tr.find_all("td")]
                for tr in table.tbody.find_all("tr")
            ]
            return {row[0]: row[1] for row in rows}
    raise AssertionError("no parameters table in the report")


@pytest.mark.slow
def test_run_with_parameters_shows_them_skips_and_rebuilds(mini, capsys, monkeypatch):
    # the code's part of the fingerprint is held still: other work on lib/ during the test
    # must not turn a skip into a rebuild
    monkeypatch.setattr(pipeline, "code_files", lambda: [])
    reports = mini / "reports"
    args = ["run", "w1", "--data", str(mini), "--reports", str(reports), "--timeout", "0"]
    assert main([*args, "-p", "rural_weight", "2,0", "-p", "top_n", "3"]) == 0
    rows = _parameter_rows(reports / "w1" / "bericht.html")
    assert rows["rural_weight"] == "2,0" and rows["top_n"] == "3" and rows["size_by"] == "pagerank"
    html = (reports / "w1" / "bericht.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    hrefs = {a["href"] for a in soup.select("ul.bericht-dateien a")}
    assert hrefs == set(build.REPORT_FILES)
    assert all((reports / "w1" / name).is_file() for name in hrefs)
    capsys.readouterr()
    assert main([*args, "-p", "top_n", "3", "-p", "rural_weight", "2.0"]) == 0
    assert "[w1] unverändert – übersprungen" in capsys.readouterr().out
    assert main(args) == 0  # back to the defaults: rebuilt
    assert "[w1] fertig" in capsys.readouterr().out
    assert _parameter_rows(reports / "w1" / "bericht.html")["rural_weight"] == "1,5"


@pytest.fixture(scope="module")
def demo2026(tmp_path_factory) -> Path:
    """The demo wave 2026, cleaned (it has suggestions with rural actors)."""
    from bildungsnetz.ingest.clean import clean_wave

    data = REPO / "data"
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(data / "raw" / "2026", root / "raw" / "2026")
    shutil.copytree(data / "external", root / "external")
    clean_wave(root, "2026")
    return root


@pytest.mark.slow
def test_rural_weight_reaches_the_published_suggestions(demo2026):
    """``-p rural_weight`` is used where the analysis scores suggestions: in the published
    potenziale.csv the score of a suggestion with a rural actor scales with the weight, the
    others keep theirs, and the ranking changes."""
    default = pipeline.analyse_step(demo2026, "2026")["potenziale"]
    heavier = pipeline.analyse_step(demo2026, "2026", rural_weight=3.0)["potenziale"]
    key = ["art", "id_a", "id_b"]
    both = default.merge(heavier, on=key, suffixes=("_15", "_30"))
    rural = both["laendlich_15"].astype(str).isin(["True", "true", "ja", "1"])
    assert rural.any() and (~rural).any()
    s15, s30 = both["score_15"].astype(float), both["score_30"].astype(float)
    assert ((s30[rural] / s15[rural]) - 2.0).abs().max() < 1e-4  # 3,0 / 1,5 (rounded scores)
    assert (s30[~rural] - s15[~rural]).abs().max() < 1e-9
    assert list(map(tuple, default[key].values)) != list(map(tuple, heavier[key].values))


@pytest.mark.slow
def test_publish_writes_what_run_writes(mini, monkeypatch):
    from bildungsnetz.ingest.clean import clean_wave

    clean_wave(mini, "w1")
    reports = mini / "reports"
    write(reports / "w1" / "alt.txt", "veraltet")  # a stale file vanishes
    write(reports / "w1" / build.STAMP_FILE, "alt\n")
    messages = []
    out = build.publish(
        "w1", mini, reports, progress=messages.append, rural_weight=2.0, size_by="degree"
    )
    assert out == reports.resolve() / "w1"
    for name in ("bericht.html", "bericht.ipynb", *build.REPORT_FILES):
        assert (out / name).is_file(), name
    assert (out / "akteure").is_dir() and (out / "landkreise" / "index.html").is_file()
    assert not (out / "alt.txt").exists()
    assert not (out / build.STAMP_FILE).exists()  # the next run rebuilds with its parameters
    rows = _parameter_rows(out / "bericht.html")
    assert rows["rural_weight"] == "2,0" and rows["size_by"] == "degree"
    executed = json.loads((out / "bericht.ipynb").read_text(encoding="utf-8"))
    injected = [
        "".join(c["source"])
        for c in executed["cells"]
        if "injected-parameters" in c.get("metadata", {}).get("tags", [])
    ]
    assert "publish_on_run = False" in injected[0] and "interactive = False" in injected[0]
    assert any("veröffentlicht" in m for m in messages)
    assert build.PUBLISHING_ENV not in os.environ

    before = sorted(p.name for p in out.iterdir())

    def fails(*args, **kwargs):
        out.mkdir(parents=True, exist_ok=True)  # the transaction moved the old folder aside
        (out / "bericht.html").write_text("HALB-GESCHRIEBEN", encoding="utf-8")
        raise BildungsnetzError("Test: abgebrochen")

    monkeypatch.setattr(build, "build_wave_report", fails)
    with pytest.raises(BildungsnetzError):
        build.publish("w1", mini, reports)
    assert sorted(p.name for p in out.iterdir()) == before  # the previous report stays
    assert "HALB-GESCHRIEBEN" not in (out / "bericht.html").read_text(encoding="utf-8")
    with pytest.raises(BildungsnetzError, match="rural_weight"):
        build.publish("w1", mini, reports, rural_weight=0)


def test_publish_does_not_recurse(mini, monkeypatch):
    monkeypatch.setenv(build.PUBLISHING_ENV, "1")
    monkeypatch.setattr(build, "build_wave_report", lambda *a, **k: pytest.fail("recursed"))
    with pytest.raises(BildungsnetzError, match="bereits"):
        build.publish("w1", mini, mini / "reports")
