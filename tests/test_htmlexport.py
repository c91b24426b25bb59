"""Unit tests for the report helpers, the notebook export, Excel and Gephi files."""

from __future__ import annotations

import base64
import json
import zipfile

import matplotlib

matplotlib.use("Agg")  # the tests draw with pyplot, as an analyst might

import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from bildungsnetz.errors import BildungsnetzError  # noqa: E402
from bildungsnetz.report.display import figure_html, table_html  # noqa: E402
from bildungsnetz.report.exports import write_graph_files, write_tables_xlsx  # noqa: E402
from bildungsnetz.report.htmlexport import notebook_to_html  # noqa: E402
from bildungsnetz.report.htmlsafe import (  # noqa: E402
    OKABE_ITO,
    PALETTE,
    external_resources,
    inline_scripts,
    json_for_script,
    script_hash,
)

GEFAEHRLICH = [
    "=1+1",
    "+49 355 123",
    "-5",
    "@SUMME(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    '=HYPERLINK("http://x","klick")',
    "\uff1d1+1",
]


# --------------------------------------------------------------------------------- Excel


def test_xlsx_neutralises_formula_text(tmp_path):
    df = pd.DataFrame(
        {
            "text": GEFAEHRLICH + ["IHK Cottbus"],
            "zahl": [-5, 1.5, 2, 3, 4, 5, 6, 7, 8, np.nan],
        }
    )
    header_df = pd.DataFrame({"=kopf": ["a"], "liste": [["x", "=y"]]})
    path = write_tables_xlsx(
        {"akteure": df, "kopf": header_df}, tmp_path / "t.xlsx", note="Synthetische Demodaten"
    )
    wb = load_workbook(path)  # data_only=False: formulas would load as 'f'
    assert wb.sheetnames == ["Hinweis", "akteure", "kopf"]
    ws = wb["akteure"]
    for row, original in enumerate(GEFAEHRLICH, start=2):
        cell = ws.cell(row=row, column=1)
        assert cell.data_type == "s", original
        # without lxml, openpyxl's XML round trip turns a CR into LF; otherwise unchanged
        assert cell.value in (original, original.replace("\r", "\n")), original
        assert cell.quotePrefix, original
    assert ws.cell(row=11, column=1).value == "IHK Cottbus"
    assert ws.cell(row=11, column=1).quotePrefix is False
    # numbers stay numbers, negative numbers are not text
    assert ws.cell(row=2, column=2).value == -5 and ws.cell(row=2, column=2).data_type == "n"
    assert ws.cell(row=11, column=2).value is None
    kopf = wb["kopf"]
    assert kopf.cell(row=1, column=1).value == "=kopf"
    assert kopf.cell(row=1, column=1).data_type == "s"
    assert kopf.cell(row=2, column=2).value == "x; =y"
    # and in the file itself there is no formula element at all
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8")


def test_xlsx_sheet_names_are_valid_and_unique(tmp_path):
    tables = {
        "a/b:c*?[x]": pd.DataFrame({"x": [1]}),
        "eine sehr lange Tabellenbezeichnung über 31 Zeichen": pd.DataFrame({"x": [1]}),
        "eine sehr lange Tabellenbezeichnung über 31 Zeichen!": pd.DataFrame({"x": [2]}),
    }
    wb = load_workbook(write_tables_xlsx(tables, tmp_path / "n.xlsx"))
    assert len(wb.sheetnames) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in wb.sheetnames)
    assert len({n.casefold() for n in wb.sheetnames}) == 3


# --------------------------------------------------------------------------------- tables, figures


def test_table_html_escapes_everything():
    df = pd.DataFrame(
        {
            "<b>spalte</b>": ["<script>alert(1)</script>", "a & b"],
            "wert": [0.00123456, 1234.5],
            "anzahl": [3, 4],
        }
    )
    out = table_html(df, caption="Tabelle <i>x</i> & y", max_rows=None)
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find("script") is None and soup.find("b") is None and soup.find("i") is None
    assert soup.find("caption").get_text() == "Tabelle <i>x</i> & y"
    cells = [td.get_text() for td in soup.find_all("td")]
    assert "<script>alert(1)</script>" in cells
    assert soup.find("th").get_text() == "<b>spalte</b>"
    # one precision per column (undeclared floats: ``digits`` decimals), counts as counts
    assert "0,001" in cells and "1.234,500" in cells and "3" in cells
    assert "zahl" in soup.find_all("td")[1]["class"]


def test_table_html_max_rows_note():
    df = pd.DataFrame({"x": range(40)})
    soup = BeautifulSoup(table_html(df, "Viele", max_rows=10), "html.parser")
    assert len(soup.find_all("tr")) == 11
    assert "ersten 10 von 40" in soup.find("p", class_="tabelle-hinweis").get_text()


