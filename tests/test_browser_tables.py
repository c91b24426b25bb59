"""Readable tables in the browser: the demo wave 2026 and two tiny waves, opened in headless
Chromium as a reader opens them.

* On a 1366 × 768 laptop screen no table and no figure is wider than the screen or needs
  sideways scrolling; the page itself does not scroll sideways.
* Every table has at most six columns; the gatekeeper list shows the measure it is ranked by
  as its first number column.
* Printed to A4 (``page.pdf``, print styles), every column header of every table is in the
  PDF's text (read with pypdf), and no table is wider than the printable width.

The reports are built once per module with ``bildungsnetz run`` into a temporary folder: the
three demo waves (the demo data shipped in ``data/``) and the tiny waves ``pflicht`` (names and
memberships only) and ``zwei`` (two actors) of ``test_partial_waves``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from test_browser import OfflinePage, browser  # noqa: F401 - browser: fixture
from test_partial_waves import WAVES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
SCREEN = (1366, 768)
#: A4 minus the report's print margins (14 mm left and right), in CSS pixels (96 per inch).
A4_PRINT_WIDTH = round((210 - 2 * 14) / 25.4 * 96)
DEMO, TINY = "2026", ("pflicht", "zwei")


def _run(data: Path, reports: Path, *waves: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bildungsnetz.cli", "run", "--data", str(data)]
        + ["--reports", str(reports), *waves],
        capture_output=True,
        text=True,
        cwd=data.parent,
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory, demo_reports) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("tabellen")
    tiny = root / "klein" / "data"
    for wave in TINY:
        for name, text in WAVES[wave].items():
            (tiny / "raw" / wave).mkdir(parents=True, exist_ok=True)
            (tiny / "raw" / wave / name).write_text(text, encoding="utf-8")
    proc = _run(tiny, root / "klein" / "reports", *TINY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = {DEMO: demo_reports / DEMO / "bericht.html"}
    pages.update({w: root / "klein" / "reports" / w / "bericht.html" for w in TINY})
    return pages


#: Widths of the page, every table (its frame and itself) and every figure image.
MEASURE = """() => {
  const doc = document.documentElement;
  const tables = Array.from(document.querySelectorAll('table.tabelle')).map(t => {
    const frame = t.closest('.tabelle-rahmen') || t.parentElement;
    const r = t.getBoundingClientRect();
    return {caption: t.caption ? t.caption.textContent : '', right: r.right, width: r.width,
            frameScroll: frame.scrollWidth, frameClient: frame.clientWidth,
            columns: t.querySelectorAll('thead tr:last-child th').length,
            headers: Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim()),
            numberHeaders: Array.from(t.querySelectorAll('thead th.zahl'))
              .map(th => th.textContent.trim())};
  });
  const figures = Array.from(document.querySelectorAll('figure')).map(f => {
    const r = f.getBoundingClientRect();
    return {caption: (f.querySelector('figcaption') || {}).textContent || '', right: r.right,
            scroll: f.scrollWidth, client: f.clientWidth};
  });
  return {viewport: doc.clientWidth, scroll: doc.scrollWidth, tables, figures};
}"""


def _layout(browser, path: Path, viewport, media: str = "screen") -> dict:  # noqa: F811
    offline = OfflinePage(browser, path, viewport=viewport)
    try:
        offline.page.emulate_media(media=media)
        result = offline.page.evaluate(MEASURE)
        offline.assert_clean()
        return result
    finally:
        offline.close()


@pytest.mark.parametrize("wave", [DEMO, *TINY])
def test_nothing_is_wider_than_a_laptop_screen(browser, reports, wave):  # noqa: F811
    layout = _layout(browser, reports[wave], SCREEN)
    width = layout["viewport"]
    assert width == SCREEN[0]
    assert layout["scroll"] <= width, "die Seite scrollt seitwärts"
    if wave == DEMO:
        assert len(layout["tables"]) >= 20 and len(layout["figures"]) >= 8
    for table in layout["tables"]:
        assert table["right"] <= width, table["caption"]
        assert table["frameScroll"] <= table["frameClient"] + 1, (
            f"{table['caption']}: {table['frameScroll']} px Inhalt in "
            f"{table['frameClient']} px – seitwärts scrollen nötig"
        )
    for figure in layout["figures"]:
        assert figure["right"] <= width, figure["caption"]
        assert figure["scroll"] <= figure["client"] + 1, figure["caption"]


@pytest.mark.parametrize("wave", [DEMO, *TINY])
def test_tables_have_at_most_six_columns(browser, reports, wave):  # noqa: F811
    layout = _layout(browser, reports[wave], SCREEN)
    assert layout["tables"]
    for table in layout["tables"]:
        assert table["columns"] <= 6, (table["caption"], table["headers"])


def test_gatekeepers_show_what_they_are_ranked_by_first(browser, reports):  # noqa: F811
    layout = _layout(browser, reports[DEMO], SCREEN)
    [gatekeepers] = [t for t in layout["tables"] if "Gatekeeper" in t["caption"]]
    assert gatekeepers["headers"][0] == "Akteur"
    assert gatekeepers["numberHeaders"][0].startswith("Betweenness")
    for caption, measure in (
        ("mit dem höchsten PageRank", "PageRank"),
        ("(Closeness)", "Closeness"),
    ):
        [table] = [t for t in layout["tables"] if caption in t["caption"]]
        assert table["numberHeaders"][0].startswith(measure), table


@pytest.mark.parametrize("wave", [DEMO, *TINY])
def test_tables_fit_the_printed_page(browser, reports, wave):  # noqa: F811
    layout = _layout(browser, reports[wave], (A4_PRINT_WIDTH, 1100), media="print")
    for table in layout["tables"]:
        assert table["width"] <= A4_PRINT_WIDTH + 1, (table["caption"], table["width"])
        assert table["frameScroll"] <= table["frameClient"] + 1, table["caption"]


def _normalise(text: str) -> str:
    """Text as compared with the PDF: ligatures undone (NFKC), without spaces, line breaks,
    soft hyphens and hyphens (a header may be broken over two lines)."""
    return re.sub(r"[\s\u00ad\u2010\u2011-]+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("wave", [DEMO, *TINY])
def test_every_column_header_is_in_the_printed_pdf(browser, reports, wave, tmp_path):  # noqa: F811
    from pypdf import PdfReader

    offline = OfflinePage(browser, reports[wave], viewport=SCREEN)
    try:
        headers = offline.page.evaluate(
            """() => Array.from(document.querySelectorAll('table.tabelle')).map(t =>
                 [t.caption ? t.caption.textContent : '',
                  Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim())
                    .filter(h => h)])"""
        )
        pdf = tmp_path / "bericht.pdf"
        offline.page.pdf(path=str(pdf), format="A4", print_background=True)
        offline.assert_clean()
    finally:
        offline.close()
    assert headers
    text = _normalise("\n".join(page.extract_text() for page in PdfReader(pdf).pages))
    missing = [
        (caption, header)
        for caption, row in headers
        for header in row
        if _normalise(header) not in text
    ]
    assert missing == []
    if wave == DEMO:
        assert _normalise("Betweenness (2-modal)") in text