def test_figure_html_embeds_png_with_escaped_alt_and_caption():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["A", "B"], [1, 2], color=PALETTE[:2])
    alt = 'Balken "A" < "B" & <img src=x onerror=alert(1)>'
    out = figure_html(fig, caption="Bild <script>alert(1)</script>", alt=alt)
    soup = BeautifulSoup(out, "html.parser")
    img = soup.find("img")
    assert img["alt"] == alt
    assert img["src"].startswith("data:image/png;base64,")
    assert base64.b64decode(img["src"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert soup.find("script") is None
    assert soup.find("figcaption").get_text() == "Bild <script>alert(1)</script>"
    assert len(soup.find_all("img")) == 1
    assert not plt.fignum_exists(fig.number)  # closed: not shown twice in Jupyter


def test_figure_requires_caption_and_alt():
    fig, _ = plt.subplots()
    with pytest.raises(ValueError):
        figure_html(fig, caption="x", alt=" ")
    with pytest.raises(ValueError):
        figure_html(fig, caption="", alt="y")
    plt.close(fig)


def test_palette_is_okabe_ito():
    assert len(PALETTE) == 8 and PALETTE[0] == "#0072B2"
    assert set(PALETTE) == set(OKABE_ITO.values())


# --------------------------------------------------------------------------------- JSON, scanning


def test_json_for_script_cannot_break_out():
    data = {
        "name": "</script><script>alert(1)</script><!--",
        "x": float("nan"),
        "z": "a\u2028b\u2029c & d",
        "n": np.int64(3),
    }
    text = json_for_script(data)
    assert "</" not in text and "<!--" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    back = json.loads(text)
    assert back == {"name": data["name"], "x": None, "z": data["z"], "n": 3}


def test_external_resources_are_found():
    page = """<html><head>
      <script src="https://cdn.example.org/vis.js"></script>
      <link rel="stylesheet" href="https://cdn.example.org/bootstrap.css">
      <style>@import url("https://fonts.example.org/x.css"); .a{background:url(http://x/y.png)}
             .b{background:url("data:image/png;base64,AAAA")}</style>
      </head><body>
      <a href="https://example.org/ok">Link im Text ist erlaubt</a>
      <img src="data:image/png;base64,AAAA" alt="ok">
      <img src="bild.png" alt="nicht eigenständig">
      <div style="background-image:url('https://x/z.png')"></div>
      <iframe srcdoc="&lt;script src=&quot;https://cdn/inner.js&quot;&gt;&lt;/script&gt;"></iframe>
      </body></html>"""
    found = external_resources(page)
    joined = " ".join(found)
    for url in (
        "https://cdn.example.org/vis.js",
        "https://cdn.example.org/bootstrap.css",
        "https://fonts.example.org/x.css",
        "http://x/y.png",
        "bild.png",
        "https://x/z.png",
        "https://cdn/inner.js",
    ):
        assert url in joined
    assert "example.org/ok" not in joined
    assert "data:" not in joined
    assert len(found) == 7


# --------------------------------------------------------------------------------- notebook export


def _notebook_with_outputs() -> nbformat.NotebookNode:
    """A notebook as papermill leaves it: code cells with outputs (no kernel needed here)."""
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1, 2], [2, 1], color=PALETTE[0])
    figure = figure_html(fig, caption="Entwicklung", alt="Linie fällt von 2 auf 1")
    tab = table_html(
        pd.DataFrame({"akteur": ["<img src=x onerror=window.__xss=1>"], "n": [1]}),
        caption="Akteure",
    )
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Bericht 2025"),
        code("geheimer_code = 42", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## Überblick\n\nText mit [Link](https://example.org)."),
        code(
            "hx.table(...)",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/html": tab, "text/plain": "<Tabelle>"}
                )
            ],
        ),
        code(
            "import warnings",
            outputs=[
                nbformat.v4.new_output(
                    "stream", name="stderr", text="FutureWarning: geheime Warnung\n"
                )
            ],
        ),
        nbformat.v4.new_markdown_cell("### Unterabschnitt"),
        code(
            "hx.figure(...)",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/html": figure, "text/plain": "<Abbildung>"}
                )
            ],
        ),
        nbformat.v4.new_markdown_cell("## Überblick"),  # duplicate heading text
        code(
            "entfernt()",
            metadata={"tags": ["remove_cell"]},
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="SOLLTE FEHLEN\n")],
        ),
    ]
    return nb


def test_notebook_to_html_report(tmp_path):
    source = tmp_path / "bericht.ipynb"
    nbformat.write(_notebook_with_outputs(), source)
    out = notebook_to_html(
        source, tmp_path / "bericht.html", "Bericht 2025 <Lausitz>", synthetic=True
    )
    page = out.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.html["lang"] == "de"
    assert soup.title.get_text() == "Bericht 2025 <Lausitz>"
    assert "Synthetische Demodaten" in soup.get_text()
    # no code, no prompts, no stderr, removed cells gone
    text = soup.get_text()
    for hidden in ("geheimer_code", "hx.table", "In [", "Out[", "geheime Warnung", "SOLLTE FEHLEN"):
        assert hidden not in text
    # table of contents from h2/h3 with working, unique anchors
    nav = soup.find("nav", class_="inhaltsverzeichnis")
    links = [a["href"] for a in nav.find_all("a")]
    assert [a.get_text() for a in nav.find_all("a")] == ["Überblick", "Unterabschnitt", "Überblick"]
    assert len(set(links)) == 3
    for href in links:
        assert soup.find(id=href[1:]) is not None
    # numbering, escaping
    assert "Abbildung 1:" in soup.find("figure").get_text()
    assert "Tabelle 1:" in soup.find("caption").get_text()
    assert soup.find("img", src=lambda s: s and s.startswith("data:image/png")) is not None
    assert "<img src=x" not in page
    # self-contained, no CDN/MathJax/require.js, CSP without unsafe-inline scripts
    assert external_resources(page) == []
    for word in ("require.js", "mathjax", "cdnjs", "jsdelivr", "unpkg"):
        assert word not in page.lower()
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "script-src 'none'" in csp
    # duplicate h1 with the notebook's own title is not repeated
    assert len(soup.find_all("h1")) == 2  # header + "Bericht 2025" (differs from title)


def test_notebook_with_external_script_is_refused(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output(
                    "display_data",
                    data={"text/html": '<script src="https://cdn.example.org/a.js"></script>'},
                )
            ],
        )
    ]
    source = tmp_path / "x.ipynb"
    nbformat.write(nb, source)
    with pytest.raises(BildungsnetzError, match="cdn.example.org"):
        notebook_to_html(source, tmp_path / "x.html", "X")
    assert not (tmp_path / "x.html").exists()


def test_report_csp_covers_embedded_map(tmp_path):
    import kleine_welle as kw
    from bildungsnetz.report import netmap

    t = kw.tabellen()
    frag = netmap.map_fragment(
        t["akteure"], t["netzwerke"], t["mitgliedschaften"], t["kennzahlen_akteure"], title="Karte"
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## Karte"),
        nbformat.v4.new_code_cell(
            "karte",
            outputs=[
                nbformat.v4.new_output(
                    "execute_result",
                    data={"text/html": str(frag), "text/plain": repr(frag)},
                    execution_count=1,
                )
            ],
        ),
    ]
    source = tmp_path / "k.ipynb"
    nbformat.write(nb, source)
    page = notebook_to_html(source, tmp_path / "k.html", "K").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    codes = inline_scripts(page)
    assert len(codes) == 2
    for code in codes:
        assert script_hash(code) in csp
    assert external_resources(page) == []


# --------------------------------------------------------------------------------- Gephi


def test_write_graph_files_sanitises(tmp_path):
    g = nx.Graph(name="Welle 2025", geheim="x")
    g.add_node(
        "A1",
        anzeigename="IHK Cottbus",
        akteur="IHK Cottbus",
        veroeffentlichen="ja",
        email="info@example.org",
        ansprechperson="Frau Muster",
        telefon="0355 1",
        pagerank=np.float64(0.2),
        anzahl_netzwerke=np.int64(3),
        themen=["a", "b"],
        leer=None,
        bipartite=0,
    )
    g.add_node(
        "A2",
        anzeigename="Unternehmen 1",
        akteur="Geheime GmbH",
        veroeffentlichen="nein",
        pagerank=float("nan"),
        bipartite=0,
    )
    g.add_node("N1", netzwerk="AG <Berufsorientierung>", bipartite=1, typ=5)
    g.add_node("N2", netzwerk="Netz", bipartite=1, typ="Arbeitskreis")
    g.add_edge("A1", "N1", rolle="Leitung", gewicht=np.int64(2))
    g.add_edge("A2", "N1", rolle="Mitglied", gewicht=1)
    graphml, gexf = write_graph_files(g, tmp_path / "n.graphml", tmp_path / "n.gexf")
    for path in (graphml, gexf):
        text = path.read_text(encoding="utf-8")
        for secret in ("info@example.org", "Frau Muster", "0355 1", "Geheime GmbH", "geheim"):
            assert secret not in text
    back = nx.read_graphml(graphml)
    assert back.nodes["A1"]["label"] == "IHK Cottbus"
    assert back.nodes["A2"]["label"] == "Unternehmen 1"
    assert back.nodes["N1"]["label"] == "AG <Berufsorientierung>"
    assert back.nodes["A1"]["themen"] == "a; b"
    assert back.nodes["A1"]["pagerank"] == pytest.approx(0.2)
    assert "pagerank" not in back.nodes["A2"]
    assert {back.nodes["N1"]["typ"], back.nodes["N2"]["typ"]} == {"5", "Arbeitskreis"}
    assert back.edges["A1", "N1"]["rolle"] == "Leitung"
    gx = nx.read_gexf(gexf)
    assert gx.number_of_nodes() == 4 and gx.number_of_edges() == 2
